#include "command.h"

namespace bioepic::cli {

namespace {
/** Above this many options the synopsis says "[options]" and help lists them. */
constexpr int kSynopsisOptionLimit = 4;

int editDistance(const QString &a, const QString &b)
{
    QList<int> previous(b.size() + 1);
    QList<int> current(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution = previous[j - 1] + (a.at(i - 1) == b.at(j - 1) ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}
} // namespace

QString Command::optionSpelling(const QCommandLineOption &option)
{
    QString longest;
    for (const QString &name : option.names()) {
        if (name.size() > longest.size())
            longest = name;
    }
    QString text = (longest.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + longest;
    if (!option.valueName().isEmpty())
        text += QLatin1Char(' ') + option.valueName();
    return text;
}

QString Command::synopsis(Synopsis form) const
{
    QString text = name();
    // "exec NAME [options] -- CMD [ARGS...]": what comes after "--" goes last.
    const QString positional = passThrough ? arguments.section(QStringLiteral(" -- "), 0, 0) : arguments;
    if (!positional.isEmpty())
        text += QLatin1Char(' ') + positional;
    QStringList optional;
    for (const QCommandLineOption &option : options) {
        const QString spelling = optionSpelling(option);
        if (option.flags() & QCommandLineOption::HiddenFromHelp
            || arguments.contains(spelling.section(QLatin1Char(' '), 0, 0)))
            continue;
        optional.append(QLatin1Char('[') + spelling + QLatin1Char(']'));
    }
    if (form == Synopsis::Short && optional.size() > kSynopsisOptionLimit)
        text += QStringLiteral(" [options]");
    else if (!optional.isEmpty())
        text += QLatin1Char(' ') + optional.join(QLatin1Char(' '));
    if (passThrough)
        text += QStringLiteral(" -- ") + arguments.section(QStringLiteral(" -- "), 1);
    return text;
}

// Each file of commands contributes its rows; the order here is the overview's.
QList<Command> environmentCommands();
QList<Command> credentialCommands();
QList<Command> scriptCommands();
QList<Command> rotationCommands();
QList<Command> searchCommands();
QList<Command> doctorCommands();
QList<Command> scanCommands();
QList<Command> sandboxCommands();
QList<Command> completionCommands();

const QList<Command> &commands()
{
    static const QList<Command> table = [] {
        QList<Command> all;
        for (const auto &part :
             {environmentCommands(), credentialCommands(), scriptCommands(), rotationCommands(), searchCommands(),
              doctorCommands(), scanCommands(), sandboxCommands(), completionCommands()})
            all += part;
        return all;
    }();
    return table;
}

const Command *findCommand(const QStringList &arguments, int *consumed)
{
    const Command *best = nullptr;
    int bestLength = 0;
    for (const Command &command : commands()) {
        const int length = int(command.path.size());
        if (length <= bestLength || arguments.size() < length)
            continue;
        bool matches = true;
        for (int i = 0; i < length && matches; ++i) {
            const QString &word = arguments.at(i);
            matches = word == command.path.at(i) || (i == length - 1 && command.aliases.contains(word));
        }
        if (matches) {
            best = &command;
            bestLength = length;
        }
    }
    *consumed = bestLength;
    return best;
}

QList<const Command *> commandsIn(const QString &group)
{
    QList<const Command *> found;
    for (const Command &command : commands()) {
        if (command.path.size() > 1 && command.path.first() == group)
            found.append(&command);
    }
    return found;
}

QCommandLineOption fromEnvironmentOption()
{
    return {QStringLiteral("from-env"),
            QStringLiteral("Take CLIENT_ID and CLIENT_SECRET (or USERNAME and PASSWORD; NAME_-prefixed ones first) "
                           "from the process environment instead of the keychain, for machines without one (CI). "
                           "Nothing is read from or written to the keychain.")};
}

QStringList commandWords()
{
    QStringList words;
    for (const Command &command : commands()) {
        if (!words.contains(command.path.first()))
            words.append(command.path.first());
    }
    words.append(QStringLiteral("help"));
    return words;
}

QStringList groupWords()
{
    QStringList groups;
    for (const Command &command : commands()) {
        if (command.path.size() > 1 && !groups.contains(command.path.first()))
            groups.append(command.path.first());
    }
    return groups;
}

QString closestMatch(const QString &word, const QStringList &candidates)
{
    QString best;
    int bestDistance = std::numeric_limits<int>::max();
    for (const QString &candidate : candidates) {
        const int distance = editDistance(word.toLower(), candidate.toLower());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    // A typo, not another word: at most a third of the word changed (and at least one letter kept).
    return bestDistance <= std::max(1, int(word.size()) / 3) && bestDistance < word.size() ? best : QString();
}

} // namespace bioepic::cli
