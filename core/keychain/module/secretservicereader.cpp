#include "secretservicereader.h"

#include "secretservicebus.h"

#include "common/deadline.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QHash>
#include <QPointer>
#include <QTimer>

namespace bioepic {

namespace {

/** A plain session lives as long as its bus connection: one per connection (by name) is enough. */
QString &plainSession(const QDBusConnection &bus)
{
    static QHash<QString, QString> paths;
    return paths[bus.name()];
}

/** Items one search found: (unlocked, locked). */
struct Found
{
    bool answered = false;
    QList<QDBusObjectPath> unlocked;
    QList<QDBusObjectPath> locked;
};

/** One read's progress: it answers once, whichever of its replies or its timer comes last. */
struct DirectRead
{
    QPointer<QObject> context;
    std::function<void(DirectReadOutcome, const QByteArray &)> done;
    QDBusConnection bus{QString()};
    int timeoutMs = 0;
    bool reported = false;
    bool unusable = false; ///< a call failed: only QtKeychain can settle it
    QString session; ///< the plain session GetSecret encodes the value for
    Found text;
    Found binary;
    QPointer<QTimer> deadline;

    void finish(DirectReadOutcome outcome, const QByteArray &value = {})
    {
        if (std::exchange(reported, true))
            return;
        // Answered: the deadline goes now, not when it would have fired, and with it what it holds.
        endDeadline(deadline);
        const auto report = std::exchange(done, nullptr);
        if (context)
            report(outcome, value);
    }
};

using Read = std::shared_ptr<DirectRead>;

QDBusMessage search(const QString &server, const QString &user, const QString &type)
{
    SecretAttributes attributes = qtKeychainItemAttributes(server, user);
    attributes.insert(QStringLiteral("type"), type);
    return secretServiceSearch(attributes);
}

void getSecret(const Read &read, const QDBusObjectPath &item, bool base64)
{
    QDBusMessage call = QDBusMessage::createMethodCall(secretServiceName(), item.path(),
                                                       QStringLiteral("org.freedesktop.Secret.Item"),
                                                       QStringLiteral("GetSecret"));
    call << QVariant::fromValue(QDBusObjectPath(read->session));
    auto *watcher = new QDBusPendingCallWatcher(read->bus.asyncCall(call, read->timeoutMs), read->context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, read->context,
                     [read, base64](QDBusPendingCallWatcher *answer) {
                         answer->deleteLater();
                         const QDBusMessage reply = answer->reply();
                         // (session, parameters, value, content type): anything else is not a secret.
                         if (reply.type() != QDBusMessage::ReplyMessage
                             || reply.signature() != QLatin1String("(oayays)")) {
                             if (answer->error().type() == QDBusError::NoReply)
                                 read->finish(DirectReadOutcome::Timeout);
                             // A stale session (the provider restarted) is opened again next time.
                             if (plainSession(read->bus) == read->session)
                                 plainSession(read->bus).clear();
                             read->finish(DirectReadOutcome::Unavailable);
                             return;
                         }
                         const QDBusArgument secret = reply.arguments().constFirst().value<QDBusArgument>();
                         QDBusObjectPath session;
                         QByteArray parameters;
                         QByteArray value;
                         QString contentType;
                         secret.beginStructure();
                         secret >> session >> parameters >> value >> contentType;
                         secret.endStructure();
                         read->finish(DirectReadOutcome::Found, base64 ? QByteArray::fromBase64(value) : value);
                     });
}

/** Once both searches and the session are in: the entry QtKeychain would read, text first. */
void settle(const Read &read)
{
    if (read->reported || !read->text.answered || !read->binary.answered || read->session.isEmpty()) {
        if (read->unusable)
            read->finish(DirectReadOutcome::Unavailable);
        return;
    }
    // Locked, or more than one: QtKeychain unlocks with a prompt, and picks the one it picks.
    for (const Found *found : {&read->text, &read->binary}) {
        if (found->unlocked.isEmpty() && !found->locked.isEmpty()) {
            read->finish(DirectReadOutcome::Locked);
            return;
        }
        if (!found->locked.isEmpty() || found->unlocked.size() > 1) {
            read->finish(DirectReadOutcome::Unavailable);
            return;
        }
        if (found->unlocked.size() == 1) {
            getSecret(read, found->unlocked.constFirst(), found == &read->binary);
            return;
        }
    }
    read->finish(DirectReadOutcome::NotFound);
}

void startSearch(const Read &read, QDBusMessage call, Found *into)
{
    auto *watcher = new QDBusPendingCallWatcher(read->bus.asyncCall(call, read->timeoutMs), read->context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, read->context,
                     [read, into](QDBusPendingCallWatcher *answer) {
                         answer->deleteLater();
                         const QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> reply = *answer;
                         if (reply.isError()) {
                             if (reply.error().type() == QDBusError::NoReply)
                                 read->finish(DirectReadOutcome::Timeout);
                             read->unusable = true;
                         } else {
                             into->answered = true;
                             into->unlocked = reply.argumentAt<0>();
                             into->locked = reply.argumentAt<1>();
                         }
                         settle(read);
                     });
}

void openSession(const Read &read)
{
    QDBusMessage call = QDBusMessage::createMethodCall(secretServiceName(), secretServicePath(),
                                                       secretServiceInterface(), QStringLiteral("OpenSession"));
    call << QStringLiteral("plain") << QVariant::fromValue(QDBusVariant(QString()));
    call.setAutoStartService(false);
    auto *watcher = new QDBusPendingCallWatcher(read->bus.asyncCall(call, read->timeoutMs), read->context);
    QObject::connect(
            watcher, &QDBusPendingCallWatcher::finished, read->context, [read](QDBusPendingCallWatcher *answer) {
                answer->deleteLater();
                const QDBusPendingReply<QDBusVariant, QDBusObjectPath> reply = *answer;
                if (reply.isError() || reply.argumentAt<1>().path().isEmpty() || reply.argumentAt<1>().path() == u"/") {
                    if (reply.isError() && reply.error().type() == QDBusError::NoReply)
                        read->finish(DirectReadOutcome::Timeout);
                    read->unusable = true; // no plain sessions here
                } else {
                    read->session = reply.argumentAt<1>().path();
                    plainSession(read->bus) = read->session;
                }
                settle(read);
            });
}

} // namespace

void readSecretServiceEntry(const QDBusConnection &bus, const QString &server, const QString &user,
                            std::chrono::milliseconds timeout, QObject *context,
                            std::function<void(DirectReadOutcome, const QByteArray &)> done)
{
    auto read = std::make_shared<DirectRead>();
    read->context = context;
    read->done = std::move(done);
    read->bus = bus;
    read->timeoutMs = int(timeout.count());
    if (!read->bus.isConnected()) {
        QTimer::singleShot(0, context, [read] { read->finish(DirectReadOutcome::Unavailable); });
        return;
    }
    read->deadline = startDeadline(context, timeout, [read] { read->finish(DirectReadOutcome::Timeout); });
    // All three at once: one round trip to the Secret Service, then GetSecret.
    startSearch(read, search(server, user, QStringLiteral("plaintext")), &read->text);
    startSearch(read, search(server, user, QStringLiteral("base64")), &read->binary);
    read->session = plainSession(read->bus);
    if (read->session.isEmpty())
        openSession(read);
}

} // namespace bioepic
