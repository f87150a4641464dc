#include "credentialvault.h"

#include "memorystore.h"

#include <QPointer>

namespace bioepic {

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

void CredentialVault::readCredentials(const QString &environment, SecretSlot slot, QObject *context,
                                      CredentialsCallback callback)
{
    const QString key = keyFor(environment, slot);
    storeFor(environment)
            ->read(key, context,
                   [callback = std::move(callback), key](const KeychainError &error, const QByteArray &value) {
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
                       callback({}, credentials);
                   });
}

void CredentialVault::writeCredentials(const QString &environment, SecretSlot slot, const Credentials &credentials,
                                       QObject *context, SecretStore::DoneCallback callback)
{
    storeFor(environment)
            ->write(keyFor(environment, slot), credentials.toKeychainValue(), context, std::move(callback));
}

void CredentialVault::readSlot(const QString &environment, SecretSlot slot, QObject *context,
                               SecretStore::ReadCallback callback)
{
    storeFor(environment)->read(keyFor(environment, slot), context, std::move(callback));
}

void CredentialVault::writeSlot(const QString &environment, SecretSlot slot, const QByteArray &value, QObject *context,
                                SecretStore::DoneCallback callback)
{
    storeFor(environment)->write(keyFor(environment, slot), value, context, std::move(callback));
}

void CredentialVault::removeSlot(const QString &environment, SecretSlot slot, QObject *context,
                                 SecretStore::DoneCallback callback)
{
    storeFor(environment)
            ->remove(keyFor(environment, slot), context, [callback = std::move(callback)](const KeychainError &error) {
                callback(error.isNotFound() ? KeychainError{} : error);
            });
}

void CredentialVault::removeAll(const QString &environment, QObject *context, SecretStore::DoneCallback callback)
{
    // One slot after another: QtKeychain serialises jobs anyway, and a chain keeps the first error.
    struct Chain
    {
        QList<SecretSlot> remaining{SecretSlot::Staged, SecretSlot::Token, SecretSlot::Previous, SecretSlot::Active};
        KeychainError firstError;
        SecretStore::DoneCallback done;
        std::function<void()> next;
    };
    auto chain = std::make_shared<Chain>();
    chain->done = std::move(callback);
    QPointer<QObject> guard(context);
    chain->next = [this, chain, environment, guard] {
        if (!guard) {
            chain->next = nullptr; // break the self-reference
            return;
        }
        if (chain->remaining.isEmpty()) {
            const auto done = std::move(chain->done);
            const KeychainError error = chain->firstError;
            chain->next = nullptr;
            done(error);
            return;
        }
        const SecretSlot slot = chain->remaining.takeFirst();
        removeSlot(environment, slot, this, [chain](const KeychainError &error) {
            if (!error.ok() && chain->firstError.ok())
                chain->firstError = error;
            chain->next();
        });
    };
    chain->next();
}

} // namespace bioepic
