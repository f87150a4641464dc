// bioepic-cred sandbox: the sandbox API in the foreground.
#include "cliapp.h"
#include "command.h"

#include "sandbox/sandboxserver.h"

namespace bioepic::cli {

namespace {

struct SandboxCommandOptions
{
    QCommandLineOption port{QStringLiteral("port"),
                            QStringLiteral("Port on 127.0.0.1 (default: any free port; the URL is printed on stdout)."),
                            QStringLiteral("N")};
    QCommandLineOption records{QStringLiteral("records"),
                               QStringLiteral("Size of the samples collection (default 10000)."), QStringLiteral("N")};
    QCommandLineOption lifetime{QStringLiteral("token-lifetime"),
                                QStringLiteral("Token lifetime in seconds (default 600)."), QStringLiteral("S")};
    QCommandLineOption profile{QStringLiteral("profile"),
                               QStringLiteral("bioepic (expires_in, RFC 6749 errors) or nmdc (JWT, expires{}, FastAPI "
                                              "errors)."),
                               QStringLiteral("bioepic|nmdc")};
    QCommandLineOption jwt{QStringLiteral("jwt"), QStringLiteral("Issue JWTs in the bioepic profile too.")};
    QCommandLineOption jwtOffset{QStringLiteral("jwt-exp-offset"),
                                 QStringLiteral("Make the JWT exp disagree with the stated lifetime by S seconds."),
                                 QStringLiteral("S")};
    QCommandLineOption latency{QStringLiteral("latency"), QStringLiteral("Delay every answer by MS milliseconds."),
                               QStringLiteral("MS")};
    QCommandLineOption errorRate{QStringLiteral("error-rate"),
                                 QStringLiteral("Answer this fraction of requests (0..1) with 503."),
                                 QStringLiteral("F")};
    QCommandLineOption skew{QStringLiteral("clock-skew"),
                            QStringLiteral("Run the server's clock S seconds ahead (negative: behind)."),
                            QStringLiteral("S")};
    QCommandLineOption tlsCert{QStringLiteral("tls-cert"),
                               QStringLiteral("Serve https with this PEM certificate (with --tls-key)."),
                               QStringLiteral("FILE")};
    QCommandLineOption tlsKey{QStringLiteral("tls-key"), QStringLiteral("The certificate's RSA key (PEM)."),
                              QStringLiteral("FILE")};
    QCommandLineOption signingKeyFile{
            QStringLiteral("signing-key-file"),
            QStringLiteral("Keep the token signing key in FILE (created when missing). Restarting with the same file "
                           "keeps issued tokens valid; with another file, or after POST /sandbox/rotate-signing-key, "
                           "the server rejects them, as a real server restarted with a new secret does."),
            QStringLiteral("FILE")};

    [[nodiscard]] QList<QCommandLineOption> list() const
    {
        return {port,    records,   lifetime, profile, jwt,    jwtOffset,
                latency, errorRate, skew,     tlsCert, tlsKey, signingKeyFile};
    }
};

void sandbox(CliApp &app, const QCommandLineParser &parser, const SandboxCommandOptions &commandOptions)
{
    const auto &[port, records, lifetime, profile, jwt, jwtOffset, latency, errorRate, skew, tlsCert, tlsKey,
                 signingKeyFile]
            = commandOptions;

    SandboxOptions options;
    struct IntOption
    {
        const QCommandLineOption *option;
        int *target;
        int low;
        int high;
    };
    int portValue = 0;
    const IntOption ints[] = {
            {&port, &portValue, 0, 65535},
            {&records, &options.records, 0, 10'000'000},
            {&lifetime, &options.tokenLifetimeS, 1, 30 * 86400},
            {&jwtOffset, &options.jwtExpOffsetS, -86400, 86400},
            {&latency, &options.latencyMs, 0, 600'000},
            {&skew, &options.clockSkewS, -30 * 86400, 30 * 86400},
    };
    for (const IntOption &entry : ints) {
        if (!parser.isSet(*entry.option))
            continue;
        bool ok = false;
        const int value = parser.value(*entry.option).toInt(&ok);
        if (!ok || value < entry.low || value > entry.high) {
            app.usageError(QStringLiteral("--%1: \"%2\" must be a whole number from %3 to %4")
                                   .arg(entry.option->names().first(), parser.value(*entry.option))
                                   .arg(entry.low)
                                   .arg(entry.high));
            return;
        }
        *entry.target = value;
    }
    options.port = quint16(portValue);
    if (parser.isSet(errorRate)) {
        bool ok = false;
        options.errorRate = parser.value(errorRate).toDouble(&ok);
        if (!ok || options.errorRate < 0 || options.errorRate > 1) {
            app.usageError(
                    QStringLiteral("--error-rate: \"%1\" must be a number from 0 to 1").arg(parser.value(errorRate)));
            return;
        }
    }
    if (parser.isSet(profile)) {
        const auto chosen = sandboxProfileFromName(parser.value(profile));
        if (!chosen) {
            app.usageError(
                    QStringLiteral("--profile: \"%1\" is unknown; use bioepic or nmdc").arg(parser.value(profile)));
            return;
        }
        options.profile = *chosen;
    }
    options.jwtTokens = parser.isSet(jwt);
    if (parser.isSet(tlsCert) != parser.isSet(tlsKey)) {
        app.usageError(QStringLiteral("--tls-cert and --tls-key go together"));
        return;
    }
    options.tlsCertificateFile = parser.value(tlsCert);
    options.tlsKeyFile = parser.value(tlsKey);
    options.signingKeyFile = parser.value(signingKeyFile);

    auto *server = new SandboxServer(options, nullptr, &app);
    QString problem;
    if (!server->start(&problem)) {
        app.fail({ErrorClass::Network,
                  QStringLiteral("The sandbox could not start: ") + problem,
                  QStringLiteral("Choose another --port, or leave it out to take any free port."),
                  {},
                  {}});
        return;
    }
    const QString url = server->baseUrl().toString();
    app.out() << url << Qt::endl;
    app.info(QStringLiteral("Sandbox API (%1 profile) on %2 — Ctrl-C stops it.")
                     .arg(sandboxProfileName(options.profile), url));
    app.info(QStringLiteral("  demo client:  client_id %1, client_secret %2")
                     .arg(QLatin1String(sandboxdemo::kClientId), QLatin1String(sandboxdemo::kClientSecret)));
    app.info(QStringLiteral("  demo user:    username %1, password %2")
                     .arg(QLatin1String(sandboxdemo::kUsername), QLatin1String(sandboxdemo::kPassword)));
    app.info(QStringLiteral("  collections:  samples (%1), studies, sites; tokens live %2 s")
                     .arg(options.records)
                     .arg(options.tokenLifetimeS));
    app.info(QStringLiteral("Try it:\n  bioepic-cred env add sandbox --base-url %1%2\n"
                            "  printf '%s\\n' %3 | bioepic-cred login sandbox --client-id %4 --secret-stdin\n"
                            "  bioepic-cred token sandbox")
                     .arg(url, options.profile == SandboxProfile::Nmdc ? QStringLiteral(" --profile nmdc") : QString(),
                          QLatin1String(sandboxdemo::kClientSecret), QLatin1String(sandboxdemo::kClientId)));
    // Runs until the process is interrupted; finish() is never called.
}

} // namespace

QList<Command> sandboxCommands()
{
    const SandboxCommandOptions options;
    Command sandbox;
    sandbox.path = {QStringLiteral("sandbox")};
    sandbox.summary = QStringLiteral("run the local sandbox API in the foreground");
    sandbox.description = QStringLiteral(
            "Runs the sandbox API on 127.0.0.1 in the foreground (Ctrl-C stops it). It speaks both API profiles; "
            "try it with the demo credentials it prints.");
    sandbox.options = options.list();
    sandbox.examples = {QStringLiteral("bioepic-cred sandbox --port 8080 --profile nmdc --token-lifetime 60")};
    sandbox.run = [options](CliApp &app, const QCommandLineParser &parser) { cli::sandbox(app, parser, options); };
    return {sandbox};
}

} // namespace bioepic::cli
