#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

class QIODevice;

namespace bioepic {

enum class ExportFormat { Json, Csv, Tsv };
[[nodiscard]] std::optional<ExportFormat> exportFormatFromName(const QString &name);
[[nodiscard]] QString exportFormatName(ExportFormat format);

/** @brief Top-level keys of the records, in order of first appearance, "id" first. */
[[nodiscard]] QStringList unionOfKeys(const QList<QJsonObject> &records);
/** @brief A value as one cell: strings as they are, numbers and booleans as JSON, nested values as compact JSON. */
[[nodiscard]] QString cellText(const QJsonValue &value);

/**
 * @brief Writes records incrementally (page by page), so an export never holds a second copy.
 *
 * JSON: one array of the records. CSV: RFC 4180 (header row, CRLF line ends, fields with a
 * comma, quote or line break quoted, quotes doubled). TSV: header row; tab, newline, CR and
 * backslash in a value escaped as \t \n \r \\ (the "linear TSV" convention).
 * CSV and TSV need the columns up front; a column is a field path ("lat_lon.latitude" reads into
 * the nested object), so projected nested fields get their own column.
 */
class RecordWriter final
{
public:
    RecordWriter(QIODevice *device, ExportFormat format, QStringList columns = {});
    void write(const QList<QJsonObject> &records);
    /** @brief Writes raw compact JSON of records (without brackets), for JSON output straight from a page. */
    void writeJsonElements(const QByteArray &elements, qsizetype count);
    void finish();
    [[nodiscard]] qsizetype written() const { return m_written; }

private:
    void start();

    QIODevice *m_device;
    ExportFormat m_format;
    QStringList m_columns;
    qsizetype m_written = 0;
    bool m_started = false;
    bool m_finished = false;
};

/** @brief A value as cell text for CSV/TSV, with text that looks like a formula ("=…") made plain text. */
[[nodiscard]] QString spreadsheetSafe(const QJsonValue &value);
/** @brief RFC 4180 quoting; control characters other than tab and line breaks become "\xNN". */
[[nodiscard]] QString csvField(const QString &text);
[[nodiscard]] QString tsvField(const QString &text);

} // namespace bioepic
