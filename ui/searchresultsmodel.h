#pragma once

#include <QAbstractTableModel>
#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QSortFilterProxyModel>
#include <QStringList>

#include <deque>
#include <vector>

namespace bioepic::ui {

/**
 * @brief Search results as a table: one row per record, one column per top-level key (the union
 * over every record so far), nested values as compact JSON. The fields asked for come first, in
 * the order asked (as the CLI writes them); then "id", then other keys as they appear.
 *
 * Built for 100,000 records and more, page by page, with the UI thread free:
 * - a page is kept as the server's validated bytes; a row is where its record sits in them, and a
 *   cell where its value sits in the record (a few bytes each, no parsed document per record);
 * - rows are appended with beginInsertRows(), so the work per page is the page's own;
 * - sorting is the model's (sort()): the keys of one column are read once, ordered, and a page that
 *   arrives while sorted is merged into place;
 * - values become text only when a cell is drawn.
 */
class SearchResultsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    /** @brief Numbers sort as numbers, everything else as text. */
    static constexpr int SortRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    /** @brief Empties the table; @p fields (the projection asked for) fix the first columns' order. */
    void clear(const QStringList &fields = {});
    /**
     * @brief Appends the records of @p elements: validated, comma-separated JSON objects, as a
     * search delivers a page in raw mode. The bytes are kept whole, not copied per record.
     */
    void appendElements(const QByteArray &elements) { appendPages({elements}); }
    /** @brief Several pages at once: one insertion for views to lay out and paint, not one per page. */
    void appendPages(const QList<QByteArray> &pages);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    [[nodiscard]] int sortColumn() const { return m_sortColumn; }

    /** @brief The record of @p row, parsed (for the JSON pane and export). */
    [[nodiscard]] QJsonObject record(int row) const;
    /** @brief The record's bytes as the server sent them. */
    [[nodiscard]] QByteArrayView recordBytes(int row) const;
    [[nodiscard]] QStringList columns() const { return m_columns; }
    /** @brief Bytes held for the records (pages and indexes), for the memory benchmark. */
    [[nodiscard]] qint64 bytesHeld() const;

private:
    struct Row
    {
        quint32 page; ///< index in m_pages
        quint32 offset; ///< of the record in its page
        quint32 length;
        quint32 firstCell; ///< index in m_cells
        quint16 cellCount;
    };
    struct Cell
    {
        quint32 offset; ///< of the value, from the start of its record
        quint32 length;
        quint16 column;
    };
    /** What a cell sorts by: numbers as numbers, the rest by their text, numbers first. */
    struct SortKey
    {
        bool isNumber = false;
        double number = 0;
        QString text;
    };

    [[nodiscard]] QByteArrayView cellValue(const Row &row, int column) const;
    [[nodiscard]] SortKey sortKey(const Row &row) const;
    [[nodiscard]] bool before(const SortKey &a, const SortKey &b) const;
    /** Rows for the records of one page (kept in m_pages); new columns go to @p addedColumns. */
    void indexPage(const QByteArray &elements, std::vector<Row> *rows, QStringList *addedColumns);
    /** Merges rows that arrived while sorted into place: linear, not a new sort. */
    void mergeSorted(std::vector<Row> rows);
    /** Column of a key, adding it (and telling views) when new. */
    int columnFor(const QString &key, QStringList *added);

    std::vector<QByteArray> m_pages;
    std::vector<Row> m_rows; ///< in the order shown
    std::deque<Cell> m_cells; ///< grows in blocks: no doubling copy of the whole index while a search streams in
    QStringList m_columns;
    QHash<QString, int> m_columnIndex;
    QStringList m_fields; ///< asked for: their columns come first, in this order
    QList<QByteArray> m_lastKeys; ///< the previous record's raw keys: most records repeat them
    QList<int> m_lastColumns;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    std::vector<SortKey> m_sortKeys; ///< with m_rows, while sorted
};

/**
 * @brief The results as shown: filtered by the text typed over the table, in the model's order
 * (sorting is the model's), numbered 1…n as shown (not by their place in the server's answer).
 */
class SearchResultsView final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    /** @brief Passes the sort to the model, which sorts its large tables faster than a proxy can. */
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    /** @brief The records in the order shown, the filtered-out ones left out (what Export writes). */
    [[nodiscard]] QList<QJsonObject> shownRecords() const;
};

} // namespace bioepic::ui
