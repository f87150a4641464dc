#include "searchjob.h"

#include "auth/tokenservice.h"
#include "common/asciichar.h"
#include "common/servertext.h"
#include "config/environmentstore.h"
#include "net/httpclient.h"
#include "pagescanner.h"

#include <QJsonDocument>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

namespace bioepic {

SearchJob::SearchJob(EnvironmentStore *environments, TokenService *tokens, HttpClient *http, SearchRequest request,
                     QObject *parent)
    : QObject(parent)
    , m_environments(environments)
    , m_tokens(tokens)
    , m_http(http)
    , m_request(std::move(request))
{
}

QString searchRequestProblem(const SearchRequest &request)
{
    // Names and ids become path segments: nothing may climb out of the collection's path. A
    // character check: a pattern's "$" also matched before a final line break.
    const auto nameCharacter = [](QChar c) { return isAsciiLetterOrDigit(c) || c == u'_'; };
    const QString &collection = request.collection;
    if (collection.trimmed().isEmpty())
        return QStringLiteral("No collection given");
    if (!nameCharacter(collection.front())
        || !std::all_of(collection.begin(), collection.end(), [&](QChar c) { return nameCharacter(c) || c == u'-'; }))
        return QStringLiteral("\"%1\" is not a collection name (letters, digits, '_' and '-' only)")
                .arg(escapeServerText(collection));
    if (request.pageSize < 1)
        return QStringLiteral("The page size must be at least 1");
    if (request.byId && request.recordId.isEmpty())
        return QStringLiteral("The record id is empty");
    if (request.byId && (request.recordId == QLatin1String(".") || request.recordId == QLatin1String("..")))
        return QStringLiteral("\"%1\" is not a record id").arg(request.recordId);
    return {};
}

void SearchJob::start()
{
    m_clock.start();
    // Every page is asked of the environment as it is now, even if its settings change meanwhile.
    const auto env = m_environments->find(m_request.environment);
    if (!env) {
        QTimer::singleShot(0, this, [this] { fail(unknownEnvironmentError(m_request.environment)); });
        return;
    }
    m_env = *env;
    m_profile = env->profile();
    const QString problem = searchRequestProblem(m_request);
    if (!problem.isEmpty()) {
        QTimer::singleShot(0, this, [this, problem] { fail({ErrorClass::Usage, problem, {}, {}, {}}); });
        return;
    }
    withToken(false);
}

void SearchJob::cancel()
{
    if (m_finished || m_canceled)
        return;
    m_canceled = true;
    if (m_requestId)
        m_http->abort(m_requestId);
    else
        QTimer::singleShot(0, this, [this] { fail({ErrorClass::Failure, QStringLiteral("Canceled"), {}, {}, {}}); });
}

void SearchJob::withToken(bool forceRefresh)
{
    m_tokens->requestToken(m_request.environment,
                           forceRefresh ? TokenService::Freshness::ForceRefresh : TokenService::Freshness::UseCached,
                           this, [this](const TokenResult &result) {
                               if (m_canceled) {
                                   fail({ErrorClass::Failure, QStringLiteral("Canceled"), {}, {}, {}});
                                   return;
                               }
                               if (!result.ok()) {
                                   fail(result.error, result.apiError);
                                   return;
                               }
                               m_bearer = QByteArrayLiteral("Bearer ") + result.token.accessToken.reveal();
                               m_tokenFingerprint = result.token.info.fingerprint;
                               requestPage(m_request.pageToken);
                           });
}

HttpRequest SearchJob::baseRequest(const QString &purpose) const
{
    HttpRequest request = m_env.request(purpose, m_profile.searchPathFor(m_request.collection));
    request.maxReplyBytes = qint64(m_env.maxPageMb) * 1024 * 1024;
    request.authorization = Secret(m_bearer);
    return request;
}

void SearchJob::requestPage(const QString &pageToken)
{
    const ApiProfile &profile = m_profile;
    HttpRequest request = baseRequest(m_request.byId ? QStringLiteral("record") : QStringLiteral("search"));
    if (m_request.byId) {
        // One segment whatever the id holds: '/' becomes %2F, '?' %3F, '#' %23.
        request.url.setPath(request.url.path(QUrl::FullyEncoded) + QLatin1Char('/')
                                    + QString::fromLatin1(QUrl::toPercentEncoding(m_request.recordId)),
                            QUrl::TolerantMode);
        if (!m_request.fields.isEmpty()) {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("projection"),
                               QString::fromLatin1(QUrl::toPercentEncoding(m_request.fields.join(QLatin1Char(',')))));
            request.url.setQuery(query);
        }
    } else {
        QUrlQuery query;
        if (!m_request.filter.isEmpty())
            query.addQueryItem(QStringLiteral("filter"),
                               QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(
                                       QJsonDocument(m_request.filter).toJson(QJsonDocument::Compact)))));
        query.addQueryItem(QStringLiteral("max_page_size"), QString::number(m_request.pageSize));
        if (!m_request.fields.isEmpty())
            query.addQueryItem(QStringLiteral("projection"),
                               QString::fromLatin1(QUrl::toPercentEncoding(m_request.fields.join(QLatin1Char(',')))));
        if (!pageToken.isEmpty())
            query.addQueryItem(profile.pageTokenParam, QString::fromLatin1(QUrl::toPercentEncoding(pageToken)));
        request.url.setQuery(query);
    }
    m_requestId = m_http->send(request, this, [this, pageToken](const HttpResponse &response) {
        m_requestId = 0;
        onPage(response, pageToken);
    });
}

void SearchJob::onPage(const HttpResponse &response, const QString &pageToken)
{
    const int page = m_lastPage + 1;
    if (m_canceled || response.canceled) {
        SearchOutcome outcome;
        outcome.canceled = true;
        outcome.error = {ErrorClass::Failure,
                         m_progress.pages ? QStringLiteral("Canceled after %1 page(s)").arg(m_progress.pages)
                                          : QStringLiteral("Canceled"),
                         {},
                         {},
                         {}};
        finish(outcome);
        return;
    }
    const ApiError error = classifyResponse(response, Endpoint::Api);
    if (!error.ok()) {
        // A 401 on the first request: the cached token may have been revoked or expired early.
        // Mark it, refresh once and ask again; a page token is never retried (it is single-use).
        const bool unauthorized
                = error.code == ApiError::Code::TokenExpired || error.code == ApiError::Code::TokenInvalid;
        if (unauthorized && pageToken.isEmpty() && page == 1 && !m_refreshedOnce) {
            m_refreshedOnce = true;
            m_tokens->markRejected(m_request.environment, m_tokenFingerprint, error.serverMessage);
            withToken(true);
            return;
        }
        if (error.code == ApiError::Code::NotFound && m_request.byId) {
            checkCollection(error);
            return;
        }
        SearchOutcome outcome;
        outcome.apiError = error;
        outcome.failedPage = page;
        outcome.error = error.toError();
        if (page > 1)
            outcome.error.message = QStringLiteral("Page %1 failed after %2 page(s) with %3 record(s): %4")
                                            .arg(page)
                                            .arg(m_progress.pages)
                                            .arg(m_progress.records)
                                            .arg(error.message());
        finish(outcome);
        return;
    }
    const ApiProfile &profile = m_profile;
    const bool raw = m_request.rawJson;
    QJsonArray records;
    ScannedPage scanned;
    QString nextToken;
    qsizetype count = 0;
    QByteArray record; ///< by id, raw: the record's own bytes
    if (m_request.byId) {
        qsizetype at = -1;
        if (const QString problem = scanObject(response.body, &at); !problem.isEmpty()) {
            failPage(page, response,
                     QStringLiteral("the record is not a JSON object: %1 (at byte %2)").arg(problem).arg(at));
            return;
        }
        if (raw)
            record = response.body.trimmed();
        else
            records.append(QJsonDocument::fromJson(response.body).object());
        count = 1;
    } else if (raw) {
        scanned = scanPage(response.body, profile.resultsKey, profile.nextTokenKey);
        if (!scanned.ok()) {
            failPage(page, response, scanned.error + QStringLiteral(" (at byte %1)").arg(scanned.errorOffset));
            return;
        }
        count = scanned.count();
        nextToken = scanned.nextToken;
    } else {
        const QJsonDocument document = QJsonDocument::fromJson(response.body);
        const QJsonObject object = document.object();
        const QJsonValue results = object.value(profile.resultsKey);
        if (!document.isObject() || !results.isArray()) {
            // The scanner says exactly what is wrong, and where (invalid UTF-8, a bad escape…).
            const ScannedPage why = document.isObject()
                    ? ScannedPage{}
                    : scanPage(response.body, profile.resultsKey, profile.nextTokenKey);
            failPage(page, response,
                     !why.ok() ? why.error + QStringLiteral(" (at byte %1)").arg(why.errorOffset)
                             : !document.isObject()
                             ? QStringLiteral("the page is not a JSON object")
                             : QStringLiteral("the page has no \"%1\" list (its keys: %2); is the API profile right?")
                                       .arg(profile.resultsKey,
                                            escapeServerText(object.keys().join(QStringLiteral(", ")).left(300))));
            return;
        }
        records = results.toArray();
        nextToken = object.value(profile.nextTokenKey).toString();
        count = records.size();
    }

    m_lastPage = page;
    m_progress.pages = page;
    m_progress.bytes += response.body.size();
    qint64 keep = count;
    if (m_request.limit > 0 && m_progress.records + keep > m_request.limit)
        keep = m_request.limit - m_progress.records;
    m_progress.records += keep;
    m_progress.elapsedMs = m_clock.elapsed();

    const bool limitReached = m_request.limit > 0 && m_progress.records >= m_request.limit;
    const bool capReached = m_request.maxPages > 0 && page >= m_request.maxPages;
    const bool wantMore = !m_request.byId && m_request.allPages && !limitReached && !capReached;
    const bool continuing = wantMore && !nextToken.isEmpty();
    // Ask for the next page before handing this one out: the server works while the consumer does.
    if (continuing)
        requestPage(nextToken);
    if (raw && m_request.byId) {
        Q_EMIT rawPageReceived(page, record, 1);
    } else if (raw) {
        const QByteArrayView elements = scanned.elements(response.body, keep);
        // An owning copy: a queued receiver reads it after this page's body is gone.
        Q_EMIT rawPageReceived(page, elements.toByteArray(), keep);
    } else {
        while (records.size() > keep)
            records.removeLast();
        Q_EMIT pageReceived(page, records);
    }
    Q_EMIT progress(m_progress);
    if (!continuing) {
        SearchOutcome outcome;
        outcome.moreAvailable = !nextToken.isEmpty();
        // A page cut short by the limit would lose its other records: only whole pages continue.
        if (keep == count)
            outcome.nextPageToken = nextToken;
        finish(outcome);
    }
}

void SearchJob::checkCollection(const ApiError &recordError)
{
    HttpRequest request = baseRequest(QStringLiteral("search"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("max_page_size"), QStringLiteral("1"));
    request.url.setQuery(query);
    m_requestId = m_http->send(request, this, [this, recordError](const HttpResponse &response) {
        m_requestId = 0;
        SearchOutcome outcome;
        outcome.failedPage = 1;
        if (m_canceled || response.canceled) {
            outcome.canceled = true;
            outcome.error = {ErrorClass::Failure, QStringLiteral("Canceled"), {}, {}, {}};
        } else if (classifyResponse(response, Endpoint::Api).ok()) {
            // The collection answers: it is the record that is not there.
            outcome.recordMissing = true;
            outcome.apiError = recordError;
            outcome.error
                    = {ErrorClass::Failure,
                       QStringLiteral("No record with id \"%1\" in %2").arg(m_request.recordId, m_request.collection),
                       QStringLiteral("Check the id; search the collection to see which ids it has."),
                       recordError.serverMessage,
                       {}};
        } else {
            outcome.apiError = recordError;
            outcome.error = recordError.toError();
        }
        finish(outcome);
    });
}

void SearchJob::failPage(int page, const HttpResponse &response, const QString &why)
{
    SearchOutcome outcome;
    outcome.failedPage = page;
    outcome.apiError = badResponse(response, Endpoint::Api, why);
    outcome.error = outcome.apiError.toError();
    if (page > 1)
        outcome.error.message = QStringLiteral("Page %1 was unusable after %2 good page(s): %3")
                                        .arg(page)
                                        .arg(m_progress.pages)
                                        .arg(outcome.error.message);
    finish(outcome);
}

void SearchJob::fail(const Error &error, const ApiError &apiError)
{
    SearchOutcome outcome;
    outcome.error = error;
    outcome.apiError = apiError;
    outcome.canceled = m_canceled;
    finish(outcome);
}

void SearchJob::finish(SearchOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    m_progress.elapsedMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    outcome.totals = m_progress;
    Q_EMIT finished(outcome);
}

} // namespace bioepic
