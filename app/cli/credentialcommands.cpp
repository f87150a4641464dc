// bioepic-cred login | status | token
#include "cliapp.h"
#include "coreservices.h"
#include "terminal.h"

#include "auth/environmentstatus.h"
#include "keychain/keychainerror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>

namespace bioepic::cli {

namespace {

QString localTime(const QDateTime &time)
{
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"));
}

/** "valid, expires 2026-… (in 9m 12s), refresh at …, from expires_in, sha256:…" */
QString describeToken(const EnvironmentStatus &status)
{
    const TokenInfo &info = status.token.info;
    QString text = tokenStateName(status.tokenState);
    if (info.isSet()) {
        text += status.expiresInS > 0 ? QStringLiteral(", expires %1 (in %2)")
                                                .arg(localTime(info.expiresAt), formatDuration(status.expiresInS))
                                      : QStringLiteral(", expired %1 (%2 ago)")
                                                .arg(localTime(info.expiresAt), formatDuration(-status.expiresInS));
        text += QStringLiteral(", refresh at %1, expiry from %2, %3")
                        .arg(info.refreshAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                             expirySourceName(info.expirySource), info.fingerprint);
    }
    return text;
}

std::optional<Credentials> credentialsFromProcessEnvironment(const QString &environment, AuthMethod preferred,
                                                             QString *problem)
{
    const QProcessEnvironment process = QProcessEnvironment::systemEnvironment();
    const QString prefix = environment.toUpper().replace(QLatin1Char('-'), QLatin1Char('_')) + QLatin1Char('_');
    auto value = [&](const QString &name) {
        const QString prefixed = process.value(prefix + name);
        return prefixed.isEmpty() ? process.value(name) : prefixed;
    };
    Credentials credentials;
    credentials.createdAt = QDateTime::currentDateTimeUtc();
    const QString clientId = value(QStringLiteral("CLIENT_ID"));
    const QString clientSecret = value(QStringLiteral("CLIENT_SECRET"));
    const QString username = value(QStringLiteral("USERNAME"));
    const QString password = value(QStringLiteral("PASSWORD"));
    const bool haveClient = !clientId.isEmpty() && !clientSecret.isEmpty();
    const bool haveUser = !username.isEmpty() && !password.isEmpty();
    if (haveClient && (preferred == AuthMethod::ClientCredentials || !haveUser)) {
        credentials.method = AuthMethod::ClientCredentials;
        credentials.identity = clientId;
        credentials.secret = Secret::fromString(clientSecret);
        return credentials;
    }
    if (haveUser) {
        credentials.method = AuthMethod::Password;
        credentials.identity = username;
        credentials.secret = Secret::fromString(password);
        return credentials;
    }
    *problem = QStringLiteral("--from-env needs CLIENT_ID and CLIENT_SECRET (or USERNAME and PASSWORD) in the "
                              "environment, optionally prefixed %1")
                       .arg(prefix);
    return std::nullopt;
}

void printToken(CliApp &app, const QString &environment, const Token &token, bool json)
{
    if (json) {
        const QJsonObject object{{QStringLiteral("environment"), environment},
                                 {QStringLiteral("access_token"), token.accessToken.revealString()},
                                 {QStringLiteral("expires_at"), token.info.expiresAt.toUTC().toString(Qt::ISODate)},
                                 {QStringLiteral("refresh_at"), token.info.refreshAt.toUTC().toString(Qt::ISODate)},
                                 {QStringLiteral("expiry_source"), expirySourceName(token.info.expirySource)},
                                 {QStringLiteral("fingerprint"), token.info.fingerprint}};
        app.out() << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
    } else {
        app.out() << token.accessToken.revealString() << '\n';
    }
    for (const QString &warning : token.info.warnings)
        app.info(QStringLiteral("warning: ") + warning);
}

} // namespace

void runLogin(CliApp &app, const QStringList &arguments)
{
    const QString command = QStringLiteral("login");
    QCommandLineParser parser;
    const QCommandLineOption clientId(QStringLiteral("client-id"), QStringLiteral("Client id."), QStringLiteral("id"));
    const QCommandLineOption username(QStringLiteral("username"), QStringLiteral("User name."), QStringLiteral("name"));
    const QCommandLineOption secretStdin(QStringLiteral("secret-stdin"), QStringLiteral("Read the secret from stdin."));
    const QCommandLineOption noVerify(QStringLiteral("no-verify"), QStringLiteral("Store without a token request."));
    parser.addOptions({clientId, username, secretStdin, noVerify});
    if (!app.parse(parser, command, arguments))
        return;
    if (parser.positionalArguments().size() != 1) {
        app.usageError(QStringLiteral("login needs exactly one environment NAME"), command);
        return;
    }
    if (parser.isSet(clientId) && parser.isSet(username)) {
        app.usageError(QStringLiteral("give either --client-id or --username, not both"), command);
        return;
    }
    const QString name = parser.positionalArguments().first();
    CoreServices &core = app.core();
    const auto env = app.requireEnvironment(name);
    if (!env)
        return;

    Credentials credentials;
    const CredentialMetadata known = core.credentials()->metadata(name);
    credentials.method = parser.isSet(username) ? AuthMethod::Password
            : parser.isSet(clientId)            ? AuthMethod::ClientCredentials
            : known.stored                      ? known.method
                                                : env->defaultMethod;
    const bool client = credentials.method == AuthMethod::ClientCredentials;
    credentials.identity = parser.isSet(username) ? parser.value(username) : parser.value(clientId);
    QString problem;
    if (credentials.identity.isEmpty()) {
        if (parser.isSet(secretStdin) && known.stored && known.method == credentials.method) {
            credentials.identity = known.identity;
        } else {
            const auto answer = promptVisible(client ? QStringLiteral("Client id for %1: ").arg(name)
                                                     : QStringLiteral("User name for %1: ").arg(name),
                                              &problem);
            if (!answer || answer->trimmed().isEmpty()) {
                app.usageError(QStringLiteral("no %1 given (%2); pass %3")
                                       .arg(client ? u"client id" : u"user name",
                                            answer ? QStringLiteral("empty answer") : problem,
                                            client ? u"--client-id ID" : u"--username NAME"),
                               command);
                return;
            }
            credentials.identity = answer->trimmed();
        }
    }
    const auto secret = parser.isSet(secretStdin)
            ? readLineFromStdin(&problem)
            : promptHidden(client ? QStringLiteral("Client secret for %1 (not shown): ").arg(name)
                                  : QStringLiteral("Password for %1 (not shown): ").arg(name),
                           &problem);
    if (!secret || secret->isEmpty()) {
        app.usageError(
                QStringLiteral("no %1 given (%2)%3")
                        .arg(client ? u"secret" : u"password", secret ? QStringLiteral("empty") : problem,
                             parser.isSet(secretStdin) ? QString() : QStringLiteral("; pipe it with --secret-stdin")),
                command);
        return;
    }
    credentials.secret = Secret::fromString(*secret);

    const bool verify = !parser.isSet(noVerify);
    if (verify)
        app.info(QStringLiteral("Checking the credentials with a token request to %1 …")
                         .arg(env->endpoint(env->profile().tokenPath).toString()));
    core.credentials()->login(name, credentials, verify, &app, [&app, &core, name](const LoginResult &result) {
        if (!result.error.ok()) {
            app.fail(result.error);
            return;
        }
        const CredentialMetadata stored = core.credentials()->metadata(name);
        app.info(QStringLiteral("Stored credentials for \"%1\" (%2, %3) in the %4.")
                         .arg(name, stored.identity, stored.fingerprint, core.keychain()->backendName()));
        if (result.token)
            app.info(QStringLiteral("Verified: the server issued a token valid until %1 (expiry from %2).")
                             .arg(localTime(result.token->info.expiresAt),
                                  expirySourceName(result.token->info.expirySource)));
        else
            app.info(QStringLiteral("Not verified (--no-verify)."));
        app.finish(0);
    });
}

void runStatus(CliApp &app, const QStringList &arguments)
{
    const QString command = QStringLiteral("status");
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Machine-readable output."));
    parser.addOption(json);
    if (!app.parse(parser, command, arguments))
        return;
    if (parser.positionalArguments().size() > 1) {
        app.usageError(QStringLiteral("status takes at most one environment NAME"), command);
        return;
    }
    CoreServices &core = app.core();
    QList<Environment> environments = core.environments()->environments();
    if (!parser.positionalArguments().isEmpty()) {
        const auto env = app.requireEnvironment(parser.positionalArguments().first());
        if (!env)
            return;
        environments = {*env};
    }
    const QDateTime now = core.clock()->now();
    if (parser.isSet(json)) {
        QJsonArray array;
        for (const Environment &env : std::as_const(environments))
            array.append(environmentStatus(env, *core.credentials(), *core.tokens(), now).toJson());
        app.out()
                << QJsonDocument(QJsonObject{{QStringLiteral("environments"), array}}).toJson(QJsonDocument::Indented);
        app.finish(0);
        return;
    }
    for (const Environment &env : std::as_const(environments)) {
        const EnvironmentStatus status = environmentStatus(env, *core.credentials(), *core.tokens(), now);
        app.out() << env.name << "  " << env.baseUrl.toString() << "  (" << env.profileName << ", "
                  << authMethodName(status.method()) << ")\n";
        app.out() << "  credentials  "
                  << (status.credentials.stored
                              ? QStringLiteral("present: %1, %2")
                                        .arg(status.credentials.identity, status.credentials.fingerprint)
                              : QStringLiteral("missing"))
                  << '\n';
        app.out() << "  token        " << describeToken(status) << '\n';
        for (const QString &warning : status.token.info.warnings)
            app.out() << "               warning: " << warning << '\n';
        if (!status.token.lastError.isEmpty())
            app.out() << "  last error   " << status.token.lastError << " (" << localTime(status.token.lastErrorAt)
                      << ")\n";
        if (status.rotation.known)
            app.out() << "  rotation     " << status.rotation.ageDays << " days old, " << status.rotation.describe()
                      << " (every " << env.rotationDays << " days)"
                      << (status.credentials.hasPrevious()
                                  ? QStringLiteral("; rollback copy %1").arg(status.credentials.previousFingerprint)
                                  : QString())
                      << '\n';
        if (status.credentials.hasPending())
            app.out() << "  INTERRUPTED  a " << status.credentials.pendingOperation << " stopped half-way ("
                      << localTime(status.credentials.pendingSince) << "): bioepic-cred rotate " << env.name
                      << " --resume, or --discard\n";
    }
    app.finish(0);
}

void runToken(CliApp &app, const QStringList &arguments)
{
    const QString command = QStringLiteral("token");
    QCommandLineParser parser;
    const QCommandLineOption fromEnv(QStringLiteral("from-env"), QStringLiteral("Credentials from the environment."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("JSON output."));
    parser.addOptions({fromEnv, json});
    if (!app.parse(parser, command, arguments))
        return;
    if (parser.positionalArguments().size() != 1) {
        app.usageError(QStringLiteral("token needs exactly one environment NAME"), command);
        return;
    }
    const QString name = parser.positionalArguments().first();
    const bool asJson = parser.isSet(json);
    CoreServices &core = app.core();
    const auto env = app.requireEnvironment(name);
    if (!env)
        return;
    if (parser.isSet(fromEnv)) {
        QString problem;
        const auto credentials = credentialsFromProcessEnvironment(name, env->defaultMethod, &problem);
        if (!credentials) {
            app.usageError(problem, command);
            return;
        }
        core.tokenClient()->requestToken(*env, *credentials, &app, [&app, name, asJson](const TokenResult &result) {
            if (!result.ok()) {
                app.fail(result.error);
                return;
            }
            printToken(app, name, result.token, asJson);
            app.finish(0);
        });
        return;
    }
    core.tokens()->requestToken(name, TokenService::Freshness::UseCached, &app,
                                [&app, name, asJson](const TokenResult &result) {
                                    if (!result.ok()) {
                                        app.fail(result.error);
                                        return;
                                    }
                                    printToken(app, name, result.token, asJson);
                                    app.finish(0);
                                });
}

} // namespace bioepic::cli
