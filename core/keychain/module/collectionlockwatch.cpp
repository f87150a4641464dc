#include "collectionlockwatch.h"

#include "secretservicebus.h"

#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDBusVariant>
#include <QTimer>

namespace bioepic {

namespace {

const QString kCollectionInterface = QStringLiteral("org.freedesktop.Secret.Collection");
const QString kPropertiesInterface = QStringLiteral("org.freedesktop.DBus.Properties");
/** How often the lock state is asked without a signal: one call on the session bus each time. */
constexpr int kPollMs = 30'000;

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
            QTimer::singleShot(0, this, [this] {
                report(CollectionLock::Unknown);
                deleteLater(); // no bus: nothing to follow, ever
            });
            return;
        }
        // A Secret Service started later (KeePassXC opened after the window), or again, is asked
        // anew, and its signals are subscribed to anew: a subscription made while another process
        // owned the name heard nothing of a KeePassXC started again.
        auto *owner
                = new QDBusServiceWatcher(secretServiceName(), m_bus, QDBusServiceWatcher::WatchForOwnerChange, this);
        connect(owner, &QDBusServiceWatcher::serviceOwnerChanged, this,
                [this](const QString &, const QString &oldOwner, const QString &newOwner) {
                    subscribe(false);
                    if (newOwner.isEmpty()) {
                        if (oldOwner.isEmpty())
                            report(CollectionLock::Unknown);
                        else
                            reportGone();
                        return;
                    }
                    subscribe(true);
                    findDefaultCollection();
                });
        subscribe(true);
        findDefaultCollection();
        // And now and then without being told: a D-Bus connection that saw the provider restart
        // before the watch began keeps mapping its name to the old owner, and hears none of the
        // new one's signals (seen with KeePassXC). Then the window is at most this late.
        auto *poll = new QTimer(this);
        poll->setInterval(kPollMs);
        connect(poll, &QTimer::timeout, this, [this] {
            if (m_collection.isEmpty())
                findDefaultCollection();
            else
                askLocked();
        });
        poll->start();
    }

private Q_SLOTS:
    void onCollectionEvent(const QDBusObjectPath &collection)
    {
        // A collection made or removed may be the default one now.
        if (collection.path() == m_collection)
            askLocked();
        else
            findDefaultCollection();
    }
    void onPropertiesChanged() { askLocked(); }

private:
    /** The service's collection signals, and the default collection's PropertiesChanged. */
    void subscribe(bool on)
    {
        for (const char *signal : {"CollectionChanged", "CollectionCreated", "CollectionDeleted"}) {
            if (on)
                m_bus.connect(secretServiceName(), secretServicePath(), secretServiceInterface(),
                              QString::fromLatin1(signal), this, SLOT(onCollectionEvent(QDBusObjectPath)));
            else
                m_bus.disconnect(secretServiceName(), secretServicePath(), secretServiceInterface(),
                                 QString::fromLatin1(signal), this, SLOT(onCollectionEvent(QDBusObjectPath)));
        }
        if (!on)
            setCollection({}); // found again with the new owner
    }

    void setCollection(const QString &path)
    {
        if (path == m_collection)
            return;
        if (!m_collection.isEmpty())
            m_bus.disconnect(secretServiceName(), m_collection, kPropertiesInterface,
                             QStringLiteral("PropertiesChanged"), this, SLOT(onPropertiesChanged()));
        m_collection = path;
        if (!m_collection.isEmpty())
            m_bus.connect(secretServiceName(), m_collection, kPropertiesInterface, QStringLiteral("PropertiesChanged"),
                          this, SLOT(onPropertiesChanged()));
    }

    void findDefaultCollection()
    {
        QDBusMessage call = QDBusMessage::createMethodCall(secretServiceName(), secretServicePath(),
                                                           secretServiceInterface(), QStringLiteral("ReadAlias"));
        call << QStringLiteral("default");
        call.setAutoStartService(false);
        auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, m_timeoutMs), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *answer) {
            answer->deleteLater();
            const QDBusPendingReply<QDBusObjectPath> reply = *answer;
            QString path = reply.isError() ? QString() : reply.value().path();
            if (path == u"/")
                path.clear(); // no default collection (yet)
            setCollection(path);
            if (m_collection.isEmpty())
                report(CollectionLock::Unknown);
            else
                askLocked();
        });
    }

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

    /**
     * The Secret Service left the bus. Gone, unless the bus starts it again when it is next asked
     * for (a D-Bus activatable GNOME Keyring): then the next job brings it back, and "not
     * reachable" would be wrong.
     */
    void reportGone()
    {
        QDBusMessage call = QDBusMessage::createMethodCall(
                QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                QStringLiteral("org.freedesktop.DBus"), QStringLiteral("ListActivatableNames"));
        auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, m_timeoutMs), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *answer) {
            answer->deleteLater();
            const QDBusPendingReply<QStringList> reply = *answer;
            const bool activatable = !reply.isError() && reply.value().contains(secretServiceName());
            // Unless it is back already (the bus started it meanwhile).
            if (m_collection.isEmpty())
                report(activatable ? CollectionLock::Unknown : CollectionLock::Gone);
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

    QDBusConnection m_bus;
    int m_timeoutMs;
    std::function<void(CollectionLock)> m_changed;
    QString m_collection; ///< the default collection's object path, empty while there is none
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
