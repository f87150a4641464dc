#include "demoenvironment.h"

#include "common/helperprogram.h"
#include "common/servertext.h"
#include "config/environmentstore.h"
#include "credentials/credentialmanager.h"
#include "sandbox/sandboxoptions.h"

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace bioepic {

namespace {

// The sandbox prints its URL, one short line; anything longer before a line break is not that.
constexpr qsizetype kMaxAddressLine = 256;
constexpr qsizetype kStderrTail = 2048;

} // namespace

DemoEnvironment::DemoEnvironment(EnvironmentStore *environments, CredentialManager *credentials, QObject *parent)
    : QObject(parent)
    , m_environments(environments)
    , m_credentials(credentials)
{
    m_startTimeout.setSingleShot(true);
    m_startTimeout.setInterval(kStartTimeoutMs);
    connect(&m_startTimeout, &QTimer::timeout, this, [this] {
        fail(tr("The sandbox program did not say where it listens within %1 s.")
                     .arg(QString::number(m_startTimeout.interval() / 1000.0)));
        m_process.kill();
    });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &DemoEnvironment::readAddress);
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        // Read as it comes (QProcess would otherwise buffer a long-running server's output without
        // bound), keeping only the end.
        m_stderrTail.append(m_process.readAllStandardError());
        if (m_stderrTail.size() > kStderrTail)
            m_stderrTail.remove(0, m_stderrTail.size() - kStderrTail);
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(tr("Could not start the sandbox program %1: %2").arg(m_process.program(), m_process.errorString()),
                 tr("Reinstall bioepic-credentials: the sandbox program comes with it."));
    });
    connect(&m_process, &QProcess::finished, this, &DemoEnvironment::processEnded);
}

DemoEnvironment::~DemoEnvironment()
{
    m_process.disconnect(this);
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(2000)) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
}

void DemoEnvironment::start(int tokenLifetimeS, const QString &program)
{
    if (m_stage != Stage::Idle)
        return; // one sandbox per demo
    m_stage = Stage::Starting;
    m_tokenLifetimeS = tokenLifetimeS;
    m_process.setProgram(program.isEmpty() ? helperProgram(QLatin1String(kSandboxProgram)) : program);
    m_process.setArguments(
            {QStringLiteral("sandbox"), QStringLiteral("--token-lifetime"), QString::number(tokenLifetimeS)});
    m_process.setStandardInputFile(QProcess::nullDevice());
#ifdef Q_OS_LINUX
    // The sandbox goes when the GUI goes, also when the GUI is killed or crashes: the kernel sends
    // it SIGTERM then. If the GUI died before the request was made, the child already has another
    // parent and goes at once.
    const pid_t parent = ::getpid();
    m_process.setChildProcessModifier([parent] {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent)
            ::_exit(1);
    });
#endif
    m_startTimeout.start();
    m_process.start();
}

void DemoEnvironment::readAddress()
{
    const QByteArray bytes = m_process.readAllStandardOutput();
    if (m_stage != Stage::Starting)
        return; // what follows the address is not read
    m_firstLine.append(bytes);
    const qsizetype end = m_firstLine.indexOf('\n');
    if (end < 0) {
        if (m_firstLine.size() > kMaxAddressLine) {
            fail(tr("The sandbox program wrote %1 bytes without saying where it listens.").arg(m_firstLine.size()));
            m_process.kill();
        }
        return;
    }
    const QByteArray line = m_firstLine.left(end).trimmed();
    const QUrl url = QUrl::fromEncoded(line, QUrl::StrictMode);
    // Only ever a loopback http address: the demo's credentials go to it.
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host() != QLatin1String("127.0.0.1")
        || url.port() <= 0 || !url.userInfo().isEmpty()) {
        fail(tr("The sandbox program said \"%1\" where its address (http://127.0.0.1:PORT) was expected.")
                     .arg(escapeServerText(line.left(kMaxAddressLine))));
        m_process.kill();
        return;
    }
    m_startTimeout.stop();
    m_baseUrl = url;
    m_stage = Stage::LoggingIn;
    configure(url);
}

QString DemoEnvironment::endedText(int exitCode, QProcess::ExitStatus status) const
{
    if (status == QProcess::CrashExit)
        return tr("it was stopped by a signal or crashed");
    QString text = tr("it exited with code %1").arg(exitCode);
    if (exitCode == 0)
        return text; // its last words are its greeting
    // The sandbox says "error: what went wrong" first, then the detail, the remedy or a usage hint.
    QByteArray error, last; // another program's words: its last line
    for (const QByteArray &line : m_stderrTail.split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (trimmed.startsWith("error: ") && error.isEmpty())
            error = trimmed.mid(7);
        if (!trimmed.isEmpty())
            last = trimmed;
    }
    QByteArray reason = error.isEmpty() ? last : error;
    while (reason.endsWith('.'))
        reason.chop(1);
    if (!reason.isEmpty())
        text += QStringLiteral(": ") + escapeServerText(reason);
    return text;
}

void DemoEnvironment::processEnded(int exitCode, QProcess::ExitStatus status)
{
    switch (m_stage) {
    case Stage::Starting:
    case Stage::LoggingIn:
        fail(tr("The sandbox program ended before the demo was ready: %1.").arg(endedText(exitCode, status)));
        return;
    case Stage::Ready:
        m_stage = Stage::Over;
        Q_EMIT stopped(tr("The demo's sandbox ended (%1); its environment no longer answers. Start the demo "
                          "again to go on.")
                               .arg(endedText(exitCode, status)));
        return;
    case Stage::Idle:
    case Stage::Over:
        return;
    }
}

void DemoEnvironment::fail(const QString &message, const QString &remedy)
{
    if (m_stage == Stage::Ready || m_stage == Stage::Over)
        return;
    m_stage = Stage::Over;
    m_startTimeout.stop();
    Q_EMIT failed({ErrorClass::Failure, message, remedy, {}, {}});
}

void DemoEnvironment::configure(const QUrl &baseUrl)
{
    const QString name = QString::fromLatin1(kEnvironmentName);
    Environment env;
    env.name = name;
    env.baseUrl = baseUrl; // the port changes from run to run
    // The sandbox answers who-am-I whatever the profile: with it, logins, rotations and the
    // diagnosis prove the token on the server instead of trusting the token request alone.
    env.profileOverrides.insert(QStringLiteral("who_am_i_path"), QStringLiteral("/users/me"));
    const Error error = m_environments->find(name) ? m_environments->update(env) : m_environments->add(env);
    if (!error.ok()) {
        m_stage = Stage::Over;
        Q_EMIT failed(error);
        return;
    }
    login(false);
}

void DemoEnvironment::login(bool sessionOnly)
{
    const QString name = QString::fromLatin1(kEnvironmentName);
    m_credentials->setSessionOnly(name, sessionOnly);
    Credentials demo;
    demo.method = AuthMethod::ClientCredentials;
    demo.identity = QString::fromLatin1(sandboxdemo::kClientId);
    demo.secret = Secret(QByteArray(sandboxdemo::kClientSecret));
    m_credentials->login(name, demo, true, this, [this, name, sessionOnly](const LoginResult &result) {
        if (m_stage != Stage::LoggingIn)
            return; // the sandbox ended meanwhile, and that was said
        if (result.error.kind == ErrorClass::KeychainUnavailable && !sessionOnly) {
            // No keychain here (a bare container, no session bus): the demo still works, in memory.
            login(true);
            return;
        }
        if (!result.error.ok()) {
            m_stage = Stage::Over;
            Q_EMIT failed(result.error);
            return;
        }
        m_stage = Stage::Ready;
        Q_EMIT ready(name, sessionOnly);
    });
}

} // namespace bioepic
