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
    // The server is deleted on its own thread, listening or not (also when this host goes away
    // before the server answered), and before that thread stops: a deleteLater() posted now
    // could still be pending when the thread's loop quits.
    if (m_created && m_thread.isRunning())
        QMetaObject::invokeMethod(
                m_created, [server = m_created] { delete server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

SandboxApi *SandboxHost::api() const
{
    return m_server ? &m_server->api() : nullptr;
}

void SandboxHost::start(const SandboxOptions &options)
{
    if (m_created)
        return; // one server per host
    m_thread.start();
    auto *server = new SandboxServer(options);
    server->moveToThread(&m_thread);
    m_created = server;
    QPointer<SandboxHost> self(this);
    // listen() must run on the thread that owns the server; the answer comes back queued.
    QMetaObject::invokeMethod(server, [self, server] {
        QString problem;
        const bool ok = server->start(&problem);
        const QUrl url = server->baseUrl();
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
