// The GUI as a program: its --demo (the sandbox program it starts, and everything that can go
// wrong with it) and what it loads at start.
#include "coreservices.h"
#include "demoenvironment.h"
#include "fakesecretstore.h"
#include "testsupport.h"

#include "auth/tokenservice.h"
#include "config/environmentstore.h"
#include "credentials/credentialmanager.h"
#include "credentials/historystore.h"

#include <csignal>
#include <sys/types.h>

using namespace bioepic;

class TestGuiProgram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void startsTheSandboxProgramAndLogsIn();
    void theSandboxEndsWithTheDemo();
    void aSandboxThatEndsLaterIsSaidOnce();
    void theSandboxEndsWhenTheGuiIsKilled();
    void aMissingProgramIsNamed_data();
    void aMissingProgramIsNamed();
    void aProgramThatEndsEarlySaysWhy();
    void theSandboxsOwnErrorIsShown();
    void aBadTokenLifetimeIsRefusedBeforeAnything_data();
    void aBadTokenLifetimeIsRefusedBeforeAnything();
    void anythingButALoopbackAddressIsRefused_data();
    void theGuiCompilesNoPatternAtStart();
    void anythingButALoopbackAddressIsRefused();
    void aSilentProgramTimesOut();

private:
    /** A shell script standing in for the sandbox program. */
    QString script(const QByteArray &body);
    struct Outcome
    {
        int ready = 0;
        int failed = 0;
        int stopped = 0;
        QString message;
    };
    void watch(Outcome *outcome);
    /** watch(), then the real sandbox program started and ready() awaited. */
    void startTheRealSandbox(Outcome *outcome);

    std::unique_ptr<test::TempHome> m_home;
    test::FakeSecretStore m_keychain;
    std::unique_ptr<CoreServices> m_core;
    std::unique_ptr<DemoEnvironment> m_demo;
};

void TestGuiProgram::init()
{
    m_home = std::make_unique<test::TempHome>();
    CoreOptions options;
    options.settingsFile = m_home->settingsFile();
    options.stateFile = m_home->stateFile();
    options.historyDirectory = m_home->dataHome() + QStringLiteral("/history");
    options.keychainOverride = &m_keychain;
    m_core = std::make_unique<CoreServices>(options);
    m_demo = std::make_unique<DemoEnvironment>(m_core->environments(), m_core->credentials());
}

void TestGuiProgram::cleanup()
{
    m_demo.reset();
    m_core.reset();
    m_home.reset();
}

QString TestGuiProgram::script(const QByteArray &body)
{
    const QString path = m_home->dir.filePath(QStringLiteral("fake-sandbox"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write("#!/bin/sh\n" + body + '\n') < 0)
        qFatal("cannot write %s", qPrintable(path));
    file.close();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return path;
}

void TestGuiProgram::watch(Outcome *outcome)
{
    connect(m_demo.get(), &DemoEnvironment::ready, this, [outcome] { ++outcome->ready; });
    connect(m_demo.get(), &DemoEnvironment::failed, this, [outcome](const Error &error) {
        ++outcome->failed;
        outcome->message = error.fullText();
    });
    connect(m_demo.get(), &DemoEnvironment::stopped, this, [outcome](const QString &message) {
        ++outcome->stopped;
        outcome->message = message;
    });
}

void TestGuiProgram::startTheRealSandbox(Outcome *outcome)
{
    watch(outcome);
    m_demo->start(120, test::builtProgram(QStringLiteral("bioepic-cred-sandbox")));
    QTRY_COMPARE_WITH_TIMEOUT(outcome->ready + outcome->failed, 1, 20000);
    QVERIFY2(outcome->ready == 1, qPrintable(outcome->message));
}

void TestGuiProgram::startsTheSandboxProgramAndLogsIn()
{
    Outcome outcome;
    startTheRealSandbox(&outcome);
    if (QTest::currentTestFailed())
        return;
    const QUrl url = m_demo->baseUrl();
    QCOMPARE(url.scheme(), QStringLiteral("http"));
    QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
    const std::optional<Environment> env
            = m_core->environments()->find(QString::fromLatin1(DemoEnvironment::kEnvironmentName));
    QVERIFY(env);
    QCOMPARE(env->baseUrl, url);
    QCOMPARE(m_demo->tokenLifetimeS(), 120);
    // The login was verified on the server, and the sandbox's tokens live as long as asked.
    std::optional<TokenResult> got;
    m_core->tokens()->requestToken(env->name, TokenService::Freshness::ForceRefresh, this,
                                   [&got](const TokenResult &result) { got = result; });
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 10000);
    QVERIFY2(got->error.ok(), qPrintable(got->error.fullText()));
    QCOMPARE(got->token.info.lifetimeS(), 120);
    QTest::qWait(100);
    QCOMPARE(outcome.ready, 1);
    QCOMPARE(outcome.failed + outcome.stopped, 0);
}

void TestGuiProgram::theSandboxEndsWithTheDemo()
{
    Outcome outcome;
    startTheRealSandbox(&outcome);
    if (QTest::currentTestFailed())
        return;
    const auto pid = pid_t(m_demo->sandboxProcessId());
    QVERIFY(pid > 0);
    QVERIFY(QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)));
    m_demo.reset();
    // Stopped and waited for: not even a zombie is left.
    QVERIFY(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)));
    QCOMPARE(outcome.stopped + outcome.failed, 0);
}

void TestGuiProgram::aSandboxThatEndsLaterIsSaidOnce()
{
    Outcome outcome;
    startTheRealSandbox(&outcome);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(::kill(pid_t(m_demo->sandboxProcessId()), SIGKILL), 0);
    QTRY_COMPARE(outcome.stopped, 1);
    // Said as it is: the sandbox's greeting on stderr is not a reason.
    QVERIFY2(outcome.message.contains(QStringLiteral("(it was stopped by a signal or crashed);")),
             qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(QStringLiteral("Start the demo again")), qPrintable(outcome.message));
    QTest::qWait(100);
    QCOMPARE(outcome.ready, 1);
    QCOMPARE(outcome.failed, 0);
    QCOMPARE(outcome.stopped, 1);
}

namespace {

/** The pids of @p parent's children running @p name (from /proc/PID/stat: "pid (comm) state ppid ..."). */
QList<qint64> childrenNamed(qint64 parent, const QByteArray &name)
{
    QList<qint64> found;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const qsizetype open = line.indexOf('('), close = line.lastIndexOf(')');
        if (open < 0 || close < open)
            continue;
        const QList<QByteArray> rest = line.mid(close + 2).split(' ');
        // comm is cut to 15 bytes
        if (rest.size() > 1 && rest.at(1).toLongLong() == parent
            && name.startsWith(line.mid(open + 1, close - open - 1)))
            found.append(pid.toLongLong());
    }
    return found;
}

/** Running: neither gone nor a zombie (an orphan's reaper may be slow, or, in a container, absent). */
bool running(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close > 0 && line.size() > close + 2 && line.at(close + 2) != 'Z' && line.at(close + 2) != 'X';
}

} // namespace

void TestGuiProgram::theSandboxEndsWhenTheGuiIsKilled()
{
    // The real GUI with --demo, then SIGKILL: no destructor runs, yet its sandbox must not linger.
    QProcess gui;
    QProcessEnvironment environment = test::cliEnvironment(*m_home, test::randomSecret(QStringLiteral("demo")));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    gui.setProcessEnvironment(environment);
    gui.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    gui.start(test::builtProgram(QStringLiteral("bioepic-credentials")), {QStringLiteral("--demo")});
    QVERIFY(gui.waitForStarted());
    QList<qint64> sandbox;
    QTRY_VERIFY_WITH_TIMEOUT(!(sandbox = childrenNamed(gui.processId(), "bioepic-cred-sandbox")).isEmpty(), 20000);
    QCOMPARE(sandbox.size(), 1);
    QVERIFY(running(sandbox.first()));
    gui.kill();
    QVERIFY(gui.waitForFinished());
    // Its parent gone, the kernel sends the sandbox SIGTERM.
    QTRY_VERIFY_WITH_TIMEOUT(!running(sandbox.first()), 10000);
}

void TestGuiProgram::aMissingProgramIsNamed_data()
{
    QTest::addColumn<QString>("program");
    QTest::newRow("no such file") << QStringLiteral("/nonexistent/bioepic-cred-sandbox");
    QTest::newRow("not executable") << QStringLiteral("/etc/hostname");
}

void TestGuiProgram::aMissingProgramIsNamed()
{
    QFETCH(QString, program);
    Outcome outcome;
    watch(&outcome);
    m_demo->start(120, program);
    QTRY_COMPARE(outcome.failed, 1);
    QVERIFY2(outcome.message.contains(program), qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(QStringLiteral("Reinstall bioepic-credentials")), qPrintable(outcome.message));
    QTest::qWait(200);
    QCOMPARE(outcome.failed, 1);
    QCOMPARE(outcome.ready + outcome.stopped, 0);
    QVERIFY(!m_core->environments()->find(QString::fromLatin1(DemoEnvironment::kEnvironmentName)));
}

void TestGuiProgram::aProgramThatEndsEarlySaysWhy()
{
    Outcome outcome;
    watch(&outcome);
    m_demo->start(120, script("echo 'Sandbox starting' >&2\necho 'Port 1234 is taken' >&2\nexit 3"));
    QTRY_COMPARE(outcome.failed, 1);
    QVERIFY2(outcome.message.contains(QStringLiteral("ended before the demo was ready: it exited with code 3: Port "
                                                     "1234 is taken")),
             qPrintable(outcome.message));
    QTest::qWait(200);
    QCOMPARE(outcome.failed, 1);
    QCOMPARE(outcome.ready + outcome.stopped, 0);
}

void TestGuiProgram::theSandboxsOwnErrorIsShown()
{
    // As the sandbox program reports a failure: the error first, then what to do.
    Outcome outcome;
    watch(&outcome);
    m_demo->start(120,
                  script("echo 'error: The sandbox could not start: no free port.' >&2\n"
                         "echo '  what to do: Choose another --port.' >&2\nexit 1"));
    QTRY_COMPARE(outcome.failed, 1);
    QVERIFY2(outcome.message.contains(
                     QStringLiteral("it exited with code 1: The sandbox could not start: no free port.")),
             qPrintable(outcome.message));
    QVERIFY2(!outcome.message.contains(QStringLiteral("..")), qPrintable(outcome.message));
}

void TestGuiProgram::aBadTokenLifetimeIsRefusedBeforeAnything_data()
{
    QTest::addColumn<QString>("lifetime");
    for (const char *given : {"abc", "9", "2592001", "-600", "1e3", ""})
        QTest::newRow(given) << QString::fromLatin1(given);
}

void TestGuiProgram::aBadTokenLifetimeIsRefusedBeforeAnything()
{
    // It used to become 10 s (or the sandbox's usage error) without a word about what was wrong.
    QFETCH(QString, lifetime);
    QProcessEnvironment environment = test::cliEnvironment(*m_home, test::randomSecret(QStringLiteral("demo")));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const test::CliRun run
            = test::runProgram(test::builtProgram(QStringLiteral("bioepic-credentials")),
                               {QStringLiteral("--demo"), QStringLiteral("--token-lifetime"), lifetime}, environment);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("--token-lifetime: \"%1\" must be a whole number of seconds from 10 to "
                                             "2592000.")
                                      .arg(lifetime)
                                      .toUtf8()),
             run.err.constData());
}

void TestGuiProgram::anythingButALoopbackAddressIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("said");
    QTest::newRow("another host") << QByteArray("echo http://sandbox.example.org:8080\nsleep 30")
                                  << QStringLiteral("\"http://sandbox.example.org:8080\"");
    QTest::newRow("https") << QByteArray("echo https://127.0.0.1:8443\nsleep 30")
                           << QStringLiteral("\"https://127.0.0.1:8443\"");
    QTest::newRow("a user in it") << QByteArray("echo http://me@127.0.0.1:8080\nsleep 30")
                                  << QStringLiteral("\"http://me@127.0.0.1:8080\"");
    QTest::newRow("no port") << QByteArray("echo http://127.0.0.1\nsleep 30") << QStringLiteral("\"http://127.0.0.1\"");
    QTest::newRow("terminal escapes") << QByteArray("printf '\\033]0;owned\\007\\n'\nsleep 30")
                                      << QStringLiteral("\"\\x1b]0;owned\\x07\"");
    QTest::newRow("no line break") << QByteArray("head -c 5000 /dev/zero | tr '\\0' x\nsleep 30")
                                   << QStringLiteral("without saying where it listens");
}

void TestGuiProgram::anythingButALoopbackAddressIsRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, said);
    Outcome outcome;
    watch(&outcome);
    m_demo->start(120, script(body));
    QTRY_COMPARE(outcome.failed, 1);
    QVERIFY2(outcome.message.contains(said), qPrintable(outcome.message));
    QVERIFY2(!outcome.message.contains(QChar(0x1b)), qPrintable(outcome.message));
    // Stopped at once, not left to sleep, and said once.
    QTRY_COMPARE(m_demo->sandboxProcessId(), 0);
    QCOMPARE(outcome.failed, 1);
    QCOMPARE(outcome.ready + outcome.stopped, 0);
    QVERIFY(!m_core->environments()->find(QString::fromLatin1(DemoEnvironment::kEnvironmentName)));
}

void TestGuiProgram::aSilentProgramTimesOut()
{
    Outcome outcome;
    watch(&outcome);
    m_demo->setStartTimeout(300);
    m_demo->start(120, script("sleep 30"));
    QTRY_COMPARE(outcome.failed, 1);
    QVERIFY2(outcome.message.contains(QStringLiteral("did not say where it listens within 0.3 s")),
             qPrintable(outcome.message));
    QTRY_COMPARE(m_demo->sandboxProcessId(), 0);
    QTest::qWait(100);
    QCOMPARE(outcome.failed, 1);
    QCOMPARE(outcome.ready + outcome.stopped, 0);
}

void TestGuiProgram::theGuiCompilesNoPatternAtStart()
{
    // One regular expression compiled maps about 460 KB of PCRE2 for good (a name filter of
    // QDir's is one): the GUI's start, its first frame and what follows it (the watch on what
    // scripts write, history files included) check names by hand instead.
    Environment env;
    env.name = QStringLiteral("lab");
    env.baseUrl = QUrl(QStringLiteral("https://api.lab.example.org"));
    QVERIFY(m_core->environments()->add(env).ok());
    HistoryStore history(m_home->dataHome() + QStringLiteral("/bioepic-credentials/history"));
    QVERIFY(history.append(env.name,
                           {QDateTime::currentDateTimeUtc(),
                            QStringLiteral("login"),
                            QStringLiteral("failed"),
                            QStringLiteral("token"),
                            {},
                            {},
                            {},
                            {}}));
    QProcess gui;
    QProcessEnvironment environment = test::cliEnvironment(*m_home, test::randomSecret(QStringLiteral("start")));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    gui.setProcessEnvironment(environment);
    gui.start(test::builtProgram(QStringLiteral("bioepic-credentials")), {});
    QVERIFY(gui.waitForStarted());
    QTest::qWait(2000); // well after the first frame and the work that waits for it
    QCOMPARE(gui.state(), QProcess::Running);
    QFile maps(QStringLiteral("/proc/%1/smaps").arg(gui.processId()));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    bool inPcre = false, mapped = false;
    qint64 residentKb = 0;
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() >= 5 && fields.at(0).contains('-') && !fields.at(0).endsWith(':')) {
            inPcre = line.contains("libpcre2-16");
            mapped = mapped || inPcre;
        } else if (inPcre && fields.at(0) == "Rss:") {
            residentKb += fields.at(1).toLongLong();
        }
    }
    gui.kill();
    gui.waitForFinished();
    QVERIFY2(mapped, "QtCore links PCRE2: its mapping should be there");
    // Loaded and relocated, never run: about 80 KB. A compiled pattern: 500 KB and more.
    QVERIFY2(residentKb < 256, qPrintable(QStringLiteral("PCRE2 resident: %1 KB").arg(residentKb)));
}

QTEST_MAIN(TestGuiProgram)
#include "tst_guiprogram.moc"
