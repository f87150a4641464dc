#pragma once

#include "secretserviceattributes.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
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

/** @brief The Secret Service's name on the session bus. */
inline QString secretServiceName()
{
    return QStringLiteral("org.freedesktop.secrets");
}

/** @brief The Secret Service's own object, and its interface there. */
inline QString secretServicePath()
{
    return QStringLiteral("/org/freedesktop/secrets");
}
inline QString secretServiceInterface()
{
    return QStringLiteral("org.freedesktop.Secret.Service");
}

/**
 * @brief How the item QtKeychain stored as (@p server, @p user) is found: libsecret's schema
 * org.qt.keychain (libsecret adds `xdg:schema` to every item it stores) and QtKeychain's two
 * attributes. QtKeychain sets a third, `type` (plaintext or base64).
 */
inline SecretAttributes qtKeychainItemAttributes(const QString &server, const QString &user)
{
    return {{QStringLiteral("xdg:schema"), QStringLiteral("org.qt.keychain")},
            {QStringLiteral("server"), server},
            {QStringLiteral("user"), user}};
}

/**
 * @brief A SearchItems call for the items that carry @p attributes. It starts no Secret Service
 * by D-Bus activation: one that is not running is QtKeychain's to start, or to explain.
 */
inline QDBusMessage secretServiceSearch(const SecretAttributes &attributes)
{
    static const QMetaType registered = qDBusRegisterMetaType<SecretAttributes>();
    Q_UNUSED(registered);
    QDBusMessage call = QDBusMessage::createMethodCall(secretServiceName(), secretServicePath(),
                                                       secretServiceInterface(), QStringLiteral("SearchItems"));
    call << QVariant::fromValue(attributes);
    call.setAutoStartService(false);
    return call;
}

} // namespace bioepic
