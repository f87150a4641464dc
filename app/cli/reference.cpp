#include "reference.h"

#include "command.h"

#include <QRegularExpression>

namespace bioepic::cli::reference {

namespace {

constexpr int kWidth = 92;
constexpr int kSynopsisColumn = 36;

const char kTagline[] = "BioEPIC API credentials from the OS keychain, for scripts";

const char kSecrets[] = "Secrets are never taken from the command line: they come from standard input "
                        "(--secret-stdin) or a prompt that does not echo. Standard output carries only the result "
                        "(a token, JSON, records); messages go to standard error.";

const std::pair<int, const char *> kExitCodes[] = {
        {0, "ok"},
        {1, "failure"},
        {2, "usage error"},
        {3, "credentials rejected by the server"},
        {4, "keychain unavailable or locked"},
        {5, "network or TLS failure"},
        {6, "bad server response"},
};

const std::pair<const char *, const char *> kEnvironmentVariables[] = {
        {"BIOEPIC_KEYCHAIN_TIMEOUT_MS", "bound on every keychain operation, in milliseconds (default 20000)"},
        {"BIOEPIC_KEYCHAIN_SERVICE", "a separate namespace of keychain entries (tests, experiments)"},
        {"BIOEPIC_KEYCHAIN_MODULE",
         "the keychain module to load instead of libbioepic-keychain.so beside the program (tests)"},
        {"CLIENT_ID, CLIENT_SECRET, USERNAME, PASSWORD",
         "read by --from-env (optionally prefixed with the environment's name: LAB_CLIENT_ID)"},
};

const std::pair<const char *, const char *> kFiles[] = {
        {"~/.config/bioepic-credentials/environments.json", "environments and credential metadata (no secrets)"},
        {"~/.local/share/bioepic-credentials/state.json", "token metadata for status (no tokens)"},
        {"~/.local/share/bioepic-credentials/history/NAME.jsonl", "credential history (fingerprints only)"},
        {"~/.local/share/bioepic-credentials/tokens/NAME.token",
         "the cached access token, sealed under a key that lives in the keychain"},
};

/** Words wrapped to @p width; the text starts at @p column, continuation lines at @p indent. */
QString wrap(const QString &text, int width, int indent, int column)
{
    QString out;
    bool first = true;
    const QString pad(indent, QLatin1Char(' '));
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!first && column + 1 + word.size() > width) {
            out += QLatin1Char('\n') + pad;
            column = indent;
        } else if (!first) {
            out += QLatin1Char(' ');
            ++column;
        }
        out += word;
        column += int(word.size());
        first = false;
    }
    return out;
}

QString paragraphs(const QString &text, int indent)
{
    QStringList out;
    const QString pad(indent, QLatin1Char(' '));
    for (const QString &paragraph : text.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts))
        out.append(pad + wrap(paragraph.simplified(), kWidth, indent, indent));
    return out.join(QStringLiteral("\n\n"));
}

QString capitalised(const QString &summary)
{
    return summary.isEmpty() ? summary : summary.left(1).toUpper() + summary.mid(1) + QLatin1Char('.');
}

QString allSpellings(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names.append((name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name);
    QString text = names.join(QStringLiteral(", "));
    if (!option.valueName().isEmpty())
        text += QLatin1Char(' ') + option.valueName();
    return text;
}

QString longName(const QCommandLineOption &option)
{
    QString longest;
    for (const QString &name : option.names())
        longest = name.size() > longest.size() ? name : longest;
    return longest;
}

QList<QCommandLineOption> visibleOptions(const Command &command)
{
    QList<QCommandLineOption> options;
    for (const QCommandLineOption &option : command.options) {
        if (!(option.flags() & QCommandLineOption::HiddenFromHelp))
            options.append(option);
    }
    return options;
}

QString optionLines(const QList<QCommandLineOption> &options)
{
    QString text;
    for (const QCommandLineOption &option : options) {
        const QString spelling = QStringLiteral("  ") + allSpellings(option);
        const int column = 26;
        QString line = spelling;
        if (spelling.size() + 2 > column)
            line += QLatin1Char('\n') + QString(column, QLatin1Char(' '));
        else
            line += QString(column - spelling.size(), QLatin1Char(' '));
        text += line + wrap(option.description(), kWidth, column, column) + QLatin1Char('\n');
    }
    return text;
}

QString commandLine(const Command &command)
{
    QString line = QStringLiteral("  ") + command.synopsis();
    if (line.size() + 2 > kSynopsisColumn)
        line += QLatin1Char('\n') + QString(kSynopsisColumn, QLatin1Char(' '));
    else
        line += QString(kSynopsisColumn - line.size(), QLatin1Char(' '));
    return line + wrap(command.summary, kWidth, kSynopsisColumn, kSynopsisColumn) + QLatin1Char('\n');
}

QString exitCodesLine()
{
    QStringList parts;
    for (const auto &[code, meaning] : kExitCodes)
        parts.append(QStringLiteral("%1 %2").arg(code).arg(QLatin1String(meaning)));
    return QStringLiteral("Exit codes: ") + parts.join(QStringLiteral(", ")) + QLatin1Char('.');
}

/** roff: backslashes, hyphens (so that man renders "--json" as typed) and leading dots escaped. */
QString roff(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\e"));
    text.replace(QLatin1Char('-'), QStringLiteral("\\-"));
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines) {
        if (line.startsWith(QLatin1Char('.')) || line.startsWith(QLatin1Char('\'')))
            line.prepend(QStringLiteral("\\&"));
    }
    return lines.join(QLatin1Char('\n'));
}

/** The values an option accepts, when its value name lists them ("json|csv|tsv"). */
QStringList choices(const QCommandLineOption &option)
{
    return option.valueName().contains(QLatin1Char('|')) ? option.valueName().split(QLatin1Char('|')) : QStringList();
}

bool takesFile(const QCommandLineOption &option)
{
    return option.valueName() == QLatin1String("FILE");
}

QString firstSentence(const QString &text)
{
    const qsizetype end = text.indexOf(QStringLiteral(". "));
    QString sentence = end < 0 ? text : text.left(end);
    if (sentence.endsWith(QLatin1Char('.')))
        sentence.chop(1);
    return sentence;
}

QString shellWords(const QStringList &words)
{
    return words.join(QLatin1Char(' '));
}

QString zshEscape(QString text)
{
    text.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    text.replace(QLatin1Char('['), QStringLiteral("\\["));
    text.replace(QLatin1Char(']'), QStringLiteral("\\]"));
    text.replace(QLatin1Char(':'), QStringLiteral("\\:"));
    return text;
}

} // namespace

QString overview()
{
    QString text = QStringLiteral("bioepic-cred — %1.\n\nUsage: bioepic-cred <command> [options]\n\nCommands:\n")
                           .arg(QLatin1String(kTagline));
    for (const Command &command : commands())
        text += commandLine(command);
    Command help;
    help.path = {QStringLiteral("help")};
    help.arguments = QStringLiteral("[COMMAND]");
    help.summary = QStringLiteral("help on a command");
    text += commandLine(help);
    Command version;
    version.path = {QStringLiteral("--version")};
    version.summary = QStringLiteral("the versions of this program, Qt and QtKeychain");
    text += commandLine(version);
    text += QLatin1Char('\n') + paragraphs(QString::fromUtf8(kSecrets), 0) + QStringLiteral("\n\n")
            + paragraphs(exitCodesLine(), 0) + QLatin1Char('\n');
    return text;
}

QString help(const Command &command)
{
    QString text
            = QStringLiteral("Usage: bioepic-cred %1\n\n%2\n").arg(command.synopsis(), capitalised(command.summary));
    if (!command.description.isEmpty())
        text += QLatin1Char('\n') + paragraphs(command.description, 0) + QLatin1Char('\n');
    QList<QCommandLineOption> options = visibleOptions(command);
    options.append(
            QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")));
    text += QStringLiteral("\nOptions:\n") + optionLines(options);
    if (!command.examples.isEmpty()) {
        text += QStringLiteral("\nExamples:\n");
        for (const QString &example : command.examples)
            text += QStringLiteral("  ") + example + QLatin1Char('\n');
    }
    return text;
}

QString groupHelp(const QString &group, bool brief)
{
    QString text = QStringLiteral("Usage: bioepic-cred %1 <command> [options]\n\nCommands:\n").arg(group);
    const QList<const Command *> members = commandsIn(group);
    for (const Command *command : members)
        text += commandLine(*command);
    if (brief)
        return text + QStringLiteral("\nRun 'bioepic-cred help %1' for their options.\n").arg(group);
    for (const Command *command : members)
        text += QLatin1Char('\n') + help(*command);
    return text;
}

QString manPage()
{
    QString man;
    man += QStringLiteral(".\\\" Generated by bioepic-cred help --man from its command table; do not edit.\n");
    man += QStringLiteral(".TH BIOEPIC\\-CRED 1 \"\" \"bioepic-credentials %1\" \"User Commands\"\n")
                   .arg(QStringLiteral(BIOEPIC_VERSION));
    man += QStringLiteral(".SH NAME\nbioepic\\-cred \\- %1\n").arg(roff(QLatin1String(kTagline)));
    man += QStringLiteral(".SH SYNOPSIS\n.B bioepic\\-cred\n.I command\n.RI [ options ]\n");
    man += QStringLiteral(".SH DESCRIPTION\n%1\n")
                   .arg(roff(
                           QStringLiteral("bioepic-cred keeps the client ids and secrets of the BioEPIC data API "
                                          "(and servers of the same shape, such as the NMDC Runtime API) in the OS "
                                          "keychain, hands valid access tokens to scripts, rotates credentials "
                                          "safely and diagnoses failures step by step. The desktop application "
                                          "bioepic-credentials(1) works on the same keychain entries and settings.")));
    man += QStringLiteral(".PP\n%1\n").arg(roff(QString::fromUtf8(kSecrets)));
    man += QStringLiteral(".SH COMMANDS\n");
    for (const Command &command : commands()) {
        man += QStringLiteral(".SS \"%1\"\n%2\n")
                       .arg(roff(command.synopsis(Command::Synopsis::Full)), roff(capitalised(command.summary)));
        for (const QString &paragraph : command.description.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts))
            man += QStringLiteral(".PP\n%1\n").arg(roff(paragraph.simplified()));
        for (const QCommandLineOption &option : visibleOptions(command))
            man += QStringLiteral(".TP\n.B %1\n%2\n").arg(roff(allSpellings(option)), roff(option.description()));
        if (!command.examples.isEmpty()) {
            man += QStringLiteral(".PP\nExample:\n.PP\n.nf\n.RS\n");
            for (const QString &example : command.examples)
                man += roff(example) + QLatin1Char('\n');
            man += QStringLiteral(".RE\n.fi\n");
        }
    }
    man += QStringLiteral(".SH EXIT STATUS\n");
    for (const auto &[code, meaning] : kExitCodes)
        man += QStringLiteral(".TP\n.B %1\n%2\n").arg(code).arg(roff(QLatin1String(meaning)));
    man += QStringLiteral(".SH ENVIRONMENT\n");
    for (const auto &[name, meaning] : kEnvironmentVariables)
        man += QStringLiteral(".TP\n.B %1\n%2\n").arg(roff(QLatin1String(name)), roff(QLatin1String(meaning)));
    man += QStringLiteral(".SH FILES\n");
    for (const auto &[path, meaning] : kFiles)
        man += QStringLiteral(".TP\n.I %1\n%2\n").arg(roff(QLatin1String(path)), roff(QLatin1String(meaning)));
    man += QStringLiteral(".PP\nSecrets live only in the OS keychain; a cached token file is unreadable without it.\n");
    man += QStringLiteral(".SH SEE ALSO\n.BR bioepic\\-credentials (1),\n.BR secret\\-tool (1)\n");
    return man;
}

QString bashCompletion()
{
    QString script;
    script += QStringLiteral("# bash completion for bioepic-cred; generated by \"bioepic-cred completion bash\".\n");
    script += QStringLiteral("_bioepic_cred_environments() { bioepic-cred env list --names 2>/dev/null; }\n\n");
    script += QStringLiteral("_bioepic_cred() {\n"
                             "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
                             "    local cword=$COMP_CWORD first=${COMP_WORDS[1]} command start=2\n"
                             "    if ((cword == 1)); then\n"
                             "        COMPREPLY=($(compgen -W \"%1\" -- \"$cur\"))\n"
                             "        return\n"
                             "    fi\n")
                      .arg(shellWords(commandWords()) + QStringLiteral(" --version --help"));
    // Groups: the second word is the subcommand.
    script += QStringLiteral("    case $first in\n");
    for (const QString &group : groupWords()) {
        QStringList subs;
        for (const Command *command : commandsIn(group))
            subs.append(command->path.last());
        script += QStringLiteral(
                          "    %1)\n"
                          "        if ((cword == 2)); then COMPREPLY=($(compgen -W \"%2\" -- \"$cur\")); return; fi\n"
                          "        command=\"%1 ${COMP_WORDS[2]}\" start=3 ;;\n")
                          .arg(group, shellWords(subs));
    }
    script += QStringLiteral("    help) COMPREPLY=($(compgen -W \"%1\" -- \"$cur\")); return ;;\n")
                      .arg(shellWords(commandWords()));
    script += QStringLiteral("    *) command=$first ;;\n    esac\n");
    // An option's value: its choices, a file, or nothing to offer.
    script += QStringLiteral("    case \"$command $prev\" in\n");
    for (const Command &command : commands()) {
        for (const QCommandLineOption &option : command.options) {
            if (option.valueName().isEmpty())
                continue;
            const QString key = QStringLiteral("\"%1 --%2\"").arg(command.name(), longName(option));
            if (!choices(option).isEmpty())
                script += QStringLiteral("    %1) COMPREPLY=($(compgen -W \"%2\" -- \"$cur\")); return ;;\n")
                                  .arg(key, shellWords(choices(option)));
            else if (takesFile(option))
                script += QStringLiteral("    %1) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n").arg(key);
            else
                script += QStringLiteral("    %1) return ;;\n").arg(key);
        }
    }
    script += QStringLiteral("    esac\n");
    script += QStringLiteral("    local options= environment=0\n    case $command in\n");
    for (const Command &command : commands()) {
        QStringList spelled;
        for (const QCommandLineOption &option : command.options)
            spelled.append(QStringLiteral("--") + longName(option));
        spelled.append(QStringLiteral("--help"));
        script += QStringLiteral("    \"%1\") options=\"%2\" environment=%3 ;;\n")
                          .arg(command.name(), shellWords(spelled))
                          .arg(command.takesEnvironment ? 1 : 0);
    }
    script += QStringLiteral("    esac\n"
                             "    if [[ $cur == -* ]]; then\n"
                             "        COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
                             "    elif ((environment && cword == start)); then\n"
                             "        COMPREPLY=($(compgen -W \"$(_bioepic_cred_environments)\" -- \"$cur\"))\n"
                             "    fi\n"
                             "}\n"
                             "complete -F _bioepic_cred bioepic-cred\n");
    return script;
}

QString zshCompletion()
{
    QString script;
    script += QStringLiteral("#compdef bioepic-cred\n");
    script += QStringLiteral("# zsh completion for bioepic-cred; generated by \"bioepic-cred completion zsh\".\n\n");
    script += QStringLiteral("_bioepic_cred_environments() {\n"
                             "    local -a names\n"
                             "    names=(${(f)\"$(bioepic-cred env list --names 2>/dev/null)\"})\n"
                             "    _describe 'environment' names\n"
                             "}\n\n");
    script += QStringLiteral("_bioepic_cred() {\n    local -a commands\n    commands=(\n");
    QStringList seen;
    for (const Command &command : commands()) {
        const QString word = command.path.first();
        if (seen.contains(word))
            continue;
        seen.append(word);
        const QString summary = command.path.size() > 1 ? QStringLiteral("%1 commands").arg(word) : command.summary;
        script += QStringLiteral("        '%1:%2'\n").arg(word, zshEscape(summary));
    }
    script += QStringLiteral("        'help:help on a command'\n    )\n");
    script += QStringLiteral(
            "    if ((CURRENT == 2)); then\n        _describe 'command' commands\n        return\n    fi\n");
    script += QStringLiteral("    local command=${words[2]}\n    shift words; ((CURRENT--))\n    case $command in\n");
    for (const QString &group : groupWords()) {
        script += QStringLiteral(
                          "    %1)\n        if ((CURRENT == 2)); then\n            local -a subs\n            subs=(")
                          .arg(group);
        for (const Command *command : commandsIn(group))
            script += QStringLiteral(" '%1:%2'").arg(command->path.last(), zshEscape(command->summary));
        script += QStringLiteral(" )\n            _describe 'command' subs\n            return\n        fi\n"
                                 "        command=\"%1 ${words[2]}\"\n        shift words; ((CURRENT--)) ;;\n")
                          .arg(group);
    }
    script += QStringLiteral("    esac\n    case $command in\n");
    for (const Command &command : commands()) {
        QStringList specs;
        if (command.takesEnvironment)
            specs.append(QStringLiteral("'1:environment:_bioepic_cred_environments'"));
        for (const QCommandLineOption &option : command.options) {
            QString spec
                    = QStringLiteral("'--%1[%2]").arg(longName(option), zshEscape(firstSentence(option.description())));
            if (!choices(option).isEmpty())
                spec += QStringLiteral(":%1:(%2)").arg(longName(option), shellWords(choices(option)));
            else if (takesFile(option))
                spec += QStringLiteral(":file:_files");
            else if (!option.valueName().isEmpty())
                spec += QStringLiteral(":%1: ").arg(option.valueName().toLower());
            specs.append(spec + QLatin1Char('\''));
        }
        specs.append(QStringLiteral("'--help[show help]'"));
        if (command.passThrough)
            specs.append(QStringLiteral("'*::command:_normal'"));
        script += QStringLiteral("    \"%1\") _arguments -s %2 ;;\n").arg(command.name(), specs.join(QLatin1Char(' ')));
    }
    script += QStringLiteral("    help) _describe 'command' commands ;;\n    esac\n}\n\n_bioepic_cred \"$@\"\n");
    return script;
}

QString markdownTable()
{
    QString table = QStringLiteral("| command | does |\n|---|---|\n");
    for (const Command &command : commands()) {
        QString synopsis = command.synopsis(Command::Synopsis::Full);
        synopsis.replace(QLatin1Char('|'), QStringLiteral("\\|"));
        table += QStringLiteral("| `%1` | %2 |\n").arg(synopsis, command.summary);
    }
    return table;
}

} // namespace bioepic::cli::reference
