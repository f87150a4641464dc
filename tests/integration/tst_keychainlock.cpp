// A keyring that is locked, or restarts, under a running program: the window's status bar and
// Token page say it is locked as soon as it is, and stop once it is unlocked; a job that finds it
// locked says it too; a renewal it held back runs on the unlock; writes work after a restart. A
// real gnome-keyring of its own, since this test locks and stops it: CMake runs it through
// scripts/lib/keyring.sh, not in the keyring the other tests share.
#include "coreservices.h"
#include "keychain/keychainstore.h"
#include "keychain/secretserviceprovider.h"
#include "mainwindow.h"
#include "messagelabel.h"
#include "sandbox/sandboxoptions.h"
#include "testsupport.h"
#include "windowtesting.h"

#include <QApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusServiceWatcher>
#include <QDBusVariant>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace bioepic;

namespace {

const QString kService = QStringLiteral("org.freedesktop.secrets");
const QString kServicePath = QStringLiteral("/org/freedesktop/secrets");
const QString kLogin = QStringLiteral("/org/freedesktop/secrets/collection/login");

/** The Secret Service's secret struct (oayays), for gnome-keyring's unlock with a password. */
struct PlainSecret
{
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};

QDBusArgument &operator<<(QDBusArgument &argument, const PlainSecret &secret)
{
    argument.beginStructure();
    argument << secret.session << secret.parameters << secret.value << secret.contentType;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, PlainSecret &secret)
{
    argument.beginStructure();
    argument >> secret.session >> secret.parameters >> secret.value >> secret.contentType;
    argument.endStructure();
    return argument;
}

} // namespace

Q_DECLARE_METATYPE(PlainSecret)

class TestKeychainLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aJobThatFindsItLockedSaysSo();
    void theWindowFollowsTheKeyring();
    void aKeyringStartedLaterIsFollowed();
    void aKeyringStartedAgainIsFollowed();
    void aRenewalHeldBackByTheLockRunsOnUnlock();
    void writesWorkAfterTheKeyringRestarts();

private:
    /** Locks the login collection, as the desktop's "lock keyring" does. */
    static void lock();
    /** Unlocks it with its password, as PAM does at login: no prompt. */
    static void unlock();
    /** Locks, then unlocks the keyring: @p status says "locked" in between, and not after. */
    static void lockAndUnlockAreShown(const QLabel *status);
    /** Ends gnome-keyring-daemon; D-Bus starts it again (unlocked) when it is next asked for. */
    static void stopSecretService();
};

void TestKeychainLock::initTestCase()
{
    // Never in a keyring other tests use at the same time: only in one made for it.
    if (qEnvironmentVariable("BIOEPIC_OWN_KEYRING") != QLatin1String("1")
        || !qEnvironmentVariableIsSet("BIOEPIC_KEYRING_PASSWORD_FILE")) {
        if (test::keyringRequired())
            QFAIL("needs a gnome-keyring of its own: ctest runs it through scripts/lib/keyring.sh");
        QSKIP("it locks its keyring: ctest runs it through scripts/lib/keyring.sh, with gnome-keyring installed");
    }
    qDBusRegisterMetaType<PlainSecret>();
}

void TestKeychainLock::lock()
{
    QDBusMessage call = QDBusMessage::createMethodCall(
            kService, kServicePath, QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("Lock"));
    call << QVariant::fromValue(QList<QDBusObjectPath>{QDBusObjectPath(kLogin)});
    const QDBusMessage reply = QDBusConnection::sessionBus().call(call, QDBus::Block, 5000);
    QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
}

void TestKeychainLock::unlock()
{
    QFile passwordFile(qEnvironmentVariable("BIOEPIC_KEYRING_PASSWORD_FILE"));
    QVERIFY(passwordFile.open(QIODevice::ReadOnly));
    QDBusMessage open = QDBusMessage::createMethodCall(
            kService, kServicePath, QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("OpenSession"));
    open << QStringLiteral("plain") << QVariant::fromValue(QDBusVariant(QString()));
    const QDBusMessage opened = QDBusConnection::sessionBus().call(open, QDBus::Block, 5000);
    QVERIFY2(opened.type() == QDBusMessage::ReplyMessage && opened.arguments().size() == 2,
             qPrintable(opened.errorMessage()));
    const PlainSecret password{opened.arguments().at(1).value<QDBusObjectPath>(),
                               {},
                               passwordFile.readAll(),
                               QStringLiteral("text/plain")};
    QDBusMessage call = QDBusMessage::createMethodCall(
            kService, kServicePath, QStringLiteral("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"),
            QStringLiteral("UnlockWithMasterPassword"));
    call << QVariant::fromValue(QDBusObjectPath(kLogin)) << QVariant::fromValue(password);
    const QDBusMessage reply = QDBusConnection::sessionBus().call(call, QDBus::Block, 5000);
    QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
}

void TestKeychainLock::lockAndUnlockAreShown(const QLabel *status)
{
    lock();
    QTRY_VERIFY2(status->text().endsWith(QStringLiteral("— locked")), qPrintable(status->text()));
    unlock();
    QTRY_VERIFY2(!status->text().contains(QStringLiteral("locked")), qPrintable(status->text()));
}

void TestKeychainLock::stopSecretService()
{
    QDBusConnectionInterface *bus = QDBusConnection::sessionBus().interface();
    const QDBusReply<uint> pid = bus->servicePid(kService);
    QVERIFY2(pid.isValid() && pid.value() > 0, qPrintable(pid.error().message()));
    QVERIFY(::kill(pid_t(pid.value()), SIGTERM) == 0);
    QTRY_VERIFY_WITH_TIMEOUT(!bus->isServiceRegistered(kService).value(), 10000);
}

void TestKeychainLock::aJobThatFindsItLockedSaysSo()
{
    // No watch here (a command's store): the jobs' answers are what it goes by.
    KeychainStore store(QStringLiteral("bioepic-lock-test"), std::chrono::seconds(10));
    QSignalSpy changed(&store, &SecretStore::storeProblemChanged);
    const auto write = [&store] { return test::writeEntry(store, QStringLiteral("bioepic-lock-test/probe")); };
    const auto read = [&store] { return test::readEntry(store, QStringLiteral("bioepic-lock-test/probe")); };
    QVERIFY(write().ok());
    QVERIFY(store.storeProblem().ok());
    QCOMPARE(changed.count(), 0);

    lock();
    const KeychainError locked = read();
    QCOMPARE(locked.code, KeychainError::Code::Locked);
    QCOMPARE(store.storeProblem().code, KeychainError::Code::Locked);
    QCOMPARE(changed.count(), 1);
    // A second failure of the same kind is not news.
    QCOMPARE(read().code, KeychainError::Code::Locked);
    QCOMPARE(changed.count(), 1);

    unlock();
    QVERIFY(read().ok());
    QVERIFY(store.storeProblem().ok());
    QCOMPARE(changed.count(), 2);
    // Missing is about the entry, not the store.
    QVERIFY(test::readEntry(store, QStringLiteral("bioepic-lock-test/never-written")).isNotFound());
    QVERIFY(store.storeProblem().ok());
    QCOMPARE(changed.count(), 2);
}

void TestKeychainLock::theWindowFollowsTheKeyring()
{
    test::SandboxFixture sandbox;
    test::TempHome home;
    CoreServices core(test::coreOptions(home, QStringLiteral("bioepic-lock-window")));
    test::addLab(core, sandbox);

    ui::MainWindow window(&core);
    QLabel *status = test::showUntilDrawn(window);
    auto *notes = window.findChild<ui::MessageLabel *>(QStringLiteral("tokenNotes"));
    QVERIFY(status && notes);
    QVERIFY2(!status->text().contains(QStringLiteral("locked")), qPrintable(status->text()));

    // Nothing asked of the keychain meanwhile: the keyring itself says it.
    lock();
    QTRY_VERIFY2(status->text().endsWith(QStringLiteral("— locked")), qPrintable(status->text()));
    QVERIFY2(status->toolTip().contains(QStringLiteral("Unlock the keyring")), qPrintable(status->toolTip()));
    QVERIFY2(notes->text().contains(QStringLiteral("The keychain is locked")), qPrintable(notes->text()));
    QVERIFY(window.grab().save(test::screenshotDir() + QStringLiteral("/ui-keychain-locked.png")));

    unlock();
    QTRY_VERIFY2(!status->text().contains(QStringLiteral("locked")), qPrintable(status->text()));
    QVERIFY2(!notes->text().contains(QStringLiteral("The keychain is locked")), qPrintable(notes->text()));

    // A keyring the bus starts on demand that stops is not "not reachable": the next job starts
    // it again. (One the bus cannot start, KeePassXC, is: tst_provider.)
    stopSecretService();
    QTest::qWait(1000); // the window hears the name go, and asks whether the bus can start it
    QVERIFY2(!status->text().contains(QStringLiteral("not reachable")), qPrintable(status->text()));
    QVERIFY2(!notes->text().contains(QStringLiteral("not reachable")), qPrintable(notes->text()));
    QVERIFY(test::readEntry(*core.keychain(), QStringLiteral("bioepic-lock-window/started-again")).isNotFound());
}

void TestKeychainLock::aKeyringStartedLaterIsFollowed()
{
    // Not running when the window starts to follow it (KeePassXC opened after the window, a
    // keyring started on demand): followed from when it starts.
    test::TempHome home;
    CoreServices core(test::coreOptions(home, QStringLiteral("bioepic-lock-later")));
    stopSecretService();
    // Who provides it was asked while none ran (an earlier test of this process found GNOME
    // Keyring): the window names none.
    setSecretProviderForTesting(SecretProvider::Unknown);
    ui::MainWindow window(&core);
    QLabel *status = test::showUntilDrawn(window);
    QVERIFY(status);
    QTest::qWait(300); // the window asks, and hears there is no Secret Service
    QVERIFY2(status->text().contains(QStringLiteral("KeePassXC or KWallet")), qPrintable(status->text()));
    const QDBusReply<void> started = QDBusConnection::sessionBus().interface()->startService(kService);
    QVERIFY2(started.isValid(), qPrintable(started.error().message()));
    // Named once it answers.
    QTRY_VERIFY2(status->text().startsWith(QStringLiteral("Secrets: Secret Service (GNOME Keyring)")),
                 qPrintable(status->text()));

    lockAndUnlockAreShown(status);
}

void TestKeychainLock::aKeyringStartedAgainIsFollowed()
{
    // Followed, then stopped and started again (KeePassXC quit and opened again): its lock is
    // still heard. (gnome-keyring's signals were heard across a restart before the watch
    // subscribed anew on each owner too; KeePassXC's were not, which was checked by hand.)
    test::TempHome home;
    CoreServices core(test::coreOptions(home, QStringLiteral("bioepic-lock-again")));
    ui::MainWindow window(&core);
    QLabel *status = test::showUntilDrawn(window);
    QVERIFY(status);
    lockAndUnlockAreShown(status);

    stopSecretService();
    const QDBusReply<void> started = QDBusConnection::sessionBus().interface()->startService(kService);
    QVERIFY2(started.isValid(), qPrintable(started.error().message()));
    QTest::qWait(300); // the window hears of the new owner and asks it
    lockAndUnlockAreShown(status);
}

void TestKeychainLock::aRenewalHeldBackByTheLockRunsOnUnlock()
{
    // Tokens live 8 s and are renewed 4 s before they end: the renewal meets a locked keyring,
    // fails, and would wait 30 s to try again; it runs once the keyring is unlocked instead.
    SandboxOptions sandboxOptions;
    sandboxOptions.tokenLifetimeS = 8;
    test::SandboxFixture sandbox(sandboxOptions);
    test::TempHome home;
    CoreServices core(test::coreOptions(home, QStringLiteral("bioepic-lock-renewal")));
    test::addLab(core, sandbox, 4);
    TokenService *tokens = core.tokens();
    QString first;
    tokens->requestToken(QStringLiteral("lab"), TokenService::Freshness::ForceRefresh, this,
                         [&first](const TokenResult &result) { first = result.token.info.fingerprint; });
    QTRY_VERIFY_WITH_TIMEOUT(!first.isEmpty(), 15000);
    core.keychain()->followLockState();
    tokens->setAutoRefresh(true);
    QSignalSpy finished(tokens, &TokenService::requestFinished);

    lock();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
    QCOMPARE(finished.at(0).at(1).value<Error>().kind, ErrorClass::KeychainUnavailable);
    unlock();
    // Well before the 30 s backoff would end.
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 5000);
    QVERIFY2(finished.at(1).at(1).value<Error>().ok(), qPrintable(finished.at(1).at(1).value<Error>().fullText()));
    QVERIFY(tokens->cachedToken(QStringLiteral("lab"))->info.fingerprint != first);
}

void TestKeychainLock::writesWorkAfterTheKeyringRestarts()
{
    // libsecret (under QtKeychain) keeps its session with the Secret Service for the whole
    // process. After a restart of the provider (KeePassXC quit and opened again, gnome-keyring
    // after a crash), every write failed: "The session wrapping the secret does not exist".
    KeychainStore store(QStringLiteral("bioepic-restart-test"), std::chrono::seconds(10));
    const QString key = QStringLiteral("bioepic-restart-test/probe");
    QVERIFY(test::writeEntry(store, key).ok()); // libsecret opens its session
    QDBusServiceWatcher owner(kService, QDBusConnection::sessionBus(), QDBusServiceWatcher::WatchForOwnerChange);
    QSignalSpy ownerChanged(&owner, &QDBusServiceWatcher::serviceOwnerChanged);
    stopSecretService();
    const QDBusReply<void> started = QDBusConnection::sessionBus().interface()->startService(kService);
    QVERIFY2(started.isValid(), qPrintable(started.error().message()));
    // The bus says so to every watcher of the name at once, the keychain module's too.
    QTRY_VERIFY(ownerChanged.count() >= 2 && !ownerChanged.last().at(2).toString().isEmpty());
    const KeychainError written = test::writeEntry(store, key);
    QVERIFY2(written.ok(), qPrintable(written.message() + u' ' + written.backendMessage));
    QVERIFY(test::readEntry(store, key).ok());
}

QTEST_MAIN(TestKeychainLock)
#include "tst_keychainlock.moc"
