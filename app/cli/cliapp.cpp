#include "cliapp.h"

#include "coreservices.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

namespace bioepic::cli {

namespace {

const char kOverview[] = R"TXT(bioepic-cred — BioEPIC credentials from the OS keychain, for scripts.

Usage: bioepic-cred <command> [options]

Commands:
  env list [--json]                 environments, credential presence, rotation age
  env add NAME --base-url URL ...   add an environment
  env edit NAME [options]           change an environment's settings
  env remove NAME [--force]         remove an environment and its keychain entries
  login NAME [--client-id ID | --username U] [--secret-stdin] [--no-verify]
                                    store credentials in the keychain (verified first)
  status [NAME] [--json]            credentials, token state and expiry, rotation age
  token NAME [--from-env] [--json]  print a valid access token (cached, refreshed when due)
  rotate NAME [--client-id NEW] [--secret-stdin] [--no-verify]
                                    verified rotation: the new secret replaces the active
                                    one only after it got a token; the old one is kept
  rotate NAME --resume | --discard  finish or drop a rotation that was interrupted
  rollback NAME                     go back to the previous credentials (checked first)
  history NAME [--json]             rotations, rollbacks, logins and failures
  search NAME --collection C [--filter F] [--fields a,b] [--limit N] [--all-pages]
         [--max-pages N] [--id ID] [--format json|csv|tsv] [--output FILE]
                                    a test search with the environment's token
  doctor NAME [--json] [--report FILE]
                                    step-by-step diagnosis: settings, keychain, DNS, TCP,
                                    TLS, health, token, token expiry, an authenticated call
  sandbox [options]                 run the local sandbox API in the foreground

  help [COMMAND]                    help on a command
  --version                         version of this program, Qt and QtKeychain

Secrets are never taken from the command line: they come from standard input
(--secret-stdin) or a prompt that does not echo.

Exit codes: 0 ok, 1 failure, 2 usage error, 3 credentials rejected by the server,
4 keychain unavailable or locked, 5 network or TLS failure, 6 bad server response.
)TXT";

const char kEnvUsage[] = R"TXT(Usage:
  bioepic-cred env list [--json]
  bioepic-cred env add NAME --base-url URL [settings]
  bioepic-cred env edit NAME [settings] [--unset KEY]...
  bioepic-cred env remove NAME [--force]

Settings:
  --base-url URL          https://…, or http:// for a loopback address only
  --profile NAME          API profile: bioepic (default) or nmdc
  --method METHOD         client_credentials (default) or password
  --client-auth MODE      form (default) or basic: how the client id and secret are sent
  --refresh-buffer S      refresh this many seconds before expiry (default 300)
  --rotation-days N       rotate credentials every N days (default 90)
  --timeout S             transfer timeout of each request (default 30)
  --ca-bundle FILE        extra CA certificates (PEM) for institutional TLS; "" to clear
  --set KEY=VALUE         override a profile field: token_path, search_path, results_key,
                          next_token_key, page_token_param, health_path, who_am_i_path
  --unset KEY             (edit) drop a profile override

remove deletes the environment's keychain entries first; if the keychain cannot be
reached it stops (exit 4) unless --force is given, which removes the settings anyway.
Built-in environments (prod, dev) can be edited but not removed.
)TXT";

const char kLoginUsage[]
        = R"TXT(Usage: bioepic-cred login NAME [--client-id ID | --username U] [--secret-stdin] [--no-verify]

Stores credentials for environment NAME in the OS keychain. The client id (or user name)
comes from the option, or is asked for; the secret (or password) is read from standard
input with --secret-stdin, or asked for without echo. Before storing, a token request
checks that the server accepts them (skip with --no-verify).

  printf '%s\n' "$CLIENT_SECRET" | bioepic-cred login prod --client-id my-client --secret-stdin
)TXT";

const char kStatusUsage[] = R"TXT(Usage: bioepic-cred status [NAME] [--json]

Shows, for one or every environment: credentials present or missing, token state
(none, valid, refresh_due, expired, error), expiry and its source, the token's
fingerprint, and rotation age. Never unlocks the keychain.
)TXT";

const char kTokenUsage[] = R"TXT(Usage: bioepic-cred token NAME [--from-env] [--json]

Prints a valid access token for NAME on standard output. The token is kept in the
keychain and reused until its refresh point, then a new one is requested.

  --from-env   take CLIENT_ID/CLIENT_SECRET (or USERNAME/PASSWORD) from the process
               environment instead of the keychain; nothing is stored
  --json       print {"access_token", "expires_at", "expiry_source", "fingerprint"}

  curl -H "Authorization: Bearer $(bioepic-cred token prod)" https://…
)TXT";

const char kSandboxUsage[] = R"TXT(Usage: bioepic-cred sandbox [options]

Runs the sandbox API on 127.0.0.1 in the foreground (Ctrl-C stops it). It speaks both
API profiles; try it with the demo credentials it prints.

  --port N              port (default: any free port; the URL is printed on stdout)
  --records N           size of the samples collection (default 10000)
  --token-lifetime S    token lifetime in seconds (default 600)
  --profile NAME        bioepic (expires_in, RFC 6749 errors) or nmdc (JWT, expires{},
                        FastAPI errors)
  --jwt                 issue JWTs in the bioepic profile too
  --jwt-exp-offset S    make the JWT exp disagree with the stated lifetime
  --latency MS          delay every answer
  --error-rate F        answer this fraction of requests with 503 (0..1)
  --clock-skew S        run the server's clock S seconds ahead (negative: behind)
  --tls-cert FILE, --tls-key FILE
                        serve https with this PEM certificate and RSA key
)TXT";

const char kRotateUsage[] = R"TXT(Usage:
  bioepic-cred rotate NAME [--client-id NEW | --username NEW] [--secret-stdin] [--no-verify]
  bioepic-cred rotate NAME --resume | --discard
  bioepic-cred rollback NAME [--no-verify]
  bioepic-cred history NAME [--json]

rotate stores the new secret (read from stdin with --secret-stdin, or asked for without
echo) in the staged slot, gets a token with it, makes an authenticated call (who-am-I, or
a one-record search), and only then makes it active, keeping the old one as "previous".
Any failure before that leaves the active credentials untouched and says why.

If the process is killed half-way, the next run says so: --resume finishes the rotation,
--discard drops the staged secret (keeping what is active).

rollback swaps back to the previous credentials after checking they still get a token.
history lists every rotation, rollback, login and failure, with credential fingerprints.
)TXT";

const char kSearchUsage[] = R"TXT(Usage: bioepic-cred search NAME --collection C [options]

Runs a search with NAME's token and writes the records (JSON array by default).

  --collection C      collection to search (samples, studies, … on the sandbox)
  --filter F          a JSON object, {"ecosystem": "Soil", "ph": {"$gt": 6}}, or "key: value"
                      lines (ecosystem: Soil); checked before any request is made
  --fields a,b        only these fields (projection); id is always included
  --page-size N       records per page (default 100, at most 10000)
  --all-pages         follow next_page_token to the last page
  --max-pages N       stop after N pages (implies --all-pages)
  --limit N           stop after N records
  --id ID             fetch one record by id instead
  --format F          json (default), csv (RFC 4180) or tsv
  --output FILE       write to FILE instead of standard output

A failure on page k keeps pages 1…k-1 in the output, says which page failed, and exits
non-zero. Page tokens are single-use and are never retried.
)TXT";

const char kDoctorUsage[] = R"TXT(Usage: bioepic-cred doctor NAME [--json] [--report FILE]

Checks, step by step, everything between this computer and a working token for NAME:
settings, keychain, DNS, TCP, TLS (certificate, issuer, validity, verification errors),
health endpoint, token request (the server's own error text, and what it means), token
expiry (source, clock skew), and an authenticated call (who-am-I or a one-record search).
Each step passes, warns, fails or is skipped, with what to do. Exits non-zero when a step
fails, with the exit code of that failure (3 credentials, 4 keychain, 5 network/TLS…).

  --json          {"environment", "ok", "summary", "steps": [{"id","status","ms","detail","remedy"}]}
  --report FILE   also write a support report (diagnosis, redacted network log, versions,
                  settings; no secrets) to mail to an administrator
)TXT";

bool looksLikeSecretOption(const QString &argument)
{
    if (!argument.startsWith(QLatin1String("--")))
        return false;
    const QString name = argument.mid(2).section(QLatin1Char('='), 0, 0).toLower();
    if (name == QLatin1String("secret-stdin"))
        return false;
    return name.contains(QLatin1String("secret")) || name.contains(QLatin1String("password"))
            || name == QLatin1String("token") || name == QLatin1String("access-token");
}

} // namespace

QString usageText(const QString &command)
{
    if (command == QLatin1String("env"))
        return QString::fromUtf8(kEnvUsage);
    if (command == QLatin1String("login"))
        return QString::fromUtf8(kLoginUsage);
    if (command == QLatin1String("status"))
        return QString::fromUtf8(kStatusUsage);
    if (command == QLatin1String("token"))
        return QString::fromUtf8(kTokenUsage);
    if (command == QLatin1String("sandbox"))
        return QString::fromUtf8(kSandboxUsage);
    if (command == QLatin1String("search"))
        return QString::fromUtf8(kSearchUsage);
    if (command == QLatin1String("doctor"))
        return QString::fromUtf8(kDoctorUsage);
    if (command == QLatin1String("rotate") || command == QLatin1String("rollback")
        || command == QLatin1String("history"))
        return QString::fromUtf8(kRotateUsage);
    return QString::fromUtf8(kOverview);
}

CliApp::CliApp(QStringList arguments, QObject *parent)
    : QObject(parent)
    , m_arguments(std::move(arguments))
    , m_out(stdout)
    , m_err(stderr)
{
}

CliApp::~CliApp() = default;

void CliApp::start()
{
    QTimer::singleShot(0, this, &CliApp::dispatch);
}

CoreServices &CliApp::core()
{
    if (!m_core) {
        m_core = std::make_unique<CoreServices>(CoreOptions::fromProcessEnvironment());
        // A CLI run is short: a token it gets is worth keeping for the next run.
        m_core->tokens()->setPersistTokens(true);
        if (const Error error = m_core->environments()->loadError(); !error.ok())
            info(QStringLiteral("warning: ") + error.message + QStringLiteral(" (") + error.detail + QLatin1Char(')'));
    }
    return *m_core;
}

void CliApp::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_out.flush();
    m_err.flush();
    QCoreApplication::exit(exitCode);
}

void CliApp::info(const QString &message)
{
    m_err << message << Qt::endl;
}

void CliApp::fail(const Error &error)
{
    m_err << "error: " << error.message << Qt::endl;
    if (!error.detail.isEmpty())
        m_err << "  detail: " << error.detail << Qt::endl;
    if (!error.remedy.isEmpty())
        m_err << "  what to do: " << error.remedy << Qt::endl;
    finish(exitCodeFor(error.kind == ErrorClass::None ? ErrorClass::Failure : error.kind));
}

void CliApp::usageError(const QString &message, const QString &command)
{
    m_err << "error: " << message << Qt::endl;
    m_err << (command.isEmpty() ? QStringLiteral("Run 'bioepic-cred help' for usage.")
                                : QStringLiteral("Run 'bioepic-cred help %1' for usage.").arg(command))
          << Qt::endl;
    finish(exitCodeFor(ErrorClass::Usage));
}

bool CliApp::parse(QCommandLineParser &parser, const QString &command, const QStringList &arguments)
{
    for (const QString &argument : arguments) {
        if (argument == QLatin1String("--"))
            break;
        if (looksLikeSecretOption(argument)) {
            usageError(QStringLiteral("%1: secrets are never taken from the command line (they would show in the "
                                      "process list and shell history); pipe them with --secret-stdin or answer the "
                                      "prompt")
                               .arg(argument.section(QLatin1Char('='), 0, 0)),
                       command);
            return false;
        }
    }
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show help."));
    parser.addOption(help);
    if (!parser.parse(QStringList{QStringLiteral("bioepic-cred")} + arguments)) {
        usageError(parser.errorText(), command);
        return false;
    }
    if (parser.isSet(help)) {
        m_out << usageText(command);
        finish(0);
        return false;
    }
    return true;
}

std::optional<Environment> CliApp::requireEnvironment(const QString &name)
{
    const auto env = core().environments()->find(name);
    if (!env)
        fail(unknownEnvironmentError(name));
    return env;
}

void CliApp::dispatch()
{
    QStringList arguments = m_arguments.mid(1);
    if (arguments.isEmpty()) {
        m_err << usageText({});
        finish(exitCodeFor(ErrorClass::Usage));
        return;
    }
    const QString command = arguments.takeFirst();
    if (command == QLatin1String("--version") || command == QLatin1String("-v")
        || command == QLatin1String("version")) {
        m_out << "bioepic-cred " << BIOEPIC_VERSION << " (Qt " << qVersion() << ", QtKeychain "
              << BIOEPIC_QTKEYCHAIN_VERSION << ")" << Qt::endl;
        finish(0);
        return;
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        m_out << usageText(arguments.value(0));
        finish(0);
        return;
    }
    if (command == QLatin1String("env"))
        runEnv(*this, arguments);
    else if (command == QLatin1String("login"))
        runLogin(*this, arguments);
    else if (command == QLatin1String("status"))
        runStatus(*this, arguments);
    else if (command == QLatin1String("token"))
        runToken(*this, arguments);
    else if (command == QLatin1String("sandbox"))
        runSandbox(*this, arguments);
    else if (command == QLatin1String("rotate"))
        runRotate(*this, arguments);
    else if (command == QLatin1String("rollback"))
        runRollback(*this, arguments);
    else if (command == QLatin1String("history"))
        runHistory(*this, arguments);
    else if (command == QLatin1String("search"))
        runSearch(*this, arguments);
    else if (command == QLatin1String("doctor"))
        runDoctor(*this, arguments);
    else
        usageError(QStringLiteral("unknown command \"%1\"").arg(command));
}

} // namespace bioepic::cli
