#include "dotenv.h"

#include <QRegularExpression>

namespace bioepic {

namespace {

bool isHorizontalSpace(QChar c)
{
    return c.isSpace() && c != QLatin1Char('\r') && c != QLatin1Char('\n');
}

/** The grammar of python-dotenv's parser, one production per method; each fails by returning false. */
class Reader
{
public:
    explicit Reader(const QString &text)
        : m_text(text)
    {
        // Where each line starts: \r\n, \n and \r all end a line, as python-dotenv counts them.
        m_lineStarts.append(0);
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (c == QLatin1Char('\n')
                || (c == QLatin1Char('\r') && (i + 1 >= text.size() || text.at(i + 1) != QLatin1Char('\n'))))
                m_lineStarts.append(i + 1);
        }
    }

    [[nodiscard]] bool atEnd() const { return m_pos >= m_text.size(); }
    [[nodiscard]] qsizetype pos() const { return m_pos; }
    [[nodiscard]] QChar peek() const { return atEnd() ? QChar() : m_text.at(m_pos); }
    [[nodiscard]] int lineAt(qsizetype pos) const
    {
        return int(std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), pos) - m_lineStarts.cbegin());
    }

    void skipWhitespace() // \s* across lines
    {
        while (!atEnd() && peek().isSpace())
            ++m_pos;
    }
    void skipHorizontalSpace() // [^\S\r\n]*
    {
        while (!atEnd() && isHorizontalSpace(peek()))
            ++m_pos;
    }
    void skipExport() // (?:export[^\S\r\n]+)?
    {
        if (!m_text.mid(m_pos).startsWith(QLatin1String("export")))
            return;
        qsizetype after = m_pos + 6;
        if (after >= m_text.size() || !isHorizontalSpace(m_text.at(after)))
            return;
        while (after < m_text.size() && isHorizontalSpace(m_text.at(after)))
            ++after;
        m_pos = after;
    }
    /** nullopt: a comment line (no key); an empty optional string is never returned. */
    bool key(std::optional<QString> *key)
    {
        if (peek() == QLatin1Char('#')) {
            *key = std::nullopt;
            return true;
        }
        if (peek() == QLatin1Char('\'')) { // '([^']+)'
            const qsizetype close = m_text.indexOf(QLatin1Char('\''), m_pos + 1);
            if (close < 0 || close == m_pos + 1)
                return false;
            *key = m_text.mid(m_pos + 1, close - m_pos - 1);
            m_pos = close + 1;
            return true;
        }
        const qsizetype start = m_pos; // [^=\#\s]+
        while (!atEnd() && peek() != QLatin1Char('=') && peek() != QLatin1Char('#') && !peek().isSpace())
            ++m_pos;
        if (m_pos == start)
            return false;
        *key = m_text.mid(start, m_pos - start);
        return true;
    }
    /** A quoted value: the raw text between the quotes, a backslash-escaped quote allowed inside. */
    bool quoted(QChar quote, QString *raw)
    {
        qsizetype i = m_pos + 1;
        while (i < m_text.size()) {
            const QChar c = m_text.at(i);
            if (c == QLatin1Char('\\') && i + 1 < m_text.size() && m_text.at(i + 1) == quote) {
                i += 2;
                continue;
            }
            if (c == quote) {
                *raw = m_text.mid(m_pos + 1, i - m_pos - 1);
                m_pos = i + 1;
                return true;
            }
            ++i;
        }
        return false;
    }
    QString restOfLineValue() // ([^\r\n]*), then python-dotenv drops "\s+#.*" and trailing space
    {
        const qsizetype start = m_pos;
        while (!atEnd() && peek() != QLatin1Char('\r') && peek() != QLatin1Char('\n'))
            ++m_pos;
        static const QRegularExpression comment(QStringLiteral("\\s+#.*"),
                                                QRegularExpression::DotMatchesEverythingOption);
        QString value = m_text.mid(start, m_pos - start);
        value.remove(comment);
        while (!value.isEmpty() && value.back().isSpace())
            value.chop(1);
        return value;
    }
    void skipComment() // (?:[^\S\r\n]*#[^\r\n]*)?
    {
        qsizetype i = m_pos;
        while (i < m_text.size() && isHorizontalSpace(m_text.at(i)))
            ++i;
        if (i < m_text.size() && m_text.at(i) == QLatin1Char('#')) {
            while (i < m_text.size() && m_text.at(i) != QLatin1Char('\r') && m_text.at(i) != QLatin1Char('\n'))
                ++i;
            m_pos = i;
        }
    }
    bool endOfLine() // [^\S\r\n]*(?:\r\n|\n|\r|$)
    {
        skipHorizontalSpace();
        if (atEnd())
            return true;
        if (m_text.mid(m_pos, 2) == QLatin1String("\r\n")) {
            m_pos += 2;
            return true;
        }
        if (peek() == QLatin1Char('\n') || peek() == QLatin1Char('\r')) {
            ++m_pos;
            return true;
        }
        return false;
    }
    void skipRestOfLine() // [^\r\n]*(?:\r|\n|\r\n)?
    {
        while (!atEnd() && peek() != QLatin1Char('\r') && peek() != QLatin1Char('\n'))
            ++m_pos;
        if (m_text.mid(m_pos, 2) == QLatin1String("\r\n"))
            m_pos += 2;
        else if (!atEnd())
            ++m_pos;
    }
    void seek(qsizetype pos) { m_pos = pos; }

private:
    const QString &m_text;
    QList<qsizetype> m_lineStarts;
    qsizetype m_pos = 0;
};

QString decodeEscapes(const QString &raw, bool doubleQuoted)
{
    QString out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        if (c != QLatin1Char('\\') || i + 1 >= raw.size()) {
            out += c;
            continue;
        }
        const char next = raw.at(i + 1).toLatin1();
        char decoded = 0;
        switch (next) {
        case '\\':
            decoded = '\\';
            break;
        case '\'':
            decoded = '\'';
            break;
        case '"':
            decoded = doubleQuoted ? '"' : 0;
            break;
        case 'a':
            decoded = doubleQuoted ? '\a' : 0;
            break;
        case 'b':
            decoded = doubleQuoted ? '\b' : 0;
            break;
        case 'f':
            decoded = doubleQuoted ? '\f' : 0;
            break;
        case 'n':
            decoded = doubleQuoted ? '\n' : 0;
            break;
        case 'r':
            decoded = doubleQuoted ? '\r' : 0;
            break;
        case 't':
            decoded = doubleQuoted ? '\t' : 0;
            break;
        case 'v':
            decoded = doubleQuoted ? '\v' : 0;
            break;
        default:
            break;
        }
        if (decoded == 0) {
            out += c; // not an escape here: the backslash stays
            continue;
        }
        out += QLatin1Char(decoded);
        ++i;
    }
    return out;
}

/** ${NAME} and ${NAME:-default}: the process environment first, then the file so far. */
QString expandVariables(const QString &value, const QHash<QString, std::optional<QString>> &fileSoFar,
                        const QHash<QString, QString> &process)
{
    static const QRegularExpression variable(QStringLiteral("\\$\\{([^}:]*)(?::-([^}]*))?\\}"));
    QString out;
    qsizetype last = 0;
    auto it = variable.globalMatch(value);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        out += value.mid(last, match.capturedStart() - last);
        const QString name = match.captured(1);
        const QString fallback = match.captured(2);
        if (process.contains(name))
            out += process.value(name);
        else if (fileSoFar.contains(name))
            out += fileSoFar.value(name).value_or(QString());
        else
            out += fallback;
        last = match.capturedEnd();
    }
    out += value.mid(last);
    return out;
}

} // namespace

QHash<QString, QString> DotenvDocument::values() const
{
    QHash<QString, QString> result;
    for (const DotenvEntry &entry : entries) {
        if (entry.hasValue)
            result.insert(entry.key, entry.value);
        else
            result.remove(entry.key);
    }
    return result;
}

std::optional<DotenvEntry> DotenvDocument::last(const QString &key) const
{
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        if (it->key == key)
            return it->hasValue ? std::optional<DotenvEntry>(*it) : std::nullopt;
    }
    return std::nullopt;
}

DotenvDocument parseDotenv(const QByteArray &bytes, const QHash<QString, QString> &processEnvironment)
{
    DotenvDocument document;
    QByteArray content = bytes;
    if (content.startsWith("\xEF\xBB\xBF")) {
        document.hadBom = true;
        content.remove(0, 3);
    }
    document.text = QString::fromUtf8(content);
    const QString &text = document.text;
    Reader reader(text);
    QHash<QString, std::optional<QString>> soFar;
    while (!reader.atEnd()) {
        const qsizetype mark = reader.pos();
        reader.skipWhitespace();
        if (reader.atEnd())
            break;
        const qsizetype keyStart = reader.pos();
        // The statement starts at the beginning of its line: blank lines before it are not its own.
        qsizetype lineStart = keyStart;
        while (lineStart > mark && text.at(lineStart - 1) != QLatin1Char('\n')
               && text.at(lineStart - 1) != QLatin1Char('\r'))
            --lineStart;
        reader.skipExport();
        std::optional<QString> key;
        std::optional<QString> value;
        bool ok = reader.key(&key);
        if (ok) {
            reader.skipHorizontalSpace();
            if (reader.peek() == QLatin1Char('=')) {
                reader.seek(reader.pos() + 1);
                reader.skipHorizontalSpace();
                const QChar quote = reader.peek();
                QString raw;
                if (quote == QLatin1Char('\'') || quote == QLatin1Char('"')) {
                    ok = reader.quoted(quote, &raw);
                    if (ok)
                        value = decodeEscapes(raw, quote == QLatin1Char('"'));
                } else if (reader.atEnd() || quote == QLatin1Char('\r') || quote == QLatin1Char('\n')) {
                    value = QString();
                } else {
                    value = reader.restOfLineValue();
                }
            }
        }
        if (ok) {
            reader.skipComment();
            ok = reader.endOfLine();
        }
        if (!ok) {
            document.unparsedLines.append(reader.lineAt(keyStart));
            reader.seek(keyStart);
            reader.skipRestOfLine();
            continue;
        }
        if (!key)
            continue; // a comment line
        DotenvEntry entry;
        entry.key = *key;
        entry.hasValue = value.has_value();
        if (value)
            entry.value = expandVariables(*value, soFar, processEnvironment);
        entry.line = reader.lineAt(keyStart);
        entry.begin = lineStart;
        entry.end = reader.pos();
        soFar.insert(entry.key, entry.hasValue ? std::optional<QString>(entry.value) : std::nullopt);
        document.entries.append(entry);
    }
    return document;
}

QByteArray withoutKeys(const DotenvDocument &document, const QSet<QString> &keys, const QStringList &comment)
{
    QString text;
    qsizetype copied = 0;
    bool commented = false;
    const QString &source = document.text;
    // The file's own line end, for the comment lines.
    const QString newline = source.contains(QLatin1String("\r\n")) ? QStringLiteral("\r\n") : QStringLiteral("\n");
    for (const DotenvEntry &entry : document.entries) {
        if (!keys.contains(entry.key))
            continue;
        text += source.mid(copied, entry.begin - copied);
        if (!commented) {
            for (const QString &line : comment)
                text += QStringLiteral("# ") + line + newline;
            commented = true;
        }
        copied = entry.end;
    }
    text += source.mid(copied);
    QByteArray bytes = text.toUtf8();
    if (document.hadBom)
        bytes.prepend("\xEF\xBB\xBF");
    return bytes;
}

} // namespace bioepic
