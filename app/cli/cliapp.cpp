#include "cliapp.h"

#include "command.h"
#include "common/servertext.h"
#include "coreservices.h"
#include "reference.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QTimer>

#include <cstdio>

namespace bioepic::cli {

namespace {

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

QString didYouMean(const QString &word, const QStringList &candidates, const QString &prefix = {})
{
    const QString match = closestMatch(word, candidates);
    return match.isEmpty() ? QString() : QStringLiteral(" (did you mean %1%2?)").arg(prefix, match);
}

} // namespace

CliApp::CliApp(QStringList arguments, QObject *parent)
    : QObject(parent)
    , m_arguments(std::move(arguments))
    , m_out(stdout)
    , m_err(stderr)
{
}

CliApp::CliApp(QStringList arguments, QIODevice *out, QIODevice *err, QObject *parent)
    : QObject(parent)
    , m_arguments(std::move(arguments))
    , m_out(out)
    , m_err(err)
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
        CoreOptions options = CoreOptions::fromProcessEnvironment();
        options.tokenStateInMemory = m_fromEnvironment;
        m_core = std::make_unique<CoreServices>(options);
        // A CLI run is short: a token it gets is worth keeping for the next run (not one from
        // credentials that were only lent to this run).
        m_core->tokens()->setPersistTokens(!m_fromEnvironment);
    }
    return *m_core;
}

void CliApp::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_exitCode = exitCode;
    // A command that needs the environments fails on an unreadable settings file and says why;
    // one that did not need them (scan, sandbox) still tells that the file needs fixing.
    if (exitCode == 0 && m_core) {
        if (const Error unreadable = m_core->environments()->loadError(); !unreadable.ok())
            info(QStringLiteral("warning: ") + escapeServerText(unreadable.message));
    }
    m_out.flush();
    m_err.flush();
    // Everything is said; a token still being cached gets its short moment, so that the next
    // process finds it (TokenService bounds the wait).
    if (m_core) {
        m_core->tokens()->whenCacheWritten(this, [this, exitCode] { Q_EMIT finished(exitCode); });
        return;
    }
    Q_EMIT finished(exitCode);
}

void CliApp::info(const QString &message)
{
    m_err << message << Qt::endl;
}

void CliApp::fail(const Error &error)
{
    // Each part is one line. Server text in them is escaped where it enters; what the user typed
    // (a name that matched nothing, a path) is escaped here.
    m_err << "error: " << escapeServerText(error.message) << Qt::endl;
    if (!error.detail.isEmpty())
        m_err << "  detail: " << escapeServerText(error.detail) << Qt::endl;
    if (!error.remedy.isEmpty())
        m_err << "  what to do: " << escapeServerText(error.remedy) << Qt::endl;
    finish(exitCodeFor(error.kind == ErrorClass::None ? ErrorClass::Failure : error.kind));
}

void CliApp::usageError(const QString &message)
{
    // Usage errors quote the command line back, and an argument can hold a terminal escape or a
    // line break (a pasted value, a script's variable): shown escaped, as server text is.
    m_err << "error: " << escapeServerText(message) << Qt::endl;
    m_err << (m_command ? QStringLiteral("Run 'bioepic-cred help %1' for usage.").arg(m_command->name())
                        : QStringLiteral("Run 'bioepic-cred help' for usage."))
          << Qt::endl;
    finish(exitCodeFor(ErrorClass::Usage));
}

std::optional<Environment> CliApp::requireEnvironment(const QString &name)
{
    const auto env = core().environments()->find(name);
    if (!env) {
        // An unreadable settings file explains a missing environment better than "no such name".
        const Error unreadable = core().environments()->loadError();
        fail(unreadable.ok() ? unknownEnvironmentError(name) : unreadable);
    }
    return env;
}

std::optional<QList<Environment>> CliApp::requireAllEnvironments()
{
    if (const Error unreadable = core().environments()->loadError(); !unreadable.ok()) {
        fail(unreadable);
        return std::nullopt;
    }
    return core().environments()->environments();
}

bool CliApp::useCredentialsFromEnvironment(const QString &environment)
{
    m_fromEnvironment = true;
    const auto env = requireEnvironment(environment);
    if (!env)
        return false;
    QString problem;
    const auto credentials = credentialsFromProcessEnvironment(environment, env->defaultMethod, &problem);
    if (!credentials) {
        usageError(problem);
        return false;
    }
    CredentialManager *manager = core().credentials();
    manager->setSessionOnly(environment, true);
    core().sessionStore()->write(secretKey(core().options().keychainService, environment, SecretSlot::Active),
                                 credentials->toKeychainValue(), this, [](const KeychainError &) {});
    if (const Error error = manager->setMetadata(environment, credentials->metadata()); !error.ok()) {
        fail(error);
        return false;
    }
    return true;
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

void CliApp::dispatch()
{
    QStringList arguments = m_arguments.mid(1);
    if (arguments.isEmpty()) {
        m_err << reference::overview();
        finish(exitCodeFor(ErrorClass::Usage));
        return;
    }
    const QString first = arguments.first();
    if (first == QLatin1String("--version") || first == QLatin1String("-v") || first == QLatin1String("version")) {
        m_out << "bioepic-cred " << BIOEPIC_VERSION << " (Qt " << qVersion() << ", QtKeychain "
              << BIOEPIC_QTKEYCHAIN_VERSION << ")" << Qt::endl;
        finish(0);
        return;
    }
    if (first == QLatin1String("help") || first == QLatin1String("--help") || first == QLatin1String("-h")) {
        showHelp(arguments.mid(1));
        return;
    }
    int consumed = 0;
    if (const Command *command = findCommand(arguments, &consumed)) {
        runCommand(*command, arguments.mid(consumed));
        return;
    }
    const QList<const Command *> group = commandsIn(first);
    if (group.isEmpty()) {
        usageError(QStringLiteral("unknown command \"%1\"%2").arg(first, didYouMean(first, commandWords())));
        return;
    }
    const QString sub = arguments.value(1);
    if (sub.isEmpty()) {
        m_err << reference::groupHelp(first, true);
        finish(exitCodeFor(ErrorClass::Usage));
        return;
    }
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        m_out << reference::groupHelp(first);
        finish(0);
        return;
    }
    QStringList subs;
    for (const Command *command : group)
        subs.append(command->path.last());
    usageError(QStringLiteral("unknown %1 command \"%2\"%3").arg(first, sub, didYouMean(sub, subs)));
}

void CliApp::showHelp(const QStringList &topic)
{
    if (topic.isEmpty()) {
        m_out << reference::overview();
        finish(0);
        return;
    }
    // Reference documents, generated from the command table (the build installs them).
    if (topic.first() == QLatin1String("--man")) {
        m_out << reference::manPage();
        finish(0);
        return;
    }
    if (topic.first() == QLatin1String("--markdown")) {
        m_out << reference::markdownTable();
        finish(0);
        return;
    }
    int consumed = 0;
    if (const Command *command = findCommand(topic, &consumed)) {
        m_out << reference::help(*command);
        finish(0);
        return;
    }
    if (!commandsIn(topic.first()).isEmpty()) {
        m_out << reference::groupHelp(topic.first());
        finish(0);
        return;
    }
    usageError(QStringLiteral("no help on \"%1\"%2")
                       .arg(topic.join(QLatin1Char(' ')), didYouMean(topic.first(), commandWords())));
}

bool CliApp::checkPositional(const Command &command, const QStringList &positional)
{
    const int count = int(positional.size());
    if (count >= command.minArguments && count <= command.maxArguments)
        return true;
    const QString what = command.arguments.section(QStringLiteral(" --"), 0, 0);
    if (command.maxArguments == 0)
        usageError(QStringLiteral("%1 takes no arguments (got \"%2\")").arg(command.name(), positional.first()));
    else if (count < command.minArguments)
        usageError(QStringLiteral("%1 needs %2").arg(command.name(), what));
    else
        usageError(
                QStringLiteral("%1 takes %2, not \"%3\"").arg(command.name(), what, positional.join(QLatin1Char(' '))));
    return false;
}

void CliApp::runCommand(const Command &command, QStringList arguments)
{
    m_command = &command;
    if (command.passThrough) {
        const qsizetype separator = arguments.indexOf(QStringLiteral("--"));
        if (separator >= 0) {
            m_passThrough = arguments.mid(separator + 1);
            arguments = arguments.mid(0, separator);
        }
    }
    for (const QString &argument : std::as_const(arguments)) {
        if (argument == QLatin1String("--"))
            break;
        if (looksLikeSecretOption(argument)) {
            usageError(QStringLiteral("%1: secrets are never taken from the command line (they would show in the "
                                      "process list and shell history); pipe them with --secret-stdin or answer the "
                                      "prompt")
                               .arg(argument.section(QLatin1Char('='), 0, 0)));
            return;
        }
    }
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(command.options);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show help."));
    parser.addOption(help);
    if (!parser.parse(QStringList{QStringLiteral("bioepic-cred")} + arguments)) {
        if (!parser.unknownOptionNames().isEmpty()) {
            QStringList known;
            for (const QCommandLineOption &option : command.options)
                known += option.names();
            const QString unknown = parser.unknownOptionNames().first();
            usageError(QStringLiteral("%1 has no option %2%3%4")
                               .arg(command.name(), unknown.size() == 1 ? QStringLiteral("-") : QStringLiteral("--"),
                                    unknown, didYouMean(unknown, known, QStringLiteral("--"))));
            return;
        }
        usageError(parser.errorText());
        return;
    }
    if (parser.isSet(help)) {
        m_out << reference::help(command);
        finish(0);
        return;
    }
    if (!checkPositional(command, parser.positionalArguments()))
        return;
    command.run(*this, parser);
}

} // namespace bioepic::cli
