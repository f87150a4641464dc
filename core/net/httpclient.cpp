#include "httpclient.h"

#include "common/clock.h"
#include "common/logging.h"
#include "networklog.h"
#include "redaction.h"
#include "tlsconfig.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QTimeZone>

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

quint64 HttpClient::send(const HttpRequest &request, QObject *context, Callback callback)
{
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
    InFlight flight;
    flight.reply = reply;
    flight.request = request;
    flight.context = context;
    flight.callback = std::move(callback);
    flight.startedMs = monotonicMs();
    flight.logId = logId;
    m_inFlight.insert(id, std::move(flight));

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

void HttpClient::abort(quint64 requestId)
{
    auto it = m_inFlight.find(requestId);
    if (it == m_inFlight.end() || !it->reply)
        return;
    it->abortedByUs = true;
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

    HttpResponse response;
    response.url = flight.request.url;
    response.networkError = reply->error();
    response.networkErrorString = reply->errorString();
    response.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.canceled = flight.abortedByUs;
    response.refusedRedirect = flight.refusedRedirect;
    response.sslErrors = flight.sslErrors;
    // A transfer timeout aborts the reply with OperationCanceledError (TimeoutError in later Qt versions).
    response.timedOut = !flight.abortedByUs && flight.refusedRedirect.isEmpty()
            && (reply->error() == QNetworkReply::OperationCanceledError
                || reply->error() == QNetworkReply::TimeoutError);
    QList<QByteArray> secrets = flight.request.secretsToScrub;
    response.body = reply->isOpen() ? redaction::scrub(reply->readAll(), secrets) : QByteArray();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        response.headers.insert(name.toLower(), value);
    response.serverDate = parseHttpDate(response.header("date"));
    response.receivedAt = m_clock ? m_clock->now() : QDateTime::currentDateTimeUtc();
    response.elapsedMs = monotonicMs() - flight.startedMs;
    response.logId = flight.logId;

    if (m_log && flight.logId) {
        const HttpRequest &request = flight.request;
        m_log->finish(flight.logId, [&](NetworkLogEntry &entry) {
            entry.httpStatus = response.httpStatus;
            entry.durationMs = response.elapsedMs;
            entry.bytesReceived = response.body.size();
            if (response.canceled)
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
    if (flight.context)
        flight.callback(response);
}

} // namespace bioepic
