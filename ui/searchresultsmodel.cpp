#include "searchresultsmodel.h"

#include "common/servertext.h"
#include "search/exporter.h"

namespace bioepic::ui {

void SearchResultsModel::clear(const QStringList &fields)
{
    beginResetModel();
    m_records.clear();
    m_columns.clear();
    m_fields = fields;
    endResetModel();
}

void SearchResultsModel::append(const QJsonArray &records)
{
    if (records.isEmpty())
        return;
    QStringList added;
    for (const QJsonValue &value : records) {
        const QJsonObject record = value.toObject();
        for (auto it = record.constBegin(); it != record.constEnd(); ++it) {
            if (!m_columns.contains(it.key()) && !added.contains(it.key()))
                added.append(it.key());
        }
    }
    if (!added.isEmpty()) {
        if (m_columns.isEmpty()) {
            // The fields asked for, in that order; then "id"; the rest in their order of appearance.
            QStringList first;
            for (const QString &field : std::as_const(m_fields)) {
                // A dotted field ("env_broad_scale.term.id") arrives as its top-level key.
                const QString key = field.section(QLatin1Char('.'), 0, 0);
                if (added.removeOne(key))
                    first.append(key);
            }
            if (added.removeOne(QStringLiteral("id")))
                first.append(QStringLiteral("id"));
            added = first + added;
        }
        beginInsertColumns({}, int(m_columns.size()), int(m_columns.size() + added.size() - 1));
        m_columns.append(added);
        endInsertColumns();
    }
    beginInsertRows({}, int(m_records.size()), int(m_records.size() + records.size() - 1));
    for (const QJsonValue &value : records)
        m_records.append(value.toObject());
    endInsertRows();
}

int SearchResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int SearchResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonValue value = m_records.at(index.row()).value(m_columns.at(index.column()));
    switch (role) {
    case Qt::DisplayRole: {
        // Server data: its control characters are shown as escapes, never acted on.
        const QString text = escapeServerText(cellText(value).left(400));
        return text.size() > 200 ? text.left(200) + QStringLiteral("…") : text;
    }
    case Qt::ToolTipRole:
        return value.isObject() || value.isArray() ? escapeServerText(cellText(value).left(2000)) : QVariant();
    case Qt::TextAlignmentRole:
        return value.isDouble() ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SortRole:
        return value.isDouble() ? QVariant(value.toDouble()) : QVariant(cellText(value));
    default:
        return {};
    }
}

QVariant SearchResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role == Qt::DisplayRole && orientation == Qt::Horizontal && section >= 0 && section < m_columns.size())
        return m_columns.at(section);
    if (role == Qt::DisplayRole && orientation == Qt::Vertical)
        return section + 1;
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace bioepic::ui

namespace bioepic::ui {

QVariant SearchResultsView::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical && role == Qt::DisplayRole)
        return section + 1;
    return QSortFilterProxyModel::headerData(section, orientation, role);
}

QList<QJsonObject> SearchResultsView::shownRecords() const
{
    const auto *results = qobject_cast<const SearchResultsModel *>(sourceModel());
    QList<QJsonObject> shown;
    if (!results)
        return shown;
    shown.reserve(rowCount());
    for (int row = 0; row < rowCount(); ++row)
        shown.append(results->record(mapToSource(index(row, 0)).row()));
    return shown;
}

} // namespace bioepic::ui
