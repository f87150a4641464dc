#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace bioepic::ui {

/**
 * @brief Search results as a table: one row per record, one column per top-level key (the union
 * over every record so far), nested values as compact JSON. The fields asked for come first, in
 * the order asked (as the CLI writes them); then "id", then other keys as they appear. Rows are
 * appended page by page; new keys add columns.
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
    void append(const QJsonArray &records);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

    [[nodiscard]] QJsonObject record(int row) const { return m_records.value(row); }
    [[nodiscard]] const QList<QJsonObject> &records() const { return m_records; }
    [[nodiscard]] QStringList columns() const { return m_columns; }

private:
    QList<QJsonObject> m_records;
    QStringList m_columns;
    QStringList m_fields; ///< asked for: their columns come first, in this order
};

/**
 * @brief The results as shown: filtered by the text typed over the table, sorted by the clicked
 * column, numbered 1…n in that order (not by their place in the server's answer).
 */
class SearchResultsView final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    /** @brief The records in the order shown, the filtered-out ones left out (what Export writes). */
    [[nodiscard]] QList<QJsonObject> shownRecords() const;
};

} // namespace bioepic::ui
