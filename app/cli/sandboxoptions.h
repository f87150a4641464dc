#pragma once

// The sandbox command's options, shared by its entry in the command table (sandboxcommand.cpp) and
// what runs it: the server itself in bioepic-cred-sandbox (sandboxserve.cpp), or, in bioepic-cred,
// an exec of that program (sandboxlaunch.cpp), so bioepic-cred never loads the HTTP server.
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

namespace bioepic::cli {

class CliApp;

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

/** @brief Runs `sandbox` with @p parser's options: serves until interrupted, or fails. */
void runSandbox(CliApp &app, const QCommandLineParser &parser, const SandboxCommandOptions &options);

} // namespace bioepic::cli
