#pragma once

#include "keychainmodule.h"
#include "secretstore.h"

#include <chrono>

namespace bioepic {

/**
 * @brief SecretStore over QtKeychain (Secret Service, macOS Keychain, Windows Credential Manager).
 *
 * Every job runs under a timeout: a locked keyring with a pending prompt, or a Secret Service
 * that never answers, must not hang the caller. QtKeychain runs its jobs one at a time, so one
 * hung job delays all later ones; each of them then times out on its own. There is no
 * plaintext fallback: setInsecureFallback() is never used.
 */
class KeychainStore final : public SecretStore
{
    Q_OBJECT

public:
    explicit KeychainStore(QString service, std::chrono::milliseconds timeout, QObject *parent = nullptr);

    void read(const QString &key, QObject *context, ReadCallback callback) override;
    void write(const QString &key, const QByteArray &value, QObject *context, DoneCallback callback) override;
    void remove(const QString &key, QObject *context, DoneCallback callback) override;
    [[nodiscard]] QString backendName() const override;
    /** @brief Follows the Secret Service's default collection (module/collectionlockwatch.h). */
    void followLockState() override;

    [[nodiscard]] QString service() const { return m_service; }
    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }

    /**
     * @brief The title a keyring manager shows for @p key, and the Secret Service attribute
     * `server` it is stored under: "BioEPIC Credentials — lab (active)". QtKeychain uses its
     * service name as both, so each entry gets a service of its own; `user` stays the key
     * ("bioepic-credentials/lab/active"). Where QtKeychain talks to KWallet itself (a KDE
     * session), a folder per entry would be worse: there the service stays the folder and the
     * key the entry's name, both readable already.
     */
    [[nodiscard]] static QString entryTitle(const QString &service, const QString &key);
    /**
     * @brief What a person can search @p key's entry by, beside its title: `application`, and
     * `environment`, `slot` and `client_id` (or `username`) for credentials, `slot` =
     * `installation-key` for that key. None of it is secret. Set on the Secret Service item after
     * every write (QtKeychain cannot), so `secret-tool search environment lab slot active` finds it.
     */
    [[nodiscard]] static SecretAttributes searchAttributes(const QString &service, const QString &key,
                                                           const QByteArray &value);
    /** @brief Whether entries are stored under entryTitle() (false in a KDE session). */
    [[nodiscard]] static bool titledEntries();

private:
    /** @p callback, after noting its answer (SecretStore::storeProblem()). */
    ReadCallback noting(ReadCallback callback);
    DoneCallback noting(DoneCallback callback);
    void readTitled(const QString &key, QObject *context, ReadCallback callback);
    /** Stores @p key under its title and gives it its searchAttributes(). */
    void writeTitled(const QString &key, const QByteArray &value, QObject *context, DoneCallback callback);
    /** Moves an entry of an earlier version (service = the plain service name) to its title. */
    void migrate(const QString &key, const QByteArray &value);
    void runRead(const QString &service, const QString &key, QObject *context, ReadCallback callback);
    void runQtKeychainRead(const QString &service, const QString &key, QObject *context, ReadCallback callback);
    /** Asks the Secret Service itself (readSecretServiceEntry()); QtKeychain settles the rest. */
    void readDirectly(const QString &service, const QString &key, QObject *context, ReadCallback callback);
    void runWrite(const QString &service, const QString &key, const QByteArray &value, QObject *context,
                  DoneCallback callback);
    void runRemove(const QString &service, const QString &key, QObject *context, DoneCallback callback);

    QString m_service;
    std::chrono::milliseconds m_timeout;
    bool m_followingLock = false;
    CollectionLock m_lastLock = CollectionLock::Unknown; ///< what the lock watch said last
};

} // namespace bioepic
