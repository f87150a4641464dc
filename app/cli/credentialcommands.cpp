// bioepic-cred login | status | token
#include "cliapp.h"
#include "command.h"
#include "coreservices.h"
#include "terminal.h"

#include "credentials/environmentstatus.h"
#include "keychain/keychainerror.h"
#include "keychain/secretserviceprovider.h"

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

struct LoginOptions
{
    QCommandLineOption clientId{QStringLiteral("client-id"),
                                QStringLiteral("The client id (client_credentials grant); asked for when missing."),
                                QStringLiteral("ID")};
    QCommandLineOption username{QStringLiteral("username"), QStringLiteral("The user name (password grant)."),
                                QStringLiteral("USER")};
    QCommandLineOption secretStdin{QStringLiteral("secret-stdin"),
                                   QStringLiteral("Read the secret (or password) from the first line of standard "
                                                  "input instead of a prompt.")};
    QCommandLineOption noVerify{QStringLiteral("no-verify"),
                                QStringLiteral("Store without checking with a token request first.")};
};

void reportLogin(CliApp &app, CoreServices &core, const QString &name, const LoginResult &result)
{
    const CredentialMetadata stored = core.credentials()->metadata(name);
    app.info(QStringLiteral("Stored credentials for \"%1\" (%2, %3) in the %4.")
                     .arg(name, stored.identity, stored.fingerprint, core.keychain()->backendName()));
    if (!result.token)
        app.info(QStringLiteral("Not verified (--no-verify)."));
    else if (result.acceptedByWhoAmI)
        app.info(QStringLiteral("Verified: the server issued a token valid until %1 (expiry from %2) and accepted "
                                "it on who-am-I.")
                         .arg(localTime(result.token->info.expiresAt),
                              expirySourceName(result.token->info.expirySource)));
    else
        app.info(QStringLiteral("Verified by the token request only: the server issued a token valid until %1 "
                                "(expiry from %2); the profile has no who-am-I endpoint to prove more.")
                         .arg(localTime(result.token->info.expiresAt),
                              expirySourceName(result.token->info.expirySource)));
    app.finish(0);
}

void login(CliApp &app, const QCommandLineParser &parser, const LoginOptions &options)
{
    const auto &[clientId, username, secretStdin, noVerify] = options;
    if (parser.isSet(clientId) && parser.isSet(username)) {
        app.usageError(QStringLiteral("give either --client-id or --username, not both"));
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
                                            client ? u"--client-id ID" : u"--username NAME"));
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
                             parser.isSet(secretStdin) ? QString() : QStringLiteral("; pipe it with --secret-stdin")));
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
        // "in the Secret Service (KeePassXC)": where the secret went, by the name of its program.
        detectSecretProvider(&app, [&app, &core, name, result] { reportLogin(app, core, name, result); });
    });
}

using TokenChecks = QHash<QString, TokenCheck>;

QString describeCheck(const TokenCheck &check)
{
    switch (check.result) {
    case TokenCheck::Result::Accepted:
        return QStringLiteral("the server accepts the token %1 (%2)").arg(check.fingerprint, check.detail);
    case TokenCheck::Result::Rejected:
        return QStringLiteral("the server REJECTED the token %1: \"%2\"").arg(check.fingerprint, check.detail);
    case TokenCheck::Result::NoToken:
        return QStringLiteral("nothing to check: %1").arg(check.detail);
    case TokenCheck::Result::NotCheckable:
        return QStringLiteral("cannot check: %1").arg(check.detail);
    case TokenCheck::Result::Failed:
        return QStringLiteral("the check failed: %1").arg(check.detail);
    }
    return {};
}

/** Prints the status of @p environments (with the checks made, if any) and finishes. */
void printStatus(CliApp &app, const QList<Environment> &environments, bool asJson, const TokenChecks &checks)
{
    CoreServices &core = app.core();
    const QDateTime now = core.clock()->now();
    int exitCode = 0;
    for (const TokenCheck &check : checks) {
        if (check.result == TokenCheck::Result::Rejected)
            exitCode = exitCodeFor(ErrorClass::CredentialsRejected);
        else if (check.result == TokenCheck::Result::Failed && exitCode == 0)
            exitCode = exitCodeFor(check.error.kind);
    }
    if (asJson) {
        QJsonArray array;
        for (const Environment &env : environments) {
            QJsonObject object = environmentStatus(env, *core.credentials(), *core.tokens(), now).toJson();
            if (const auto check = checks.constFind(env.name); check != checks.constEnd()) {
                QJsonObject checked{{QStringLiteral("result"), TokenCheck::resultName(check->result)},
                                    {QStringLiteral("detail"), check->detail}};
                if (!check->fingerprint.isEmpty())
                    checked.insert(QStringLiteral("fingerprint"), check->fingerprint);
                object.insert(QStringLiteral("check"), checked);
            }
            array.append(object);
        }
        app.out()
                << QJsonDocument(QJsonObject{{QStringLiteral("environments"), array}}).toJson(QJsonDocument::Indented);
        app.finish(exitCode);
        return;
    }
    for (const Environment &env : environments) {
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
        if (status.tokenState == TokenState::Rejected)
            app.out() << "  REJECTED     the server no longer accepts this token ("
                      << localTime(status.token.rejectedAt) << ": \"" << status.token.rejectedReason
                      << "\"); get a new one: bioepic-cred token " << env.name << " --refresh\n";
        if (const auto check = checks.constFind(env.name); check != checks.constEnd())
            app.out() << "  check        " << describeCheck(*check) << '\n';
        if (!status.token.lastError.isEmpty()) {
            app.out() << "  last error   " << status.token.lastError << " (" << localTime(status.token.lastErrorAt)
                      << ")\n";
            if (!status.token.lastErrorRemedy.isEmpty())
                app.out() << "               what to do: " << status.token.lastErrorRemedy << '\n';
        }
        if (status.rotation.known)
            app.out() << "  rotation     " << status.rotation.ageDays << " days old, " << status.rotation.describe()
                      << " (every " << env.rotationDays << " days)"
                      << (status.credentials.hasPrevious()
                                  ? QStringLiteral("; rollback copy %1").arg(status.credentials.previousFingerprint)
                                  : QString())
                      << '\n';
        if (status.credentials.hasRetirement()) {
            const QDateTime after = status.credentials.retireAfter;
            const bool due = !after.isValid() || after <= core.clock()->now();
            app.out() << (due ? "  RETIRE       " : "  retire       ") << "the old client "
                      << status.credentials.retireClientId << " still works"
                      << (after.isValid() ? QStringLiteral(" (to be retired after %1)").arg(localTime(after))
                                          : QString())
                      << (due ? QStringLiteral("; once nothing uses it: bioepic-cred rotate %1 --retire-old now "
                                               "--admin ADMIN")
                                          .arg(env.name)
                              : QString())
                      << '\n';
        }
        if (status.credentials.hasPending())
            app.out() << "  INTERRUPTED  a " << status.credentials.pendingOperation << " stopped half-way ("
                      << localTime(status.credentials.pendingSince) << "): bioepic-cred rotate " << env.name
                      << " --resume, or --discard\n";
    }
    app.finish(exitCode);
}

/** Checks the cached tokens of @p names one after another (one who-am-I each), then prints. */
void checkThenPrint(CliApp &app, QList<Environment> environments, bool asJson, QStringList names,
                    std::shared_ptr<TokenChecks> checks)
{
    if (names.isEmpty()) {
        printStatus(app, environments, asJson, *checks);
        return;
    }
    const QString name = names.takeFirst();
    app.core().tokens()->checkToken(name, &app,
                                    [&app, environments, asJson, names, checks, name](const TokenCheck &check) {
                                        checks->insert(name, check);
                                        checkThenPrint(app, environments, asJson, names, checks);
                                    });
}

void status(CliApp &app, const QCommandLineParser &parser, const QCommandLineOption &json,
            const QCommandLineOption &check, const QCommandLineOption &fromEnv)
{
    if (parser.isSet(fromEnv)) {
        if (parser.positionalArguments().isEmpty()) {
            app.usageError(QStringLiteral("--from-env needs the environment NAME"));
            return;
        }
        if (!app.useCredentialsFromEnvironment(parser.positionalArguments().first()))
            return;
    }
    CoreServices &core = app.core();
    QList<Environment> environments;
    if (!parser.positionalArguments().isEmpty()) {
        const auto env = app.requireEnvironment(parser.positionalArguments().first());
        if (!env)
            return;
        environments = {*env};
    } else if (const auto all = app.requireAllEnvironments()) {
        environments = *all;
    } else {
        return;
    }
    if (!parser.isSet(check)) {
        printStatus(app, environments, parser.isSet(json), {});
        return;
    }
    QStringList names;
    for (const Environment &env : std::as_const(environments)) {
        if (core.credentials()->hasCredentials(env.name))
            names.append(env.name);
    }
    checkThenPrint(app, environments, parser.isSet(json), names, std::make_shared<TokenChecks>());
}

void token(CliApp &app, const QCommandLineParser &parser, const QCommandLineOption &fromEnv,
           const QCommandLineOption &json, const QCommandLineOption &refresh)
{
    const QString name = parser.positionalArguments().first();
    const bool asJson = parser.isSet(json);
    if (parser.isSet(fromEnv) ? !app.useCredentialsFromEnvironment(name) : !app.requireEnvironment(name))
        return;
    CoreServices &core = app.core();
    const auto freshness
            = parser.isSet(refresh) ? TokenService::Freshness::ForceRefresh : TokenService::Freshness::UseCached;
    core.tokens()->requestToken(name, freshness, &app, [&app, name, asJson](const TokenResult &result) {
        if (!result.ok()) {
            app.fail(result.error);
            return;
        }
        // The token first; then a moment to cache it for the next process.
        printToken(app, name, result.token, asJson);
        app.finish(0); // the token goes out now; finish() then gives the cache write its moment
    });
}

} // namespace

QList<Command> credentialCommands()
{
    const LoginOptions loginOptions;
    Command login;
    login.path = {QStringLiteral("login")};
    login.arguments = QStringLiteral("NAME");
    login.minArguments = login.maxArguments = 1;
    login.takesEnvironment = true;
    login.summary = QStringLiteral("store credentials in the keychain, verified with a token request first");
    login.description = QStringLiteral(
            "Stores credentials for environment NAME in the OS keychain. The client id (or user name) comes from the "
            "option, or is asked for; the secret (or password) is read from standard input with --secret-stdin, or "
            "asked for without echo. Before storing, a token request checks that the server accepts them.");
    login.options = {loginOptions.clientId, loginOptions.username, loginOptions.secretStdin, loginOptions.noVerify};
    login.examples = {QStringLiteral(
            "printf '%s\\n' \"$CLIENT_SECRET\" | bioepic-cred login prod --client-id my-client --secret-stdin")};
    login.run
            = [loginOptions](CliApp &app, const QCommandLineParser &parser) { cli::login(app, parser, loginOptions); };

    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Machine-readable output."));
    const QCommandLineOption check(
            QStringLiteral("check"),
            QStringLiteral("Ask the server whether it still accepts each cached token (one who-am-I call per "
                           "environment). A token it refuses is marked rejected and dropped; exit 3 when any is."));
    Command status;
    status.path = {QStringLiteral("status")};
    status.arguments = QStringLiteral("[NAME]");
    status.maxArguments = 1;
    status.takesEnvironment = true;
    status.summary = QStringLiteral("credentials, token state, expiry and its source, rotation due");
    status.description = QStringLiteral(
            "Shows, for one environment or all: credentials present or missing, the token's state (none, valid, "
            "refresh_due, expired, rejected, error), when it expires and where that came from, its fingerprint, and "
            "how old the credentials are against the rotation policy. After a failed token request it also says "
            "what failed, when, and what to do about it. Without --check it never unlocks the keychain and makes "
            "no request.\n\n"
            "A token can stop working before its expiry: the server revoked it, or was restarted with a new signing "
            "key. --check finds out; a rejected token is replaced by the next token request.");
    const QCommandLineOption fromEnv = fromEnvironmentOption();
    status.options = {json, check, fromEnv};
    status.examples = {QStringLiteral("bioepic-cred status --check || bioepic-cred token prod --refresh")};
    status.run = [json, check, fromEnv](CliApp &app, const QCommandLineParser &parser) {
        cli::status(app, parser, json, check, fromEnv);
    };

    const QCommandLineOption tokenJson(
            QStringLiteral("json"),
            QStringLiteral("Print {\"access_token\", \"expires_at\", \"expiry_source\", \"fingerprint\"}."));
    const QCommandLineOption refresh(QStringLiteral("refresh"),
                                     QStringLiteral("Always request a new token, and replace the cached one (for a "
                                                    "token the server no longer accepts)."));
    Command token;
    token.path = {QStringLiteral("token")};
    token.arguments = QStringLiteral("NAME");
    token.minArguments = token.maxArguments = 1;
    token.takesEnvironment = true;
    token.summary = QStringLiteral("print a valid access token, reused until its refresh point");
    token.description = QStringLiteral(
            "Prints a valid access token for NAME on standard output. The token is cached in a file sealed under a "
            "key that lives in the keychain, and reused until its refresh point; then a new one is requested with "
            "the stored credentials. A refresh writes nothing to the keychain.");
    token.options = {fromEnv, refresh, tokenJson};
    token.examples = {QStringLiteral("curl -H \"Authorization: Bearer $(bioepic-cred token prod)\" https://…")};
    token.run = [fromEnv, tokenJson, refresh](CliApp &app, const QCommandLineParser &parser) {
        cli::token(app, parser, fromEnv, tokenJson, refresh);
    };
    return {login, status, token};
}

} // namespace bioepic::cli
