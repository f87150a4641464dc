#pragma once

#include <QMainWindow>

class QLabel;
class QListView;
class QTabWidget;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class CredentialsForm;
class DiagnosePage;
class EnvironmentEditor;
class EnvironmentListModel;
class InfoBar;
class RotationPage;
class ScriptsPage;
class ImportDotenvDialog;
class SearchPage;
class TokenPanel;

/**
 * @brief The environments on the left with a status badge each; the selected one's token,
 * credentials and settings on the right.
 */
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(CoreServices *core, QWidget *parent = nullptr);

    void selectEnvironment(const QString &name);
    [[nodiscard]] QString currentEnvironment() const { return m_current; }
    /** @brief A banner across the top, e.g. the demo's sandbox address and credentials. */
    void setBanner(const QString &text);

    enum class Page { Token, Credentials, Search, Diagnose, Rotation, Scripts, Settings };
    void showPage(Page page);

    [[nodiscard]] TokenPanel *tokenPanel() const { return m_tokenPanel; }
    [[nodiscard]] CredentialsForm *credentialsForm() const { return m_credentialsForm; }
    [[nodiscard]] EnvironmentEditor *environmentEditor() const { return m_editor; }
    [[nodiscard]] RotationPage *rotationPage() const { return m_rotationPage; }
    [[nodiscard]] SearchPage *searchPage() const { return m_searchPage; }
    [[nodiscard]] DiagnosePage *diagnosePage() const { return m_diagnosePage; }
    [[nodiscard]] ScriptsPage *scriptsPage() const { return m_scriptsPage; }
    [[nodiscard]] InfoBar *reminderBar() const { return m_reminder; }
    /** @brief One unobtrusive reminder: an interrupted rotation first, else overdue rotations. */
    void showStartupReminder();
    [[nodiscard]] EnvironmentListModel *environmentModel() const { return m_model; }
    [[nodiscard]] QListView *environmentList() const { return m_list; }

    void addEnvironment();
    void removeEnvironment();
    /** @brief Asks for a .env file, then opens the import dialog on it. */
    void importDotenv();
    /** @brief The import dialog on @p file (shown, window-modal); the selection takes an ENV-less file. */
    ImportDotenvDialog *openImportDialog(const QString &file);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void removeEnvironmentConfirmed(const QString &name);
    void onCurrentChanged();
    void updateHeader();
    void updateKeychainStatus();

    CoreServices *m_core;
    QString m_current;
    EnvironmentListModel *m_model;
    QListView *m_list;
    QLabel *m_banner;
    QLabel *m_header;
    QTabWidget *m_tabs;
    TokenPanel *m_tokenPanel;
    CredentialsForm *m_credentialsForm;
    EnvironmentEditor *m_editor;
    RotationPage *m_rotationPage;
    SearchPage *m_searchPage;
    DiagnosePage *m_diagnosePage;
    ScriptsPage *m_scriptsPage;
    InfoBar *m_reminder;
    QLabel *m_keychainStatus;
    QAction *m_removeAction = nullptr;
};

} // namespace bioepic::ui
