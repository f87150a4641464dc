// Keychain failures as QtKeychain 0.13 reports them on Linux (docs/ARCHITECTURE.md, "The keychain") → our codes and
// remedies.
#include "keychain/credentials.h"
#include "keychain/keychainerror.h"
#include "keychain/secretserviceprovider.h"

#include <QTest>
#include <QTimeZone>

#include <qt6keychain/keychain.h>

using namespace bioepic;

Q_DECLARE_METATYPE(KeychainError::Code)

class TestKeychainError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classify_data();
    void classify();
    void keysAreGloballyUnique();
    void credentialsRoundTrip();
    void remediesNameTheProvider_data();
    void remediesNameTheProvider();
    void providerFromProcessName();
};

void TestKeychainError::classify_data()
{
    QTest::addColumn<int>("qtError");
    QTest::addColumn<QString>("message");
    QTest::addColumn<KeychainError::Code>("code");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("remedyContains");
    using C = KeychainError::Code;
    QTest::newRow("no D-Bus, no display")
            << int(QKeychain::OtherError) << "Cannot autolaunch D-Bus without X11 $DISPLAY" << C::NoService << 4
            << "gnome-keyring-daemon";
    QTest::newRow("keyring not unlocked")
            << int(QKeychain::OtherError) << "Object does not exist at path “/org/freedesktop/secrets/collection/login”"
            << C::NotUnlocked << 4 << "--unlock";
    QTest::newRow("no provider") << int(QKeychain::OtherError)
                                 << "The name org.freedesktop.secrets was not provided by any .service files"
                                 << C::NoService << 4 << "session only";
    // DBUS_SESSION_BUS_ADDRESS names a socket that is not there (a stale address in a shell).
    QTest::newRow("bus socket gone") << int(QKeychain::OtherError) << "Could not connect: No such file or directory"
                                     << C::NoService << 4 << "session only";
    QTest::newRow("locked with another password")
            << int(QKeychain::AccessDenied) << "Cannot create an item in a locked collection" << C::Locked << 4
            << "Unlock";
    QTest::newRow("libsecret missing") << int(QKeychain::OtherError) << "Unknown error" << C::BackendMissing << 4
                                       << "libsecret";
    QTest::newRow("entry not found") << int(QKeychain::EntryNotFound) << "Entry not found" << C::NotFound << 1 << "";
    QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable) << "No keychain service available" << C::NoService
                                << 4 << "";
    QTest::newRow("denied by user") << int(QKeychain::AccessDeniedByUser) << "" << C::Locked << 4 << "";
    QTest::newRow("something else") << int(QKeychain::OtherError) << "weird" << C::Other << 4 << "running";
}

void TestKeychainError::classify()
{
    QFETCH(int, qtError);
    QFETCH(QString, message);
    QFETCH(KeychainError::Code, code);
    QFETCH(int, exitCode);
    QFETCH(QString, remedyContains);
    const KeychainError error = classifyKeychainError(qtError, message, QStringLiteral("write"),
                                                      QStringLiteral("bioepic-credentials/prod/active"));
    QCOMPARE(error.code, code);
    QCOMPARE(exitCodeFor(error.errorClass()), exitCode);
    QVERIFY(error.message().contains(QLatin1String("prod/active")) || code == KeychainError::Code::NoService
            || code == KeychainError::Code::NotUnlocked || code == KeychainError::Code::BackendMissing);
    QVERIFY2(error.remedy().contains(remedyContains), qPrintable(error.remedy()));
    QCOMPARE(error.toError().detail, message);
}

void TestKeychainError::keysAreGloballyUnique()
{
    QCOMPARE(secretKey(QStringLiteral("bioepic-credentials"), QStringLiteral("prod"), SecretSlot::Active),
             QStringLiteral("bioepic-credentials/prod/active"));
    QCOMPARE(secretKey(QStringLiteral("bioepic-credentials"), QStringLiteral("dev"), SecretSlot::Token),
             QStringLiteral("bioepic-credentials/dev/token"));
    QCOMPARE(slotName(SecretSlot::Previous), QStringLiteral("previous"));
    QCOMPARE(slotName(SecretSlot::Staged), QStringLiteral("staged"));
}

void TestKeychainError::credentialsRoundTrip()
{
    Credentials credentials;
    credentials.method = AuthMethod::Password;
    credentials.identity = QStringLiteral("ada");
    credentials.secret = Secret::fromString(QStringLiteral("pässwörd \"quoted\""));
    credentials.createdAt = QDateTime(QDate(2026, 2, 3), QTime(4, 5, 6), QTimeZone::utc());
    const auto copy = Credentials::fromKeychainValue(credentials.toKeychainValue());
    QVERIFY(copy);
    QCOMPARE(copy->method, AuthMethod::Password);
    QCOMPARE(copy->identity, QStringLiteral("ada"));
    QVERIFY(copy->secret.equals(credentials.secret));
    QCOMPARE(copy->createdAt, credentials.createdAt);
    QCOMPARE(copy->fingerprint(), credentials.fingerprint());
    QVERIFY(!Credentials::fromKeychainValue("{}"));
    QVERIFY(!Credentials::fromKeychainValue("garbage"));
    QVERIFY(!Credentials::fromKeychainValue(R"({"method":"client_credentials","client_id":"x"})"));
    const CredentialMetadata meta = credentials.metadata();
    QVERIFY(meta.stored);
    QCOMPARE(meta.identity, QStringLiteral("ada"));
    QCOMPARE(meta.fingerprint, credentials.fingerprint());
}

void TestKeychainError::remediesNameTheProvider_data()
{
    QTest::addColumn<SecretProvider>("provider");
    QTest::addColumn<KeychainError::Code>("code");
    QTest::addColumn<QString>("backendContains");
    QTest::addColumn<QString>("remedyContains");
    using C = KeychainError::Code;
    using P = SecretProvider;
    QTest::newRow("KeePassXC locked") << P::KeePassXC << C::Locked << "KeePassXC"
                                      << "Unlock the database in KeePassXC";
    QTest::newRow("KeePassXC no group") << P::KeePassXC << C::NotUnlocked << "KeePassXC"
                                        << "expose a group";
    QTest::newRow("KeePassXC silent") << P::KeePassXC << C::Timeout << "KeePassXC"
                                      << "Access Request";
    QTest::newRow("KeePassXC quit") << P::KeePassXC << C::NoService << "KeePassXC"
                                    << "Open KeePassXC again";
    QTest::newRow("KWallet locked") << P::KWallet << C::Locked << "KWallet"
                                    << "kwalletmanager5";
    QTest::newRow("GNOME Keyring locked") << P::GnomeKeyring << C::Locked << "GNOME Keyring"
                                          << "Seahorse";
    QTest::newRow("unknown locked") << P::Unknown << C::Locked << "GNOME Keyring, KeePassXC or KWallet"
                                    << "Seahorse";
}

void TestKeychainError::remediesNameTheProvider()
{
    QFETCH(SecretProvider, provider);
    QFETCH(KeychainError::Code, code);
    QFETCH(QString, backendContains);
    QFETCH(QString, remedyContains);
    setSecretProviderForTesting(provider);
    const KeychainError error{code, QStringLiteral("read"), QStringLiteral("bioepic-credentials/lab/active"), {}};
    QVERIFY2(keychainBackendName().contains(backendContains), qPrintable(keychainBackendName()));
    QVERIFY2(error.remedy().contains(remedyContains), qPrintable(error.remedy()));
    // Deleted entries stay in KeePassXC's recycle bin; other providers delete them.
    QCOMPARE(removedEntriesNote().contains(QLatin1String("recycle bin")), provider == SecretProvider::KeePassXC);
    setSecretProviderForTesting(SecretProvider::Unknown);
}

void TestKeychainError::providerFromProcessName()
{
    QCOMPARE(secretProviderFromProcessName(QStringLiteral("gnome-keyring-d")), SecretProvider::GnomeKeyring);
    QCOMPARE(secretProviderFromProcessName(QStringLiteral("keepassxc")), SecretProvider::KeePassXC);
    QCOMPARE(secretProviderFromProcessName(QStringLiteral("kwalletd5")), SecretProvider::KWallet);
    QCOMPARE(secretProviderFromProcessName(QStringLiteral("ksecretd")), SecretProvider::KWallet);
    QCOMPARE(secretProviderFromProcessName(QStringLiteral("pass-secret-se")), SecretProvider::Other);
    QCOMPARE(secretProviderFromProcessName(QString()), SecretProvider::Unknown);
}

QTEST_GUILESS_MAIN(TestKeychainError)
#include "tst_keychainerror.moc"
