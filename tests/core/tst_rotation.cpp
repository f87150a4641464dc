// RotationFlow with a fake keychain, the real sandbox and a fake clock: every path of a rotation,
// a rollback, an interrupted one; and rotation reminders across time zones and DST.
#include "coreservices.h"
#include "credentials/rotationpolicy.h"
#include "fakeclock.h"
#include "fakesecretstore.h"
#include "sandbox/sandboxoptions.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace bioepic;

Q_DECLARE_METATYPE(RotationResult)

namespace {

struct Rig
{
    Rig(test::FakeClock *clock, test::FakeSecretStore *store, const test::TempHome &home, test::SandboxFixture &sandbox)
        : sandbox(sandbox)
    {
        CoreOptions options;
        options.settingsFile = home.settingsFile();
        options.stateFile = home.stateFile();
        options.keychainOverride = store;
        options.clock = clock;
        options.keychainService = QStringLiteral("bioepic-test");
        core = std::make_unique<CoreServices>(options);
        Environment env;
        env.name = QStringLiteral("lab");
        env.baseUrl = sandbox.baseUrl();
        env.profileOverrides.insert(QStringLiteral("who_am_i_path"), QStringLiteral("/users/me"));
        if (!core->environments()->add(env).ok())
            qFatal("cannot add lab");
        Credentials credentials;
        credentials.identity = sandbox.clientId;
        credentials.secret = Secret::fromString(sandbox.clientSecret);
        bool done = false;
        core->credentials()->login(QStringLiteral("lab"), credentials, true, core.get(),
                                   [&](const LoginResult &result) {
                                       if (!result.error.ok())
                                           qFatal("login failed: %s", qPrintable(result.error.message));
                                       done = true;
                                   });
        if (!QTest::qWaitFor([&] { return done; }, 10000))
            qFatal("login did not finish");
        oldFingerprint = credentials.fingerprint();
    }

    RotationResult run(RotationRequest request, const std::function<void(RotationFlow *)> &during = {})
    {
        RotationFlow flow(core->rotationDeps(), QStringLiteral("lab"), std::move(request));
        QSignalSpy finished(&flow, &RotationFlow::finished);
        if (during)
            during(&flow);
        flow.start();
        if (!finished.wait(15000))
            qFatal("the flow did not finish");
        QTest::qWait(20);
        if (finished.count() != 1)
            qFatal("finished %d times", int(finished.count()));
        return finished.first().first().value<RotationResult>();
    }

    RotationRequest rotateTo(const QString &secret, bool verify = true)
    {
        RotationRequest request;
        request.kind = RotationKind::Rotate;
        request.newSecret = Secret::fromString(secret);
        request.verify = verify;
        return request;
    }

    [[nodiscard]] CredentialMetadata meta() const { return core->credentials()->metadata(QStringLiteral("lab")); }
    [[nodiscard]] QList<HistoryEntry> history() const { return core->history()->entries(QStringLiteral("lab")); }

    test::SandboxFixture &sandbox;
    std::unique_ptr<CoreServices> core;
    QString oldFingerprint;
};

QString fingerprintFor(const QString &identity, const QString &secret)
{
    Credentials credentials;
    credentials.identity = identity;
    credentials.secret = Secret::fromString(secret);
    return credentials.fingerprint();
}

} // namespace

class TestRotation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goodRotationKeepsTheOldForRollback();
    void rejectedNewSecretLeavesActiveUntouched();
    void verificationFailureLeavesActiveUntouched();
    void serverUnreachableMidRotation();
    void resetWhoseAnswerNeverCameIsResumed();
    void cancelBeforeTheSwap();
    void sameSecretIsRefused();
    void keychainFailureAtTheSwapIsResumable();
    void rollbackChecksThePreviousFirst();
    void rotationsAndRollbacksOverwriteNothing();
    void revokedPreviousKeepsActive();
    void discardDropsOnlyTheStagedSecret();
    void repointedMidRotationKeepsItsHost();
    void reminders_data();
    void reminders();

private:
    test::FakeClock m_clock;
};

void TestRotation::goodRotationKeepsTheOldForRollback()
{
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&m_clock, &store, home, sandbox);
    const QString newSecret = test::randomSecret();
    sandbox.api().addClientSecret(sandbox.clientId, newSecret);
    m_clock.advance(86400 * 30);
    QList<QPair<RotationStep, StepState>> steps;
    const RotationResult result = rig.run(rig.rotateTo(newSecret), [&](RotationFlow *flow) {
        QObject::connect(flow, &RotationFlow::stepChanged, flow,
                         [&](RotationStep step, StepState state, const QString &) {
                             steps.append({step, state});
                         });
    });
    QVERIFY2(result.error.ok(), qPrintable(result.error.fullText()));
    QVERIFY(result.changedCredentials);
    const QList<QPair<RotationStep, StepState>> expected{
            {RotationStep::Prepare, StepState::Running}, {RotationStep::Prepare, StepState::Passed},
            {RotationStep::Stage, StepState::Running},   {RotationStep::Stage, StepState::Passed},
            {RotationStep::Token, StepState::Running},   {RotationStep::Token, StepState::Passed},
            {RotationStep::Verify, StepState::Running},  {RotationStep::Verify, StepState::Passed},
            {RotationStep::Swap, StepState::Running},    {RotationStep::Swap, StepState::Passed}};
    QCOMPARE(steps, expected);

    const CredentialMetadata meta = rig.meta();
    QCOMPARE(meta.fingerprint, fingerprintFor(sandbox.clientId, newSecret));
    QCOMPARE(meta.previousFingerprint, rig.oldFingerprint);
    QVERIFY(!meta.hasPending());
    QCOMPARE(meta.rotatedAt, m_clock.now());
    QVERIFY(!store.contains(QStringLiteral("bioepic-test/lab/staged")));
    QVERIFY(store.contains(QStringLiteral("bioepic-test/lab/previous")));
    // The token the new credentials got is the cached one now.
    QCOMPARE(rig.core->tokens()->cachedToken(QStringLiteral("lab"))->info.fingerprint,
             rig.core->tokens()->status(QStringLiteral("lab")).info.fingerprint);
    QCOMPARE(rotationAge(meta.rotatedAt, 90, m_clock.now()).dueInDays, 90);
    const HistoryEntry last = rig.history().last();
    QCOMPARE(last.action, QStringLiteral("rotate"));
    QCOMPARE(last.outcome, QStringLiteral("ok"));
    QCOMPARE(last.oldFingerprint, rig.oldFingerprint);
    QCOMPARE(last.newFingerprint, meta.fingerprint);
    QVERIFY(test::scanTree(home.dir.path(), {newSecret.toUtf8(), sandbox.clientSecret.toUtf8()}).isEmpty());
}

void TestRotation::rejectedNewSecretLeavesActiveUntouched()
{
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&m_clock, &store, home, sandbox);
    const RotationResult result = rig.run(rig.rotateTo(test::randomSecret()));
    QCOMPARE(result.failedStep, RotationStep::Token);
    QCOMPARE(result.apiError.code, ApiError::Code::InvalidClient);
    QCOMPARE(exitCodeFor(result.error.kind), 3);
    QCOMPARE(rig.meta().fingerprint, rig.oldFingerprint);
    QVERIFY(!rig.meta().hasPending());
    QVERIFY(!rig.meta().hasPrevious());
    QVERIFY(!store.contains(QStringLiteral("bioepic-test/lab/staged")));
    const HistoryEntry last = rig.history().last();
    QCOMPARE(last.outcome, QStringLiteral("failed"));
    QCOMPARE(last.step, QStringLiteral("token"));
    QVERIFY(last.message.contains(QLatin1String("invalid_client")));
}

void TestRotation::verificationFailureLeavesActiveUntouched()
{
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&m_clock, &store, home, sandbox);
    // A who-am-I path the account may not call: 403.
    Environment env = *rig.core->environments()->find(QStringLiteral("lab"));
    env.profileOverrides.insert(QStringLiteral("who_am_i_path"), QStringLiteral("/api/restricted"));
    QVERIFY(rig.core->environments()->update(env).ok());
    const QString newSecret = test::randomSecret();
    sandbox.api().addClientSecret(sandbox.clientId, newSecret);
    const RotationResult result = rig.run(rig.rotateTo(newSecret));
    QCOMPARE(result.failedStep, RotationStep::Verify);
    QCOMPARE(result.apiError.code, ApiError::Code::Forbidden);
    QCOMPARE(rig.meta().fingerprint, rig.oldFingerprint);
    QCOMPARE(rig.history().last().step, QStringLiteral("verify"));
    // Without verification the same rotation goes through.
    QVERIFY(rig.run(rig.rotateTo(newSecret, false)).error.ok());
}

void TestRotation::serverUnreachableMidRotation()
{
    test::FakeSecretStore store;
    test::TempHome home;
    auto sandbox = std::make_unique<test::SandboxFixture>(SandboxOptions{}, &m_clock);
    Rig rig(&m_clock, &store, home, *sandbox);
    const RotationResult result = rig.run(rig.rotateTo(test::randomSecret()), [&](RotationFlow *flow) {
        QObject::connect(flow, &RotationFlow::stepChanged, flow,
                         [&](RotationStep step, StepState state, const QString &) {
                             if (step == RotationStep::Stage && state == StepState::Passed)
                                 sandbox->server.reset(); // the server goes away just before the token request
                         });
    });
    QCOMPARE(result.failedStep, RotationStep::Token);
    QCOMPARE(exitCodeFor(result.error.kind), 5);
    QCOMPARE(rig.meta().fingerprint, rig.oldFingerprint);
    QVERIFY(!store.contains(QStringLiteral("bioepic-test/lab/staged")));
    QVERIFY(!rig.meta().hasPending());
}

void TestRotation::resetWhoseAnswerNeverCameIsResumed()
{
    // The PATCH reaches the server, which changes the secret, but its answer never comes back
    // (the sandbox answers after the request's 1 s deadline). Nobody knows what the server did,
    // so both secrets stay, the pending mark says so, and Resume finds out and finishes.
    test::FakeSecretStore store;
    test::TempHome home;
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    test::SandboxFixture sandbox(options, &m_clock);
    sandbox.api().addSite(QString::fromLatin1(sandboxdemo::kSiteId), {sandbox.clientId});
    Rig rig(&m_clock, &store, home, sandbox);
    Environment env = *rig.core->environments()->find(QStringLiteral("lab"));
    env.profileName = QStringLiteral("nmdc");
    env.timeoutS = 1;
    QVERIFY(rig.core->environments()->update(env).ok());

    RotationRequest request;
    request.kind = RotationKind::ResetOnServer;
    request.admin.method = AuthMethod::Password;
    request.admin.identity = QString::fromLatin1(sandboxdemo::kUsername);
    request.admin.secret = Secret::fromString(QString::fromLatin1(sandboxdemo::kPassword));
    const RotationResult result = rig.run(request, [&](RotationFlow *flow) {
        QObject::connect(flow, &RotationFlow::stepChanged, flow,
                         [&](RotationStep step, StepState state, const QString &) {
                             if (step == RotationStep::Stage && state == StepState::Passed)
                                 sandbox.api().setLatencyMs(2500); // from the PATCH on, answers come too late
                         });
    });
    QCOMPARE(result.failedStep, RotationStep::Server);
    QVERIFY(result.serverChanged);
    QVERIFY2(result.error.remedy.contains(QLatin1String("--resume")), qPrintable(result.error.remedy));
    QVERIFY(rig.meta().hasPending());
    QCOMPARE(rig.meta().fingerprint, rig.oldFingerprint); // active not switched…
    QVERIFY(!sandbox.api().acceptsClient(sandbox.clientId, sandbox.clientSecret)); // …though the server did
    QVERIFY(store.contains(QStringLiteral("bioepic-test/lab/staged"))); // the only working secret, kept

    sandbox.api().setLatencyMs(0);
    RotationRequest resume;
    resume.kind = RotationKind::Resume;
    const RotationResult resumed = rig.run(resume);
    QVERIFY2(resumed.error.ok(), qPrintable(resumed.error.fullText()));
    QVERIFY(!rig.meta().hasPending());
    QVERIFY(rig.meta().fingerprint != rig.oldFingerprint);
    QVERIFY(!store.contains(QStringLiteral("bioepic-test/lab/staged")));
    QVERIFY(!rig.meta().hasPrevious()); // a reset leaves nothing to roll back to
}

void TestRotation::cancelBeforeTheSwap()
{
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&m_clock, &store, home, sandbox);
    const QString newSecret = test::randomSecret();
    sandbox.api().addClientSecret(sandbox.clientId, newSecret);
    sandbox.api().setLatencyMs(300);
    bool couldCancelAtSwap = true;
    const RotationResult result = rig.run(rig.rotateTo(newSecret), [&](RotationFlow *flow) {
        QObject::connect(
                flow, &RotationFlow::stepChanged, flow, [&, flow](RotationStep step, StepState state, const QString &) {
                    if (step == RotationStep::Token && state == StepState::Running)
                        QTimer::singleShot(50, flow, &RotationFlow::cancel); // while the token request is in flight
                    if (step == RotationStep::Swap)
                        couldCancelAtSwap = flow->canCancel();
                });
    });
    QVERIFY(result.canceled);
    QVERIFY(couldCancelAtSwap);
    QCOMPARE(rig.meta().fingerprint, rig.oldFingerprint);
    QVERIFY(!store.contains(QStringLiteral("bioepic-test/lab/staged")));
    QCOMPARE(rig.history().last().outcome, QStringLiteral("canceled"));
    QTest::qWait(400);
}

void TestRotation::sameSecretIsRefused()
{
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&m_clock, &store, home, sandbox);
    const RotationResult result = rig.run(rig.rotateTo(sandbox.clientSecret));
    QCOMPARE(result.error.kind, ErrorClass::Usage);
    QVERIFY(result.error.message.contains(QLatin1String("already in use")));
    // The fingerprint key (first use) and the login's active slot (its token went to a file);
    // nothing staged.
    QCOMPARE(store.count(QStringLiteral("write")), 2);
    QVERIFY(store.contains(QStringLiteral("bioepic-test/fingerprint-key")));
    QVERIFY(!rig.meta().hasPending());
}

void TestRotation::keychainFailureAtTheSwapIsResumable()
{
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&m_clock, &store, home, sandbox);
    const QString newSecret = test::randomSecret();
    sandbox.api().addClientSecret(sandbox.clientId, newSecret);
    const RotationResult failed = rig.run(rig.rotateTo(newSecret), [&](RotationFlow *flow) {
        QObject::connect(flow, &RotationFlow::stepChanged, flow,
                         [&](RotationStep step, StepState state, const QString &) {
                             if (step == RotationStep::Swap && state == StepState::Running)
                                 store.failOperation(QStringLiteral("write"), KeychainError::Code::Locked);
                         });
    });
    QCOMPARE(failed.failedStep, RotationStep::Swap);
    QCOMPARE(exitCodeFor(failed.error.kind), 4);
    QVERIFY(failed.error.remedy.contains(QLatin1String("--resume")));
    QVERIFY(rig.meta().hasPending());
    QCOMPARE(rig.meta().fingerprint, rig.oldFingerprint);
    QVERIFY(store.contains(QStringLiteral("bioepic-test/lab/staged"))); // the new secret is not lost

    store.clearFailures();
    RotationRequest resume;
    resume.kind = RotationKind::Resume;
    const RotationResult resumed = rig.run(resume);
    QVERIFY2(resumed.error.ok(), qPrintable(resumed.error.fullText()));
    QCOMPARE(rig.meta().fingerprint, fingerprintFor(sandbox.clientId, newSecret));
    QCOMPARE(rig.meta().previousFingerprint, rig.oldFingerprint);
    QVERIFY(!rig.meta().hasPending());
    QCOMPARE(rig.history().last().action, QStringLiteral("recover"));
}

void TestRotation::rollbackChecksThePreviousFirst()
{
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&m_clock, &store, home, sandbox);
    RotationRequest rollback;
    rollback.kind = RotationKind::Rollback;
    QCOMPARE(rig.run(rollback).error.kind, ErrorClass::Usage); // nothing to roll back to yet
    const QString newSecret = test::randomSecret();
    sandbox.api().addClientSecret(sandbox.clientId, newSecret);
    QVERIFY(rig.run(rig.rotateTo(newSecret)).error.ok());
    const QString newFingerprint = rig.meta().fingerprint;
    const RotationResult result = rig.run(rollback);
    QVERIFY2(result.error.ok(), qPrintable(result.error.fullText()));
    QCOMPARE(rig.meta().fingerprint, rig.oldFingerprint);
    QCOMPARE(rig.meta().previousFingerprint, newFingerprint);
    QVERIFY(!store.contains(QStringLiteral("bioepic-test/lab/staged")));
    QCOMPARE(rig.history().last().action, QStringLiteral("rollback"));
}

void TestRotation::rotationsAndRollbacksOverwriteNothing()
{
    // KeePassXC asks "Access Request" before every overwrite of an item: a rotation or rollback
    // that overwrote its slots would cost a prompt per slot. Every slot is deleted, then created.
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&m_clock, &store, home, sandbox);
    const int deletesBefore = store.count(QStringLiteral("delete"));
    for (int i = 0; i < 2; ++i) {
        const QString secret = test::randomSecret();
        sandbox.api().addClientSecret(sandbox.clientId, secret);
        QVERIFY(rig.run(rig.rotateTo(secret)).error.ok()); // the second one replaces a rollback copy
    }
    RotationRequest rollback;
    rollback.kind = RotationKind::Rollback;
    const RotationResult result = rig.run(rollback);
    QVERIFY2(result.error.ok(), qPrintable(result.error.fullText()));
    QVERIFY2(store.overwrites().isEmpty(), qPrintable(store.overwrites().join(u',')));
    QVERIFY(store.count(QStringLiteral("delete")) > deletesBefore);
    QVERIFY(store.contains(QStringLiteral("bioepic-test/lab/active")));
    QVERIFY(store.contains(QStringLiteral("bioepic-test/lab/previous")));
    QVERIFY(!store.contains(QStringLiteral("bioepic-test/lab/staged")));
    QVERIFY(!store.contains(QStringLiteral("bioepic-test/lab/token"))); // tokens are not keychain entries
}

void TestRotation::revokedPreviousKeepsActive()
{
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&m_clock, &store, home, sandbox);
    const QString newSecret = test::randomSecret();
    sandbox.api().addClientSecret(sandbox.clientId, newSecret);
    QVERIFY(rig.run(rig.rotateTo(newSecret)).error.ok());
    const QString active = rig.meta().fingerprint;
    sandbox.api().revokeClientSecret(sandbox.clientId, sandbox.clientSecret); // the old one is revoked server-side
    RotationRequest rollback;
    rollback.kind = RotationKind::Rollback;
    const RotationResult result = rig.run(rollback);
    QCOMPARE(result.failedStep, RotationStep::Token);
    QVERIFY(result.error.message.contains(QLatin1String("no longer get a token")));
    QCOMPARE(exitCodeFor(result.error.kind), 3);
    QCOMPARE(rig.meta().fingerprint, active);
    QVERIFY(!rig.meta().hasPending());
    QVERIFY(!store.contains(QStringLiteral("bioepic-test/lab/staged")));
    QCOMPARE(rig.history().last().outcome, QStringLiteral("failed"));
}

void TestRotation::discardDropsOnlyTheStagedSecret()
{
    test::SandboxFixture sandbox({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&m_clock, &store, home, sandbox);
    const QString newSecret = test::randomSecret();
    sandbox.api().addClientSecret(sandbox.clientId, newSecret);
    // Fail at the swap to leave an interrupted rotation behind.
    rig.run(rig.rotateTo(newSecret), [&](RotationFlow *flow) {
        QObject::connect(flow, &RotationFlow::stepChanged, flow,
                         [&](RotationStep step, StepState state, const QString &) {
                             if (step == RotationStep::Swap && state == StepState::Running)
                                 store.failOperation(QStringLiteral("write"), KeychainError::Code::Locked);
                         });
    });
    store.clearFailures();
    QVERIFY(rig.core->credentials()->interruptedRotations().contains(QStringLiteral("lab")));
    // A new rotation is refused while one is interrupted.
    QCOMPARE(rig.run(rig.rotateTo(test::randomSecret())).failedStep, RotationStep::Prepare);
    QVERIFY(rig.meta().hasPending()); // …and the refusal did not clear the mark
    RotationRequest discard;
    discard.kind = RotationKind::Discard;
    QVERIFY(rig.run(discard).error.ok());
    QVERIFY(!rig.meta().hasPending());
    QCOMPARE(rig.meta().fingerprint, rig.oldFingerprint);
    QVERIFY(!store.contains(QStringLiteral("bioepic-test/lab/staged")));
    QCOMPARE(rig.history().last().action, QStringLiteral("discard"));
}

void TestRotation::repointedMidRotationKeepsItsHost()
{
    // The settings change while the rotation runs (another window, the CLI): the flow keeps the
    // environment it started with, so the new token is verified by the host that issued it and
    // never sent to the new address.
    test::SandboxFixture sandbox({}, &m_clock);
    test::SandboxFixture elsewhere({}, &m_clock);
    test::FakeSecretStore store;
    test::TempHome home;
    Rig rig(&m_clock, &store, home, sandbox);
    const QString newSecret = test::randomSecret();
    sandbox.api().addClientSecret(sandbox.clientId, newSecret);
    elsewhere.api().setClient(sandbox.clientId, newSecret);
    const RotationResult result = rig.run(rig.rotateTo(newSecret), [&](RotationFlow *flow) {
        QObject::connect(flow, &RotationFlow::stepChanged, flow, [&](RotationStep step, StepState state) {
            if (step != RotationStep::Token || state != StepState::Running)
                return;
            Environment env = *rig.core->environments()->find(QStringLiteral("lab"));
            env.baseUrl = elsewhere.baseUrl();
            QVERIFY(rig.core->environments()->update(env).ok());
        });
    });
    QVERIFY2(result.error.ok(), qPrintable(result.error.fullText()));
    QCOMPARE(elsewhere.api().stats().requests, quint64(0));
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(2)); // the login's and the rotation's
    QVERIFY(!rig.core->tokens()->cachedToken(QStringLiteral("lab"))); // it is not served for the new address
}

void TestRotation::reminders_data()
{
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QDateTime>("rotatedAt");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<int>("every");
    QTest::addColumn<int>("age");
    QTest::addColumn<QString>("text");

    const auto at = [](int y, int m, int d, int h, int min, const char *zone) {
        return QDateTime(QDate(y, m, d), QTime(h, min), QTimeZone(zone));
    };
    QTest::newRow("same day") << "UTC" << at(2026, 3, 1, 8, 0, "UTC") << at(2026, 3, 1, 20, 0, "UTC") << 90 << 0
                              << "due in 90 days";
    QTest::newRow("late at night counts a day at midnight")
            << "Europe/Berlin" << at(2026, 3, 1, 23, 30, "Europe/Berlin") << at(2026, 3, 2, 0, 10, "Europe/Berlin")
            << 90 << 1 << "due in 89 days";
    // The spring-forward night (23 h long) is still one calendar day.
    QTest::newRow("across US spring forward") << "America/New_York" << at(2026, 3, 7, 12, 0, "America/New_York")
                                              << at(2026, 3, 9, 12, 0, "America/New_York") << 2 << 2 << "due today";
    // The fall-back night (25 h long) is still one calendar day, not two.
    QTest::newRow("across EU fall back") << "Europe/Berlin" << at(2026, 10, 24, 23, 0, "Europe/Berlin")
                                         << at(2026, 10, 25, 23, 30, "Europe/Berlin") << 1 << 1 << "due today";
    QTest::newRow("southern hemisphere DST")
            << "Pacific/Auckland" << at(2026, 4, 4, 12, 0, "Pacific/Auckland")
            << at(2026, 4, 6, 12, 0, "Pacific/Auckland") << 1 << 2 << "overdue by 1 day";
    // The same two instants are a different number of days apart in different zones.
    QTest::newRow("UTC instants seen from Tokyo") << "Asia/Tokyo" << at(2026, 6, 1, 14, 0, "UTC")
                                                  << at(2026, 6, 1, 16, 0, "UTC") << 90 << 1 << "due in 89 days";
    QTest::newRow("UTC instants seen from UTC")
            << "UTC" << at(2026, 6, 1, 14, 0, "UTC") << at(2026, 6, 1, 16, 0, "UTC") << 90 << 0 << "due in 90 days";
    QTest::newRow("overdue") << "UTC" << at(2026, 1, 1, 0, 0, "UTC") << at(2026, 4, 10, 0, 0, "UTC") << 90 << 99
                             << "overdue by 9 days";
    QTest::newRow("due tomorrow") << "UTC" << at(2026, 1, 1, 0, 0, "UTC") << at(2026, 1, 30, 9, 0, "UTC") << 30 << 29
                                  << "due tomorrow";
    QTest::newRow("clock behind the rotation")
            << "UTC" << at(2026, 1, 2, 0, 0, "UTC") << at(2026, 1, 1, 0, 0, "UTC") << 30 << 0 << "due in 30 days";
}

void TestRotation::reminders()
{
    QFETCH(QString, zone);
    QFETCH(QDateTime, rotatedAt);
    QFETCH(QDateTime, now);
    QFETCH(int, every);
    QFETCH(int, age);
    QFETCH(QString, text);
    const RotationAge result = rotationAge(rotatedAt.toUTC(), every, now.toUTC(), QTimeZone(zone.toLatin1()));
    QVERIFY(result.known);
    QCOMPARE(result.ageDays, age);
    QCOMPARE(result.dueInDays, every - age);
    QCOMPARE(result.describe(), text);
    QCOMPARE(result.isOverdue(), every - age < 0);
    QVERIFY(!rotationAge({}, 90, now).known);
}

QTEST_GUILESS_MAIN(TestRotation)
#include "tst_rotation.moc"
