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

/** @brief One top-level member of a JSON object, as views into its bytes. */
struct JsonMember
{
    QByteArrayView rawKey; ///< between the quotes, escapes as written
    bool keyEscaped = false;
    QByteArrayView value; ///< the value's bytes: "text" with its quotes, 12.5, true, null, {...}, [...]
    [[nodiscard]] QString key() const;
};

/**
 * @brief The records of a page as ScannedPage::elements() gives them (comma-separated JSON values
 * that scanPage() validated), each without the spaces around it. Fast: it only tracks strings and
 * nesting, because the bytes are known to be valid.
 */
[[nodiscard]] QList<QByteArrayView> splitElements(QByteArrayView elements);
/** @brief The top-level members of one validated JSON object, in their order. */
[[nodiscard]] QList<JsonMember> objectMembers(QByteArrayView object);
/** @brief The text of a validated JSON string value (@p value with its quotes), escapes decoded. */
[[nodiscard]] QString jsonStringText(QByteArrayView value);

} // namespace bioepic
