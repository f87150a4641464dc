#include "sandboxserver.h"

#include "common/logging.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpSocket>
#include <QTimer>

namespace bioepic {

namespace {
QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "UNKNOWN";
    }
}

void writeReply(QHttpServerResponder &responder, const SandboxReply &reply)
{
    QHttpServerResponse response(reply.contentType, reply.body,
                                 static_cast<QHttpServerResponder::StatusCode>(reply.status));
    for (const auto &[name, value] : reply.headers)
        response.addHeader(name, value);
    response.write(std::move(responder));
}
} // namespace

SandboxServer::SandboxServer(const SandboxOptions &options, const Clock *clock, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_api(options, clock ? clock : &m_systemClock)
    , m_requestedPort(options.port)
    , m_options(options)
{
}

bool SandboxServer::start(QString *error)
{
    if (!m_options.signingKeyFile.isEmpty()) {
        QByteArray key;
        if (!SandboxApi::loadSigningKey(m_options.signingKeyFile, &key, error))
            return false;
        m_api.setSigningKey(key);
    }
    if (!m_options.tlsCertificateFile.isEmpty() || !m_options.tlsKeyFile.isEmpty()) {
        QFile certificateFile(m_options.tlsCertificateFile);
        QFile keyFile(m_options.tlsKeyFile);
        if (!certificateFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read the TLS certificate or key (%1, %2)")
                             .arg(m_options.tlsCertificateFile, m_options.tlsKeyFile);
            return false;
        }
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certificateFile.readAll(), QSsl::Pem);
        const QSslKey key(keyFile.readAll(), QSsl::Rsa, QSsl::Pem);
        if (chain.isEmpty() || key.isNull()) {
            *error = QStringLiteral("the TLS certificate or key is not a PEM RSA certificate and key");
            return false;
        }
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificateChain(chain);
        config.setPrivateKey(key);
        config.setPeerVerifyMode(QSslSocket::VerifyNone); // the server does not ask clients for certificates
        sslSetup(config);
        m_tls = true;
    }
    m_port = listen(QHostAddress::LocalHost, m_requestedPort);
    if (m_port == 0) {
        *error = m_requestedPort
                ? QStringLiteral("cannot listen on 127.0.0.1:%1 (is the port in use?)").arg(m_requestedPort)
                : QStringLiteral("cannot listen on 127.0.0.1");
        return false;
    }
    qCInfo(lcSandbox) << "sandbox listening on" << baseUrl().toString();
    return true;
}

QUrl SandboxServer::baseUrl() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

bool SandboxServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // QHttpServerResponder writes the status line, the headers and the body separately. With
    // Nagle's algorithm on, a kept-alive connection then holds the last piece back until the client
    // acknowledges the first, and clients delay that acknowledgement by up to 40 ms: every request
    // after the first one on a connection took 44 ms instead of 1. No delay: each piece goes at once.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QHttpServerResponder responder = makeResponder(request, socket);
    if (!request.remoteAddress().isLoopback()) {
        writeReply(responder,
                   {403, "application/json", R"({"detail":"the sandbox only serves loopback clients"})", {}});
        return true;
    }
    SandboxRequest sandboxRequest;
    sandboxRequest.method = methodName(request.method());
    // Encoded: an id holding "/" stays one path segment.
    sandboxRequest.path = request.url().path(QUrl::FullyEncoded);
    sandboxRequest.query = request.query();
    for (const auto &[name, value] : request.headers())
        sandboxRequest.headers.insert(name.toLower(), value);
    sandboxRequest.body = request.body();
    const SandboxReply reply = m_api.handle(sandboxRequest);

    const int latency = m_api.latencyMs();
    if (latency <= 0) {
        writeReply(responder, reply);
        return true;
    }
    // A delayed answer must not touch a socket the client has closed meanwhile.
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> alive(socket);
    QTimer::singleShot(latency, this, [held, alive, reply] {
        if (alive && alive->state() == QAbstractSocket::ConnectedState)
            writeReply(*held, reply);
    });
    return true;
}

void SandboxServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    writeReply(responder, {404, "application/json", R"({"detail":"Not Found"})", {}});
}

} // namespace bioepic
