#pragma once

#include "hygiene/secretscan.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace bioepic {
class CoreServices;
class SecretScanJob;
} // namespace bioepic

namespace bioepic::ui {

class MessageLabel;

/**
 * @brief "Secret hygiene": scans a folder (the home directory by default) for credentials still in
 * plain text, in the background with progress and Cancel; lists the findings grouped by
 * seriousness, and offers each one's remedies as buttons (import and strip, add to .gitignore,
 * restrict to the owner, rotate, copy the git command). Never holds a secret: findings say
 * where and why, not what.
 */
class HygienePage final : public QWidget
{
    Q_OBJECT

public:
    explicit HygienePage(CoreServices *core, QWidget *parent = nullptr);

    void setFolder(const QString &folder);
    [[nodiscard]] QString folder() const;
    void startScan();
    void cancelScan();
    [[nodiscard]] bool isScanning() const;
    [[nodiscard]] const ScanReport &report() const { return m_report; }
    /** @brief Selects the finding at @p index of report().findings (its remedies show). */
    void selectFinding(int index);

Q_SIGNALS:
    void importRequested(const QString &file);
    void rotateRequested(const QString &environment);
    /** @brief The environments whose stored secret a scan found where others can read it (git, mode). */
    void exposedEnvironmentsChanged(const QSet<QString> &environments);
    void scanFinished();

private:
    void chooseFolder();
    void showReport(const ScanReport &report);
    void showSelected();
    void runRemedy(const Remedy &remedy, const ScanFinding &finding);
    [[nodiscard]] int selectedIndex() const;

    CoreServices *m_core;
    QLineEdit *m_folder;
    QPushButton *m_scan;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_progressText;
    QTreeWidget *m_findings;
    QLabel *m_details;
    QWidget *m_remedies;
    MessageLabel *m_message;
    SecretScanJob *m_job = nullptr;
    ScanReport m_report;
};

} // namespace bioepic::ui
