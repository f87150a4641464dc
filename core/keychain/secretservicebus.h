#pragma once

#include <QDBusConnection>
#include <QFile>

namespace bioepic {

/**
 * @brief The session bus, where the Secret Service lives, or a disconnected connection when
 * there is none to reach. Without an address or the standard socket, connecting could autolaunch
 * a bus (dbus-launch with a display): nothing there to ask.
 */
inline QDBusConnection secretServiceBus()
{
    const bool reachable = qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
            || QFile::exists(qEnvironmentVariable("XDG_RUNTIME_DIR") + QStringLiteral("/bus"));
    return reachable ? QDBusConnection::sessionBus() : QDBusConnection(QString());
}

} // namespace bioepic
