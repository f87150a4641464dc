#pragma once

#include <QString>

namespace bioepic {

/**
 * @brief @p word as a POSIX shell reads it back unchanged: as is when it holds only safe
 * characters, else in single quotes (a ' inside becomes '\''). For commands shown to be pasted.
 */
[[nodiscard]] QString shellQuoted(const QString &word);

} // namespace bioepic
