#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

namespace bioepic::test {

/**
 * @brief An HTTP/1.1 server on loopback that answers exactly the bytes a test scripts, the way a
 * broken or hostile server would: endless bodies, a byte a second, lying headers, control
 * characters. Unlike the sandbox it has no API of its own; it records every request it got.
 */
class HostileServer final : public QObject
{
    Q_OBJECT

public:
    /** @brief How the body of a reply is sent. */
    enum class Mode {
        Whole, ///< the status line, headers and body at once
        Endless, ///< the body repeated until the client hangs up (no Content-Length)
        Trickle, ///< the body one byte per interval
        /**
         * Keeps the connection alive and, after a connection's first request, sends each body
         * intervalMs after its headers: what Nagle's algorithm does to a server that writes them
         * separately, against a client that delays its acknowledgement. A request that asks for
         * "Connection: close" is answered whole, and the connection closed.
         */
        HeldBack,
    };

    struct Reply
    {
        int status = 200;
        QList<std::pair<QByteArray, QByteArray>> headers; ///< sent as given: nothing is checked
        QByteArray body;
        Mode mode = Mode::Whole;
        int intervalMs = 1000; ///< Trickle
        qint64 endlessLimit = qint64(4) * 1024 * 1024 * 1024; ///< Endless stops here at the latest
    };

    struct Request
    {
        QByteArray method;
        QByteArray path; ///< as sent, with any query
        QByteArray head; ///< request line and headers, raw
        QByteArray body;
    };

    explicit HostileServer(QObject *parent = nullptr);

    /** @brief Answers requests whose path (without query) is @p path; unknown paths get 404. */
    void setReply(const QByteArray &path, const Reply &reply) { m_replies.insert(path, reply); }
    [[nodiscard]] QUrl baseUrl() const;
    [[nodiscard]] const QList<Request> &requests() const { return m_requests; }
    /** @brief Body bytes sent by Endless replies so far. */
    [[nodiscard]] qint64 endlessBytesSent() const { return m_endlessSent; }

    /** @brief A JSON reply with the given status. */
    [[nodiscard]] static Reply json(const QByteArray &body, int status = 200);

private:
    void onConnection();
    void onReadable(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const Reply &reply, const Request &request);
    void feedEndless(QTcpSocket *socket, const QByteArray &chunk, qint64 limit);

    QTcpServer m_server;
    QHash<QByteArray, Reply> m_replies;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QHash<QTcpSocket *, int> m_answered; ///< requests answered per connection
    qint64 m_endlessSent = 0;
};

} // namespace bioepic::test
