#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace bioepic {
class CoreServices;
enum class RotationKind;
} // namespace bioepic

namespace bioepic::ui {

class HistoryModel;
class InfoBar;

/**
 * @brief An environment's rotation: age against the policy, Rotate…, Rotate on the server…
 * (where the server's profile has the endpoints), Roll back…, Retire the old client… (after a
 * mint), an interrupted operation (Resume / Discard), and the history.
 */
class RotationPage final : public QWidget
{
    Q_OBJECT

public:
    explicit RotationPage(CoreServices *core, QWidget *parent = nullptr);

    void setEnvironment(const QString &name);
    /** @brief Opens the dialog for one operation on the current environment. */
    void openDialog(RotationKind kind);
    [[nodiscard]] HistoryModel *historyModel() const { return m_model; }

private:
    void updateView();

    CoreServices *m_core;
    QString m_environment;
    QLabel *m_summary;
    InfoBar *m_interrupted;
    QPushButton *m_rotate;
    QPushButton *m_rollback;
    QPushButton *m_onServer;
    QPushButton *m_retire;
    HistoryModel *m_model;
    QTableView *m_table;
};

} // namespace bioepic::ui
