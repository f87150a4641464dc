#pragma once

#include "diagnostics/diagnosis.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class NetworkLogFilter;
class NetworkLogModel;

/**
 * @brief Visual troubleshooting for one environment: the diagnosis as a checklist that fills
 * in live (coloured marks, expandable details and remedies, a one-line summary on top), the
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
    QTreeWidget *m_checklist;
    NetworkLogModel *m_logModel;
    NetworkLogFilter *m_logFilter;
    QTableView *m_log;
    QCheckBox *m_allEnvironments;
    QCheckBox *m_failuresOnly;
    QPlainTextEdit *m_logDetail;
    QPointer<Diagnosis> m_diagnosis;
    std::optional<DiagnosisReport> m_last;
};

} // namespace bioepic::ui
