#pragma once

#include "auth/tokenclient.h"
#include "keychain/credentials.h"
#include "rotationpolicy.h"

#include <QHash>
#include <QObject>

namespace bioepic {

class Clock;
class CredentialVault;
class EnvironmentStore;
class HistoryStore;
class TokenService;

/** @brief The outcome of storing credentials. */
struct LoginResult
{
    QString action = QStringLiteral("login"); ///< what the history calls it: "login", "import"…
    Error error;
    ApiError apiError; ///< set when the verification token request failed
    bool verified = false;
    /** With verified: the server also accepted the token on who-am-I (false: the profile has none). */
    bool acceptedByWhoAmI = false;
    bool sessionOnly = false;
    std::optional<Token> token; ///< the verification token, now cached
};

/**
 * @brief Stores, reads and forgets an environment's active credentials.
 *
 * login():
 * @code
 *   [verify] POST token with the new pair ── fails ──► report; nothing stored
 *        │ ok
 *   [verify] who-am-I with that token (when the profile has one) ── refused ──► report; nothing stored
 *        │ ok
 *   write the active slot (keychain, or memory for "this session only") ── fails ──► report
 *        │ ok
 *   record metadata in environments.json (no secret) ─► cache the verification token ─► done
 * @endcode
 */
class CredentialManager final : public QObject
{
    Q_OBJECT

public:
    using LoginCallback = std::function<void(const LoginResult &)>;
    using DoneCallback = std::function<void(const Error &)>;

    CredentialManager(EnvironmentStore *environments, CredentialVault *vault, TokenClient *client, TokenService *tokens,
                      HistoryStore *history, const Clock *clock, QObject *parent = nullptr);

    /** @brief Returns the id of the verification request (for cancelLogin()), or 0 without one. */
    quint64 login(const QString &environment, Credentials credentials, bool verify, QObject *context,
                  LoginCallback callback);
    /** @brief login() recorded in the history as @p action ("import" for a .env import). */
    quint64 loginAs(const QString &action, const QString &environment, Credentials credentials, bool verify,
                    QObject *context, LoginCallback callback);
    /** @brief Cancels a verification in flight: the login then fails with "canceled" and stores nothing. */
    void cancelLogin(quint64 requestId);
    /** @brief Removes every keychain slot and the metadata of the environment. */
    void forget(const QString &environment, QObject *context, DoneCallback callback);
    /** @brief forget(), then removes the environment from the settings (kept if the keychain fails). */
    void removeEnvironment(const QString &environment, QObject *context, DoneCallback callback);

    /** @brief Metadata of the active credentials: from the settings, or from memory when session-only. */
    [[nodiscard]] CredentialMetadata metadata(const QString &environment) const;
    [[nodiscard]] bool hasCredentials(const QString &environment) const { return metadata(environment).stored; }
    [[nodiscard]] bool isSessionOnly(const QString &environment) const;
    /** @brief Keep the environment's secrets in memory for this run instead of the keychain. */
    void setSessionOnly(const QString &environment, bool sessionOnly);
    /** @brief Records metadata: in the settings file, or in memory when session-only. */
    Error setMetadata(const QString &environment, const CredentialMetadata &metadata);
    /** @brief Tells views that the credentials of @p environment changed (a rotation finished…). */
    void notifyChanged(const QString &environment) { Q_EMIT credentialsChanged(environment); }
    /** @brief Environments whose last rotation or rollback was interrupted. */
    [[nodiscard]] QStringList interruptedRotations() const;
    /** @brief Environments whose credentials are older than their rotation policy allows, in list order. */
    [[nodiscard]] QList<std::pair<QString, RotationAge>> overdueRotations(const QDateTime &now) const;

Q_SIGNALS:
    void credentialsChanged(const QString &environment);

private:
    /** An earlier version's unkeyed fingerprint of @p credentials becomes the keyed one (settings, history). */
    void replaceLegacyFingerprint(const QString &environment, SecretSlot slot, const Credentials &credentials);
    void verifyToken(const Environment &environment, const Credentials &credentials, LoginResult result,
                     LoginCallback callback);
    void store(const Environment &environment, const Credentials &credentials, LoginResult result, QObject *context,
               LoginCallback callback);
    void record(const QString &environment, const QString &action, const QString &outcome, const QString &step,
                const QString &oldFingerprint, const QString &newFingerprint, const QString &message,
                const QString &identity);

    EnvironmentStore *m_environments;
    CredentialVault *m_vault;
    TokenClient *m_client;
    TokenService *m_tokens;
    HistoryStore *m_history;
    const Clock *m_clock;
    QHash<QString, CredentialMetadata> m_sessionMetadata;
};

} // namespace bioepic
