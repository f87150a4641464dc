#include "exporter.h"

#include "jsonpath.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>

namespace bioepic {

std::optional<ExportFormat> exportFormatFromName(const QString &name)
{
    const QString lower = name.toLower();
    if (lower == QLatin1String("json"))
        return ExportFormat::Json;
    if (lower == QLatin1String("csv"))
        return ExportFormat::Csv;
    if (lower == QLatin1String("tsv"))
        return ExportFormat::Tsv;
    return std::nullopt;
}

QString exportFormatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Json:
        return QStringLiteral("json");
    case ExportFormat::Csv:
        return QStringLiteral("csv");
    case ExportFormat::Tsv:
        return QStringLiteral("tsv");
    }
    return {};
}

QStringList unionOfKeys(const QList<QJsonObject> &records)
{
    QStringList keys;
    QSet<QString> seen;
    for (const QJsonObject &record : records) {
        for (auto it = record.constBegin(); it != record.constEnd(); ++it) {
            if (!seen.contains(it.key())) {
                seen.insert(it.key());
                keys.append(it.key());
            }
        }
    }
    if (keys.removeOne(QStringLiteral("id")))
        keys.prepend(QStringLiteral("id"));
    return keys;
}

QString cellText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double number = value.toDouble();
        return number == std::floor(number) && std::abs(number) < 1e15 ? QString::number(qint64(number))
                                                                       : QString::number(number, 'g', 15);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        return {};
    }
    return {};
}

namespace {

bool isOtherControl(char16_t c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || (c >= 0x80 && c <= 0x9f);
}

/** NUL, ESC and the other control characters a cell cannot hold as such, as visible "\xNN". */
QString withoutOtherControls(const QString &text)
{
    if (std::none_of(text.cbegin(), text.cend(), [](QChar c) { return isOtherControl(c.unicode()); }))
        return text;
    QString out;
    for (const QChar c : text) {
        if (isOtherControl(c.unicode()))
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace

QString spreadsheetSafe(const QJsonValue &value)
{
    QString text = cellText(value);
    // A text cell that starts like a formula is run as one by spreadsheet programs (CSV injection):
    // a leading ' makes it text. Numbers are left alone, so -5 stays a number.
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    if (value.isString() && !text.isEmpty() && formulaStarts.contains(text.front()))
        text.prepend(QLatin1Char('\''));
    return text;
}

QString csvField(const QString &plain)
{
    const QString text = withoutOtherControls(plain);
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString tsvField(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\\':
            escaped += QStringLiteral("\\\\");
            break;
        case '\t':
            escaped += QStringLiteral("\\t");
            break;
        case '\n':
            escaped += QStringLiteral("\\n");
            break;
        case '\r':
            escaped += QStringLiteral("\\r");
            break;
        default:
            if (isOtherControl(c.unicode()))
                escaped += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                escaped += c;
        }
    }
    return escaped;
}

RecordWriter::RecordWriter(QIODevice *device, ExportFormat format, QStringList columns)
    : m_device(device)
    , m_format(format)
    , m_columns(std::move(columns))
{
}

void RecordWriter::start()
{
    if (m_started)
        return;
    m_started = true;
    switch (m_format) {
    case ExportFormat::Json:
        m_device->write("[");
        break;
    case ExportFormat::Csv: {
        QStringList header;
        for (const QString &column : std::as_const(m_columns))
            header.append(csvField(column));
        m_device->write(header.join(QLatin1Char(',')).toUtf8() + "\r\n");
        break;
    }
    case ExportFormat::Tsv: {
        QStringList header;
        for (const QString &column : std::as_const(m_columns))
            header.append(tsvField(column));
        m_device->write(header.join(QLatin1Char('\t')).toUtf8() + '\n');
        break;
    }
    }
}

void RecordWriter::writeJsonElements(const QByteArray &elements, qsizetype count)
{
    start();
    if (count == 0)
        return;
    if (m_written > 0)
        m_device->write(",");
    m_device->write(elements);
    m_written += count;
}

void RecordWriter::write(const QList<QJsonObject> &records)
{
    start();
    for (const QJsonObject &record : records) {
        switch (m_format) {
        case ExportFormat::Json:
            if (m_written > 0)
                m_device->write(",");
            m_device->write(QJsonDocument(record).toJson(QJsonDocument::Compact));
            break;
        case ExportFormat::Csv:
        case ExportFormat::Tsv: {
            QStringList cells;
            cells.reserve(m_columns.size());
            for (const QString &column : std::as_const(m_columns)) {
                const QString text = spreadsheetSafe(jsonpath::valueAt(record, column));
                cells.append(m_format == ExportFormat::Csv ? csvField(text) : tsvField(text));
            }
            if (m_format == ExportFormat::Csv)
                m_device->write(cells.join(QLatin1Char(',')).toUtf8() + "\r\n");
            else
                m_device->write(cells.join(QLatin1Char('\t')).toUtf8() + '\n');
            break;
        }
        }
        ++m_written;
    }
}

void RecordWriter::finish()
{
    if (m_finished)
        return;
    start();
    m_finished = true;
    if (m_format == ExportFormat::Json)
        m_device->write("]\n");
}

} // namespace bioepic
