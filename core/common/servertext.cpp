#include "servertext.h"

#include "asciichar.h"

#include <QList>

namespace bioepic {

namespace {

bool needsEscape(char32_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) // C0, DEL, C1 (CSI, OSC…)
            || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) // bidi embeddings, isolates
            || c == 0x200e || c == 0x200f || c == 0x061c; // direction marks
}

} // namespace

QString escapeServerText(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const uint code : text.toUcs4()) {
        const char32_t c = code;
        if (!needsEscape(c)) {
            out.append(QString::fromUcs4(&c, 1));
            continue;
        }
        switch (c) {
        case '\n':
            out.append(QLatin1String("\\n"));
            break;
        case '\r':
            out.append(QLatin1String("\\r"));
            break;
        case '\t':
            out.append(QLatin1String("\\t"));
            break;
        default:
            out.append(c < 0x100 ? QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'))
                                 : QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0')));
        }
    }
    return out;
}

QString escapeServerText(const QByteArray &bytes)
{
    return escapeServerText(QString::fromUtf8(bytes));
}

bool isB64Token(const QByteArray &token)
{
    qsizetype i = 0;
    const qsizetype size = token.size();
    for (; i < size; ++i) {
        const char c = token.at(i);
        const bool allowed = isAsciiLetterOrDigit(char16_t(uchar(c))) || c == '-' || c == '.' || c == '_' || c == '~'
                || c == '+' || c == '/';
        if (!allowed)
            break;
    }
    if (i == 0)
        return false;
    for (; i < size; ++i) {
        if (token.at(i) != '=')
            return false;
    }
    return true;
}

} // namespace bioepic
