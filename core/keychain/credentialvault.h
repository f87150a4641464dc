#pragma once

#include "credentials.h"
#include "secretstore.h"
#include "tokencachefile.h"

#include <QPointer>
#include <QSet>

namespace bioepic {

class MemoryStore;

/**
 * @brief The keychain slots of every environment, typed.
 *
 * Routes each environment either to the OS keychain or, when the user chose "this session
 * only", to process memory. Every call answers exactly once, asynchronously.
 */
class CredentialVault final : public QObject
{
    Q_OBJECT

public:
    using CredentialsCallback = std::function<void(const KeychainError &, const std::optional<Credentials> &)>;

    CredentialVault(SecretStore *keychain, MemoryStore *session, QString service, QObject *parent = nullptr);

    [[nodiscard]] QString service() const { return m_service; }
    [[nodiscard]] SecretStore *keychain() const { return m_keychain; }

    /** @brief Keep this environment's secrets in memory for this run instead of the keychain. */
    void setSessionOnly(const QString &environment, bool sessionOnly);
    [[nodiscard]] bool isSessionOnly(const QString &environment) const;
    /** @brief Whether the session store holds active credentials for the environment. */
    [[nodiscard]] bool hasSessionCredentials(const QString &environment) const;

    /** @brief NotFound when the slot is empty; Corrupt when it holds something unreadable. */
    void readCredentials(const QString &environment, SecretSlot slot, QObject *context, CredentialsCallback callback);
    void writeCredentials(const QString &environment, SecretSlot slot, const Credentials &credentials, QObject *context,
                          SecretStore::DoneCallback callback);
    /**
     * @brief The credentials to use now: active, or staged while a rotation or rollback replaces
     * active. Active is replaced by a delete and a create (never an overwrite, RotationFlow::
     * replaceSlot); in between, or after a kill there, staged holds the pair going into active.
     * Everything that uses credentials reads them so; rotation and recovery read the slots.
     */
    void readUsableCredentials(const QString &environment, QObject *context, CredentialsCallback callback);
    /**
     * @brief Keep cached tokens in sealed files in @p directory instead of the keychain's token
     * slot (TokenCacheFile says why): a token refresh then writes nothing to the keychain. Empty
     * (the default): the token slot is a keychain entry like the others.
     */
    void setTokenCacheDirectory(const QString &directory) { m_tokenFiles = TokenCacheFile(directory); }
    [[nodiscard]] const TokenCacheFile &tokenFiles() const { return m_tokenFiles; }

    /** @brief Raw access, for the cached-token slot. */
    void readSlot(const QString &environment, SecretSlot slot, QObject *context, SecretStore::ReadCallback callback);
    void writeSlot(const QString &environment, SecretSlot slot, const QByteArray &value, QObject *context,
                   SecretStore::DoneCallback callback);
    /** @brief Removing an empty slot is not an error. */
    void removeSlot(const QString &environment, SecretSlot slot, QObject *context, SecretStore::DoneCallback callback);
    /** @brief Removes every slot; reports the first real failure after trying them all. */
    void removeAll(const QString &environment, QObject *context, SecretStore::DoneCallback callback);

    /**
     * @brief Loads this installation's fingerprint key from the keychain (creating it on first
     * use), then runs @p next, always, on a later turn of the event loop. Session-only
     * environments never touch the keychain for it. Credential reads and writes do this first.
     */
    void ensureFingerprintKey(const QString &environment, QObject *context, std::function<void()> next);

Q_SIGNALS:
    /**
     * @brief Credentials were read from a slot (in this process, synchronously): CredentialManager
     * replaces fingerprints an earlier version recorded for them.
     */
    void credentialsRead(const QString &environment, bioepic::SecretSlot slot, const bioepic::Credentials &credentials);

private:
    void removeSlots(const QString &environment, QList<SecretSlot> remaining, KeychainError firstError,
                     QPointer<QObject> context, SecretStore::DoneCallback callback);
    void readCredentialsNow(const QString &environment, SecretSlot slot, QObject *context,
                            CredentialsCallback callback);
    /** @p notFound when the keychain is shown to work, else the keychain's real failure (locked…). */
    void explainMissing(const KeychainError &notFound, std::function<void(const KeychainError &)> done);
    [[nodiscard]] SecretStore *storeFor(const QString &environment) const;
    /** The token of a keychain environment goes to a sealed file when a directory is set. */
    [[nodiscard]] bool tokenInFile(const QString &environment, SecretSlot slot) const;
    void readTokenFile(const QString &environment, QObject *context, SecretStore::ReadCallback callback);
    void writeTokenFile(const QString &environment, const QByteArray &value, QObject *context,
                        SecretStore::DoneCallback callback);
    [[nodiscard]] QString keyFor(const QString &environment, SecretSlot slot) const;

    SecretStore *m_keychain;
    MemoryStore *m_session;
    QString m_service;
    QSet<QString> m_sessionOnly;
    TokenCacheFile m_tokenFiles;
    QByteArray m_installationKey; ///< the fingerprint key, once read from the keychain
    KeychainError m_keyError; ///< why it could not be read, the last time it was tried
    bool m_keyLoaded = false;
    bool m_keyLoading = false;
    QList<std::pair<QPointer<QObject>, std::function<void()>>> m_keyWaiters;
};

} // namespace bioepic
