#pragma once

#include "common/secret.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QSet>
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
    /**
     * The whole request, from sending to the last byte of the reply: a server that trickles its
     * answer a byte at a time cannot stretch it. (Qt's transfer timeout alone restarts on every byte.)
     */
    std::chrono::milliseconds timeout{30000};
    /** Replies larger than this are cut off while they arrive, not read into memory first. */
    qint64 maxReplyBytes = kDefaultMaxReplyBytes;
    QString caBundle; ///< extra CA certificates (PEM file), added to the system ones

    static constexpr qint64 kDefaultMaxReplyBytes = qint64(256) * 1024 * 1024;
    static constexpr qint64 kMaxTokenReplyBytes = qint64(1) * 1024 * 1024;
};

/** @brief The outcome of one request, as a value. */
struct HttpResponse
{
    QUrl url; ///< the request URL
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorString;
    bool timedOut = false; ///< no complete answer within HttpRequest::timeout
    qint64 timeoutMs = 0; ///< that timeout
    bool canceled = false;
    QString refused; ///< the request was never sent, and why (plain http to a remote host…)
    qint64 tooLargeLimit = 0; ///< the reply passed HttpRequest::maxReplyBytes (this many) and was cut off
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
 *
 * A server that writes a reply's headers and body separately with Nagle's algorithm on holds the
 * body back until the client acknowledges the headers, which a client delays by up to 40 ms: every
 * request after the first on a kept-alive connection then takes 40 ms more (Python's http.server
 * does this; so did our own sandbox). Qt gives no hold on its sockets to acknowledge at once, so
 * HttpClient watches for the signature (a small body arriving 35 ms or more after its headers, and
 * that gap being most of the request) and after two in a row asks that origin to close each
 * connection: a fresh connection is acknowledged at once (0.5 ms on loopback, against 44 ms).
 */
class HttpClient final : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const HttpResponse &)>;

    /** @param clock stamps HttpResponse::receivedAt (expiry is computed from it); nullptr = system clock */
    HttpClient(QNetworkAccessManager *manager, NetworkLog *log, const Clock *clock = nullptr,
               QObject *parent = nullptr);

    /**
     * @brief Sends the request; returns an id usable with abort(). The callback runs once, never
     * inside this call; when @p context is destroyed first, the request is aborted (its body, which
     * may hold a secret, goes with it) and the callback does not run.
     */
    quint64 send(const HttpRequest &request, QObject *context, Callback callback);
    /** @brief Cancels a request in flight; its callback then reports canceled = true, on a later turn of the event
     * loop. */
    void abort(quint64 requestId);
    /** @brief Origins ("http://host:port") found holding replies back on kept-alive connections. */
    [[nodiscard]] bool closesConnectionsTo(const QUrl &url) const;
    /** @brief How many requests are out: tests check that a cancel really stopped one. */
    [[nodiscard]] qsizetype inFlightCount() const { return m_inFlight.size(); }
    [[nodiscard]] NetworkLog *log() const { return m_log; }
    [[nodiscard]] static QByteArray userAgent();

private:
    void finish(quint64 requestId, QNetworkReply *reply);
    /** Answers a request that was never sent, on the next turn of the event loop. */
    quint64 refuse(const HttpRequest &request, QObject *context, Callback callback, const QString &why);
    void readAvailable(quint64 requestId);
    void cutOff(quint64 requestId, bool deadline);
    /** Watches for replies held back by Nagle's algorithm (see above), per origin. */
    void noteReplyTiming(const QUrl &url, qint64 headersMs, qint64 finishedMs, qint64 startedMs, qint64 bodyBytes);

    struct InFlight
    {
        QPointer<QNetworkReply> reply;
        HttpRequest request;
        QPointer<QObject> context;
        Callback callback;
        qint64 startedMs = 0;
        qint64 headersMs = -1; ///< when the reply's headers arrived
        quint64 logId = 0;
        bool abortedByUs = false;
        bool deadlinePassed = false;
        bool tooLarge = false;
        QString refusedRedirect;
        QList<QSslError> sslErrors;
        QByteArray body; ///< read as it arrives, so the cap holds while streaming
        QMetaObject::Connection contextGone;
    };

    QNetworkAccessManager *m_manager;
    NetworkLog *m_log;
    const Clock *m_clock;
    QHash<quint64, InFlight> m_inFlight;
    QHash<QString, int> m_heldBackInARow; ///< per origin: replies in a row that were held back
    QSet<QString> m_closeConnections; ///< origins asked to close each connection
    quint64 m_nextId = 1;
    bool m_deferCallbacks = false; ///< inside abort(): answer on the next turn of the event loop
};

} // namespace bioepic
