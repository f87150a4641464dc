#pragma once

#include <QMainWindow>

#include <functional>

class QLabel;
class QListView;
class QScrollArea;
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
class HygienePage;
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

    enum class Page { Token, Credentials, Search, Diagnose, Rotation, Scripts, Settings, Hygiene };
    void showPage(Page page);
    [[nodiscard]] Page currentPage() const;
    /** @brief The first-run page is shown (there is no environment). */
    [[nodiscard]] bool isShowingWelcome() const;

    // The pages are made when first shown or asked for: a start builds only the one it shows.
    [[nodiscard]] TokenPanel *tokenPanel();
    [[nodiscard]] CredentialsForm *credentialsForm();
    [[nodiscard]] EnvironmentEditor *environmentEditor();
    [[nodiscard]] RotationPage *rotationPage();
    [[nodiscard]] SearchPage *searchPage();
    [[nodiscard]] DiagnosePage *diagnosePage();
    [[nodiscard]] ScriptsPage *scriptsPage();
    [[nodiscard]] HygienePage *hygienePage();
    /** @brief The first-run page, once it was shown (nullptr before). */
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

Q_SIGNALS:
    /**
     * @brief Once, just after the first frame is on screen. Work that would delay that frame
     * (the keychain, the network, decoding icons) starts here, not on a timer: on a slow start a
     * timer can run out before the first paint.
     */
    void firstFrameDrawn();

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createMenus();
    void removeEnvironmentConfirmed(const QString &name);
    void onCurrentChanged();
    void updateHeader();
    /** Says so, above everything, while the settings file cannot be read. */
    void updateSettingsProblem();
    void updateKeychainStatus();
    void restoreWindowState();
    void showWelcome();
    /** The page, made (wired, given the current environment, its splitters restored) if it is not yet. */
    QWidget *page(Page page);
    void restoreSplitters(QWidget *root) const;
    void saveWindowState() const;

    CoreServices *m_core;
    QString m_current;
    EnvironmentListModel *m_model;
    QListView *m_list;
    InfoBar *m_banner;
    QLabel *m_header;
    QStackedWidget *m_right;
    WelcomePage *m_welcome = nullptr; ///< made on the first run's first show
    QWidget *m_environmentView;
    QTabWidget *m_tabs;
    TokenPanel *m_tokenPanel = nullptr;
    CredentialsForm *m_credentialsForm = nullptr;
    EnvironmentEditor *m_editor = nullptr;
    RotationPage *m_rotationPage = nullptr;
    SearchPage *m_searchPage = nullptr;
    DiagnosePage *m_diagnosePage = nullptr;
    ScriptsPage *m_scriptsPage = nullptr;
    HygienePage *m_hygienePage = nullptr;
    QList<QScrollArea *> m_pageAreas; ///< in Page order: each tab's scroll area, empty until its page is made
    InfoBar *m_reminder;
    InfoBar *m_settingsProblem; ///< the settings file cannot be read
    QLabel *m_keychainStatus;
    QAction *m_removeAction = nullptr;
    QAction *m_trayAction = nullptr;
    std::function<void()> m_afterFirstFrame; ///< the menus' themed icons, set once the first frame is drawn
    bool m_firstFrameDrawn = false; ///< from then on the token panel asks the server on its own
    TrayNotifier *m_tray;
};

} // namespace bioepic::ui
