// bioepic-cred env list | add | edit | remove
#include "cliapp.h"
#include "coreservices.h"

#include "auth/environmentstatus.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace bioepic::cli {

namespace {

const QString kEnv = QStringLiteral("env");

struct SettingOptions
{
    QCommandLineOption baseUrl{QStringLiteral("base-url"), QStringLiteral("Base URL."), QStringLiteral("url")};
    QCommandLineOption profile{QStringLiteral("profile"), QStringLiteral("API profile."), QStringLiteral("name")};
    QCommandLineOption method{QStringLiteral("method"), QStringLiteral("Auth method."), QStringLiteral("method")};
    QCommandLineOption clientAuth{QStringLiteral("client-auth"), QStringLiteral("form or basic."),
                                  QStringLiteral("mode")};
    QCommandLineOption refreshBuffer{QStringLiteral("refresh-buffer"), QStringLiteral("Seconds."), QStringLiteral("s")};
    QCommandLineOption rotationDays{QStringLiteral("rotation-days"), QStringLiteral("Days."), QStringLiteral("n")};
    QCommandLineOption timeout{QStringLiteral("timeout"), QStringLiteral("Seconds."), QStringLiteral("s")};
    QCommandLineOption caBundle{QStringLiteral("ca-bundle"), QStringLiteral("PEM file."), QStringLiteral("file")};
    QCommandLineOption set{QStringLiteral("set"), QStringLiteral("KEY=VALUE profile override."), QStringLiteral("kv")};
    QCommandLineOption unset{QStringLiteral("unset"), QStringLiteral("Drop an override."), QStringLiteral("key")};

    void addTo(QCommandLineParser &parser, bool edit) const
    {
        parser.addOptions({baseUrl, profile, method, clientAuth, refreshBuffer, rotationDays, timeout, caBundle, set});
        if (edit)
            parser.addOption(unset);
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
    if (parser.optionNames().contains(QStringLiteral("unset"))) {
        for (const QString &key : parser.values(options.unset))
            env.profileOverrides.remove(key);
    }
    return {};
}

void list(CliApp &app, const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Machine-readable output."));
    parser.addOption(json);
    if (!app.parse(parser, kEnv, arguments))
        return;
    if (!parser.positionalArguments().isEmpty()) {
        app.usageError(QStringLiteral("env list takes no arguments"), kEnv);
        return;
    }
    CoreServices &core = app.core();
    const QDateTime now = core.clock()->now();
    QList<EnvironmentStatus> statuses;
    for (const Environment &env : core.environments()->environments())
        statuses.append(environmentStatus(env, *core.credentials(), *core.tokens(), now));

    if (parser.isSet(json)) {
        QJsonArray array;
        for (const EnvironmentStatus &status : std::as_const(statuses)) {
            QJsonObject object = status.toJson();
            object.remove(QStringLiteral("token"));
            object.insert(QStringLiteral("client_auth"), clientAuthName(status.environment.clientAuth));
            object.insert(QStringLiteral("built_in"), status.environment.builtIn);
            object.insert(QStringLiteral("refresh_buffer_s"), status.environment.refreshBufferS);
            object.insert(QStringLiteral("timeout_s"), status.environment.timeoutS);
            array.append(object);
        }
        app.out()
                << QJsonDocument(QJsonObject{{QStringLiteral("environments"), array}}).toJson(QJsonDocument::Indented);
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
    app.finish(0);
}

void add(CliApp &app, const QStringList &arguments, bool edit)
{
    QCommandLineParser parser;
    SettingOptions options;
    options.addTo(parser, edit);
    if (!app.parse(parser, kEnv, arguments))
        return;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        app.usageError(QStringLiteral("env %1 needs exactly one NAME").arg(edit ? u"edit" : u"add"), kEnv);
        return;
    }
    const QString name = positional.first();
    CoreServices &core = app.core();
    Environment env;
    if (edit) {
        const auto existing = app.requireEnvironment(name);
        if (!existing)
            return;
        env = *existing;
    } else {
        if (const QString problem = validateEnvironmentName(name); !problem.isEmpty()) {
            app.usageError(problem, kEnv);
            return;
        }
        if (!parser.isSet(options.baseUrl)) {
            app.usageError(QStringLiteral("env add needs --base-url"), kEnv);
            return;
        }
        env.name = name;
    }
    if (const QString problem = applySettings(parser, options, env); !problem.isEmpty()) {
        app.usageError(problem, kEnv);
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

void remove(CliApp &app, const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption force(QStringLiteral("force"),
                                   QStringLiteral("Remove the settings even if the keychain cannot be reached."));
    parser.addOption(force);
    if (!app.parse(parser, kEnv, arguments))
        return;
    if (parser.positionalArguments().size() != 1) {
        app.usageError(QStringLiteral("env remove needs exactly one NAME"), kEnv);
        return;
    }
    const QString name = parser.positionalArguments().first();
    CoreServices &core = app.core();
    const bool forced = parser.isSet(force);
    core.credentials()->removeEnvironment(name, &app, [&app, &core, name, forced](const Error &error) {
        if (error.ok()) {
            app.info(QStringLiteral("Removed \"%1\" and its keychain entries").arg(name));
            app.finish(0);
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

void runEnv(CliApp &app, const QStringList &arguments)
{
    const QString sub = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    if (sub == QLatin1String("list"))
        list(app, rest);
    else if (sub == QLatin1String("add"))
        add(app, rest, false);
    else if (sub == QLatin1String("edit"))
        add(app, rest, true);
    else if (sub == QLatin1String("remove") || sub == QLatin1String("rm"))
        remove(app, rest);
    else if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        app.out() << usageText(kEnv);
        app.finish(0);
    } else if (sub.isEmpty()) {
        app.err() << usageText(kEnv);
        app.finish(exitCodeFor(ErrorClass::Usage));
    } else
        app.usageError(QStringLiteral("unknown env subcommand \"%1\"").arg(sub), kEnv);
}

} // namespace bioepic::cli
