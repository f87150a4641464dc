// TokenService against the real sandbox on loopback, with a fake keychain and a fake clock:
// single flight, caching until the refresh point, persistence, auto-refresh, every failure path.
#include "coreservices.h"
#include "fakeclock.h"
#include "fakesecretstore.h"
#include "testsupport.h"

#include <QAbstractEventDispatcher>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace bioepic;

namespace {

struct Rig
{
    explicit Rig(test::FakeClock *clock, test::FakeSecretStore *store, const test::TempHome &home)
    {
        CoreOptions options;
        options.settingsFile = home.settingsFile();
        options.stateFile = home.stateFile();
        options.keychainOverride = store;
        options.clock = clock;
        options.keychainService = QStringLiteral("bioepic-test");
        core = std::make_unique<CoreServices>(options);
    }
    std::unique_ptr<CoreServices> core;
};

/** What most tests start from: a fake clock, the sandbox on that clock, a fake keychain, a home, a core. */
struct Lab
{
    explicit Lab(SandboxOptions options = {})
        : sandbox(std::move(options), &clock)
        , rig(&clock, &store, home)
    {
    }
    test::FakeClock clock;
    test::SandboxFixture sandbox;
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig;
    [[nodiscard]] CoreServices &core() { return *rig.core; }
};

TokenResult fetch(CoreServices &core, TokenService::Freshness freshness = TokenService::Freshness::UseCached)
{
    TokenResult out;
    int calls = 0;
    core.tokens()->requestToken(QStringLiteral("lab"), freshness, &core, [&](const TokenResult &result) {
        out = result;
        ++calls;
    });
    if (!QTest::qWaitFor([&] { return calls > 0; }, 15000))
        qWarning("no answer");
    QTest::qWait(20);
    if (calls != 1)
        qFatal("answered %d times", calls);
    return out;
}

/** What a script does in a process of its own: adds "lab", stores its credentials, gets a token. */
QString labTokenFromAnotherProcess(test::FakeClock *clock, test::FakeSecretStore *store, const test::TempHome &home,
                                   test::SandboxFixture &sandbox)
{
    Rig script(clock, store, home);
    test::addLab(*script.core, sandbox);
    return fetch(*script.core).token.info.fingerprint;
}

} // namespace

class TestTokenService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fiftyConcurrentCallersMakeOneRequest();
    void cachedUntilTheRefreshPoint();
    void persistedTokenIsReusedByAnotherProcess();
    void changedSettingsInvalidateTheToken();
    void autoRefreshAtTheBufferAndBackoff();
    void autoRefreshKeepsTokensOtherProcessesGotFresh();
    void followsWhatOtherProcessesWrite();
    void followsASettingsFolderRemovedAndMadeAgain();
    void noCredentials();
    void lockedKeychain();
    void refreshesWriteNothingToTheKeychain();
    void tokenFileThatDoesNotAuthenticateIsNoToken();
    void refreshesBackToBackDoNotWaitForTheirOwnLock();
    void serverDown();
    void transferTimeout();
    void goneCallerIsNotCalled();
    void verifiedLoginStoresOnlyWhatTheServerAccepts();
    void sessionOnlyNeverTouchesTheKeychain();
    void checkFindsARejectedToken();
};

void TestTokenService::fiftyConcurrentCallersMakeOneRequest()
{
    test::FakeClock clock;
    test::SandboxFixture sandbox({}, &clock);
    sandbox.api().setLatencyMs(50); // keep the request in flight while the callers pile up
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&clock, &store, home);
    test::addLab(*rig.core, sandbox);

    QList<int> calls(50, 0);
    QStringList fingerprints;
    for (int i = 0; i < 50; ++i) {
        rig.core->tokens()->requestToken(QStringLiteral("lab"), TokenService::Freshness::UseCached, rig.core.get(),
                                         [&, i](const TokenResult &result) {
                                             QVERIFY(result.ok());
                                             ++calls[i];
                                             fingerprints.append(result.token.info.fingerprint);
                                         });
    }
    QVERIFY(rig.core->tokens()->isRequestInFlight(QStringLiteral("lab")));
    QTRY_COMPARE_WITH_TIMEOUT(fingerprints.size(), 50, 10000);
    QTest::qWait(100);
    QCOMPARE(calls, QList<int>(50, 1)); // every caller answered exactly once
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(1));
    QCOMPARE(QSet<QString>(fingerprints.begin(), fingerprints.end()).size(), 1);
}

void TestTokenService::cachedUntilTheRefreshPoint()
{
    Lab lab; // 600 s tokens; refresh 300 s before expiry
    test::addLab(lab.core(), lab.sandbox);

    const TokenResult first = fetch(lab.core());
    QVERIFY(first.ok());
    QCOMPARE(first.token.info.expirySource, ExpirySource::ExpiresIn);
    QCOMPARE(lab.core().tokens()->state(QStringLiteral("lab")), TokenState::Valid);
    lab.clock.advance(299);
    QCOMPARE(fetch(lab.core()).token.info.fingerprint, first.token.info.fingerprint);
    QCOMPARE(lab.sandbox.api().stats().tokenRequests, quint64(1));
    lab.clock.advance(1);
    QCOMPARE(lab.core().tokens()->state(QStringLiteral("lab")), TokenState::RefreshDue);
    const TokenResult second = fetch(lab.core());
    QVERIFY(second.token.info.fingerprint != first.token.info.fingerprint);
    QCOMPARE(lab.sandbox.api().stats().tokenRequests, quint64(2));
    // ForceRefresh always asks.
    fetch(lab.core(), TokenService::Freshness::ForceRefresh);
    QCOMPARE(lab.sandbox.api().stats().tokenRequests, quint64(3));
    // The state file has the metadata, never the token.
    QFile state(lab.home.stateFile());
    QVERIFY(state.open(QIODevice::ReadOnly));
    const QByteArray stateText = state.readAll();
    QVERIFY(stateText.contains(second.token.info.fingerprint.toUtf8()) || stateText.contains("sha256:"));
    QVERIFY(!stateText.contains(second.token.accessToken.reveal()));
}

void TestTokenService::persistedTokenIsReusedByAnotherProcess()
{
    test::FakeClock clock;
    test::SandboxFixture sandbox({}, &clock);
    test::FakeSecretStore store; // stands for the shared OS keychain
    test::TempHome home;
    const QString fingerprint = labTokenFromAnotherProcess(&clock, &store, home, sandbox);
    Rig second(&clock, &store, home);
    const TokenResult again = fetch(*second.core);
    QVERIFY(again.ok());
    QCOMPARE(again.token.info.fingerprint, fingerprint);
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(1));
    // Past the refresh point the cached one is not used.
    clock.advance(301);
    Rig third(&clock, &store, home);
    QVERIFY(fetch(*third.core).token.info.fingerprint != fingerprint);
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(2));
}

void TestTokenService::changedSettingsInvalidateTheToken()
{
    test::FakeClock clock;
    test::SandboxFixture sandbox({}, &clock);
    test::SandboxFixture moved({}, &clock); // the same API at another address
    moved.api().setClient(sandbox.clientId, sandbox.clientSecret);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&clock, &store, home);
    test::addLab(*rig.core, sandbox);
    const QString first = fetch(*rig.core).token.info.fingerprint;
    Environment env = *rig.core->environments()->find(QStringLiteral("lab"));
    env.baseUrl = moved.baseUrl();
    QVERIFY(rig.core->environments()->update(env).ok());
    QVERIFY(!rig.core->tokens()->cachedToken(QStringLiteral("lab")));
    const TokenResult second = fetch(*rig.core);
    QVERIFY(second.ok());
    QVERIFY(second.token.info.fingerprint != first);
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(1));
    QCOMPARE(moved.api().stats().tokenRequests, quint64(1)); // a token of the old server is never sent to the new one
}

void TestTokenService::autoRefreshAtTheBufferAndBackoff()
{
    SandboxOptions options;
    options.tokenLifetimeS = 60; // buffer 300 s is capped to half: refresh at 30 s
    Lab lab(options);
    test::addLab(lab.core(), lab.sandbox);
    const TokenResult first = fetch(lab.core());
    QCOMPARE(first.token.info.issuedAt.secsTo(first.token.info.refreshAt), 30);

    QSignalSpy changed(lab.core().tokens(), &TokenService::tokenChanged);
    lab.core().tokens()->runDueRefreshes();
    QTest::qWait(50);
    QCOMPARE(lab.sandbox.api().stats().tokenRequests, quint64(1)); // not due yet
    lab.clock.advance(30);
    lab.core().tokens()->runDueRefreshes();
    QTRY_COMPARE(lab.sandbox.api().stats().tokenRequests, quint64(2));
    QTRY_VERIFY(lab.core().tokens()->cachedToken(QStringLiteral("lab"))->info.fingerprint
                != first.token.info.fingerprint);
    // The flight ends once the token slot is written; a refresh asked before that joins it.
    QTRY_VERIFY(!lab.core().tokens()->isRequestInFlight(QStringLiteral("lab")));

    // The server revokes the client: the refresh fails, the old token stays, a retry waits 30 s.
    lab.sandbox.api().revoke(lab.sandbox.clientId);
    lab.clock.advance(31);
    lab.core().tokens()->runDueRefreshes();
    QTRY_COMPARE(lab.sandbox.api().stats().tokenRequests, quint64(3));
    QTRY_VERIFY(!lab.core().tokens()->status(QStringLiteral("lab")).lastError.isEmpty());
    QVERIFY(lab.core().tokens()->cachedToken(QStringLiteral("lab")));
    lab.core().tokens()->runDueRefreshes();
    QTest::qWait(50);
    QCOMPARE(lab.sandbox.api().stats().tokenRequests, quint64(3)); // backing off
    lab.clock.advance(31);
    lab.core().tokens()->runDueRefreshes();
    QTRY_COMPARE(lab.sandbox.api().stats().tokenRequests, quint64(4));
    lab.clock.advance(60);
    QCOMPARE(lab.core().tokens()->state(QStringLiteral("lab")), TokenState::Error);
}

void TestTokenService::autoRefreshKeepsTokensOtherProcessesGotFresh()
{
    SandboxOptions options;
    options.tokenLifetimeS = 60; // refresh at 30 s
    test::FakeClock clock;
    test::SandboxFixture sandbox(options, &clock);
    test::FakeSecretStore store; // the shared keychain
    test::TempHome home;
    // A script gets the token; the GUI starts after it, knowing it only from state.json.
    const QString scripts = labTokenFromAnotherProcess(&clock, &store, home, sandbox);
    Rig gui(&clock, &store, home);
    TokenService *tokens = gui.core->tokens();
    QVERIFY(!tokens->cachedToken(QStringLiteral("lab")));
    tokens->runDueRefreshes();
    QTest::qWait(50);
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(1)); // not due yet

    // At its refresh point the GUI's timer renews it (the wake-up is scheduled from state.json too).
    clock.advance(30);
    tokens->setAutoRefresh(true);
    QTRY_COMPARE(sandbox.api().stats().tokenRequests, quint64(2));
    QTRY_VERIFY(tokens->cachedToken(QStringLiteral("lab")));
    const QString renewed = tokens->cachedToken(QStringLiteral("lab"))->info.fingerprint;
    QVERIFY(renewed != scripts);
    QCOMPARE(tokens->state(QStringLiteral("lab")), TokenState::Valid);
    tokens->setAutoRefresh(false);

    // Another GUI started later finds that token still good in the token slot: no second request.
    {
        clock.advance(31);
        Rig second(&clock, &store, home);
        Rig third(&clock, &store, home); // what second's refresh puts in the slot, third finds
        second.core->tokens()->runDueRefreshes();
        QTRY_VERIFY(second.core->tokens()->cachedToken(QStringLiteral("lab")));
        QTRY_VERIFY(!second.core->tokens()->isRequestInFlight(QStringLiteral("lab")));
        QCOMPARE(sandbox.api().stats().tokenRequests, quint64(3));
        third.core->tokens()->runDueRefreshes();
        QTRY_VERIFY(third.core->tokens()->cachedToken(QStringLiteral("lab")));
        QCOMPARE(sandbox.api().stats().tokenRequests, quint64(3));
    }

    // A token that ran out while no program held it waits until something asks for one.
    clock.advance(120);
    {
        Rig later(&clock, &store, home);
        QCOMPARE(later.core->tokens()->state(QStringLiteral("lab")), TokenState::Expired);
        later.core->tokens()->runDueRefreshes();
        QTest::qWait(50);
        QCOMPARE(sandbox.api().stats().tokenRequests, quint64(3));
        // So does one the server refused, and one whose credentials are no longer stored.
        QVERIFY(fetch(*later.core).ok());
        QCOMPARE(sandbox.api().stats().tokenRequests, quint64(4));
    }
    clock.advance(31);
    {
        Rig refused(&clock, &store, home);
        const TokenStatus known = refused.core->tokens()->status(QStringLiteral("lab"));
        bool marked = false;
        refused.core->tokens()->markRejected(QStringLiteral("lab"), known.info.fingerprint,
                                             QStringLiteral("Could not validate credentials"), [&] { marked = true; });
        QTRY_VERIFY(marked);
        refused.core->tokens()->runDueRefreshes();
        QTest::qWait(50);
        QCOMPARE(sandbox.api().stats().tokenRequests, quint64(4));
    }
    {
        Rig forgotten(&clock, &store, home);
        // What a state file says of an environment without stored credentials (credentials
        // removed, or only ever given for one session).
        QVERIFY(forgotten.core->environments()->setCredentialMetadata(QStringLiteral("lab"), {}).ok());
        TokenInfo info = forgotten.core->tokens()->status(QStringLiteral("lab")).info;
        info.fingerprint = QStringLiteral("sha256:00000000");
        forgotten.core->tokenStatus()->setToken(QStringLiteral("lab"), info);
        QCOMPARE(forgotten.core->tokens()->state(QStringLiteral("lab")), TokenState::RefreshDue);
        forgotten.core->tokens()->runDueRefreshes();
        QTest::qWait(50);
        QCOMPARE(sandbox.api().stats().tokenRequests, quint64(4));
    }
}

void TestTokenService::followsWhatOtherProcessesWrite()
{
    test::FakeClock clock;
    test::SandboxFixture sandbox({}, &clock);
    test::FakeSecretStore store; // the shared keychain
    test::TempHome home;
    Rig gui(&clock, &store, home);
    test::addLab(*gui.core, sandbox);
    const QString guis = fetch(*gui.core).token.info.fingerprint;
    gui.core->followOtherProcesses();
    QSignalSpy changed(gui.core->tokens(), &TokenService::tokenChanged);

    // A script renews the token: the GUI shows the script's, and uses it from the token slot.
    QString scripts;
    {
        Rig script(&clock, &store, home);
        scripts = fetch(*script.core, TokenService::Freshness::ForceRefresh).token.info.fingerprint;
    }
    QVERIFY(scripts != guis);
    QTRY_COMPARE(gui.core->tokens()->status(QStringLiteral("lab")).info.fingerprint, scripts);
    QVERIFY(changed.contains(QVariantList{QStringLiteral("lab")}));
    QVERIFY(!gui.core->tokens()->cachedToken(QStringLiteral("lab")));
    QCOMPARE(fetch(*gui.core).token.info.fingerprint, scripts);
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(2));

    // The script adds an environment: the GUI has it.
    {
        Rig script(&clock, &store, home);
        Environment env;
        env.name = QStringLiteral("lab2");
        env.baseUrl = sandbox.baseUrl();
        QVERIFY(script.core->environments()->add(env).ok());
    }
    QTRY_VERIFY(gui.core->environments()->find(QStringLiteral("lab2")));

    // The script hears the server refuse the token (status --check): the GUI stops handing it out.
    {
        Rig script(&clock, &store, home);
        bool marked = false;
        script.core->tokens()->markRejected(QStringLiteral("lab"), scripts,
                                            QStringLiteral("Could not validate credentials"), [&] { marked = true; });
        QTRY_VERIFY(marked);
    }
    QTRY_COMPARE(gui.core->tokens()->state(QStringLiteral("lab")), TokenState::Rejected);
    QVERIFY(!gui.core->tokens()->cachedToken(QStringLiteral("lab")));
    const TokenResult renewed = fetch(*gui.core);
    QVERIFY(renewed.ok());
    QVERIFY(renewed.token.info.fingerprint != scripts);
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(3));

    // What the GUI writes itself is read back as no change: the token it holds stays.
    changed.clear();
    QTest::qWait(300);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(gui.core->tokens()->cachedToken(QStringLiteral("lab"))->info.fingerprint, renewed.token.info.fingerprint);
}

void TestTokenService::followsASettingsFolderRemovedAndMadeAgain()
{
    Lab lab; // its core plays the GUI
    CoreServices &gui = lab.core();
    test::addLab(gui, lab.sandbox);
    gui.followOtherProcesses();
    const QString folder = QFileInfo(gui.environments()->filePath()).path();

    // Someone starts afresh: the folder goes, and with it every environment. Then a script adds
    // one, which makes the folder again; then again, so the watch is not a one-off.
    for (const QString &name : {QStringLiteral("lab2"), QStringLiteral("lab3")}) {
        QVERIFY(QDir(folder).removeRecursively());
        QTRY_VERIFY(gui.environments()->environments().isEmpty());
        Rig script(&lab.clock, &lab.store, lab.home);
        Environment env;
        env.name = name;
        env.baseUrl = lab.sandbox.baseUrl();
        QVERIFY(script.core->environments()->add(env).ok());
        QTRY_VERIFY2(gui.environments()->find(name), qPrintable(name));
        // An edit in place, as many editors save: the file itself is watched again too.
        QFile file(gui.environments()->filePath());
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray text = file.readAll();
        text.replace(name.toUtf8(), QByteArray(name.toUtf8() + "x"));
        QVERIFY(file.seek(0));
        QVERIFY(file.write(text) == text.size());
        file.close();
        QTRY_VERIFY2(gui.environments()->find(name + QLatin1Char('x')), qPrintable(name));
    }
}

void TestTokenService::noCredentials()
{
    Lab lab;
    Environment env;
    env.name = QStringLiteral("lab");
    env.baseUrl = lab.sandbox.baseUrl();
    QVERIFY(lab.core().environments()->add(env).ok());
    const TokenResult result = fetch(lab.core());
    QCOMPARE(result.error.kind, ErrorClass::Failure);
    QVERIFY(result.error.message.contains(QLatin1String("No credentials")));
    QVERIFY(result.error.remedy.contains(QLatin1String("bioepic-cred login lab")));
    QCOMPARE(lab.sandbox.api().stats().tokenRequests, quint64(0));
}

void TestTokenService::lockedKeychain()
{
    Lab lab;
    test::addLab(lab.core(), lab.sandbox);
    lab.store.failOperation(QStringLiteral("read"), KeychainError::Code::Locked);
    const int readsBefore = lab.store.count(QStringLiteral("read"));
    const TokenResult result = fetch(lab.core());
    QCOMPARE(result.error.kind, ErrorClass::KeychainUnavailable);
    // One read said it all: a second (the credentials) would only wait out another timeout.
    QCOMPARE(lab.store.count(QStringLiteral("read")) - readsBefore, 1);
    QCOMPARE(exitCodeFor(result.error.kind), 4);
    QVERIFY(result.error.remedy.contains(QLatin1String("Unlock")));
    QCOMPARE(lab.sandbox.api().stats().tokenRequests, quint64(0));
}

void TestTokenService::refreshesWriteNothingToTheKeychain()
{
    // Some providers ask the user about every overwrite (KeePassXC) and re-save a database file
    // for each: the token lives in a sealed file, and a refresh does not touch the keychain.
    Lab lab;
    test::addLab(lab.core(), lab.sandbox);
    const QString tokenKey = secretKey(QStringLiteral("bioepic-test"), QStringLiteral("lab"), SecretSlot::Token);
    lab.store.hangWrites(tokenKey); // a keychain write of the token would never end
    bool cached = false;
    lab.core().tokens()->whenCacheWritten(&lab.core(), [&] { cached = true; });
    QTRY_VERIFY_WITH_TIMEOUT(cached, 1000);
    const int writes = lab.store.count(QStringLiteral("write"));
    for (int i = 0; i < 5; ++i) {
        const TokenResult result = fetch(lab.core(), TokenService::Freshness::ForceRefresh);
        QVERIFY(result.ok());
        QElapsedTimer elapsed;
        elapsed.start();
        bool written = false;
        lab.core().tokens()->whenCacheWritten(&lab.core(), [&] { written = true; });
        QTRY_VERIFY_WITH_TIMEOUT(written, 1000);
        QVERIFY2(elapsed.elapsed() < 500, qPrintable(QString::number(elapsed.elapsed())));
        // Sealed: the file does not hold the token, and it is the user's alone.
        QFile file(lab.core().vault()->tokenFiles().filePath(QStringLiteral("lab")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray sealed = file.readAll();
        QVERIFY(!sealed.contains(result.token.accessToken.reveal()));
        QVERIFY(!sealed.contains(result.token.info.fingerprint.toUtf8()));
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    }
    QCOMPARE(lab.store.count(QStringLiteral("write")), writes);
    QVERIFY(!lab.store.contains(tokenKey));
    // A write that has answered leaves nothing waiting for its 2 s bound (a one-shot timer held
    // the flight's lock file that long after every refresh): no timer of the token service, and
    // no one-shot timer (Qt parents those to the event dispatcher) still counting.
    QTRY_VERIFY(lab.core().tokens()->findChildren<QTimer *>().isEmpty());
    const qsizetype oneShots = QAbstractEventDispatcher::instance()->children().size();
    QVERIFY(fetch(lab.core(), TokenService::Freshness::ForceRefresh).ok());
    bool refreshed = false;
    lab.core().tokens()->whenCacheWritten(&lab.core(), [&] { refreshed = true; });
    QTRY_VERIFY(refreshed);
    // Well within the bound: a timer left to it would still be there.
    QTRY_COMPARE_WITH_TIMEOUT(QAbstractEventDispatcher::instance()->children().size(), oneShots, 1000);
    QVERIFY(lab.core().tokens()->findChildren<QTimer *>().isEmpty());

    // Another process (a second core on the same files and keychain) reads it back.
    const TokenResult last = fetch(lab.core());
    Rig other(&lab.clock, &lab.store, lab.home);
    const quint64 requests = lab.sandbox.api().stats().tokenRequests;
    QCOMPARE(fetch(*other.core).token.info.fingerprint, last.token.info.fingerprint);
    QCOMPARE(lab.sandbox.api().stats().tokenRequests, requests);
}

void TestTokenService::tokenFileThatDoesNotAuthenticateIsNoToken()
{
    Lab lab;
    test::addLab(lab.core(), lab.sandbox);
    QVERIFY(fetch(lab.core()).ok());
    bool cached = false;
    lab.core().tokens()->whenCacheWritten(&lab.core(), [&] { cached = true; });
    QTRY_VERIFY_WITH_TIMEOUT(cached, 1000);
    const QString path = lab.core().vault()->tokenFiles().filePath(QStringLiteral("lab"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray sealed = file.readAll();
    sealed[sealed.size() - 1] = char(sealed[sealed.size() - 1] ^ 1); // one bit of the ciphertext
    QVERIFY(file.seek(0));
    QCOMPARE(file.write(sealed), sealed.size());
    file.close();
    // A fresh process: the edited file is not believed, a new token is fetched and replaces it.
    Rig other(&lab.clock, &lab.store, lab.home);
    const quint64 requests = lab.sandbox.api().stats().tokenRequests;
    const TokenResult result = fetch(*other.core);
    QVERIFY(result.ok());
    QCOMPARE(lab.sandbox.api().stats().tokenRequests, requests + 1);

    // Sealed for one environment, a file read under another name does not open either.
    const QByteArray key(32, 'k');
    const QByteArray forLab = TokenCacheFile::seal(QStringLiteral("lab"), key, "payload");
    QCOMPARE(TokenCacheFile::open(QStringLiteral("lab"), key, forLab).value_or(QByteArray()), QByteArray("payload"));
    QVERIFY(!TokenCacheFile::open(QStringLiteral("prod"), key, forLab));
    QVERIFY(!TokenCacheFile::open(QStringLiteral("lab"), QByteArray(32, 'x'), forLab));
    QVERIFY(!TokenCacheFile::open(QStringLiteral("lab"), key, forLab.left(forLab.size() - 1)));
    QVERIFY(TokenCacheFile::seal(QStringLiteral("lab"), key, "payload") != forLab); // a fresh nonce each time
}

void TestTokenService::refreshesBackToBackDoNotWaitForTheirOwnLock()
{
    // A refresh asked for from the callback of the previous one (the GUI's soak, a busy script)
    // starts while the previous token is still being cached: the lock passes on as the write ends.
    Lab lab;
    test::addLab(lab.core(), lab.sandbox);
    lab.store.delayWrites(30); // the write answers after the caller has its token, as a real keychain does
    int done = 0;
    std::function<void()> next = [&] {
        lab.core().tokens()->requestToken(QStringLiteral("lab"), TokenService::Freshness::ForceRefresh, &lab.core(),
                                          [&](const TokenResult &result) {
                                              QVERIFY(result.ok());
                                              if (++done < 10)
                                                  next();
                                          });
    };
    QElapsedTimer elapsed;
    elapsed.start();
    const quint64 before = lab.sandbox.api().stats().tokenRequests;
    next();
    QTRY_COMPARE_WITH_TIMEOUT(done, 10, 20000);
    QVERIFY2(elapsed.elapsed() < 5000, qPrintable(QStringLiteral("%1 ms for 10 refreshes").arg(elapsed.elapsed())));
    QCOMPARE(lab.sandbox.api().stats().tokenRequests - before, quint64(10));
}

void TestTokenService::serverDown()
{
    test::FakeClock clock;
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&clock, &store, home);
    quint16 closedPort = 0;
    {
        test::SandboxFixture sandbox({}, &clock);
        test::addLab(*rig.core, sandbox);
        closedPort = sandbox.server->port();
    } // the sandbox is gone: its port refuses connections
    QVERIFY(closedPort);
    const TokenResult result = fetch(*rig.core);
    QCOMPARE(result.apiError.code, ApiError::Code::ConnectionRefused);
    QCOMPARE(exitCodeFor(result.error.kind), 5);
    QCOMPARE(rig.core->tokens()->state(QStringLiteral("lab")), TokenState::Error);
    QVERIFY(rig.core->tokens()->status(QStringLiteral("lab")).lastError.contains(QLatin1String("refused")));
}

void TestTokenService::transferTimeout()
{
    Lab lab;
    test::addLab(lab.core(), lab.sandbox);
    Environment env = *lab.core().environments()->find(QStringLiteral("lab"));
    env.timeoutS = 1;
    QVERIFY(lab.core().environments()->update(env).ok());
    lab.sandbox.api().setLatencyMs(3000);
    QElapsedTimer timer;
    timer.start();
    const TokenResult result = fetch(lab.core());
    QCOMPARE(result.apiError.code, ApiError::Code::Timeout);
    QCOMPARE(exitCodeFor(result.error.kind), 5);
    QVERIFY2(timer.elapsed() < 2900, "the timeout, not the server, ended the request");
    QTest::qWait(2500); // the delayed answer finds its socket gone: the sandbox must cope
}

void TestTokenService::goneCallerIsNotCalled()
{
    Lab lab;
    test::addLab(lab.core(), lab.sandbox);
    bool called = false;
    auto *caller = new QObject;
    lab.core().tokens()->requestToken(QStringLiteral("lab"), TokenService::Freshness::UseCached, caller,
                                      [&](const TokenResult &) { called = true; });
    delete caller;
    QTRY_VERIFY(!lab.core().tokens()->isRequestInFlight(QStringLiteral("lab")));
    QTest::qWait(50);
    QVERIFY(!called);
}

void TestTokenService::verifiedLoginStoresOnlyWhatTheServerAccepts()
{
    Lab lab;
    Environment env;
    env.name = QStringLiteral("lab");
    env.baseUrl = lab.sandbox.baseUrl();
    QVERIFY(lab.core().environments()->add(env).ok());

    Credentials wrong;
    wrong.identity = lab.sandbox.clientId;
    wrong.secret = Secret::fromString(test::randomSecret());
    LoginResult result;
    bool done = false;
    lab.core().credentials()->login(QStringLiteral("lab"), wrong, true, this, [&](const LoginResult &r) {
        result = r;
        done = true;
    });
    QTRY_VERIFY(done);
    QCOMPARE(result.apiError.code, ApiError::Code::InvalidClient);
    QCOMPARE(lab.store.count(QStringLiteral("write")), 0);
    QVERIFY(!lab.core().credentials()->hasCredentials(QStringLiteral("lab")));

    Credentials right = wrong;
    right.secret = Secret::fromString(lab.sandbox.clientSecret);
    done = false;
    lab.core().credentials()->login(QStringLiteral("lab"), right, true, this, [&](const LoginResult &r) {
        result = r;
        done = true;
    });
    QTRY_VERIFY(done);
    QVERIFY(result.error.ok());
    QVERIFY(result.verified);
    QVERIFY(result.token);
    QVERIFY(lab.store.contains(QStringLiteral("bioepic-test/lab/active")));
    QVERIFY(QFile::exists(lab.core().vault()->tokenFiles().filePath(QStringLiteral("lab"))));
    const CredentialMetadata meta = lab.core().credentials()->metadata(QStringLiteral("lab"));
    QCOMPARE(meta.identity, lab.sandbox.clientId);
    QCOMPARE(meta.fingerprint, right.fingerprint());
    // The verification token is reused: no second request.
    QCOMPARE(fetch(lab.core()).token.info.fingerprint, result.token->info.fingerprint);
    QCOMPARE(lab.sandbox.api().stats().tokenRequests, quint64(2));
    QVERIFY(test::scanTree(lab.home.dir.path(), {lab.sandbox.clientSecret.toUtf8(), result.token->accessToken.reveal()})
                    .isEmpty());

    // A keychain that refuses the write: nothing in the settings either.
    test::FakeSecretStore broken;
    broken.failOperation(QStringLiteral("write"), KeychainError::Code::NoService);
    test::TempHome otherHome;
    Rig other(&lab.clock, &broken, otherHome);
    QVERIFY(other.core->environments()->add(env).ok());
    done = false;
    other.core->credentials()->login(QStringLiteral("lab"), right, true, this, [&](const LoginResult &r) {
        result = r;
        done = true;
    });
    QTRY_VERIFY(done);
    QCOMPARE(exitCodeFor(result.error.kind), 4);
    QVERIFY(!other.core->credentials()->hasCredentials(QStringLiteral("lab")));
    QVERIFY(test::scanTree(otherHome.dir.path(), {lab.sandbox.clientSecret.toUtf8()}).isEmpty());
}

void TestTokenService::sessionOnlyNeverTouchesTheKeychain()
{
    test::FakeClock clock;
    test::SandboxFixture sandbox({}, &clock);
    test::FakeSecretStore store;
    store.failOperation(QStringLiteral("*"), KeychainError::Code::NoService);
    test::TempHome home;
    Rig rig(&clock, &store, home);
    Environment env;
    env.name = QStringLiteral("lab");
    env.baseUrl = sandbox.baseUrl();
    QVERIFY(rig.core->environments()->add(env).ok());
    rig.core->credentials()->setSessionOnly(QStringLiteral("lab"), true);
    Credentials right;
    right.identity = sandbox.clientId;
    right.secret = Secret::fromString(sandbox.clientSecret);
    bool done = false;
    rig.core->credentials()->login(QStringLiteral("lab"), right, true, this, [&](const LoginResult &r) {
        QVERIFY(r.error.ok());
        QVERIFY(r.sessionOnly);
        done = true;
    });
    QTRY_VERIFY(done);
    QVERIFY(rig.core->credentials()->hasCredentials(QStringLiteral("lab")));
    QVERIFY(fetch(*rig.core, TokenService::Freshness::ForceRefresh).ok());
    QCOMPARE(store.count(QStringLiteral("write")) + store.count(QStringLiteral("read")), 0);
    // Nothing about session credentials reaches the settings file.
    EnvironmentStore reread(home.settingsFile());
    QVERIFY(reread.reload().ok());
    QVERIFY(!reread.find(QStringLiteral("lab"))->credentials.stored);
    QVERIFY(test::scanTree(home.dir.path(), {sandbox.clientSecret.toUtf8()}).isEmpty());
}

void TestTokenService::checkFindsARejectedToken()
{
    // The NMDC shape, with a who-am-I endpoint: the server restarts with a new signing key.
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    Lab lab(options);
    test::addLab(lab.core(), lab.sandbox);
    Environment env = *lab.core().environments()->find(QStringLiteral("lab"));
    env.profileName = QStringLiteral("nmdc");
    QVERIFY(lab.core().environments()->update(env).ok());

    auto check = [&] {
        TokenCheck out;
        int calls = 0;
        lab.core().tokens()->checkToken(QStringLiteral("lab"), &lab.core(), [&](const TokenCheck &result) {
            out = result;
            ++calls;
        });
        if (!QTest::qWaitFor([&] { return calls > 0; }, 10000))
            qFatal("no answer");
        QTest::qWait(20);
        if (calls != 1)
            qFatal("answered %d times", calls);
        return out;
    };
    QCOMPARE(check().result, TokenCheck::Result::NoToken); // nothing cached: nothing asked
    QCOMPARE(lab.sandbox.api().stats().whoAmIRequests, quint64(0));
    const QString first = fetch(lab.core()).token.info.fingerprint;
    QCOMPARE(check().result, TokenCheck::Result::Accepted);
    QCOMPARE(lab.sandbox.api().stats().whoAmIRequests, quint64(1));

    lab.sandbox.api().rotateSigningKey();
    const TokenCheck rejected = check();
    QCOMPARE(rejected.result, TokenCheck::Result::Rejected);
    QCOMPARE(rejected.fingerprint, first);
    QCOMPARE(rejected.detail, QStringLiteral("Access token is invalid. Please log in again."));
    QCOMPARE(lab.core().tokens()->state(QStringLiteral("lab")), TokenState::Rejected);
    QCOMPARE(lab.core().tokens()->status(QStringLiteral("lab")).rejectedReason, rejected.detail);
    QVERIFY(!lab.core().tokens()->cachedToken(QStringLiteral("lab")));
    QTRY_VERIFY(!lab.store.contains(QStringLiteral("bioepic-test/lab/token"))); // no one is handed it again
    // Another process (the keychain shared, memory not) sees the mark in state.json too.
    Rig other(&lab.clock, &lab.store, lab.home);
    QCOMPARE(other.core->tokens()->state(QStringLiteral("lab")), TokenState::Rejected);
    // The next request gets a new token, and the mark goes.
    QVERIFY(fetch(lab.core()).token.info.fingerprint != first);
    QCOMPARE(lab.core().tokens()->state(QStringLiteral("lab")), TokenState::Valid);
    QCOMPARE(check().result, TokenCheck::Result::Accepted);

    // A profile without who-am-I cannot be checked, and nothing is sent.
    env.profileName = QStringLiteral("bioepic");
    QVERIFY(lab.core().environments()->update(env).ok());
    const quint64 before = lab.sandbox.api().stats().requests;
    QCOMPARE(check().result, TokenCheck::Result::NotCheckable);
    QCOMPARE(lab.sandbox.api().stats().requests, before);
}

QTEST_GUILESS_MAIN(TestTokenService)
#include "tst_tokenservice.moc"
