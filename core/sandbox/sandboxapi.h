#pragma once

#include "recordfilter.h"
#include "sandboxoptions.h"
#include "syntheticcatalog.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QRandomGenerator>
#include <QUrlQuery>

namespace bioepic {

class Clock;

struct SandboxRequest
{
    QByteArray method; ///< "GET", "POST"…
    QString path; ///< decoded path
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
    quint64 recordsServed = 0;
    quint64 injectedErrors = 0;
    qint64 serveNs = 0; ///< time spent computing replies: the floor no client can beat
};

/**
 * @brief The sandbox API as a pure function of (request, state) → reply; SandboxServer puts it
 * on a socket. Speaks both profiles (docs/ARCHITECTURE.md, "API profiles"): token replies with expires_in or an NMDC
 * "expires" object, RFC 6749 or FastAPI error bodies, "results" under /api/ and "resources"
 * under /nmdcschema/, single-use page tokens, /health, /version and /users/me.
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
    [[nodiscard]] SandboxReply search(const SandboxRequest &request, const QString &collection,
                                      const QString &resultsKey);
    [[nodiscard]] SandboxReply plainPage(const QString &collection, const QString &resultsKey, Cursor cursor,
                                         int total);
    [[nodiscard]] SandboxReply record(const SandboxRequest &request, const QString &collection, const QString &id);
    [[nodiscard]] SandboxReply whoAmI(const SandboxRequest &request);
    [[nodiscard]] SandboxReply statsReply() const;
    /** @brief The caller's subject, or an error reply in *failure. */
    [[nodiscard]] QString authenticate(const SandboxRequest &request, SandboxReply *failure);
    [[nodiscard]] SandboxReply error(int status, const QString &oauthCode, const QString &message) const;
    [[nodiscard]] SandboxReply validationError(const QString &field, const QString &message, const QString &type) const;
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
    QHash<QByteArray, IssuedToken> m_tokens;
    QHash<QByteArray, Cursor> m_cursors;
    QByteArray m_signingKey;
    QRandomGenerator m_random; ///< seeded: the error-rate knob is reproducible; tokens use the system RNG
    SandboxStats m_stats;
};

} // namespace bioepic
