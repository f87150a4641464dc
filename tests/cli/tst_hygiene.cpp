// bioepic-cred scan, end to end with the real keychain: a fixture tree built here, with a git
// repository where one .env is tracked, one ignored and one committed and later deleted, a
// notebook whose output printed a stored secret, a world-readable .env, a decoy .env.example, a
// symbolic link loop, a hostile file name; then the exit codes, the --json shape, --fix, and a scan
// of every output, log and settings file for the secret values.
#include "coreservices.h"
#include "fakesecretstore.h"
#include "hygiene/secretscanjob.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace bioepic;

namespace {

void writeFile(const QString &path, const QByteArray &bytes,
               QFile::Permissions permissions = QFile::ReadOwner | QFile::WriteOwner)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    file.close();
    file.setPermissions(permissions);
}

/** Runs git in @p directory; the test fails on any error. */
bool git(const QString &directory, const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(directory);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
        environment.insert(QString::fromLatin1(name), QStringLiteral("Test"));
    for (const char *name : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
        environment.insert(QString::fromLatin1(name), QStringLiteral("test@example.org"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral("git"), arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        qWarning() << "git" << arguments << process.readAllStandardError();
        return false;
    }
    return true;
}

/** The findings of a --json report whose path ends with @p suffix. */
QList<QJsonObject> findingsAt(const QJsonObject &report, const QString &suffix)
{
    QList<QJsonObject> found;
    for (const QJsonValue &value : report.value(QStringLiteral("findings")).toArray()) {
        if (value.toObject().value(QStringLiteral("path")).toString().endsWith(suffix))
            found.append(value.toObject());
    }
    return found;
}

} // namespace

class TestHygiene : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void findsEachKindWithWhatMakesItSerious();
    void skipsWhatHoldsNoOnesCredentials();
    void textNamesTheRemediesAndEscapesNames();
    void cleanTreeExitsZero();
    void fixRestrictsAndIgnores();
    void badPathIsAUsageError();
    void lockedKeychainStillScans();
    void codeLinesAreReadAsTheyWereWritten_data();
    void codeLinesAreReadAsTheyWereWritten();
    void noSecretLeaked();

private:
    test::CliRun cli(const QStringList &arguments, const QByteArray &input = {});
    [[nodiscard]] QString tree(const QString &name) const { return m_tree.filePath(name); }

    std::unique_ptr<test::SandboxFixture> m_sandbox;
    test::TempHome m_home;
    QTemporaryDir m_tree;
    QString m_service;
    QByteArray m_active;
    QByteArray m_previous;
    QByteArray m_unknown;
    QByteArray m_ignoredPassword;
    QJsonObject m_report;
    QList<QByteArray> m_outputs;
};

test::CliRun TestHygiene::cli(const QStringList &arguments, const QByteArray &input)
{
    test::CliRun run = test::runCli(arguments, test::cliEnvironment(m_home, m_service), input, 60000);
    if (!run.finished)
        qWarning() << "bioepic-cred" << arguments << "did not finish";
    m_outputs << run.out << run.err;
    return run;
}

void TestHygiene::initTestCase()
{
    QVERIFY2(QFile::exists(test::builtProgram(QStringLiteral("bioepic-cred"))), "build bioepic-cred first");
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty(), "these tests need git");
    BIOEPIC_REQUIRE_KEYRING();
    m_service = test::randomSecret(QStringLiteral("bioepic-hygiene"));
    m_active = test::randomSecret(QStringLiteral("active")).toUtf8();
    m_unknown = test::randomSecret(QStringLiteral("unknown")).toUtf8();
    m_ignoredPassword = test::randomSecret(QStringLiteral("ignored")).toUtf8();

    // prod, on the sandbox: the previous secret stored first, then rotated to the active one.
    m_sandbox = std::make_unique<test::SandboxFixture>();
    m_previous = m_sandbox->clientSecret.toUtf8();
    m_sandbox->api().addClientSecret(m_sandbox->clientId, QString::fromUtf8(m_active));
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("prod"), QStringLiteral("--base-url"),
                  m_sandbox->baseUrl().toString()})
                     .exitCode,
             0);
    const test::CliRun login = cli({QStringLiteral("login"), QStringLiteral("prod"), QStringLiteral("--client-id"),
                                    m_sandbox->clientId, QStringLiteral("--secret-stdin")},
                                   m_previous + '\n');
    QVERIFY2(login.exitCode == 0, login.err.constData());
    const test::CliRun rotate = cli(
            {QStringLiteral("rotate"), QStringLiteral("prod"), QStringLiteral("--secret-stdin")}, m_active + '\n');
    QVERIFY2(rotate.exitCode == 0, rotate.err.constData());

    // The repository: .env tracked (the active secret), local.env ignored, old.env committed with
    // the previous secret and then deleted, a notebook whose output printed the active secret.
    const QString repo = tree(QStringLiteral("project"));
    QDir().mkpath(repo);
    QVERIFY(git(repo, {QStringLiteral("init"), QStringLiteral("-q")}));
    writeFile(repo + QStringLiteral("/.env"), "ENV=prod\nCLIENT_ID=test-client\nCLIENT_SECRET=" + m_active + '\n');
    writeFile(repo + QStringLiteral("/old.env"), "PROD_CLIENT_SECRET=" + m_previous + '\n');
    writeFile(repo + QStringLiteral("/.env.example"),
              "ENV=prod\nCLIENT_ID=\nCLIENT_SECRET=\nPASSWORD=<your password>\n");
    writeFile(repo + QStringLiteral("/.gitignore"), "local.env\n");
    QVERIFY(git(repo, {QStringLiteral("add"), QStringLiteral(".")}));
    QVERIFY(git(repo, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("first")}));
    QVERIFY(git(repo, {QStringLiteral("rm"), QStringLiteral("-q"), QStringLiteral("old.env")}));
    QVERIFY(git(repo, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("remove old.env")}));
    writeFile(repo + QStringLiteral("/local.env"), "DEV_PASSWORD=" + m_ignoredPassword + '\n');
    const QJsonObject notebook{
            {QStringLiteral("cells"),
             QJsonArray{QJsonObject{
                     {QStringLiteral("cell_type"), QStringLiteral("code")},
                     {QStringLiteral("source"), QJsonArray{QStringLiteral("print(api.credentials())")}},
                     {QStringLiteral("outputs"),
                      QJsonArray{QJsonObject{
                              {QStringLiteral("output_type"), QStringLiteral("stream")},
                              {QStringLiteral("text"),
                               QJsonArray{QStringLiteral("{'client_id': 'lab-client', 'client_secret': '%1'}\n")
                                                  .arg(QString::fromUtf8(m_active))}}}}}}}},
            {QStringLiteral("nbformat"), 4}};
    writeFile(repo + QStringLiteral("/analysis.ipynb"), QJsonDocument(notebook).toJson(QJsonDocument::Indented));
    writeFile(repo + QStringLiteral("/fetch.py"),
              "from bioepic import Api\napi = Api(client_id='x', client_secret=\"hard-coded-literal\")\n");
    writeFile(repo + QStringLiteral("/clean.py"), "import os\nsecret = os.environ['CLIENT_SECRET']\n");

    // Elsewhere: a world-readable .env with a secret stored nowhere, a symbolic link loop, and
    // places that hold no one's own credentials.
    writeFile(tree(QStringLiteral("shared/.env")), "CLIENT_SECRET=" + m_unknown + '\n',
              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    QVERIFY(QFile::link(tree(QStringLiteral("shared")), tree(QStringLiteral("shared/loop"))));
    writeFile(tree(QStringLiteral("shared/node_modules/pkg/.env")), "CLIENT_SECRET=" + m_active + '\n');
    writeFile(tree(QStringLiteral("shared/.venv/lib/.env")), "CLIENT_SECRET=" + m_active + '\n');
    writeFile(tree(QStringLiteral("shared/big.env")), "CLIENT_SECRET=" + m_active + '\n' + QByteArray(2 << 20, '#'));
    writeFile(tree(QStringLiteral("shared/blob.env")), "CLIENT_SECRET=" + m_active + QByteArray(4, '\0') + '\n');

    const test::CliRun scan = cli({QStringLiteral("scan"), m_tree.path(), QStringLiteral("--json")});
    QCOMPARE(scan.exitCode, 1);
    QJsonParseError error;
    m_report = QJsonDocument::fromJson(scan.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, scan.out.constData());
}

void TestHygiene::findsEachKindWithWhatMakesItSerious()
{
    BIOEPIC_REQUIRE_KEYRING();
    QCOMPARE(m_report.value(QStringLiteral("complete")).toBool(), true);
    QCOMPARE(m_report.value(QStringLiteral("roots")).toArray().first().toString(), m_tree.path());
    for (const QString &key :
         {QStringLiteral("directories"), QStringLiteral("files"), QStringLiteral("read"), QStringLiteral("elapsed_ms")})
        QVERIFY2(m_report.value(QStringLiteral("statistics")).toObject().contains(key), qPrintable(key));

    const auto one = [&](const QString &suffix) {
        const QList<QJsonObject> found = findingsAt(m_report, suffix);
        if (found.size() != 1)
            qWarning() << suffix << found;
        return found.value(0);
    };
    const QJsonObject tracked = one(QStringLiteral("project/.env"));
    QCOMPARE(tracked.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
    QCOMPARE(tracked.value(QStringLiteral("git")).toString(), QStringLiteral("tracked"));
    QCOMPARE(tracked.value(QStringLiteral("in_history")).toBool(), true);
    QCOMPARE(tracked.value(QStringLiteral("line")).toInt(), 3);
    QCOMPARE(tracked.value(QStringLiteral("variable")).toString(), QStringLiteral("CLIENT_SECRET"));
    QCOMPARE(tracked.value(QStringLiteral("matches")).toObject(),
             (QJsonObject{{QStringLiteral("environment"), QStringLiteral("prod")},
                          {QStringLiteral("slot"), QStringLiteral("active")}}));
    QCOMPARE(tracked.value(QStringLiteral("mode")).toString(), QStringLiteral("0600"));
    QStringList commands;
    for (const QJsonValue &remedy : tracked.value(QStringLiteral("remedies")).toArray())
        commands << remedy.toObject().value(QStringLiteral("command")).toString();
    QVERIFY2(commands.contains(QStringLiteral("bioepic-cred rotate prod")), qPrintable(commands.join(u'\n')));
    QVERIFY2(commands.contains(
                     QStringLiteral("bioepic-cred import-dotenv %1 --strip").arg(tree(QStringLiteral("project/.env")))),
             qPrintable(commands.join(u'\n')));

    const QJsonObject ignored = one(QStringLiteral("project/local.env"));
    QCOMPARE(ignored.value(QStringLiteral("git")).toString(), QStringLiteral("ignored"));
    QCOMPARE(ignored.value(QStringLiteral("severity")).toString(), QStringLiteral("medium"));
    QVERIFY(ignored.value(QStringLiteral("matches")).isNull());
    QCOMPARE(ignored.value(QStringLiteral("variable")).toString(), QStringLiteral("DEV_PASSWORD"));

    const QJsonObject deleted = one(QStringLiteral("project/old.env"));
    QCOMPARE(deleted.value(QStringLiteral("git")).toString(), QStringLiteral("history-only"));
    QCOMPARE(deleted.value(QStringLiteral("severity")).toString(), QStringLiteral("high"));
    QCOMPARE(deleted.value(QStringLiteral("matches")).toObject().value(QStringLiteral("slot")).toString(),
             QStringLiteral("previous"));
    QVERIFY(!deleted.value(QStringLiteral("commit")).toString().isEmpty());
    QVERIFY(deleted.value(QStringLiteral("mode")).isNull());

    const QJsonObject output = one(QStringLiteral("project/analysis.ipynb"));
    QCOMPARE(output.value(QStringLiteral("file_kind")).toString(), QStringLiteral("notebook"));
    QCOMPARE(output.value(QStringLiteral("matches")).toObject().value(QStringLiteral("slot")).toString(),
             QStringLiteral("active"));
    QCOMPARE(output.value(QStringLiteral("git")).toString(), QStringLiteral("untracked"));
    QCOMPARE(output.value(QStringLiteral("severity")).toString(), QStringLiteral("high"));

    const QJsonObject literal = one(QStringLiteral("project/fetch.py"));
    QCOMPARE(literal.value(QStringLiteral("variable")).toString(), QStringLiteral("client_secret"));
    QCOMPARE(literal.value(QStringLiteral("line")).toInt(), 2);
    QVERIFY(literal.value(QStringLiteral("matches")).isNull());

    const QJsonObject readable = one(QStringLiteral("shared/.env"));
    QCOMPARE(readable.value(QStringLiteral("readable_by_others")).toBool(), true);
    QCOMPARE(readable.value(QStringLiteral("mode")).toString(), QStringLiteral("0644"));
    QCOMPARE(readable.value(QStringLiteral("severity")).toString(), QStringLiteral("high"));
    QCOMPARE(readable.value(QStringLiteral("git")).toString(), QStringLiteral("not-in-repository"));

    // Most serious first.
    const QJsonArray all = m_report.value(QStringLiteral("findings")).toArray();
    QCOMPARE(all.first().toObject().value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
    QCOMPARE(all.size(), 6);
}

void TestHygiene::skipsWhatHoldsNoOnesCredentials()
{
    BIOEPIC_REQUIRE_KEYRING();
    QVERIFY(findingsAt(m_report, QStringLiteral(".env.example")).isEmpty()); // empty values and a placeholder
    QVERIFY(findingsAt(m_report, QStringLiteral("clean.py")).isEmpty());
    QVERIFY(findingsAt(m_report, QStringLiteral("node_modules/pkg/.env")).isEmpty());
    QVERIFY(findingsAt(m_report, QStringLiteral(".venv/lib/.env")).isEmpty());
    QVERIFY(findingsAt(m_report, QStringLiteral("big.env")).isEmpty());
    QVERIFY(findingsAt(m_report, QStringLiteral("blob.env")).isEmpty());
    for (const QJsonValue &finding : m_report.value(QStringLiteral("findings")).toArray())
        QVERIFY(!finding.toObject().value(QStringLiteral("path")).toString().contains(QLatin1String("/loop")));
    const QJsonObject statistics = m_report.value(QStringLiteral("statistics")).toObject();
    QCOMPARE(statistics.value(QStringLiteral("skipped_large")).toInt(), 1);
    QCOMPARE(statistics.value(QStringLiteral("skipped_binary")).toInt(), 1);
    QVERIFY(statistics.value(QStringLiteral("skipped_directories")).toInt() >= 2);
}

void TestHygiene::textNamesTheRemediesAndEscapesNames()
{
    BIOEPIC_REQUIRE_KEYRING();
    QTemporaryDir hostile;
    writeFile(hostile.filePath(QStringLiteral("evil\x1b]0;pwned\x07.env")), "CLIENT_SECRET=" + m_active + '\n');
    const test::CliRun run = cli({QStringLiteral("scan"), hostile.path()});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(!run.out.contains('\x1b') && !run.out.contains('\x07'), run.out.constData());
    QVERIFY2(run.out.contains("\\x1b]0;pwned"), run.out.constData());
    QVERIFY2(run.out.contains("HIGH"), run.out.constData());
    QVERIFY2(run.out.contains("equals the active secret of prod"), run.out.constData());
    QVERIFY2(run.out.contains("1 finding (1 high)"), run.out.constData());
}

void TestHygiene::cleanTreeExitsZero()
{
    BIOEPIC_REQUIRE_KEYRING();
    QTemporaryDir clean;
    writeFile(clean.filePath(QStringLiteral(".env.example")), "CLIENT_ID=\nCLIENT_SECRET=\n");
    writeFile(clean.filePath(QStringLiteral("run.py")), "import os\nprint(os.environ['CLIENT_ID'])\n");
    const test::CliRun run = cli({QStringLiteral("scan"), clean.path()});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith("No credentials in plain text in 2 files"), run.out.constData());
    const test::CliRun json = cli({QStringLiteral("scan"), clean.path(), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(json.out).object().value(QStringLiteral("findings")).toArray().size(), 0);
}

void TestHygiene::fixRestrictsAndIgnores()
{
    BIOEPIC_REQUIRE_KEYRING();
    QTemporaryDir repo;
    QVERIFY(git(repo.path(), {QStringLiteral("init"), QStringLiteral("-q")}));
    const QString file = repo.filePath(QStringLiteral(".env"));
    writeFile(file, "CLIENT_SECRET=" + m_unknown + '\n',
              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    const test::CliRun fix = cli({QStringLiteral("scan"), repo.path(), QStringLiteral("--fix")});
    QCOMPARE(fix.exitCode, 1); // the secret is still in the file: fixing permissions does not hide it
    QVERIFY2(fix.out.contains("fixed: made"), fix.out.constData());
    QCOMPARE(QFileInfo(file).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QFile ignore(repo.filePath(QStringLiteral(".gitignore")));
    QVERIFY(ignore.open(QIODevice::ReadOnly));
    QCOMPARE(ignore.readAll(), QByteArray("/.env\n"));
    const test::CliRun again = cli({QStringLiteral("scan"), repo.path(), QStringLiteral("--json")});
    const QJsonObject finding = QJsonDocument::fromJson(again.out)
                                        .object()
                                        .value(QStringLiteral("findings"))
                                        .toArray()
                                        .first()
                                        .toObject();
    QCOMPARE(finding.value(QStringLiteral("git")).toString(), QStringLiteral("ignored"));
    QCOMPARE(finding.value(QStringLiteral("severity")).toString(), QStringLiteral("medium"));
}

void TestHygiene::badPathIsAUsageError()
{
    const test::CliRun run = cli({QStringLiteral("scan"), m_tree.filePath(QStringLiteral("no-such-dir"))});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("does not exist"), run.err.constData());
}

void TestHygiene::lockedKeychainStillScans()
{
    // In process, with a keychain that is locked: the walk still runs, the findings still come,
    // and a warning says the stored secrets were not compared. One read says it; no more are tried.
    test::TempHome home;
    test::FakeSecretStore store;
    CoreOptions options;
    options.settingsFile = home.settingsFile();
    options.stateFile = home.stateFile();
    options.keychainOverride = &store;
    CoreServices core(options);
    for (const QString &name : {QStringLiteral("one"), QStringLiteral("two")}) {
        Environment env;
        env.name = name;
        env.baseUrl = QUrl(QStringLiteral("https://api.example.org"));
        QVERIFY(core.environments()->add(env).ok());
        Credentials credentials;
        credentials.identity = QStringLiteral("client");
        credentials.secret = Secret::fromString(test::randomSecret());
        bool stored = false;
        core.credentials()->login(name, credentials, false, this, [&](const LoginResult &) { stored = true; });
        QTRY_VERIFY(stored);
    }
    QTemporaryDir tree;
    writeFile(tree.filePath(QStringLiteral(".env")), "CLIENT_SECRET=" + m_unknown + '\n');
    store.failOperation(QStringLiteral("read"), KeychainError::Code::Locked);
    const int readsBefore = store.count(QStringLiteral("read"));
    SecretScanJob job(core.environments(), core.credentials(), core.vault());
    QSignalSpy finished(&job, &SecretScanJob::finished);
    job.start({tree.path()});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    const auto report = finished.first().first().value<ScanReport>();
    QCOMPARE(report.findings.size(), 1);
    QVERIFY(!report.cancelled);
    QVERIFY2(report.warnings.join(u'\n').contains(QLatin1String("could not be read")),
             qPrintable(report.warnings.join(u'\n')));
    QCOMPARE(store.count(QStringLiteral("read")) - readsBefore, 1);
}

void TestHygiene::codeLinesAreReadAsTheyWereWritten_data()
{
    // In process, on one line of a Python file: a stored secret as a word or inside quotes (spaces
    // and all), and hard-coded literals; and the near misses that are neither.
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("variable"); // of the one finding expected; "-": no finding
    QTest::addColumn<bool>("matchesStored");
    const QByteArray phrase = "my pass phrase";
    QTest::newRow("stored, double quotes") << "x = \"" + phrase + "\"" << QString() << true;
    QTest::newRow("stored, double quotes inside single ones")
            << "x = 'say \"" + phrase + "\" now'" << QString() << true;
    QTest::newRow("stored, after another quoted string") << "f('a', '" + phrase + "')" << QString() << true;
    QTest::newRow("stored, never closed") << "x = '" + phrase << QStringLiteral("-") << false;
    QTest::newRow("stored, in doubled quotes") << "x = ''" + phrase + "''" << QString() << true;
    QTest::newRow("stored word") << QByteArray("token(word-secret-0123456789)") << QString() << true;
    QTest::newRow("literal") << QByteArray("Api(client_secret=\"hard-coded\")") << QStringLiteral("client_secret")
                             << false;
    QTest::newRow("literal, any case, a colon")
            << QByteArray("{'PASSWORD': 'abc def'}") << QStringLiteral("PASSWORD") << false;
    QTest::newRow("literal holding the stored one")
            << "password = '" + phrase + "'" << QStringLiteral("password") << true;
    QTest::newRow("literal placeholder") << QByteArray("password = 'changeme'") << QStringLiteral("-") << false;
    QTest::newRow("the word alone") << QByteArray("# the secret: ask Sam") << QStringLiteral("-") << false;
    QTest::newRow("from the environment")
            << QByteArray("secret = os.environ['CLIENT_SECRET']") << QStringLiteral("-") << false;
}

void TestHygiene::codeLinesAreReadAsTheyWereWritten()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, variable);
    QFETCH(bool, matchesStored);
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("code.py")), "import os\n" + line + "\n");
    const QList<KnownSecret> known{
            {QStringLiteral("prod"), SecretSlot::Active, Secret::fromString(QStringLiteral("my pass phrase"))},
            {QStringLiteral("dev"), SecretSlot::Active, Secret::fromString(QStringLiteral("word-secret-0123456789"))}};
    const std::atomic_bool cancel = false;
    const ScanReport report = scanForSecrets({dir.path()}, known, ScanLimits(), cancel);
    QList<ScanFinding> findings = report.findings;
    if (variable == QLatin1String("-")) {
        QVERIFY2(findings.isEmpty(), qPrintable(findings.value(0).variable));
        return;
    }
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.first().line, 2);
    QCOMPARE(findings.first().variable, variable);
    QCOMPARE(bool(findings.first().matches), matchesStored);
}

void TestHygiene::noSecretLeaked()
{
    // The outputs, and everything the CLI keeps (settings, state, history, logs): no value, ever.
    const QList<QByteArray> secrets{m_active, m_previous, m_unknown, m_ignoredPassword};
    QStringList hits = test::scanTree(m_home.dir.path(), secrets);
    for (qsizetype i = 0; i < m_outputs.size(); ++i)
        hits += test::scanBytes(QStringLiteral("output #%1").arg(i), m_outputs.at(i), secrets);
    QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestHygiene)
#include "tst_hygiene.moc"
