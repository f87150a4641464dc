#pragma once

#include "common/error.h"
#include "sandbox/sandboxhost.h"

#include <QObject>

namespace bioepic {

class CredentialManager;
class EnvironmentStore;

/**
 * @brief `--demo`: starts the sandbox on its own thread, points the "sandbox" environment at it
 * and stores the demo credentials, verified, so every feature can be tried with no account.
 *
 * @code
 *   sandbox thread listens ─► "sandbox" environment added or re-pointed ─► verified login
 *        (keychain unavailable? ─► same login kept in memory for this session) ─► ready()
 * @endcode
 * Answers ready() or failed() exactly once.
 */
class DemoEnvironment final : public QObject
{
    Q_OBJECT

public:
    static constexpr char kEnvironmentName[] = "sandbox";

    DemoEnvironment(EnvironmentStore *environments, CredentialManager *credentials, QObject *parent = nullptr);

    void start(const SandboxOptions &options);
    [[nodiscard]] SandboxHost *host() { return &m_host; }

Q_SIGNALS:
    void ready(const QString &environment, bool sessionOnly);
    void failed(const bioepic::Error &error);

private:
    void configure(const QUrl &baseUrl);
    void login(bool sessionOnly);

    EnvironmentStore *m_environments;
    CredentialManager *m_credentials;
    SandboxHost m_host;
};

} // namespace bioepic
