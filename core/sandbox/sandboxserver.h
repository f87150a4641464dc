#pragma once

#include "common/clock.h"
#include "sandboxapi.h"

#include <QAbstractHttpServer>
#include <QUrl>

namespace bioepic {

/**
 * @brief The sandbox API on a loopback socket.
 *
 * Built on QAbstractHttpServer rather than QHttpServer's router because Qt 6.4's QHttpServer
 * crashes when a delayed answer (the latency knob) is written after the client went away, and
 * its QFuture answers crash outright; here a delayed answer checks that its socket still exists.
 * Listens on 127.0.0.1 only and refuses any other peer.
 */
class SandboxServer final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit SandboxServer(const SandboxOptions &options, const Clock *clock = nullptr, QObject *parent = nullptr);

    /** @brief Starts listening on 127.0.0.1 (options.port, 0 = any). Returns false with a message on failure. */
    bool start(QString *error);
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QUrl baseUrl() const;
    [[nodiscard]] SandboxApi &api() { return m_api; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    SystemClock m_systemClock;
    SandboxApi m_api;
    quint16 m_port = 0;
    quint16 m_requestedPort;
    bool m_tls = false;
    SandboxOptions m_options;
};

} // namespace bioepic
