// Crash safety of rotation and rollback, for real: bioepic-cred is killed with SIGKILL at each
// step, then the keychain is read directly to prove no secret was lost, and the next run must
// find working credentials and offer to resume or discard.
#include "common/secret.h"
#include "keychain/credentials.h"
#include "keychain/keychainstore.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bioepic;

class TestRotationCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killedRotation_data();
    void killedRotation();
    void killedRollback_data();
    void killedRollback();
    void discardedRollback_data();
    void discardedRollback();

private:
    test::CliRun cli(const QStringList &arguments, const QByteArray &input = {}, const QByteArray &killAt = {});
    void addEnvironmentWith(const QString &name, const QString &secret);
    /** Fingerprints found in the active, previous and staged slots. */
    QHash<QString, QString> slotFingerprints(const QString &name);
    QJsonObject rotationStatus(const QString &name);
    QString fingerprint(const QString &secret) const;

    std::unique_ptr<test::SandboxFixture> m_sandbox;
    test::TempHome m_home;
    QString m_service;
    QString m_secretA;
    QString m_secretB;
};

QString TestRotationCrash::fingerprint(const QString &secret) const
{
    Credentials credentials;
    credentials.identity = m_sandbox->clientId;
    credentials.secret = Secret::fromString(secret);
    return credentials.fingerprint();
}

void TestRotationCrash::initTestCase()
{
    BIOEPIC_REQUIRE_KEYRING();
    m_sandbox = std::make_unique<test::SandboxFixture>();
    m_service = test::randomSecret(QStringLiteral("bioepic-crash"));
    m_secretA = m_sandbox->clientSecret;
    m_secretB = test::randomSecret();
    m_sandbox->api().addClientSecret(m_sandbox->clientId, m_secretB); // both valid on the server
}

test::CliRun TestRotationCrash::cli(const QStringList &arguments, const QByteArray &input, const QByteArray &killAt)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.configHome());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home.dataHome());
    environment.insert(QStringLiteral("BIOEPIC_KEYCHAIN_SERVICE"), m_service);
    if (!killAt.isEmpty())
        environment.insert(QStringLiteral("BIOEPIC_TEST_KILL_AT"), QString::fromLatin1(killAt));
    return test::runCli(arguments, environment, input);
}

void TestRotationCrash::addEnvironmentWith(const QString &name, const QString &secret)
{
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), name, QStringLiteral("--base-url"),
                  m_sandbox->baseUrl().toString(), QStringLiteral("--set"), QStringLiteral("who_am_i_path=/users/me")})
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("login"), name, QStringLiteral("--client-id"), m_sandbox->clientId,
                  QStringLiteral("--secret-stdin")},
                 secret.toUtf8() + '\n')
                     .exitCode,
             0);
}

QHash<QString, QString> TestRotationCrash::slotFingerprints(const QString &name)
{
    KeychainStore store(m_service, std::chrono::seconds(10));
    QHash<QString, QString> found;
    for (SecretSlot slot : {SecretSlot::Active, SecretSlot::Previous, SecretSlot::Staged}) {
        bool done = false;
        store.read(secretKey(m_service, name, slot), this, [&](const KeychainError &error, const QByteArray &value) {
            if (error.ok()) {
                if (const auto credentials = Credentials::fromKeychainValue(value))
                    found.insert(slotName(slot), credentials->fingerprint());
            }
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 15000))
            qFatal("keychain read did not answer");
    }
    return found;
}

QJsonObject TestRotationCrash::rotationStatus(const QString &name)
{
    const test::CliRun run = cli({QStringLiteral("status"), name, QStringLiteral("--json")});
    return QJsonDocument::fromJson(run.out)
            .object()
            .value(QStringLiteral("environments"))
            .toArray()
            .at(0)
            .toObject()
            .value(QStringLiteral("rotation"))
            .toObject();
}

void TestRotationCrash::killedRotation_data()
{
    QTest::addColumn<QByteArray>("point");
    QTest::addColumn<bool>("interrupted"); // the next run must report it
    QTest::addColumn<bool>("newStored"); // the new secret reached the keychain before the kill
    QTest::addColumn<QString>("recovery"); // "resume" or "discard"
    // Each slot is replaced by a delete and a create (no overwrite): "-removed" is the moment between.
    const char *points[] = {"pending",  "staged",         "token",  "verified", "previous-removed",
                            "previous", "active-removed", "active", "metadata", "unstaged"};
    for (int i = 0; i < 10; ++i) {
        const bool interrupted = i <= 7;
        const bool newStored = i >= 1;
        QTest::newRow(QByteArray(QByteArray("resume after ") + points[i]).constData())
                << QByteArray(points[i]) << interrupted << newStored << QStringLiteral("resume");
        QTest::newRow(QByteArray(QByteArray("discard after ") + points[i]).constData())
                << QByteArray(points[i]) << interrupted << newStored << QStringLiteral("discard");
    }
}

void TestRotationCrash::killedRotation()
{
    QFETCH(QByteArray, point);
    QFETCH(bool, interrupted);
    QFETCH(bool, newStored);
    QFETCH(QString, recovery);
    const QString name = QStringLiteral("rot-%1-%2").arg(QString::fromLatin1(point), recovery);
    addEnvironmentWith(name, m_secretA);

    const test::CliRun killed
            = cli({QStringLiteral("rotate"), name, QStringLiteral("--secret-stdin")}, m_secretB.toUtf8() + '\n', point);
    QCOMPARE(killed.exitCode, -1); // killed, not finished
    QVERIFY(killed.err.contains(QByteArray("BIOEPIC_TEST_KILL_AT: " + point)));

    // No secret lost: the old one is always somewhere, the new one once it was staged.
    const QHash<QString, QString> slots = slotFingerprints(name);
    const QStringList held = slots.values();
    QVERIFY2(held.contains(fingerprint(m_secretA)), qPrintable(QStringList(slots.keys()).join(u',')));
    if (newStored)
        QVERIFY(held.contains(fingerprint(m_secretB)));

    // The next run finds working credentials…
    const test::CliRun token = cli({QStringLiteral("token"), name});
    QCOMPARE(token.exitCode, 0);
    QVERIFY(token.out.trimmed().startsWith("sbx_"));
    // …and so does a script run with them, even while active is missing (killed between its
    // delete and its create): the staged pair is the one it gets then.
    const test::CliRun script = cli({QStringLiteral("exec"), name, QStringLiteral("--"), QStringLiteral("sh"),
                                     QStringLiteral("-c"), QStringLiteral("test -n \"$CLIENT_SECRET\"")});
    QVERIFY2(script.exitCode == 0, script.err.constData());
    // …and says when a rotation was cut short.
    const QJsonObject rotation = rotationStatus(name);
    QCOMPARE(rotation.contains(QStringLiteral("interrupted")), interrupted);
    if (interrupted) {
        const test::CliRun human = cli({QStringLiteral("status"), name});
        QVERIFY(human.out.contains("INTERRUPTED"));
        QVERIFY(human.out.contains("--resume"));
        const test::CliRun refused
                = cli({QStringLiteral("rotate"), name, QStringLiteral("--secret-stdin")}, "whatever\n");
        QCOMPARE(refused.exitCode, 1);
        const test::CliRun recovered = cli({QStringLiteral("rotate"), name, QStringLiteral("--") + recovery});
        QVERIFY2(recovered.exitCode == 0, recovered.err.constData());
        QVERIFY(!rotationStatus(name).contains(QStringLiteral("interrupted")));
    }
    // Where it ends: resume completes what was staged; discard keeps the old unless the swap had begun.
    const bool swapBegun = point == "active-removed" || point == "active" || point == "metadata" || point == "unstaged";
    const bool expectNew = swapBegun || (recovery == QLatin1String("resume") && newStored);
    const QString active = slotFingerprints(name).value(QStringLiteral("active"));
    QCOMPARE(active, expectNew ? fingerprint(m_secretB) : fingerprint(m_secretA));
    QCOMPARE(cli({QStringLiteral("status"), name, QStringLiteral("--json")}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("token"), name}).exitCode, 0);
    const test::CliRun history = cli({QStringLiteral("history"), name, QStringLiteral("--json")});
    QCOMPARE(history.exitCode, 0);
    QVERIFY(!history.out.contains(m_secretA.toUtf8()));
    QVERIFY(!history.out.contains(m_secretB.toUtf8()));
}

void TestRotationCrash::killedRollback_data()
{
    QTest::addColumn<QByteArray>("point");
    QTest::addColumn<bool>("interrupted");
    const char *points[] = {"pending", "staged",           "token",    "verified", "active-removed",
                            "active",  "previous-removed", "previous", "metadata", "unstaged"};
    for (int i = 0; i < 10; ++i)
        QTest::newRow(points[i]) << QByteArray(points[i]) << (i <= 7);
}

void TestRotationCrash::killedRollback()
{
    QFETCH(QByteArray, point);
    QFETCH(bool, interrupted);
    const QString name = QStringLiteral("back-%1").arg(QString::fromLatin1(point));
    addEnvironmentWith(name, m_secretA);
    QCOMPARE(
            cli({QStringLiteral("rotate"), name, QStringLiteral("--secret-stdin")}, m_secretB.toUtf8() + '\n').exitCode,
            0);

    const test::CliRun killed = cli({QStringLiteral("rollback"), name}, {}, point);
    QCOMPARE(killed.exitCode, -1);
    const QStringList held = slotFingerprints(name).values();
    QVERIFY(held.contains(fingerprint(m_secretA)));
    QVERIFY(held.contains(fingerprint(m_secretB)));
    QCOMPARE(cli({QStringLiteral("token"), name}).exitCode, 0);
    QCOMPARE(rotationStatus(name).contains(QStringLiteral("interrupted")), interrupted);
    if (interrupted) {
        const test::CliRun resumed = cli({QStringLiteral("rotate"), name, QStringLiteral("--resume")});
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
    }
    // Resumed or complete, the rollback happened; killed before staging, nothing did.
    const QHash<QString, QString> slots = slotFingerprints(name);
    const bool rolledBack = point != "pending";
    QCOMPARE(slots.value(QStringLiteral("active")), rolledBack ? fingerprint(m_secretA) : fingerprint(m_secretB));
    QCOMPARE(slots.value(QStringLiteral("previous")), rolledBack ? fingerprint(m_secretB) : fingerprint(m_secretA));
    QCOMPARE(cli({QStringLiteral("token"), name}).exitCode, 0);
}

void TestRotationCrash::discardedRollback_data()
{
    QTest::addColumn<QByteArray>("point");
    QTest::addColumn<bool>("switched"); // active already holds the previous credentials
    const char *points[]
            = {"pending", "staged", "token", "verified", "active-removed", "active", "previous-removed", "previous"};
    for (int i = 0; i < 8; ++i)
        QTest::newRow(points[i]) << QByteArray(points[i]) << (i >= 4);
}

void TestRotationCrash::discardedRollback()
{
    // Discard drops a rollback that had not switched anything (it used to perform it), and
    // finishes one that had, since dropping it then would leave the settings wrong.
    QFETCH(QByteArray, point);
    QFETCH(bool, switched);
    const QString name = QStringLiteral("drop-%1").arg(QString::fromLatin1(point));
    addEnvironmentWith(name, m_secretA);
    QCOMPARE(
            cli({QStringLiteral("rotate"), name, QStringLiteral("--secret-stdin")}, m_secretB.toUtf8() + '\n').exitCode,
            0);
    QCOMPARE(cli({QStringLiteral("rollback"), name}, {}, point).exitCode, -1);
    const test::CliRun discarded = cli({QStringLiteral("rotate"), name, QStringLiteral("--discard")});
    QVERIFY2(discarded.exitCode == 0, discarded.err.constData());
    if (!switched)
        QVERIFY2(!discarded.err.contains("already switched"), discarded.err.constData());
    const QHash<QString, QString> slots = slotFingerprints(name);
    QCOMPARE(slots.value(QStringLiteral("active")), switched ? fingerprint(m_secretA) : fingerprint(m_secretB));
    QCOMPARE(slots.value(QStringLiteral("previous")), switched ? fingerprint(m_secretB) : fingerprint(m_secretA));
    QVERIFY(!slots.contains(QStringLiteral("staged")));
    QVERIFY(!rotationStatus(name).contains(QStringLiteral("interrupted")));
    QCOMPARE(cli({QStringLiteral("token"), name}).exitCode, 0);
}

QTEST_GUILESS_MAIN(TestRotationCrash)
#include "tst_rotation_crash.moc"
