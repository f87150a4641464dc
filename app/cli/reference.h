#pragma once

#include <QString>

namespace bioepic::cli {

struct Command;

/**
 * @brief Everything a person reads about bioepic-cred's commands, generated from the command
 * table (command.h): nothing here is written by hand per command.
 */
namespace reference {

/** @brief `bioepic-cred help`: every command with its synopsis and summary, exit codes. */
[[nodiscard]] QString overview();
/** @brief `bioepic-cred help COMMAND` and `COMMAND --help`. */
[[nodiscard]] QString help(const Command &command);
/** @brief `bioepic-cred help env`: every command of a group, with their help unless @p brief. */
[[nodiscard]] QString groupHelp(const QString &group, bool brief = false);
/** @brief The man page bioepic-cred.1, in roff (man(7)). */
[[nodiscard]] QString manPage();
/** @brief The bash completion script (`bioepic-cred completion bash`). */
[[nodiscard]] QString bashCompletion();
/** @brief The zsh completion function (`bioepic-cred completion zsh`). */
[[nodiscard]] QString zshCompletion();
/** @brief The README's command table, in Markdown. */
[[nodiscard]] QString markdownTable();

} // namespace reference
} // namespace bioepic::cli
