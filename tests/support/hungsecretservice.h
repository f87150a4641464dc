#pragma once

#include <QProcess>
#include <QString>

namespace bioepic::test {

/**
 * @brief A session bus of its own (a private dbus-daemon). With a silent Secret Service,
 * org.freedesktop.secrets belongs to this test process, which takes every call and never
 * answers: a Secret Service that hangs (a pending unlock prompt nobody sees, a provider stuck in
 * a dialog). Without, nobody serves it. Point a program's DBUS_SESSION_BUS_ADDRESS at address(),
 * or connect to it in-process with QDBusConnection::connectToBus().
 */
class HungSecretService
{
public:
    enum class Service { Silent, None };

    explicit HungSecretService(Service service = Service::Silent);
    ~HungSecretService();
    HungSecretService(const HungSecretService &) = delete;
    HungSecretService &operator=(const HungSecretService &) = delete;

    /** @brief Empty when the bus could not be started or the name not taken. */
    [[nodiscard]] QString address() const { return m_address; }

private:
    QProcess m_daemon;
    QString m_address;
};

} // namespace bioepic::test
