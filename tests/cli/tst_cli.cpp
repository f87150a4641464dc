// bioepic-cred end to end: every command and exit code, against the real sandbox on loopback and
// the real keychain; then a scan proving no secret or full token leaked into files or output.
#include "common/secret.h"
#include "hungsecretservice.h"
#include "sandbox/syntheticcatalog.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <unistd.h>

using namespace bioepic;

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void versionHelpAndUsage();
    void environmentCommands();
    void loginStatusToken();
    void failureExitCodes();
    void searchCommand();
    void doctorCommand();
    void tokenFromProcessEnvironment();
    void keychainUnavailableWritesNothing();
    void hungKeychainTimesOut();
    void keychainModuleMissing();
    void removeDeletesKeychainEntries();
    void sandboxCommand();
    void serverStopsAcceptingTheToken();
    void recordsAsTheServerSentThem();
    void noSecretLeaked();

private:
    /** Runs the CLI in this test's private homes; remembers the output for the final scan. */
    test::CliRun cli(const QStringList &arguments, const QByteArray &input = {}, bool stdoutHoldsToken = false,
                     QProcessEnvironment environment = {});
    [[nodiscard]] QProcessEnvironment baseEnvironment() const;

    std::unique_ptr<test::SandboxFixture> m_sandbox;
    test::TempHome m_home;
    QString m_service;
    QList<QByteArray> m_secrets; ///< every secret and full token seen in this test
    QList<QByteArray> m_outputs; ///< every output that must hold none of them
};

QProcessEnvironment TestCli::baseEnvironment() const
{
    return test::cliEnvironment(m_home, m_service);
}

test::CliRun TestCli::cli(const QStringList &arguments, const QByteArray &input, bool stdoutHoldsToken,
                          QProcessEnvironment environment)
{
    if (environment.isEmpty())
        environment = baseEnvironment();
    test::CliRun run = test::runCli(arguments, environment, input);
    if (!run.finished)
        qWarning() << "bioepic-cred" << arguments << "did not finish";
    m_outputs.append(run.err);
    if (!stdoutHoldsToken)
        m_outputs.append(run.out);
    return run;
}

void TestCli::initTestCase()
{
    QVERIFY2(QFile::exists(test::builtProgram(QStringLiteral("bioepic-cred"))), "build bioepic-cred first");
    m_sandbox = std::make_unique<test::SandboxFixture>();
    m_service = test::randomSecret(QStringLiteral("bioepic-cli"));
    m_secrets.append(m_sandbox->clientSecret.toUtf8());
}

void TestCli::versionHelpAndUsage()
{
    test::CliRun run = cli({QStringLiteral("--version")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("bioepic-cred " BIOEPIC_VERSION " (Qt 6."));
    QVERIFY(run.out.contains("QtKeychain 0.13"));
    QCOMPARE(cli({}).exitCode, 2);
    run = cli({QStringLiteral("help")});
    QCOMPARE(run.exitCode, 0);
    for (const char *command : {"env list", "login", "status", "token", "rotate", "rollback", "history", "search",
                                "doctor", "sandbox", "Exit codes"})
        QVERIFY2(run.out.contains(command), command);
    run = cli({QStringLiteral("help"), QStringLiteral("env")});
    QVERIFY(run.out.contains("--base-url"));
    QCOMPARE(cli({QStringLiteral("login"), QStringLiteral("--help")}).exitCode, 0);
    run = cli({QStringLiteral("frobnicate")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("unknown command \"frobnicate\""));
    QCOMPARE(cli({QStringLiteral("env")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("list"), QStringLiteral("--bogus")}).exitCode, 2);
}

void TestCli::environmentCommands()
{
    const QString url = m_sandbox->baseUrl().toString();
    // A first run has no environments, and says how to add one.
    test::CliRun run = cli({QStringLiteral("env"), QStringLiteral("list")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains("--preset nmdc"), run.err.constData());
    // Presets: the NMDC Runtime needs nothing else; BioEPIC needs its address.
    run = cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("nmdc"), QStringLiteral("--preset"),
               QStringLiteral("nmdc")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.err.contains("https://api.microbiomedata.org"));
    run = cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("bio"), QStringLiteral("--preset"),
               QStringLiteral("bioepic")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("needs --base-url"), run.err.constData());
    run = cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("bio"), QStringLiteral("--preset"),
               QStringLiteral("prod")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("nmdc, nmdc-dev, bioepic, custom"), run.err.constData());
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("bio"), QStringLiteral("--preset"),
                  QStringLiteral("bioepic"), QStringLiteral("--base-url"),
                  QStringLiteral("https://api.bioepic.example.com")})
                     .exitCode,
             0);
    // Errors in words, not in the settings file's keys or Qt's parser's.
    run = cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("x"), QStringLiteral("--base-url"),
               QStringLiteral("http://[::1")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("IPv6 address needs both [ and ]") && !run.err.contains("base_url"), run.err.constData());
    run = cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("x"), QStringLiteral("--base-url"),
               QString()});
    QVERIFY2(run.err.contains("the base URL is empty"), run.err.constData());

    run = cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("lab"), QStringLiteral("--base-url"), url});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.isEmpty()); // messages go to stderr
    QVERIFY(run.err.contains("Added \"lab\""));

    run = cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("Lab"), QStringLiteral("--base-url"), url});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("lower-case"));
    run = cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("remote"), QStringLiteral("--base-url"),
               QStringLiteral("http://api.example.org")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("unencrypted"));
    run = cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("lab"), QStringLiteral("--base-url"), url});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("already exists"));
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("nourl")}).exitCode, 2);

    run = cli({QStringLiteral("env"), QStringLiteral("edit"), QStringLiteral("lab"), QStringLiteral("--timeout"),
               QStringLiteral("soon")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("--timeout"));
    run = cli({QStringLiteral("env"), QStringLiteral("edit"), QStringLiteral("lab"), QStringLiteral("--set"),
               QStringLiteral("search_path=/items")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("{collection}"));
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("edit"), QStringLiteral("lab"), QStringLiteral("--set"),
                  QStringLiteral("who_am_i_path=/users/me"), QStringLiteral("--refresh-buffer"), QStringLiteral("120")})
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("edit"), QStringLiteral("ghost"), QStringLiteral("--timeout"),
                  QStringLiteral("5")})
                     .exitCode,
             2);
    // Every environment can be removed, presets too.
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("nmdc"), QStringLiteral("--force")})
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("ghost")}).exitCode, 2);

    run = cli({QStringLiteral("env"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray environments
            = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("environments")).toArray();
    QCOMPARE(environments.size(), 2);
    const QJsonObject lab = environments.at(1).toObject();
    QCOMPARE(lab.value(QStringLiteral("name")).toString(), QStringLiteral("lab"));
    QCOMPARE(lab.value(QStringLiteral("refresh_buffer_s")).toInt(), 120);
    QCOMPARE(lab.value(QStringLiteral("credentials")).toString(), QStringLiteral("missing"));
    run = cli({QStringLiteral("env"), QStringLiteral("list")});
    QVERIFY(run.out.contains("lab"));
    QVERIFY(run.out.contains("https://api.bioepic.example.com"));
}

void TestCli::loginStatusToken()
{
    BIOEPIC_REQUIRE_KEYRING();
    const QString wrong = test::randomSecret();
    m_secrets.append(wrong.toUtf8());
    test::CliRun run = cli({QStringLiteral("login"), QStringLiteral("lab"), QStringLiteral("--client-id"),
                            m_sandbox->clientId, QStringLiteral("--secret-stdin")},
                           wrong.toUtf8() + '\n');
    QCOMPARE(run.exitCode, 3);
    QVERIFY(run.err.contains("rejected the client id or client secret"));
    QVERIFY(!test::secretToolSearch(m_service).contains("lab/active"));

    // Secrets never from argv.
    run = cli({QStringLiteral("login"), QStringLiteral("lab"), QStringLiteral("--client-secret=") + wrong});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("never taken from the command line"));
    // No terminal and no --secret-stdin: a usage error, not a hang.
    run = cli({QStringLiteral("login"), QStringLiteral("lab"), QStringLiteral("--client-id"), m_sandbox->clientId});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("--secret-stdin"));
    QCOMPARE(cli({QStringLiteral("login"), QStringLiteral("ghost"), QStringLiteral("--secret-stdin")}, "x\n").exitCode,
             2);

    run = cli({QStringLiteral("login"), QStringLiteral("lab"), QStringLiteral("--client-id"), m_sandbox->clientId,
               QStringLiteral("--secret-stdin")},
              m_sandbox->clientSecret.toUtf8() + '\n');
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.err.contains("Verified"));
    QVERIFY(test::secretToolSearch(m_service).contains("lab/active"));
    const quint64 requestsAfterLogin = m_sandbox->api().stats().tokenRequests;

    run = cli({QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray environments
            = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("environments")).toArray();
    QJsonObject lab;
    for (const QJsonValue &value : environments) {
        if (value.toObject().value(QStringLiteral("name")).toString() == QLatin1String("lab"))
            lab = value.toObject();
    }
    QCOMPARE(lab.value(QStringLiteral("base_url")).toString(), m_sandbox->baseUrl().toString());
    QCOMPARE(lab.value(QStringLiteral("profile")).toString(), QStringLiteral("bioepic"));
    QCOMPARE(lab.value(QStringLiteral("method")).toString(), QStringLiteral("client_credentials"));
    QCOMPARE(lab.value(QStringLiteral("credentials")).toString(), QStringLiteral("present"));
    const QJsonObject token = lab.value(QStringLiteral("token")).toObject();
    QCOMPARE(token.value(QStringLiteral("state")).toString(), QStringLiteral("valid"));
    QCOMPARE(token.value(QStringLiteral("expiry_source")).toString(), QStringLiteral("expires_in"));
    QVERIFY(token.value(QStringLiteral("fingerprint")).toString().startsWith(QLatin1String("sha256:")));
    QVERIFY(token.value(QStringLiteral("expires_in_s")).toInt() > 500);
    QVERIFY(QDateTime::fromString(token.value(QStringLiteral("expires_at")).toString(), Qt::ISODate).isValid());
    QVERIFY(QDateTime::fromString(token.value(QStringLiteral("refresh_at")).toString(), Qt::ISODate).isValid());
    const QJsonObject rotation = lab.value(QStringLiteral("rotation")).toObject();
    QCOMPARE(rotation.value(QStringLiteral("age_days")).toInt(), 0);
    QCOMPARE(rotation.value(QStringLiteral("due_in_days")).toInt(), 90);

    run = cli({QStringLiteral("token"), QStringLiteral("lab")}, {}, true);
    QCOMPARE(run.exitCode, 0);
    const QByteArray accessToken = run.out.trimmed();
    QVERIFY(accessToken.startsWith("sbx_"));
    QCOMPARE(run.out.count('\n'), 1); // stdout carries only the token
    m_secrets.append(accessToken);
    QCOMPARE(fingerprintOf(accessToken), token.value(QStringLiteral("fingerprint")).toString());
    QCOMPARE(m_sandbox->api().stats().tokenRequests, requestsAfterLogin); // the login's token, from the keychain
    // A cached token is read from GNOME Keyring on Qt's own bus connection: libsecret (and
    // GIO and libgcrypt with it) is never loaded, nor is the HTTP server (bioepic-cred hands
    // `sandbox` to a program of its own). The dynamic loader lists what it loads.
    QProcessEnvironment traced = baseEnvironment();
    traced.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
    run = cli({QStringLiteral("token"), QStringLiteral("lab")}, {}, true, traced);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), accessToken);
    QVERIFY2(run.err.contains("file=libQt6DBus.so"), "LD_DEBUG=files listed nothing");
    QVERIFY2(run.err.contains("libbioepic-keychain.so"), "the keychain module was not loaded");
    if (qEnvironmentVariable("BIOEPIC_EXPECT_PROVIDER", QStringLiteral("GNOME Keyring")) == u"GNOME Keyring")
        QVERIFY2(!run.err.contains("file=libsecret-1.so"), "a cached token loaded libsecret");
    QVERIFY2(!run.err.contains("file=libQt6HttpServer.so"), "bioepic-cred loaded the HTTP server");
    QVERIFY2(!run.err.contains("file=libQt6WebSockets.so"), "bioepic-cred loaded QtWebSockets");
    run = cli({QStringLiteral("token"), QStringLiteral("lab"), QStringLiteral("--json")}, {}, true);
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json.value(QStringLiteral("access_token")).toString().toUtf8(), accessToken);
    QCOMPARE(json.value(QStringLiteral("expiry_source")).toString(), QStringLiteral("expires_in"));
    run = cli({QStringLiteral("status"), QStringLiteral("lab")});
    QVERIFY(run.out.contains("valid, expires"));
    QVERIFY(run.out.contains("due in 90 days"));
}

void TestCli::failureExitCodes()
{
    BIOEPIC_REQUIRE_KEYRING();
    // No credentials: 1.
    test::CliRun run = cli({QStringLiteral("token"), QStringLiteral("bio")}); // added by environmentCommands
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("bioepic-cred login bio"));
    // A server that answers but not with a token: 6.
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("odd"), QStringLiteral("--base-url"),
                  m_sandbox->baseUrl().toString(), QStringLiteral("--set"), QStringLiteral("token_path=/health")})
                     .exitCode,
             0);
    run = cli({QStringLiteral("login"), QStringLiteral("odd"), QStringLiteral("--client-id"), m_sandbox->clientId,
               QStringLiteral("--secret-stdin")},
              m_sandbox->clientSecret.toUtf8() + '\n');
    QCOMPARE(run.exitCode, 6); // the sandbox has no POST /health: 404, the wrong path for a token
    QVERIFY(run.err.contains("/health"));
    // Nothing listening: 5.
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("edit"), QStringLiteral("odd"), QStringLiteral("--base-url"),
                  QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--unset"), QStringLiteral("token_path")})
                     .exitCode,
             0);
    run = cli({QStringLiteral("login"), QStringLiteral("odd"), QStringLiteral("--client-id"), m_sandbox->clientId,
               QStringLiteral("--secret-stdin")},
              m_sandbox->clientSecret.toUtf8() + '\n');
    QCOMPARE(run.exitCode, 5);
    QVERIFY(run.err.contains("refused the connection"));
    // A token asked for later fails the same way; status then says what failed and what to do,
    // as the window's Token page does. An environment of its own: with KeePassXC as the Secret
    // Service, a second store over "odd"'s entry below would ask for an access confirmation.
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("down"), QStringLiteral("--base-url"),
                  QStringLiteral("http://127.0.0.1:1")})
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("login"), QStringLiteral("down"), QStringLiteral("--client-id"), m_sandbox->clientId,
                  QStringLiteral("--secret-stdin"), QStringLiteral("--no-verify")},
                 m_sandbox->clientSecret.toUtf8() + '\n')
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("down")}).exitCode, 5);
    run = cli({QStringLiteral("status"), QStringLiteral("down")});
    QVERIFY2(run.out.contains("last error   127.0.0.1 refused the connection"), run.out.constData());
    QVERIFY2(run.out.contains("what to do: Nothing is listening there"), run.out.constData());
    run = cli({QStringLiteral("status"), QStringLiteral("down"), QStringLiteral("--json")});
    const QJsonObject token = QJsonDocument::fromJson(run.out)
                                      .object()
                                      .value(u"environments")
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(u"token")
                                      .toObject();
    QVERIFY2(token.value(u"last_error_remedy").toString().startsWith(u"Nothing is listening there"),
             run.out.constData());
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("down"), QStringLiteral("--force")})
                     .exitCode,
             0);
    // A host that does not resolve: 5.
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("edit"), QStringLiteral("odd"), QStringLiteral("--base-url"),
                  QStringLiteral("https://no-such-host.invalid")})
                     .exitCode,
             0);
    run = cli({QStringLiteral("login"), QStringLiteral("odd"), QStringLiteral("--client-id"), m_sandbox->clientId,
               QStringLiteral("--secret-stdin")},
              m_sandbox->clientSecret.toUtf8() + '\n');
    QCOMPARE(run.exitCode, 5);
    QVERIFY(run.err.contains("no-such-host.invalid"));
    // Stored credentials the server has since revoked: 3, on refresh.
    const QString revokedSecret = test::randomSecret();
    m_secrets.append(revokedSecret.toUtf8());
    m_sandbox->api().setClient(QStringLiteral("short-lived"), revokedSecret);
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("edit"), QStringLiteral("odd"), QStringLiteral("--base-url"),
                  m_sandbox->baseUrl().toString()})
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("login"), QStringLiteral("odd"), QStringLiteral("--client-id"),
                  QStringLiteral("short-lived"), QStringLiteral("--secret-stdin"), QStringLiteral("--no-verify")},
                 revokedSecret.toUtf8() + '\n')
                     .exitCode,
             0);
    m_sandbox->api().revoke(QStringLiteral("short-lived"));
    run = cli({QStringLiteral("token"), QStringLiteral("odd")});
    QCOMPARE(run.exitCode, 3);
    run = cli({QStringLiteral("status"), QStringLiteral("odd"), QStringLiteral("--json")});
    const QJsonObject odd = QJsonDocument::fromJson(run.out)
                                    .object()
                                    .value(QStringLiteral("environments"))
                                    .toArray()
                                    .at(0)
                                    .toObject();
    QCOMPARE(odd.value(QStringLiteral("token")).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("error"));
}

void TestCli::searchCommand()
{
    BIOEPIC_REQUIRE_KEYRING();
    test::CliRun run = cli({QStringLiteral("search"), QStringLiteral("lab"), QStringLiteral("--collection"),
                            QStringLiteral("samples"), QStringLiteral("--limit"), QStringLiteral("150"),
                            QStringLiteral("--page-size"), QStringLiteral("100")});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray records = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(records.size(), 150);
    QCOMPARE(records.at(149).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("bioepic:smp-000150"));
    QVERIFY(run.err.contains("150 record(s) in 2 page(s)"));

    run = cli({QStringLiteral("search"), QStringLiteral("lab"), QStringLiteral("--collection"),
               QStringLiteral("samples"), QStringLiteral("--filter"), QStringLiteral("ecosystem: Marine"),
               QStringLiteral("--fields"), QStringLiteral("name,tags"), QStringLiteral("--format"),
               QStringLiteral("csv"), QStringLiteral("--max-pages"), QStringLiteral("2"), QStringLiteral("--page-size"),
               QStringLiteral("10")});
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> lines = run.out.split('\n');
    QCOMPARE(lines.first(), QByteArray("id,name,tags\r"));
    QCOMPARE(run.out.count("\r\n"), 21); // header + 2 pages of 10
    QVERIFY(run.out.contains("\"[\"\"")); // a JSON list in a CSV cell, quotes doubled
    QVERIFY(run.err.contains("more available"));

    const QString output = m_home.dir.filePath(QStringLiteral("one.tsv"));
    run = cli({QStringLiteral("search"), QStringLiteral("lab"), QStringLiteral("--collection"),
               QStringLiteral("samples"), QStringLiteral("--id"), QStringLiteral("bioepic:smp-000042"),
               QStringLiteral("--format"), QStringLiteral("tsv"), QStringLiteral("--output"), output});
    QCOMPARE(run.exitCode, 0);
    QFile tsv(output);
    QVERIFY(tsv.open(QIODevice::ReadOnly));
    QVERIFY(tsv.readAll().contains("bioepic:smp-000042\t"));

    run = cli({QStringLiteral("search"), QStringLiteral("lab"), QStringLiteral("--collection"),
               QStringLiteral("samples"), QStringLiteral("--filter"), QStringLiteral("{\"ph\": ")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("--filter: line 1"));
    QCOMPARE(cli({QStringLiteral("search"), QStringLiteral("lab")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("search"), QStringLiteral("lab"), QStringLiteral("--collection"),
                  QStringLiteral("samples"), QStringLiteral("--format"), QStringLiteral("xml")})
                     .exitCode,
             2);
    run = cli({QStringLiteral("search"), QStringLiteral("lab"), QStringLiteral("--collection"),
               QStringLiteral("restricted")});
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(QJsonDocument::fromJson(run.out).array().size(), 0); // still a valid, empty array
    run = cli({QStringLiteral("search"), QStringLiteral("lab"), QStringLiteral("--collection"),
               QStringLiteral("nothing")});
    QCOMPARE(run.exitCode, 6);
}

void TestCli::doctorCommand()
{
    BIOEPIC_REQUIRE_KEYRING();
    test::CliRun run = cli({QStringLiteral("doctor"), QStringLiteral("lab")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("✓ The token endpoint issues a token"));
    QVERIFY(run.out.contains("- TLS"));
    QVERIFY2(run.out.contains("OK: Everything works"), run.out.right(300).constData());
    QVERIFY(run.out.contains("is accepted too")); // the cached token was asked about first

    const QString report = m_home.dir.filePath(QStringLiteral("support.txt"));
    run = cli({QStringLiteral("doctor"), QStringLiteral("lab"), QStringLiteral("--json"), QStringLiteral("--report"),
               report});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json.value(QStringLiteral("environment")).toString(), QStringLiteral("lab"));
    QCOMPARE(json.value(QStringLiteral("ok")).toBool(), true);
    QStringList ids;
    for (const QJsonValue &value : json.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject step = value.toObject();
        ids.append(step.value(QStringLiteral("id")).toString());
        QVERIFY(QStringList({QStringLiteral("pass"), QStringLiteral("warn"), QStringLiteral("fail"),
                             QStringLiteral("skipped")})
                        .contains(step.value(QStringLiteral("status")).toString()));
        QVERIFY(step.contains(QStringLiteral("ms")) && step.contains(QStringLiteral("detail"))
                && step.contains(QStringLiteral("remedy")));
    }
    QCOMPARE(ids,
             (QStringList{QStringLiteral("settings"), QStringLiteral("keychain"), QStringLiteral("dns"),
                          QStringLiteral("tcp"), QStringLiteral("tls"), QStringLiteral("health"),
                          QStringLiteral("token"), QStringLiteral("token_inspect"), QStringLiteral("api_call")}));
    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("BioEPIC Credentials support report"));
    m_outputs.append(text); // scanned with everything else at the end

    // A failing step: exit code of its class.
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("nowhere"), QStringLiteral("--base-url"),
                  QStringLiteral("https://no-such-host.invalid")})
                     .exitCode,
             0);
    run = cli({QStringLiteral("doctor"), QStringLiteral("nowhere")});
    QVERIFY(run.out.contains("✗ The host name resolves"));
    QVERIFY(run.out.contains("Problem: "));
    QCOMPARE(run.exitCode, 1); // the first failure decides: no credentials (1) comes before DNS (5)
    QCOMPARE(cli({QStringLiteral("doctor"), QStringLiteral("ghost")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("nowhere")}).exitCode, 0);
}

void TestCli::tokenFromProcessEnvironment()
{
    QProcessEnvironment environment = baseEnvironment();
    // No keychain needed: point the bus nowhere to prove it is not touched.
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
    environment.insert(QStringLiteral("CLIENT_ID"), m_sandbox->clientId);
    environment.insert(QStringLiteral("CLIENT_SECRET"), m_sandbox->clientSecret);
    // Nor is anything that talks to it loaded: the keychain module, QtKeychain, QtDBus.
    QProcessEnvironment traced = environment;
    traced.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
    test::CliRun run
            = cli({QStringLiteral("token"), QStringLiteral("lab"), QStringLiteral("--from-env")}, {}, true, traced);
    QCOMPARE(run.exitCode, 0);
    m_secrets.append(run.out.trimmed());
    QVERIFY2(run.err.contains("file=libQt6Network.so"), "LD_DEBUG=files listed nothing");
    for (const char *library : {"libbioepic-keychain.so", "libqt6keychain.so", "libQt6DBus.so", "libdbus-1.so"})
        QVERIFY2(!run.err.contains(QByteArray(QByteArray("file=") + library))
                         && !run.err.contains(QByteArray(QByteArray("/") + library)),
                 library);
    environment.insert(QStringLiteral("LAB_CLIENT_SECRET"), QStringLiteral("prefixed-wins-and-is-wrong"));
    m_secrets.append("prefixed-wins-and-is-wrong");
    QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("lab"), QStringLiteral("--from-env")}, {}, true, environment)
                     .exitCode,
             3);
    environment.remove(QStringLiteral("LAB_CLIENT_SECRET"));
    environment.remove(QStringLiteral("CLIENT_SECRET"));
    run = cli({QStringLiteral("token"), QStringLiteral("lab"), QStringLiteral("--from-env")}, {}, false, environment);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("CLIENT_SECRET"));
}

void TestCli::keychainUnavailableWritesNothing()
{
    test::TempHome isolated;
    QProcessEnvironment environment = baseEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), isolated.configHome());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), isolated.dataHome());
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
    environment.remove(QStringLiteral("DISPLAY"));
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("lab"), QStringLiteral("--base-url"),
                  m_sandbox->baseUrl().toString()},
                 {}, false, environment)
                     .exitCode,
             0);
    QFile settings(isolated.settingsFile());
    QVERIFY(settings.open(QIODevice::ReadOnly));
    const QByteArray before = settings.readAll();
    settings.close();

    test::CliRun run = cli({QStringLiteral("login"), QStringLiteral("lab"), QStringLiteral("--client-id"),
                            m_sandbox->clientId, QStringLiteral("--secret-stdin")},
                           m_sandbox->clientSecret.toUtf8() + '\n', false, environment);
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.contains("keychain") || run.err.contains("Secret Service"), run.err.constData());
    QVERIFY(run.err.contains("what to do"));
    QVERIFY(settings.open(QIODevice::ReadOnly));
    QCOMPARE(settings.readAll(), before); // not marked as stored, nothing added
    QVERIFY(test::scanTree(isolated.dir.path(), m_secrets).isEmpty());
    QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("lab")}, {}, false, environment).exitCode, 4);
}

void TestCli::hungKeychainTimesOut()
{
    BIOEPIC_REQUIRE_KEYRING();
    // A Secret Service that takes every call and answers none (the settings already name "lab").
    const test::HungSecretService hung;
    QVERIFY2(!hung.address().isEmpty(), "could not start a private bus with a silent Secret Service");
    QProcessEnvironment environment = baseEnvironment();
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), hung.address());
    environment.insert(QStringLiteral("BIOEPIC_KEYCHAIN_TIMEOUT_MS"), QStringLiteral("1500"));
    const test::CliRun run = cli({QStringLiteral("token"), QStringLiteral("lab")}, {}, true, environment);
    QVERIFY(run.finished);
    if (run.exitCode == 0)
        m_secrets.append(run.out.trimmed());
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.contains("did not answer in time"), run.err.constData());
    // One timeout in all: the cached-token read says the keychain does not answer, and no second
    // read (the credentials) waits out another.
    QVERIFY2(run.elapsedMs < 2 * 1500 - 200, qPrintable(QStringLiteral("%1 ms").arg(run.elapsedMs)));
}

void TestCli::keychainModuleMissing()
{
    BIOEPIC_REQUIRE_KEYRING();
    // The keyring is up and holds "lab": only the module that talks to it is missing, or not a
    // library at all. Exit 4, the file looked for, and the remedy; nothing stored changes.
    const QByteArray before = test::secretToolSearch(m_service);
    for (const QString &module :
         {QStringLiteral("/nonexistent/libbioepic-keychain.so"), QStringLiteral(BIOEPIC_SOURCE_DIR "/README.md")}) {
        QProcessEnvironment environment = baseEnvironment();
        environment.insert(QStringLiteral("BIOEPIC_KEYCHAIN_MODULE"), module);
        test::CliRun run = cli({QStringLiteral("token"), QStringLiteral("lab")}, {}, true, environment);
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains("keychain module of BioEPIC Credentials is missing"), run.err.constData());
        QVERIFY2(run.err.contains(QByteArray("looked for " + module.toUtf8())), run.err.constData());
        QVERIFY2(run.err.contains("Reinstall BioEPIC Credentials"), run.err.constData());
        run = cli({QStringLiteral("login"), QStringLiteral("lab"), QStringLiteral("--client-id"), m_sandbox->clientId,
                   QStringLiteral("--secret-stdin")},
                  m_sandbox->clientSecret.toUtf8() + '\n', false, environment);
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains("keychain module"), run.err.constData());
    }
    QCOMPARE(test::secretToolSearch(m_service), before);
}

void TestCli::removeDeletesKeychainEntries()
{
    BIOEPIC_REQUIRE_KEYRING();
    QVERIFY(test::secretToolSearch(m_service).contains("lab/"));
    const test::CliRun run = cli({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("lab")});
    QCOMPARE(run.exitCode, 0);
    const QByteArray left = test::secretToolSearch(m_service);
    QVERIFY2(!left.contains("lab/"), left.constData());
    QCOMPARE(cli({QStringLiteral("status"), QStringLiteral("lab")}).exitCode, 2);
}

void TestCli::sandboxCommand()
{
    QCOMPARE(cli({QStringLiteral("sandbox"), QStringLiteral("--profile"), QStringLiteral("graphql")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("sandbox"), QStringLiteral("--error-rate"), QStringLiteral("2")}).exitCode, 2);
    QProcess sandbox;
    sandbox.setProcessEnvironment(baseEnvironment());
    sandbox.start(test::builtProgram(QStringLiteral("bioepic-cred")),
                  {QStringLiteral("sandbox"), QStringLiteral("--records"), QStringLiteral("50"),
                   QStringLiteral("--profile"), QStringLiteral("nmdc")});
    QVERIFY(sandbox.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(sandbox.canReadLine(), 10000);
    const QUrl url(QString::fromUtf8(sandbox.readLine().trimmed()));
    QVERIFY(url.isValid());
    QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
    // bioepic-cred became bioepic-cred-sandbox in the same process: its pid stops the server.
    QVERIFY(QFileInfo(QStringLiteral("/proc/%1/exe").arg(sandbox.processId()))
                    .symLinkTarget()
                    .endsWith(QLatin1String("/bioepic-cred-sandbox")));
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(QNetworkRequest(url.resolved(QUrl(QStringLiteral("/health")))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    reply->deleteLater();
    sandbox.terminate();
    QVERIFY(sandbox.waitForFinished(5000));
    const QByteArray err = sandbox.readAllStandardError();
    QVERIFY(err.contains("demo-client"));
    QVERIFY(err.contains("nmdc profile"));

    // Without the sandbox program beside it or where the package puts it: a clear failure.
    QTemporaryDir alone;
    const QString lonely = alone.filePath(QStringLiteral("bioepic-cred"));
    QVERIFY(QFile::copy(test::builtProgram(QStringLiteral("bioepic-cred")), lonely));
    const test::CliRun missing = test::runProgram(lonely, {QStringLiteral("sandbox")}, baseEnvironment());
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("Could not start the sandbox program")
                     && missing.err.contains("libexec/bioepic-credentials/bioepic-cred-sandbox"),
             missing.err.constData());
}

void TestCli::serverStopsAcceptingTheToken()
{
    BIOEPIC_REQUIRE_KEYRING();
    // The NMDC Runtime's shape: a who-am-I endpoint, JWTs that die with the server's signing key.
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    test::SandboxFixture nmdc(options);
    m_secrets.append(nmdc.clientSecret.toUtf8());
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("runtime"), QStringLiteral("--base-url"),
                  nmdc.baseUrl().toString(), QStringLiteral("--profile"), QStringLiteral("nmdc")})
                     .exitCode,
             0);
    test::CliRun run = cli({QStringLiteral("login"), QStringLiteral("runtime"), QStringLiteral("--client-id"),
                            nmdc.clientId, QStringLiteral("--secret-stdin")},
                           nmdc.clientSecret.toUtf8() + '\n');
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains("accepted it on who-am-I"), run.err.constData());
    auto tokenOf = [&](const QStringList &extra = {}) {
        const test::CliRun token
                = cli(QStringList{QStringLiteral("token"), QStringLiteral("runtime")} + extra, {}, true);
        if (token.exitCode != 0)
            qWarning() << token.err;
        m_secrets.append(token.out.trimmed());
        return token.out.trimmed();
    };
    const QByteArray first = tokenOf();
    QCOMPARE(nmdc.api().stats().tokenRequests, quint64(1)); // the login's token, reused

    // --check asks once per environment that can be asked (bioepic has no who-am-I: not asked).
    run = cli({QStringLiteral("status"), QStringLiteral("--check"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(nmdc.api().stats().whoAmIRequests, quint64(2)); // the login's verification, and this check

    // The server restarts with a new signing key: the cached token is dead, though not expired.
    nmdc.api().rotateSigningKey();
    QCOMPARE(tokenOf(), first); // without a check nothing can know yet
    run = cli({QStringLiteral("status"), QStringLiteral("--check"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(nmdc.api().stats().whoAmIRequests, quint64(3)); // exactly one more
    QJsonObject runtime;
    for (const QJsonValue &value :
         QJsonDocument::fromJson(run.out).object().value(QStringLiteral("environments")).toArray()) {
        if (value.toObject().value(QStringLiteral("name")) == QStringLiteral("runtime"))
            runtime = value.toObject();
    }
    const QJsonObject token = runtime.value(QStringLiteral("token")).toObject();
    QCOMPARE(token.value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
    QCOMPARE(token.value(QStringLiteral("rejected_reason")).toString(),
             QStringLiteral("Access token is invalid. Please log in again."));
    QCOMPARE(runtime.value(QStringLiteral("check")).toObject().value(QStringLiteral("result")).toString(),
             QStringLiteral("rejected"));
    run = cli({QStringLiteral("status"), QStringLiteral("runtime")});
    QVERIFY2(run.out.contains("REJECTED") && run.out.contains("bioepic-cred token runtime --refresh"),
             run.out.constData());
    // The rejected token is never handed out again: the next token is a new one.
    const QByteArray second = tokenOf();
    QVERIFY(second != first);
    QCOMPARE(cli({QStringLiteral("status"), QStringLiteral("runtime"), QStringLiteral("--check")}).exitCode, 0);

    // --refresh always asks, and replaces the cache. (Within one second the server's JWT can be
    // the same bytes: count the requests.)
    const quint64 beforeRefresh = nmdc.api().stats().tokenRequests;
    const QByteArray third = tokenOf({QStringLiteral("--refresh")});
    QCOMPARE(nmdc.api().stats().tokenRequests, beforeRefresh + 1);
    QCOMPARE(tokenOf(), third);
    QCOMPARE(nmdc.api().stats().tokenRequests, beforeRefresh + 1);

    // doctor checks the cached token first, warns, and replaces it with the one it got.
    nmdc.api().rotateSigningKey();
    run = cli({QStringLiteral("doctor"), QStringLiteral("runtime")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("no longer accepts the stored token"), run.out.constData());
    QVERIFY(run.out.contains("Works again"));
    const quint64 tokensBefore = nmdc.api().stats().tokenRequests;
    const QByteArray fourth = tokenOf();
    QVERIFY(fourth != third);
    QCOMPARE(nmdc.api().stats().tokenRequests, tokensBefore); // doctor's token, not a new request
    QCOMPARE(cli({QStringLiteral("status"), QStringLiteral("runtime"), QStringLiteral("--check")}).exitCode, 0);

    // A failed login records which client id was tried (never the secret).
    run = cli({QStringLiteral("login"), QStringLiteral("runtime"), QStringLiteral("--client-id"),
               QStringLiteral("who-is-this"), QStringLiteral("--secret-stdin")},
              "nope-nope\n");
    QCOMPARE(run.exitCode, 3);
    run = cli({QStringLiteral("history"), QStringLiteral("runtime"), QStringLiteral("--json")});
    const QJsonArray history = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("history")).toArray();
    QCOMPARE(history.last().toObject().value(QStringLiteral("identity")).toString(), QStringLiteral("who-is-this"));
    QCOMPARE(history.last().toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("failed"));
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("runtime")}).exitCode, 0);
}

void TestCli::recordsAsTheServerSentThem()
{
    BIOEPIC_REQUIRE_KEYRING();
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    options.records = 30;
    test::SandboxFixture nmdc(options);
    m_secrets.append(nmdc.clientSecret.toUtf8());
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("public"), QStringLiteral("--base-url"),
                  nmdc.baseUrl().toString(), QStringLiteral("--profile"), QStringLiteral("nmdc")})
                     .exitCode,
             0);
    QCOMPARE(cli({QStringLiteral("login"), QStringLiteral("public"), QStringLiteral("--client-id"), nmdc.clientId,
                  QStringLiteral("--secret-stdin")},
                 nmdc.clientSecret.toUtf8() + '\n')
                     .exitCode,
             0);
    const QStringList byId{QStringLiteral("search"), QStringLiteral("public"), QStringLiteral("--collection"),
                           QStringLiteral("biosample_set"), QStringLiteral("--id")};
    // An id with '/', '?', '#' and a space, fetched as one path segment; JSON is the server's bytes.
    test::CliRun run = cli(byId + QStringList{QLatin1String(SyntheticCatalog::kAwkwardId)});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), QByteArray("[") + SyntheticCatalog::awkwardRecordBytes() + "]");
    // --fields is the projection; CSV columns reach into nested objects.
    run = cli(byId
              + QStringList{QStringLiteral("nmdc:bsm-11-000005"), QStringLiteral("--fields"),
                            QStringLiteral("env_broad_scale.term.id,lat_lon.latitude"), QStringLiteral("--format"),
                            QStringLiteral("csv")});
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> lines = run.out.split('\n');
    QCOMPARE(lines.at(0), QByteArray("id,env_broad_scale.term.id,lat_lon.latitude\r"));
    QVERIFY2(lines.at(1).startsWith("nmdc:bsm-11-000005,ENVO:"), lines.at(1).constData());
    // A record that is not there is not a broken server.
    run = cli(byId + QStringList{QStringLiteral("nmdc:bsm-11-nope")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("No record with id \"nmdc:bsm-11-nope\" in biosample_set"), run.err.constData());
    run = cli(byId + QStringList{QString()});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("public")}).exitCode, 0);
}

void TestCli::noSecretLeaked()
{
    QVERIFY(m_secrets.size() >= 2);
    QStringList hits = test::scanTree(m_home.dir.path(), m_secrets);
    for (qsizetype i = 0; i < m_outputs.size(); ++i)
        hits += test::scanBytes(QStringLiteral("output #%1").arg(i), m_outputs.at(i), m_secrets);
    QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
