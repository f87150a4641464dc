#include "collectionlockwatch.h"

#include "secretservicebus.h"

#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QTimer>

namespace bioepic {

namespace {

const QString kCollectionInterface = QStringLiteral("org.freedesktop.Secret.Collection");
const QString kPropertiesInterface = QStringLiteral("org.freedesktop.DBus.Properties");

/** One watch: a child of the caller's context, so it ends with it (and its bus connections too). */
class LockWatch final : public QObject
{
    Q_OBJECT

public:
    LockWatch(const QDBusConnection &bus, std::chrono::milliseconds timeout, QObject *context,
              std::function<void(CollectionLock)> changed)
        : QObject(context)
        , m_bus(bus)
        , m_timeoutMs(int(timeout.count()))
        , m_changed(std::move(changed))
    {
    }

    void start()
    {
        if (!m_bus.isConnected()) {
            QTimer::singleShot(0, this, [this] { giveUp(); });
            return;
        }
        QDBusMessage call = QDBusMessage::createMethodCall(secretServiceName(), secretServicePath(),
                                                           secretServiceInterface(), QStringLiteral("ReadAlias"));
        call << QStringLiteral("default");
        call.setAutoStartService(false);
        auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, m_timeoutMs), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *answer) {
            answer->deleteLater();
            const QDBusPendingReply<QDBusObjectPath> reply = *answer;
            const QString path = reply.isError() ? QString() : reply.value().path();
            if (path.isEmpty() || path == u"/") {
                giveUp();
                return;
            }
            m_collection = path;
            // Both announce a lock or an unlock; a provider may send only one of them.
            m_bus.connect(secretServiceName(), secretServicePath(), secretServiceInterface(),
                          QStringLiteral("CollectionChanged"), this, SLOT(onCollectionChanged(QDBusObjectPath)));
            m_bus.connect(secretServiceName(), m_collection, kPropertiesInterface, QStringLiteral("PropertiesChanged"),
                          this, SLOT(onPropertiesChanged()));
            askLocked();
        });
    }

private Q_SLOTS:
    void onCollectionChanged(const QDBusObjectPath &collection)
    {
        if (collection.path() == m_collection)
            askLocked();
    }
    void onPropertiesChanged() { askLocked(); }

private:
    void askLocked()
    {
        QDBusMessage call = QDBusMessage::createMethodCall(secretServiceName(), m_collection, kPropertiesInterface,
                                                           QStringLiteral("Get"));
        call << kCollectionInterface << QStringLiteral("Locked");
        call.setAutoStartService(false);
        auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, m_timeoutMs), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *answer) {
            answer->deleteLater();
            const QDBusPendingReply<QDBusVariant> reply = *answer;
            const QVariant locked = reply.isError() ? QVariant() : reply.value().variant();
            report(locked.typeId() != QMetaType::Bool ? CollectionLock::Unknown
                           : locked.toBool()          ? CollectionLock::Locked
                                                      : CollectionLock::Unlocked);
        });
    }

    void report(CollectionLock state)
    {
        if (m_reported && state == m_last)
            return;
        m_reported = true;
        m_last = state;
        m_changed(state);
    }

    /** Nothing to follow: said once, then the watch ends. */
    void giveUp()
    {
        report(CollectionLock::Unknown);
        deleteLater();
    }

    QDBusConnection m_bus;
    int m_timeoutMs;
    std::function<void(CollectionLock)> m_changed;
    QString m_collection;
    bool m_reported = false;
    CollectionLock m_last = CollectionLock::Unknown;
};

} // namespace

void watchDefaultCollectionLock(const QDBusConnection &bus, std::chrono::milliseconds timeout, QObject *context,
                                std::function<void(CollectionLock)> changed)
{
    (new LockWatch(bus, timeout, context, std::move(changed)))->start();
}

} // namespace bioepic

#include "collectionlockwatch.moc"
