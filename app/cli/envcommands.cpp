// bioepic-cred env list | add | edit | remove
#include "cliapp.h"
#include "command.h"
#include "coreservices.h"

#include "config/presets.h"
#include "credentials/environmentstatus.h"
#include "keychain/keychainerror.h"
#include "keychain/secretserviceprovider.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace bioepic::cli {

namespace {

struct SettingOptions
{
    QCommandLineOption preset{QStringLiteral("preset"),
                              QStringLiteral("Start from a known server: nmdc (NMDC Runtime production), nmdc-dev "
                                             "(NMDC development), bioepic or custom (these two need --base-url)."),
                              QStringLiteral("nmdc|nmdc-dev|bioepic|custom")};
    QCommandLineOption baseUrl{QStringLiteral("base-url"),
                               QStringLiteral("https://…, or http:// for a loopback address only."),
                               QStringLiteral("URL")};
    QCommandLineOption profile{QStringLiteral("profile"), QStringLiteral("API profile (default bioepic)."),
                               QStringLiteral("bioepic|nmdc")};
    QCommandLineOption method{QStringLiteral("method"),
                              QStringLiteral("The grant new credentials are asked for with (default "
                                             "client_credentials). Stored credentials keep their own."),
                              QStringLiteral("client_credentials|password")};
    QCommandLineOption clientAuth{QStringLiteral("client-auth"),
                                  QStringLiteral("How the client id and secret are sent: form fields (default) or "
                                                 "HTTP Basic."),
                                  QStringLiteral("form|basic")};
    QCommandLineOption refreshBuffer{QStringLiteral("refresh-buffer"),
                                     QStringLiteral("Refresh tokens this many seconds before expiry (default 300)."),
                                     QStringLiteral("S")};
    QCommandLineOption rotationDays{QStringLiteral("rotation-days"),
                                    QStringLiteral("Rotate credentials every N days (default 90)."),
                                    QStringLiteral("N")};
    QCommandLineOption timeout{QStringLiteral("timeout"),
                               QStringLiteral("Longest a request may take, from sending to its last byte, in seconds "
                                              "(default 30)."),
                               QStringLiteral("S")};
    QCommandLineOption maxPage{QStringLiteral("max-page-mb"),
                               QStringLiteral("Largest search page read, in MiB (default 256); larger ones are cut "
                                              "off as they arrive."),
                               QStringLiteral("N")};
    QCommandLineOption caBundle{QStringLiteral("ca-bundle"),
                                QStringLiteral("Extra CA certificates (PEM) for institutional TLS; \"\" clears it."),
                                QStringLiteral("FILE")};
    QCommandLineOption set{QStringLiteral("set"),
                           QStringLiteral("Override a profile field: token_path, search_path, results_key, "
                                          "next_token_key, page_token_param, health_path, who_am_i_path, "
                                          "example_collection. Repeatable."),
                           QStringLiteral("KEY=VALUE")};
    QCommandLineOption unset{QStringLiteral("unset"), QStringLiteral("Drop a profile override. Repeatable."),
                             QStringLiteral("KEY")};

    [[nodiscard]] QList<QCommandLineOption> list(bool edit) const
    {
        QList<QCommandLineOption> all{baseUrl,      profile, method,  clientAuth, refreshBuffer,
                                      rotationDays, timeout, maxPage, caBundle,   set};
        if (edit)
            all.append(unset);
        else
            all.prepend(preset);
        return all;
    }
};

/** Applies the given options to env; returns a usage message naming the option on failure. */
QString applySettings(const QCommandLineParser &parser, const SettingOptions &options, Environment &env)
{
    if (parser.isSet(options.baseUrl)) {
        const QString text = parser.value(options.baseUrl);
        if (const QString problem = validateBaseUrl(text); !problem.isEmpty())
            return QStringLiteral("--base-url: ") + problem;
        env.baseUrl = parseBaseUrl(text);
    }
    if (parser.isSet(options.profile)) {
        const QString name = parser.value(options.profile);
        if (!ApiProfile::builtin(name))
            return QStringLiteral("--profile: \"%1\" is unknown; use bioepic or nmdc").arg(name);
        env.profileName = name;
    }
    if (parser.isSet(options.method)) {
        const auto method = authMethodFromName(parser.value(options.method));
        if (!method)
            return QStringLiteral("--method: \"%1\" is unknown; use client_credentials or password")
                    .arg(parser.value(options.method));
        env.defaultMethod = *method;
    }
    if (parser.isSet(options.clientAuth)) {
        const auto auth = clientAuthFromName(parser.value(options.clientAuth));
        if (!auth)
            return QStringLiteral("--client-auth: \"%1\" is unknown; use form or basic")
                    .arg(parser.value(options.clientAuth));
        env.clientAuth = *auth;
    }
    const std::pair<const QCommandLineOption *, int *> numbers[] = {
            {&options.refreshBuffer, &env.refreshBufferS},
            {&options.rotationDays, &env.rotationDays},
            {&options.timeout, &env.timeoutS},
            {&options.maxPage, &env.maxPageMb},
    };
    for (const auto &[option, target] : numbers) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        const int value = parser.value(*option).toInt(&ok);
        if (!ok)
            return QStringLiteral("--%1: \"%2\" is not a whole number")
                    .arg(option->names().first(), parser.value(*option));
        *target = value;
    }
    if (parser.isSet(options.caBundle))
        env.caBundle = parser.value(options.caBundle);
    for (const QString &assignment : parser.values(options.set)) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return QStringLiteral("--set: \"%1\" is not KEY=VALUE").arg(assignment);
        env.profileOverrides.insert(assignment.left(equals).trimmed(), assignment.mid(equals + 1).trimmed());
    }
    if (parser.optionNames().contains(options.unset.names().first())) {
        for (const QString &key : parser.values(options.unset))
            env.profileOverrides.remove(key);
    }
    return {};
}

void list(CliApp &app, const QCommandLineParser &parser, const QCommandLineOption &json,
          const QCommandLineOption &names)
{
    const auto environments = app.requireAllEnvironments();
    if (!environments)
        return;
    CoreServices &core = app.core();
    if (parser.isSet(names)) {
        for (const Environment &env : *environments)
            app.out() << env.name << '\n';
        app.finish(0);
        return;
    }
    const QDateTime now = core.clock()->now();
    QList<EnvironmentStatus> statuses;
    for (const Environment &env : *environments)
        statuses.append(environmentStatus(env, *core.credentials(), *core.tokens(), now));

    if (parser.isSet(json)) {
        QJsonArray array;
        for (const EnvironmentStatus &status : std::as_const(statuses)) {
            QJsonObject object = status.toJson();
            object.remove(QStringLiteral("token"));
            object.insert(QStringLiteral("client_auth"), clientAuthName(status.environment.clientAuth));
            object.insert(QStringLiteral("refresh_buffer_s"), status.environment.refreshBufferS);
            object.insert(QStringLiteral("timeout_s"), status.environment.timeoutS);
            object.insert(QStringLiteral("max_page_mb"), status.environment.maxPageMb);
            array.append(object);
        }
        app.out()
                << QJsonDocument(QJsonObject{{QStringLiteral("environments"), array}}).toJson(QJsonDocument::Indented);
        app.finish(0);
        return;
    }
    if (statuses.isEmpty()) {
        app.info(QStringLiteral("No environments yet. Add one: bioepic-cred env add nmdc --preset nmdc (the NMDC "
                                "Runtime), or bioepic-cred env add NAME --base-url URL"));
        app.finish(0);
        return;
    }
    const QString format = QStringLiteral("%1  %2  %3  %4  %5  %6");
    int nameWidth = 4;
    for (const EnvironmentStatus &status : std::as_const(statuses))
        nameWidth = std::max(nameWidth, int(status.environment.name.size()));
    app.out() << format.arg(QStringLiteral("NAME"), -nameWidth)
                         .arg(QStringLiteral("PROFILE"), -7)
                         .arg(QStringLiteral("METHOD"), -18)
                         .arg(QStringLiteral("CREDENTIALS"), -21)
                         .arg(QStringLiteral("ROTATION"), -26)
                         .arg(QStringLiteral("BASE URL"))
              << '\n';
    for (const EnvironmentStatus &status : std::as_const(statuses)) {
        const QString credentials = status.credentials.stored
                ? QStringLiteral("present (%1)").arg(status.credentials.identity)
                : QStringLiteral("missing");
        const QString rotation = status.rotation.known
                ? QStringLiteral("%1d old, %2").arg(status.rotation.ageDays).arg(status.rotation.describe())
                : QStringLiteral("-");
        app.out() << format.arg(status.environment.name, -nameWidth)
                             .arg(status.environment.profileName, -7)
                             .arg(authMethodName(status.method()), -18)
                             .arg(credentials.left(21), -21)
                             .arg(rotation.left(26), -26)
                             .arg(status.environment.baseUrl.toString())
                  << '\n';
    }
    for (const EnvironmentStatus &status : std::as_const(statuses)) {
        if (!status.environment.problem.isEmpty())
            app.info(QStringLiteral("warning: %1 cannot be used until fixed: %2")
                             .arg(status.environment.name, status.environment.problem));
    }
    app.finish(0);
}

void add(CliApp &app, const QCommandLineParser &parser, const SettingOptions &options, bool edit)
{
    const QString name = parser.positionalArguments().first();
    CoreServices &core = app.core();
    Environment env;
    if (edit) {
        const auto existing = app.requireEnvironment(name);
        if (!existing)
            return;
        env = *existing;
    } else {
        if (const QString problem = validateEnvironmentName(name); !problem.isEmpty()) {
            app.usageError(problem);
            return;
        }
        if (parser.isSet(options.preset)) {
            const auto preset = EnvironmentPreset::find(parser.value(options.preset));
            if (!preset) {
                app.usageError(QStringLiteral("--preset: \"%1\" is unknown; use one of: %2")
                                       .arg(parser.value(options.preset), EnvironmentPreset::ids().join(u", ")));
                return;
            }
            if (preset->needsUrl() && !parser.isSet(options.baseUrl)) {
                app.usageError(
                        QStringLiteral("--preset %1 needs --base-url: the address of your server").arg(preset->id));
                return;
            }
            env = preset->makeEnvironment(name);
        } else if (!parser.isSet(options.baseUrl)) {
            app.usageError(QStringLiteral("env add needs --base-url URL, or --preset nmdc for the NMDC Runtime"));
            return;
        }
        env.name = name;
    }
    if (const QString problem = applySettings(parser, options, env); !problem.isEmpty()) {
        app.usageError(problem);
        return;
    }
    const Error error = edit ? core.environments()->update(env) : core.environments()->add(env);
    if (!error.ok()) {
        app.fail(error);
        return;
    }
    if (edit) {
        app.info(QStringLiteral("Updated \"%1\" in %2").arg(name, core.environments()->filePath()));
    } else {
        app.info(QStringLiteral("Added \"%1\" (%2). Store its credentials with: bioepic-cred login %1")
                         .arg(name, env.baseUrl.toString()));
    }
    app.finish(0);
}

void remove(CliApp &app, const QCommandLineParser &parser, const QCommandLineOption &force)
{
    const QString name = parser.positionalArguments().first();
    CoreServices &core = app.core();
    const bool forced = parser.isSet(force);
    core.credentials()->removeEnvironment(name, &app, [&app, &core, name, forced](const Error &error) {
        if (error.ok()) {
            // Whether the provider keeps what was deleted (KeePassXC's recycle bin) is worth a line.
            detectSecretProvider(&app, [&app, name] {
                app.info(QStringLiteral("Removed \"%1\" and its keychain entries").arg(name));
                if (const QString note = removedEntriesNote(); !note.isEmpty())
                    app.info(note);
                app.finish(0);
            });
            return;
        }
        if (!forced || error.kind != ErrorClass::KeychainUnavailable) {
            app.fail(error);
            return;
        }
        if (const Error removed = core.environments()->remove(name); !removed.ok()) {
            app.fail(removed);
            return;
        }
        app.info(QStringLiteral("Removed \"%1\" from the settings, but its keychain entries could not be deleted (%2). "
                                "They remain under %3/%1/*; delete them with your keyring manager.")
                         .arg(name, error.message, core.options().keychainService));
        app.finish(0);
    });
}

} // namespace

QList<Command> environmentCommands()
{
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Machine-readable output."));
    const QCommandLineOption names(QStringLiteral("names"),
                                   QStringLiteral("Only the names, one per line (for scripts and completion)."));
    Command list;
    list.path = {QStringLiteral("env"), QStringLiteral("list")};
    list.summary = QStringLiteral("environments with profile, URL, method, credential presence, rotation age");
    list.description = QStringLiteral("Lists every environment. Never unlocks the keychain: what it shows about "
                                      "credentials comes from the settings file, which holds no secret. A "
                                      "settings file that cannot be read is an error (exit 1), never an empty "
                                      "list.");
    list.options = {json, names};
    list.run = [json, names](CliApp &app, const QCommandLineParser &parser) { cli::list(app, parser, json, names); };

    const SettingOptions settings;
    Command add;
    add.path = {QStringLiteral("env"), QStringLiteral("add")};
    add.arguments = QStringLiteral("NAME --base-url URL | --preset ID");
    add.minArguments = add.maxArguments = 1;
    add.summary = QStringLiteral("add an environment");
    add.description = QStringLiteral(
            "Adds an environment: a name ([a-z0-9][a-z0-9_-]*), the API's base URL and how the server is shaped. "
            "Store its credentials next with: bioepic-cred login NAME.");
    add.options = settings.list(false);
    add.examples = {QStringLiteral("bioepic-cred env add nmdc --preset nmdc"),
                    QStringLiteral("bioepic-cred env add lab --base-url https://api.example.org --profile bioepic")};
    add.run = [settings](CliApp &app, const QCommandLineParser &parser) { cli::add(app, parser, settings, false); };

    Command edit;
    edit.path = {QStringLiteral("env"), QStringLiteral("edit")};
    edit.arguments = QStringLiteral("NAME");
    edit.minArguments = edit.maxArguments = 1;
    edit.takesEnvironment = true;
    edit.summary = QStringLiteral("change an environment's settings");
    edit.description = QStringLiteral("Changes the given settings and keeps the others, and the stored credentials.");
    edit.options = settings.list(true);
    edit.examples = {QStringLiteral("bioepic-cred env edit lab --timeout 60 --set who_am_i_path=/users/me")};
    edit.run = [settings](CliApp &app, const QCommandLineParser &parser) { cli::add(app, parser, settings, true); };

    const QCommandLineOption force(QStringLiteral("force"),
                                   QStringLiteral("Remove the settings even if the keychain cannot be reached."));
    Command remove;
    remove.path = {QStringLiteral("env"), QStringLiteral("remove")};
    remove.aliases = {QStringLiteral("rm")};
    remove.arguments = QStringLiteral("NAME");
    remove.minArguments = remove.maxArguments = 1;
    remove.takesEnvironment = true;
    remove.summary = QStringLiteral("remove an environment and its keychain entries");
    remove.description = QStringLiteral(
            "Deletes the environment's keychain entries first; if the keychain cannot be reached it stops (exit 4) "
            "unless --force is given, which removes the settings anyway and says which entries remain.");
    remove.options = {force};
    remove.run = [force](CliApp &app, const QCommandLineParser &parser) { cli::remove(app, parser, force); };
    return {list, add, edit, remove};
}

} // namespace bioepic::cli
