#pragma once

#include <QMainWindow>

class QLabel;
class QListView;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class CredentialsForm;
class DiagnosePage;
class EnvironmentEditor;
class EnvironmentListModel;
class ImportDotenvDialog;
class InfoBar;
class RotationPage;
class ScriptsPage;
class SearchPage;
class TokenPanel;
class TrayNotifier;
class WelcomePage;

/**
 * @brief The environments on the left with a status badge each; the selected one's token,
 * credentials, search, diagnosis, rotation, scripts and settings on the right, each page
 * scrolling rather than squeezing on a small window. With no environment yet, the presets.
 *
 * Window geometry, splitter positions and the tray choice are kept in window.ini beside the
 * settings file (never a secret).
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
    [[nodiscard]] Page currentPage() const;
    /** @brief The first-run page is shown (there is no environment). */
    [[nodiscard]] bool isShowingWelcome() const;

    [[nodiscard]] TokenPanel *tokenPanel() const { return m_tokenPanel; }
    [[nodiscard]] CredentialsForm *credentialsForm() const { return m_credentialsForm; }
    [[nodiscard]] EnvironmentEditor *environmentEditor() const { return m_editor; }
    [[nodiscard]] RotationPage *rotationPage() const { return m_rotationPage; }
    [[nodiscard]] SearchPage *searchPage() const { return m_searchPage; }
    [[nodiscard]] DiagnosePage *diagnosePage() const { return m_diagnosePage; }
    [[nodiscard]] ScriptsPage *scriptsPage() const { return m_scriptsPage; }
    [[nodiscard]] WelcomePage *welcomePage() const { return m_welcome; }
    [[nodiscard]] InfoBar *reminderBar() const { return m_reminder; }
    [[nodiscard]] TrayNotifier *tray() const { return m_tray; }
    /** @brief One unobtrusive reminder: an interrupted rotation first, else overdue rotations. */
    void showStartupReminder();
    [[nodiscard]] EnvironmentListModel *environmentModel() const { return m_model; }
    [[nodiscard]] QListView *environmentList() const { return m_list; }

    /** @brief Opens the Add dialog, starting from a preset ("nmdc"…) when one is given. */
    void addEnvironment(const QString &preset = {});
    void removeEnvironment();
    /** @brief Asks for a .env file, then opens the import dialog on it. */
    void importDotenv();
    /** @brief The import dialog on @p file (shown, window-modal); the selection takes an ENV-less file. */
    ImportDotenvDialog *openImportDialog(const QString &file);
    /** @brief Where the window's geometry and splitters are kept (beside the settings file). */
    [[nodiscard]] QString windowStateFile() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void removeEnvironmentConfirmed(const QString &name);
    void onCurrentChanged();
    void updateHeader();
    void updateKeychainStatus();
    void restoreWindowState();
    void saveWindowState() const;

    CoreServices *m_core;
    QString m_current;
    EnvironmentListModel *m_model;
    QListView *m_list;
    InfoBar *m_banner;
    QLabel *m_header;
    QStackedWidget *m_right;
    WelcomePage *m_welcome;
    QWidget *m_environmentView;
    QTabWidget *m_tabs;
    TokenPanel *m_tokenPanel;
    CredentialsForm *m_credentialsForm;
    EnvironmentEditor *m_editor;
    RotationPage *m_rotationPage;
    SearchPage *m_searchPage;
    DiagnosePage *m_diagnosePage;
    ScriptsPage *m_scriptsPage;
    QList<QWidget *> m_pages; ///< in Page order: what each tab shows (inside its scroll area)
    InfoBar *m_reminder;
    QLabel *m_keychainStatus;
    QAction *m_removeAction = nullptr;
    QAction *m_trayAction = nullptr;
    TrayNotifier *m_tray;
};

} // namespace bioepic::ui
