// KeychainStore and CredentialVault against the real Secret Service (gnome-keyring in a private session).
#include "hungsecretservice.h"
#include "keychain/credentialvault.h"
#include "keychain/keychainstore.h"
#include "keychain/memorystore.h"
#include "keychain/module/secretservicereader.h"
#include "keychain/secretserviceprovider.h"
#include "testsupport.h"

#include <QDBusConnection>
#include <QElapsedTimer>
#include <QProcess>
#include <QTest>
#include <QTimeZone>
#include <QTimer>

#include <qt6keychain/keychain.h>

using namespace bioepic;

namespace {

struct Outcome
{
    KeychainError error;
    QByteArray value;
    int calls = 0;
};

Outcome readKey(SecretStore &store, const QString &key, QObject *context)
{
    Outcome out;
    store.read(key, context, [&](const KeychainError &error, const QByteArray &value) {
        out.error = error;
        out.value = value;
        ++out.calls;
    });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return out.calls > 0; }, 15000);
    return out;
}

Outcome run(const std::function<void(SecretStore::DoneCallback)> &operation)
{
    Outcome out;
    operation([&](const KeychainError &error) {
        out.error = error;
        ++out.calls;
    });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return out.calls > 0; }, 15000);
    return out;
}

QByteArray secretToolLookup(const QString &service, const QString &key)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("lookup"), QStringLiteral("server"), KeychainStore::entryTitle(service, key),
                QStringLiteral("user"), key});
    tool.waitForFinished(10000);
    return tool.readAllStandardOutput();
}

Credentials clientCredentials(const QString &clientId, const QString &secret)
{
    Credentials credentials;
    credentials.identity = clientId;
    credentials.secret = Secret::fromString(secret);
    credentials.createdAt = QDateTime::currentDateTimeUtc();
    return credentials;
}

/** The attribute lines ("attribute.slot = active") of every item @p query finds, one list per item. */
QList<QStringList> secretToolAttributes(const QStringList &query)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"), QStringList{QStringLiteral("search"), QStringLiteral("--all")} + query);
    tool.waitForFinished(10000);
    // Attributes go to stderr, the rest to stdout; every item's attributes start with its schema.
    QList<QStringList> found;
    for (const QString &line : QString::fromUtf8(tool.readAllStandardError()).split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1String("attribute.")))
            continue;
        if (line.startsWith(QLatin1String("attribute.xdg:schema")) || found.isEmpty())
            found.append(QStringList());
        found.last().append(line);
    }
    return found;
}

/** Stores through QtKeychain itself, as text or as bytes (which it keeps as base64). */
bool storeWithQtKeychain(const QString &service, const QString &key, const QByteArray &value, bool asText)
{
    auto *job = new QKeychain::WritePasswordJob(service);
    job->setKey(key);
    if (asText)
        job->setTextData(QString::fromUtf8(value));
    else
        job->setBinaryData(value);
    bool done = false;
    bool ok = false;
    QObject::connect(job, &QKeychain::Job::finished, [&](QKeychain::Job *finished) {
        ok = finished->error() == QKeychain::NoError;
        done = true;
    });
    job->start();
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return done; }, 15000);
    return ok;
}

struct DirectOutcome
{
    DirectReadOutcome outcome = DirectReadOutcome::Unavailable;
    QByteArray value;
    int calls = 0;
};

DirectOutcome readDirectly(const QString &server, const QString &user, QObject *context,
                           const QDBusConnection &bus = QDBusConnection::sessionBus(),
                           std::chrono::milliseconds timeout = std::chrono::seconds(10))
{
    DirectOutcome out;
    readSecretServiceEntry(bus, server, user, timeout, context,
                           [&](DirectReadOutcome outcome, const QByteArray &value) {
                               out.outcome = outcome;
                               out.value = value;
                               ++out.calls;
                           });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return out.calls > 0; }, 15000);
    QTest::qWait(50); // and no second answer
    return out;
}

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void writeReadDelete();
    void itemsAreRealSecretServiceItems();
    void everySlotOfAnEnvironment();
    void parallelJobsAnswerOnceEach();
    void providerIsNamed();
    void entriesHaveReadableTitles();
    void entriesOfAnEarlierVersionMoveUnderTheirTitle();
    void entriesCanBeSearchedByWhatTheyAre();
    void readsGoStraightToTheSecretService();
    void aReadNeverOvertakesAQueuedWrite();
    void aDirectReadEndsWhenNothingAnswers();
    void anAnsweredReadHoldsNothing();

private:
    QString m_service;
};

void TestKeychain::init()
{
    BIOEPIC_REQUIRE_KEYRING();
    m_service = test::randomSecret(QStringLiteral("bioepic-test"));
}

void TestKeychain::writeReadDelete()
{
    KeychainStore store(m_service, std::chrono::seconds(10));
    const QString key = m_service + QStringLiteral("/lab/active");
    const QByteArray value = QByteArray("binary\0and ütf-8 {\"json\":1}", 28);
    QCOMPARE(run([&](auto done) { store.write(key, value, this, done); }).error.code, KeychainError::Code::None);
    const Outcome read = readKey(store, key, this);
    QCOMPARE(read.calls, 1);
    QVERIFY(read.error.ok());
    QCOMPARE(read.value, value);
    QCOMPARE(run([&](auto done) { store.remove(key, this, done); }).error.code, KeychainError::Code::None);
    const Outcome missing = readKey(store, key, this);
    QCOMPARE(missing.error.code, KeychainError::Code::NotFound);
    // Deleting a missing entry: the Secret Service reports success, other backends NotFound.
    const KeychainError again = run([&](auto done) { store.remove(key, this, done); }).error;
    QVERIFY(again.ok() || again.isNotFound());
}

void TestKeychain::itemsAreRealSecretServiceItems()
{
    KeychainStore store(m_service, std::chrono::seconds(10));
    const QString key = m_service + QStringLiteral("/lab/token");
    QVERIFY(run([&](auto done) { store.write(key, "seen-by-secret-tool", this, done); }).error.ok());
    // QtKeychain stores schema org.qt.keychain with server=<service>, user=<key> (secret-tool search --all server
    // <service> shows them). Text is stored as text, so a keyring manager shows it as it is.
    QCOMPARE(secretToolLookup(m_service, key), QByteArray("seen-by-secret-tool"));
    QVERIFY(run([&](auto done) { store.remove(key, this, done); }).error.ok());
    QVERIFY(secretToolLookup(m_service, key).isEmpty());
}

void TestKeychain::everySlotOfAnEnvironment()
{
    KeychainStore keychain(m_service, std::chrono::seconds(10));
    MemoryStore session;
    CredentialVault vault(&keychain, &session, m_service);
    const Credentials credentials = clientCredentials(QStringLiteral("client-a"), test::randomSecret());
    for (SecretSlot slot : {SecretSlot::Active, SecretSlot::Previous, SecretSlot::Staged})
        QVERIFY(run([&](auto done) {
                    vault.writeCredentials(QStringLiteral("lab"), slot, credentials, this, done);
                }).error.ok());
    QVERIFY(run([&](auto done) {
                vault.writeSlot(QStringLiteral("lab"), SecretSlot::Token, "{}", this, done);
            }).error.ok());

    std::optional<Credentials> read;
    int calls = 0;
    vault.readCredentials(QStringLiteral("lab"), SecretSlot::Previous, this,
                          [&](const KeychainError &error, const std::optional<Credentials> &value) {
                              QVERIFY(error.ok());
                              read = value;
                              ++calls;
                          });
    QTRY_COMPARE(calls, 1);
    QVERIFY(read);
    QVERIFY(read->secret.equals(credentials.secret));

    // The token slot holds "{}": not credentials.
    calls = 0;
    vault.readCredentials(QStringLiteral("lab"), SecretSlot::Token, this,
                          [&](const KeychainError &error, const std::optional<Credentials> &value) {
                              QCOMPARE(error.code, KeychainError::Code::Corrupt);
                              QVERIFY(!value);
                              ++calls;
                          });
    QTRY_COMPARE(calls, 1);

    QVERIFY(run([&](auto done) { vault.removeAll(QStringLiteral("lab"), this, done); }).error.ok());
    for (SecretSlot slot : {SecretSlot::Active, SecretSlot::Previous, SecretSlot::Staged, SecretSlot::Token})
        QVERIFY(secretToolLookup(m_service, secretKey(m_service, QStringLiteral("lab"), slot)).isEmpty());
    // Removing again: empty slots are not an error.
    QVERIFY(run([&](auto done) { vault.removeAll(QStringLiteral("lab"), this, done); }).error.ok());
}

void TestKeychain::parallelJobsAnswerOnceEach()
{
    KeychainStore store(m_service, std::chrono::seconds(10));
    QList<int> calls(20, 0);
    for (int i = 0; i < 20; ++i) {
        store.write(m_service + QStringLiteral("/p/%1").arg(i), QByteArray::number(i), this,
                    [&calls, i](const KeychainError &error) {
                        QVERIFY(error.ok());
                        ++calls[i];
                    });
    }
    QTRY_COMPARE_WITH_TIMEOUT(std::count(calls.cbegin(), calls.cend(), 1), qsizetype(20), 20000);
    for (int i = 0; i < 20; ++i) {
        const Outcome read = readKey(store, m_service + QStringLiteral("/p/%1").arg(i), this);
        QCOMPARE(read.value, QByteArray::number(i));
        QVERIFY(run([&](auto done) {
                    store.remove(m_service + QStringLiteral("/p/%1").arg(i), this, done);
                }).error.ok());
    }
    QCOMPARE(calls, QList<int>(20, 1));
}

void TestKeychain::providerIsNamed()
{
    // The harness says which provider it started (scripts/lib/keyring.sh: GNOME Keyring,
    // scripts/lib/keepassxc.sh: KeePassXC); the bus must say the same.
    const QString expected = qEnvironmentVariable("BIOEPIC_EXPECT_PROVIDER", QStringLiteral("GNOME Keyring"));
    bool done = false;
    detectSecretProvider(this, [&] { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
    QCOMPARE(secretProviderName(), expected);
    QVERIFY(keychainBackendName().contains(expected));
}

void TestKeychain::entriesHaveReadableTitles()
{
    KeychainStore store(m_service, std::chrono::seconds(10));
    const QString key = secretKey(m_service, QStringLiteral("lab"), SecretSlot::Active);
    QVERIFY(run([&](auto done) { store.write(key, "{}", this, done); }).error.ok());
    // What Seahorse, KeePassXC or secret-tool show, and what KeePassXC's Access Request names.
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("user"), key});
    QVERIFY(tool.waitForFinished(10000));
    const QString listing = QString::fromUtf8(tool.readAllStandardOutput() + tool.readAllStandardError());
    QVERIFY2(listing.contains(QStringLiteral("label = %1 — lab (active)").arg(m_service)), qPrintable(listing));
    QCOMPARE(KeychainStore::entryTitle(QStringLiteral("bioepic-credentials"),
                                       QStringLiteral("bioepic-credentials/lab/active")),
             QStringLiteral("BioEPIC Credentials — lab (active)"));
    QCOMPARE(KeychainStore::entryTitle(QStringLiteral("bioepic-credentials"),
                                       QStringLiteral("bioepic-credentials/fingerprint-key")),
             QStringLiteral("BioEPIC Credentials — installation key"));
    QVERIFY(run([&](auto done) { store.remove(key, this, done); }).error.ok());
}

void TestKeychain::entriesOfAnEarlierVersionMoveUnderTheirTitle()
{
    // Earlier versions stored every entry under the plain service name (all titled alike).
    const QString key = secretKey(m_service, QStringLiteral("old"), SecretSlot::Active);
    auto *legacy = new QKeychain::WritePasswordJob(m_service);
    legacy->setKey(key);
    legacy->setTextData(QStringLiteral("from-an-earlier-version"));
    bool written = false;
    connect(legacy, &QKeychain::Job::finished, this, [&](QKeychain::Job *job) {
        QCOMPARE(job->error(), QKeychain::NoError);
        written = true;
    });
    legacy->start();
    QTRY_VERIFY_WITH_TIMEOUT(written, 10000);
    QCOMPARE(secretToolLookup(m_service, key), QByteArray()); // not under its title yet

    KeychainStore store(m_service, std::chrono::seconds(10));
    const Outcome read = readKey(store, key, this);
    QVERIFY(read.error.ok());
    QCOMPARE(read.value, QByteArray("from-an-earlier-version"));
    // Moved: under its title now, and gone from the old place (a create, then a delete).
    QTRY_COMPARE_WITH_TIMEOUT(secretToolLookup(m_service, key), QByteArray("from-an-earlier-version"), 10000);
    auto atTheOldPlace = [&] {
        QProcess tool;
        tool.start(QStringLiteral("secret-tool"),
                   {QStringLiteral("lookup"), QStringLiteral("server"), m_service, QStringLiteral("user"), key});
        tool.waitForFinished(10000);
        return tool.readAllStandardOutput();
    };
    QTRY_COMPARE_WITH_TIMEOUT(atTheOldPlace(), QByteArray(), 10000);
    QVERIFY(run([&](auto done) { store.remove(key, this, done); }).error.ok());
    QCOMPARE(secretToolLookup(m_service, key), QByteArray());
}

void TestKeychain::entriesCanBeSearchedByWhatTheyAre()
{
    KeychainStore keychain(m_service, std::chrono::seconds(10));
    MemoryStore session;
    CredentialVault vault(&keychain, &session, m_service);
    const QString secret = test::randomSecret();
    Credentials credentials = clientCredentials(QStringLiteral("client-a"), secret);
    QVERIFY(run([&](auto done) {
                vault.writeCredentials(QStringLiteral("lab"), SecretSlot::Active, credentials, this, done);
            }).error.ok());

    const QStringList byWhatItIs{QStringLiteral("application"), m_service,
                                 QStringLiteral("environment"), QStringLiteral("lab"),
                                 QStringLiteral("slot"),        QStringLiteral("active")};
    QList<QStringList> found = secretToolAttributes(byWhatItIs);
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.first().contains(QStringLiteral("attribute.client_id = client-a")),
             qPrintable(found.first().join(QLatin1Char('\n'))));
    // Still what QtKeychain finds it by, and the value as it was.
    QVERIFY(found.first().contains(QStringLiteral("attribute.user = ")
                                   + secretKey(m_service, QStringLiteral("lab"), SecretSlot::Active)));
    QVERIFY(found.first().contains(QStringLiteral("attribute.type = plaintext")));
    std::optional<Credentials> read;
    vault.readCredentials(QStringLiteral("lab"), SecretSlot::Active, this,
                          [&](const KeychainError &, const std::optional<Credentials> &stored) { read = stored; });
    QVERIFY(QTest::qWaitFor([&] { return read.has_value(); }, 15000));
    QCOMPARE(read->identity, QStringLiteral("client-a"));
    // The installation key is named as what it is too.
    QCOMPARE(secretToolAttributes({QStringLiteral("application"), m_service, QStringLiteral("slot"),
                                   QStringLiteral("installation-key")})
                     .size(),
             1);
    // Attributes are stored in the clear by some keyrings: no secret among them.
    for (const QStringList &item : secretToolAttributes({QStringLiteral("application"), m_service}))
        QVERIFY(!item.join(QLatin1Char('\n')).contains(secret));

    // An overwrite (a login over existing credentials) replaces QtKeychain's item with its three
    // attributes; ours are given again. KeePassXC asks an Access Request on every overwrite.
    if (qEnvironmentVariable("BIOEPIC_EXPECT_PROVIDER") != QLatin1String("KeePassXC")) {
        credentials.identity = QStringLiteral("client-b");
        QVERIFY(run([&](auto done) {
                    vault.writeCredentials(QStringLiteral("lab"), SecretSlot::Active, credentials, this, done);
                }).error.ok());
        found = secretToolAttributes(byWhatItIs);
        QCOMPARE(found.size(), 1);
        QVERIFY2(found.first().contains(QStringLiteral("attribute.client_id = client-b")),
                 qPrintable(found.first().join(QLatin1Char('\n'))));
    }

    QCOMPARE(KeychainStore::searchAttributes(QStringLiteral("bioepic-credentials"),
                                             QStringLiteral("bioepic-credentials/prod/previous"), "not json"),
             (SecretAttributes{{QStringLiteral("application"), QStringLiteral("bioepic-credentials")},
                               {QStringLiteral("environment"), QStringLiteral("prod")},
                               {QStringLiteral("slot"), QStringLiteral("previous")}}));
    QVERIFY(run([&](auto done) { vault.removeAll(QStringLiteral("lab"), this, done); }).error.ok());
    QVERIFY(secretToolAttributes(byWhatItIs).isEmpty());
}

void TestKeychain::readsGoStraightToTheSecretService()
{
    // What QtKeychain stored, text and bytes alike, reads back the same without it.
    const QString textKey = m_service + QStringLiteral("/direct/text");
    const QString bytesKey = m_service + QStringLiteral("/direct/bytes");
    const QByteArray text = "{\"json\": \"ütf-8\"}";
    const QByteArray bytes("binary\0\xff\x01", 9);
    QVERIFY(storeWithQtKeychain(m_service, textKey, text, true));
    QVERIFY(storeWithQtKeychain(m_service, bytesKey, bytes, false));

    const DirectOutcome readText = readDirectly(m_service, textKey, this);
    QCOMPARE(readText.calls, 1);
    QCOMPARE(readText.outcome, DirectReadOutcome::Found);
    QCOMPARE(readText.value, text);
    const DirectOutcome readBytes = readDirectly(m_service, bytesKey, this);
    QCOMPARE(readBytes.outcome, DirectReadOutcome::Found);
    QCOMPARE(readBytes.value, bytes);
    // Another server's entry of the same user is not this one.
    QCOMPARE(readDirectly(m_service + QStringLiteral("-other"), textKey, this).outcome, DirectReadOutcome::NotFound);
    const DirectOutcome missing = readDirectly(m_service, m_service + QStringLiteral("/direct/none"), this);
    QCOMPARE(missing.calls, 1);
    QCOMPARE(missing.outcome, DirectReadOutcome::NotFound);

    KeychainStore store(m_service, std::chrono::seconds(10));
    QVERIFY(run([&](auto done) { store.remove(textKey, this, done); }).error.ok());
    QVERIFY(run([&](auto done) { store.remove(bytesKey, this, done); }).error.ok());
    QCOMPARE(readDirectly(m_service, textKey, this).outcome, DirectReadOutcome::NotFound);
}

void TestKeychain::aReadNeverOvertakesAQueuedWrite()
{
    KeychainStore store(m_service, std::chrono::seconds(10));
    const QString key = secretKey(m_service, QStringLiteral("order"), SecretSlot::Active);
    QVERIFY(run([&](auto done) { store.write(key, "first", this, done); }).error.ok());
    for (int round = 0; round < 5; ++round) {
        // Asked while the write is still queued: the read comes after it, as QtKeychain's own would.
        const QByteArray next = "next " + QByteArray::number(round);
        int written = 0;
        store.write(key, next, this, [&](const KeychainError &error) {
            QVERIFY(error.ok());
            ++written;
        });
        const Outcome read = readKey(store, key, this);
        QVERIFY(read.error.ok());
        QCOMPARE(read.value, next);
        QTRY_COMPARE_WITH_TIMEOUT(written, 1, 15000);
    }
    QVERIFY(run([&](auto done) { store.remove(key, this, done); }).error.ok());
}

void TestKeychain::aDirectReadEndsWhenNothingAnswers()
{
    // A Secret Service that takes the calls and answers none: Timeout, once, within the timeout.
    const test::HungSecretService silent;
    QVERIFY(!silent.address().isEmpty());
    QDBusConnection silentBus = QDBusConnection::connectToBus(silent.address(), QStringLiteral("direct-read-silent"));
    QVERIFY(silentBus.isConnected());
    QElapsedTimer elapsed;
    elapsed.start();
    const DirectOutcome hung = readDirectly(m_service, m_service + QStringLiteral("/lab/active"), this, silentBus,
                                            std::chrono::milliseconds(700));
    QCOMPARE(hung.calls, 1);
    QCOMPARE(hung.outcome, DirectReadOutcome::Timeout);
    QVERIFY2(elapsed.elapsed() >= 650 && elapsed.elapsed() < 3000, qPrintable(QString::number(elapsed.elapsed())));
    QDBusConnection::disconnectFromBus(QStringLiteral("direct-read-silent"));

    // Nobody serves the name (and nothing starts one): QtKeychain's to explain, at once.
    const test::HungSecretService empty(test::HungSecretService::Service::None);
    QVERIFY(!empty.address().isEmpty());
    QDBusConnection emptyBus = QDBusConnection::connectToBus(empty.address(), QStringLiteral("direct-read-empty"));
    QVERIFY(emptyBus.isConnected());
    elapsed.restart();
    const DirectOutcome none = readDirectly(m_service, m_service + QStringLiteral("/lab/active"), this, emptyBus);
    QCOMPARE(none.calls, 1);
    QCOMPARE(none.outcome, DirectReadOutcome::Unavailable);
    QVERIFY2(elapsed.elapsed() < 2000, qPrintable(QString::number(elapsed.elapsed())));
    QDBusConnection::disconnectFromBus(QStringLiteral("direct-read-empty"));
}

void TestKeychain::anAnsweredReadHoldsNothing()
{
    // Once a read has answered, nothing of it waits for its deadline: neither the caller's callback
    // (with what it holds) nor the timer. (Both had lived on for the whole timeout after every read.)
    const QString key = m_service + QStringLiteral("/direct/held");
    QVERIFY(storeWithQtKeychain(m_service, key, "value", true));
    auto held = std::make_shared<int>(0);
    const std::weak_ptr<int> watched = held;
    QObject context;
    int calls = 0;
    readSecretServiceEntry(QDBusConnection::sessionBus(), m_service, key, std::chrono::seconds(60), &context,
                           [&calls, held = std::move(held)](DirectReadOutcome outcome, const QByteArray &) {
                               QCOMPARE(outcome, DirectReadOutcome::Found);
                               ++calls;
                           });
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 15000);
    QTRY_VERIFY(watched.expired());
    QTRY_VERIFY(context.findChildren<QTimer *>().isEmpty());
    KeychainStore store(m_service, std::chrono::seconds(10));
    QVERIFY(run([&](auto done) { store.remove(key, this, done); }).error.ok());
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
