// The sandbox API in the foreground: what `sandbox` runs in bioepic-cred-sandbox and the tests.
#include "cliapp.h"
#include "sandboxoptions.h"

#include "sandbox/sandboxserver.h"

namespace bioepic::cli {

void runSandbox(CliApp &app, const QCommandLineParser &parser, const SandboxCommandOptions &commandOptions)
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

} // namespace bioepic::cli
