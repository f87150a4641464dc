#pragma once

#include "credentials/historystore.h"

#include <QAbstractTableModel>

namespace bioepic::ui {

/** @brief An environment's credential history, newest first. Fingerprints only, never a secret. */
class HistoryModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Action, Outcome, Step, Identity, Change, Message, ColumnCount };

    explicit HistoryModel(HistoryStore *store, QObject *parent = nullptr);

    void setEnvironment(const QString &environment);
    void reload();

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    HistoryStore *m_store;
    QString m_environment;
    QList<HistoryEntry> m_entries; ///< newest first
};

} // namespace bioepic::ui
