// Scripts without .env files, end to end with the real keychain and the sandbox on loopback:
// exec (a python-dotenv script next to a stale .env sees the keychain's values), import-dotenv,
// export-template, --from-env, ten processes sharing one token request, and "search | head".
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTest>

#include <csignal>
#include <cstring>

using namespace bioepic;

namespace {

/** The seed's way: load_dotenv() then os.getenv(); prints what it saw as JSON, secrets as digests. */
constexpr char kSeedScript[] = R"(import hashlib, json, os, sys, urllib.request
from dotenv import load_dotenv

load_dotenv()

def digest(value):
    return hashlib.sha256(value.encode()).hexdigest() if value else ""

request = urllib.request.Request(
    os.environ["BIOEPIC_API_BASE_URL"].rstrip("/") + "/users/me",
    headers={"Authorization": "Bearer " + os.environ["BIOEPIC_ACCESS_TOKEN"]})
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    who_am_i = opener.open(request, timeout=10).status
except Exception as error:
    who_am_i = getattr(error, "code", str(error))
print(json.dumps({
    "env": os.getenv("ENV"),
    "client_id": os.getenv("CLIENT_ID"),
    "client_secret_sha256": digest(os.getenv("CLIENT_SECRET")),
    "prefixed_secret_sha256": digest(os.getenv("LAB_CLIENT_SECRET")),
    "secret_anywhere": any(digest(value) == sys.argv[1] for value in os.environ.values()),
    "who_am_i": who_am_i,
    "expires_at": os.getenv("BIOEPIC_TOKEN_EXPIRES_AT"),
}))
)";

QByteArray sha256Hex(const QString &value)
{
    return QCryptographicHash::hash(value.toUtf8(), QCryptographicHash::Sha256).toHex();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestScripts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void execGivesTheSeedScriptTheKeychainValues();
    void execTokenOnlyHidesTheSecret();
    void execPassesExitStatusSignalsAndStdin();
    void execForwardsTermination();
    void importDotenvThenStrip();
    void exportTemplate();
    void credentialsFromTheProcessEnvironment();
    void tenProcessesOneTokenRequest();
    void searchIntoHeadEndsQuietly();
    void noSecretLeaked();

private:
    /** Runs the CLI in this test's homes; keeps its output for the final scan unless it is a token. */
    test::CliRun cli(const QStringList &arguments, const QByteArray &input = {}, QProcessEnvironment environment = {},
                     bool stdoutHoldsToken = false);
    [[nodiscard]] QProcessEnvironment baseEnvironment() const;
    [[nodiscard]] QJsonObject runSeedScript(const QStringList &execOptions, int *exitCode);
    [[nodiscard]] QString path(const QString &name) const { return m_home.dir.filePath(name); }

    std::unique_ptr<test::SandboxFixture> m_sandbox;
    test::TempHome m_home;
    QString m_service;
    QString m_python;
    QList<QByteArray> m_secrets;
    QList<QByteArray> m_outputs;
};

QProcessEnvironment TestScripts::baseEnvironment() const
{
    return test::cliEnvironment(m_home, m_service);
}

test::CliRun TestScripts::cli(const QStringList &arguments, const QByteArray &input, QProcessEnvironment environment,
                              bool stdoutHoldsToken)
{
    if (environment.isEmpty())
        environment = baseEnvironment();
    test::CliRun run = test::runCli(arguments, environment, input);
    if (!run.finished)
        qWarning() << "bioepic-cred" << arguments << "did not finish";
    if (!stdoutHoldsToken)
        m_outputs.append(run.out);
    m_outputs.append(run.err);
    return run;
}

void TestScripts::initTestCase()
{
    QVERIFY2(QFile::exists(test::builtProgram(QStringLiteral("bioepic-cred"))), "build bioepic-cred first");
    m_python = QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin")});
    m_sandbox = std::make_unique<test::SandboxFixture>();
    m_service = test::randomSecret(QStringLiteral("bioepic-scripts"));
    m_secrets.append(m_sandbox->clientSecret.toUtf8());
    const QString url = m_sandbox->baseUrl().toString();
    for (const QString &name : {QStringLiteral("lab"), QStringLiteral("moved")}) {
        QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), name, QStringLiteral("--base-url"), url,
                      QStringLiteral("--set"), QStringLiteral("who_am_i_path=/users/me")})
                         .exitCode,
                 0);
    }
    BIOEPIC_REQUIRE_KEYRING();
    const test::CliRun login = cli({QStringLiteral("login"), QStringLiteral("lab"), QStringLiteral("--client-id"),
                                    m_sandbox->clientId, QStringLiteral("--secret-stdin")},
                                   m_sandbox->clientSecret.toUtf8() + '\n');
    QVERIFY2(login.exitCode == 0, login.err.constData());
}

QJsonObject TestScripts::runSeedScript(const QStringList &execOptions, int *exitCode)
{
    // A stale .env beside the script, as after a rotation nobody copied into it.
    const QString directory = path(QStringLiteral("project"));
    QDir().mkpath(directory);
    writeFile(directory + QStringLiteral("/.env"),
              "ENV=prod\nCLIENT_ID=stale-id\nCLIENT_SECRET=stale-secret\nLAB_CLIENT_SECRET=stale-too\n");
    writeFile(directory + QStringLiteral("/analysis.py"), kSeedScript);
    QStringList arguments{QStringLiteral("exec"), QStringLiteral("lab")};
    arguments += execOptions;
    arguments += {QStringLiteral("--"), m_python, directory + QStringLiteral("/analysis.py"),
                  QString::fromLatin1(sha256Hex(m_sandbox->clientSecret))};
    const test::CliRun run = cli(arguments);
    *exitCode = run.exitCode;
    if (run.exitCode != 0)
        qWarning() << run.err;
    return QJsonDocument::fromJson(run.out).object();
}

void TestScripts::execGivesTheSeedScriptTheKeychainValues()
{
    BIOEPIC_REQUIRE_KEYRING();
    if (m_python.isEmpty())
        QSKIP("no python3");
    int exitCode = -1;
    const QJsonObject seen = runSeedScript({}, &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(seen.value(QStringLiteral("env")).toString(), QStringLiteral("lab"));
    QCOMPARE(seen.value(QStringLiteral("client_id")).toString(), m_sandbox->clientId);
    const QString expected = QString::fromLatin1(sha256Hex(m_sandbox->clientSecret));
    QCOMPARE(seen.value(QStringLiteral("client_secret_sha256")).toString(), expected);
    QCOMPARE(seen.value(QStringLiteral("prefixed_secret_sha256")).toString(), expected);
    QCOMPARE(seen.value(QStringLiteral("who_am_i")).toInt(), 200);
    const QDateTime expires = QDateTime::fromString(seen.value(QStringLiteral("expires_at")).toString(), Qt::ISODate);
    QVERIFY(expires > QDateTime::currentDateTimeUtc());
}

void TestScripts::execTokenOnlyHidesTheSecret()
{
    BIOEPIC_REQUIRE_KEYRING();
    if (m_python.isEmpty())
        QSKIP("no python3");
    int exitCode = -1;
    const QJsonObject seen = runSeedScript({QStringLiteral("--token-only")}, &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(seen.value(QStringLiteral("secret_anywhere")).toBool(true), false);
    QCOMPARE(seen.value(QStringLiteral("who_am_i")).toInt(), 200);
    QCOMPARE(seen.value(QStringLiteral("env")).toString(), QStringLiteral("lab"));
    // Nothing of ours was set, so the script's own .env fills the credential names in.
    QCOMPARE(seen.value(QStringLiteral("client_id")).toString(), QStringLiteral("stale-id"));
}

void TestScripts::execPassesExitStatusSignalsAndStdin()
{
    BIOEPIC_REQUIRE_KEYRING();
    auto exec = [this](const QStringList &command, const QByteArray &input = {}) {
        return cli(QStringList{QStringLiteral("exec"), QStringLiteral("lab"), QStringLiteral("--")} + command, input);
    };
    const QString shell = QStringLiteral("/bin/sh");
    QCOMPARE(exec({shell, QStringLiteral("-c"), QStringLiteral("exit 7")}).exitCode, 7);
    QCOMPARE(exec({shell, QStringLiteral("-c"), QStringLiteral("kill -TERM $$")}).exitCode, 128 + SIGTERM);
    QCOMPARE(exec({shell, QStringLiteral("-c"), QStringLiteral("kill -KILL $$")}).exitCode, 128 + SIGKILL);
    // A child writing into a closed pipe dies of SIGPIPE as usual, whatever this process ignores.
    QCOMPARE(exec({shell, QStringLiteral("-c"), QStringLiteral("yes | head -1 >/dev/null; exit 0")}).exitCode, 0);
    test::CliRun run = exec({QStringLiteral("no-such-program-here")});
    QCOMPARE(run.exitCode, 127);
    QVERIFY(run.err.contains("cannot run no-such-program-here"));
    run = exec({QStringLiteral("cat")}, "from standard input\n");
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("from standard input\n"));
    run = exec({shell, QStringLiteral("-c"), QStringLiteral("echo out; echo err >&2")});
    QCOMPARE(run.out, QByteArray("out\n"));
    QVERIFY(run.err.endsWith("err\n"));

    run = cli({QStringLiteral("exec"), QStringLiteral("lab")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("needs a command after --"));
    QCOMPARE(cli({QStringLiteral("exec"), QStringLiteral("ghost"), QStringLiteral("--"), QStringLiteral("true")})
                     .exitCode,
             2);
    run = cli({QStringLiteral("exec"), QStringLiteral("moved"), QStringLiteral("--"), QStringLiteral("true")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("import-dotenv"));
}

void TestScripts::execForwardsTermination()
{
    BIOEPIC_REQUIRE_KEYRING();
    QProcess process;
    process.setProcessEnvironment(baseEnvironment());
    process.start(test::builtProgram(QStringLiteral("bioepic-cred")),
                  {QStringLiteral("exec"), QStringLiteral("lab"), QStringLiteral("--"), QStringLiteral("/bin/sh"),
                   QStringLiteral("-c"), QStringLiteral("echo started; exec sleep 30")});
    QVERIFY(process.waitForStarted());
    QVERIFY(QTest::qWaitFor([&] { return process.readAllStandardOutput().contains("started"); }, 15000));
    QElapsedTimer timer;
    timer.start();
    ::kill(pid_t(process.processId()), SIGTERM);
    QSignalSpy finished(&process, &QProcess::finished);
    QVERIFY(finished.wait(10000));
    QVERIFY(timer.elapsed() < 5000);
    QCOMPARE(process.exitStatus(), QProcess::NormalExit); // exec itself waited, then passed 143 on
    QCOMPARE(process.exitCode(), 128 + SIGTERM);
}

void TestScripts::importDotenvThenStrip()
{
    BIOEPIC_REQUIRE_KEYRING();
    const QString file = path(QStringLiteral("moved.env"));
    const QByteArray original = "# analysis settings\nENV=moved\nCLIENT_ID=" + m_sandbox->clientId.toUtf8()
            + "\nCLIENT_SECRET=\"" + m_sandbox->clientSecret.toUtf8() + "\"\nDATA_DIR=/data\n";
    writeFile(file, original);
    QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const QFileDevice::Permissions permissions = QFile::permissions(file);

    // A wrong secret: nothing stored, the file as it was.
    const QString wrong = path(QStringLiteral("wrong.env"));
    const QByteArray wrongBytes = "ENV=moved\nCLIENT_ID=" + m_sandbox->clientId.toUtf8() + "\nCLIENT_SECRET=nope\n";
    writeFile(wrong, wrongBytes);
    test::CliRun run = cli({QStringLiteral("import-dotenv"), wrong, QStringLiteral("--strip")});
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(readAll(wrong), wrongBytes);
    QVERIFY(cli({QStringLiteral("status"), QStringLiteral("moved")}).out.contains("missing"));

    run = cli({QStringLiteral("import-dotenv"), file, QStringLiteral("--strip")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.err.contains("moved: CLIENT_ID (line 3), CLIENT_SECRET (line 4)"));
    QVERIFY(run.err.contains("read back equal, accepted by the server"));
    QVERIFY(run.err.contains("Removed CLIENT_SECRET from"));
    const QByteArray after = readAll(file);
    QVERIFY(!after.contains(m_sandbox->clientSecret.toUtf8()));
    QVERIFY(after.startsWith("# analysis settings\nENV=moved\nCLIENT_ID="));
    QVERIFY(after.contains("DATA_DIR=/data\n"));
    QVERIFY(after.contains("bioepic-cred exec moved -- python your_script.py"));
    QCOMPARE(QFile::permissions(file), permissions);
    run = cli({QStringLiteral("status"), QStringLiteral("moved"), QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(run.out)
                     .object()
                     .value(QStringLiteral("environments"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("credentials"))
                     .toString(),
             QStringLiteral("present"));
    run = cli({QStringLiteral("history"), QStringLiteral("moved")});
    QVERIFY(run.out.contains("import"));
    // The stripped file has nothing left to import, and says so without touching it.
    run = cli({QStringLiteral("import-dotenv"), file, QStringLiteral("--strip")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("holds no credentials"));
    QCOMPARE(readAll(file), after);
    run = cli({QStringLiteral("import-dotenv"), path(QStringLiteral("missing.env"))});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("cannot read"));
}

void TestScripts::exportTemplate()
{
    const QString file = path(QStringLiteral(".env.example"));
    test::CliRun run = cli({QStringLiteral("export-template"), file, QStringLiteral("--env"), QStringLiteral("lab")});
    QCOMPARE(run.exitCode, 0);
    const QByteArray text = readAll(file);
    QVERIFY(text.contains("\nENV=lab\nCLIENT_ID=\nCLIENT_SECRET=\n"));
    QVERIFY(text.contains("#   bioepic-cred exec lab -- python your_script.py\n"));
    // python-dotenv reads it as names without values.
    for (const QByteArray &line : text.split('\n')) {
        if (!line.isEmpty() && !line.startsWith('#') && line != "ENV=lab")
            QVERIFY2(line.endsWith('='), line.constData());
    }
    writeFile(file, "mine\n");
    run = cli({QStringLiteral("export-template"), file});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("--force"));
    QCOMPARE(readAll(file), QByteArray("mine\n"));
    QCOMPARE(cli({QStringLiteral("export-template"), file, QStringLiteral("--force")}).exitCode, 0);
    QVERIFY(readAll(file).contains("ENV=\n"));
    run = cli({QStringLiteral("export-template")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("CLIENT_SECRET=\n"));
    QCOMPARE(cli({QStringLiteral("export-template"), QStringLiteral("--env"), QStringLiteral("ghost")}).exitCode, 2);
}

void TestScripts::credentialsFromTheProcessEnvironment()
{
    QProcessEnvironment environment = baseEnvironment();
    // No keychain at all: the bus points nowhere.
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
    environment.insert(QStringLiteral("CLIENT_ID"), m_sandbox->clientId);
    environment.insert(QStringLiteral("CLIENT_SECRET"), m_sandbox->clientSecret);
    const QByteArray stateBefore = readAll(m_home.stateFile());
    const QByteArray settingsBefore = readAll(m_home.settingsFile());

    test::CliRun run = cli(
            {QStringLiteral("status"), QStringLiteral("lab"), QStringLiteral("--from-env"), QStringLiteral("--json")},
            {}, environment);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject status = QJsonDocument::fromJson(run.out)
                                       .object()
                                       .value(QStringLiteral("environments"))
                                       .toArray()
                                       .first()
                                       .toObject();
    QCOMPARE(status.value(QStringLiteral("identity")).toString(), m_sandbox->clientId);
    QCOMPARE(status.value(QStringLiteral("storage")).toString(), QStringLiteral("session"));
    run = cli({QStringLiteral("search"), QStringLiteral("lab"), QStringLiteral("--from-env"),
               QStringLiteral("--collection"), QStringLiteral("samples"), QStringLiteral("--limit"),
               QStringLiteral("3")},
              {}, environment);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).array().size(), 3);
    run = cli({QStringLiteral("doctor"), QStringLiteral("lab"), QStringLiteral("--from-env")}, {}, environment);
    QVERIFY2(run.exitCode == 0, run.out.constData());
    // Wrong values from the environment fail as a wrong secret does.
    environment.insert(QStringLiteral("CLIENT_SECRET"), QStringLiteral("not-it"));
    QCOMPARE(cli({QStringLiteral("search"), QStringLiteral("lab"), QStringLiteral("--from-env"),
                  QStringLiteral("--collection"), QStringLiteral("samples")},
                 {}, environment)
                     .exitCode,
             3);
    environment.remove(QStringLiteral("CLIENT_SECRET"));
    run = cli({QStringLiteral("status"), QStringLiteral("lab"), QStringLiteral("--from-env")}, {}, environment);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("CLIENT_SECRET"));
    // Nothing was stored: not the credentials, not the token's state.
    QCOMPARE(readAll(m_home.stateFile()), stateBefore);
    QCOMPARE(readAll(m_home.settingsFile()), settingsBefore);
}

void TestScripts::tenProcessesOneTokenRequest()
{
    BIOEPIC_REQUIRE_KEYRING();
    // A token that expires at once, then a slow token endpoint: without a shared lock all ten
    // processes would be waiting on their own request at the same time.
    m_sandbox->api().setTokenLifetimeS(2);
    const test::CliRun shortLived
            = cli({QStringLiteral("token"), QStringLiteral("lab"), QStringLiteral("--refresh")}, {}, {}, true);
    QCOMPARE(shortLived.exitCode, 0);
    m_secrets.append(shortLived.out.trimmed());
    QTest::qWait(2200);
    m_sandbox->api().setTokenLifetimeS(600);
    m_sandbox->api().setLatencyMs(300);
    const quint64 before = m_sandbox->api().stats().tokenRequests;

    std::vector<std::unique_ptr<QProcess>> processes;
    for (int i = 0; i < 10; ++i) {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(baseEnvironment());
        process->start(test::builtProgram(QStringLiteral("bioepic-cred")),
                       {QStringLiteral("token"), QStringLiteral("lab")});
        processes.push_back(std::move(process));
    }
    const bool allDone = QTest::qWaitFor(
            [&] {
                return std::all_of(processes.cbegin(), processes.cend(),
                                   [](const auto &process) { return process->state() == QProcess::NotRunning; });
            },
            60000);
    m_sandbox->api().setLatencyMs(0);
    QVERIFY(allDone);
    QSet<QByteArray> tokens;
    for (const auto &process : processes) {
        QCOMPARE(process->exitCode(), 0);
        const QByteArray token = process->readAllStandardOutput().trimmed();
        m_outputs.append(process->readAllStandardError());
        tokens.insert(token);
        m_secrets.append(token);
    }
    QCOMPARE(tokens.size(), 1);
    QCOMPARE(m_sandbox->api().stats().tokenRequests - before, quint64(1));

    // A process that crashed holding the lock: its lock file names a process that is gone, and
    // the next one takes the lock over at once instead of waiting for it.
    const test::CliRun shell = test::runProgram(QStringLiteral("/bin/sh"),
                                                {QStringLiteral("-c"), QStringLiteral("echo $$")}, baseEnvironment());
    const QByteArray deadPid = shell.out.trimmed();
    const QString locks = m_home.configHome() + QStringLiteral("/bioepic-credentials/locks");
    QVERIFY(QFileInfo::exists(locks));
    writeFile(locks + QStringLiteral("/token-lab.lock"),
              deadPid + "\nbioepic-cred\n" + QSysInfo::machineHostName().toUtf8() + '\n' + QSysInfo::machineUniqueId()
                      + '\n' + QSysInfo::bootUniqueId() + '\n');
    const test::CliRun afterCrash = cli({QStringLiteral("token"), QStringLiteral("lab")}, {}, {}, true);
    m_secrets.append(afterCrash.out.trimmed());
    QCOMPARE(afterCrash.exitCode, 0);
    QVERIFY2(afterCrash.elapsedMs < 10000, qPrintable(QString::number(afterCrash.elapsedMs)));
}

void TestScripts::searchIntoHeadEndsQuietly()
{
    BIOEPIC_REQUIRE_KEYRING();
    // pipefail: the pipeline's status is bioepic-cred's, not head's. JSON is one line ("[…]"), so
    // head takes bytes of it; CSV has a line per record. Either way head closes the pipe early
    // and the search must stop asking for pages (there are 200) and say nothing.
    const QString pipeline = QStringLiteral("set -o pipefail; \"$0\" search lab --collection samples --all-pages "
                                            "--page-size 50 \"$@\" | head $HEAD");
    struct Variant
    {
        QStringList options;
        QString head;
        qsizetype bytes;
    };
    const QList<Variant> variants{
            {{}, QStringLiteral("-c 100"), 100},
            {{QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--fields"), QStringLiteral("id,name")},
             QStringLiteral("-1"),
             qsizetype(std::strlen("id,name\r\n"))}};
    QProcessEnvironment quiet = baseEnvironment();
    quiet.remove(QStringLiteral("QT_LOGGING_RULES"));
    for (const Variant &variant : variants) {
        quiet.insert(QStringLiteral("HEAD"), variant.head);
        const quint64 before = m_sandbox->api().stats().searchRequests;
        const test::CliRun run = test::runProgram(
                QStringLiteral("/bin/bash"),
                QStringList{QStringLiteral("-c"), pipeline, test::builtProgram(QStringLiteral("bioepic-cred"))}
                        + variant.options,
                quiet);
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.err, QByteArray());
        QCOMPARE(run.out.size(), variant.bytes);
        const quint64 pages = m_sandbox->api().stats().searchRequests - before;
        QVERIFY2(pages < 50, qPrintable(QString::number(pages)));
    }
}

void TestScripts::noSecretLeaked()
{
    QStringList hits = test::scanTree(m_home.dir.path(), m_secrets);
    for (qsizetype i = 0; i < m_outputs.size(); ++i)
        hits += test::scanBytes(QStringLiteral("output #%1").arg(i), m_outputs.at(i), m_secrets);
    QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestScripts)
#include "tst_scripts.moc"
