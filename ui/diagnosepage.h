#pragma once

#include "diagnostics/diagnosis.h"
#include "theme.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class NetworkLogFilter;
class NetworkLogModel;
class StepList;

/**
 * @brief Visual troubleshooting for one environment: the diagnosis as a checklist that fills
 * in live (coloured marks, details and remedies that wrap and unfold, a summary on top), the
 * redacted network log with a detail pane, and "Save support report".
 */
class DiagnosePage final : public QWidget
{
    Q_OBJECT

public:
    explicit DiagnosePage(CoreServices *core, QWidget *parent = nullptr);

    void setEnvironment(const QString &name);
    void run();
    [[nodiscard]] bool isRunning() const { return m_diagnosis && !m_diagnosis->isFinished(); }
    [[nodiscard]] std::optional<DiagnosisReport> lastReport() const { return m_last; }
    /** @brief Writes the support report of the last diagnosis (runs one first when there is none). */
    bool saveReport(const QString &path);
    [[nodiscard]] NetworkLogModel *logModel() const { return m_logModel; }
    [[nodiscard]] StepList *checklist() const { return m_checklist; }

Q_SIGNALS:
    void diagnosisFinished(const bioepic::DiagnosisReport &report);

private:
    void onStep(int index, const DiagnosisStep &step);
    void onFinished(const DiagnosisReport &report);
    void resetChecklist();
    void chooseReportFile();
    void showLogEntry();

    CoreServices *m_core;
    QString m_environment;
    QLabel *m_summary;
    QPushButton *m_run;
    QPushButton *m_save;
    StepList *m_checklist;
    NetworkLogModel *m_logModel;
    NetworkLogFilter *m_logFilter;
    QTableView *m_log;
    QCheckBox *m_allEnvironments;
    QCheckBox *m_failuresOnly;
    QPlainTextEdit *m_logDetail;
    QPointer<Diagnosis> m_diagnosis;
    std::optional<DiagnosisReport> m_last;
    std::optional<Tone> m_summaryTone; ///< the summary's colour: what the last diagnosis found
};

} // namespace bioepic::ui
