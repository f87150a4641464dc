#include "sandboxhost.h"

#include "sandboxserver.h"

#include <QPointer>

namespace bioepic {

SandboxHost::SandboxHost(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("sandbox"));
}

SandboxHost::~SandboxHost()
{
    if (m_server)
        QMetaObject::invokeMethod(m_server, &QObject::deleteLater);
    m_thread.quit();
    m_thread.wait();
}

SandboxApi *SandboxHost::api() const
{
    return m_server ? &m_server->api() : nullptr;
}

void SandboxHost::start(const SandboxOptions &options)
{
    m_thread.start();
    auto *server = new SandboxServer(options);
    server->moveToThread(&m_thread);
    QPointer<SandboxHost> self(this);
    // listen() must run on the thread that owns the server; the answer comes back queued.
    QMetaObject::invokeMethod(server, [self, server] {
        QString problem;
        const bool ok = server->start(&problem);
        const QUrl url = server->baseUrl();
        if (!ok)
            server->deleteLater();
        if (!self)
            return;
        QMetaObject::invokeMethod(self, [self, server, ok, url, problem] {
            if (!self)
                return;
            if (ok) {
                self->m_server = server;
                self->m_baseUrl = url;
                Q_EMIT self->started(url);
            } else {
                Q_EMIT self->failed(problem);
            }
        });
    });
}

} // namespace bioepic
