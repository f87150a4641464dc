#include "networklogmodel.h"

#include "theme.h"

#include <QBrush>
#include <QColor>
#include <QGuiApplication>
#include <QUrl>

namespace bioepic::ui {

NetworkLogModel::NetworkLogModel(NetworkLog *log, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(log)
    , m_entries(log->entries())
{
    for (const NetworkLogEntry &entry : std::as_const(m_entries))
        m_times.append(entry.startedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")));
    connect(log, &NetworkLog::entryAdded, this, &NetworkLogModel::onAdded);
    connect(log, &NetworkLog::entryUpdated, this, &NetworkLogModel::onUpdated);
    connect(log, &NetworkLog::entryDropped, this, &NetworkLogModel::onDropped);
    connect(log, &NetworkLog::cleared, this, [this] {
        beginResetModel();
        m_entries.clear();
        m_times.clear();
        endResetModel();
    });
}

int NetworkLogModel::rowOf(quint64 id) const
{
    // Ids grow with rows: a binary search.
    const auto it = std::lower_bound(m_entries.cbegin(), m_entries.cend(), id,
                                     [](const NetworkLogEntry &entry, quint64 value) { return entry.id < value; });
    return it != m_entries.cend() && it->id == id ? int(it - m_entries.cbegin()) : -1;
}

void NetworkLogModel::onAdded(quint64 id)
{
    const auto entry = m_log->entry(id);
    if (!entry)
        return;
    beginInsertRows({}, int(m_entries.size()), int(m_entries.size()));
    m_entries.append(*entry);
    m_times.append(entry->startedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")));
    endInsertRows();
}

void NetworkLogModel::onUpdated(quint64 id)
{
    const int row = rowOf(id);
    const auto entry = m_log->entry(id);
    if (row < 0 || !entry)
        return;
    m_entries[row] = *entry;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void NetworkLogModel::onDropped(quint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    m_times.removeAt(row);
    endRemoveRows();
}

int NetworkLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int NetworkLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<NetworkLogEntry> NetworkLogModel::entryAt(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return std::nullopt;
    return m_entries.at(row);
}

QVariant NetworkLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NetworkLogEntry &entry = m_entries.at(index.row());
    switch (role) {
    case EntryIdRole:
        return entry.id;
    case FailedRole:
        return entry.failed();
    case EnvironmentRole:
        return entry.environment;
    case Qt::ForegroundRole:
        return entry.failed() && index.column() == Status ? QBrush(toneColor(Tone::Error, QGuiApplication::palette()))
                                                          : QVariant();
    case Qt::ToolTipRole:
        return index.column() == Path ? entry.url : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() >= Status && index.column() != Id ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                                : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case Time:
        return m_times.at(index.row());
    case Environment:
        return entry.environment;
    case Method:
        return QString::fromLatin1(entry.method);
    case Path: {
        const QUrl url(entry.url);
        return url.isValid() && !url.path().isEmpty() ? url.path() : entry.url;
    }
    case Status:
        if (!entry.finished)
            return tr("…");
        return entry.error.isEmpty() ? QString::number(entry.httpStatus) : entry.error;
    case Duration:
        return entry.durationMs >= 0 ? tr("%1 ms").arg(entry.durationMs) : QString();
    case Bytes:
        return entry.bytesReceived;
    case Id:
        return QStringLiteral("#%1").arg(entry.id);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant NetworkLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time:
        return tr("Time");
    case Environment:
        return tr("Environment");
    case Method:
        return tr("Method");
    case Path:
        return tr("Path");
    case Status:
        return tr("Status");
    case Duration:
        return tr("Duration");
    case Bytes:
        return tr("Bytes");
    case Id:
        return tr("Request");
    case ColumnCount:
        break;
    }
    return {};
}

void NetworkLogFilter::setEnvironment(const QString &environment)
{
    m_environment = environment;
    invalidateFilter();
}

void NetworkLogFilter::setFailuresOnly(bool failuresOnly)
{
    m_failuresOnly = failuresOnly;
    invalidateFilter();
}

bool NetworkLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_environment.isEmpty() && index.data(NetworkLogModel::EnvironmentRole).toString() != m_environment)
        return false;
    return !m_failuresOnly || index.data(NetworkLogModel::FailedRole).toBool();
}

} // namespace bioepic::ui
