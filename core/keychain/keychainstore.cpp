#include "keychainstore.h"

#include "common/logging.h"
#include "credentials.h"
#include "keychainmodule.h"
#include "secretserviceprovider.h"

#include <QPointer>
#include <QTimer>

namespace bioepic {

namespace {

/**
 * QtKeychain jobs of this process not yet finished. QtKeychain runs them in order, one at a time:
 * a read that goes straight to the Secret Service only while none is queued cannot overtake a
 * write that came before it.
 */
int &queuedJobs()
{
    static int count = 0;
    return count;
}

/** Reports a failure after finding out who the provider is: the message names it and its remedy. */
using JobReport = std::function<void(const KeychainError &, const QByteArray &value)>;

void reportFailure(QObject *owner, const KeychainError &error, const QPointer<QObject> &guard, const JobReport &onDone)
{
    detectSecretProvider(owner, [guard, error, onDone] {
        if (guard)
            onDone(error, {});
    });
}

KeychainError timeoutError(const QString &operation, const QString &key, std::chrono::milliseconds timeout)
{
    // The caller says so (the command's error, the window's message); this is for a trace only.
    qCInfo(lcKeychain) << "keychain" << operation << key << "timed out after" << timeout.count() << "ms";
    return {KeychainError::Code::Timeout, operation, key, QStringLiteral("no answer after %1 ms").arg(timeout.count())};
}

/**
 * Runs one QtKeychain job (in the keychain module) with a timeout and reports exactly once. The
 * job deletes itself when it finishes; if it never finishes, it is abandoned rather than deleted
 * under libsecret.
 */
void runJob(KeychainModule::JobKind kind, const QString &service, const QString &key, const QByteArray &value,
            bool asText, QObject *owner, std::chrono::milliseconds timeout, const QString &operation, QObject *context,
            JobReport onDone)
{
    QPointer<QObject> guard(context);
    const KeychainModule *module = keychainModule();
    if (!module) {
        const KeychainError missing{KeychainError::Code::ModuleMissing, operation, key, keychainModuleProblem()};
        QTimer::singleShot(0, owner, [guard, missing, onDone] {
            if (guard)
                onDone(missing, {});
        });
        return;
    }
    ++queuedJobs();
    auto reported = std::make_shared<bool>(false);
    // Both handlers may run (a job that answers after its timeout); the QPointers keep the second safe.
    QPointer<QObject> alive(owner);
    QPointer<QTimer> timer = new QTimer(owner);
    timer->setSingleShot(true);

    module->startJob(kind, service, key, value, asText,
                     [=](int qtkeychainError, const QString &errorString, const QByteArray &read) {
                         --queuedJobs();
                         if (timer)
                             timer->deleteLater();
                         if (!alive || *reported)
                             return;
                         *reported = true;
                         const KeychainError error
                                 = classifyKeychainError(qtkeychainError, errorString, operation, key);
                         if (error.ok() || error.isNotFound()) {
                             if (guard)
                                 onDone(error, read);
                             return;
                         }
                         // Said by the caller, often as something else (a read's "locked" found by a
                         // probe's write): here for a trace only.
                         qCInfo(lcKeychain) << "keychain" << operation << key << "failed:" << errorString;
                         reportFailure(owner, error, guard, onDone);
                     });
    QObject::connect(timer, &QTimer::timeout, owner, [=] {
        if (timer)
            timer->deleteLater();
        if (*reported)
            return;
        *reported = true;
        reportFailure(owner, timeoutError(operation, key, timeout), guard, onDone);
    });
    timer->start(timeout);
}

/**
 * What we store is text (JSON, hex). Stored as text, a keyring manager shows it as it is, and a
 * read finds it with the first search: QtKeychain looks for a text entry first and only then for
 * a binary (base64) one, so every read of a binary entry cost two D-Bus searches. Bytes that are
 * not UTF-8, or hold a NUL (the text path ends the value there), stay binary.
 */
bool storedAsText(const QByteArray &value)
{
    return !value.contains('\0') && QString::fromUtf8(value).toUtf8() == value;
}

/** Attributes may wait for their answer this long at most: the entry itself is stored already. */
constexpr std::chrono::milliseconds kAttributesTimeout{3000};
/** Each question about the lock state may wait this long: it feeds a status line, not a job. */
constexpr std::chrono::milliseconds kLockStateTimeout{3000};

} // namespace

KeychainStore::KeychainStore(QString service, std::chrono::milliseconds timeout, QObject *parent)
    : SecretStore(parent)
    , m_service(std::move(service))
    , m_timeout(timeout)
{
}

QString KeychainStore::backendName() const
{
    return keychainBackendName();
}

SecretStore::ReadCallback KeychainStore::noting(ReadCallback callback)
{
    return [store = QPointer<KeychainStore>(this), callback = std::move(callback)](const KeychainError &error,
                                                                                   const QByteArray &value) {
        if (store)
            store->noteOutcome(error);
        callback(error, value);
    };
}

SecretStore::DoneCallback KeychainStore::noting(DoneCallback callback)
{
    return [store = QPointer<KeychainStore>(this), callback = std::move(callback)](const KeychainError &error) {
        if (store)
            store->noteOutcome(error);
        callback(error);
    };
}

void KeychainStore::followLockState()
{
    // Where QtKeychain talks to KWallet's own service, the Secret Service's collections are not
    // where the secrets are: there the jobs' answers are all there is to go by.
    if (!titledEntries() || std::exchange(m_followingLock, true))
        return;
    const KeychainModule *module = keychainModule();
    if (!module)
        return;
    module->watchLock(std::min(m_timeout, kLockStateTimeout), this, [this](CollectionLock lock) {
        qCInfo(lcKeychain) << "default collection:"
                           << (lock == CollectionLock::Locked             ? "locked"
                                       : lock == CollectionLock::Unlocked ? "unlocked"
                                       : lock == CollectionLock::Gone     ? "its Secret Service left the bus"
                                                                          : "cannot tell");
        if (lock == CollectionLock::Locked)
            noteOutcome({KeychainError::Code::Locked, QStringLiteral("read"), QString(),
                         QStringLiteral("the default collection is locked")});
        else if (lock == CollectionLock::Gone)
            noteOutcome({KeychainError::Code::NoService, QStringLiteral("read"), QString(),
                         QStringLiteral("the Secret Service left the session bus")});
        else if (lock == CollectionLock::Unlocked)
            noteUnlocked();
        // A Secret Service answers that was not there before (KeePassXC opened after the window,
        // or again): who it is may have changed, or have been unknown until now.
        const bool answers = lock == CollectionLock::Locked || lock == CollectionLock::Unlocked;
        const bool newcomer = std::exchange(m_lastLock, lock) == CollectionLock::Gone
                || secretProvider() == SecretProvider::Unknown;
        if (answers && newcomer) {
            redetectSecretProvider(this, [this, before = backendName()] {
                if (backendName() != before)
                    Q_EMIT backendChanged();
            });
        }
    });
}

QString KeychainStore::entryTitle(const QString &service, const QString &key)
{
    const QString prefix
            = service == QLatin1String("bioepic-credentials") ? QStringLiteral("BioEPIC Credentials") : service;
    QString rest = key.startsWith(service + QLatin1Char('/')) ? key.mid(service.size() + 1) : key;
    if (rest == QLatin1String("fingerprint-key"))
        return prefix + QStringLiteral(" — installation key");
    // "<env>/<slot>" → "<env> (<slot>)"
    if (const qsizetype slash = rest.lastIndexOf(QLatin1Char('/')); slash > 0)
        rest = rest.left(slash) + QStringLiteral(" (") + rest.mid(slash + 1) + QLatin1Char(')');
    return prefix + QStringLiteral(" — ") + rest;
}

SecretAttributes KeychainStore::searchAttributes(const QString &service, const QString &key, const QByteArray &value)
{
    SecretAttributes attributes{{QStringLiteral("application"), service}};
    const QString rest = key.startsWith(service + QLatin1Char('/')) ? key.mid(service.size() + 1) : key;
    if (rest == QLatin1String("fingerprint-key")) {
        attributes.insert(QStringLiteral("slot"), QStringLiteral("installation-key"));
        return attributes;
    }
    const qsizetype slash = rest.lastIndexOf(QLatin1Char('/'));
    if (slash <= 0)
        return attributes;
    attributes.insert(QStringLiteral("environment"), rest.left(slash));
    attributes.insert(QStringLiteral("slot"), rest.mid(slash + 1));
    // Who signs in with it: not secret (every screen shows it), and what a person searches by.
    if (const auto credentials = Credentials::fromKeychainValue(value)) {
        const bool client = credentials->method == AuthMethod::ClientCredentials;
        attributes.insert(client ? QStringLiteral("client_id") : QStringLiteral("username"), credentials->identity);
    }
    return attributes;
}

bool KeychainStore::titledEntries()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    // The test QtKeychain itself makes before it picks KWallet over the Secret Service.
    static const bool kde = qEnvironmentVariable("XDG_CURRENT_DESKTOP").contains(QLatin1String("KDE"));
    return !kde;
#else
    return true;
#endif
}

void KeychainStore::read(const QString &key, QObject *context, ReadCallback callback)
{
    callback = noting(std::move(callback));
    if (!titledEntries()) {
        runRead(m_service, key, context, std::move(callback));
        return;
    }
    readTitled(key, context, std::move(callback));
}

void KeychainStore::readTitled(const QString &key, QObject *context, ReadCallback callback)
{
    QPointer<QObject> guard(context);
    runRead(entryTitle(m_service, key), key, this,
            [this, key, guard, callback = std::move(callback)](const KeychainError &error, const QByteArray &value) {
                if (!guard)
                    return;
                if (!error.isNotFound()) {
                    callback(error, value);
                    return;
                }
                // Not under its title: maybe where an earlier version put it.
                runRead(m_service, key, this,
                        [this, key, guard, callback](const KeychainError &legacy, const QByteArray &legacyValue) {
                            if (!guard)
                                return;
                            if (!legacy.ok()) {
                                callback(legacy, {});
                                return;
                            }
                            migrate(key, legacyValue);
                            callback(legacy, legacyValue);
                        });
            });
}

void KeychainStore::migrate(const QString &key, const QByteArray &value)
{
    // A create, then a delete: neither asks the user anything, whatever the provider. The old
    // entry goes only once the titled one is stored.
    writeTitled(key, value, this, [this, key](const KeychainError &written) {
        if (!written.ok()) {
            qCWarning(lcKeychain) << "could not give" << key << "its title:" << written.message();
            return;
        }
        qCInfo(lcKeychain) << "moved" << key << "under its title" << entryTitle(m_service, key);
        runRemove(m_service, key, this, [](const KeychainError &) {});
    });
}

void KeychainStore::write(const QString &key, const QByteArray &value, QObject *context, DoneCallback callback)
{
    callback = noting(std::move(callback));
    if (!titledEntries()) {
        runWrite(m_service, key, value, context, std::move(callback));
        return;
    }
    // An entry of an earlier version under the plain service goes too: it would hold an older value.
    QPointer<QObject> guard(context);
    writeTitled(key, value, this, [this, key, guard, callback = std::move(callback)](const KeychainError &error) {
        if (!guard)
            return;
        if (!error.ok()) {
            callback(error);
            return;
        }
        runRemove(m_service, key, this, [guard, callback](const KeychainError &) {
            if (guard)
                callback({});
        });
    });
}

void KeychainStore::writeTitled(const QString &key, const QByteArray &value, QObject *context, DoneCallback callback)
{
    const QString title = entryTitle(m_service, key);
    const bool binary = !storedAsText(value);
    const SecretAttributes attributes = searchAttributes(m_service, key, value);
    QPointer<QObject> guard(context);
    runWrite(title, key, value, this,
             [this, title, key, binary, attributes, guard, callback = std::move(callback)](const KeychainError &error) {
                 if (!guard)
                     return;
                 if (!error.ok()) {
                     callback(error);
                     return;
                 }
                 // The entry is stored: its attributes are a help to a person, not a condition.
                 // The write went through the module: it is loaded.
                 keychainModule()->addAttributes(title, key, binary, attributes,
                                                 std::min(m_timeout, kAttributesTimeout), this,
                                                 [guard, callback](bool) {
                                                     if (guard)
                                                         callback({});
                                                 });
             });
}

void KeychainStore::remove(const QString &key, QObject *context, DoneCallback callback)
{
    callback = noting(std::move(callback));
    if (!titledEntries()) {
        runRemove(m_service, key, context, std::move(callback));
        return;
    }
    // Both places: the titled entry and one an earlier version left. The first real failure wins;
    // "not found" only when neither was there.
    QPointer<QObject> guard(context);
    runRemove(entryTitle(m_service, key), key, this,
              [this, key, guard, callback = std::move(callback)](const KeychainError &titled) {
                  if (!guard)
                      return;
                  runRemove(m_service, key, this, [guard, titled, callback](const KeychainError &legacy) {
                      if (!guard)
                          return;
                      if (!titled.ok() && !titled.isNotFound())
                          callback(titled);
                      else if (titled.ok())
                          callback(legacy.isNotFound() ? KeychainError{} : legacy);
                      else
                          callback(legacy);
                  });
              });
}

void KeychainStore::runRead(const QString &service, const QString &key, QObject *context, ReadCallback callback)
{
    // Where QtKeychain would use the Secret Service (not KWallet's own service), a read with no
    // job queued before it asks GNOME Keyring itself (module/secretservicereader.h says why and why
    // only GNOME Keyring).
    if (!titledEntries() || queuedJobs() > 0) {
        runQtKeychainRead(service, key, context, std::move(callback));
        return;
    }
    QPointer<QObject> guard(context);
    detectSecretProvider(this, [this, service, key, guard, callback = std::move(callback)] {
        if (!guard)
            return;
        if (secretProvider() != SecretProvider::GnomeKeyring || queuedJobs() > 0) {
            runQtKeychainRead(service, key, guard, callback);
            return;
        }
        readDirectly(service, key, guard, callback);
    });
}

void KeychainStore::readDirectly(const QString &service, const QString &key, QObject *context, ReadCallback callback)
{
    const KeychainModule *module = keychainModule();
    if (!module) {
        runQtKeychainRead(service, key, context, std::move(callback)); // which reports the missing module
        return;
    }
    QPointer<QObject> guard(context);
    module->readEntry(
            service, key, m_timeout, this,
            [this, service, key, guard, callback = std::move(callback)](DirectReadOutcome outcome,
                                                                        const QByteArray &value) {
                if (!guard)
                    return;
                switch (outcome) {
                case DirectReadOutcome::Found:
                    callback({}, value);
                    return;
                case DirectReadOutcome::NotFound:
                    callback({KeychainError::Code::NotFound, QStringLiteral("read"), key,
                              QStringLiteral("no such item")},
                             {});
                    return;
                case DirectReadOutcome::Timeout:
                    reportFailure(this, timeoutError(QStringLiteral("read"), key, m_timeout), guard,
                                  [callback](const KeychainError &error, const QByteArray &) { callback(error, {}); });
                    return;
                case DirectReadOutcome::Locked:
                    // A desktop's keyring asks to be unlocked here; refused or without a prompt to
                    // show, "not found" means locked: nothing may be created in its place (a new
                    // installation key would orphan every sealed token and fingerprint).
                    runQtKeychainRead(service, key, guard,
                                      [key, callback](const KeychainError &error, const QByteArray &read) {
                                          if (!error.isNotFound()) {
                                              callback(error, read);
                                              return;
                                          }
                                          callback({KeychainError::Code::Locked, QStringLiteral("read"), key,
                                                    QStringLiteral("the item is in a locked collection")},
                                                   {});
                                      });
                    return;
                case DirectReadOutcome::Unavailable:
                    runQtKeychainRead(service, key, guard, callback);
                    return;
                }
            });
}

void KeychainStore::runQtKeychainRead(const QString &service, const QString &key, QObject *context,
                                      ReadCallback callback)
{
    runJob(KeychainModule::JobKind::Read, service, key, {}, false, this, m_timeout, QStringLiteral("read"), context,
           std::move(callback));
}

void KeychainStore::runWrite(const QString &service, const QString &key, const QByteArray &value, QObject *context,
                             DoneCallback callback)
{
    runJob(KeychainModule::JobKind::Write, service, key, value, storedAsText(value), this, m_timeout,
           QStringLiteral("write"), context,
           [callback = std::move(callback)](const KeychainError &error, const QByteArray &) { callback(error); });
}

void KeychainStore::runRemove(const QString &service, const QString &key, QObject *context, DoneCallback callback)
{
    runJob(KeychainModule::JobKind::Remove, service, key, {}, false, this, m_timeout, QStringLiteral("delete"), context,
           [callback = std::move(callback)](const KeychainError &error, const QByteArray &) { callback(error); });
}

} // namespace bioepic
