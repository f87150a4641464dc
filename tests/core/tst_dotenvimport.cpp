// Moving a .env file's credentials into the keychain: which environment each pair belongs to,
// verified storage, and a strip that happens only after the keychain gave the secrets back; any
// failure on the way leaves the file byte for byte as it was.
#include "coreservices.h"
#include "credentials/credentialmanager.h"
#include "credentials/dotenvimport.h"
#include "fakeclock.h"
#include "fakesecretstore.h"
#include "keychain/credentialvault.h"
#include "testsupport.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace bioepic;

Q_DECLARE_METATYPE(KeychainError::Code)

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

} // namespace

class TestDotenvImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void plan_data();
    void plan();
    void importVerifiesThenStrips();
    void wrongSecretStoresNothing();
    void keychainFailureLeavesTheFile_data();
    void keychainFailureLeavesTheFile();
    void fileChangedMeanwhileIsNotStripped();
    void stripsThroughASymbolicLink();

private:
    DotenvImportResult runImport(const QString &file, const QString &environment, bool strip, bool replace = false);
    [[nodiscard]] std::optional<Credentials> stored(const QString &environment);
    [[nodiscard]] QString path(const QString &name) const { return m_home->dir.filePath(name); }

    std::unique_ptr<test::SandboxFixture> m_sandbox;
    test::FakeClock m_clock;
    std::unique_ptr<test::TempHome> m_home;
    std::unique_ptr<test::FakeSecretStore> m_store;
    std::unique_ptr<CoreServices> m_core;
    QByteArray m_secretLine;
};

void TestDotenvImport::initTestCase()
{
    qRegisterMetaType<DotenvImportResult>();
    m_sandbox = std::make_unique<test::SandboxFixture>();
    m_secretLine = "CLIENT_SECRET='" + m_sandbox->clientSecret.toUtf8() + "'\n";
}

void TestDotenvImport::init()
{
    m_core.reset();
    m_home = std::make_unique<test::TempHome>();
    m_store = std::make_unique<test::FakeSecretStore>();
    CoreOptions options;
    options.settingsFile = m_home->settingsFile();
    options.stateFile = m_home->stateFile();
    options.historyDirectory = m_home->dataHome() + QStringLiteral("/history");
    options.keychainOverride = m_store.get();
    options.clock = &m_clock;
    options.keychainService = QStringLiteral("bioepic-test");
    m_core = std::make_unique<CoreServices>(options);
    for (const QString &name : {QStringLiteral("lab"), QStringLiteral("lab-two"), QStringLiteral("dev")}) {
        Environment env;
        env.name = name;
        env.baseUrl = m_sandbox->baseUrl();
        env.profileOverrides.insert(QStringLiteral("who_am_i_path"), QStringLiteral("/users/me"));
        QVERIFY(m_core->environments()->add(env).ok());
    }
}

void TestDotenvImport::plan_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("environment"); // --env
    QTest::addColumn<QStringList>("findings"); // "environment identityKey secretKey"
    QTest::addColumn<QString>("problem"); // part of the first problem, or empty

    QTest::newRow("the seed's file") << QByteArray("ENV=lab\nCLIENT_ID=a\nCLIENT_SECRET=b\n") << QString()
                                     << QStringList{QStringLiteral("lab CLIENT_ID CLIENT_SECRET")} << QString();
    QTest::newRow("--env beats ENV") << QByteArray("ENV=prod\nCLIENT_ID=a\nCLIENT_SECRET=b\n") << QStringLiteral("lab")
                                     << QStringList{QStringLiteral("lab CLIENT_ID CLIENT_SECRET")} << QString();
    QTest::newRow("user and password") << QByteArray("ENV=lab\nUSERNAME=u\nPASSWORD=p\n") << QString()
                                       << QStringList{QStringLiteral("lab USERNAME PASSWORD")} << QString();
    QTest::newRow("prefixes") << QByteArray("DEV_CLIENT_ID=a\nDEV_CLIENT_SECRET=b\n"
                                            "LAB_TWO_CLIENT_ID=c\nLAB_TWO_CLIENT_SECRET=d\n")
                              << QString()
                              << QStringList{QStringLiteral("dev DEV_CLIENT_ID DEV_CLIENT_SECRET"),
                                             QStringLiteral("lab-two LAB_TWO_CLIENT_ID LAB_TWO_CLIENT_SECRET")}
                              << QString();
    QTest::newRow("no ENV") << QByteArray("CLIENT_ID=a\nCLIENT_SECRET=b\n") << QString() << QStringList()
                            << QStringLiteral("pass --env NAME");
    QTest::newRow("unknown ENV") << QByteArray("ENV=staging\nCLIENT_ID=a\nCLIENT_SECRET=b\n") << QString()
                                 << QStringList() << QStringLiteral("no environment \"staging\"");
    QTest::newRow("unknown prefix") << QByteArray("ENV=lab\nCLIENT_ID=a\nCLIENT_SECRET=b\nSTAGING_CLIENT_SECRET=c\n")
                                    << QString() << QStringList{QStringLiteral("lab CLIENT_ID CLIENT_SECRET")}
                                    << QStringLiteral("env add staging");
    QTest::newRow("secret without id") << QByteArray("ENV=lab\nCLIENT_SECRET=b\n") << QString() << QStringList()
                                       << QStringLiteral("has no CLIENT_ID beside it");
    QTest::newRow("empty values") << QByteArray("ENV=lab\nCLIENT_ID=\nCLIENT_SECRET=\n") << QString() << QStringList()
                                  << QStringLiteral("holds no credentials");
    QTest::newRow("last duplicate wins") << QByteArray("ENV=lab\nCLIENT_ID=a\nCLIENT_SECRET=\nCLIENT_SECRET=b\n")
                                         << QString() << QStringList{QStringLiteral("lab CLIENT_ID CLIENT_SECRET")}
                                         << QString();
}

void TestDotenvImport::plan()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, environment);
    QFETCH(QStringList, findings);
    QFETCH(QString, problem);
    writeFile(path(QStringLiteral(".env")), file);
    const DotenvPlan plan = planDotenvImport(path(QStringLiteral(".env")), environment, *m_core->environments(),
                                             *m_core->credentials(), false);
    QStringList found;
    for (const DotenvFinding &finding : plan.findings)
        found.append(finding.environment + QLatin1Char(' ') + finding.identityKey + QLatin1Char(' ')
                     + finding.secretKey);
    QCOMPARE(found, findings);
    if (problem.isEmpty()) {
        QCOMPARE(plan.problems, QStringList());
    } else {
        QVERIFY2(!plan.problems.isEmpty(), "a problem was expected");
        QVERIFY2(plan.problems.first().contains(problem), qPrintable(plan.problems.first()));
    }
    QCOMPARE(plan.bytes, file);
}

DotenvImportResult TestDotenvImport::runImport(const QString &file, const QString &environment, bool strip,
                                               bool replace)
{
    DotenvPlan plan = planDotenvImport(file, environment, *m_core->environments(), *m_core->credentials(), replace);
    DotenvImport::Options options;
    options.strip = strip;
    DotenvImport import(m_core->credentials(), m_core->vault(), std::move(plan), options);
    QSignalSpy finished(&import, &DotenvImport::finished);
    import.start();
    if (!finished.wait(15000))
        qFatal("the import did not finish");
    QTest::qWait(20);
    if (finished.count() != 1)
        qFatal("finished %d times", int(finished.count()));
    return finished.first().first().value<DotenvImportResult>();
}

std::optional<Credentials> TestDotenvImport::stored(const QString &environment)
{
    std::optional<Credentials> result;
    bool done = false;
    m_core->vault()->readCredentials(environment, SecretSlot::Active, this,
                                     [&](const KeychainError &error, const std::optional<Credentials> &credentials) {
                                         if (error.ok())
                                             result = credentials;
                                         done = true;
                                     });
    if (!QTest::qWaitFor([&] { return done; }, 5000))
        qFatal("the keychain read did not finish");
    return result;
}

void TestDotenvImport::importVerifiesThenStrips()
{
    const QString file = path(QStringLiteral(".env"));
    const QByteArray original
            = "\xEF\xBB\xBF# my project\r\nENV=lab\r\nexport CLIENT_ID=" + m_sandbox->clientId.toUtf8() + "\r\n"
            + m_secretLine + "LAB_TWO_CLIENT_ID=" + m_sandbox->clientId.toUtf8() + "\nLAB_TWO_CLIENT_SECRET=\""
            + m_sandbox->clientSecret.toUtf8() + "\"\nDATA_DIR=/data # where the samples are\nNOTE=\"two\nlines\"\n";
    writeFile(file, original);
    const auto permissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup;
    QVERIFY(QFile::setPermissions(file, permissions));
    const QFileDevice::Permissions before = QFile::permissions(file);

    const DotenvImportResult result = runImport(file, {}, true);
    QVERIFY2(result.error.ok(), qPrintable(result.error.message));
    QCOMPARE(result.imported, (QStringList{QStringLiteral("lab"), QStringLiteral("lab-two")}));
    QVERIFY(result.stripped);
    QCOMPARE(result.strippedKeys,
             (QStringList{QStringLiteral("CLIENT_SECRET"), QStringLiteral("LAB_TWO_CLIENT_SECRET")}));
    for (const QString &environment : result.imported) {
        const auto credentials = stored(environment);
        QVERIFY(credentials);
        QCOMPARE(credentials->identity, m_sandbox->clientId);
        QCOMPARE(credentials->secret.revealString(), m_sandbox->clientSecret);
        QCOMPARE(m_core->history()->entries(environment).last().action, QStringLiteral("import"));
    }

    const QByteArray after = readAll(file);
    QVERIFY(!after.contains(m_sandbox->clientSecret.toUtf8()));
    QVERIFY(after.startsWith("\xEF\xBB\xBF# my project\r\nENV=lab\r\nexport CLIENT_ID="));
    QVERIFY(after.contains("DATA_DIR=/data # where the samples are\nNOTE=\"two\nlines\"\n"));
    QVERIFY(after.contains("moved to the OS keychain by bioepic-cred"));
    QVERIFY(after.contains("bioepic-cred exec lab -- python your_script.py"));
    QCOMPARE(QFile::permissions(file), before);
    const QHash<QString, QString> values = parseDotenv(after, {}).values();
    QVERIFY(!values.contains(QStringLiteral("CLIENT_SECRET")));
    QVERIFY(!values.contains(QStringLiteral("LAB_TWO_CLIENT_SECRET")));
    QCOMPARE(values.value(QStringLiteral("CLIENT_ID")), m_sandbox->clientId);
    QCOMPARE(values.value(QStringLiteral("NOTE")), QStringLiteral("two\nlines"));
    QCOMPARE(values.size(), 5);

    // Importing the same file again: the credentials are already there, so nothing is found.
    const DotenvImportResult again = runImport(file, {}, true);
    QVERIFY(!again.error.ok());
    QVERIFY(again.error.message.contains(QStringLiteral("holds no credentials")));
    QCOMPARE(readAll(file), after);
}

void TestDotenvImport::wrongSecretStoresNothing()
{
    const QString file = path(QStringLiteral(".env"));
    const QByteArray original = "ENV=lab\nCLIENT_ID=" + m_sandbox->clientId.toUtf8() + "\nCLIENT_SECRET=wrong\n";
    writeFile(file, original);
    const DotenvImportResult result = runImport(file, {}, true);
    QCOMPARE(result.error.kind, ErrorClass::CredentialsRejected);
    QVERIFY(result.imported.isEmpty());
    QVERIFY(!result.stripped);
    QCOMPARE(readAll(file), original);
    QVERIFY(!m_core->credentials()->metadata(QStringLiteral("lab")).stored);
}

void TestDotenvImport::keychainFailureLeavesTheFile_data()
{
    QTest::addColumn<QString>("operation"); // fail every operation of this kind…
    QTest::addColumn<QString>("key"); // …or every operation on this key
    QTest::addColumn<KeychainError::Code>("code");
    QTest::addColumn<QStringList>("imported");

    QTest::newRow("locked for writing") << QStringLiteral("write") << QString() << KeychainError::Code::Locked
                                        << QStringList();
    QTest::newRow("reading back times out")
            << QStringLiteral("read") << QString() << KeychainError::Code::Timeout << QStringList();
    QTest::newRow("second environment fails") << QString() << QStringLiteral("bioepic-test/lab-two/active")
                                              << KeychainError::Code::NoService << QStringList{QStringLiteral("lab")};
}

void TestDotenvImport::keychainFailureLeavesTheFile()
{
    QFETCH(QString, operation);
    QFETCH(QString, key);
    QFETCH(KeychainError::Code, code);
    QFETCH(QStringList, imported);
    const QString file = path(QStringLiteral(".env"));
    const QByteArray original = "ENV=lab\nCLIENT_ID=" + m_sandbox->clientId.toUtf8() + "\n" + m_secretLine
            + "LAB_TWO_CLIENT_ID=" + m_sandbox->clientId.toUtf8() + "\nLAB_TWO_" + m_secretLine;
    writeFile(file, original);
    if (!operation.isEmpty())
        m_store->failOperation(operation, code);
    else
        m_store->failKey(key, code);
    const DotenvImportResult result = runImport(file, {}, true);
    m_store->clearFailures();
    QVERIFY(!result.error.ok());
    QCOMPARE(result.imported, imported);
    QVERIFY(!result.stripped);
    QCOMPARE(readAll(file), original);
    if (!imported.isEmpty())
        QVERIFY2(result.error.remedy.contains(QStringLiteral("Already stored: lab")), qPrintable(result.error.remedy));
}

void TestDotenvImport::fileChangedMeanwhileIsNotStripped()
{
    const QString file = path(QStringLiteral(".env"));
    writeFile(file, "ENV=lab\nCLIENT_ID=" + m_sandbox->clientId.toUtf8() + "\n" + m_secretLine);
    DotenvPlan plan = planDotenvImport(file, {}, *m_core->environments(), *m_core->credentials(), false);
    QVERIFY(plan.ok());
    DotenvImport::Options options;
    options.strip = true;
    DotenvImport import(m_core->credentials(), m_core->vault(), std::move(plan), options);
    QSignalSpy finished(&import, &DotenvImport::finished);
    // The user saves an edit while the token request is out.
    connect(&import, &DotenvImport::imported, this, [&] {
        writeFile(file, "ENV=lab\nCLIENT_ID=" + m_sandbox->clientId.toUtf8() + "\n" + m_secretLine + "X=1\n");
    });
    import.start();
    QVERIFY(finished.wait(15000));
    const auto result = finished.first().first().value<DotenvImportResult>();
    QVERIFY(result.error.message.contains(QStringLiteral("changed while")));
    QCOMPARE(result.imported, QStringList{QStringLiteral("lab")});
    QVERIFY(readAll(file).endsWith("X=1\n"));
}

void TestDotenvImport::stripsThroughASymbolicLink()
{
    const QString target = path(QStringLiteral("shared.env"));
    const QString link = path(QStringLiteral(".env"));
    writeFile(target, "ENV=lab\nCLIENT_ID=" + m_sandbox->clientId.toUtf8() + "\n" + m_secretLine);
    QVERIFY(QFile::link(target, link));
    const DotenvImportResult result = runImport(link, {}, true);
    QVERIFY2(result.error.ok(), qPrintable(result.error.message));
    QVERIFY(QFileInfo(link).isSymLink());
    QVERIFY(!readAll(target).contains("CLIENT_SECRET="));
}

QTEST_GUILESS_MAIN(TestDotenvImport)
#include "tst_dotenvimport.moc"
