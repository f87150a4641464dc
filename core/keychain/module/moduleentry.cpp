// The entry point of libbioepic-keychain.so: the table of keychain/keychainmodule.h, over
// QtKeychain and the session bus.
#include "collectionlockwatch.h"
#include "keychain/keychainmodule.h"
#include "libsecretworkarounds.h"
#include "secretserviceattributes.h"
#include "secretservicebus.h"
#include "secretservicereader.h"

#include <QDBusConnectionInterface>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace bioepic {

namespace {

void startJob(KeychainModule::JobKind kind, const QString &service, const QString &key, const QByteArray &value,
              bool asText, KeychainModule::JobDone done)
{
    prepareLibsecret();
    QKeychain::Job *job = nullptr;
    switch (kind) {
    case KeychainModule::JobKind::Read:
        job = new QKeychain::ReadPasswordJob(service);
        break;
    case KeychainModule::JobKind::Write: {
        auto *write = new QKeychain::WritePasswordJob(service);
        if (asText)
            write->setTextData(QString::fromUtf8(value));
        else
            write->setBinaryData(value);
        job = write;
        break;
    }
    case KeychainModule::JobKind::Remove:
        job = new QKeychain::DeletePasswordJob(service);
        break;
    }
    job->setKey(key);
    // No context object: the caller counts the jobs still queued, so it hears of every one that
    // finishes, and guards its own receivers.
    QObject::connect(job, &QKeychain::Job::finished, [kind, done = std::move(done)](QKeychain::Job *finished) {
        const QByteArray read = kind == KeychainModule::JobKind::Read && finished->error() == QKeychain::NoError
                ? static_cast<QKeychain::ReadPasswordJob *>(finished)->binaryData()
                : QByteArray();
        done(finished->error(), finished->errorString(), read);
    });
    job->setAutoDelete(true);
    job->start();
}

void readEntry(const QString &server, const QString &user, std::chrono::milliseconds timeout, QObject *context,
               std::function<void(DirectReadOutcome, const QByteArray &)> done)
{
    readSecretServiceEntry(secretServiceBus(), server, user, timeout, context, std::move(done));
}

void askProvider(int timeoutMs, std::function<void(uint pid, bool kwallet)> done)
{
    QDBusConnection bus = secretServiceBus();
    if (!bus.isConnected()) {
        QTimer::singleShot(0, [done = std::move(done)] { done(0, false); });
        return;
    }
    QDBusMessage ask = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("GetConnectionUnixProcessID"));
    ask << secretServiceName();
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(ask, timeoutMs));
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished,
                     [bus, timeoutMs, done = std::move(done)](QDBusPendingCallWatcher *call) {
                         call->deleteLater();
                         const QDBusPendingReply<uint> reply = *call;
                         if (!reply.isError()) {
                             done(reply.value(), false);
                             return;
                         }
                         // No Secret Service: in a KDE session QtKeychain talks to KWallet's own service.
                         QDBusMessage kwallet = QDBusMessage::createMethodCall(
                                 QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                                 QStringLiteral("org.freedesktop.DBus"), QStringLiteral("NameHasOwner"));
                         kwallet << QStringLiteral("org.kde.kwalletd5");
                         auto *second = new QDBusPendingCallWatcher(bus.asyncCall(kwallet, timeoutMs));
                         QObject::connect(second, &QDBusPendingCallWatcher::finished,
                                          [done](QDBusPendingCallWatcher *answer) {
                                              answer->deleteLater();
                                              const QDBusPendingReply<bool> owned = *answer;
                                              done(0, !owned.isError() && owned.value());
                                          });
                     });
}

void watchLock(std::chrono::milliseconds timeout, QObject *context, std::function<void(CollectionLock)> changed)
{
    watchDefaultCollectionLock(secretServiceBus(), timeout, context, std::move(changed));
}

constexpr KeychainModule kModule{&startJob, &readEntry, &addSecretServiceAttributes, &askProvider, &watchLock};

} // namespace

} // namespace bioepic

extern "C" Q_DECL_EXPORT const bioepic::KeychainModule *bioepic_keychain_module(int interfaceVersion)
{
    return interfaceVersion == bioepic::KeychainModule::kInterfaceVersion ? &bioepic::kModule : nullptr;
}
