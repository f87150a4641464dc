#include "hostileserver.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace bioepic::test {

HostileServer::HostileServer(QObject *parent)
    : QObject(parent)
{
    if (!m_server.listen(QHostAddress::LocalHost))
        qFatal("the hostile server cannot listen");
    connect(&m_server, &QTcpServer::newConnection, this, &HostileServer::onConnection);
}

QUrl HostileServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

HostileServer::Reply HostileServer::json(const QByteArray &body, int status)
{
    Reply reply;
    reply.status = status;
    reply.headers = {{"Content-Type", "application/json"}};
    reply.body = body;
    return reply;
}

void HostileServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            m_answered.remove(socket);
            socket->deleteLater();
        });
    }
}

void HostileServer::onReadable(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    Request request;
    request.head = buffer.left(end);
    const QList<QByteArray> requestLine = request.head.left(request.head.indexOf("\r\n")).split(' ');
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    qsizetype length = 0;
    for (const QByteArray &line : request.head.split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    if (buffer.size() < end + 4 + length)
        return; // the body is still coming
    request.body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    m_requests.append(request);

    const QByteArray path
            = request.path.left(request.path.indexOf('?') < 0 ? request.path.size() : request.path.indexOf('?'));
    const auto reply = m_replies.constFind(path);
    answer(socket, reply != m_replies.constEnd() ? *reply : json(R"({"detail":"Not Found"})", 404), request);
}

void HostileServer::answer(QTcpSocket *socket, const Reply &reply, const Request &request)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + " Whatever\r\n";
    for (const auto &[name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    switch (reply.mode) {
    case Mode::Whole:
        head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\nConnection: close\r\n\r\n";
        socket->write(head + reply.body);
        socket->disconnectFromHost();
        break;
    case Mode::Endless:
        // Close-delimited: no length, the body ends when the connection does (which is never).
        socket->write(head + "Connection: close\r\n\r\n");
        connect(socket, &QTcpSocket::bytesWritten, this,
                [this, socket, chunk = reply.body, limit = reply.endlessLimit] { feedEndless(socket, chunk, limit); });
        feedEndless(socket, reply.body, reply.endlessLimit);
        break;
    case Mode::HeldBack: {
        const bool close = request.head.toLower().contains("\r\nconnection: close");
        const bool first = m_answered[socket]++ == 0;
        head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n"
                + (close ? QByteArray("Connection: close\r\n") : QByteArray()) + "\r\n";
        if (close || first) {
            socket->write(head + reply.body);
            if (close)
                socket->disconnectFromHost();
            break;
        }
        socket->write(head);
        socket->flush();
        QPointer<QTcpSocket> alive(socket);
        QTimer::singleShot(reply.intervalMs, this, [alive, body = reply.body] {
            if (alive && alive->state() == QAbstractSocket::ConnectedState)
                alive->write(body);
        });
        break;
    }
    case Mode::Trickle: {
        socket->write(head + "Content-Length: " + QByteArray::number(reply.body.size())
                      + "\r\nConnection: close\r\n\r\n");
        auto *timer = new QTimer(socket);
        auto sent = std::make_shared<qsizetype>(0);
        connect(timer, &QTimer::timeout, socket, [socket, timer, sent, body = reply.body] {
            if (*sent >= body.size() || socket->state() != QAbstractSocket::ConnectedState) {
                timer->stop();
                return;
            }
            socket->write(body.mid((*sent)++, 1));
        });
        timer->start(reply.intervalMs);
        break;
    }
    }
}

void HostileServer::feedEndless(QTcpSocket *socket, const QByteArray &chunk, qint64 limit)
{
    // Keep a few chunks queued, no more: the memory that grows must be the client's, not ours.
    while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 4 * chunk.size()
           && m_endlessSent < limit) {
        socket->write(chunk);
        m_endlessSent += chunk.size();
    }
}

} // namespace bioepic::test
