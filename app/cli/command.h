#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace bioepic::cli {

class CliApp;

/**
 * @brief One bioepic-cred command, declared once: its name, what it takes, what it does, its
 * options and how it runs.
 *
 * Everything a person reads about the commands is generated from the table of these
 * (commands()): the overview, `help COMMAND`, the man page, the shell completions and the
 * README's command table (reference.h). They cannot drift from what the parser accepts,
 * because the parser is built from the same options.
 */
struct Command
{
    using Run = std::function<void(CliApp &app, const QCommandLineParser &parser)>;

    QStringList path; ///< {"token"}, or {"env", "add"} for a subcommand
    QString arguments; ///< positional arguments, e.g. "NAME", "[NAME]", "NAME -- CMD [ARGS...]"
    int minArguments = 0; ///< how many positional arguments it needs (before "--")
    int maxArguments = 0; ///< how many it takes at most
    QString summary; ///< one line, lower case, no full stop: the overview and the README table
    QString description; ///< paragraphs (blank-line separated) for help and the man page
    QList<QCommandLineOption> options;
    QStringList examples; ///< shell lines
    Run run; ///< parses nothing itself: the parser is ready, --help already handled
    QStringList aliases; ///< other names of the last path element ("rm" for "env remove")
    /** When set, everything after the first positional "--" is passed through untouched (exec). */
    bool passThrough = false;
    /** The first positional argument names an existing environment (completions offer the names). */
    bool takesEnvironment = false;

    enum class Synopsis {
        Short, ///< every option when there are few, else "[options]" (the overview)
        Full, ///< every option (help, the man page, the README)
    };

    [[nodiscard]] QString name() const { return path.join(QLatin1Char(' ')); }
    /** @brief "token NAME [--from-env] [--refresh] [--json]"; options spelled in @c arguments are not repeated. */
    [[nodiscard]] QString synopsis(Synopsis form = Synopsis::Short) const;
    /** @brief "--name VALUE" or "--name": how an option is written. */
    [[nodiscard]] static QString optionSpelling(const QCommandLineOption &option);
};

/** @brief Every command, in the order the overview lists them. */
[[nodiscard]] const QList<Command> &commands();

/** @brief The command that @p arguments start with (longest path match), and how many words it used. */
[[nodiscard]] const Command *findCommand(const QStringList &arguments, int *consumed);
/** @brief --from-env, the same wherever it is accepted (token, status, search, doctor). */
[[nodiscard]] QCommandLineOption fromEnvironmentOption();

/** @brief The commands under a group name ("env"), in order. */
[[nodiscard]] QList<const Command *> commandsIn(const QString &group);
/** @brief The first words of the commands ("env", "login"…) and "help": what can start a command line. */
[[nodiscard]] QStringList commandWords();
/** @brief The words that name a group of subcommands ("env"). */
[[nodiscard]] QStringList groupWords();

/** @brief The closest of @p candidates to @p word, if it is close enough to be a likely typo. */
[[nodiscard]] QString closestMatch(const QString &word, const QStringList &candidates);

} // namespace bioepic::cli
