// Environments: field validation, the settings file (readable, atomic, never overwritten when corrupt).
#include "config/environmentstore.h"
#include "config/presets.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace bioepic;

class TestEnvironment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validation_data();
    void validation();
    void noEnvironmentsWithoutAFile();
    void presetsMakeValidEnvironments();
    void addSaveReload();
    void updateKeepsCredentialMetadata();
    void everyEnvironmentCanBeRemoved();
    void duplicateAndUnknownNames();
    void corruptFileIsNeverOverwritten();
    void changesFromAnotherProcessAreSeen();
    void profileOverridesApply();
    void endpointKeepsBasePath();
};

void TestEnvironment::validation_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("overrideKey");
    QTest::addColumn<QString>("overrideValue");
    QTest::addColumn<int>("refreshBuffer");
    QTest::addColumn<QString>("field"); // empty: valid
    QTest::addColumn<QString>("messageContains");

    const QString ok = QStringLiteral("https://api.example.org");
    QTest::newRow("valid") << "staging" << ok << "bioepic"
                           << ""
                           << "" << 300 << ""
                           << "";
    QTest::newRow("valid with digits, _ and -") << "9lab_env-2" << ok << "nmdc"
                                                << ""
                                                << "" << 300 << ""
                                                << "";
    QTest::newRow("loopback http") << "local"
                                   << "http://127.0.0.1:8080"
                                   << "bioepic"
                                   << ""
                                   << "" << 300 << ""
                                   << "";
    QTest::newRow("localhost http") << "local"
                                    << "http://localhost:8080"
                                    << "bioepic"
                                    << ""
                                    << "" << 300 << ""
                                    << "";
    QTest::newRow("ipv6 loopback http") << "local"
                                        << "http://[::1]:8080"
                                        << "bioepic"
                                        << ""
                                        << "" << 300 << ""
                                        << "";
    QTest::newRow("upper-case name") << "Prod2" << ok << "bioepic"
                                     << ""
                                     << "" << 300 << "name"
                                     << "lower-case";
    QTest::newRow("name starting with -") << "-x" << ok << "bioepic"
                                          << ""
                                          << "" << 300 << "name"
                                          << "must start";
    QTest::newRow("name with a space") << "my env" << ok << "bioepic"
                                       << ""
                                       << "" << 300 << "name"
                                       << "only";
    QTest::newRow("name with a letter outside a-z") << QStringLiteral("prod\u00e9") << ok << "bioepic"
                                                    << ""
                                                    << "" << 300 << "name"
                                                    << "only";
    // Shown escaped: a name is typed by hand or read from a settings file, and the message
    // reaches a terminal.
    QTest::newRow("name ending in a newline") << "prod\n"
                                              << ok << "bioepic"
                                              << ""
                                              << "" << 300 << "name"
                                              << "\"prod\\n\"";
    QTest::newRow("name with a terminal escape") << "pr\x1b[2Jod" << ok << "bioepic"
                                                 << ""
                                                 << "" << 300 << "name"
                                                 << "\"pr\\x1b[2Jod\"";
    QTest::newRow("empty name") << "" << ok << "bioepic"
                                << ""
                                << "" << 300 << "name"
                                << "empty";
    QTest::newRow("plain http to a remote host") << "x"
                                                 << "http://api.example.org"
                                                 << "bioepic"
                                                 << ""
                                                 << "" << 300 << "base_url"
                                                 << "unencrypted";
    QTest::newRow("no scheme") << "x"
                               << "api.example.org"
                               << "bioepic"
                               << ""
                               << "" << 300 << "base_url"
                               << "scheme";
    QTest::newRow("ftp scheme") << "x"
                                << "ftp://api.example.org"
                                << "bioepic"
                                << ""
                                << "" << 300 << "base_url"
                                << "not supported";
    QTest::newRow("user info in URL") << "x"
                                      << "https://me:pw@api.example.org"
                                      << "bioepic"
                                      << ""
                                      << "" << 300 << "base_url"
                                      << "user name or password";
    QTest::newRow("query in URL") << "x"
                                  << "https://api.example.org/?a=1"
                                  << "bioepic"
                                  << ""
                                  << "" << 300 << "base_url"
                                  << "query";
    QTest::newRow("empty URL") << "x"
                               << ""
                               << "bioepic"
                               << ""
                               << "" << 300 << "base_url"
                               << "empty";
    QTest::newRow("unknown profile") << "x" << ok << "graphql"
                                     << ""
                                     << "" << 300 << "profile"
                                     << "unknown";
    QTest::newRow("unknown override") << "x" << ok << "bioepic"
                                      << "tokne_path"
                                      << "/t" << 300 << "profile_overrides.tokne_path"
                                      << "unknown profile override";
    QTest::newRow("override path without /") << "x" << ok << "bioepic"
                                             << "token_path"
                                             << "token" << 300 << "profile_overrides.token_path"
                                             << "must start with '/'";
    QTest::newRow("search path without {collection}") << "x" << ok << "bioepic"
                                                      << "search_path"
                                                      << "/api/items" << 300 << "profile_overrides.search_path"
                                                      << "{collection}";
    QTest::newRow("empty results key") << "x" << ok << "bioepic"
                                       << "results_key"
                                       << "" << 300 << "profile_overrides.results_key"
                                       << "must not be empty";
    QTest::newRow("empty health path is allowed") << "x" << ok << "nmdc"
                                                  << "health_path"
                                                  << "" << 300 << ""
                                                  << "";
    QTest::newRow("negative refresh buffer") << "x" << ok << "bioepic"
                                             << ""
                                             << "" << -1 << "refresh_buffer_s"
                                             << "between 0 and 86400";
}

void TestEnvironment::validation()
{
    QFETCH(QString, name);
    QFETCH(QString, baseUrl);
    QFETCH(QString, profile);
    QFETCH(QString, overrideKey);
    QFETCH(QString, overrideValue);
    QFETCH(int, refreshBuffer);
    QFETCH(QString, field);
    QFETCH(QString, messageContains);

    Environment env;
    env.name = name;
    env.baseUrl = QUrl(baseUrl);
    env.profileName = profile;
    if (!overrideKey.isEmpty())
        env.profileOverrides.insert(overrideKey, overrideValue);
    env.refreshBufferS = refreshBuffer;
    const QList<FieldError> errors = validateEnvironment(env);
    if (field.isEmpty()) {
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).message));
        return;
    }
    QVERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().field, field);
    QVERIFY2(errors.first().message.contains(messageContains), qPrintable(errors.first().message));
    QVERIFY2(std::none_of(errors.first().message.begin(), errors.first().message.end(),
                          [](QChar c) { return c.category() == QChar::Other_Control; }),
             qPrintable(errors.first().message));
}

void TestEnvironment::noEnvironmentsWithoutAFile()
{
    // No placeholder environments that can never work: a first run starts empty (and offers presets).
    test::TempHome home;
    EnvironmentStore store(home.settingsFile());
    QVERIFY(store.reload().ok());
    QVERIFY(store.names().isEmpty());
    QVERIFY(!QFile::exists(home.settingsFile()));
}

void TestEnvironment::presetsMakeValidEnvironments()
{
    QCOMPARE(EnvironmentPreset::ids(),
             (QStringList{QStringLiteral("nmdc"), QStringLiteral("nmdc-dev"), QStringLiteral("bioepic"),
                          QStringLiteral("custom")}));
    const auto nmdc = EnvironmentPreset::find(QStringLiteral("nmdc"));
    QVERIFY(nmdc && !nmdc->needsUrl());
    const Environment production = nmdc->makeEnvironment(nmdc->suggestedName);
    QCOMPARE(production.baseUrl.toString(), QStringLiteral("https://api.microbiomedata.org"));
    QCOMPARE(production.profileName, QStringLiteral("nmdc"));
    QVERIFY(validateEnvironment(production).isEmpty());
    const auto development = EnvironmentPreset::find(QStringLiteral("nmdc-dev"))->makeEnvironment(QStringLiteral("d"));
    QCOMPARE(development.baseUrl.toString(), QStringLiteral("https://api-dev.microbiomedata.org"));
    QVERIFY(validateEnvironment(development).isEmpty());
    // BioEPIC and custom: the user types the address; without one the environment is not valid.
    for (const QString &id : {QStringLiteral("bioepic"), QStringLiteral("custom")}) {
        const auto preset = EnvironmentPreset::find(id);
        QVERIFY(preset && preset->needsUrl());
        QVERIFY(!validateEnvironment(preset->makeEnvironment(preset->suggestedName)).isEmpty());
        const Environment typed = preset->makeEnvironment(preset->suggestedName, QStringLiteral("https://x.org/"));
        QCOMPARE(typed.baseUrl.toString(), QStringLiteral("https://x.org"));
        QVERIFY(validateEnvironment(typed).isEmpty());
    }
    QVERIFY(!EnvironmentPreset::find(QStringLiteral("prod")));
}

void TestEnvironment::addSaveReload()
{
    test::TempHome home;
    EnvironmentStore store(home.settingsFile());
    QSignalSpy changed(&store, &EnvironmentStore::changed);
    Environment env;
    env.name = QStringLiteral("nmdc");
    env.baseUrl = QUrl(QStringLiteral("https://api.microbiomedata.org/"));
    env.profileName = QStringLiteral("nmdc");
    env.caBundle = QString();
    QVERIFY(store.add(env).ok());
    QCOMPARE(changed.count(), 1);
    QVERIFY(QFile::exists(home.settingsFile()));
    QCOMPARE(QFile::permissions(home.settingsFile()) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());

    EnvironmentStore other(home.settingsFile());
    QVERIFY(other.reload().ok());
    const auto loaded = other.find(QStringLiteral("nmdc"));
    QVERIFY(loaded);
    QCOMPARE(loaded->baseUrl.toString(), QStringLiteral("https://api.microbiomedata.org")); // trailing '/' dropped
    QCOMPARE(loaded->profile().resultsKey, QStringLiteral("resources"));

    // Human-readable: indented JSON with the documented keys.
    QFile file(home.settingsFile());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("\"base_url\": \"https://api.microbiomedata.org\""));
    QVERIFY(text.contains("\n    "));
}

void TestEnvironment::updateKeepsCredentialMetadata()
{
    test::TempHome home;
    EnvironmentStore store(home.settingsFile());
    CredentialMetadata meta;
    meta.stored = true;
    meta.identity = QStringLiteral("client-7");
    meta.fingerprint = QStringLiteral("sha256:00112233");
    meta.storedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4), QTimeZone::utc());
    meta.rotatedAt = meta.storedAt;
    Environment added;
    added.name = QStringLiteral("prod");
    added.baseUrl = QUrl(QStringLiteral("https://api.bioepic.example.com"));
    QVERIFY(store.add(added).ok());
    QVERIFY(store.setCredentialMetadata(QStringLiteral("prod"), meta).ok());
    Environment prod = *store.find(QStringLiteral("prod"));
    prod.baseUrl = QUrl(QStringLiteral("https://api.bioepic.org"));
    prod.credentials = {}; // an editor never sends metadata; the store keeps it
    QVERIFY(store.update(prod).ok());
    EnvironmentStore reread(home.settingsFile());
    QVERIFY(reread.reload().ok());
    const auto loaded = reread.find(QStringLiteral("prod"));
    QCOMPARE(loaded->baseUrl.toString(), QStringLiteral("https://api.bioepic.org"));
    QVERIFY(loaded->credentials.stored);
    QCOMPARE(loaded->credentials.identity, QStringLiteral("client-7"));
    QCOMPARE(loaded->credentials.rotatedAt, meta.rotatedAt);
}

void TestEnvironment::everyEnvironmentCanBeRemoved()
{
    test::TempHome home;
    EnvironmentStore store(home.settingsFile());
    const auto preset = EnvironmentPreset::find(QStringLiteral("nmdc"));
    QVERIFY(store.add(preset->makeEnvironment(QStringLiteral("nmdc"))).ok());
    QVERIFY(store.remove(QStringLiteral("nmdc")).ok());
    QVERIFY(store.names().isEmpty());
    const Error error = store.remove(QStringLiteral("nmdc"));
    QCOMPARE(error.kind, ErrorClass::Usage);
    QVERIFY(error.message.contains(QLatin1String("No environment named")));
}

void TestEnvironment::duplicateAndUnknownNames()
{
    test::TempHome home;
    EnvironmentStore store(home.settingsFile());
    Environment env;
    env.name = QStringLiteral("dev");
    env.baseUrl = QUrl(QStringLiteral("https://x.example.org"));
    QVERIFY(store.add(env).ok());
    const Error duplicate = store.add(env);
    QCOMPARE(duplicate.kind, ErrorClass::Usage);
    QCOMPARE(duplicate.field, QStringLiteral("name"));
    QVERIFY(duplicate.message.contains(QLatin1String("already exists")));
    env.name = QStringLiteral("ghost");
    QCOMPARE(store.update(env).kind, ErrorClass::Usage);
    QCOMPARE(store.remove(QStringLiteral("ghost")).kind, ErrorClass::Usage);
    env.baseUrl = QUrl(QStringLiteral("http://remote.example.org"));
    const Error invalid = store.add(env);
    QCOMPARE(invalid.field, QStringLiteral("base_url"));
}

void TestEnvironment::corruptFileIsNeverOverwritten()
{
    test::TempHome home;
    QDir().mkpath(QFileInfo(home.settingsFile()).path());
    QFile file(home.settingsFile());
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray corrupt = "{\"environments\": [ {\"name\": \"mine\", ";
    file.write(corrupt);
    file.close();

    EnvironmentStore store(home.settingsFile());
    const Error loadError = store.reload();
    QVERIFY(!loadError.ok());
    QVERIFY(loadError.message.contains(home.settingsFile()));
    QVERIFY(!loadError.remedy.isEmpty());
    Environment env;
    env.name = QStringLiteral("new");
    env.baseUrl = QUrl(QStringLiteral("https://x.example.org"));
    QVERIFY(!store.add(env).ok());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), corrupt);
}

void TestEnvironment::changesFromAnotherProcessAreSeen()
{
    test::TempHome home;
    EnvironmentStore gui(home.settingsFile());
    EnvironmentStore cli(home.settingsFile());
    Environment a;
    a.name = QStringLiteral("alpha");
    a.baseUrl = QUrl(QStringLiteral("https://a.example.org"));
    QVERIFY(cli.add(a).ok());
    Environment b = a;
    b.name = QStringLiteral("beta");
    QVERIFY(gui.add(b).ok()); // re-reads first, so alpha survives
    EnvironmentStore check(home.settingsFile());
    QVERIFY(check.reload().ok());
    QVERIFY(check.find(QStringLiteral("alpha")));
    QVERIFY(check.find(QStringLiteral("beta")));
}

void TestEnvironment::profileOverridesApply()
{
    Environment env;
    env.profileName = QStringLiteral("bioepic");
    env.profileOverrides.insert(QStringLiteral("results_key"), QStringLiteral("items"));
    env.profileOverrides.insert(QStringLiteral("who_am_i_path"), QStringLiteral("/me"));
    const ApiProfile profile = env.profile();
    QCOMPARE(profile.resultsKey, QStringLiteral("items"));
    QCOMPARE(profile.whoAmIPath, QStringLiteral("/me"));
    QCOMPARE(profile.tokenPath, QStringLiteral("/token"));
    QCOMPARE(profile.searchPathFor(QStringLiteral("samples")), QStringLiteral("/api/samples"));
    Environment nmdc;
    nmdc.baseUrl = QUrl(QStringLiteral("https://api.example.org"));
    nmdc.profileName = QStringLiteral("nmdc");
    QCOMPARE(nmdc.endpoint(nmdc.profile().searchPathFor(QStringLiteral("study set"))).toString(QUrl::FullyEncoded),
             QStringLiteral("https://api.example.org/nmdcschema/study%20set"));
}

void TestEnvironment::endpointKeepsBasePath()
{
    Environment env;
    env.baseUrl = parseBaseUrl(QStringLiteral("https://host.example.org/v1/"));
    QCOMPARE(env.endpoint(QStringLiteral("/token")).toString(), QStringLiteral("https://host.example.org/v1/token"));
    env.baseUrl = parseBaseUrl(QStringLiteral("http://127.0.0.1:9000"));
    QCOMPARE(env.endpoint(QStringLiteral("/token")).toString(), QStringLiteral("http://127.0.0.1:9000/token"));
}

QTEST_GUILESS_MAIN(TestEnvironment)
#include "tst_environment.moc"
