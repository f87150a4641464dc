#include "pagescanner.h"

#include "common/servertext.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace bioepic {

namespace {

constexpr int kMaxDepth = 256;

class Scanner
{
public:
    explicit Scanner(const QByteArray &body)
        : m_begin(body.constData())
        , m_p(body.constData())
        , m_end(body.constData() + body.size())
    {
    }

    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }
    qsizetype offset() const { return m_p - m_begin; }
    qsizetype errorOffset() const { return m_errorAt; }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }
    bool peek(char c)
    {
        skipSpace();
        return m_p < m_end && *m_p == c;
    }
    bool expect(char c, const char *what)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return fail(QStringLiteral("expected %1").arg(QLatin1String(what)));
    }
    bool fail(const QString &message)
    {
        if (m_error.isEmpty()) {
            m_error = message;
            m_errorAt = offset();
        }
        return false;
    }

    /** A string; its raw content (between the quotes) goes to *raw, *escaped tells whether it has escapes. */
    bool string(QByteArrayView *raw = nullptr, bool *escaped = nullptr)
    {
        if (!expect('"', "a string"))
            return false;
        const char *start = m_p;
        bool hasEscape = false;
        while (m_p < m_end) {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                if (raw)
                    *raw = QByteArrayView(start, m_p - start);
                if (escaped)
                    *escaped = hasEscape;
                ++m_p;
                return true;
            }
            if (c < 0x20)
                return fail(QStringLiteral("control character in a string"));
            if (c >= 0x80) {
                // RFC 8259 §8.1: UTF-8 only. Every output format gets the same verdict.
                const int length = utf8SequenceLength(m_p, m_end);
                if (length == 0)
                    return fail(QStringLiteral("invalid UTF-8 in a string"));
                m_p += length;
                continue;
            }
            if (c == '\\') {
                hasEscape = true;
                if (++m_p == m_end)
                    break;
                switch (*m_p) {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    ++m_p;
                    continue;
                case 'u':
                    for (int i = 1; i <= 4; ++i) {
                        if (m_p + i >= m_end || !std::isxdigit(static_cast<unsigned char>(m_p[i])))
                            return fail(QStringLiteral("bad \\u escape"));
                    }
                    m_p += 5;
                    continue;
                default:
                    return fail(QStringLiteral("bad escape in a string"));
                }
            }
            ++m_p;
        }
        return fail(QStringLiteral("unterminated string"));
    }

    /** The length of the well-formed UTF-8 sequence at @p p (RFC 3629: no overlong forms, no surrogates), or 0. */
    static int utf8SequenceLength(const char *p, const char *end)
    {
        const auto byte = [&](int i) { return static_cast<unsigned char>(p[i]); };
        const auto continuation = [&](int i) { return p + i < end && (byte(i) & 0xc0) == 0x80; };
        const unsigned char lead = byte(0);
        if (lead >= 0xc2 && lead <= 0xdf)
            return continuation(1) ? 2 : 0;
        if (lead >= 0xe0 && lead <= 0xef) {
            if (!continuation(1) || !continuation(2))
                return 0;
            if ((lead == 0xe0 && byte(1) < 0xa0) || (lead == 0xed && byte(1) > 0x9f))
                return 0; // overlong, or a UTF-16 surrogate
            return 3;
        }
        if (lead >= 0xf0 && lead <= 0xf4) {
            if (!continuation(1) || !continuation(2) || !continuation(3))
                return 0;
            if ((lead == 0xf0 && byte(1) < 0x90) || (lead == 0xf4 && byte(1) > 0x8f))
                return 0; // overlong, or past U+10FFFF
            return 4;
        }
        return 0;
    }

    bool number()
    {
        const char *start = m_p;
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        if (m_p < m_end && *m_p == '0') {
            ++m_p;
        } else if (m_p < m_end && *m_p >= '1' && *m_p <= '9') {
            while (m_p < m_end && std::isdigit(static_cast<unsigned char>(*m_p)))
                ++m_p;
        } else {
            m_p = start;
            return fail(QStringLiteral("expected a value"));
        }
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (m_p == m_end || !std::isdigit(static_cast<unsigned char>(*m_p)))
                return fail(QStringLiteral("bad number"));
            while (m_p < m_end && std::isdigit(static_cast<unsigned char>(*m_p)))
                ++m_p;
        }
        bool exponent = false;
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            exponent = true;
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (m_p == m_end || !std::isdigit(static_cast<unsigned char>(*m_p)))
                return fail(QStringLiteral("bad number"));
            while (m_p < m_end && std::isdigit(static_cast<unsigned char>(*m_p)))
                ++m_p;
        }
        // A number no double can hold (1e999) is refused, as Qt's parser (and so CSV/TSV) refuses
        // it: the same verdict for every format. Only numbers that could be that large are read.
        if (exponent || m_p - start > 300) {
            bool ok = false;
            const double value = QByteArray(start, m_p - start).toDouble(&ok);
            if (!ok || !std::isfinite(value))
                return fail(QStringLiteral("a number too large for a double"));
        }
        return true;
    }

    bool literal(const char *word)
    {
        const qsizetype length = qsizetype(std::strlen(word));
        if (m_end - m_p >= length && std::memcmp(m_p, word, size_t(length)) == 0) {
            m_p += length;
            return true;
        }
        return fail(QStringLiteral("expected a value"));
    }

    /** Any value; with @p elementEnds, also records where each element of this array ends. */
    bool value(int depth, QList<qsizetype> *elementEnds = nullptr)
    {
        if (depth > kMaxDepth)
            return fail(QStringLiteral("nested too deeply"));
        skipSpace();
        if (m_p == m_end)
            return fail(QStringLiteral("unexpected end"));
        switch (*m_p) {
        case '{':
            return object(depth + 1);
        case '[':
            return array(depth + 1, elementEnds);
        case '"':
            return string();
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

    bool object(int depth)
    {
        if (!expect('{', "'{'"))
            return false;
        if (peek('}')) {
            ++m_p;
            return true;
        }
        do {
            if (!string() || !expect(':', "':'") || !value(depth))
                return false;
        } while (peek(',') && ++m_p);
        return expect('}', "',' or '}'");
    }

    bool array(int depth, QList<qsizetype> *elementEnds)
    {
        if (!expect('[', "'['"))
            return false;
        if (peek(']')) {
            ++m_p;
            return true;
        }
        do {
            if (!value(depth))
                return false;
            if (elementEnds)
                elementEnds->append(offset());
        } while (peek(',') && ++m_p);
        return expect(']', "',' or ']'");
    }

private:
    const char *m_begin;
    const char *m_p;
    const char *m_end;
    QString m_error;
    qsizetype m_errorAt = -1;
};

QString decodeString(QByteArrayView raw, bool escaped)
{
    if (!escaped)
        return QString::fromUtf8(raw);
    // Rare: let Qt decode the escapes of this one small string.
    return QJsonDocument::fromJson(QByteArray("[\"") + raw.toByteArray() + "\"]").array().at(0).toString();
}

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/** Past the validated value that starts at @p p: strings and nesting are all there is to track. */
const char *skipValue(const char *p, const char *end)
{
    int depth = 0;
    bool inString = false;
    for (; p < end; ++p) {
        const char c = *p;
        if (inString) {
            if (c == '\\')
                ++p;
            else if (c == '"') {
                inString = false;
                if (depth == 0)
                    return p + 1;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return p; // the end of the enclosing object or array: a number or literal ends here
            if (--depth == 0)
                return p + 1;
        } else if (depth == 0 && (c == ',' || c == ':' || isSpace(c))) {
            return p; // the end of a number or a literal
        }
    }
    return end;
}

} // namespace

QString JsonMember::key() const
{
    return decodeString(rawKey, keyEscaped);
}

QList<QByteArrayView> splitElements(QByteArrayView elements)
{
    QList<QByteArrayView> records;
    const char *p = elements.data();
    const char *end = p + elements.size();
    while (p < end) {
        while (p < end && (isSpace(*p) || *p == ','))
            ++p;
        if (p == end)
            break;
        const char *valueEnd = skipValue(p, end);
        records.append(QByteArrayView(p, valueEnd - p));
        p = valueEnd;
    }
    return records;
}

QList<JsonMember> objectMembers(QByteArrayView object)
{
    QList<JsonMember> members;
    const char *p = object.data();
    const char *end = p + object.size();
    while (p < end && *p != '{')
        ++p;
    ++p;
    while (p < end) {
        while (p < end && (isSpace(*p) || *p == ','))
            ++p;
        if (p >= end || *p != '"')
            break; // '}'
        JsonMember member;
        const char *keyStart = ++p;
        while (p < end && *p != '"') {
            if (*p == '\\') {
                member.keyEscaped = true;
                ++p;
            }
            ++p;
        }
        member.rawKey = QByteArrayView(keyStart, p - keyStart);
        ++p; // the closing quote
        while (p < end && (isSpace(*p) || *p == ':'))
            ++p;
        const char *valueEnd = skipValue(p, end);
        member.value = QByteArrayView(p, valueEnd - p);
        members.append(member);
        p = valueEnd;
    }
    return members;
}

QString jsonStringText(QByteArrayView value)
{
    if (value.size() < 2)
        return {};
    const QByteArrayView raw = value.sliced(1, value.size() - 2);
    return decodeString(raw, raw.contains('\\'));
}

QByteArrayView ScannedPage::elements(const QByteArray &body, qsizetype count) const
{
    if (count <= 0 || elementEnds.isEmpty())
        return {};
    count = std::min(count, qsizetype(elementEnds.size()));
    qsizetype first = resultsBegin + 1;
    while (first < body.size()
           && (body.at(first) == ' ' || body.at(first) == '\n' || body.at(first) == '\r' || body.at(first) == '\t'))
        ++first;
    return QByteArrayView(body.constData() + first, elementEnds.at(count - 1) - first);
}

QString scanObject(const QByteArray &body, qsizetype *errorOffset)
{
    Scanner scanner(body);
    const bool ok = scanner.peek('{') ? scanner.value(0) : scanner.fail(QStringLiteral("expected a JSON object"));
    if (ok && !scanner.atEnd())
        scanner.fail(QStringLiteral("unexpected data after the JSON object"));
    if (errorOffset)
        *errorOffset = scanner.errorOffset();
    return scanner.error();
}

ScannedPage scanPage(const QByteArray &body, const QString &resultsKey, const QString &nextTokenKey)
{
    ScannedPage page;
    Scanner scanner(body);
    const QByteArray wantedResults = resultsKey.toUtf8();
    const QByteArray wantedNext = nextTokenKey.toUtf8();
    bool sawResults = false;
    auto finish = [&](const QString &error) {
        page.error = error;
        page.errorOffset = scanner.errorOffset() >= 0 ? scanner.errorOffset() : scanner.offset();
        return page;
    };
    if (!scanner.expect('{', "a JSON object"))
        return finish(scanner.error());
    if (scanner.peek('}')) {
        scanner.expect('}', "'}'");
    } else {
        do {
            QByteArrayView rawKey;
            bool keyEscaped = false;
            if (!scanner.string(&rawKey, &keyEscaped) || !scanner.expect(':', "':'"))
                return finish(scanner.error());
            const QString key = decodeString(rawKey, keyEscaped);
            page.keys.append(key);
            scanner.skipSpace();
            const qsizetype valueStart = scanner.offset();
            if (key.toUtf8() == wantedResults) {
                if (!scanner.peek('['))
                    return finish(QStringLiteral("\"%1\" is not a list").arg(resultsKey));
                page.elementEnds.clear();
                if (!scanner.value(1, &page.elementEnds))
                    return finish(scanner.error());
                page.resultsBegin = valueStart;
                page.resultsEnd = scanner.offset();
                sawResults = true;
            } else if (key.toUtf8() == wantedNext && scanner.peek('"')) {
                QByteArrayView raw;
                bool escaped = false;
                if (!scanner.string(&raw, &escaped))
                    return finish(scanner.error());
                page.nextToken = decodeString(raw, escaped);
            } else if (!scanner.value(1)) {
                return finish(scanner.error());
            }
        } while (scanner.peek(',') && scanner.expect(',', "','"));
        if (!scanner.expect('}', "',' or '}'"))
            return finish(scanner.error());
    }
    if (!scanner.atEnd())
        return finish(QStringLiteral("unexpected data after the JSON object"));
    if (!sawResults) {
        return finish(QStringLiteral("the page has no \"%1\" list (its keys: %2); is the API profile right?")
                              .arg(resultsKey, escapeServerText(page.keys.join(QStringLiteral(", ")).left(300))));
    }
    // Elements must be objects (records).
    qsizetype start = page.resultsBegin + 1;
    for (const qsizetype end : std::as_const(page.elementEnds)) {
        qsizetype i = start;
        while (i < end
               && (body.at(i) == ' ' || body.at(i) == '\n' || body.at(i) == '\r' || body.at(i) == '\t'
                   || body.at(i) == ','))
            ++i;
        if (i < end && body.at(i) != '{')
            return finish(QStringLiteral("\"%1\" holds something other than records").arg(resultsKey));
        start = end;
    }
    return page;
}

} // namespace bioepic
