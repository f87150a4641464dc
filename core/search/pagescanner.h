#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace bioepic {

/** @brief Where the records and the next page token sit in a search reply's bytes. */
struct ScannedPage
{
    QString error; ///< empty when the page is valid JSON of the expected shape
    qsizetype errorOffset = -1;
    qsizetype resultsBegin = -1; ///< offset of the results array's '['
    qsizetype resultsEnd = -1; ///< offset just past its ']'
    QList<qsizetype> elementEnds; ///< offset just past each record (for truncating at a limit)
    QString nextToken; ///< empty when absent or null
    QStringList keys; ///< top-level keys, for messages

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
    [[nodiscard]] qsizetype count() const { return elementEnds.size(); }
    /** @brief The first @p count records as compact JSON elements, without brackets (shares @p body's bytes when
     * possible). */
    [[nodiscard]] QByteArrayView elements(const QByteArray &body, qsizetype count) const;
};

/**
 * @brief Validates a document that must be one JSON object (a record fetched by id), in the
 * same one pass: an empty string when it is, else what is wrong (and where, in @p errorOffset).
 */
[[nodiscard]] QString scanObject(const QByteArray &body, qsizetype *errorOffset = nullptr);

/**
 * @brief Validates a search page (RFC 8259 grammar, nesting at most 256 deep) in one pass and
 * finds the results array and the next page token among the top-level members, without
 * building a document. Lets JSON output copy the server's record bytes through, checked but
 * not parsed and printed again.
 */
[[nodiscard]] ScannedPage scanPage(const QByteArray &body, const QString &resultsKey, const QString &nextTokenKey);

} // namespace bioepic
