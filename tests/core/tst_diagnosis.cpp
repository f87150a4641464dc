// The diagnosis, each step's failure made real: unresolvable host, closed port, TLS with
// certificates generated here by openssl (self-signed, expired, wrong host, private CA),
// wrong secret, unknown client, 404 base URL, 403, clock skew, JWT exp disagreement.
#include "coreservices.h"
#include "diagnostics/diagnosis.h"
#include "diagnostics/supportreport.h"
#include "fakesecretstore.h"
#include "net/tlsconfig.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace bioepic;

namespace {

/** Certificates for 127.0.0.1, made with the openssl command line in a temporary directory. */
class Certificates
{
public:
    Certificates()
    {
        m_ok = openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                        QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                        path(QStringLiteral("ca.key")), QStringLiteral("-out"), path(QStringLiteral("ca.pem")),
                        QStringLiteral("-days"), QStringLiteral("30"), QStringLiteral("-subj"),
                        QStringLiteral("/CN=BioEPIC Test CA")})
                && leaf(QStringLiteral("good"), QStringLiteral("IP:127.0.0.1"))
                && leaf(QStringLiteral("wronghost"), QStringLiteral("DNS:api.example.org")) && selfSigned()
                && expired();
    }
    [[nodiscard]] bool ok() const { return m_ok; }
    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }
    [[nodiscard]] QString error() const { return m_error; }

private:
    bool openssl(const QStringList &arguments)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start(QStringLiteral("openssl"), arguments);
        if (!process.waitForFinished(30000) || process.exitCode() != 0) {
            m_error = QString::fromUtf8(process.readAllStandardError());
            return false;
        }
        return true;
    }
    /** An RSA key in the traditional PEM form QSslKey reads. */
    bool key(const QString &name)
    {
        return openssl({QStringLiteral("genrsa"), QStringLiteral("-traditional"), QStringLiteral("-out"),
                        path(name + QStringLiteral(".key")), QStringLiteral("2048")});
    }
    bool writeFile(const QString &name, const QByteArray &content)
    {
        QFile file(path(name));
        return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
    }
    bool leaf(const QString &name, const QString &san)
    {
        return key(name) && writeFile(name + QStringLiteral(".ext"), "subjectAltName=" + san.toUtf8() + "\n")
                && openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"),
                            path(name + QStringLiteral(".key")), QStringLiteral("-out"),
                            path(name + QStringLiteral(".csr")), QStringLiteral("-subj"),
                            QStringLiteral("/CN=") + san.section(QLatin1Char(':'), 1)})
                && openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                            path(name + QStringLiteral(".csr")), QStringLiteral("-CA"), path(QStringLiteral("ca.pem")),
                            QStringLiteral("-CAkey"), path(QStringLiteral("ca.key")), QStringLiteral("-CAcreateserial"),
                            QStringLiteral("-out"), path(name + QStringLiteral(".pem")), QStringLiteral("-days"),
                            QStringLiteral("30"), QStringLiteral("-extfile"), path(name + QStringLiteral(".ext"))});
    }
    bool selfSigned()
    {
        return key(QStringLiteral("self"))
                && openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-key"),
                            path(QStringLiteral("self.key")), QStringLiteral("-out"), path(QStringLiteral("self.pem")),
                            QStringLiteral("-days"), QStringLiteral("30"), QStringLiteral("-subj"),
                            QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                            QStringLiteral("subjectAltName=IP:127.0.0.1")});
    }
    /** Valid in January 2020 only: signed with "openssl ca", which takes explicit dates. */
    bool expired()
    {
        const QByteArray config
                = "[ca]\ndefault_ca=test\n[test]\ndatabase=" + path(QStringLiteral("index.txt")).toUtf8()
                + "\nnew_certs_dir=" + m_dir.path().toUtf8() + "\nserial=" + path(QStringLiteral("serial")).toUtf8()
                + "\ndefault_md=sha256\npolicy=any\ncopy_extensions=copy\nunique_subject=no\n[any]\ncommonName="
                  "supplied\n";
        return key(QStringLiteral("expired")) && writeFile(QStringLiteral("ca.cnf"), config)
                && writeFile(QStringLiteral("index.txt"), {}) && writeFile(QStringLiteral("serial"), "1000\n")
                && writeFile(QStringLiteral("expired.ext"), "subjectAltName=IP:127.0.0.1\n")
                && openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"),
                            path(QStringLiteral("expired.key")), QStringLiteral("-out"),
                            path(QStringLiteral("expired.csr")), QStringLiteral("-subj"),
                            QStringLiteral("/CN=127.0.0.1")})
                && openssl({QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-config"),
                            path(QStringLiteral("ca.cnf")), QStringLiteral("-cert"), path(QStringLiteral("ca.pem")),
                            QStringLiteral("-keyfile"), path(QStringLiteral("ca.key")), QStringLiteral("-in"),
                            path(QStringLiteral("expired.csr")), QStringLiteral("-out"),
                            path(QStringLiteral("expired.pem")), QStringLiteral("-startdate"),
                            QStringLiteral("20200101000000Z"), QStringLiteral("-enddate"),
                            QStringLiteral("20200201000000Z"), QStringLiteral("-extfile"),
                            path(QStringLiteral("expired.ext"))});
    }

    QTemporaryDir m_dir;
    QString m_error;
    bool m_ok = false;
};

struct Rig
{
    Rig()
    {
        CoreOptions options;
        options.settingsFile = home.settingsFile();
        options.stateFile = home.stateFile();
        options.keychainOverride = &store;
        core = std::make_unique<CoreServices>(options);
    }

    void addEnvironment(const QString &name, const QUrl &baseUrl, const std::function<void(Environment &)> &tweak = {})
    {
        Environment env;
        env.name = name;
        env.baseUrl = baseUrl;
        env.timeoutS = 5;
        if (tweak)
            tweak(env);
        const Error error = core->environments()->add(env);
        if (!error.ok())
            qFatal("cannot add %s: %s", qPrintable(name), qPrintable(error.message));
    }

    void storeCredentials(const QString &environment, const QString &identity, const QString &secret)
    {
        Credentials credentials;
        credentials.identity = identity;
        credentials.secret = Secret::fromString(secret);
        bool done = false;
        core->credentials()->login(environment, credentials, false, core.get(),
                                   [&](const LoginResult &) { done = true; });
        if (!QTest::qWaitFor([&] { return done; }, 10000))
            qFatal("login did not finish");
    }

    DiagnosisReport diagnose(const QString &environment)
    {
        Diagnosis diagnosis(core->diagnosisDeps(), environment);
        QSignalSpy finished(&diagnosis, &Diagnosis::finished);
        diagnosis.start();
        if (!finished.wait(30000))
            qFatal("the diagnosis did not finish");
        QTest::qWait(20);
        if (finished.count() != 1)
            qFatal("finished %d times", int(finished.count()));
        return finished.first().first().value<DiagnosisReport>();
    }

    test::TempHome home;
    test::FakeSecretStore store;
    std::unique_ptr<CoreServices> core;
};

QString statuses(const DiagnosisReport &report)
{
    QStringList parts;
    for (const DiagnosisStep &step : report.steps)
        parts.append(step.id + QLatin1Char('=') + checkStatusName(step.status));
    return parts.join(QLatin1Char(' '));
}

const DiagnosisStep &step(const DiagnosisReport &report, const char *id)
{
    for (const DiagnosisStep &candidate : report.steps) {
        if (candidate.id == QLatin1String(id))
            return candidate;
    }
    qFatal("no step %s", id);
}

// In the anonymous namespace with its member's type (a unity build would warn otherwise).
class TestDiagnosis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everythingWorks();
    void unresolvableHost();
    void closedPort();
    void caBundleIsReadAgainWhenItChanges();
    void tls_data();
    void tls();
    void wrongSecretAndUnknownClient();
    void wrongBaseUrl();
    void forbiddenCall();
    void clockSkewAndDisagreeingExpiry();
    void missingCredentialsStillChecksTheNetwork();
    void unknownEnvironment();
    void reportAndLogHoldNoSecret();
    void cancelEndsOnce();
    void cancelBeforeTheTokenRequestSendsNothing();

private:
    std::unique_ptr<Certificates> m_certificates;
};

} // namespace

void TestDiagnosis::initTestCase()
{
    m_certificates = std::make_unique<Certificates>();
    QVERIFY2(m_certificates->ok(), qPrintable(m_certificates->error()));
}

void TestDiagnosis::everythingWorks()
{
    test::SandboxFixture sandbox;
    Rig rig;
    rig.addEnvironment(QStringLiteral("lab"), sandbox.baseUrl(), [](Environment &env) {
        env.profileOverrides.insert(QStringLiteral("who_am_i_path"), QStringLiteral("/users/me"));
    });
    rig.storeCredentials(QStringLiteral("lab"), sandbox.clientId, sandbox.clientSecret);
    const DiagnosisReport report = rig.diagnose(QStringLiteral("lab"));
    QCOMPARE(statuses(report),
             QStringLiteral("settings=pass keychain=pass dns=pass tcp=pass tls=skipped health=skipped "
                            "token=pass token_inspect=pass api_call=pass"));
    QVERIFY(report.ok());
    QCOMPARE(report.failureClass(), ErrorClass::None);
    QVERIFY(report.summary.startsWith(QLatin1String("Everything works")));
    QVERIFY(step(report, "api_call").detail.contains(QLatin1String("/users/me")));
    const QJsonObject json = report.toJson();
    QCOMPARE(json.value(QStringLiteral("steps")).toArray().size(), 9);
    QCOMPARE(json.value(QStringLiteral("ok")).toBool(), true);

    // The bioepic profile has no who-am-I: a public endpoint would prove nothing, so it says so.
    rig.addEnvironment(QStringLiteral("plain"), sandbox.baseUrl());
    rig.storeCredentials(QStringLiteral("plain"), sandbox.clientId, sandbox.clientSecret);
    const DiagnosisReport plain = rig.diagnose(QStringLiteral("plain"));
    QVERIFY(plain.ok());
    QCOMPARE(step(plain, "api_call").status, CheckStatus::Skipped);
    QCOMPARE(step(plain, "api_call").code, DiagnosisCode::NoVerificationCall);
    QVERIFY2(plain.summary.contains(QLatin1String("verified by the token request only")), qPrintable(plain.summary));
}

void TestDiagnosis::unresolvableHost()
{
    Rig rig;
    rig.addEnvironment(QStringLiteral("far"), QUrl(QStringLiteral("https://no-such-host.invalid")));
    rig.storeCredentials(QStringLiteral("far"), QStringLiteral("x"), QStringLiteral("y"));
    const DiagnosisReport report = rig.diagnose(QStringLiteral("far"));
    QCOMPARE(statuses(report),
             QStringLiteral("settings=pass keychain=pass dns=fail tcp=skipped tls=skipped health=skipped "
                            "token=skipped token_inspect=skipped api_call=skipped"));
    QVERIFY(step(report, "dns").detail.contains(QLatin1String("no-such-host.invalid")));
    QVERIFY(!step(report, "dns").remedy.isEmpty());
    QCOMPARE(step(report, "dns").code, DiagnosisCode::HostNotFound);
    QCOMPARE(step(report, "tcp").code, DiagnosisCode::Blocked);
    QVERIFY2(report.summary.startsWith(QStringLiteral("The host name does not resolve — cannot resolve")),
             qPrintable(report.summary));
    QCOMPARE(report.toJson().value(QStringLiteral("steps")).toArray().at(2).toObject().value(QStringLiteral("code")),
             QJsonValue(QStringLiteral("host_not_found")));
    QCOMPARE(exitCodeFor(report.failureClass()), 5);
}

void TestDiagnosis::closedPort()
{
    Rig rig;
    rig.addEnvironment(QStringLiteral("shut"), QUrl(QStringLiteral("http://127.0.0.1:1")));
    rig.storeCredentials(QStringLiteral("shut"), QStringLiteral("x"), QStringLiteral("y"));
    const DiagnosisReport report = rig.diagnose(QStringLiteral("shut"));
    QCOMPARE(step(report, "tcp").status, CheckStatus::Fail);
    QVERIFY(step(report, "tcp").detail.contains(QLatin1String("refused")));
    QVERIFY(step(report, "tcp").remedy.contains(QLatin1String("Nothing listens")));
    QCOMPARE(step(report, "tcp").code, DiagnosisCode::ConnectionRefused);
    QCOMPARE(step(report, "token").status, CheckStatus::Skipped);
    QCOMPARE(exitCodeFor(report.failureClass()), 5);
}

void TestDiagnosis::caBundleIsReadAgainWhenItChanges()
{
    QTemporaryDir dir;
    const QString bundle = dir.filePath(QStringLiteral("bundle.pem"));
    QVERIFY(QFile::copy(m_certificates->path(QStringLiteral("ca.pem")), bundle));
    const qsizetype system = sslConfigurationFor({}).caCertificates().size();
    QCOMPARE(sslConfigurationFor(bundle).caCertificates().size(), system + 1);
    QCOMPARE(sslConfigurationFor(bundle).caCertificates().size(), system + 1); // cached, same answer
    QFile file(bundle);
    QVERIFY(file.open(QIODevice::Append));
    QFile second(m_certificates->path(QStringLiteral("self.pem")));
    QVERIFY(second.open(QIODevice::ReadOnly));
    file.write(second.readAll());
    file.close();
    QCOMPARE(sslConfigurationFor(bundle).caCertificates().size(), system + 2); // the edit is seen
    QVERIFY(QFile::remove(bundle));
    QCOMPARE(sslConfigurationFor(bundle).caCertificates().size(), system);
}

void TestDiagnosis::tls_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<bool>("withCaBundle");
    QTest::addColumn<bool>("passes");
    QTest::addColumn<QString>("detailContains");
    QTest::addColumn<QString>("remedyContains");
    QTest::newRow("private CA, bundle set") << "good" << true << true << "Test CA"
                                            << "";
    QTest::newRow("private CA, no bundle") << "good" << false << false << "issuer"
                                           << "CA bundle";
    QTest::newRow("self-signed") << "self" << true << false << "self-signed"
                                 << "CA bundle";
    QTest::newRow("expired") << "expired" << true << false << "expired"
                             << "date and time";
    QTest::newRow("wrong host name") << "wronghost" << true << false << "host name"
                                     << "not for 127.0.0.1";
}

void TestDiagnosis::tls()
{
    QFETCH(QString, certificate);
    QFETCH(bool, withCaBundle);
    QFETCH(bool, passes);
    QFETCH(QString, detailContains);
    QFETCH(QString, remedyContains);
    SandboxOptions options;
    options.tlsCertificateFile = m_certificates->path(certificate + QStringLiteral(".pem"));
    options.tlsKeyFile = m_certificates->path(certificate + QStringLiteral(".key"));
    test::SandboxFixture sandbox(options);
    QCOMPARE(sandbox.baseUrl().scheme(), QStringLiteral("https"));
    Rig rig;
    rig.addEnvironment(QStringLiteral("tls"), sandbox.baseUrl(), [&](Environment &env) {
        env.profileOverrides.insert(QStringLiteral("who_am_i_path"), QStringLiteral("/users/me"));
        if (withCaBundle)
            env.caBundle = m_certificates->path(QStringLiteral("ca.pem"));
    });
    rig.storeCredentials(QStringLiteral("tls"), sandbox.clientId, sandbox.clientSecret);
    const DiagnosisReport report = rig.diagnose(QStringLiteral("tls"));
    const DiagnosisStep &tlsStep = step(report, "tls");
    QVERIFY2(tlsStep.detail.contains(detailContains, Qt::CaseInsensitive), qPrintable(tlsStep.detail));
    if (passes) {
        QCOMPARE(tlsStep.status, CheckStatus::Pass);
        QVERIFY(tlsStep.detail.contains(QLatin1String("TLSv1."))); // the protocol
        QVERIFY(tlsStep.detail.contains(QLatin1String("days left")));
        // The CA bundle is honoured by the token request and the API call too.
        QCOMPARE(step(report, "token").status, CheckStatus::Pass);
        QCOMPARE(step(report, "api_call").status, CheckStatus::Pass);
    } else {
        QCOMPARE(tlsStep.status, CheckStatus::Fail);
        QVERIFY2(tlsStep.remedy.contains(remedyContains), qPrintable(tlsStep.remedy));
        QVERIFY(tlsStep.remedy.contains(QLatin1String("never switched off")));
        QCOMPARE(step(report, "token").status, CheckStatus::Skipped); // nothing is sent over an unverified connection
        QCOMPARE(sandbox.api().stats().tokenRequests, quint64(0));
        QCOMPARE(exitCodeFor(report.failureClass()), 5);
    }
}

void TestDiagnosis::wrongSecretAndUnknownClient()
{
    test::SandboxFixture sandbox;
    Rig rig;
    rig.addEnvironment(QStringLiteral("lab"), sandbox.baseUrl());
    rig.addEnvironment(QStringLiteral("other"), sandbox.baseUrl());
    rig.storeCredentials(QStringLiteral("lab"), sandbox.clientId, test::randomSecret());
    DiagnosisReport report = rig.diagnose(QStringLiteral("lab"));
    const DiagnosisStep &token = step(report, "token");
    QCOMPARE(token.status, CheckStatus::Fail);
    QVERIFY(token.detail.contains(QLatin1String("invalid_client")));
    QVERIFY(token.remedy.contains(QLatin1String("rotate lab")));
    QVERIFY(token.remedy.contains(QLatin1String("prod vs dev")));
    QVERIFY2(report.summary.contains(QLatin1String("rejected the client secret")), qPrintable(report.summary));
    QCOMPARE(token.code, DiagnosisCode::Http);
    QCOMPARE(token.apiCode, ApiError::Code::InvalidClient);
    QCOMPARE(token.codeName(), QStringLiteral("invalid_client"));
    QCOMPARE(exitCodeFor(report.failureClass()), 3);
    // The same client id stored for another environment: that is named as the likely mix-up.
    rig.storeCredentials(QStringLiteral("other"), sandbox.clientId, test::randomSecret());
    report = rig.diagnose(QStringLiteral("lab"));
    QVERIFY2(step(report, "token").remedy.contains(QLatin1String("stored for other")),
             qPrintable(step(report, "token").remedy));
    rig.storeCredentials(QStringLiteral("lab"), QStringLiteral("nobody-knows-me"), test::randomSecret());
    QCOMPARE(step(rig.diagnose(QStringLiteral("lab")), "token").status, CheckStatus::Fail);
}

void TestDiagnosis::wrongBaseUrl()
{
    test::SandboxFixture sandbox;
    Rig rig;
    QUrl url = sandbox.baseUrl();
    url.setPath(QStringLiteral("/v2"));
    rig.addEnvironment(QStringLiteral("lab"), url);
    rig.storeCredentials(QStringLiteral("lab"), sandbox.clientId, sandbox.clientSecret);
    const DiagnosisReport report = rig.diagnose(QStringLiteral("lab"));
    const DiagnosisStep &token = step(report, "token");
    QCOMPARE(token.status, CheckStatus::Fail);
    QVERIFY(token.detail.contains(QLatin1String("404")));
    QVERIFY(token.remedy.contains(QLatin1String("no token endpoint")));
    QCOMPARE(exitCodeFor(report.failureClass()), 6);
}

void TestDiagnosis::forbiddenCall()
{
    test::SandboxFixture sandbox;
    Rig rig;
    // A who-am-I path the account may not call: the server says 403.
    rig.addEnvironment(QStringLiteral("lab"), sandbox.baseUrl(), [](Environment &env) {
        env.profileOverrides.insert(QStringLiteral("who_am_i_path"), QStringLiteral("/api/restricted"));
    });
    rig.storeCredentials(QStringLiteral("lab"), sandbox.clientId, sandbox.clientSecret);
    const DiagnosisReport report = rig.diagnose(QStringLiteral("lab"));
    const DiagnosisStep &call = step(report, "api_call");
    QCOMPARE(call.status, CheckStatus::Fail);
    QVERIFY(call.remedy.contains(QLatin1String("lack the permission")));
    QCOMPARE(step(report, "token").status, CheckStatus::Pass);
    QCOMPARE(exitCodeFor(report.failureClass()), 3);
}

void TestDiagnosis::clockSkewAndDisagreeingExpiry()
{
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    options.clockSkewS = -600;
    test::SandboxFixture skewed(options);
    Rig rig;
    rig.addEnvironment(QStringLiteral("nmdc"), skewed.baseUrl(),
                       [](Environment &env) { env.profileName = QStringLiteral("nmdc"); });
    rig.storeCredentials(QStringLiteral("nmdc"), skewed.clientId, skewed.clientSecret);
    DiagnosisReport report = rig.diagnose(QStringLiteral("nmdc"));
    QCOMPARE(step(report, "health").status, CheckStatus::Pass); // nmdc has one
    QCOMPARE(step(report, "api_call").status, CheckStatus::Pass); // who-am-I
    const DiagnosisStep &inspect = step(report, "token_inspect");
    QCOMPARE(inspect.status, CheckStatus::Warn);
    QVERIFY2(inspect.detail.contains(QLatin1String("behind")), qPrintable(inspect.detail));
    QVERIFY(inspect.remedy.contains(QLatin1String("NTP")));
    QVERIFY(report.ok());
    QVERIFY(report.summary.contains(QLatin1String("warnings")));

    SandboxOptions disagreeing;
    disagreeing.jwtTokens = true;
    disagreeing.jwtExpOffsetS = -400; // the JWT exp says 200 s, expires_in says 600 s
    test::SandboxFixture jwt(disagreeing);
    rig.addEnvironment(QStringLiteral("jwt"), jwt.baseUrl());
    rig.storeCredentials(QStringLiteral("jwt"), jwt.clientId, jwt.clientSecret);
    report = rig.diagnose(QStringLiteral("jwt"));
    const DiagnosisStep &jwtInspect = step(report, "token_inspect");
    QCOMPARE(jwtInspect.status, CheckStatus::Warn);
    QVERIFY2(jwtInspect.detail.contains(QLatin1String("disagree by 400 s")), qPrintable(jwtInspect.detail));
    QVERIFY(jwtInspect.remedy.contains(QLatin1String("exp claim")));
}

void TestDiagnosis::missingCredentialsStillChecksTheNetwork()
{
    test::SandboxFixture sandbox;
    Rig rig;
    rig.addEnvironment(QStringLiteral("lab"), sandbox.baseUrl());
    const DiagnosisReport report = rig.diagnose(QStringLiteral("lab"));
    QCOMPARE(statuses(report),
             QStringLiteral("settings=pass keychain=fail dns=pass tcp=pass tls=skipped health=skipped "
                            "token=skipped token_inspect=skipped api_call=skipped"));
    QVERIFY(step(report, "keychain").remedy.contains(QLatin1String("bioepic-cred login lab")));
    QCOMPARE(step(report, "keychain").code, DiagnosisCode::NoCredentials);
    QVERIFY2(report.summary.startsWith(QLatin1String("No credentials are stored for \"lab\"")),
             qPrintable(report.summary));
    rig.store.failOperation(QStringLiteral("read"), KeychainError::Code::Locked);
    const DiagnosisReport locked = rig.diagnose(QStringLiteral("lab"));
    QVERIFY(step(locked, "keychain").remedy.contains(QLatin1String("Unlock")));
    QCOMPARE(exitCodeFor(locked.failureClass()), 4);
}

void TestDiagnosis::unknownEnvironment()
{
    Rig rig;
    const DiagnosisReport report = rig.diagnose(QStringLiteral("ghost"));
    QCOMPARE(step(report, "settings").status, CheckStatus::Fail);
    QCOMPARE(step(report, "dns").status, CheckStatus::Skipped);
    QCOMPARE(exitCodeFor(report.failureClass()), 2);
}

void TestDiagnosis::reportAndLogHoldNoSecret()
{
    test::SandboxFixture sandbox;
    Rig rig;
    rig.addEnvironment(QStringLiteral("lab"), sandbox.baseUrl(), [](Environment &env) {
        env.profileOverrides.insert(QStringLiteral("who_am_i_path"), QStringLiteral("/users/me"));
    });
    rig.storeCredentials(QStringLiteral("lab"), sandbox.clientId, sandbox.clientSecret);
    // A failed request too: its body echoes what the server said.
    QByteArray tokens;
    QObject::connect(rig.core->networkLog(), &NetworkLog::entryUpdated, rig.core.get(), [] {});
    const DiagnosisReport report = rig.diagnose(QStringLiteral("lab"));
    bool done = false;
    rig.core->tokens()->requestToken(QStringLiteral("lab"), TokenService::Freshness::ForceRefresh, rig.core.get(),
                                     [&](const TokenResult &result) {
                                         tokens = result.token.accessToken.reveal();
                                         done = true;
                                     });
    QTRY_VERIFY(done);
    const QString text = supportReport(rig.core->supportReportSources(), QStringLiteral("lab"), report);
    QVERIFY2(text.contains(QLatin1String("Diagnosis: Everything works")), qPrintable(text.left(600)));
    QVERIFY(text.contains(QLatin1String("Qt 6.")));
    QVERIFY(text.contains(QLatin1String("POST ") + sandbox.baseUrl().toString() + QLatin1String("/token")));
    QVERIFY(text.contains(QLatin1String("client_secret=<redacted>")));
    QVERIFY(text.contains(QLatin1String("Bearer <redacted (fingerprint left out)>")));
    // No fingerprint of anything: not of the credentials, not of the tokens.
    static const QRegularExpression fingerprint(QStringLiteral("(sha256|hmac):[0-9a-f]{8}"));
    QVERIFY2(!text.contains(fingerprint), qPrintable(text));
    QVERIFY(test::scanBytes(QStringLiteral("report"), text.toUtf8(), {sandbox.clientSecret.toUtf8(), tokens})
                    .isEmpty());
    for (const NetworkLogEntry &entry : rig.core->networkLog()->entries())
        QVERIFY(test::scanBytes(QStringLiteral("log"), describeLogEntry(entry).toUtf8(),
                                {sandbox.clientSecret.toUtf8(), tokens})
                        .isEmpty());
}

void TestDiagnosis::cancelEndsOnce()
{
    test::SandboxFixture sandbox;
    sandbox.api().setLatencyMs(300);
    Rig rig;
    rig.addEnvironment(QStringLiteral("lab"), sandbox.baseUrl());
    rig.storeCredentials(QStringLiteral("lab"), sandbox.clientId, sandbox.clientSecret);
    Diagnosis diagnosis(rig.core->diagnosisDeps(), QStringLiteral("lab"));
    QSignalSpy finished(&diagnosis, &Diagnosis::finished);
    QObject::connect(&diagnosis, &Diagnosis::stepChanged, &diagnosis, [&](int, const DiagnosisStep &current) {
        // Cancel while the token request is on the wire (the sandbox holds it 300 ms).
        if (current.id == QLatin1String("token") && current.status == CheckStatus::Running)
            QTimer::singleShot(50, &diagnosis, [&] {
                diagnosis.cancel();
                QCOMPARE(rig.core->http()->inFlightCount(), 0); // the secret-bearing request is gone
            });
    });
    diagnosis.start();
    QVERIFY(finished.wait(10000));
    QTest::qWait(500);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(diagnosis.report().summary, QStringLiteral("Canceled"));
    for (const DiagnosisStep &each : diagnosis.report().steps)
        QVERIFY2(each.status != CheckStatus::Fail, qPrintable(each.id)); // canceled, not "failed: canceled"
    const quint64 tokenRequests = sandbox.api().stats().tokenRequests;
    QTest::qWait(200);
    QCOMPARE(sandbox.api().stats().tokenRequests, tokenRequests); // nothing after the cancel
    QVERIFY(diagnosis.report().ok()); // "canceled" is not a failure of the server
    QCOMPARE(step(diagnosis.report(), "token").status, CheckStatus::Skipped);
    QCOMPARE(step(diagnosis.report(), "api_call").code, DiagnosisCode::Canceled);
}

void TestDiagnosis::cancelBeforeTheTokenRequestSendsNothing()
{
    // A receiver of stepChanged cancels as the token step starts: the secret is never posted,
    // and canceled steps are skipped, not failed.
    test::SandboxFixture sandbox;
    Rig rig;
    rig.addEnvironment(QStringLiteral("lab"), sandbox.baseUrl());
    rig.storeCredentials(QStringLiteral("lab"), sandbox.clientId, sandbox.clientSecret);
    Diagnosis diagnosis(rig.core->diagnosisDeps(), QStringLiteral("lab"));
    QSignalSpy finished(&diagnosis, &Diagnosis::finished);
    QObject::connect(&diagnosis, &Diagnosis::stepChanged, &diagnosis, [&](int, const DiagnosisStep &current) {
        if (current.id == QLatin1String("token") && current.status == CheckStatus::Running)
            diagnosis.cancel();
    });
    diagnosis.start();
    QVERIFY(finished.wait(10000));
    QTest::qWait(300);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(0));
    const DiagnosisReport report = diagnosis.report();
    QVERIFY(report.ok());
    QCOMPARE(step(report, "token").status, CheckStatus::Skipped);
    QCOMPARE(step(report, "token").code, DiagnosisCode::Canceled);
    QCOMPARE(report.summary, QStringLiteral("Canceled"));
}

QTEST_GUILESS_MAIN(TestDiagnosis)
#include "tst_diagnosis.moc"
