#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QTimer>
#include <QUrl>

namespace bioepic {

class CredentialManager;
class EnvironmentStore;

/**
 * @brief `--demo`: starts the sandbox program, points the "sandbox" environment at it and stores
 * the demo credentials, verified, so every feature can be tried with no account.
 *
 * @code
 *   bioepic-cred-sandbox sandbox ─► its URL on stdout ─► "sandbox" environment added or re-pointed
 *        ─► verified login (keychain unavailable? ─► same login kept in memory) ─► ready()
 * @endcode
 * The server runs in a process of its own, so the GUI never loads an HTTP server (QtHttpServer,
 * QtWebSockets) unless the demo is asked for, and it ends with the GUI, even when the GUI is killed.
 * Answers ready() or failed() exactly once; stopped() follows ready() if the sandbox ends first.
 */
class DemoEnvironment final : public QObject
{
    Q_OBJECT

public:
    static constexpr char kEnvironmentName[] = "sandbox";
    /** @brief How long the sandbox program may take to say where it listens, by default. */
    static constexpr int kStartTimeoutMs = 15'000;

    DemoEnvironment(EnvironmentStore *environments, CredentialManager *credentials, QObject *parent = nullptr);
    /** @brief Stops the sandbox program (SIGTERM, then SIGKILL after 2 s). */
    ~DemoEnvironment() override;

    /** @brief Starts @p program (the installed sandbox unless a test names another) with tokens of @p tokenLifetimeS.
     */
    void start(int tokenLifetimeS, const QString &program = {});
    [[nodiscard]] QUrl baseUrl() const { return m_baseUrl; }
    [[nodiscard]] int tokenLifetimeS() const { return m_tokenLifetimeS; }
    /** @brief The sandbox program's process id while it runs, else 0. */
    [[nodiscard]] qint64 sandboxProcessId() const { return m_process.processId(); }
    /** @brief Tests: a shorter wait for the address than kStartTimeoutMs; before start(). */
    void setStartTimeout(int milliseconds) { m_startTimeout.setInterval(milliseconds); }

Q_SIGNALS:
    void ready(const QString &environment, bool sessionOnly);
    void failed(const bioepic::Error &error);
    /** @brief After ready(): the sandbox program ended; @p message says how. */
    void stopped(const QString &message);

private:
    enum class Stage { Idle, Starting, LoggingIn, Ready, Over };

    void readAddress();
    void processEnded(int exitCode, QProcess::ExitStatus status);
    [[nodiscard]] QString endedText(int exitCode, QProcess::ExitStatus status) const;
    void fail(const QString &message, const QString &remedy = {});
    void configure(const QUrl &baseUrl);
    void login(bool sessionOnly);

    EnvironmentStore *m_environments;
    CredentialManager *m_credentials;
    QProcess m_process;
    QTimer m_startTimeout;
    Stage m_stage = Stage::Idle;
    QByteArray m_firstLine; ///< stdout until its first line break (bounded)
    QByteArray m_stderrTail; ///< the last bytes of its stderr, for a message when it fails
    QUrl m_baseUrl;
    int m_tokenLifetimeS = 0;
};

} // namespace bioepic
