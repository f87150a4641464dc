#pragma once

#include "credentials/rotationflow.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class MessageLabel;
class StepList;

/**
 * @brief Runs a rotation, rollback, resume or discard and shows each step live: pending,
 * running, passed, failed (with the reason) or skipped. Cancel works until the swap begins. After a
 * failure what was typed stays and Try again runs the flow once more.
 */
class RotationDialog final : public QDialog
{
    Q_OBJECT

public:
    RotationDialog(CoreServices *core, const QString &environment, RotationKind kind, QWidget *parent = nullptr);

    /** @brief Starts the flow (for a rotation, with what is typed in the form). */
    void start();
    [[nodiscard]] bool isRunning() const { return m_flow && !m_flow->isFinished(); }
    [[nodiscard]] std::optional<RotationResult> result() const { return m_result; }
    [[nodiscard]] StepList *steps() const { return m_steps; }

    void reject() override;

Q_SIGNALS:
    void flowFinished(const bioepic::RotationResult &result);

private:
    void onStep(RotationStep step, StepState state, const QString &detail);
    void onFinished(const RotationResult &result);

    CoreServices *m_core;
    QString m_environment;
    RotationKind m_kind;
    QLineEdit *m_identity = nullptr;
    QLineEdit *m_secret = nullptr;
    QCheckBox *m_verify = nullptr;
    bool m_canVerify = false; ///< the profile has a who-am-I endpoint
    StepList *m_steps;
    MessageLabel *m_message;
    QString m_startText;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPointer<RotationFlow> m_flow;
    std::optional<RotationResult> m_result;
};

} // namespace bioepic::ui
