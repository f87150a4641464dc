#include "httpclient.h"

#include "common/clock.h"
#include "common/deadline.h"
#include "common/logging.h"
#include "networklog.h"
#include "redaction.h"
#include "tlsconfig.h"
#include "transport.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QTimeZone>
#include <QTimer>

namespace bioepic {

namespace {

qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return clock.elapsed();
}

constexpr qint64 kReadAheadBytes = 1024 * 1024;

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
            && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
            && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
            == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

} // namespace

QDateTime parseHttpDate(const QByteArray &value)
{
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"; parse in the C locale, whatever the user's locale.
    QDateTime time = QLocale::c().toDateTime(QString::fromLatin1(value.trimmed()),
                                             QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!time.isValid())
        return {};
    time.setTimeZone(QTimeZone::utc());
    return time;
}

HttpClient::HttpClient(QNetworkAccessManager *manager, NetworkLog *log, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_log(log)
    , m_clock(clock)
{
}

QByteArray HttpClient::userAgent()
{
    return QByteArrayLiteral("bioepic-credentials/" BIOEPIC_VERSION " Qt/") + qVersion();
}

quint64 HttpClient::refuse(const HttpRequest &request, QObject *context, Callback callback, const QString &why)
{
    const quint64 id = m_nextId++;
    qCWarning(lcNet).noquote() << "refused to send" << request.purpose << "request:" << why;
    HttpResponse response;
    response.url = request.url;
    response.refused = why;
    response.receivedAt = m_clock ? m_clock->now() : QDateTime::currentDateTimeUtc();
    if (m_log) {
        NetworkLogEntry entry;
        entry.startedAt = response.receivedAt;
        entry.environment = request.environment;
        entry.purpose = request.purpose;
        entry.method = request.verb;
        entry.url = redaction::url(request.url);
        response.logId = m_log->begin(entry);
        m_log->finish(response.logId,
                      [&](NetworkLogEntry &finished) { finished.error = QStringLiteral("not sent: %1").arg(why); });
    }
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, this, [guard, callback = std::move(callback), response] {
        if (guard)
            callback(response);
    });
    return id;
}

quint64 HttpClient::send(const HttpRequest &request, QObject *context, Callback callback)
{
    // Requests carry secrets: the transport rule holds here, whatever the URL's source.
    if (const QString why = transportProblem(request.url); !why.isEmpty())
        return refuse(request, context, std::move(callback), why);
    if (!isSafeHeaderValue(request.authorization.reveal()) || !isSafeHeaderValue(request.contentType))
        return refuse(request, context, std::move(callback),
                      QStringLiteral("a header value holds a line break, which would add headers of its own"));
    const quint64 id = m_nextId++;
    QNetworkRequest networkRequest(request.url);
    networkRequest.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    networkRequest.setRawHeader("Accept", "application/json");
    networkRequest.setTransferTimeout(int(request.timeout.count()));
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                request.redirects == RedirectRule::Never ? QNetworkRequest::ManualRedirectPolicy
                                                                         : QNetworkRequest::UserVerifiedRedirectPolicy);
    networkRequest.setMaximumRedirectsAllowed(5);
    if (!request.contentType.isEmpty())
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    if (!request.authorization.isEmpty())
        networkRequest.setRawHeader("Authorization", request.authorization.reveal());
    if (request.url.scheme() == QLatin1String("https"))
        networkRequest.setSslConfiguration(sslConfigurationFor(request.caBundle));
    if (closesConnectionsTo(request.url))
        networkRequest.setRawHeader("Connection", "close");

    NetworkLogEntry entry;
    entry.startedAt = m_clock ? m_clock->now() : QDateTime::currentDateTimeUtc();
    entry.environment = request.environment;
    entry.purpose = request.purpose;
    entry.method = request.verb;
    entry.url = redaction::url(request.url);
    entry.bytesSent = request.body.size();
    for (const QByteArray &name : networkRequest.rawHeaderList())
        entry.requestHeaders.append({name, redaction::headerValue(name, networkRequest.rawHeader(name))});
    if (!request.body.isEmpty()) {
        entry.requestBody = request.bodyHasSecrets ? redaction::formBody(request.body)
                                                   : QStringLiteral("%1 bytes").arg(request.body.size());
    }
    const quint64 logId = m_log ? m_log->begin(entry) : 0;
    qCDebug(lcNetHttp).noquote() << request.environment << request.verb << entry.url;

    QNetworkReply *reply = m_manager->sendCustomRequest(networkRequest, request.verb, request.body);
    // Qt reads ahead only this far before it waits for us: the cap holds while the bytes arrive.
    reply->setReadBufferSize(kReadAheadBytes);
    InFlight flight;
    flight.reply = reply;
    flight.request = request;
    flight.context = context;
    flight.callback = std::move(callback);
    flight.startedMs = monotonicMs();
    flight.logId = logId;
    if (context) {
        // A caller that is gone takes its request with it: nothing runs on for nobody.
        flight.contextGone = connect(context, &QObject::destroyed, this, [this, id] {
            auto it = m_inFlight.find(id);
            if (it != m_inFlight.end() && it->reply) {
                it->abortedByUs = true;
                it->reply->abort();
            }
        });
    }
    m_inFlight.insert(id, std::move(flight));

    connect(reply, &QNetworkReply::readyRead, this, [this, id] { readAvailable(id); });
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, id, reply] {
        // A declared length past the cap: stop before the first byte of the body.
        bool known = false;
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
        auto it = m_inFlight.find(id);
        if (it != m_inFlight.end() && it->headersMs < 0)
            it->headersMs = monotonicMs();
        if (known && it != m_inFlight.end() && length > it->request.maxReplyBytes) {
            it->tooLarge = true;
            reply->abort();
        }
    });
    // The deadline is the reply's child, gone with it; the reply's own transfer timeout catches silence.
    startDeadline(reply, request.timeout, [this, id] { cutOff(id, true); });

    connect(reply, &QNetworkReply::redirected, this, [this, id, reply](const QUrl &target) {
        auto it = m_inFlight.find(id);
        if (it == m_inFlight.end())
            return;
        const QUrl resolved = reply->url().resolved(target);
        if (sameOrigin(it->request.url, resolved)) {
            Q_EMIT reply->redirectAllowed();
            return;
        }
        // Never carry an Authorization header or a token to another host.
        qCWarning(lcNet) << "refused redirect to another origin:" << redaction::url(resolved);
        it->refusedRedirect = redaction::url(resolved);
        reply->abort();
    });
    connect(reply, &QNetworkReply::sslErrors, this, [this, id](const QList<QSslError> &errors) {
        // Recorded for the message; never ignored.
        auto it = m_inFlight.find(id);
        if (it != m_inFlight.end())
            it->sslErrors = errors;
    });
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { finish(id, reply); });
    return id;
}

namespace {
QString originOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toString();
}
} // namespace

bool HttpClient::closesConnectionsTo(const QUrl &url) const
{
    return m_closeConnections.contains(originOf(url));
}

void HttpClient::noteReplyTiming(const QUrl &url, qint64 headersMs, qint64 finishedMs, qint64 startedMs,
                                 qint64 bodyBytes)
{
    constexpr qint64 kHeldBackMs = 35; // Linux acknowledges after 40 ms at the least
    constexpr qint64 kSmallBody = 64 * 1024; // what one write can hold back whole
    const QString origin = originOf(url);
    if (headersMs < 0 || m_closeConnections.contains(origin))
        return;
    const qint64 gap = finishedMs - headersMs;
    const bool heldBack = bodyBytes <= kSmallBody && gap >= kHeldBackMs && gap * 2 > finishedMs - startedMs;
    int &inARow = m_heldBackInARow[origin];
    inARow = heldBack ? inARow + 1 : 0;
    if (inARow < 2)
        return;
    m_closeConnections.insert(origin);
    m_heldBackInARow.remove(origin);
    qCInfo(lcNet).noquote() << origin << "holds each reply back on a kept-alive connection (about" << gap
                            << "ms: Nagle's algorithm against delayed acknowledgements); a fresh connection per "
                               "request from now on";
}

void HttpClient::abort(quint64 requestId)
{
    auto it = m_inFlight.find(requestId);
    if (it == m_inFlight.end() || !it->reply)
        return;
    it->abortedByUs = true;
    // QNetworkReply::abort() finishes at once; the callback must still come later, as promised.
    m_deferCallbacks = true;
    it->reply->abort();
    m_deferCallbacks = false;
}

void HttpClient::readAvailable(quint64 requestId)
{
    auto it = m_inFlight.find(requestId);
    if (it == m_inFlight.end() || !it->reply || it->tooLarge)
        return;
    it->body += it->reply->readAll();
    if (it->body.size() > it->request.maxReplyBytes) {
        it->tooLarge = true;
        it->body.clear();
        it->body.squeeze();
        it->reply->abort(); // finishes the request: `it` is gone after this
    }
}

void HttpClient::cutOff(quint64 requestId, bool deadline)
{
    auto it = m_inFlight.find(requestId);
    if (it == m_inFlight.end() || !it->reply)
        return;
    it->deadlinePassed = deadline;
    it->reply->abort();
}

void HttpClient::finish(quint64 requestId, QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_inFlight.find(requestId);
    if (it == m_inFlight.end())
        return;
    InFlight flight = std::move(*it);
    m_inFlight.erase(it);
    disconnect(flight.contextGone);

    HttpResponse response;
    response.url = flight.request.url;
    response.networkError = reply->error();
    response.networkErrorString = reply->errorString();
    response.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.canceled = flight.abortedByUs;
    response.refusedRedirect = flight.refusedRedirect;
    response.sslErrors = flight.sslErrors;
    response.tooLargeLimit = flight.tooLarge ? flight.request.maxReplyBytes : 0;
    response.timeoutMs = flight.request.timeout.count();
    // A transfer timeout aborts the reply with OperationCanceledError (TimeoutError in later Qt versions).
    response.timedOut = flight.deadlinePassed
            || (!flight.abortedByUs && !flight.tooLarge && flight.refusedRedirect.isEmpty()
                && (reply->error() == QNetworkReply::OperationCanceledError
                    || reply->error() == QNetworkReply::TimeoutError));
    if (!flight.tooLarge && reply->isOpen())
        flight.body += reply->readAll();
    if (flight.body.size() > flight.request.maxReplyBytes) {
        response.tooLargeLimit = flight.request.maxReplyBytes;
        flight.body.clear();
    }
    response.body = redaction::scrub(flight.body, flight.request.secretsToScrub);
    for (const auto &[name, value] : reply->rawHeaderPairs())
        response.headers.insert(name.toLower(), value);
    response.serverDate = parseHttpDate(response.header("date"));
    response.receivedAt = m_clock ? m_clock->now() : QDateTime::currentDateTimeUtc();
    const qint64 finishedMs = monotonicMs();
    response.elapsedMs = finishedMs - flight.startedMs;
    response.logId = flight.logId;
    if (reply->error() == QNetworkReply::NoError)
        noteReplyTiming(flight.request.url, flight.headersMs, finishedMs, flight.startedMs, response.body.size());

    if (m_log && flight.logId) {
        const HttpRequest &request = flight.request;
        m_log->finish(flight.logId, [&](NetworkLogEntry &entry) {
            entry.httpStatus = response.httpStatus;
            entry.durationMs = response.elapsedMs;
            entry.bytesReceived = response.body.size();
            if (response.tooLargeLimit)
                entry.error = QStringLiteral("cut off: larger than %1 bytes").arg(response.tooLargeLimit);
            else if (response.canceled)
                entry.error = QStringLiteral("canceled");
            else if (response.timedOut)
                entry.error = QStringLiteral("timed out after %1 s").arg(request.timeout.count() / 1000.0);
            else if (!response.refusedRedirect.isEmpty())
                entry.error = QStringLiteral("refused redirect to %1").arg(response.refusedRedirect);
            else if (response.httpStatus == 0 && response.networkError != QNetworkReply::NoError)
                entry.error = response.networkErrorString;
            for (const auto &[name, value] : reply->rawHeaderPairs())
                entry.responseHeaders.append({name, redaction::headerValue(name, value)});
            if (request.replyHasSecrets)
                entry.responseBody = redaction::tokenReply(response.body);
            else if (response.httpStatus >= 400)
                entry.responseBody = redaction::errorExcerpt(response.body);
            else if (!response.body.isEmpty())
                entry.responseBody = QStringLiteral("%1 bytes").arg(response.body.size());
        });
    }
    qCDebug(lcNetHttp).noquote() << flight.request.environment << flight.request.verb
                                 << redaction::url(flight.request.url) << response.httpStatus << response.elapsedMs
                                 << "ms";
    if (!flight.context)
        return;
    if (m_deferCallbacks) {
        QTimer::singleShot(0, flight.context,
                           [callback = std::move(flight.callback), response] { callback(response); });
        return;
    }
    flight.callback(response);
}

} // namespace bioepic
