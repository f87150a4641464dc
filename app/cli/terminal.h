#pragma once

#include <QString>

#include <optional>

namespace bioepic::cli {

/** @brief Reads the first line of standard input (a piped secret), without its line ending. */
[[nodiscard]] std::optional<QString> readLineFromStdin(QString *error);
/** @brief Asks on the controlling terminal with echo off; fails when there is no terminal. */
[[nodiscard]] std::optional<QString> promptHidden(const QString &prompt, QString *error);
/** @brief Asks on the controlling terminal with echo on; fails when there is no terminal. */
[[nodiscard]] std::optional<QString> promptVisible(const QString &prompt, QString *error);

} // namespace bioepic::cli
