#include "hungsecretservice.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVirtualObject>

namespace bioepic::test {

namespace {

const QString kConnectionName = QStringLiteral("bioepic-hung-secret-service");

/** Takes every call to every path and never replies: the caller waits for its own timeout. */
class SilentObject final : public QDBusVirtualObject
{
public:
    QString introspect(const QString &) const override { return {}; }
    bool handleMessage(const QDBusMessage &, const QDBusConnection &) override { return true; }
};

} // namespace

HungSecretService::HungSecretService(Service service)
{
    m_daemon.start(QStringLiteral("dbus-daemon"),
                   {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--print-address=1")});
    if (!m_daemon.waitForStarted(5000) || !m_daemon.waitForReadyRead(5000))
        return;
    const QString address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    if (service == Service::None) {
        m_address = address;
        return;
    }
    QDBusConnection bus = QDBusConnection::connectToBus(address, kConnectionName);
    static SilentObject silent;
    if (!bus.isConnected() || !bus.registerVirtualObject(QStringLiteral("/"), &silent, QDBusConnection::SubPath)
        || !bus.registerService(QStringLiteral("org.freedesktop.secrets")))
        return;
    m_address = address;
}

HungSecretService::~HungSecretService()
{
    QDBusConnection::disconnectFromBus(kConnectionName);
    m_daemon.kill();
    m_daemon.waitForFinished(5000);
}

} // namespace bioepic::test
