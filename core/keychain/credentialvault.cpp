#include "credentialvault.h"

#include "memorystore.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

namespace bioepic {

namespace {

/** Why the installation key is not at hand: the keychain's own answer, or that none came. */
KeychainError keyUnavailable(const KeychainError &keyError, const QString &operation, const QString &key)
{
    if (keyError.ok())
        return {KeychainError::Code::Other, operation, key, QStringLiteral("the installation key could not be loaded")};
    // A locked collection answers the key's read with "not found", and creating the key then
    // fails: to someone reading a token, that is "could not read", not "could not write".
    KeychainError error = keyError;
    error.operation = operation;
    return error;
}

} // namespace

CredentialVault::CredentialVault(SecretStore *keychain, MemoryStore *session, QString service, QObject *parent)
    : QObject(parent)
    , m_keychain(keychain)
    , m_session(session)
    , m_service(std::move(service))
{
}

void CredentialVault::setSessionOnly(const QString &environment, bool sessionOnly)
{
    if (sessionOnly)
        m_sessionOnly.insert(environment);
    else
        m_sessionOnly.remove(environment);
}

bool CredentialVault::isSessionOnly(const QString &environment) const
{
    return m_sessionOnly.contains(environment);
}

bool CredentialVault::hasSessionCredentials(const QString &environment) const
{
    return isSessionOnly(environment) && m_session->contains(keyFor(environment, SecretSlot::Active));
}

SecretStore *CredentialVault::storeFor(const QString &environment) const
{
    return isSessionOnly(environment) ? static_cast<SecretStore *>(m_session) : m_keychain;
}

QString CredentialVault::keyFor(const QString &environment, SecretSlot slot) const
{
    return secretKey(m_service, environment, slot);
}

void CredentialVault::ensureFingerprintKey(const QString &environment, QObject *context, std::function<void()> next)
{
    QPointer<QObject> guard(context);
    if (m_keyLoaded || isSessionOnly(environment)) {
        QTimer::singleShot(0, this, [guard, next = std::move(next)] {
            if (guard)
                next();
        });
        return;
    }
    m_keyWaiters.append({guard, std::move(next)});
    if (m_keyLoading)
        return;
    m_keyLoading = true;
    auto release = [this](const QByteArray &loaded, const KeychainError &error) {
        m_keyLoading = false;
        m_keyLoaded = !loaded.isEmpty();
        m_keyError = error;
        if (m_keyLoaded) {
            m_installationKey = loaded;
            setFingerprintKey(loaded);
        }
        const auto waiters = std::exchange(m_keyWaiters, {});
        for (const auto &[waiter, then] : waiters) {
            if (waiter)
                then();
        }
    };
    const QString key = m_service + QStringLiteral("/fingerprint-key");
    m_keychain->read(key, this, [this, key, release](const KeychainError &error, const QByteArray &value) {
        const QByteArray stored = QByteArray::fromHex(value);
        if (error.ok() && stored.size() == 32) {
            release(stored, {});
            return;
        }
        if (!error.isNotFound() && !error.ok()) {
            // Locked or gone: the operation that follows reports it; fingerprints stay keyed by
            // this process's own key meanwhile.
            release({}, error);
            return;
        }
        QByteArray fresh(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(fresh.data()), fresh.size() / 4);
        m_keychain->write(key, fresh.toHex(), this, [fresh, release](const KeychainError &written) {
            release(written.ok() ? fresh : QByteArray(), written);
        });
    });
}

void CredentialVault::explainMissing(const KeychainError &notFound, std::function<void(const KeychainError &)> done)
{
    // A locked collection answers reads with "not found" (libsecret does not say it is locked),
    // so "nothing stored" is believed only from a keychain that shows it works: the installation
    // key reads back, or a probe entry can be written.
    const QString fingerprintKey = m_service + QStringLiteral("/fingerprint-key");
    m_keychain->read(fingerprintKey, this, [this, notFound, done](const KeychainError &error, const QByteArray &) {
        if (error.ok()) {
            done(notFound);
            return;
        }
        if (!error.isNotFound()) {
            done(error);
            return;
        }
        const QString probe = m_service + QStringLiteral("/probe");
        m_keychain->write(
                probe, QByteArrayLiteral("probe"), this, [this, notFound, done, probe](const KeychainError &written) {
                    if (!written.ok()) {
                        // Say what the caller tried (reading its entry), with the reason the probe found.
                        KeychainError failure = written;
                        failure.operation = notFound.operation;
                        failure.key = notFound.key;
                        done(failure);
                        return;
                    }
                    m_keychain->remove(probe, this, [notFound, done](const KeychainError &) { done(notFound); });
                });
    });
}

void CredentialVault::readCredentials(const QString &environment, SecretSlot slot, QObject *context,
                                      CredentialsCallback callback)
{
    QPointer<QObject> guard(context);
    ensureFingerprintKey(environment, this, [this, environment, slot, guard, callback = std::move(callback)]() mutable {
        if (guard)
            readCredentialsNow(environment, slot, guard, std::move(callback));
    });
}

void CredentialVault::readCredentialsNow(const QString &environment, SecretSlot slot, QObject *context,
                                         CredentialsCallback callback)
{
    const QString key = keyFor(environment, slot);
    storeFor(environment)
            ->read(key, context,
                   [this, environment, slot, callback = std::move(callback), key](const KeychainError &error,
                                                                                  const QByteArray &value) mutable {
                       if (error.isNotFound() && !isSessionOnly(environment) && slot != SecretSlot::Token) {
                           explainMissing(error, [callback = std::move(callback)](const KeychainError &explained) {
                               callback(explained, std::nullopt);
                           });
                           return;
                       }
                       if (!error.ok()) {
                           callback(error, std::nullopt);
                           return;
                       }
                       const auto credentials = Credentials::fromKeychainValue(value);
                       if (!credentials) {
                           callback({KeychainError::Code::Corrupt, QStringLiteral("read"), key,
                                     QStringLiteral("not a credentials object")},
                                    std::nullopt);
                           return;
                       }
                       Q_EMIT credentialsRead(environment, slot, *credentials);
                       callback({}, credentials);
                   });
}

void CredentialVault::readUsableCredentials(const QString &environment, QObject *context, CredentialsCallback callback)
{
    QPointer<QObject> guard(context);
    readCredentials(environment, SecretSlot::Active, this,
                    [this, environment, guard, callback = std::move(callback)](
                            const KeychainError &error, const std::optional<Credentials> &active) mutable {
                        if (!guard)
                            return;
                        if (!error.isNotFound()) {
                            callback(error, active);
                            return;
                        }
                        readCredentials(
                                environment, SecretSlot::Staged, guard,
                                [error, callback = std::move(callback)](const KeychainError &stagedError,
                                                                        const std::optional<Credentials> &staged) {
                                    if (stagedError.ok())
                                        callback(stagedError, staged);
                                    else
                                        callback(error, std::nullopt);
                                });
                    });
}

void CredentialVault::writeCredentials(const QString &environment, SecretSlot slot, const Credentials &credentials,
                                       QObject *context, SecretStore::DoneCallback callback)
{
    QPointer<QObject> guard(context);
    ensureFingerprintKey(
            environment, this, [this, environment, slot, credentials, guard, callback = std::move(callback)]() mutable {
                if (!guard)
                    return;
                const QString key = keyFor(environment, slot);
                // The keychain let the installation key's read wait out the whole
                // timeout: a write now would wait as long again, for the same answer.
                if (m_keyError.code == KeychainError::Code::Timeout && !isSessionOnly(environment)) {
                    KeychainError error = m_keyError;
                    error.operation = QStringLiteral("write");
                    error.key = key;
                    callback(error);
                    return;
                }
                storeFor(environment)->write(key, credentials.toKeychainValue(), guard, std::move(callback));
            });
}

bool CredentialVault::tokenInFile(const QString &environment, SecretSlot slot) const
{
    return slot == SecretSlot::Token && m_tokenFiles.isEnabled() && !isSessionOnly(environment);
}

void CredentialVault::readSlot(const QString &environment, SecretSlot slot, QObject *context,
                               SecretStore::ReadCallback callback)
{
    if (tokenInFile(environment, slot)) {
        readTokenFile(environment, context, std::move(callback));
        return;
    }
    storeFor(environment)->read(keyFor(environment, slot), context, std::move(callback));
}

void CredentialVault::writeSlot(const QString &environment, SecretSlot slot, const QByteArray &value, QObject *context,
                                SecretStore::DoneCallback callback)
{
    if (tokenInFile(environment, slot)) {
        writeTokenFile(environment, value, context, std::move(callback));
        return;
    }
    storeFor(environment)->write(keyFor(environment, slot), value, context, std::move(callback));
}

void CredentialVault::readTokenFile(const QString &environment, QObject *context, SecretStore::ReadCallback callback)
{
    QPointer<QObject> guard(context);
    ensureFingerprintKey(environment, this, [this, environment, guard, callback = std::move(callback)] {
        if (!guard)
            return;
        if (!m_keyLoaded) {
            // The keychain is locked or gone: say so, as reading a keychain slot would.
            callback(keyUnavailable(m_keyError, QStringLiteral("read"), keyFor(environment, SecretSlot::Token)), {});
            return;
        }
        QByteArray value;
        const KeychainError error = m_tokenFiles.read(environment, m_installationKey, &value);
        callback(error, value);
    });
}

void CredentialVault::writeTokenFile(const QString &environment, const QByteArray &value, QObject *context,
                                     SecretStore::DoneCallback callback)
{
    QPointer<QObject> guard(context);
    ensureFingerprintKey(environment, this, [this, environment, value, guard, callback = std::move(callback)] {
        if (!guard)
            return;
        if (!m_keyLoaded) {
            callback(keyUnavailable(m_keyError, QStringLiteral("write"), keyFor(environment, SecretSlot::Token)));
            return;
        }
        const bool first = !m_tokenFiles.exists(environment);
        const KeychainError error = m_tokenFiles.write(environment, m_installationKey, value);
        // Earlier versions cached the token in the keychain: the first file takes its place, and
        // the old entry goes (a delete, which no provider asks about).
        if (error.ok() && first)
            m_keychain->remove(keyFor(environment, SecretSlot::Token), this, [](const KeychainError &) {});
        callback(error);
    });
}

void CredentialVault::removeSlot(const QString &environment, SecretSlot slot, QObject *context,
                                 SecretStore::DoneCallback callback)
{
    if (tokenInFile(environment, slot)) {
        if (const KeychainError removed = m_tokenFiles.remove(environment); !removed.ok()) {
            QPointer<QObject> guard(context);
            QTimer::singleShot(0, this, [guard, removed, callback = std::move(callback)] {
                if (guard)
                    callback(removed);
            });
            return;
        }
        // Also the keychain entry of an earlier version, if it is still there.
    }
    storeFor(environment)
            ->remove(keyFor(environment, slot), context, [callback = std::move(callback)](const KeychainError &error) {
                callback(error.isNotFound() ? KeychainError{} : error);
            });
}

void CredentialVault::removeAll(const QString &environment, QObject *context, SecretStore::DoneCallback callback)
{
    // One slot after another: QtKeychain serialises jobs anyway, and a chain keeps the first error.
    removeSlots(environment, {SecretSlot::Staged, SecretSlot::Token, SecretSlot::Previous, SecretSlot::Active}, {},
                QPointer<QObject>(context), std::move(callback));
}

void CredentialVault::removeSlots(const QString &environment, QList<SecretSlot> remaining, KeychainError firstError,
                                  QPointer<QObject> context, SecretStore::DoneCallback callback)
{
    if (!context)
        return;
    if (remaining.isEmpty()) {
        callback(firstError);
        return;
    }
    const SecretSlot slot = remaining.takeFirst();
    removeSlot(environment, slot, this,
               [this, environment, remaining, firstError, context, callback](const KeychainError &error) mutable {
                   if (!error.ok() && firstError.ok())
                       firstError = error;
                   removeSlots(environment, remaining, firstError, context, std::move(callback));
               });
}

} // namespace bioepic
