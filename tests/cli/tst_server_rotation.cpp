// Rotation on the server (the NMDC Runtime's site administration), end to end: bioepic-cred
// against the sandbox in its nmdc profile, with the real keychain. Both modes end with a working
// token and the old secret rejected (reset) or valid until retired (mint); bioepic-cred is killed
// with SIGKILL at every step of both, then the keychain is read directly: no working secret is
// lost, --resume finishes, and a client minted but never stored is reported. A user who is not an
// administrator gets the server's 403 in words, and nothing changes.
#include "keychain/credentials.h"
#include "keychain/keychainstore.h"
#include "sandbox/sandboxoptions.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bioepic;

class TestServerRotation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void resetReplacesTheSecretInPlace();
    void mintKeepsTheOldClientUntilRetired();
    void killedReset_data();
    void killedReset();
    void killedMint_data();
    void killedMint();
    void notAnAdministratorChangesNothing();
    void profileWithoutEndpointsSaysSo();
    void noSecretLeaked();

private:
    test::CliRun cli(const QStringList &arguments, const QByteArray &input = {}, const QByteArray &killAt = {});
    /** A fresh site client of its own, stored as environment @p name. */
    QString addClient(const QString &name);
    [[nodiscard]] QHash<QString, Credentials> slots(const QString &name);
    [[nodiscard]] bool works(const Credentials &credentials) const;
    [[nodiscard]] QJsonArray history(const QString &name);

    std::unique_ptr<test::SandboxFixture> m_sandbox;
    test::TempHome m_home;
    QString m_service;
    int m_clients = 0;
    QList<QByteArray> m_secrets;
    QList<QByteArray> m_outputs;
};

test::CliRun TestServerRotation::cli(const QStringList &arguments, const QByteArray &input, const QByteArray &killAt)
{
    QProcessEnvironment environment = test::cliEnvironment(m_home, m_service);
    if (!killAt.isEmpty())
        environment.insert(QStringLiteral("BIOEPIC_TEST_KILL_AT"), QString::fromLatin1(killAt));
    test::CliRun run = test::runCli(arguments, environment, input);
    m_outputs << run.out << run.err;
    return run;
}

QString TestServerRotation::addClient(const QString &name)
{
    const QString clientId = QStringLiteral("client-%1").arg(++m_clients);
    const QString secret = test::randomSecret();
    m_secrets << secret.toUtf8();
    m_sandbox->api().setClient(clientId, secret);
    m_sandbox->api().addSite(QString::fromLatin1(sandboxdemo::kSiteId), {clientId});
    if (cli({QStringLiteral("env"), QStringLiteral("add"), name, QStringLiteral("--base-url"),
             m_sandbox->baseUrl().toString(), QStringLiteral("--profile"), QStringLiteral("nmdc")})
                .exitCode
        != 0)
        qFatal("env add failed");
    const test::CliRun login = cli(
            {QStringLiteral("login"), name, QStringLiteral("--client-id"), clientId, QStringLiteral("--secret-stdin")},
            secret.toUtf8() + '\n');
    if (login.exitCode != 0)
        qFatal("login failed: %s", login.err.constData());
    return clientId;
}

QHash<QString, Credentials> TestServerRotation::slots(const QString &name)
{
    KeychainStore store(m_service, std::chrono::seconds(10));
    QHash<QString, Credentials> found;
    for (SecretSlot slot : {SecretSlot::Active, SecretSlot::Previous, SecretSlot::Staged}) {
        bool done = false;
        store.read(secretKey(m_service, name, slot), this, [&](const KeychainError &error, const QByteArray &value) {
            if (error.ok()) {
                if (const auto credentials = Credentials::fromKeychainValue(value))
                    found.insert(slotName(slot), *credentials);
            }
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 15000))
            qFatal("keychain read did not answer");
    }
    return found;
}

bool TestServerRotation::works(const Credentials &credentials) const
{
    return m_sandbox->api().acceptsClient(credentials.identity, credentials.secret.revealString());
}

QJsonArray TestServerRotation::history(const QString &name)
{
    return QJsonDocument::fromJson(cli({QStringLiteral("history"), name, QStringLiteral("--json")}).out)
            .object()
            .value(QStringLiteral("history"))
            .toArray();
}

void TestServerRotation::initTestCase()
{
    BIOEPIC_REQUIRE_KEYRING();
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    m_sandbox = std::make_unique<test::SandboxFixture>(options);
    m_service = test::randomSecret(QStringLiteral("bioepic-server-rotation"));
    // The administrator, stored as an environment of method password, as a user would.
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("admin"), QStringLiteral("--base-url"),
                  m_sandbox->baseUrl().toString(), QStringLiteral("--profile"), QStringLiteral("nmdc"),
                  QStringLiteral("--method"), QStringLiteral("password")})
                     .exitCode,
             0);
    const test::CliRun login = cli({QStringLiteral("login"), QStringLiteral("admin"), QStringLiteral("--username"),
                                    QString::fromLatin1(sandboxdemo::kUsername), QStringLiteral("--secret-stdin")},
                                   QByteArray(sandboxdemo::kPassword) + '\n');
    QVERIFY2(login.exitCode == 0, login.err.constData());
}

void TestServerRotation::resetReplacesTheSecretInPlace()
{
    const QString clientId = addClient(QStringLiteral("reset"));
    const Credentials before = slots(QStringLiteral("reset")).value(QStringLiteral("active"));
    QVERIFY(works(before));
    const test::CliRun run = cli({QStringLiteral("rotate"), QStringLiteral("reset"), QStringLiteral("--on-server"),
                                  QStringLiteral("--admin"), QStringLiteral("admin")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("nothing to roll back to"), run.err.constData());
    const QHash<QString, Credentials> after = slots(QStringLiteral("reset"));
    const Credentials active = after.value(QStringLiteral("active"));
    QCOMPARE(active.identity, clientId);
    QVERIFY(works(active));
    QVERIFY(!works(before)); // the old secret died on the server
    QCOMPARE(active.secret.size(), 43); // 32 random bytes, URL-safe base64
    QVERIFY(!after.contains(QStringLiteral("staged")));
    QVERIFY(!after.contains(QStringLiteral("previous"))); // nothing to roll back to…
    const test::CliRun rollback = cli({QStringLiteral("rollback"), QStringLiteral("reset")});
    QCOMPARE(rollback.exitCode, 2); // …and rollback says why
    QVERIFY(rollback.err.contains("reset on the server keeps none"));
    QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("reset")}).exitCode, 0);
    m_secrets << active.secret.reveal();
}

void TestServerRotation::mintKeepsTheOldClientUntilRetired()
{
    const QString oldClient = addClient(QStringLiteral("mint"));
    const Credentials before = slots(QStringLiteral("mint")).value(QStringLiteral("active"));
    const test::CliRun run = cli({QStringLiteral("rotate"), QStringLiteral("mint"), QStringLiteral("--on-server"),
                                  QStringLiteral("--mint"), QStringLiteral("--admin"), QStringLiteral("admin"),
                                  QStringLiteral("--retire-old"), QStringLiteral("7")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QHash<QString, Credentials> after = slots(QStringLiteral("mint"));
    const Credentials active = after.value(QStringLiteral("active"));
    QVERIFY(active.identity != oldClient);
    QVERIFY(m_sandbox->api().siteClients(QString::fromLatin1(sandboxdemo::kSiteId)).contains(active.identity));
    QVERIFY(works(active));
    QVERIFY(works(before)); // still valid, for machines that use it, until retired
    QVERIFY2(run.err.contains("still works"), run.err.constData());
    m_secrets << active.secret.reveal();
    const QJsonObject status
            = QJsonDocument::fromJson(
                      cli({QStringLiteral("status"), QStringLiteral("mint"), QStringLiteral("--json")}).out)
                      .object();
    QVERIFY(status.toVariantMap().size() > 0);

    // Retired later: the old client stops working; the history names both clients, no secret.
    const test::CliRun retire = cli({QStringLiteral("rotate"), QStringLiteral("mint"), QStringLiteral("--retire-old"),
                                     QStringLiteral("now"), QStringLiteral("--admin"), QStringLiteral("admin")});
    QVERIFY2(retire.exitCode == 0, retire.err.constData());
    QVERIFY(!works(before));
    QVERIFY(works(active));
    const QByteArray entries = QJsonDocument(history(QStringLiteral("mint"))).toJson();
    QVERIFY(entries.contains(oldClient.toUtf8()));
    QVERIFY(entries.contains(active.identity.toUtf8()));
    QVERIFY(entries.contains("\"retire\""));
    const test::CliRun again = cli({QStringLiteral("rotate"), QStringLiteral("mint"), QStringLiteral("--retire-old"),
                                    QStringLiteral("now"), QStringLiteral("--admin"), QStringLiteral("admin")});
    QCOMPARE(again.exitCode, 2); // nothing left to retire
}

void TestServerRotation::killedReset_data()
{
    QTest::addColumn<QByteArray>("point");
    QTest::addColumn<bool>("serverChanged"); // the server held the new secret when the process died
    QTest::addColumn<QString>("recovery");
    const char *points[] = {"pending",          "staged",   "server",         "token",  "verified",
                            "previous-removed", "previous", "active-removed", "active", "metadata"};
    for (int i = 0; i < 10; ++i) {
        for (const char *recovery : {"resume", "discard"}) {
            QTest::newRow(QByteArray(QByteArray(recovery) + " after " + points[i]).constData())
                    << QByteArray(points[i]) << (i >= 2) << QString::fromLatin1(recovery);
        }
    }
}

void TestServerRotation::killedReset()
{
    QFETCH(QByteArray, point);
    QFETCH(bool, serverChanged);
    QFETCH(QString, recovery);
    const QString name = QStringLiteral("kr-%1-%2").arg(QString::fromLatin1(point), recovery);
    addClient(name);
    const Credentials old = slots(name).value(QStringLiteral("active"));
    const test::CliRun killed = cli({QStringLiteral("rotate"), name, QStringLiteral("--on-server"),
                                     QStringLiteral("--admin"), QStringLiteral("admin")},
                                    {}, point);
    QCOMPARE(killed.exitCode, -1);
    QCOMPARE(!works(old), serverChanged);

    // No working secret lost: a slot holds the one the server accepts.
    const QHash<QString, Credentials> held = slots(name);
    bool working = false;
    for (const Credentials &credentials : held)
        working = working || works(credentials);
    QVERIFY2(working, qPrintable(QStringList(held.keys()).join(u',')));

    const test::CliRun recovered = cli({QStringLiteral("rotate"), name, QStringLiteral("--") + recovery});
    if (point != "metadata")
        QVERIFY2(recovered.exitCode == 0, recovered.err.constData());
    // Either way it ends with a working active secret: the new one once the server had it
    // (even --discard, which cannot give back a secret the server threw away).
    const QHash<QString, Credentials> after = slots(name);
    QVERIFY(works(after.value(QStringLiteral("active"))));
    QCOMPARE(after.value(QStringLiteral("active")).fingerprint() == old.fingerprint(), !serverChanged);
    // Killed after the settings were written, the swap is done; a staged copy of the active
    // secret may be left, and is harmless.
    if (after.contains(QStringLiteral("staged")))
        QCOMPARE(after.value(QStringLiteral("staged")).fingerprint(),
                 after.value(QStringLiteral("active")).fingerprint());
    QCOMPARE(cli({QStringLiteral("token"), name}).exitCode, 0);
    m_secrets << after.value(QStringLiteral("active")).secret.reveal();
}

void TestServerRotation::killedMint_data()
{
    QTest::addColumn<QByteArray>("point");
    QTest::addColumn<bool>("minted");
    QTest::addColumn<QString>("recovery");
    const char *points[] = {"pending",          "minted",   "staged",         "token",  "verified",
                            "previous-removed", "previous", "active-removed", "active", "metadata"};
    for (int i = 0; i < 10; ++i) {
        for (const char *recovery : {"resume", "discard"}) {
            QTest::newRow(QByteArray(QByteArray(recovery) + " after " + points[i]).constData())
                    << QByteArray(points[i]) << (i >= 1) << QString::fromLatin1(recovery);
        }
    }
}

void TestServerRotation::killedMint()
{
    QFETCH(QByteArray, point);
    QFETCH(bool, minted);
    QFETCH(QString, recovery);
    const QString name = QStringLiteral("km-%1-%2").arg(QString::fromLatin1(point), recovery);
    const QString oldClient = addClient(name);
    const Credentials old = slots(name).value(QStringLiteral("active"));
    const QStringList clientsBefore = m_sandbox->api().siteClients(QString::fromLatin1(sandboxdemo::kSiteId));
    const test::CliRun killed = cli({QStringLiteral("rotate"), name, QStringLiteral("--on-server"),
                                     QStringLiteral("--mint"), QStringLiteral("--admin"), QStringLiteral("admin"),
                                     QStringLiteral("--retire-old"), QStringLiteral("now")},
                                    {}, point);
    QCOMPARE(killed.exitCode, -1);
    const QStringList clientsAfter = m_sandbox->api().siteClients(QString::fromLatin1(sandboxdemo::kSiteId));
    QCOMPARE(clientsAfter.size() - clientsBefore.size(), minted ? 1 : 0);
    QVERIFY(works(old)); // a mint never touches the old client before the swap is done

    const test::CliRun recovered = cli({QStringLiteral("rotate"), name, QStringLiteral("--") + recovery});
    if (point != "metadata")
        QVERIFY2(recovered.exitCode == 0, recovered.err.constData());
    const QHash<QString, Credentials> after = slots(name);
    QVERIFY(works(after.value(QStringLiteral("active"))));
    if (after.contains(QStringLiteral("staged")))
        QCOMPARE(after.value(QStringLiteral("staged")).fingerprint(),
                 after.value(QStringLiteral("active")).fingerprint());
    const QString newClient = minted ? clientsAfter.last() : QString();
    const bool switched = after.value(QStringLiteral("active")).identity == newClient;
    // A minted client nothing uses is reported, and queued for retirement.
    if (minted && !switched) {
        QVERIFY2(recovered.err.contains(QByteArray(QByteArray("The server had minted client ") + newClient.toUtf8())),
                 recovered.err.constData());
        QVERIFY(QJsonDocument(history(name)).toJson().contains("\"orphaned\""));
    }
    if (!minted)
        QCOMPARE(after.value(QStringLiteral("active")).identity, oldClient);
    // Whatever is left over, one command retires it; the client in use keeps working.
    if (minted) {
        const test::CliRun retire = cli({QStringLiteral("rotate"), name, QStringLiteral("--retire-old"),
                                         QStringLiteral("now"), QStringLiteral("--admin"), QStringLiteral("admin")});
        QVERIFY2(retire.exitCode == 0, retire.err.constData());
        QVERIFY(works(after.value(QStringLiteral("active"))));
    }
    QCOMPARE(cli({QStringLiteral("token"), name}).exitCode, 0);
    for (const Credentials &credentials : after)
        m_secrets << credentials.secret.reveal();
}

void TestServerRotation::notAnAdministratorChangesNothing()
{
    addClient(QStringLiteral("viewer"));
    const Credentials before = slots(QStringLiteral("viewer")).value(QStringLiteral("active"));
    const QByteArray password = QByteArray(sandboxdemo::kViewerPassword) + '\n';
    const QString viewer = QString::fromLatin1(sandboxdemo::kViewerUsername);
    const test::CliRun reset = cli({QStringLiteral("rotate"), QStringLiteral("viewer"), QStringLiteral("--on-server"),
                                    QStringLiteral("--admin-user"), viewer, QStringLiteral("--secret-stdin")},
                                   password);
    QCOMPARE(reset.exitCode, 3);
    QVERIFY2(reset.err.contains("You are not allowed to update site clients"), reset.err.constData());
    QVERIFY2(reset.err.contains("\"/admin/site_clients\" allowance"), reset.err.constData());
    QVERIFY(reset.err.contains("bioepic-cred rotate viewer")); // the fall-back: enter the secret yourself
    const test::CliRun mint
            = cli({QStringLiteral("rotate"), QStringLiteral("viewer"), QStringLiteral("--on-server"),
                   QStringLiteral("--mint"), QStringLiteral("--site"), QString::fromLatin1(sandboxdemo::kSiteId),
                   QStringLiteral("--admin-user"), viewer, QStringLiteral("--secret-stdin")},
                  password);
    QCOMPARE(mint.exitCode, 3);
    QVERIFY2(mint.err.contains("You're not registered as an admin for this site"), mint.err.constData());
    const QHash<QString, Credentials> after = slots(QStringLiteral("viewer"));
    QCOMPARE(after.value(QStringLiteral("active")).fingerprint(), before.fingerprint());
    QVERIFY(!after.contains(QStringLiteral("staged")));
    QVERIFY(works(before));
    const QJsonObject status
            = QJsonDocument::fromJson(
                      cli({QStringLiteral("status"), QStringLiteral("viewer"), QStringLiteral("--json")}).out)
                      .object();
    QVERIFY(!QJsonDocument(status).toJson().contains("interrupted"));
    // A wrong administrator password is said as such.
    const test::CliRun wrong = cli({QStringLiteral("rotate"), QStringLiteral("viewer"), QStringLiteral("--on-server"),
                                    QStringLiteral("--admin-user"), viewer, QStringLiteral("--secret-stdin")},
                                   "not-the-password\n");
    QCOMPARE(wrong.exitCode, 3);
    QVERIFY2(wrong.err.contains("could not sign in"), wrong.err.constData());
}

void TestServerRotation::profileWithoutEndpointsSaysSo()
{
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("plain"), QStringLiteral("--base-url"),
                  m_sandbox->baseUrl().toString()})
                     .exitCode,
             0);
    const QString secret = test::randomSecret();
    m_sandbox->api().setClient(QStringLiteral("plain-client"), secret);
    QCOMPARE(cli({QStringLiteral("login"), QStringLiteral("plain"), QStringLiteral("--client-id"),
                  QStringLiteral("plain-client"), QStringLiteral("--secret-stdin"), QStringLiteral("--no-verify")},
                 secret.toUtf8() + '\n')
                     .exitCode,
             0);
    const test::CliRun run = cli({QStringLiteral("rotate"), QStringLiteral("plain"), QStringLiteral("--on-server"),
                                  QStringLiteral("--admin"), QStringLiteral("admin")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("The bioepic profile has no endpoint to reset a client's secret"), run.err.constData());
}

void TestServerRotation::noSecretLeaked()
{
    m_secrets << QByteArray(sandboxdemo::kPassword) << QByteArray(sandboxdemo::kViewerPassword);
    QStringList hits = test::scanTree(m_home.dir.path(), m_secrets);
    for (qsizetype i = 0; i < m_outputs.size(); ++i)
        hits += test::scanBytes(QStringLiteral("output #%1").arg(i), m_outputs.at(i), m_secrets);
    QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestServerRotation)
#include "tst_server_rotation.moc"
