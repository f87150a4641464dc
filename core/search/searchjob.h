#pragma once

#include "common/error.h"
#include "config/environment.h"
#include "net/apierror.h"
#include "net/httpclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

namespace bioepic {

class EnvironmentStore;
class HttpClient;
class TokenService;

/** @brief What to search. */
struct SearchRequest
{
    QString environment;
    QString collection;
    QJsonObject filter;
    QStringList fields; ///< projection; empty: every field
    int pageSize = 20;
    bool allPages = false;
    int maxPages = 0; ///< with allPages: stop after this many pages (0: no cap)
    qint64 limit = 0; ///< stop once this many records arrived (0: no limit)
    /**
     * Continue an earlier search from its next_page_token (the GUI's Next page). Single-use, like
     * every page token: a request that carries one is never retried, not even after a 401.
     */
    QString pageToken;
    bool byId = false; ///< fetch the one record recordId instead of searching
    QString recordId;
    /**
     * Deliver pages (and a record by id) as validated JSON bytes (rawPageReceived) instead of
     * parsed records: for JSON output, which then passes the server's bytes through.
     */
    bool rawJson = false;
};

struct SearchProgress
{
    int pages = 0;
    qint64 records = 0;
    qint64 bytes = 0;
    qint64 elapsedMs = 0;
};

struct SearchOutcome
{
    Error error;
    ApiError apiError;
    int failedPage = 0; ///< 1-based page that failed; the pages before it were delivered
    bool canceled = false;
    bool moreAvailable = false; ///< stopped by the page cap or the limit while the server had more
    QString nextPageToken; ///< with moreAvailable and no limit cut: where a Next page continues
    bool recordMissing = false; ///< --id: the server has no such record (its collection answered)
    SearchProgress totals;

    [[nodiscard]] bool ok() const { return error.ok(); }
};

/**
 * @brief What is wrong with @p request before anything is asked (a collection name that is not
 * one path segment, an empty record id, …), or empty. SearchJob checks it too; a caller checks
 * first to refuse before it writes any output.
 */
[[nodiscard]] QString searchRequestProblem(const SearchRequest &request);

/**
 * @brief One search, page by page, with the environment's token.
 *
 * @code
 *   token (cached or refreshed) ─► GET page 1 ── 401? ─► refresh the token once, GET page 1 again
 *        ─► page k arrives: read next_page_token, ask for page k+1 at once, then hand page k out
 *        ─► … until no next token, the page cap, the limit, a failure or cancel()
 * @endcode
 * Page tokens are single-use, so a request that carries one is never retried: a failure on
 * page k ends the search with failedPage = k, and pages 1…k-1 have already been delivered.
 * A 401 on the first page marks the cached token rejected (TokenService::markRejected) before
 * the one refresh.
 * Pages are handed out and not kept: memory grows with what the consumer keeps.
 *
 * One record by id: the id is one path segment, percent-encoded ('/', '?', '#', spaces); the
 * fields go along as the projection. A 404 is checked against the collection itself (one
 * one-record page): if that answers, the record does not exist (recordMissing, exit 1); if not,
 * the base URL or the profile is wrong.
 * finished() is emitted exactly once.
 */
class SearchJob final : public QObject
{
    Q_OBJECT

public:
    SearchJob(EnvironmentStore *environments, TokenService *tokens, HttpClient *http, SearchRequest request,
              QObject *parent = nullptr);

    void start();
    void cancel();
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] const SearchRequest &request() const { return m_request; }

Q_SIGNALS:
    /** @brief @p page is 1-based; @p rawRecords is the page's records as compact JSON without brackets. */
    void pageReceived(int page, const QJsonArray &records);
    /** @brief rawJson mode: the page's records as compact JSON elements without brackets (valid during the call). */
    void rawPageReceived(int page, const QByteArray &elements, qsizetype count);
    void progress(const bioepic::SearchProgress &progress);
    void finished(const bioepic::SearchOutcome &outcome);

private:
    void withToken(bool forceRefresh);
    void requestPage(const QString &pageToken);
    [[nodiscard]] HttpRequest baseRequest(const QString &purpose) const;
    /** A record answered 404: does its collection exist? */
    void checkCollection(const ApiError &recordError);
    void onPage(const struct HttpResponse &response, const QString &pageToken);
    void fail(const Error &error, const ApiError &apiError = {});
    void failPage(int page, const struct HttpResponse &response, const QString &why);
    void finish(SearchOutcome outcome);

    EnvironmentStore *m_environments;
    TokenService *m_tokens;
    HttpClient *m_http;
    SearchRequest m_request;
    Environment m_env; ///< the settings as start() found them
    ApiProfile m_profile;
    QByteArray m_bearer;
    QString m_tokenFingerprint; ///< of the token in m_bearer
    QElapsedTimer m_clock;
    SearchProgress m_progress;
    quint64 m_requestId = 0;
    bool m_refreshedOnce = false;
    bool m_canceled = false;
    bool m_finished = false;
    int m_lastPage = 0;
    QString m_pendingNextToken;
};

} // namespace bioepic

Q_DECLARE_METATYPE(bioepic::SearchOutcome)
Q_DECLARE_METATYPE(bioepic::SearchProgress)
