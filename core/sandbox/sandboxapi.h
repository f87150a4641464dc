#pragma once

#include "recordfilter.h"
#include "sandboxoptions.h"
#include "syntheticcatalog.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QRandomGenerator>
#include <QSet>
#include <QUrlQuery>

namespace bioepic {

class Clock;

struct SandboxRequest
{
    QByteArray method; ///< "GET", "POST"…
    QString path; ///< as sent, percent-encoded: "/nmdcschema/biosample_set/nmdc%3Absm%2F1" is three segments
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; ///< lower-case names
    QByteArray body;
};

struct SandboxReply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
};

/** @brief Counters a test or a benchmark can read (GET /sandbox/stats). */
struct SandboxStats
{
    quint64 requests = 0;
    quint64 tokenRequests = 0;
    quint64 tokensIssued = 0;
    quint64 searchRequests = 0;
    quint64 whoAmIRequests = 0;
    quint64 recordsServed = 0;
    quint64 injectedErrors = 0;
    qint64 serveNs = 0; ///< time spent computing replies: the floor no client can beat
};

/**
 * @brief The sandbox API as a pure function of (request, state) → reply; SandboxServer puts it
 * on a socket. Speaks both profiles (docs/ARCHITECTURE.md, "API profiles"), and behaves as the
 * real servers do where it matters to a client:
 *
 * - POST /token: both grants, form or HTTP Basic; expires_in (bioepic) or an NMDC "expires"
 *   object and an HS256 JWT (nmdc); RFC 6749 or FastAPI error bodies, including FastAPI's 422
 *   validation lists and the NMDC Runtime's 400s for missing fields.
 * - Tokens are checked as the NMDC Runtime checks them: a JWT by its signature and exp (so it
 *   survives a restart with the same key, see SandboxOptions::signingKeyFile, and dies with a new
 *   one or rotateSigningKey()), then against the invalidated tokens and the accounts that still
 *   exist; 401s say "invalid", "expired", "invalidated" or "missing" in the server's words.
 * - /api/{collection}[/{id}] (bioepic shape, "results") needs a token. /nmdcschema/{collection}
 *   [/{id}] (nmdc shape, "resources") is public, as on the NMDC Runtime: an unknown collection is
 *   400 "Collection name must be one of […]", a missing record 404 {"detail": "Not found"}, a
 *   used page token 400 "Bad page_token", a bad max_page_size FastAPI's 422 list, and the last
 *   page carries no next_page_token (with the server's quirk: a page exactly as long as what is
 *   left still has one, and the next page is empty).
 * - Sites and site clients, as the NMDC Runtime has them (nmdc profile only): POST
 *   /sites/{site_id}:generateCredentials mints a new client for a site its administrator names (a
 *   user token; 404 "no site with ID …", 403 "You're not registered as an admin for this site");
 *   PATCH /admin/site_clients/{client_id} {"secret"} replaces a client's secret in place for a user
 *   with the "/admin/site_clients" allowance (403 without it, 404 for an unknown client, 400 for an
 *   empty secret, 204 without one). /users/me lists a user's site_admin.
 * - /users/me (who am I), /health, /version; /sandbox/stats and POST /sandbox/rotate-signing-key
 *   for tests and demos. Filters and projections take dotted paths ("lat_lon.latitude").
 *
 * Thread-safe: the GUI runs the server on its own thread and may turn knobs from the UI thread.
 */
class SandboxApi final
{
public:
    SandboxApi(const SandboxOptions &options, const Clock *clock);

    [[nodiscard]] SandboxReply handle(const SandboxRequest &request);

    // Accounts. Secrets never come from a command line: tests and the demo call these.
    /** @brief Creates the client, or replaces all its secrets with this one. */
    void setClient(const QString &clientId, const QString &secret);
    /** @brief One more valid secret for a client: what a dashboard does before a rotation. */
    void addClientSecret(const QString &clientId, const QString &secret);
    /** @brief Revokes one secret of a client and every token issued with it. */
    void revokeClientSecret(const QString &clientId, const QString &secret);
    void setUser(const QString &username, const QString &password);
    /** @brief Removes the account and invalidates every token issued to it. */
    void revoke(const QString &identity);
    /** @brief A site and the clients that belong to it (added to any it already has). */
    void addSite(const QString &siteId, const QStringList &clientIds);
    /** @brief The sites @p username administers (the Runtime's users.site_admin). */
    void setSiteAdmin(const QString &username, const QStringList &siteIds);
    /** @brief Lets @p username do @p action ("/admin/site_clients"), as the Runtime's allowances do. */
    void grantAllowance(const QString &username, const QString &action);
    /** @brief Whether the server would issue a token for this client and secret (tests). */
    [[nodiscard]] bool acceptsClient(const QString &clientId, const QString &secret) const;
    /** @brief The clients of a site, minted ones included (tests). */
    [[nodiscard]] QStringList siteClients(const QString &siteId) const;
    /**
     * @brief A new signing key, as a server restarted with another JWT secret: every token issued
     * so far is rejected from now on. Returns how many issued tokens that made invalid.
     */
    int rotateSigningKey();
    /** @brief Signs tokens with this key from now on (SandboxServer loads it from signingKeyFile). */
    void setSigningKey(const QByteArray &key);
    /**
     * @brief The key kept in @p path: read when the file exists, else created (mode 0600) with a
     * random key. False with a message when it cannot be read or written.
     */
    [[nodiscard]] static bool loadSigningKey(const QString &path, QByteArray *key, QString *error);

    // Knobs.
    void setTokenLifetimeS(int seconds);
    void setLatencyMs(int milliseconds);
    void setErrorRate(double rate);
    void setClockSkewS(int seconds);
    void setJwtExpOffsetS(int seconds);
    void setProfile(SandboxProfile profile);

    [[nodiscard]] SandboxOptions options() const;
    [[nodiscard]] int latencyMs() const;
    [[nodiscard]] SandboxStats stats() const;
    [[nodiscard]] QDateTime serverNow() const;

private:
    struct IssuedToken
    {
        QString subject; ///< "client:<id>" or "user:<name>"
        QDateTime expiresAt; ///< server time
        QString secret; ///< the client secret it was issued for (revoking that secret revokes the token)
    };
    /** Why a request's bearer token was refused, or Valid. */
    enum class TokenVerdict { Valid, Missing, Invalid, Expired, Invalidated };
    struct Caller
    {
        TokenVerdict verdict = TokenVerdict::Missing;
        QString subject;
        QDateTime expiresAt;
    };
    struct Cursor
    {
        QString collection;
        RecordFilter filter;
        QStringList projection;
        int pageSize = 20;
        int nextIndex = 0;
        QString resultsKey;
        QDateTime createdAt;
    };
    enum class Style { OAuth, FastApi };

    [[nodiscard]] SandboxReply route(const SandboxRequest &request);
    [[nodiscard]] SandboxReply token(const SandboxRequest &request);
    [[nodiscard]] SandboxReply issue(const QString &subject, const QString &secret = {});
    [[nodiscard]] SandboxReply bioepicCollection(const SandboxRequest &request, const QStringList &segments);
    [[nodiscard]] SandboxReply nmdcCollection(const SandboxRequest &request, const QStringList &segments);
    [[nodiscard]] SandboxReply search(const SandboxRequest &request, const QString &collection,
                                      const QString &resultsKey);
    [[nodiscard]] SandboxReply page(const QString &resultsKey, Cursor cursor);
    [[nodiscard]] SandboxReply record(const SandboxRequest &request, const QString &collection, const QString &id,
                                      bool fastApi);
    [[nodiscard]] SandboxReply whoAmI(const SandboxRequest &request);
    [[nodiscard]] SandboxReply generateCredentials(const SandboxRequest &request, const QString &siteId);
    [[nodiscard]] SandboxReply updateSiteClient(const SandboxRequest &request, const QString &clientId);
    /** @brief The user a request's token belongs to, or an error reply (a client token is not a user). */
    [[nodiscard]] QString authenticateUser(const SandboxRequest &request, SandboxReply *failure);
    [[nodiscard]] SandboxReply control(const SandboxRequest &request, const QStringList &segments);
    [[nodiscard]] SandboxReply statsReply() const;
    [[nodiscard]] Caller caller(const SandboxRequest &request) const;
    /** @brief The caller's subject, or an error reply in *failure. */
    [[nodiscard]] QString authenticate(const SandboxRequest &request, SandboxReply *failure);
    [[nodiscard]] SandboxReply error(int status, const QString &oauthCode, const QString &message) const;
    /** FastAPI's request validation error (422) in the style of the environment's profile. */
    [[nodiscard]] SandboxReply validationError(const QString &location, const QString &field, const QString &message,
                                               const QString &type, const QString &input) const;
    [[nodiscard]] static SandboxReply detail(int status, const QString &message);
    [[nodiscard]] QByteArray makeJwt(const QString &subject, const QDateTime &issuedAt,
                                     const QDateTime &expiresAt) const;
    [[nodiscard]] QDateTime serverNowLocked() const;
    [[nodiscard]] Style style() const;
    void purgeExpired();

    mutable QMutex m_mutex;
    SandboxOptions m_options;
    const Clock *m_clock;
    SyntheticCatalog m_catalog;
    QHash<QString, QStringList> m_clients; ///< client id → its valid secrets
    QHash<QString, QString> m_users;
    QHash<QString, QStringList> m_sites; ///< site id → its client ids
    QHash<QString, QStringList> m_siteAdmins; ///< username → the sites they administer
    QHash<QString, QStringList> m_allowances; ///< username → allowed actions
    int m_mintedClients = 0;
    QHash<QByteArray, IssuedToken> m_tokens;
    QSet<QByteArray> m_invalidated; ///< tokens revoked before their expiry (the NMDC "invalidated_tokens")
    QHash<QByteArray, Cursor> m_cursors;
    QByteArray m_signingKey;
    QRandomGenerator m_random; ///< seeded: the error-rate knob is reproducible; tokens use the system RNG
    SandboxStats m_stats;
};

} // namespace bioepic
