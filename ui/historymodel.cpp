#include "historymodel.h"

#include "theme.h"

#include <QGuiApplication>

#include <QBrush>
#include <QColor>

namespace bioepic::ui {

HistoryModel::HistoryModel(HistoryStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connect(store, &HistoryStore::appended, this, [this](const QString &environment) {
        if (environment == m_environment)
            reload();
    });
}

void HistoryModel::setEnvironment(const QString &environment)
{
    m_environment = environment;
    reload();
}

void HistoryModel::reload()
{
    beginResetModel();
    m_entries = m_store->entries(m_environment);
    std::reverse(m_entries.begin(), m_entries.end());
    endResetModel();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HistoryEntry &entry = m_entries.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Outcome) {
        if (entry.outcome == QLatin1String("failed"))
            return QBrush(toneColor(Tone::Error, QGuiApplication::palette()));
        if (entry.outcome == QLatin1String("ok"))
            return QBrush(toneColor(Tone::Success, QGuiApplication::palette()));
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == Message)
        return entry.message;
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Time:
        return entry.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Action:
        return entry.action;
    case Outcome:
        return entry.outcome;
    case Step:
        return entry.step;
    case Identity:
        return entry.identity;
    case Change:
        if (entry.oldFingerprint.isEmpty() && entry.newFingerprint.isEmpty())
            return QString();
        return QStringLiteral("%1 → %2").arg(
                entry.oldFingerprint.isEmpty() ? QStringLiteral("—") : entry.oldFingerprint,
                entry.newFingerprint.isEmpty() ? QStringLiteral("—") : entry.newFingerprint);
    case Message:
        return entry.message;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time:
        return tr("When");
    case Action:
        return tr("Action");
    case Outcome:
        return tr("Outcome");
    case Step:
        return tr("Failed at");
    case Identity:
        return tr("Client id / user");
    case Change:
        return tr("Credentials (old → new)");
    case Message:
        return tr("Details");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace bioepic::ui
