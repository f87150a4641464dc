// Real pieces together: the real keychain, the real sandbox on loopback, the real clock.
#include "coreservices.h"
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace bioepic;

namespace {

std::unique_ptr<CoreServices> makeCore(const test::TempHome &home, const QString &service)
{
    CoreOptions options = test::coreOptions(home, service);
    options.keychainTimeout = std::chrono::seconds(10);
    return std::make_unique<CoreServices>(options);
}

LoginResult login(CoreServices &core, const QString &id, const QString &secret, QObject *context)
{
    Credentials credentials;
    credentials.identity = id;
    credentials.secret = Secret::fromString(secret);
    LoginResult out;
    bool done = false;
    core.credentials()->login(QStringLiteral("lab"), credentials, true, context, [&](const LoginResult &result) {
        out = result;
        done = true;
    });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return done; }, 20000);
    return out;
}

TokenResult token(CoreServices &core, QObject *context)
{
    TokenResult out;
    bool done = false;
    core.tokens()->requestToken(QStringLiteral("lab"), TokenService::Freshness::UseCached, context,
                                [&](const TokenResult &result) {
                                    out = result;
                                    done = true;
                                });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return done; }, 20000);
    return out;
}

} // namespace

class TestLogin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void verifiedLoginSurvivesARestart();
    void rejectedSecretStoresNothing();
    void refreshAtTheBufferWithShortLifetimes();
    void fiftyCallersAfterExpiryMakeOneRequest();
    void forgetRemovesEverything();

private:
    void addLab(CoreServices &core, const test::SandboxFixture &sandbox);
    QString m_service;
};

void TestLogin::init()
{
    BIOEPIC_REQUIRE_KEYRING();
    m_service = test::randomSecret(QStringLiteral("bioepic-login"));
}

void TestLogin::addLab(CoreServices &core, const test::SandboxFixture &sandbox)
{
    Environment env;
    env.name = QStringLiteral("lab");
    env.baseUrl = sandbox.baseUrl();
    QVERIFY(core.environments()->add(env).ok());
}

void TestLogin::verifiedLoginSurvivesARestart()
{
    test::SandboxFixture sandbox;
    test::TempHome home;
    QString fingerprint;
    {
        auto core = makeCore(home, m_service);
        addLab(*core, sandbox);
        const LoginResult result = login(*core, sandbox.clientId, sandbox.clientSecret, this);
        QVERIFY2(result.error.ok(), qPrintable(result.error.fullText()));
        QVERIFY(result.verified);
        fingerprint = result.token->info.fingerprint;
    }
    auto restarted = makeCore(home, m_service);
    QVERIFY(restarted->credentials()->hasCredentials(QStringLiteral("lab"))); // from the settings, no unlock
    QCOMPARE(restarted->tokens()->state(QStringLiteral("lab")), TokenState::Valid); // from state.json
    const TokenResult again = token(*restarted, this);
    QVERIFY(again.ok());
    QCOMPARE(again.token.info.fingerprint, fingerprint); // read back from the keychain's token slot
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(1));
    const QList<QByteArray> secrets{sandbox.clientSecret.toUtf8(), again.token.accessToken.reveal()};
    QVERIFY(test::scanTree(home.dir.path(), secrets).isEmpty());
    QVERIFY(test::secretToolSearch(m_service).contains("lab/active"));
}

void TestLogin::rejectedSecretStoresNothing()
{
    test::SandboxFixture sandbox;
    test::TempHome home;
    auto core = makeCore(home, m_service);
    addLab(*core, sandbox);
    const QString wrong = test::randomSecret();
    const LoginResult result = login(*core, sandbox.clientId, wrong, this);
    QCOMPARE(result.apiError.code, ApiError::Code::InvalidClient);
    QCOMPARE(exitCodeFor(result.error.kind), 3);
    QVERIFY(!test::secretToolSearch(m_service).contains(m_service.toUtf8()));
    QVERIFY(!core->credentials()->hasCredentials(QStringLiteral("lab")));
    QVERIFY(test::scanTree(home.dir.path(), {wrong.toUtf8()}).isEmpty());
}

void TestLogin::refreshAtTheBufferWithShortLifetimes()
{
    SandboxOptions options;
    options.tokenLifetimeS = 4; // buffer 300 s → capped at half: refresh after 2 s
    test::SandboxFixture sandbox(options);
    test::TempHome home;
    auto core = makeCore(home, m_service);
    addLab(*core, sandbox);
    const LoginResult result = login(*core, sandbox.clientId, sandbox.clientSecret, this);
    QVERIFY(result.error.ok());
    const TokenInfo first = result.token->info;
    QCOMPARE(first.issuedAt.secsTo(first.refreshAt), 2);
    core->tokens()->setAutoRefresh(true);
    QTRY_VERIFY_WITH_TIMEOUT(core->tokens()->cachedToken(QStringLiteral("lab"))->info.fingerprint != first.fingerprint,
                             6000);
    const TokenInfo second = core->tokens()->cachedToken(QStringLiteral("lab"))->info;
    QVERIFY2(second.issuedAt >= first.refreshAt.addMSecs(-999), "refreshed at the refresh point, not before");
    QVERIFY(second.issuedAt < first.expiresAt); // …and before expiry
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(2));
    // And again: it keeps going.
    QTRY_COMPARE_WITH_TIMEOUT(sandbox.api().stats().tokenRequests, quint64(3), 6000);
}

void TestLogin::fiftyCallersAfterExpiryMakeOneRequest()
{
    SandboxOptions options;
    options.tokenLifetimeS = 4;
    test::SandboxFixture sandbox(options);
    sandbox.api().setLatencyMs(100);
    test::TempHome home;
    {
        auto core = makeCore(home, m_service);
        addLab(*core, sandbox);
        QVERIFY(login(*core, sandbox.clientId, sandbox.clientSecret, this).error.ok());
    }
    QTest::qWait(2200); // past the refresh point of the cached token
    auto core = makeCore(home, m_service); // a fresh process: only the keychain knows the token
    int answers = 0;
    QSet<QString> fingerprints;
    for (int i = 0; i < 50; ++i) {
        core->tokens()->requestToken(QStringLiteral("lab"), TokenService::Freshness::UseCached, this,
                                     [&](const TokenResult &result) {
                                         QVERIFY(result.ok());
                                         ++answers;
                                         fingerprints.insert(result.token.info.fingerprint);
                                     });
    }
    QTRY_COMPARE_WITH_TIMEOUT(answers, 50, 15000);
    QTest::qWait(200);
    QCOMPARE(answers, 50);
    QCOMPARE(fingerprints.size(), 1);
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(2)); // the login's, and exactly one more
}

void TestLogin::forgetRemovesEverything()
{
    test::SandboxFixture sandbox;
    test::TempHome home;
    auto core = makeCore(home, m_service);
    addLab(*core, sandbox);
    // An earlier version cached the token in the keychain: the first token file replaces it.
    bool planted = false;
    core->keychain()->write(secretKey(m_service, QStringLiteral("lab"), SecretSlot::Token), "{}", this,
                            [&](const KeychainError &error) {
                                QVERIFY(error.ok());
                                planted = true;
                            });
    QTRY_VERIFY_WITH_TIMEOUT(planted, 10000);
    QVERIFY(test::secretToolSearch(m_service).contains("lab/token"));
    QVERIFY(login(*core, sandbox.clientId, sandbox.clientSecret, this).error.ok());
    bool cached = false; // the token is cached after the login answered, not before
    core->tokens()->whenCacheWritten(this, [&] { cached = true; });
    QTRY_VERIFY_WITH_TIMEOUT(cached, 5000);
    const QString tokenFile = core->vault()->tokenFiles().filePath(QStringLiteral("lab"));
    QVERIFY(QFile::exists(tokenFile));
    // A token is not a keychain entry (the old one goes in the background).
    QTRY_VERIFY_WITH_TIMEOUT(!test::secretToolSearch(m_service).contains("lab/token"), 10000);
    Error error;
    bool done = false;
    core->credentials()->forget(QStringLiteral("lab"), this, [&](const Error &e) {
        error = e;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
    QVERIFY(error.ok());
    QVERIFY(!test::secretToolSearch(m_service).contains("lab/"));
    QVERIFY(!QFile::exists(tokenFile));
    QVERIFY(!core->credentials()->hasCredentials(QStringLiteral("lab")));
    QCOMPARE(core->tokens()->state(QStringLiteral("lab")), TokenState::None);
}

QTEST_GUILESS_MAIN(TestLogin)
#include "tst_login.moc"
