#pragma once
// Header only, like deadline.h: the keychain module may use it too.

#include <QChar>

namespace bioepic {

/**
 * @brief ASCII character classes, for names and words checked character by character. QChar's own
 * (isLetterOrNumber, isLower) accept every script's letters and digits, and a pattern's "$" also
 * matches before a final line break.
 */
constexpr bool isAsciiDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}
constexpr bool isAsciiLower(char16_t c)
{
    return c >= u'a' && c <= u'z';
}
constexpr bool isAsciiLetterOrDigit(char16_t c)
{
    return isAsciiLower(c) || (c >= u'A' && c <= u'Z') || isAsciiDigit(c);
}
inline bool isAsciiLetterOrDigit(QChar c)
{
    return isAsciiLetterOrDigit(c.unicode());
}

} // namespace bioepic
