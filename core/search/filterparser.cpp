#include "filterparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace bioepic {

QByteArray ParsedFilter::toQuery() const
{
    return filter.isEmpty() ? QByteArray() : QJsonDocument(filter).toJson(QJsonDocument::Compact);
}

namespace {

/** 1-based line and column of a character offset. */
std::pair<int, int> position(const QString &text, qsizetype offset)
{
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < std::min(offset, text.size()); ++i) {
        if (text.at(i) == QLatin1Char('\n')) {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

ParsedFilter failure(const QString &message, int line, int column)
{
    ParsedFilter result;
    result.error = QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message);
    result.line = line;
    result.column = column;
    return result;
}

ParsedFilter parseJson(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError) {
        // The offset is in UTF-8 bytes; count characters up to it.
        const auto [line, column] = position(text, QString::fromUtf8(utf8.left(error.offset)).size());
        return failure(error.errorString(), line, column);
    }
    if (!document.isObject())
        return failure(QStringLiteral("a filter must be a JSON object ({…})"), 1, 1);
    ParsedFilter result;
    result.filter = document.object();
    return result;
}

ParsedFilter parseLines(const QString &text)
{
    static const QRegularExpression key(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.]*$"));
    ParsedFilter result;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int number = 1; number <= lines.size(); ++number) {
        const QString line = lines.at(number - 1);
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon < 0)
            return failure(QStringLiteral("expected \"key: value\""), number,
                           int(line.size() - line.trimmed().size() + 1));
        const QString name = line.left(colon).trimmed();
        const int keyColumn = int(line.indexOf(name) + 1);
        if (name.isEmpty())
            return failure(QStringLiteral("the key before ':' is empty"), number, int(colon + 1));
        if (!key.match(name).hasMatch())
            return failure(QStringLiteral("\"%1\" is not a field name (letters, digits, '_' and '.')").arg(name),
                           number, keyColumn);
        if (result.filter.contains(name))
            return failure(QStringLiteral("\"%1\" is given twice").arg(name), number, keyColumn);
        const QString valueText = line.mid(colon + 1).trimmed();
        if (valueText.isEmpty())
            return failure(QStringLiteral("no value after \"%1:\"").arg(name), number, int(colon + 2));
        // JSON where it is JSON; a bare word is a string.
        QJsonParseError error;
        const QJsonDocument wrapped = QJsonDocument::fromJson(QByteArray("[") + valueText.toUtf8() + ']', &error);
        const bool looksJson = valueText.startsWith(QLatin1Char('"')) || valueText.startsWith(QLatin1Char('['))
                || valueText.startsWith(QLatin1Char('{'));
        if (error.error == QJsonParseError::NoError && wrapped.array().size() == 1) {
            result.filter.insert(name, wrapped.array().first());
        } else if (looksJson) {
            return failure(QStringLiteral("the value of \"%1\" is not valid JSON: %2").arg(name, error.errorString()),
                           number, int(colon + 2));
        } else {
            result.filter.insert(name, valueText);
        }
    }
    return result;
}

} // namespace

ParsedFilter parseFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    if (trimmed.startsWith(QLatin1Char('{')) || trimmed.startsWith(QLatin1Char('[')))
        return parseJson(text);
    return parseLines(text);
}

} // namespace bioepic
