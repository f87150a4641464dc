#pragma once

#include "net/networklog.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace bioepic::ui {

/** @brief The network log as a table, newest last. Every field is already redacted. */
class NetworkLogModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    /// Path, not the whole URL: every row of an environment has the same host; the path is what differs.
    enum Column { Time, Environment, Method, Path, Status, Duration, Bytes, Id, ColumnCount };
    static constexpr int EntryIdRole = Qt::UserRole + 1;
    static constexpr int FailedRole = Qt::UserRole + 2;
    static constexpr int EnvironmentRole = Qt::UserRole + 3;

    explicit NetworkLogModel(NetworkLog *log, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    [[nodiscard]] std::optional<NetworkLogEntry> entryAt(int row) const;

private:
    void onAdded(quint64 id);
    void onUpdated(quint64 id);
    void onDropped(quint64 id);
    [[nodiscard]] int rowOf(quint64 id) const;

    NetworkLog *m_log;
    QList<NetworkLogEntry> m_entries; ///< a copy of the log's entries, in order
    QList<QString> m_times; ///< each entry's local start time, formatted once (local time costs a file read)
};

/** @brief Filters the log by environment and to failures only. */
class NetworkLogFilter final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setEnvironment(const QString &environment);
    void setFailuresOnly(bool failuresOnly);

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_environment;
    bool m_failuresOnly = false;
};

} // namespace bioepic::ui
