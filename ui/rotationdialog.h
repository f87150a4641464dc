#pragma once

#include "credentials/rotationflow.h"

#include <QDialog>
#include <QPointer>

class QVBoxLayout;

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class QLineEdit;
class QPushButton;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class MessageLabel;
class StepList;

/**
 * @brief Runs a rotation, rollback, resume, discard, or a rotation on the server (reset or mint,
 * with a site administrator's one-time sign-in) and shows each step live: pending,
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
    /** The site administrator's sign-in, the mode and what happens to the old client. */
    void buildServerForm(QVBoxLayout *layout);
    void setKind(RotationKind kind);
    void showSteps();
    /** Starts the flow once the administrator's credentials are at hand (read from the keychain, or typed). */
    void startWith(RotationRequest request);

    CoreServices *m_core;
    QString m_environment;
    RotationKind m_kind;
    QLineEdit *m_identity = nullptr;
    QLineEdit *m_secret = nullptr;
    QCheckBox *m_verify = nullptr;
    // Server kinds.
    QComboBox *m_mode = nullptr;
    QComboBox *m_adminEnvironment = nullptr;
    QLineEdit *m_adminUser = nullptr;
    QLineEdit *m_adminPassword = nullptr;
    QLineEdit *m_site = nullptr;
    QComboBox *m_retire = nullptr;
    QSpinBox *m_retireDays = nullptr;
    QLabel *m_modeHelp = nullptr;
    QList<RotationStep> m_stepOrder;
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
