// bioepic-cred rotate | rollback | history
#include "cliapp.h"
#include "command.h"
#include "coreservices.h"
#include "terminal.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace bioepic::cli {

namespace {

QString stateMark(StepState state)
{
    switch (state) {
    case StepState::Pending:
        return QStringLiteral(" ");
    case StepState::Running:
        return QStringLiteral("…");
    case StepState::Passed:
        return QStringLiteral("✓");
    case StepState::Failed:
        return QStringLiteral("✗");
    case StepState::Skipped:
        return QStringLiteral("-");
    }
    return {};
}

/** Runs a flow, printing each finished step on stderr; finishes the app with the flow's outcome. */
void runFlow(CliApp &app, const QString &environment, RotationRequest request)
{
    CoreServices &core = app.core();
    auto *flow = new RotationFlow(core.rotationDeps(), environment, std::move(request), &app);
    QObject::connect(flow, &RotationFlow::stepChanged, &app,
                     [&app, flow](RotationStep step, StepState state, const QString &detail) {
                         if (state == StepState::Running)
                             return; // print outcomes, not starts
                         QString line = QStringLiteral("  %1 %2").arg(stateMark(state),
                                                                      rotationStepTitle(step, flow->kind()));
                         if (!detail.isEmpty())
                             line += QStringLiteral(" — ") + detail;
                         app.info(line);
                     });
    QObject::connect(flow, &RotationFlow::finished, &app, [&app, flow, environment](const RotationResult &result) {
        flow->deleteLater();
        if (!result.error.ok()) {
            app.fail(result.error);
            return;
        }
        switch (flow->kind()) {
        case RotationKind::Rotate:
            app.info(QStringLiteral("Rotated \"%1\": active %2, previous %3 kept for rollback.")
                             .arg(environment, result.newFingerprint, result.oldFingerprint));
            break;
        case RotationKind::ResetOnServer:
            app.info(QStringLiteral("Reset \"%1\" on the server: active %2.").arg(environment, result.newFingerprint));
            break;
        case RotationKind::MintOnServer:
            app.info(QStringLiteral("Rotated \"%1\" to the new client %2: active %3%4.")
                             .arg(environment, result.mintedClient, result.newFingerprint,
                                  result.retiredClient.isEmpty() ? QString()
                                                                 : QStringLiteral("; the old client %1 was retired")
                                                                           .arg(result.retiredClient)));
            break;
        case RotationKind::RetireOld:
            app.info(QStringLiteral("Retired the old client %1 of \"%2\": it no longer works.")
                             .arg(result.retiredClient, environment));
            break;
        case RotationKind::Rollback:
            app.info(QStringLiteral("Rolled \"%1\" back: active %2, previous %3.")
                             .arg(environment, result.newFingerprint, result.oldFingerprint));
            break;
        case RotationKind::Resume:
        case RotationKind::Discard:
            app.info(result.changedCredentials
                             ? QStringLiteral("Finished the interrupted operation of \"%1\".").arg(environment)
                             : QStringLiteral("\"%1\" is consistent again; the active credentials were kept.")
                                       .arg(environment));
            break;
        }
        if (!result.warning.isEmpty())
            app.info(QStringLiteral("Note: ") + result.warning);
        app.finish(0);
    });
    flow->start();
}

struct RotateOptions
{
    QCommandLineOption clientId{
            QStringLiteral("client-id"),
            QStringLiteral("A new client id to go with the new secret (default: keep the current)."),
            QStringLiteral("ID")};
    QCommandLineOption username{QStringLiteral("username"), QStringLiteral("A new user name (password grant)."),
                                QStringLiteral("USER")};
    QCommandLineOption secretStdin{QStringLiteral("secret-stdin"),
                                   QStringLiteral("Read the new secret from the first line of standard input.")};
    QCommandLineOption noVerify{QStringLiteral("no-verify"),
                                QStringLiteral("Skip the authenticated call after the token request.")};
    QCommandLineOption resume{QStringLiteral("resume"), QStringLiteral("Finish a rotation that was interrupted.")};
    QCommandLineOption discard{QStringLiteral("discard"),
                               QStringLiteral("Drop an interrupted rotation's staged secret, keeping what is active.")};
    QCommandLineOption onServer{QStringLiteral("on-server"),
                                QStringLiteral("Have the server make the new credentials (a site administrator signs "
                                               "in): --reset (the default) or --mint.")};
    QCommandLineOption reset{QStringLiteral("reset"),
                             QStringLiteral("With --on-server: a random new secret, set on the server in place; the "
                                            "old one stops working at once.")};
    QCommandLineOption mint{QStringLiteral("mint"),
                            QStringLiteral("With --on-server: a new client for the site; the old one keeps working "
                                           "until retired.")};
    QCommandLineOption admin{QStringLiteral("admin"),
                             QStringLiteral("The environment holding the site administrator's user name and password."),
                             QStringLiteral("ENV")};
    QCommandLineOption adminUser{QStringLiteral("admin-user"),
                                 QStringLiteral("The site administrator's user name; the password is read from "
                                                "standard input (--secret-stdin) or asked for, and stored nowhere."),
                                 QStringLiteral("USER")};
    QCommandLineOption site{QStringLiteral("site"),
                            QStringLiteral("With --mint: the site (default: the one the administrator administers)."),
                            QStringLiteral("SITE_ID")};
    QCommandLineOption retireOld{QStringLiteral("retire-old"),
                                 QStringLiteral("With --mint: retire the old client now, or after DAYS days (a "
                                                "reminder then). Alone: retire the client an earlier mint left."),
                                 QStringLiteral("now|DAYS")};
};

/** The administrator's user name and password, from an environment's keychain entry or typed once. */
void withAdmin(CliApp &app, const QCommandLineParser &parser, const RotateOptions &options,
               std::function<void(const Credentials &)> next)
{
    if (parser.isSet(options.admin) == parser.isSet(options.adminUser)) {
        app.usageError(QStringLiteral("a site administrator signs in for this: give --admin ENV (their stored user "
                                      "name and password) or --admin-user USER"));
        return;
    }
    if (parser.isSet(options.adminUser)) {
        QString problem;
        const auto password = parser.isSet(options.secretStdin)
                ? readLineFromStdin(&problem)
                : promptHidden(QStringLiteral("Password of %1 (not shown): ").arg(parser.value(options.adminUser)),
                               &problem);
        if (!password || password->isEmpty()) {
            app.usageError(QStringLiteral("no administrator password given (%1)")
                                   .arg(password ? QStringLiteral("empty") : problem));
            return;
        }
        Credentials admin;
        admin.method = AuthMethod::Password;
        admin.identity = parser.value(options.adminUser);
        admin.secret = Secret::fromString(*password);
        next(admin);
        return;
    }
    const QString adminEnv = parser.value(options.admin);
    if (!app.requireEnvironment(adminEnv))
        return;
    app.core().vault()->readUsableCredentials(
            adminEnv, &app,
            [&app, adminEnv, next = std::move(next)](const KeychainError &error,
                                                     const std::optional<Credentials> &found) {
                if (!error.ok()) {
                    Error failure = error.toError();
                    if (error.isNotFound())
                        failure.remedy = QStringLiteral("Store the administrator's password first: bioepic-cred login "
                                                        "%1 --username USER")
                                                 .arg(adminEnv);
                    app.fail(failure);
                    return;
                }
                next(*found);
            });
}

void rotateOnServer(CliApp &app, const QCommandLineParser &parser, const RotateOptions &options)
{
    const QString name = parser.positionalArguments().first();
    if (parser.isSet(options.clientId) || parser.isSet(options.username)) {
        app.usageError(QStringLiteral("--on-server makes the new credentials itself: --client-id and --username do "
                                      "not go with it"));
        return;
    }
    if (parser.isSet(options.reset) && parser.isSet(options.mint)) {
        app.usageError(QStringLiteral("give --reset or --mint, not both"));
        return;
    }
    RotationRequest request;
    request.verify = !parser.isSet(options.noVerify);
    request.siteId = parser.value(options.site);
    const bool retireOnly = !parser.isSet(options.onServer);
    request.kind = retireOnly            ? RotationKind::RetireOld
            : parser.isSet(options.mint) ? RotationKind::MintOnServer
                                         : RotationKind::ResetOnServer;
    if (parser.isSet(options.retireOld)) {
        const QString value = parser.value(options.retireOld);
        bool number = false;
        const int days = value == QLatin1String("now") ? 0 : value.toInt(&number);
        if ((value != QLatin1String("now") && (!number || days < 1 || days > 3650))
            || (retireOnly && value != QLatin1String("now"))) {
            app.usageError(retireOnly ? QStringLiteral("alone, --retire-old takes \"now\"")
                                      : QStringLiteral("--retire-old takes \"now\" or a number of days from 1 to "
                                                       "3650"));
            return;
        }
        if (request.kind == RotationKind::ResetOnServer) {
            app.usageError(QStringLiteral("--retire-old goes with --mint: a reset has no old client left"));
            return;
        }
        request.retireAfterDays = days;
    }
    if (!app.requireEnvironment(name))
        return;
    const CredentialMetadata meta = app.core().credentials()->metadata(name);
    if (meta.hasPending()) {
        app.fail(interruptedOperationError(name, meta));
        return;
    }
    withAdmin(app, parser, options, [&app, name, request](const Credentials &admin) mutable {
        request.admin = admin;
        switch (request.kind) {
        case RotationKind::MintOnServer:
            app.info(QStringLiteral("Minting a new client for \"%1\" on the server:").arg(name));
            break;
        case RotationKind::RetireOld:
            app.info(QStringLiteral("Retiring the old client of \"%1\":").arg(name));
            break;
        default:
            app.info(QStringLiteral("Resetting the secret of \"%1\" on the server:").arg(name));
            break;
        }
        runFlow(app, name, request);
    });
}

void rotate(CliApp &app, const QCommandLineParser &parser, const RotateOptions &options)
{
    const QCommandLineOption &clientId = options.clientId;
    const QCommandLineOption &username = options.username;
    const QCommandLineOption &secretStdin = options.secretStdin;
    const QCommandLineOption &noVerify = options.noVerify;
    const QCommandLineOption &resume = options.resume;
    const QCommandLineOption &discard = options.discard;
    const QString name = parser.positionalArguments().first();
    const bool serverOnly = parser.isSet(options.onServer) || parser.isSet(options.retireOld);
    if (serverOnly && !parser.isSet(resume) && !parser.isSet(discard)) {
        rotateOnServer(app, parser, options);
        return;
    }
    if (!parser.isSet(options.onServer)
        && (parser.isSet(options.reset) || parser.isSet(options.mint) || parser.isSet(options.admin)
            || parser.isSet(options.adminUser) || parser.isSet(options.site))) {
        app.usageError(QStringLiteral("--reset, --mint, --admin, --admin-user and --site go with --on-server"));
        return;
    }
    RotationRequest request;
    request.verify = !parser.isSet(noVerify);
    if (parser.isSet(resume) || parser.isSet(discard)) {
        if (parser.isSet(resume) && parser.isSet(discard)) {
            app.usageError(QStringLiteral("give --resume or --discard, not both"));
            return;
        }
        request.kind = parser.isSet(resume) ? RotationKind::Resume : RotationKind::Discard;
        app.info(QStringLiteral("%1 the interrupted operation of \"%2\":")
                         .arg(parser.isSet(resume) ? u"Resuming" : u"Discarding", name));
        runFlow(app, name, request);
        return;
    }
    if (parser.isSet(clientId) && parser.isSet(username)) {
        app.usageError(QStringLiteral("give either --client-id or --username, not both"));
        return;
    }
    CoreServices &core = app.core();
    const CredentialMetadata meta = core.credentials()->metadata(name);
    if (core.environments()->find(name) && meta.hasPending()) {
        app.fail(interruptedOperationError(name, meta)); // before asking for a secret that could not be used
        return;
    }
    request.kind = RotationKind::Rotate;
    request.newIdentity = parser.isSet(username) ? parser.value(username) : parser.value(clientId);
    const bool password = meta.stored && meta.method == AuthMethod::Password;
    QString problem;
    const auto secret = parser.isSet(secretStdin)
            ? readLineFromStdin(&problem)
            : promptHidden(password ? QStringLiteral("New password for %1 (not shown): ").arg(name)
                                    : QStringLiteral("New client secret for %1 (not shown): ").arg(name),
                           &problem);
    if (!secret || secret->isEmpty()) {
        app.usageError(
                QStringLiteral("no new secret given (%1)%2")
                        .arg(secret ? QStringLiteral("empty") : problem,
                             parser.isSet(secretStdin) ? QString() : QStringLiteral("; pipe it with --secret-stdin")));
        return;
    }
    request.newSecret = Secret::fromString(*secret);
    app.info(QStringLiteral("Rotating \"%1\":").arg(name));
    runFlow(app, name, request);
}

void rollback(CliApp &app, const QCommandLineParser &parser, const QCommandLineOption &noVerify)
{
    RotationRequest request;
    request.kind = RotationKind::Rollback;
    request.verify = !parser.isSet(noVerify);
    app.info(QStringLiteral("Rolling \"%1\" back to its previous credentials:")
                     .arg(parser.positionalArguments().first()));
    runFlow(app, parser.positionalArguments().first(), request);
}

void history(CliApp &app, const QCommandLineParser &parser, const QCommandLineOption &json)
{
    const QString name = parser.positionalArguments().first();
    CoreServices &core = app.core();
    // The history of a removed environment stays readable.
    if (!QFile::exists(core.history()->filePath(name)) && !app.requireEnvironment(name))
        return;
    const QList<HistoryEntry> entries = core.history()->entries(name);
    if (parser.isSet(json)) {
        QJsonArray array;
        for (const HistoryEntry &entry : entries)
            array.append(entry.toJson());
        app.out() << QJsonDocument(
                             QJsonObject{{QStringLiteral("environment"), name}, {QStringLiteral("history"), array}})
                             .toJson(QJsonDocument::Indented);
        app.finish(0);
        return;
    }
    if (entries.isEmpty())
        app.info(QStringLiteral("No history for \"%1\" yet.").arg(name));
    for (const HistoryEntry &entry : entries) {
        QString line = QStringLiteral("%1  %2  %3")
                               .arg(entry.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                    entry.action.leftJustified(8), entry.outcome.leftJustified(8));
        if (!entry.step.isEmpty())
            line += QStringLiteral(" at %1").arg(entry.step);
        if (!entry.identity.isEmpty())
            line += QStringLiteral("  [%1]").arg(entry.identity);
        if (!entry.oldFingerprint.isEmpty() || !entry.newFingerprint.isEmpty())
            line += QStringLiteral("  %1 → %2")
                            .arg(entry.oldFingerprint.isEmpty() ? QStringLiteral("-") : entry.oldFingerprint,
                                 entry.newFingerprint.isEmpty() ? QStringLiteral("-") : entry.newFingerprint);
        if (!entry.message.isEmpty())
            line += QStringLiteral("  ") + entry.message;
        app.out() << line << '\n';
    }
    app.finish(0);
}

} // namespace

QList<Command> rotationCommands()
{
    const RotateOptions rotateOptions;
    Command rotate;
    rotate.path = {QStringLiteral("rotate")};
    rotate.arguments = QStringLiteral("NAME");
    rotate.minArguments = rotate.maxArguments = 1;
    rotate.takesEnvironment = true;
    rotate.summary = QStringLiteral("verified rotation: the new secret becomes active only after it got a token, and "
                                    "the old one is kept for rollback");
    rotate.description = QStringLiteral(
            "Stores the new secret (read from standard input with --secret-stdin, or asked for without echo) in the "
            "staged slot, gets a token with it, makes an authenticated call (who-am-I, or a one-record search), and "
            "only then makes it active, keeping the old one as previous. Any failure before that leaves the active "
            "credentials untouched and says why.\n\n"
            "If the process is killed half-way, the next run says so: --resume finishes the rotation, --discard "
            "drops the staged secret (keeping what is active).\n\n"
            "With --on-server the server makes the new credentials, where its profile has the endpoints (the NMDC "
            "Runtime does): a site administrator signs in (--admin ENV, or --admin-user USER once, stored nowhere). "
            "--reset (the default) generates a random 32-byte secret here, stages it, sets it on the server in "
            "place, proves it and makes it active; the old secret dies on the server at once, so there is nothing "
            "to roll back to, and a crash at any point leaves either nothing changed or the new secret on the "
            "server and in the staged slot, which --resume finishes. --mint has the server create a new client for "
            "the site and stores it before anything else; the old client keeps working until it is retired "
            "(--retire-old now, or after DAYS days), for machines that still use it. A client minted but never "
            "stored is named in the history and reported.");
    rotate.options = {rotateOptions.clientId, rotateOptions.username, rotateOptions.secretStdin, rotateOptions.noVerify,
                      rotateOptions.resume,   rotateOptions.discard,  rotateOptions.onServer,    rotateOptions.reset,
                      rotateOptions.mint,     rotateOptions.admin,    rotateOptions.adminUser,   rotateOptions.site,
                      rotateOptions.retireOld};
    rotate.examples = {QStringLiteral("printf '%s\\n' \"$NEW_SECRET\" | bioepic-cred rotate prod --secret-stdin"),
                       QStringLiteral("bioepic-cred rotate prod --on-server --admin prod-admin"),
                       QStringLiteral("bioepic-cred rotate prod --on-server --mint --admin prod-admin --retire-old 7")};
    rotate.run = [rotateOptions](CliApp &app, const QCommandLineParser &parser) {
        cli::rotate(app, parser, rotateOptions);
    };

    const QCommandLineOption noVerify(QStringLiteral("no-verify"),
                                      QStringLiteral("Skip the authenticated call after the token request."));
    Command rollback;
    rollback.path = {QStringLiteral("rollback")};
    rollback.arguments = QStringLiteral("NAME");
    rollback.minArguments = rollback.maxArguments = 1;
    rollback.takesEnvironment = true;
    rollback.summary = QStringLiteral("go back to the previous credentials, after checking they still get a token");
    rollback.description = QStringLiteral("Swaps back to the credentials the last rotation replaced. They are tried "
                                          "first: if the server no longer accepts them, nothing changes.");
    rollback.options = {noVerify};
    rollback.run = [noVerify](CliApp &app, const QCommandLineParser &parser) { cli::rollback(app, parser, noVerify); };

    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Machine-readable output."));
    Command history;
    history.path = {QStringLiteral("history")};
    history.arguments = QStringLiteral("NAME");
    history.minArguments = history.maxArguments = 1;
    history.takesEnvironment = true;
    history.summary = QStringLiteral("logins, rotations, rollbacks and failures, with fingerprints");
    history.description = QStringLiteral("Lists every change of the environment's credentials, oldest first, with "
                                         "credential fingerprints and never a secret. The history of a removed "
                                         "environment stays readable.");
    history.options = {json};
    history.run = [json](CliApp &app, const QCommandLineParser &parser) { cli::history(app, parser, json); };
    return {rotate, rollback, history};
}

} // namespace bioepic::cli
