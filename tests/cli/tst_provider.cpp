// bioepic-cred with KeePassXC as the only Secret Service (scripts/lib/keepassxc.sh starts it):
// a locked database answers within one keychain timeout and names its remedy, the provider
// killed in the middle of a rotation loses nothing and the rotation resumes once it is back,
// removing says where KeePassXC keeps what was deleted, and a window that used the keychain
// outlives KeePassXC quitting and says so. The other keychain suites run under both providers; GNOME
// Keyring's own lock is tested in tst_hostile.
#include "coreservices.h"
#include "keychain/credentials.h"
#include "keychain/keychainstore.h"
#include "mainwindow.h"
#include "messagelabel.h"
#include "testsupport.h"
#include "windowtesting.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <csignal>

using namespace bioepic;

namespace {

constexpr int kKeychainTimeoutMs = 4000;

} // namespace

class TestProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void lockedDatabaseAnswersWithinOneTimeout();
    void providerKilledMidRotation();
    void removeSaysWhereDeletedEntriesGo();
    void aWindowThatUsedTheKeychainOutlivesKeePassXCQuitting();

private:
    test::CliRun cli(const QStringList &arguments, const QByteArray &input = {});
    void addEnvironment(const QString &name);
    void killProvider();
    /**
     * Ends KeePassXC as a person quitting it does (SIGTERM): it closes its database first. One that
     * is still there 10 s later (asking about unsaved changes) is killed.
     */
    void quitProvider();
    void startProvider();
    /**
     * KeePassXC writes its database file a moment after each change (about 0.3 s, seconds under
     * load): a change it has not written is gone when it is killed. Waits until the file itself
     * (read by keepassxc-cli) holds an entry for each of @p keys.
     *
     * Not "the file changed since": a save of an earlier suite's changes can land after this
     * test began, while the save of this test's entry is still to come (killed then, the entry
     * was gone after the restart: seen in CI).
     */
    void waitUntilDatabaseHolds(const QStringList &keys);
    /** The entry titles of the database file, one per line, read by keepassxc-cli; empty if it fails. */
    [[nodiscard]] QString databaseListing() const;
    /** The secret in the active slot, or empty. */
    [[nodiscard]] QString activeSecret(const QString &name);
    /**
     * What a failed activeSecret() leaves to go on: how the last lookup ended, the items the
     * Secret Service shows for this test's service, and the entries of the database file
     * itself (keepassxc-cli), titles only.
     */
    [[nodiscard]] QByteArray whereTheEntryIs() const;

    std::unique_ptr<test::SandboxFixture> m_sandbox;
    test::TempHome m_home;
    QString m_service;
    qint64 m_providerPid = 0;
    std::unique_ptr<QProcess> m_restarted; ///< KeePassXC started again by this test
    QString m_lastLookup; ///< how activeSecret()'s last secret-tool lookup ended
};

void TestProvider::initTestCase()
{
    if (qEnvironmentVariable("BIOEPIC_EXPECT_PROVIDER") != QLatin1String("KeePassXC"))
        QSKIP("KeePassXC is not the Secret Service here; scripts/test runs this under scripts/lib/keepassxc.sh");
    BIOEPIC_REQUIRE_KEYRING();
    m_providerPid = qEnvironmentVariableIntValue("BIOEPIC_KEEPASSXC_PID");
    QVERIFY(m_providerPid > 0);
    m_sandbox = std::make_unique<test::SandboxFixture>();
    m_service = test::randomSecret(QStringLiteral("bioepic-provider"));
    // A KeePassXC of its own: the harness's one served every suite before this one and may
    // still hold their saves or a dialog they opened (an Access Request). Under load it then
    // neither wrote this test's entries within 30 s nor answered lockAllDatabases (seen in CI).
    killProvider();
    startProvider();
}

void TestProvider::cleanupTestCase()
{
    // A KeePassXC this test started stays up for the suites after it; the harness ends it.
    if (m_restarted)
        m_restarted.release()->setParent(nullptr);
}

test::CliRun TestProvider::cli(const QStringList &arguments, const QByteArray &input)
{
    QProcessEnvironment environment = test::cliEnvironment(m_home, m_service);
    environment.insert(QStringLiteral("BIOEPIC_KEYCHAIN_TIMEOUT_MS"), QString::number(kKeychainTimeoutMs));
    return test::runCli(arguments, environment, input, 60000);
}

void TestProvider::addEnvironment(const QString &name)
{
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), name, QStringLiteral("--base-url"),
                  m_sandbox->baseUrl().toString(), QStringLiteral("--set"), QStringLiteral("who_am_i_path=/users/me")})
                     .exitCode,
             0);
    const test::CliRun login = cli({QStringLiteral("login"), name, QStringLiteral("--client-id"), m_sandbox->clientId,
                                    QStringLiteral("--secret-stdin")},
                                   m_sandbox->clientSecret.toUtf8() + '\n');
    QVERIFY2(login.exitCode == 0, login.err.constData());
    // The provider is named where the secret went.
    QVERIFY2(login.err.contains("Secret Service (KeePassXC)") || login.out.contains("Secret Service (KeePassXC)"),
             login.err.constData());
}

void TestProvider::killProvider()
{
    QVERIFY(::kill(pid_t(m_providerPid), SIGKILL) == 0);
    if (m_restarted)
        QVERIFY(m_restarted->waitForFinished(5000));
    // Gone from the bus once its connection closes.
    QTest::qWait(300);
}

void TestProvider::quitProvider()
{
    QVERIFY(::kill(pid_t(m_providerPid), SIGTERM) == 0);
    // This process's event loop runs meanwhile: it hears everything KeePassXC says as it closes.
    const auto ended = [this] {
        return m_restarted ? m_restarted->state() == QProcess::NotRunning : ::kill(pid_t(m_providerPid), 0) != 0;
    };
    if (!QTest::qWaitFor(ended, 10000)) {
        // It closed its database (and said so) but waits on a question about changes it has not
        // saved yet: seen right after tst_rotation_crash, where it saved nothing for 30 s. What
        // this process heard as it closed is what matters; it ends here.
        qInfo("KeePassXC closed its database but did not exit within 10 s of SIGTERM: killed");
        QVERIFY(::kill(pid_t(m_providerPid), SIGKILL) == 0);
        QVERIFY(QTest::qWaitFor(ended, 5000));
    }
    QTest::qWait(500);
}

void TestProvider::startProvider()
{
    // As the harness does: the same database, unlocked with its password on stdin.
    m_restarted = std::make_unique<QProcess>();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DISPLAY"), QLatin1Char(':') + qEnvironmentVariable("BIOEPIC_KEEPASSXC_DISPLAY"));
    environment.insert(QStringLiteral("TMPDIR"), qEnvironmentVariable("BIOEPIC_KEEPASSXC_TMP"));
    m_restarted->setProcessEnvironment(environment);
    m_restarted->setStandardInputFile(qEnvironmentVariable("BIOEPIC_KEEPASSXC_PASSWORD_FILE"));
    m_restarted->setStandardOutputFile(QProcess::nullDevice());
    m_restarted->setStandardErrorFile(QProcess::nullDevice());
    m_restarted->start(QStringLiteral("keepassxc"),
                       {QStringLiteral("--pw-stdin"), qEnvironmentVariable("BIOEPIC_KEEPASSXC_DB")});
    QVERIFY(m_restarted->waitForStarted(5000));
    m_providerPid = m_restarted->processId();
    const test::CliRun ready
            = test::runProgram(QStringLiteral(BIOEPIC_SOURCE_DIR "/scripts/lib/keepassxc-ready.sh"),
                               {QStringLiteral("150")}, QProcessEnvironment::systemEnvironment(), {}, 30000);
    QVERIFY2(ready.exitCode == 0, "KeePassXC did not come back with its collection unlocked");
}

QString TestProvider::databaseListing() const
{
    QFile password(qEnvironmentVariable("BIOEPIC_KEEPASSXC_PASSWORD_FILE"));
    const QByteArray passwordBytes = password.open(QIODevice::ReadOnly) ? password.readAll() : QByteArray();
    const test::CliRun listing = test::runProgram(QStringLiteral("keepassxc-cli"),
                                                  {QStringLiteral("ls"), QStringLiteral("-R"), QStringLiteral("-f"),
                                                   qEnvironmentVariable("BIOEPIC_KEEPASSXC_DB")},
                                                  QProcessEnvironment::systemEnvironment(), passwordBytes, 15000);
    return listing.exitCode == 0 ? QString::fromUtf8(listing.out) : QString();
}

void TestProvider::waitUntilDatabaseHolds(const QStringList &keys)
{
    QStringList titles;
    for (const QString &key : keys)
        titles << KeychainStore::entryTitle(m_service, key);
    QString listing;
    const bool written = QTest::qWaitFor(
            [&] {
                listing = databaseListing();
                return std::all_of(titles.cbegin(), titles.cend(),
                                   [&](const QString &title) { return listing.contains(title); });
            },
            30000);
    const QStringList ours = listing.split(QLatin1Char('\n')).filter(m_service);
    QVERIFY2(written,
             qPrintable(QStringLiteral("the database file never held %1; this test's entries there: %2")
                                .arg(titles.join(QStringLiteral(", ")),
                                     ours.isEmpty() ? QStringLiteral("none") : ours.join(QStringLiteral("; ")))));
}

QString TestProvider::activeSecret(const QString &name)
{
    // Read by secret-tool, in a process of its own: what any other program finds there, not
    // what this process's libsecret remembers.
    const test::CliRun lookup = test::runProgram(
            QStringLiteral("secret-tool"),
            {QStringLiteral("lookup"), QStringLiteral("user"), secretKey(m_service, name, SecretSlot::Active)},
            QProcessEnvironment::systemEnvironment(), {}, 15000);
    m_lastLookup = QStringLiteral("secret-tool lookup: exit %1 after %2 ms, %3 bytes out, stderr: %4")
                           .arg(lookup.exitCode)
                           .arg(lookup.elapsedMs)
                           .arg(lookup.out.size())
                           .arg(QString::fromUtf8(lookup.err.left(300)));
    const auto credentials = Credentials::fromKeychainValue(lookup.out);
    return credentials ? credentials->secret.revealString() : QString();
}

QByteArray TestProvider::whereTheEntryIs() const
{
    // secret-tool prints the secrets on stdout and the attributes on stderr: only the latter.
    const test::CliRun search = test::runProgram(
            QStringLiteral("secret-tool"),
            {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("application"), m_service},
            QProcessEnvironment::systemEnvironment(), {}, 15000);
    // This test's entries only: the file also holds every earlier suite's (QTest cuts a long
    // message short).
    const QStringList ours = databaseListing().split(QLatin1Char('\n')).filter(m_service);
    return (m_lastLookup
            + QStringLiteral("\nsecret-tool search --all application %1: exit %2\n%3\n"
                             "the database file's entries of this test: %4")
                      .arg(m_service)
                      .arg(search.exitCode)
                      .arg(QString::fromUtf8(search.err.left(400)))
                      .arg(ours.isEmpty() ? QStringLiteral("none") : ours.join(QStringLiteral("; "))))
            .toUtf8();
}

void TestProvider::lockedDatabaseAnswersWithinOneTimeout()
{
    addEnvironment(QStringLiteral("locked"));
    QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("locked")}).exitCode, 0);
    waitUntilDatabaseHolds({secretKey(m_service, QStringLiteral("locked"), SecretSlot::Active),
                            m_service + QStringLiteral("/fingerprint-key")});

    const test::CliRun lock = test::runProgram(QStringLiteral("dbus-send"),
                                               {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                                                QStringLiteral("--dest=org.keepassxc.KeePassXC.MainWindow"),
                                                QStringLiteral("/keepassxc"),
                                                QStringLiteral("org.keepassxc.KeePassXC.MainWindow.lockAllDatabases")},
                                               QProcessEnvironment::systemEnvironment());
    QCOMPARE(lock.exitCode, 0);
    QTest::qWait(300);

    // A cached token is sealed under a key in the keychain: with the database locked, the answer
    // is "locked" (exit 4) within one timeout, naming KeePassXC and what to do there.
    QElapsedTimer elapsed;
    elapsed.start();
    const test::CliRun token = cli({QStringLiteral("token"), QStringLiteral("locked")});
    QCOMPARE(token.exitCode, 4);
    QVERIFY2(elapsed.elapsed() < kKeychainTimeoutMs * 1.5 + 2000, qPrintable(QString::number(elapsed.elapsed())));
    QVERIFY2(token.err.contains("KeePassXC"), token.err.constData());
    QVERIFY(token.out.isEmpty());
    // Storing credentials over it: the installation key's read already waited the whole timeout,
    // so the write is not tried after it (that was a second timeout).
    elapsed.restart();
    const test::CliRun login
            = cli({QStringLiteral("login"), QStringLiteral("locked"), QStringLiteral("--client-id"),
                   m_sandbox->clientId, QStringLiteral("--secret-stdin"), QStringLiteral("--no-verify")},
                  m_sandbox->clientSecret.toUtf8() + '\n');
    QCOMPARE(login.exitCode, 4);
    QVERIFY2(elapsed.elapsed() < kKeychainTimeoutMs + 2000, qPrintable(QString::number(elapsed.elapsed())));
    QVERIFY2(login.err.contains("KeePassXC") && login.err.contains("locked/active"), login.err.constData());
    // What needs no keychain still answers.
    QCOMPARE(cli({QStringLiteral("status"), QStringLiteral("locked")}).exitCode, 0);

    // Unlocked again (the database reopened), everything is where it was.
    killProvider();
    startProvider();
    // The entry survived the lock and the restart. (A KeePassXC that has just unlocked its
    // collection can answer a search with nothing for a moment under load: seen once in CI.)
    const bool survived
            = QTest::qWaitFor([&] { return activeSecret(QStringLiteral("locked")) == m_sandbox->clientSecret; }, 10000);
    QVERIFY2(survived, survived ? "" : whereTheEntryIs().constData());
    const test::CliRun again = cli({QStringLiteral("token"), QStringLiteral("locked")});
    QVERIFY2(again.exitCode == 0, again.err.constData());
}

void TestProvider::providerKilledMidRotation()
{
    const QString name = QStringLiteral("killed");
    addEnvironment(name);
    QCOMPARE(activeSecret(name), m_sandbox->clientSecret);
    const QString newSecret = test::randomSecret();
    m_sandbox->api().addClientSecret(m_sandbox->clientId, newSecret);

    // The token request with the new secret is held up; KeePassXC dies while it is out, after
    // the new secret was staged; each kill waits until KeePassXC wrote what came before it.
    waitUntilDatabaseHolds({secretKey(m_service, name, SecretSlot::Active)});
    m_sandbox->api().setLatencyMs(8000); // longer than the wait for the staged write
    const quint64 before = m_sandbox->api().stats().tokenRequests;
    QProcess rotate;
    QProcessEnvironment environment = test::cliEnvironment(m_home, m_service);
    environment.insert(QStringLiteral("BIOEPIC_KEYCHAIN_TIMEOUT_MS"), QString::number(kKeychainTimeoutMs));
    rotate.setProcessEnvironment(environment);
    rotate.start(test::builtProgram(QStringLiteral("bioepic-cred")),
                 {QStringLiteral("rotate"), name, QStringLiteral("--secret-stdin")});
    rotate.write(newSecret.toUtf8() + '\n');
    rotate.closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(m_sandbox->api().stats().tokenRequests > before, 15000);
    waitUntilDatabaseHolds({secretKey(m_service, name, SecretSlot::Staged)});
    QCOMPARE(rotate.state(), QProcess::Running);
    killProvider();
    QTRY_VERIFY_WITH_TIMEOUT(rotate.state() == QProcess::NotRunning, 30000);
    m_sandbox->api().setLatencyMs(0);
    const QByteArray err = rotate.readAllStandardError();
    QCOMPARE(rotate.exitStatus(), QProcess::NormalExit); // no crash
    QCOMPARE(rotate.exitCode(), 4);
    QVERIFY2(err.contains("--resume"), err.constData());
    QVERIFY(!err.contains(newSecret.toUtf8()));

    startProvider();
    QCOMPARE(activeSecret(name), m_sandbox->clientSecret); // nothing was switched, nothing lost
    const test::CliRun resumed = cli({QStringLiteral("rotate"), name, QStringLiteral("--resume")});
    QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
    QCOMPARE(activeSecret(name), newSecret);
    QCOMPARE(cli({QStringLiteral("token"), name}).exitCode, 0);
}

void TestProvider::removeSaysWhereDeletedEntriesGo()
{
    addEnvironment(QStringLiteral("gone"));
    const test::CliRun removed = cli({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("gone")});
    QVERIFY2(removed.exitCode == 0, removed.err.constData());
    const QByteArray said = removed.out + removed.err;
    QVERIFY2(said.contains("recycle bin"), said.constData());
    QVERIFY(activeSecret(QStringLiteral("gone")).isEmpty());
}

void TestProvider::aWindowThatUsedTheKeychainOutlivesKeePassXCQuitting()
{
    // The window stores credentials and gets a token through QtKeychain (libsecret, in this
    // process), then KeePassXC quits. Its closing database sends ItemDeleted, CollectionChanged
    // and CollectionDeleted; libsecret 0.20.5's handlers crashed on them (SIGSEGV) in every
    // process that had used the keychain: the window, and this test.
    test::TempHome home;
    CoreOptions options = test::coreOptions(home, m_service);
    options.keychainTimeout = std::chrono::milliseconds(kKeychainTimeoutMs);
    CoreServices core(options);
    test::addLab(core, *m_sandbox);
    ui::MainWindow window(&core);
    QLabel *status = test::showUntilDrawn(window);
    auto *notes = window.findChild<ui::MessageLabel *>(QStringLiteral("tokenNotes"));
    QVERIFY(status && notes);
    QTRY_VERIFY2(status->text().endsWith(QStringLiteral("(KeePassXC)")), qPrintable(status->text()));
    std::optional<TokenResult> token;
    core.tokens()->requestToken(QStringLiteral("lab"), TokenService::Freshness::ForceRefresh, this,
                                [&token](const TokenResult &result) { token = result; });
    QTRY_VERIFY_WITH_TIMEOUT(token.has_value(), 15000);
    QVERIFY2(token->ok(), qPrintable(token->error.fullText()));
    // Not waited for in the database file: what is checked is this process, not KeePassXC's
    // saving. (Waiting for it, right after tst_rotation_crash, failed in half of the runs:
    // KeePassXC wrote nothing for 30 s, and the one started after the quit never came up.)

    // Quit: the bus cannot start KeePassXC again, so the window says at once that it is gone.
    quitProvider();
    QTRY_VERIFY2(status->text().endsWith(QStringLiteral("(KeePassXC) — not reachable")), qPrintable(status->text()));
    QVERIFY2(status->toolTip().contains(QStringLiteral("Open KeePassXC again")), qPrintable(status->toolTip()));
    QVERIFY2(notes->text().contains(QStringLiteral("The keychain is not reachable")), qPrintable(notes->text()));
    QVERIFY(window.grab().save(test::screenshotDir() + QStringLiteral("/ui-keepassxc-quit.png")));

    // Opened again: said, and the keychain works again in the same process (a new entry, since
    // KeePassXC asks "Access Request" before an overwrite, read back). Not a renewal with the
    // credentials stored before the quit: right after tst_rotation_crash, KeePassXC had not saved
    // them by the SIGTERM once in two runs, and they were gone after the restart.
    startProvider();
    QTRY_VERIFY2(!status->text().contains(QStringLiteral("not reachable")), qPrintable(status->text()));
    QVERIFY2(!notes->text().contains(QStringLiteral("not reachable")), qPrintable(notes->text()));
    const QString after = m_service + QStringLiteral("/quit/after");
    const KeychainError written = test::writeEntry(*core.keychain(), after);
    QVERIFY2(written.ok(), qPrintable(written.message()));
    const KeychainError read = test::readEntry(*core.keychain(), after);
    QVERIFY2(read.ok(), qPrintable(read.message()));
}

QTEST_MAIN(TestProvider)
#include "tst_provider.moc"
