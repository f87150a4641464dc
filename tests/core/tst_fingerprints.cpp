// Credential fingerprints are keyed by a secret that lives only in the keychain, so the ones in
// the settings file, the history and a mailed report cannot be used to test password guesses.
// Records of earlier versions (unkeyed "sha256:") are replaced on the next keychain read.
#include "coreservices.h"
#include "credentials/credentialmanager.h"
#include "credentials/historystore.h"
#include "fakeclock.h"
#include "fakesecretstore.h"
#include "keychain/credentialvault.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace bioepic;

class TestFingerprints : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyedAndStable();
    void loginStoresNoGuessableFingerprint();
    void earlierRecordsAreReplacedOnTheNextRead();

private:
    std::unique_ptr<CoreServices> makeCore(test::FakeSecretStore *store, const test::TempHome &home,
                                           const test::SandboxFixture &sandbox);
    LoginResult login(CoreServices &core, const QString &secret);
    test::FakeClock m_clock;
};

std::unique_ptr<CoreServices> TestFingerprints::makeCore(test::FakeSecretStore *store, const test::TempHome &home,
                                                         const test::SandboxFixture &sandbox)
{
    CoreOptions options;
    options.settingsFile = home.settingsFile();
    options.stateFile = home.stateFile();
    options.historyDirectory = home.dataHome() + QStringLiteral("/history");
    options.keychainOverride = store;
    options.clock = &m_clock;
    options.keychainService = QStringLiteral("bioepic-test");
    auto core = std::make_unique<CoreServices>(options);
    if (!core->environments()->find(QStringLiteral("lab"))) {
        Environment env;
        env.name = QStringLiteral("lab");
        env.baseUrl = sandbox.baseUrl();
        if (!core->environments()->add(env).ok())
            qFatal("cannot add lab");
    }
    return core;
}

LoginResult TestFingerprints::login(CoreServices &core, const QString &secret)
{
    Credentials credentials;
    credentials.identity = QStringLiteral("test-client");
    credentials.secret = Secret::fromString(secret);
    std::optional<LoginResult> outcome;
    core.credentials()->login(QStringLiteral("lab"), credentials, true, &core,
                              [&](const LoginResult &result) { outcome = result; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 10000))
        qFatal("login did not finish");
    return *outcome;
}

void TestFingerprints::keyedAndStable()
{
    Credentials credentials;
    credentials.identity = QStringLiteral("id");
    credentials.secret = Secret::fromString(QStringLiteral("password1"));
    setFingerprintKey(QByteArray(32, 'a'));
    const QString first = credentials.fingerprint();
    QVERIFY(first.startsWith(QLatin1String("hmac:")));
    QCOMPARE(first.size(), 13);
    QCOMPARE(credentials.fingerprint(), first);
    setFingerprintKey(QByteArray(32, 'b'));
    QVERIFY(credentials.fingerprint() != first);
    QVERIFY(credentials.legacyFingerprint().startsWith(QLatin1String("sha256:")));
    QVERIFY(isLegacyFingerprint(credentials.legacyFingerprint()));
    QVERIFY(!isLegacyFingerprint(first));
}

void TestFingerprints::loginStoresNoGuessableFingerprint()
{
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    QString fingerprint;
    {
        auto core = makeCore(&store, home, sandbox);
        QVERIFY(!login(*core, QStringLiteral("wrong-guess")).error.ok());
        QVERIFY(login(*core, sandbox.clientSecret).error.ok());
        fingerprint = core->credentials()->metadata(QStringLiteral("lab")).fingerprint;
        QVERIFY(fingerprint.startsWith(QLatin1String("hmac:")));
        // The key was made on the first store and lives in the keychain only.
        QVERIFY(store.contains(QStringLiteral("bioepic-test/fingerprint-key")));
        const QList<HistoryEntry> history = core->history()->entries(QStringLiteral("lab"));
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.first().outcome, QStringLiteral("failed"));
        QVERIFY(history.first().newFingerprint.isEmpty()); // none for the rejected secret
        QCOMPARE(history.last().newFingerprint, fingerprint);
    }
    // No file holds anything an offline guess could be checked against.
    Credentials guess;
    guess.identity = QStringLiteral("test-client");
    guess.secret = Secret::fromString(sandbox.clientSecret);
    const QByteArray unkeyed = guess.legacyFingerprint().toUtf8();
    setFingerprintKey(QByteArray(32, 'z')); // an attacker's key: not the one in the keychain
    QVERIFY(test::scanTree(home.dir.path(), {unkeyed, guess.fingerprint().toUtf8()}).isEmpty());

    // Another process with the same keychain computes the same fingerprint once it has read it.
    auto again = makeCore(&store, home, sandbox);
    bool read = false;
    again->vault()->readCredentials(QStringLiteral("lab"), SecretSlot::Active, again.get(),
                                    [&](const KeychainError &, const std::optional<Credentials> &) { read = true; });
    QTRY_VERIFY(read);
    QCOMPARE(guess.fingerprint(), fingerprint);
}

void TestFingerprints::earlierRecordsAreReplacedOnTheNextRead()
{
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    auto core = makeCore(&store, home, sandbox);
    QVERIFY(login(*core, sandbox.clientSecret).error.ok());
    Credentials stored;
    stored.identity = QStringLiteral("test-client");
    stored.secret = Secret::fromString(sandbox.clientSecret);
    const QString keyed = stored.fingerprint();

    // What an earlier version wrote: unkeyed fingerprints in the settings and the history, one of
    // them of a secret the server rejected.
    CredentialMetadata meta = core->credentials()->metadata(QStringLiteral("lab"));
    meta.fingerprint = stored.legacyFingerprint();
    QVERIFY(core->credentials()->setMetadata(QStringLiteral("lab"), meta).ok());
    const QString historyFile = core->history()->filePath(QStringLiteral("lab"));
    QVERIFY(QFile::remove(historyFile));
    HistoryEntry ok{m_clock.now(),
                    QStringLiteral("login"),
                    QStringLiteral("ok"),
                    {},
                    {},
                    stored.legacyFingerprint(),
                    {},
                    QStringLiteral("test-client")};
    QFile file(historyFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    HistoryEntry rejected = ok;
    rejected.outcome = QStringLiteral("failed");
    rejected.newFingerprint = QStringLiteral("sha256:0badf00d");
    file.write(QJsonDocument(rejected.toJson()).toJson(QJsonDocument::Compact) + '\n');
    file.write(QJsonDocument(ok.toJson()).toJson(QJsonDocument::Compact) + '\n');
    file.close();

    // The next read of the active slot (here a token request) replaces them.
    bool done = false;
    core->tokens()->requestToken(QStringLiteral("lab"), TokenService::Freshness::ForceRefresh, core.get(),
                                 [&](const TokenResult &) { done = true; });
    QTRY_VERIFY(done);
    QCOMPARE(core->credentials()->metadata(QStringLiteral("lab")).fingerprint, keyed);
    const QList<HistoryEntry> history = core->history()->entries(QStringLiteral("lab"));
    QCOMPARE(history.size(), 2);
    QVERIFY(history.at(0).newFingerprint.isEmpty());
    QCOMPARE(history.at(1).newFingerprint, keyed);
    QFile settings(home.settingsFile());
    QVERIFY(settings.open(QIODevice::ReadOnly));
    QVERIFY(!settings.readAll().contains("sha256:"));
}

QTEST_GUILESS_MAIN(TestFingerprints)
#include "tst_fingerprints.moc"
