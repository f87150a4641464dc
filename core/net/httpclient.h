#pragma once

#include "common/secret.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QUrl>

#include <chrono>
#include <functional>

class QNetworkAccessManager;

namespace bioepic {

class Clock;
class NetworkLog;

/** @brief What a request may do when the server redirects it. */
enum class RedirectRule {
    Never, ///< a 3xx is returned to the caller as is (token requests: credentials are never re-sent)
    SameOrigin, ///< follow only to the same scheme, host and port
};

/** @brief Everything needed to send one request. Built by the auth and search clients. */
struct HttpRequest
{
    QString environment; ///< for the network log
    QString purpose; ///< "token", "search", "whoami"… for the network log
    QByteArray verb = QByteArrayLiteral("GET");
    QUrl url;
    QByteArray contentType;
    QByteArray body;
    bool bodyHasSecrets = false; ///< form body with a secret: the log shows only a redacted summary
    bool replyHasSecrets = false; ///< token reply: the log shows tokens as fingerprints
    Secret authorization; ///< full Authorization header value, or empty
    QList<QByteArray> secretsToScrub; ///< values a server must never echo back into logs or messages
    RedirectRule redirects = RedirectRule::SameOrigin;
    std::chrono::milliseconds timeout{30000};
    QString caBundle; ///< extra CA certificates (PEM file), added to the system ones
};

/** @brief The outcome of one request, as a value. */
struct HttpResponse
{
    QUrl url; ///< the request URL
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorString;
    bool timedOut = false;
    bool canceled = false;
    QString refusedRedirect; ///< target of a redirect that was refused
    QList<QSslError> sslErrors;
    int httpStatus = 0;
    QByteArray body; ///< with the request's secrets scrubbed out
    QHash<QByteArray, QByteArray> headers; ///< lower-case names
    QDateTime serverDate; ///< the Date header, when valid
    QDateTime receivedAt; ///< local time the reply finished
    qint64 elapsedMs = 0;
    quint64 logId = 0;

    [[nodiscard]] QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
    [[nodiscard]] bool isHttpSuccess() const { return httpStatus >= 200 && httpStatus < 300; }
};

/** @brief Parses an HTTP-date (RFC 9110 IMF-fixdate), returning an invalid QDateTime on failure. */
[[nodiscard]] QDateTime parseHttpDate(const QByteArray &value);

/**
 * @brief The one place requests are built and sent (the Tokodon "makeRequest" habit).
 *
 * Applies the transfer timeout, the user agent, the redirect rule, the CA bundle and HTTP/2
 * settings; logs every request to the NetworkLog with redaction; deletes every reply; and
 * answers every send() exactly once (unless the context object is gone).
 */
class HttpClient final : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const HttpResponse &)>;

    /** @param clock stamps HttpResponse::receivedAt (expiry is computed from it); nullptr = system clock */
    HttpClient(QNetworkAccessManager *manager, NetworkLog *log, const Clock *clock = nullptr,
               QObject *parent = nullptr);

    /** @brief Sends the request; returns an id usable with abort(). */
    quint64 send(const HttpRequest &request, QObject *context, Callback callback);
    /** @brief Cancels a request in flight; its callback then reports canceled = true. */
    void abort(quint64 requestId);
    [[nodiscard]] NetworkLog *log() const { return m_log; }
    [[nodiscard]] static QByteArray userAgent();

private:
    void finish(quint64 requestId, QNetworkReply *reply);

    struct InFlight
    {
        QPointer<QNetworkReply> reply;
        HttpRequest request;
        QPointer<QObject> context;
        Callback callback;
        qint64 startedMs = 0;
        quint64 logId = 0;
        bool abortedByUs = false;
        QString refusedRedirect;
        QList<QSslError> sslErrors;
    };

    QNetworkAccessManager *m_manager;
    NetworkLog *m_log;
    const Clock *m_clock;
    QHash<quint64, InFlight> m_inFlight;
    quint64 m_nextId = 1;
};

} // namespace bioepic
