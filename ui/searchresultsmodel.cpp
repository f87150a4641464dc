#include "searchresultsmodel.h"

#include "common/servertext.h"
#include "search/pagescanner.h"

#include <QJsonDocument>

#include <algorithm>
#include <charconv>
#include <numeric>

namespace bioepic::ui {

namespace {
/** What a person reads in a cell: strings without their quotes, the rest as the server wrote it. */
QString cellText(QByteArrayView value)
{
    if (value.isEmpty() || value == "null")
        return {};
    if (value.front() == '"')
        return jsonStringText(value);
    return QString::fromUtf8(value);
}

/** cellText() for display: a huge value (a whole document in one cell) is cut, not decoded whole. */
QString shownText(QByteArrayView value)
{
    constexpr qsizetype kDecodeAtMost = 4096;
    if (value.size() <= kDecodeAtMost)
        return cellText(value);
    return QString::fromUtf8(value.first(kDecodeAtMost)); // as written, escapes and all
}

bool isNumber(QByteArrayView value)
{
    return !value.isEmpty() && (value.front() == '-' || (value.front() >= '0' && value.front() <= '9'));
}

/** A JSON number's value, without the copy QByteArrayView::toDouble() makes. */
std::optional<double> numberValue(QByteArrayView value)
{
    double number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc() || end != value.data() + value.size())
        return std::nullopt;
    return number;
}
} // namespace

void SearchResultsModel::clear(const QStringList &fields)
{
    beginResetModel();
    m_pages.clear();
    m_rows.clear();
    m_cells.clear();
    m_columns.clear();
    m_columnIndex.clear();
    m_lastKeys.clear();
    m_lastColumns.clear();
    m_sortKeys.clear();
    m_sortColumn = -1;
    m_fields = fields;
    endResetModel();
}

int SearchResultsModel::columnFor(const QString &key, QStringList *added)
{
    const auto it = m_columnIndex.constFind(key);
    if (it != m_columnIndex.constEnd())
        return *it;
    const int column = int(m_columns.size() + added->size());
    added->append(key);
    m_columnIndex.insert(key, column);
    return column;
}

void SearchResultsModel::appendPages(const QList<QByteArray> &pages)
{
    QStringList added;
    std::vector<Row> rows;
    for (const QByteArray &elements : pages)
        indexPage(elements, &rows, &added);
    if (rows.empty() && added.isEmpty())
        return;
    if (!added.isEmpty()) {
        beginInsertColumns({}, int(m_columns.size()), int(m_columns.size() + added.size() - 1));
        m_columns.append(added);
        endInsertColumns();
    }
    if (rows.empty())
        return;
    if (m_sortColumn < 0) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
        m_rows.insert(m_rows.end(), rows.begin(), rows.end());
        endInsertRows();
        return;
    }
    mergeSorted(std::move(rows));
}

void SearchResultsModel::indexPage(const QByteArray &elements, std::vector<Row> *rows, QStringList *addedColumns)
{
    const QList<QByteArrayView> records = splitElements(elements);
    if (records.isEmpty())
        return;
    const auto page = quint32(m_pages.size());
    m_pages.push_back(elements);
    const char *base = m_pages.back().constData();
    QStringList &added = *addedColumns;

    // The first page fixes the first columns: the fields asked for, in their order, then "id",
    // then the other keys as they appear.
    if (m_columns.isEmpty() && added.isEmpty()) {
        QStringList seen;
        for (const QByteArrayView record : records) {
            for (const JsonMember &member : objectMembers(record)) {
                if (const QString key = member.key(); !seen.contains(key))
                    seen.append(key);
            }
        }
        QStringList first;
        for (const QString &field : std::as_const(m_fields)) {
            const QString key = field.section(QLatin1Char('.'), 0, 0); // a dotted field arrives as its top-level key
            if (seen.removeOne(key))
                first.append(key);
        }
        if (seen.removeOne(QStringLiteral("id")))
            first.append(QStringLiteral("id"));
        for (const QString &key : first + seen)
            columnFor(key, &added);
    }
    rows->reserve(rows->size() + size_t(records.size()));
    for (const QByteArrayView record : records) {
        Row row{page, quint32(record.data() - base), quint32(record.size()), quint32(m_cells.size()), 0};
        const QList<JsonMember> members = objectMembers(record);
        for (qsizetype i = 0; i < members.size(); ++i) {
            const JsonMember &member = members.at(i);
            // Records of a page share their keys, in the same order: compare bytes, skip the lookup.
            int column;
            if (i < m_lastKeys.size() && m_lastKeys.at(i) == member.rawKey) {
                column = m_lastColumns.at(i);
            } else {
                column = columnFor(member.key(), &added);
                if (i < m_lastKeys.size()) {
                    m_lastKeys[i] = member.rawKey.toByteArray();
                    m_lastColumns[i] = column;
                } else {
                    m_lastKeys.append(member.rawKey.toByteArray());
                    m_lastColumns.append(column);
                }
            }
            m_cells.push_back(
                    {quint32(member.value.data() - record.data()), quint32(member.value.size()), quint16(column)});
        }
        row.cellCount = quint16(members.size());
        rows->push_back(row);
    }
}

void SearchResultsModel::mergeSorted(std::vector<Row> rows)
{
    // Sorted: the new rows in order among themselves, then merged into place (linear, not a resort).
    std::vector<SortKey> keys;
    keys.reserve(rows.size());
    for (const Row &row : rows)
        keys.push_back(sortKey(row));
    std::vector<size_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return before(keys[a], keys[b]); });
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList persistent = persistentIndexList();
    std::vector<int> oldRowOf; // old position of each row in the merged order (-1: new)
    std::vector<Row> merged;
    std::vector<SortKey> mergedKeys;
    merged.reserve(m_rows.size() + rows.size());
    mergedKeys.reserve(m_rows.size() + rows.size());
    oldRowOf.reserve(m_rows.size() + rows.size());
    size_t i = 0;
    size_t j = 0;
    while (i < m_rows.size() || j < order.size()) {
        const bool takeNew = i == m_rows.size() || (j < order.size() && before(keys[order[j]], m_sortKeys[i]));
        if (takeNew) {
            merged.push_back(rows[order[j]]);
            mergedKeys.push_back(std::move(keys[order[j]]));
            oldRowOf.push_back(-1);
            ++j;
        } else {
            merged.push_back(m_rows[i]);
            mergedKeys.push_back(std::move(m_sortKeys[i]));
            oldRowOf.push_back(int(i));
            ++i;
        }
    }
    std::vector<int> newRowOf(m_rows.size());
    for (size_t k = 0; k < oldRowOf.size(); ++k) {
        if (oldRowOf[k] >= 0)
            newRowOf[size_t(oldRowOf[k])] = int(k);
    }
    m_rows = std::move(merged);
    m_sortKeys = std::move(mergedKeys);
    for (const QModelIndex &index : persistent)
        changePersistentIndex(index, this->index(newRowOf[size_t(index.row())], index.column()));
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

QByteArrayView SearchResultsModel::cellValue(const Row &row, int column) const
{
    const char *record = m_pages[row.page].constData() + row.offset;
    for (quint32 i = row.firstCell; i < row.firstCell + row.cellCount; ++i) {
        const Cell &cell = m_cells[i];
        if (cell.column == column)
            return QByteArrayView(record + cell.offset, cell.length);
    }
    return {};
}

SearchResultsModel::SortKey SearchResultsModel::sortKey(const Row &row) const
{
    const QByteArrayView value = cellValue(row, m_sortColumn);
    SortKey key;
    if (isNumber(value)) {
        const std::optional<double> number = numberValue(value);
        key.isNumber = number.has_value();
        key.number = number.value_or(0);
    }
    if (!key.isNumber)
        key.text = cellText(value);
    return key;
}

bool SearchResultsModel::before(const SortKey &a, const SortKey &b) const
{
    // Numbers before text, numbers by value, text without regard to case; descending is the
    // reverse, and a stable sort keeps equal keys in the server's order either way.
    int comparison;
    if (a.isNumber != b.isNumber)
        comparison = a.isNumber ? -1 : 1;
    else if (a.isNumber)
        comparison = a.number < b.number ? -1 : (b.number < a.number ? 1 : 0);
    else
        comparison = QString::compare(a.text, b.text, Qt::CaseInsensitive);
    return m_sortOrder == Qt::AscendingOrder ? comparison < 0 : comparison > 0;
}

void SearchResultsModel::sort(int column, Qt::SortOrder order)
{
    // The view asks twice for one click (the header's indicator, then the view itself); rows that
    // arrived since were merged into place, so the same sort again changes nothing.
    if (column == m_sortColumn && order == m_sortOrder && column >= 0)
        return;
    if (column < 0 || column >= m_columns.size()) {
        m_sortColumn = -1; // back to the order the server sent (for new rows; shown rows stay)
        m_sortKeys.clear();
        return;
    }
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList persistent = persistentIndexList();
    m_sortColumn = column;
    m_sortOrder = order;
    std::vector<SortKey> keys;
    keys.reserve(m_rows.size());
    for (const Row &row : m_rows)
        keys.push_back(sortKey(row));
    std::vector<int> sorted(m_rows.size());
    std::iota(sorted.begin(), sorted.end(), 0);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](int a, int b) { return before(keys[size_t(a)], keys[size_t(b)]); });
    std::vector<Row> rows;
    rows.reserve(m_rows.size());
    m_sortKeys.clear();
    m_sortKeys.reserve(m_rows.size());
    std::vector<int> newRowOf(m_rows.size());
    for (size_t k = 0; k < sorted.size(); ++k) {
        rows.push_back(m_rows[size_t(sorted[k])]);
        m_sortKeys.push_back(std::move(keys[size_t(sorted[k])]));
        newRowOf[size_t(sorted[k])] = int(k);
    }
    m_rows = std::move(rows);
    for (const QModelIndex &index : persistent)
        changePersistentIndex(index, this->index(newRowOf[size_t(index.row())], index.column()));
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int SearchResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SearchResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QByteArrayView value = cellValue(m_rows[size_t(index.row())], index.column());
    switch (role) {
    case Qt::DisplayRole: {
        // Server data: its control characters are shown as escapes, never acted on.
        const QString text = escapeServerText(shownText(value).left(400));
        return text.size() > 200 ? text.left(200) + QStringLiteral("…") : text;
    }
    case Qt::ToolTipRole:
        return !value.isEmpty() && (value.front() == '{' || value.front() == '[')
                ? QVariant(escapeServerText(shownText(value).left(2000)))
                : QVariant();
    case Qt::TextAlignmentRole:
        return isNumber(value) ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SortRole:
        if (const std::optional<double> number = isNumber(value) ? numberValue(value) : std::nullopt)
            return *number;
        return cellText(value);
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

QByteArrayView SearchResultsModel::recordBytes(int row) const
{
    if (row < 0 || size_t(row) >= m_rows.size())
        return {};
    const Row &r = m_rows[size_t(row)];
    return QByteArrayView(m_pages[r.page].constData() + r.offset, r.length);
}

QJsonObject SearchResultsModel::record(int row) const
{
    return QJsonDocument::fromJson(recordBytes(row).toByteArray()).object();
}

qint64 SearchResultsModel::bytesHeld() const
{
    qint64 bytes = 0;
    for (const QByteArray &page : m_pages)
        bytes += page.capacity();
    return bytes + qint64(m_rows.capacity() * sizeof(Row) + m_cells.size() * sizeof(Cell));
}

QVariant SearchResultsView::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical && role == Qt::DisplayRole)
        return section + 1;
    return QSortFilterProxyModel::headerData(section, orientation, role);
}

void SearchResultsView::sort(int column, Qt::SortOrder order)
{
    sourceModel()->sort(column, order);
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
