// The end-to-end secret scan: a scripted session of every command of bioepic-cred (the command
// table says which exist; the test fails if one was left out) and of the GUI's demo, with debug
// logging on, then a search of every file they wrote and everything they printed for the secrets
// and the tokens they handled.
#include "command.h"
#include "sandbox/sandboxoptions.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QTest>

using namespace bioepic;

class TestSecretScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCommandThenTheGui();
    void demoLeavesNoTrace();

private:
    test::CliRun cli(const QStringList &arguments, const QByteArray &input = {}, bool stdoutIsAToken = false);

    test::TempHome m_home;
    QProcessEnvironment m_environment;
    QSet<QString> m_ran;
    QList<QByteArray> m_outputs;
};

test::CliRun TestSecretScan::cli(const QStringList &arguments, const QByteArray &input, bool stdoutIsAToken)
{
    int consumed = 0;
    if (const cli::Command *command = cli::findCommand(arguments, &consumed))
        m_ran.insert(command->name());
    test::CliRun run = test::runCli(arguments, m_environment, input, 60000);
    if (!stdoutIsAToken)
        m_outputs.append(run.out);
    m_outputs.append(run.err);
    return run;
}

void TestSecretScan::everyCommandThenTheGui()
{
    BIOEPIC_REQUIRE_KEYRING();
    test::SandboxFixture sandbox;
    const QString second = test::randomSecret();
    sandbox.api().addClientSecret(sandbox.clientId, second);
    QList<QByteArray> secrets{sandbox.clientSecret.toUtf8(), second.toUtf8()};

    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.configHome());
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home.dataHome());
    m_environment.insert(QStringLiteral("BIOEPIC_KEYCHAIN_SERVICE"),
                         test::randomSecret(QStringLiteral("bioepic-scan")));
    m_environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("bioepic.*.debug=true"));
    m_environment.remove(QStringLiteral("CLIENT_SECRET"));
    const QString url = sandbox.baseUrl().toString();
    const QString project = m_home.dir.filePath(QStringLiteral("project"));
    QDir().mkpath(project);

    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("lab"), QStringLiteral("--base-url"),
                  url, QStringLiteral("--set"), QStringLiteral("who_am_i_path=/users/me")})
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("edit"), QStringLiteral("lab"), QStringLiteral("--timeout"),
                  QStringLiteral("20")})
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("list")}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("login"), QStringLiteral("lab"), QStringLiteral("--client-id"), sandbox.clientId,
                  QStringLiteral("--secret-stdin")},
                 sandbox.clientSecret.toUtf8() + '\n')
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("status"), QStringLiteral("--check")}).exitCode, 0);
    const test::CliRun token = cli({QStringLiteral("token"), QStringLiteral("lab")}, {}, true);
    QCOMPARE(token.exitCode, 0);
    secrets.append(token.out.trimmed());
    QCOMPARE(cli({QStringLiteral("search"), QStringLiteral("lab"), QStringLiteral("--collection"),
                  QStringLiteral("samples"), QStringLiteral("--limit"), QStringLiteral("5")})
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("doctor"), QStringLiteral("lab"), QStringLiteral("--report"),
                  m_home.dir.filePath(QStringLiteral("report.txt"))})
                     .exitCode,
             0);
    QCOMPARE(
            cli({QStringLiteral("exec"), QStringLiteral("lab"), QStringLiteral("--"), QStringLiteral("true")}).exitCode,
            0);
    QCOMPARE(cli({QStringLiteral("rotate"), QStringLiteral("lab"), QStringLiteral("--secret-stdin")},
                 second.toUtf8() + '\n')
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("rollback"), QStringLiteral("lab")}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("history"), QStringLiteral("lab")}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("export-template"), project + QStringLiteral("/.env.example"), QStringLiteral("--env"),
                  QStringLiteral("lab")})
                     .exitCode,
             0);
    // A .env with the secret, imported into a second environment and stripped.
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("moved"), QStringLiteral("--base-url"),
                  url})
                     .exitCode,
             0);
    QFile dotenv(project + QStringLiteral("/.env"));
    QVERIFY(dotenv.open(QIODevice::WriteOnly));
    dotenv.write("ENV=moved\nCLIENT_ID=" + sandbox.clientId.toUtf8() + "\nCLIENT_SECRET=" + second.toUtf8() + "\n");
    dotenv.close();
    QCOMPARE(cli({QStringLiteral("import-dotenv"), dotenv.fileName(), QStringLiteral("--strip")}).exitCode, 0);
    // The scan finds the stored secret in a script, and says where without saying what.
    QFile script(project + QStringLiteral("/fetch.py"));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("api = Api(client_secret='" + second.toUtf8() + "')\n");
    script.close();
    QCOMPARE(cli({QStringLiteral("scan"), project}).exitCode, 1);
    QCOMPARE(cli({QStringLiteral("scan"), project, QStringLiteral("--json")}).exitCode, 1);
    QVERIFY(script.remove());
    QCOMPARE(cli({QStringLiteral("scan"), project}).exitCode, 0); // the stripped .env holds nothing
    QCOMPARE(cli({QStringLiteral("completion"), QStringLiteral("bash")}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("help"), QStringLiteral("--man")}).exitCode, 0);
    // The sandbox command serves until stopped: one run with a bad option is enough to cover it.
    QCOMPARE(cli({QStringLiteral("sandbox"), QStringLiteral("--port"), QStringLiteral("not-a-port")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("moved"), QStringLiteral("--force")})
                     .exitCode,
             0);

    QStringList missed;
    for (const cli::Command &command : cli::commands()) {
        if (!m_ran.contains(command.name()))
            missed.append(command.name());
    }
    QVERIFY2(missed.isEmpty(), qPrintable(QStringLiteral("not run: ") + missed.join(QStringLiteral(", "))));

    // The GUI: the whole demo tour offscreen (login, token, search, diagnosis, rotation), logging.
    const QString shots = m_home.dir.filePath(QStringLiteral("shots"));
    QProcessEnvironment gui = m_environment;
    gui.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const test::CliRun demo
            = test::runProgram(test::builtProgram(QStringLiteral("bioepic-credentials")),
                               {QStringLiteral("--demo"), QStringLiteral("--screenshots"), shots}, gui, {}, 120000);
    QVERIFY2(demo.exitCode == 0, demo.err.right(2000).constData());
    m_outputs.append(demo.out);
    m_outputs.append(demo.err);
    secrets.append(QByteArray(sandboxdemo::kClientSecret));
    secrets.append(QByteArray(sandboxdemo::kRotatedClientSecret));

    QStringList hits = test::scanTree(m_home.dir.path(), secrets);
    for (qsizetype i = 0; i < m_outputs.size(); ++i)
        hits += test::scanBytes(QStringLiteral("output #%1").arg(i), m_outputs.at(i), secrets);
    QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char('\n'))));
}

namespace {

/** Every file below @p root with its bytes. */
QMap<QString, QByteArray> snapshot(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            files.insert(file.fileName(), file.readAll());
    }
    return files;
}

} // namespace

void TestSecretScan::demoLeavesNoTrace()
{
    BIOEPIC_REQUIRE_KEYRING();
    // A user with an environment and credentials of their own.
    test::TempHome home;
    const QString service = test::randomSecret(QStringLiteral("bioepic-demo-trace"));
    QProcessEnvironment environment = test::cliEnvironment(home, service);
    QCOMPARE(test::runCli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("mine"),
                           QStringLiteral("--base-url"), QStringLiteral("https://api.example.org")},
                          environment)
                     .exitCode,
             0);
    QCOMPARE(test::runCli({QStringLiteral("login"), QStringLiteral("mine"), QStringLiteral("--client-id"),
                           QStringLiteral("me"), QStringLiteral("--secret-stdin"), QStringLiteral("--no-verify")},
                          environment, "my-own-secret\n")
                     .exitCode,
             0);
    const QMap<QString, QByteArray> files = snapshot(home.dir.path());
    const QByteArray entries = test::secretToolSearch(service);
    QVERIFY(entries.contains("mine/active"));

    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    for (int run = 0; run < 2; ++run) {
        const QString shots = QDir::temp().filePath(QStringLiteral("bioepic-demo-shots-%1").arg(run));
        const test::CliRun demo = test::runProgram(test::builtProgram(QStringLiteral("bioepic-credentials")),
                                                   {QStringLiteral("--demo"), QStringLiteral("--screenshots"), shots},
                                                   environment, {}, 120000);
        QDir(shots).removeRecursively();
        QVERIFY2(demo.exitCode == 0, demo.err.right(2000).constData());
    }
    QCOMPARE(snapshot(home.dir.path()), files); // byte for byte: settings, state, history, locks
    QCOMPARE(test::secretToolSearch(service), entries);
}

QTEST_GUILESS_MAIN(TestSecretScan)
#include "tst_secretscan.moc"
