#pragma once

#include "sandboxoptions.h"

#include <QObject>
#include <QThread>
#include <QUrl>

namespace bioepic {

class SandboxApi;
class SandboxServer;

/**
 * @brief Runs a SandboxServer on its own thread, so serving pages never competes with the UI.
 *
 * start() answers with started(url) or failed(message), exactly once, on the caller's thread.
 */
class SandboxHost final : public QObject
{
    Q_OBJECT

public:
    explicit SandboxHost(QObject *parent = nullptr);
    ~SandboxHost() override;

    void start(const SandboxOptions &options);
    [[nodiscard]] QUrl baseUrl() const { return m_baseUrl; }
    /** @brief The running API (thread-safe), or nullptr before started(). */
    [[nodiscard]] SandboxApi *api() const;

Q_SIGNALS:
    void started(const QUrl &baseUrl);
    void failed(const QString &message);

private:
    QThread m_thread;
    SandboxServer *m_created = nullptr; ///< owned: deleted on m_thread by the destructor
    SandboxServer *m_server = nullptr; ///< m_created once it listens
    QUrl m_baseUrl;
};

} // namespace bioepic
