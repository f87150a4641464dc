#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace bioepic::ui {

/**
 * @brief Search results as a table: one row per record, one column per top-level key (the union
 * over every record so far, "id" first), nested values as compact JSON. Rows are appended page by
 * page; new keys add columns.
 */
class SearchResultsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    /** @brief Numbers sort as numbers, everything else as text. */
    static constexpr int SortRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    void clear();
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
};

} // namespace bioepic::ui
