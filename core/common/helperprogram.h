#pragma once

#include <QString>

namespace bioepic {

/** @brief The sandbox API server: what `bioepic-cred sandbox` execs and the GUI's demo starts. */
inline constexpr char kSandboxProgram[] = "bioepic-cred-sandbox";

/**
 * @brief Where a program of this project that another one starts is: beside the running program
 * (the build tree's bin/), else where the package installs it (libexec/bioepic-credentials/).
 *
 * Returns the path that was looked for last when neither exists, for the error message.
 */
[[nodiscard]] QString helperProgram(const QString &name);

} // namespace bioepic
