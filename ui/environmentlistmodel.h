#pragma once

#include "auth/token.h"

#include <QAbstractListModel>
#include <QSet>
#include <QTimer>

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

/**
 * @brief The environments with a status badge each. Shows names, URLs and states only: no
 * role of this model ever returns a secret.
 */
class EnvironmentListModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        BaseUrlRole,
        BadgeTextRole,
        BadgeColorRole,
        TokenStateRole,
        HasCredentialsRole,
        SessionOnlyRole,
        RotationTextRole, ///< "exposed", "rotate in 5d", "overdue 3d", or empty when not due within a week
        RotationColorRole,
        InterruptedRole, ///< a rotation or rollback stopped half-way
        ExposedRole, ///< the last secret scan found the active secret in a file git tracks or holds
    };

    explicit EnvironmentListModel(CoreServices *core, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString nameAt(int row) const;
    [[nodiscard]] int rowOf(const QString &name) const;

    /** @brief Recomputes every row from the core; emits the smallest change it can. */
    void refresh();
    /**
     * @brief The environments whose active secret the last secret scan found in git (the chip
     * warns, until their credentials change).
     */
    void setExposed(const QSet<QString> &environments);

private:
    struct Row
    {
        QString name;
        QString baseUrl;
        TokenState state = TokenState::None;
        bool hasCredentials = false;
        bool sessionOnly = false;
        int dueInDays = INT_MAX; ///< INT_MAX: unknown
        bool interrupted = false;
        bool exposed = false;
        bool operator==(const Row &) const = default;
    };
    [[nodiscard]] QList<Row> computeRows() const;

    CoreServices *m_core;
    QList<Row> m_rows;
    QSet<QString> m_exposed;
    QHash<QString, QString> m_exposedFingerprints; ///< the credentials that were exposed, by fingerprint
    QTimer m_tick; ///< token states change with time alone (valid → refresh due → expired)
};

} // namespace bioepic::ui
