#pragma once

#include <QByteArray>
#include <QString>

namespace bioepic {

/**
 * @brief Text from a server, made safe to show, store or log: every control character (C0, DEL,
 * C1, line breaks included) and every bidirectional override becomes a visible escape ("\x1b",
 * "\n", "\u202e"), so a reply cannot clear a terminal, set a window title, forge a line of
 * output or reorder what is shown. Applied where server text enters (error messages, warnings,
 * names), never to values passed through as data.
 */
[[nodiscard]] QString escapeServerText(const QString &text);
/** @brief The same for raw bytes, decoded as UTF-8 (invalid sequences become U+FFFD). */
[[nodiscard]] QString escapeServerText(const QByteArray &bytes);

/** @brief True when @p token is an RFC 6750 b64token: ALPHA DIGIT - . _ ~ + / then any '='. */
[[nodiscard]] bool isB64Token(const QByteArray &token);

} // namespace bioepic
