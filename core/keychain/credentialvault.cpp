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
