#include "secretserviceattributes.h"

#include "secretservicebus.h"

#include "common/deadline.h"

#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

namespace bioepic {

namespace {

// The module holds no code of bioepic_core: a category of its own, under the same name.
Q_LOGGING_CATEGORY(lcKeychain, "bioepic.keychain", QtWarningMsg)

/** One request's progress: it answers once, whichever of its replies or its timer comes last. */
struct Pending
{
    QPointer<QObject> context;
    std::function<void(bool)> done;
    bool reported = false;
    int itemsLeft = 0;
    bool allSet = true;
    QPointer<QTimer> deadline;

    void finish(bool ok)
    {
        if (std::exchange(reported, true))
            return;
        // Answered: the deadline goes now, not when it would have fired, and with it what it holds.
        endDeadline(deadline);
        const auto report = std::exchange(done, nullptr);
        if (context)
            report(ok);
    }
};

void setAttributes(const std::shared_ptr<Pending> &pending, QDBusConnection bus, const QList<QDBusObjectPath> &items,
                   const SecretAttributes &attributes, int timeoutMs)
{
    pending->itemsLeft = int(items.size());
    for (const QDBusObjectPath &item : items) {
        QDBusMessage set = QDBusMessage::createMethodCall(secretServiceName(), item.path(),
                                                          QStringLiteral("org.freedesktop.DBus.Properties"),
                                                          QStringLiteral("Set"));
        set << QStringLiteral("org.freedesktop.Secret.Item") << QStringLiteral("Attributes")
            << QVariant::fromValue(QDBusVariant(QVariant::fromValue(attributes)));
        auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(set, timeoutMs), pending->context);
        QObject::connect(watcher, &QDBusPendingCallWatcher::finished, pending->context,
                         [pending, path = item.path()](QDBusPendingCallWatcher *call) {
                             call->deleteLater();
                             if (call->isError()) {
                                 pending->allSet = false;
                                 qCWarning(lcKeychain)
                                         << "could not set the attributes of" << path << ":" << call->error().name();
                             }
                             if (--pending->itemsLeft == 0)
                                 pending->finish(pending->allSet);
                         });
    }
}

} // namespace

void addSecretServiceAttributes(const QString &server, const QString &user, bool binary, const SecretAttributes &extra,
                                std::chrono::milliseconds timeout, QObject *context, std::function<void(bool)> done)
{
    static const QMetaType registered = qDBusRegisterMetaType<SecretAttributes>();
    Q_UNUSED(registered);

    auto pending = std::make_shared<Pending>();
    pending->context = context;
    pending->done = std::move(done);
    QDBusConnection bus = secretServiceBus();
    if (!bus.isConnected()) {
        QTimer::singleShot(0, context, [pending] { pending->finish(false); });
        return;
    }
    pending->deadline = startDeadline(context, timeout, [pending] {
        qCWarning(lcKeychain) << "the Secret Service did not take the entry's attributes in time";
        pending->finish(false);
    });

    // What QtKeychain stores, so the item is found again...
    const SecretAttributes stored = qtKeychainItemAttributes(server, user);
    // ...and, setting the property replaces them all, what it keeps plus ours.
    SecretAttributes all = extra;
    all.insert(stored);
    all.insert(QStringLiteral("type"), binary ? QStringLiteral("base64") : QStringLiteral("plaintext"));

    // The entry was just stored, so a Secret Service that QtKeychain used is running. If QtKeychain
    // used another backend (KWallet's own service), the search starts none.
    const QDBusMessage search = secretServiceSearch(stored);
    const int timeoutMs = int(timeout.count());
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(search, timeoutMs), context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                     [pending, bus, all, timeoutMs](QDBusPendingCallWatcher *call) {
                         call->deleteLater();
                         const QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> reply = *call;
                         if (reply.isError() || reply.argumentAt<0>().isEmpty()) {
                             // No Secret Service (QtKeychain used another backend), or the item is locked.
                             qCDebug(lcKeychain) << "no unlocked item to give attributes:" << reply.error().name();
                             pending->finish(false);
                             return;
                         }
                         setAttributes(pending, bus, reply.argumentAt<0>(), all, timeoutMs);
                     });
}

} // namespace bioepic
