#pragma once

#include "keychain/secretstore.h"
#include "tokenclient.h"
#include "tokenstatusstore.h"

#include <QHash>
#include <QLockFile>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace bioepic {

/** @brief What the server said of a cached token when asked (TokenService::checkToken). */
struct TokenCheck
{
    enum class Result {
        Accepted, ///< who-am-I answered 2xx
        Rejected, ///< who-am-I answered 401: now marked rejected
        NoToken, ///< nothing cached (or it has expired): nothing to ask about
        NotCheckable, ///< the profile has no who-am-I endpoint
        Failed, ///< the call failed otherwise (network, 403, 5xx…): see error
    };
    Result result = Result::NoToken;
    QString fingerprint; ///< of the token checked
    QString detail; ///< the server's words, or why nothing was checked
    Error error; ///< for Failed (and Rejected: the server's refusal)

    [[nodiscard]] static QString resultName(Result result);
};

class Clock;
class CredentialVault;
class EnvironmentStore;

/**
 * @brief Valid access tokens per environment: cached, refreshed before expiry, one request in
 * flight per environment however many callers ask.
 *
 * requestToken(env):
 * @code
 *   cached in memory and before refresh_at? ── yes ──► answer (next event-loop turn)
 *        │ no
 *   a request for env in flight? ───────────── yes ──► wait for it with the others
 *        │ no
 *   token slot (sealed file) valid? ────────── yes ──► cache, answer everyone (no lock needed)
 *        │ no
 *   take the cross-process lock of env (other processes: one at a time)
 *   token slot valid now (another just got one)? yes ──► cache, answer everyone
 *        │ no
 *   read active credentials ─► POST token ─► cache, state.json, token slot ─► answer everyone
 * @endcode
 * With auto-refresh on, each cached token is refreshed at its refresh point; a failed refresh is
 * retried with backoff (30 s doubling to 5 min) while the old token stays in use. That covers the
 * tokens state.json knows of too (another process got them, or this one before a restart), while
 * they are still good and their credentials are stored: the refresh finds a newer one in the token
 * slot when a script got it first.
 *
 * A token the server refuses before its expiry (a 401 to a call made with it: revoked, or the
 * server's signing key changed) is marked rejected (markRejected(), checkToken()): it is dropped
 * from memory and the keychain, so the next request gets a new one, and the state says
 * "rejected" until then.
 */
class TokenService final : public QObject
{
    Q_OBJECT

public:
    enum class Freshness { UseCached, ForceRefresh };

    TokenService(EnvironmentStore *environments, CredentialVault *vault, TokenClient *client,
                 TokenStatusStore *statusStore, const Clock *clock, QObject *parent = nullptr);

    /** @brief Keep tokens in the shared token slot (a sealed file) so other processes (the CLI) reuse them. */
    void setPersistTokens(bool persist) { m_persistTokens = persist; }
    /**
     * @brief Where the cross-process token locks live (beside the settings). Empty: no lock, for
     * a process that shares its keychain with no other.
     */
    void setLockDirectory(const QString &directory) { m_lockDirectory = directory; }
    /** @brief Refresh cached tokens at their refresh point without being asked. */
    void setAutoRefresh(bool enabled);

    void requestToken(const QString &environment, Freshness freshness, QObject *context,
                      TokenClient::Callback callback);
    /**
     * @brief Takes a token obtained elsewhere (a login's or a rotation's verification) from
     * @p environment as it was when the token was requested; answers once it is stored.
     */
    void adopt(const Environment &environment, const Token &token, QObject *context, std::function<void()> done);
    /** @brief Drops the cached token everywhere (memory, state.json, token slot). */
    void forget(const QString &environment, QObject *context, SecretStore::DoneCallback done);
    /**
     * @brief The server answered 401 to a call made with the token of this fingerprint: record
     * it, and drop that token from memory and the token cache so that no one is handed it again.
     */
    void markRejected(const QString &environment, const QString &fingerprint, const QString &serverMessage,
                      std::function<void()> done = {});
    /**
     * @brief Asks the server whether it still accepts the cached token (one who-am-I call), without
     * getting a new one. A refusal marks the token rejected. Answers exactly once.
     */
    void checkToken(const QString &environment, QObject *context, std::function<void(const TokenCheck &)> callback);

    [[nodiscard]] std::optional<Token> cachedToken(const QString &environment) const;
    /** @brief What is known without the keychain: the cached token's info, else state.json's. */
    [[nodiscard]] TokenStatus status(const QString &environment) const;
    [[nodiscard]] TokenState state(const QString &environment) const;
    [[nodiscard]] bool isRequestInFlight(const QString &environment) const { return m_flights.contains(environment); }
    [[nodiscard]] const Clock *clock() const { return m_clock; }

    /**
     * @brief Another process changed what state.json says of these environments (a script got,
     * dropped or saw refused a token): a token held here that it no longer describes is dropped,
     * so the next use reads the token slot, and tokenChanged() tells the views.
     */
    void takeStatusChanges(const QStringList &environments);
    /** @brief Refreshes every token that is due (see refreshDueAt()); the auto-refresh timer calls it. */
    void runDueRefreshes();

    /**
     * @brief Runs @p done once every token cache write started so far has ended: answered, or
     * given up after kCacheWriteBoundMs. A caller has its token before the write ends (a keychain
     * that does not answer a write must not hold a script up); a process about to exit waits here
     * so that the next one finds the token.
     */
    void whenCacheWritten(QObject *context, std::function<void()> done);
    /** How long a token cache write may take before it is given up (the token is in hand anyway). */
    static constexpr int kCacheWriteBoundMs = 2000;

Q_SIGNALS:
    void cacheWritesFinished();
    void tokenChanged(const QString &environment);
    void requestStarted(const QString &environment);
    void requestFinished(const QString &environment, const bioepic::Error &error);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        TokenClient::Callback callback;
    };
    /** A token is bound to the endpoint that issued it: re-pointing the environment drops it. */
    struct CachedToken
    {
        Token token;
        QString tokenEndpoint;
    };

    void startFlight(const QString &environment, Freshness freshness);
    /** Runs @p next holding the environment's token lock (released when the flight completes). */
    void lockThen(const QString &environment, std::function<void()> next);
    /** The token slot's token when it is still good, else a new one (under the lock). */
    /** The keychain's cached token, when usable: completes the flight with it and says so. */
    void readSharedToken(const Environment &environment, std::function<void(bool found)> then);
    [[nodiscard]] bool isUsable(const Environment &env, const struct TokenSlotValue &slot) const;
    /** The cached token for @p env (memory, else the token slot), or nullopt, answered once. */
    void findCachedToken(const Environment &env, std::function<void(const std::optional<Token> &)> found);
    void fetchWithCredentials(const Environment &environment);
    void completeFlight(const QString &environment, const TokenResult &result);
    void storeToken(const QString &environment, const CachedToken &cached, std::function<void()> done);
    /** Drops the cached tokens whose environment was removed or now gets its tokens elsewhere. */
    void dropUnboundTokens();
    void scheduleWakeup();
    /** The environments auto-refresh looks at: the tokens held here, then every environment. */
    [[nodiscard]] QStringList refreshCandidates() const;
    /** When the token of @p environment is next due for a refresh; nullopt: not to be refreshed unasked. */
    [[nodiscard]] std::optional<QDateTime> refreshDueAt(const QString &environment) const;

    EnvironmentStore *m_environments;
    CredentialVault *m_vault;
    TokenClient *m_client;
    TokenStatusStore *m_statusStore;
    const Clock *m_clock;
    bool m_persistTokens = true;
    bool m_autoRefresh = false;
    QHash<QString, CachedToken> m_tokens;
    QHash<QString, QList<Waiter>> m_flights;
    QHash<QString, QDateTime> m_retryAt;
    QHash<QString, int> m_failures;
    QSet<QString> m_heldByKeychain; ///< renewals waiting out a backoff because the keychain failed
    QHash<QString, std::shared_ptr<QLockFile>> m_locks;
    int m_pendingWrites = 0;
    QString m_lockDirectory;
    QTimer m_wakeup;
};

/** @brief A token as the token slot keeps it: the token, its info, and the endpoint that issued it. */
struct TokenSlotValue
{
    Token token;
    QString tokenEndpoint;
};
/** @brief The stored value of the token slot (sealed in its file). */
[[nodiscard]] QByteArray serialiseTokenSlot(const TokenSlotValue &value);
[[nodiscard]] std::optional<TokenSlotValue> parseTokenSlot(const QByteArray &value);

} // namespace bioepic
