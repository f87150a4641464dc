// bioepic-cred exec | import-dotenv | export-template: scripts without .env files.
#include "cliapp.h"
#include "command.h"
#include "common/privatefiles.h"
#include "coreservices.h"

#include "credentials/dotenvimport.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QSaveFile>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bioepic::cli {

namespace {

/** The child of exec, for the signal handlers that pass SIGTERM and SIGHUP on to it. */
volatile sig_atomic_t g_child = 0;
volatile sig_atomic_t g_pendingSignal = 0; ///< arrived before the child existed: passed on once it does

void forwardSignal(int signal)
{
    if (g_child > 0)
        ::kill(pid_t(g_child), signal);
    else
        g_pendingSignal = signal;
}

QString variablePrefix(const QString &environment)
{
    return environment.toUpper().replace(QLatin1Char('-'), QLatin1Char('_')) + QLatin1Char('_');
}

/**
 * What the child sees: the caller's environment, ENV and the credential variables the seed's
 * scripts read (plain and NAME_-prefixed), and the token. With only the token (no credentials),
 * every credential variable of the caller's own is removed too.
 */
QProcessEnvironment childEnvironment(const Environment &env, const std::optional<Credentials> &credentials,
                                     const Token &token)
{
    QProcessEnvironment child = QProcessEnvironment::systemEnvironment();
    const QString prefix = variablePrefix(env.name);
    const QStringList names{QStringLiteral("CLIENT_ID"), QStringLiteral("CLIENT_SECRET"), QStringLiteral("USERNAME"),
                            QStringLiteral("PASSWORD")};
    if (!credentials) {
        for (const QString &name : names) {
            child.remove(name);
            child.remove(prefix + name);
        }
    } else {
        const bool client = credentials->method == AuthMethod::ClientCredentials;
        const QString identity = client ? QStringLiteral("CLIENT_ID") : QStringLiteral("USERNAME");
        const QString secret = client ? QStringLiteral("CLIENT_SECRET") : QStringLiteral("PASSWORD");
        for (const QString &name : QStringList{identity, prefix + identity})
            child.insert(name, credentials->identity);
        for (const QString &name : QStringList{secret, prefix + secret})
            child.insert(name, credentials->secret.revealString());
    }
    child.insert(QStringLiteral("ENV"), env.name);
    child.insert(QStringLiteral("BIOEPIC_API_BASE_URL"), env.baseUrl.toString());
    child.insert(QStringLiteral("BIOEPIC_ACCESS_TOKEN"), token.accessToken.revealString());
    child.insert(QStringLiteral("BIOEPIC_TOKEN_EXPIRES_AT"), token.info.expiresAt.toUTC().toString(Qt::ISODate));
    return child;
}

/**
 * Runs @p command with @p environment and waits for it: its exit status, or 128 + the signal
 * that killed it, as a shell reports it. The secrets travel in the environment, never in argv.
 */
int runChild(CliApp &app, const QStringList &command, const QProcessEnvironment &environment)
{
    // Everything the child needs is built before it exists.
    std::vector<QByteArray> argumentBytes;
    std::vector<char *> argv;
    for (const QString &argument : command)
        argumentBytes.push_back(argument.toLocal8Bit());
    for (QByteArray &argument : argumentBytes)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    std::vector<QByteArray> environmentBytes;
    std::vector<char *> envp;
    for (const QString &entry : environment.toStringList())
        environmentBytes.push_back(entry.toLocal8Bit());
    for (QByteArray &entry : environmentBytes)
        envp.push_back(entry.data());
    envp.push_back(nullptr);

    // The child starts with default signal handling and nothing blocked, whatever this process set
    // (Qt ignores SIGPIPE; a "yes | head" child must die of it as usual).
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (const int signal : {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE})
        sigaddset(&defaults, signal);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    app.out().flush();
    app.err().flush();
    // Ctrl-C and Ctrl-\ reach the child from the terminal itself; a SIGTERM or SIGHUP sent to
    // this process is passed on. The handlers are in place before the child starts, so a signal
    // sent the moment it starts is passed on too, not taken as this process's own end.
    g_child = 0;
    g_pendingSignal = 0;
    struct sigaction forward = {};
    forward.sa_handler = forwardSignal;
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction previous[4] = {};
    sigaction(SIGTERM, &forward, &previous[0]);
    sigaction(SIGHUP, &forward, &previous[1]);
    sigaction(SIGINT, &ignore, &previous[2]);
    sigaction(SIGQUIT, &ignore, &previous[3]);
    auto restoreHandlers = [&previous] {
        sigaction(SIGTERM, &previous[0], nullptr);
        sigaction(SIGHUP, &previous[1], nullptr);
        sigaction(SIGINT, &previous[2], nullptr);
        sigaction(SIGQUIT, &previous[3], nullptr);
    };
    pid_t child = 0;
    const int spawned = posix_spawnp(&child, argv.front(), nullptr, &attributes, argv.data(), envp.data());
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0) {
        restoreHandlers();
        app.info(QStringLiteral("error: cannot run %1: %2")
                         .arg(command.first(), QString::fromLocal8Bit(std::strerror(spawned))));
        return spawned == ENOENT ? 127 : 126;
    }
    g_child = child;
    if (const int pending = g_pendingSignal; pending != 0)
        ::kill(child, pending);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    restoreHandlers();
    g_child = 0;
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

void exec(CliApp &app, const QCommandLineParser &parser, const QCommandLineOption &tokenOnly)
{
    const QStringList command = app.passThroughArguments();
    if (command.isEmpty() || command.first().isEmpty()) {
        app.usageError(QStringLiteral("exec needs a command after --, e.g. bioepic-cred exec %1 -- python script.py")
                               .arg(parser.positionalArguments().first()));
        return;
    }
    const QString name = parser.positionalArguments().first();
    const auto env = app.requireEnvironment(name);
    if (!env)
        return;
    CoreServices &core = app.core();
    auto withToken = [&app, &core, env = *env, command](const std::optional<Credentials> &credentials) {
        core.tokens()->requestToken(
                env.name, TokenService::Freshness::UseCached, &app,
                [&app, &core, env, command, credentials](const TokenResult &result) {
                    if (!result.ok()) {
                        app.fail(result.error);
                        return;
                    }
                    // The child runs without an event loop here (waitpid): the token is cached
                    // first (or given up on after a short bound), so that other scripts find it.
                    core.tokens()->whenCacheWritten(&app, [&app, env, command, credentials, result] {
                        app.finish(runChild(app, command, childEnvironment(env, credentials, result.token)));
                    });
                });
    };
    if (parser.isSet(tokenOnly)) {
        withToken(std::nullopt);
        return;
    }
    core.vault()->readUsableCredentials(
            name, &app,
            [&app, name, withToken](const KeychainError &error, const std::optional<Credentials> &credentials) {
                if (error.isNotFound()) {
                    app.fail({ErrorClass::Failure,
                              QStringLiteral("No credentials are stored for \"%1\"").arg(name),
                              QStringLiteral("Store them with: bioepic-cred login %1, or move "
                                             "them from a .env file: bioepic-cred import-dotenv "
                                             ".env --env %1 --strip")
                                      .arg(name),
                              {},
                              {}});
                    return;
                }
                if (!error.ok()) {
                    app.fail(error.toError());
                    return;
                }
                withToken(credentials);
            });
}

struct ImportOptions
{
    QCommandLineOption environment{QStringLiteral("env"),
                                   QStringLiteral("The environment for CLIENT_ID, CLIENT_SECRET, USERNAME and PASSWORD "
                                                  "without a prefix (default: the file's ENV)."),
                                   QStringLiteral("NAME")};
    QCommandLineOption strip{QStringLiteral("strip"),
                             QStringLiteral("Then remove the secret lines from the file (atomically, keeping its "
                                            "permissions), leaving a comment that says where they went; only when "
                                            "every keychain copy read back equal.")};
    QCommandLineOption noVerify{QStringLiteral("no-verify"),
                                QStringLiteral("Store without checking with a token request first.")};
    QCommandLineOption replace{QStringLiteral("replace"),
                               QStringLiteral("Replace credentials already stored for an environment.")};
};

/** Shows what the plan found, then imports (and strips) unless it holds a problem. */
void importPlanned(CliApp &app, DotenvPlan plan, bool strip, bool verify)
{
    CoreServices &core = app.core();
    const QString file = plan.file;
    if (!plan.findings.isEmpty()) {
        app.info(QStringLiteral("Found in %1:").arg(file));
        for (const DotenvFinding &finding : std::as_const(plan.findings))
            app.info(QStringLiteral("  %1: %2 (line %3), %4 (line %5) — %6 %7")
                             .arg(finding.environment, finding.identityKey)
                             .arg(finding.identityLine)
                             .arg(finding.secretKey)
                             .arg(finding.secretLine)
                             .arg(finding.credentials.method == AuthMethod::ClientCredentials
                                          ? QStringLiteral("client credentials")
                                          : QStringLiteral("user name and password"),
                                  finding.credentials.fingerprint()));
    }
    for (const QString &note : std::as_const(plan.notes))
        app.info(QStringLiteral("  note: ") + note);
    if (!plan.ok()) {
        for (const QString &problem : std::as_const(plan.problems))
            app.info(QStringLiteral("  problem: ") + problem);
        app.fail({ErrorClass::Failure,
                  QStringLiteral("Nothing was imported from %1").arg(file),
                  QStringLiteral("Fix the problems above; the file was not changed."),
                  {},
                  {}});
        return;
    }
    DotenvImport::Options importOptions;
    importOptions.verify = verify;
    importOptions.strip = strip;
    auto *import = new DotenvImport(core.credentials(), core.vault(), std::move(plan), importOptions, &app);
    QObject::connect(import, &DotenvImport::imported, &app,
                     [&app](const QString &name, const QString &fingerprint, bool verified) {
                         app.info(QStringLiteral("  ✓ %1: stored in the keychain (%2) and read back equal%3")
                                          .arg(name, fingerprint,
                                               verified ? QStringLiteral(", accepted by the server")
                                                        : QStringLiteral(", not verified (--no-verify)")));
                     });
    QObject::connect(import, &DotenvImport::finished, &app,
                     [&app, import, file, strip](const DotenvImportResult &result) {
                         import->deleteLater();
                         if (!result.error.ok()) {
                             app.fail(result.error);
                             return;
                         }
                         const QString first = result.imported.first();
                         if (result.stripped)
                             app.info(QStringLiteral("Removed %1 from %2; a comment there says where it went.")
                                              .arg(result.strippedKeys.join(QStringLiteral(", ")), file));
                         else if (!strip)
                             app.info(QStringLiteral("The secrets are still in %1: remove them with bioepic-cred "
                                                     "import-dotenv %1 --strip "
                                                     "(they are in the keychain now, so that is safe).")
                                              .arg(file));
                         app.info(QStringLiteral("Run your scripts with: bioepic-cred exec %1 -- python your_script.py")
                                          .arg(first));
                         app.finish(0);
                     });
    import->start();
}

void importDotenv(CliApp &app, const QCommandLineParser &parser, const ImportOptions &options)
{
    const QString file = parser.positionalArguments().first();
    const QString environment = parser.value(options.environment);
    if (!environment.isEmpty() && !app.requireEnvironment(environment))
        return;
    CoreServices &core = app.core();
    // Fingerprints shown and compared with the stored ones need this installation's key first.
    core.vault()->ensureFingerprintKey(
            environment, &app,
            [&app, &core, file, environment, replace = parser.isSet(options.replace),
             strip = parser.isSet(options.strip), verify = !parser.isSet(options.noVerify)] {
                importPlanned(app,
                              planDotenvImport(file, environment, *core.environments(), *core.credentials(), replace),
                              strip, verify);
            });
}

void exportTemplate(CliApp &app, const QCommandLineParser &parser, const QCommandLineOption &environment,
                    const QCommandLineOption &force)
{
    QString name = parser.value(environment);
    AuthMethod method = AuthMethod::ClientCredentials;
    if (!name.isEmpty()) {
        const auto env = app.requireEnvironment(name);
        if (!env)
            return;
        const CredentialMetadata stored = app.core().credentials()->metadata(name);
        method = stored.stored ? stored.method : env->defaultMethod;
    }
    const QString text = dotenvTemplate(name, method);
    const QStringList positional = parser.positionalArguments();
    const QString file = positional.isEmpty() ? QStringLiteral("-") : positional.first();
    if (file == QLatin1String("-")) {
        app.out() << text;
        app.finish(0);
        return;
    }
    if (QFile::exists(file) && !parser.isSet(force)) {
        app.fail({ErrorClass::Failure,
                  QStringLiteral("%1 exists; it was left alone").arg(file),
                  QStringLiteral("Pass --force to replace it, or choose another name."),
                  {},
                  {}});
        return;
    }
    if (const QString failure = writePrivateFile(file, text.toUtf8()); !failure.isEmpty()) {
        app.fail({ErrorClass::Failure, QStringLiteral("Cannot write %1").arg(file), {}, failure, {}});
        return;
    }
    app.info(QStringLiteral("Wrote %1 (names only, no values).").arg(file));
    app.finish(0);
}

} // namespace

QList<Command> scriptCommands()
{
    const QCommandLineOption tokenOnly(QStringLiteral("token-only"),
                                       QStringLiteral("Pass only the token variables (and ENV, BIOEPIC_API_BASE_URL): "
                                                      "the command never sees the long-lived secret."));
    Command exec;
    exec.path = {QStringLiteral("exec")};
    exec.arguments = QStringLiteral("NAME -- CMD [ARGS...]");
    exec.minArguments = exec.maxArguments = 1;
    exec.passThrough = true;
    exec.takesEnvironment = true;
    exec.summary = QStringLiteral("run a command with NAME's credentials and a valid token in its environment");
    exec.description = QStringLiteral(
            "Runs CMD with ENV=NAME, the variables the seed library's scripts read (CLIENT_ID and CLIENT_SECRET, or "
            "USERNAME and PASSWORD, also NAME_-prefixed), BIOEPIC_API_BASE_URL, BIOEPIC_ACCESS_TOKEN and "
            "BIOEPIC_TOKEN_EXPIRES_AT, so a script that calls load_dotenv() and os.getenv() runs unchanged with no "
            "secret on disk: load_dotenv() never overrides a variable that is already set, so a stale .env beside "
            "the script loses to the keychain.\\n\\n"
            "The secrets travel in the environment, never on a command line. Standard input and output are the "
            "command's; its exit status is exec's, and a command killed by signal N makes exec exit 128+N.");
    exec.options = {tokenOnly};
    exec.examples = {QStringLiteral("bioepic-cred exec prod -- python analysis.py"),
                     QStringLiteral("bioepic-cred exec prod --token-only -- "
                                    "sh -c 'curl -H \"Authorization: Bearer $BIOEPIC_ACCESS_TOKEN\" "
                                    "\"$BIOEPIC_API_BASE_URL/users/me\"'")};
    exec.run = [tokenOnly](CliApp &app, const QCommandLineParser &parser) { cli::exec(app, parser, tokenOnly); };

    const ImportOptions importOptions;
    Command import;
    import.path = {QStringLiteral("import-dotenv")};
    import.arguments = QStringLiteral("FILE");
    import.minArguments = import.maxArguments = 1;
    import.summary = QStringLiteral("move the credentials of a .env file into the keychain, verified, then strip them");
    import.description = QStringLiteral(
            "Reads FILE as python-dotenv does and finds CLIENT_ID/CLIENT_SECRET or USERNAME/PASSWORD for the "
            "environment given by --env (or the file's ENV), and PROD_…, DEV_… (any environment's name as a prefix) "
            "for those environments. It prints what it found, names and fingerprints only, never a value; stores "
            "each pair in the keychain (checked with a token request first) and reads it back to compare.\\n\\n"
            "With --strip it then rewrites FILE without the secret lines. Nothing leaves the file unless every "
            "keychain copy read back equal; any failure leaves the file byte for byte as it was.");
    import.options = {importOptions.environment, importOptions.strip, importOptions.noVerify, importOptions.replace};
    import.examples = {QStringLiteral("bioepic-cred import-dotenv .env --strip"),
                       QStringLiteral("bioepic-cred import-dotenv ../old-project/.env --env dev --no-verify")};
    import.run = [importOptions](CliApp & app, const QCommandLineParser &parser) {
        importDotenv(app, parser, importOptions);
};

const QCommandLineOption templateEnvironment(QStringLiteral("env"),
                                             QStringLiteral("Write ENV=NAME and the variables of NAME's method."),
                                             QStringLiteral("NAME"));
const QCommandLineOption force(QStringLiteral("force"), QStringLiteral("Replace FILE if it exists."));
Command exportTemplate;
exportTemplate.path = {QStringLiteral("export-template")};
exportTemplate.arguments = QStringLiteral("[FILE]");
exportTemplate.maxArguments = 1;
exportTemplate.summary = QStringLiteral("write a .env.example: the variable names, no values, and the exec line");
exportTemplate.description = QStringLiteral(
        "Writes the names of the variables your scripts read, with no values, and the bioepic-cred exec line to "
        "run them with instead: a .env.example to commit in place of a .env. Without FILE (or with -) it goes "
        "to standard output.");
exportTemplate.options = {templateEnvironment, force};
exportTemplate.examples = {QStringLiteral("bioepic-cred export-template .env.example --env prod")};
exportTemplate.run = [templateEnvironment, force](CliApp &app, const QCommandLineParser &parser) {
    cli::exportTemplate(app, parser, templateEnvironment, force);
};
return {exec, import, exportTemplate};
} // namespace bioepic::cli

} // namespace bioepic::cli
