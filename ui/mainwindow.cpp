#include "mainwindow.h"

#include "addenvironmentdialog.h"
#include "asyncdialogs.h"
#include "credentialsform.h"
#include "diagnosepage.h"
#include "environmentdelegate.h"
#include "environmenteditor.h"
#include "environmentlistmodel.h"
#include "hygienepage.h"
#include "importdotenvdialog.h"
#include "infobar.h"
#include "layouthelpers.h"
#include "rotationpage.h"
#include "scriptspage.h"
#include "searchpage.h"
#include "theme.h"
#include "tokenpanel.h"
#include "traynotifier.h"
#include "welcomepage.h"

#include "coreservices.h"
#include "credentials/rotationflow.h"
#include "keychain/keychainerror.h"
#include "keychain/secretserviceprovider.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QPixmap>
#include <QScrollArea>
#include <QSettings>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

namespace bioepic::ui {

namespace {
/** The platform's key where it has one, else the usual one (offscreen and some desktops have none). */
QKeySequence standardKey(QKeySequence::StandardKey key, const QKeySequence &fallback)
{
    const QKeySequence sequence(key);
    return sequence.isEmpty() ? fallback : sequence;
}
} // namespace

MainWindow::MainWindow(CoreServices *core, QWidget *parent)
    : QMainWindow(parent)
    , m_core(core)
    , m_model(new EnvironmentListModel(core, this))
    , m_list(new QListView(this))
    , m_banner(new InfoBar(this))
    , m_header(new QLabel(this))
    , m_right(new QStackedWidget(this))
    , m_environmentView(new QWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_reminder(new InfoBar(this))
    , m_settingsProblem(new InfoBar(this))
    , m_keychainStatus(new QLabel(this))
    , m_tray(new TrayNotifier(core, this, this))
{
    setWindowTitle(tr("BioEPIC Credentials"));

    m_list->setModel(m_model);
    m_list->setItemDelegate(new EnvironmentDelegate(m_list));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setUniformItemSizes(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setMinimumWidth(190);
    m_list->setAccessibleName(tr("Environments"));
    m_list->setObjectName(QStringLiteral("environmentList"));

    m_banner->setObjectName(QStringLiteral("banner"));
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setObjectName(QStringLiteral("environmentHeader"));
    m_header->setWordWrap(true);

    const QStringList titles{tr("Token"),    tr("Credentials"), tr("Search"),   tr("Diagnose"),
                             tr("Rotation"), tr("Scripts"),     tr("Settings"), tr("Hygiene")};
    for (int page = 0; page < titles.size(); ++page) {
        auto *area = new QScrollArea(m_tabs);
        area->setObjectName(QStringLiteral("page%1Scroll").arg(page + 1));
        area->setFrameShape(QFrame::NoFrame);
        area->setWidgetResizable(true);
        m_pageAreas.append(area);
        m_tabs->addTab(area, titles.at(page));
    }
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index >= 0)
            page(Page(index));
    });
    m_tabs->setTabToolTip(int(Page::Scripts), tr("Use from scripts: exec, token, .env import"));
    m_tabs->setTabToolTip(int(Page::Hygiene), tr("Secret hygiene: find credentials still in plain text"));
    m_tabs->setDocumentMode(true);
    m_tabs->setUsesScrollButtons(true);

    auto *rightLayout = new QVBoxLayout(m_environmentView);
    rightLayout->setContentsMargins(6, 4, 0, 0);
    rightLayout->addWidget(m_header);
    rightLayout->addWidget(m_tabs, 1);
    m_right->addWidget(m_environmentView);

    // The list's own buttons: adding and removing are about the list, and sit under it.
    auto *addButton = new QToolButton(this);
    auto *removeButton = new QToolButton(this);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(2);
    leftLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(addButton);
    listButtons->addWidget(removeButton);
    listButtons->addStretch(1);
    leftLayout->addLayout(listButtons);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(m_right);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({230, 800});

    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    m_settingsProblem->setObjectName(QStringLiteral("settingsProblemBar"));
    m_settingsProblem->setClosable(false); // it goes when the file can be read
    centralLayout->addWidget(m_settingsProblem);
    centralLayout->addWidget(m_banner);
    m_reminder->setObjectName(QStringLiteral("reminderBar"));
    centralLayout->addWidget(m_reminder);
    centralLayout->addWidget(splitter, 1);
    setCentralWidget(central);

    createMenus();
    // The menus' actions are the window's children (a menu does not take the actions it shows).
    addButton->setDefaultAction(
            findChild<QAction *>(QStringLiteral("addEnvironmentAction"), Qt::FindDirectChildrenOnly));
    removeButton->setDefaultAction(m_removeAction);
    addButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    removeButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_keychainStatus->setObjectName(QStringLiteral("keychainStatus"));
    statusBar()->addPermanentWidget(m_keychainStatus);
    updateKeychainStatus();
    // Name the program behind the Secret Service (KeePassXC, GNOME Keyring, KWallet) once the
    // bus has said. Connecting to the bus takes a few milliseconds: after the first frame, never
    // in its way.
    connect(this, &MainWindow::firstFrameDrawn, this, [this] {
        detectSecretProvider(this, [this] { updateKeychainStatus(); });
        // A locked keyring is said here as soon as it is known, not only once something fails.
        m_core->keychain()->followLockState();
    });
    connect(m_core->keychain(), &SecretStore::storeProblemChanged, this, &MainWindow::updateKeychainStatus);
    connect(m_core->keychain(), &SecretStore::backendChanged, this, &MainWindow::updateKeychainStatus);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onCurrentChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // Keep the selection on the same environment across a reset (an environment was added or removed).
        const int row = m_model->rowOf(m_current);
        m_list->setCurrentIndex(m_model->index(row >= 0 ? row : 0));
        if (m_model->rowCount() == 0)
            onCurrentChanged();
    });
    connect(m_core->environments(), &EnvironmentStore::changed, this, &MainWindow::updateHeader);
    connect(m_core->environments(), &EnvironmentStore::changed, this, &MainWindow::updateSettingsProblem);
    updateSettingsProblem();
    connect(m_core->credentials(), &CredentialManager::credentialsChanged, this, [this] {
        updateHeader();
        updateKeychainStatus();
    });
    connect(m_tray, &TrayNotifier::environmentActivated, this, &MainWindow::selectEnvironment);
    connect(ThemeWatcher::instance(), &ThemeWatcher::changed, this, &MainWindow::updateHeader);
    connect(ThemeWatcher::instance(), &ThemeWatcher::changed, this, &MainWindow::updateKeychainStatus);
    connect(m_core->tokens(), &TokenService::requestStarted, this, [this](const QString &environment) {
        statusBar()->showMessage(tr("Requesting a token for %1…").arg(environment));
    });
    connect(m_core->tokens(), &TokenService::requestFinished, this,
            [this](const QString &environment, const Error &error) {
                statusBar()->showMessage(
                        error.ok() ? tr("Token for %1 received").arg(environment)
                                   : tr("Token request for %1 failed: %2").arg(environment, error.message),
                        error.ok() ? 4000 : 0);
            });

    resize(1040, 700);
    restoreWindowState();
    // Start on the first environment that has credentials, else the first one.
    int start = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->index(row).data(EnvironmentListModel::HasCredentialsRole).toBool()) {
            start = row;
            break;
        }
    }
    m_list->setCurrentIndex(m_model->index(start));
    onCurrentChanged();
}

void MainWindow::createMenus()
{
    auto *addAction = new QAction(tr("&Add environment…"), this);
    addAction->setObjectName(QStringLiteral("addEnvironmentAction"));
    addAction->setShortcut(standardKey(QKeySequence::New, QKeySequence(Qt::CTRL | Qt::Key_N)));
    m_removeAction = new QAction(tr("&Remove environment…"), this);
    m_removeAction->setObjectName(QStringLiteral("removeEnvironmentAction"));
    m_removeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Delete));
    // The short words on the buttons under the list (a button takes its action's icon text).
    addAction->setIconText(tr("Add…"));
    m_removeAction->setIconText(tr("Remove…"));
    auto *importAction = new QAction(tr("&Import .env file…"), this);
    importAction->setObjectName(QStringLiteral("importDotenvAction"));
    importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    auto *refreshAction = new QAction(tr("Refresh &token"), this);
    // The icons come from the icon theme, and the first themed icon reads the theme's index (hicolor's
    // is 55 KB: 6-9 ms). They are set once the first frame is drawn, so that it is not held back; the
    // two beside the list's buttons keep their place meanwhile, so nothing moves when they come.
    QPixmap blank(16, 16);
    blank.fill(Qt::transparent);
    addAction->setIcon(QIcon(blank));
    m_removeAction->setIcon(QIcon(blank));
    m_afterFirstFrame = [this, addAction, importAction, refreshAction] {
        addAction->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
        m_removeAction->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
        importAction->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
        refreshAction->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    };
    installEventFilter(this);
    refreshAction->setShortcut(standardKey(QKeySequence::Refresh, QKeySequence(Qt::Key_F5)));
    auto *checkAction = new QAction(tr("&Check token with server"), this);
    checkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    auto *quitAction = new QAction(tr("&Quit"), this);
    quitAction->setShortcut(standardKey(QKeySequence::Quit, QKeySequence(Qt::CTRL | Qt::Key_Q)));
    connect(addAction, &QAction::triggered, this, [this] { addEnvironment(); });
    connect(m_removeAction, &QAction::triggered, this, &MainWindow::removeEnvironment);
    connect(importAction, &QAction::triggered, this, &MainWindow::importDotenv);
    connect(refreshAction, &QAction::triggered, this, [this] { tokenPanel()->refreshNow(); });
    connect(checkAction, &QAction::triggered, this, [this] {
        showPage(Page::Token);
        tokenPanel()->checkWithServer();
    });
    // Through closeEvent(), so that a rotation half-way through its swap can finish first.
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    QMenu *environmentMenu = menuBar()->addMenu(tr("&Environment"));
    environmentMenu->setObjectName(QStringLiteral("environmentMenu"));
    environmentMenu->addAction(addAction);
    environmentMenu->addAction(importAction);
    environmentMenu->addAction(m_removeAction);
    environmentMenu->addSeparator();
    environmentMenu->addAction(refreshAction);
    environmentMenu->addAction(checkAction);
    environmentMenu->addSeparator();
    environmentMenu->addAction(quitAction);

    // The pages, by keyboard from anywhere (the tab bar's own Ctrl+Tab works only inside it).
    QMenu *viewMenu = menuBar()->addMenu(tr("Vie&w"));
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    for (int page = 0; page < m_tabs->count(); ++page) {
        QAction *show = viewMenu->addAction(m_tabs->tabText(page), this, [this, page] { showPage(Page(page)); });
        show->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)));
    }
    viewMenu->addSeparator();
    QAction *nextPage = viewMenu->addAction(
            tr("Next page"), this, [this] { m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count()); });
    nextPage->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::Key_PageDown)});
    QAction *previousPage = viewMenu->addAction(tr("Previous page"), this, [this] {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
    });
    previousPage->setShortcuts(
            {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), QKeySequence(Qt::CTRL | Qt::Key_PageUp)});
    viewMenu->addSeparator();
    m_trayAction = viewMenu->addAction(tr("Show in the system &tray"));
    m_trayAction->setObjectName(QStringLiteral("trayAction"));
    m_trayAction->setCheckable(true);
    m_trayAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_trayAction->setToolTip(tr("An icon that warns before a token runs out and when a rotation is due"));
    // Whether there is a tray is asked only when it is wanted: the question goes over D-Bus, and at
    // start-up it held the first window back by 200 ms.
    connect(m_trayAction, &QAction::toggled, this, [this](bool on) {
        if (on && !TrayNotifier::isAvailable()) {
            const QSignalBlocker blocker(m_trayAction);
            m_trayAction->setChecked(false);
            statusBar()->showMessage(tr("This desktop has no system tray to show an icon in."), 8000);
            return;
        }
        m_tray->setEnabled(on);
    });

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(tr("&About BioEPIC Credentials"), this, [this] {
        showAsync(this, tr("About BioEPIC Credentials"),
                  tr("<b>BioEPIC Credentials</b> %1<br>Qt %2 (built with %3), QtKeychain %4<br><br>Credentials live "
                     "in the %5; settings in %6.")
                          .arg(QStringLiteral(BIOEPIC_VERSION), QString::fromLatin1(qVersion()),
                               QStringLiteral(QT_VERSION_STR), QStringLiteral(BIOEPIC_QTKEYCHAIN_VERSION),
                               m_core->keychain()->backendName().toHtmlEscaped(),
                               m_core->environments()->filePath().toHtmlEscaped()),
                  QMessageBox::Information);
    });
    about->setShortcut(standardKey(QKeySequence::HelpContents, QKeySequence(Qt::Key_F1)));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // A rotation moving secrets between keychain slots finishes first; one that has not begun its
    // swap is canceled (it ends at once). The window closes when the last of them reports back.
    QList<RotationFlow *> running;
    for (RotationFlow *flow : m_core->findChildren<RotationFlow *>()) {
        if (!flow->isFinished())
            running.append(flow);
    }
    if (running.isEmpty()) {
        saveWindowState();
        QMainWindow::closeEvent(event);
        return;
    }
    event->ignore();
    statusBar()->showMessage(tr("Finishing the credential rotation before closing…"));
    for (RotationFlow *flow : std::as_const(running)) {
        connect(flow, &RotationFlow::finished, this, &QWidget::close, Qt::QueuedConnection);
        if (flow->canCancel())
            flow->cancel();
    }
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == this && event->type() == QEvent::Paint && m_afterFirstFrame) {
        removeEventFilter(this);
        // A zero timer runs after this paint is flushed to the window: the next frame has the icons.
        QTimer::singleShot(0, this, [this, setIcons = std::exchange(m_afterFirstFrame, {})] {
            setIcons();
            // Asking the server about the token reads the keychain and the network: not before it.
            m_firstFrameDrawn = true;
            if (m_tokenPanel)
                m_tokenPanel->setAutomaticChecks(true);
            Q_EMIT firstFrameDrawn();
        });
    }
    return QMainWindow::eventFilter(watched, event);
}

QString MainWindow::windowStateFile() const
{
    return QFileInfo(m_core->environments()->filePath()).dir().filePath(QStringLiteral("window.ini"));
}

void MainWindow::restoreWindowState()
{
    if (!QFileInfo::exists(windowStateFile()))
        return;
    const QSettings settings(windowStateFile(), QSettings::IniFormat);
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreSplitters(this);
    if (settings.value(QStringLiteral("window/tray"), false).toBool()) // after the first paint
        QTimer::singleShot(0, m_trayAction, [this] { m_trayAction->setChecked(true); });
}

void MainWindow::restoreSplitters(QWidget *root) const
{
    if (!QFileInfo::exists(windowStateFile()))
        return;
    const QSettings settings(windowStateFile(), QSettings::IniFormat);
    for (QSplitter *splitter : root->findChildren<QSplitter *>()) {
        const QVariant state = settings.value(QStringLiteral("splitters/") + splitter->objectName());
        if (!splitter->objectName().isEmpty() && state.isValid())
            splitter->restoreState(state.toByteArray());
    }
}

QWidget *MainWindow::page(Page which)
{
    QScrollArea *area = m_pageAreas.at(int(which));
    if (QWidget *made = area->widget())
        return made;
    QWidget *made = nullptr;
    // Each page starts on the environment shown now, wired as it is made.
    switch (which) {
    case Page::Token:
        made = m_tokenPanel = new TokenPanel(m_core, area);
        m_tokenPanel->setAutomaticChecks(m_firstFrameDrawn);
        m_tokenPanel->setEnvironment(m_current);
        break;
    case Page::Credentials:
        made = m_credentialsForm = new CredentialsForm(m_core, area);
        m_credentialsForm->setEnvironment(m_current);
        connect(m_credentialsForm, &CredentialsForm::saved, this, [this] { showPage(Page::Token); });
        connect(m_credentialsForm, &CredentialsForm::settingsRequested, this, [this] { showPage(Page::Settings); });
        break;
    case Page::Search:
        made = m_searchPage = new SearchPage(m_core, area);
        m_searchPage->setEnvironment(m_current);
        break;
    case Page::Diagnose:
        made = m_diagnosePage = new DiagnosePage(m_core, area);
        m_diagnosePage->setEnvironment(m_current);
        break;
    case Page::Rotation:
        made = m_rotationPage = new RotationPage(m_core, area);
        m_rotationPage->setEnvironment(m_current);
        break;
    case Page::Scripts:
        made = m_scriptsPage = new ScriptsPage(m_core, area);
        m_scriptsPage->setEnvironment(m_current);
        connect(m_scriptsPage, &ScriptsPage::importRequested, this, &MainWindow::importDotenv);
        break;
    case Page::Hygiene:
        // Not about one environment: it scans files for the secrets of all of them.
        made = m_hygienePage = new HygienePage(m_core, area);
        connect(m_hygienePage, &HygienePage::importRequested, this, &MainWindow::openImportDialog);
        connect(m_hygienePage, &HygienePage::rotateRequested, this, [this](const QString &name) {
            selectEnvironment(name);
            showPage(Page::Rotation);
        });
        connect(m_hygienePage, &HygienePage::exposedEnvironmentsChanged, m_model, &EnvironmentListModel::setExposed);
        break;
    case Page::Settings:
        made = m_editor = new EnvironmentEditor(m_core, EnvironmentEditor::Mode::Edit, area);
        m_editor->setEnvironment(m_current);
        connect(m_editor, &EnvironmentEditor::saved, this, [this](const QString &name) {
            statusBar()->showMessage(tr("Saved the settings of %1").arg(name), 5000);
        });
        break;
    }
    made->setObjectName(made->objectName().isEmpty() ? QStringLiteral("page%1").arg(int(which) + 1)
                                                     : made->objectName());
    made->setAutoFillBackground(false);
    area->setWidget(made);
    area->viewport()->setAutoFillBackground(false);
    restoreSplitters(made);
    return made;
}

TokenPanel *MainWindow::tokenPanel()
{
    page(Page::Token);
    return m_tokenPanel;
}

CredentialsForm *MainWindow::credentialsForm()
{
    page(Page::Credentials);
    return m_credentialsForm;
}

EnvironmentEditor *MainWindow::environmentEditor()
{
    page(Page::Settings);
    return m_editor;
}

RotationPage *MainWindow::rotationPage()
{
    page(Page::Rotation);
    return m_rotationPage;
}

SearchPage *MainWindow::searchPage()
{
    page(Page::Search);
    return m_searchPage;
}

DiagnosePage *MainWindow::diagnosePage()
{
    page(Page::Diagnose);
    return m_diagnosePage;
}

ScriptsPage *MainWindow::scriptsPage()
{
    page(Page::Scripts);
    return m_scriptsPage;
}

HygienePage *MainWindow::hygienePage()
{
    page(Page::Hygiene);
    return m_hygienePage;
}

void MainWindow::saveWindowState() const
{
    QSettings settings(windowStateFile(), QSettings::IniFormat);
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    for (const QSplitter *splitter : findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            settings.setValue(QStringLiteral("splitters/") + splitter->objectName(), splitter->saveState());
    }
    settings.setValue(QStringLiteral("window/tray"), m_trayAction->isChecked());
    settings.sync();
    // The same privacy as the settings beside it: the user's alone.
    QFile::setPermissions(windowStateFile(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void MainWindow::setBanner(const QString &text)
{
    m_banner->setClosable(true);
    m_banner->showMessage(text, InfoBar::Kind::Information);
}

void MainWindow::selectEnvironment(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row >= 0)
        m_list->setCurrentIndex(m_model->index(row));
}

void MainWindow::showPage(Page page)
{
    if (m_right->currentWidget() != m_environmentView)
        return; // no environment: the first-run page stays
    m_tabs->setCurrentIndex(int(page));
    this->page(page)->setFocus();
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_tabs->currentIndex());
}

bool MainWindow::isShowingWelcome() const
{
    return m_right->currentWidget() != m_environmentView;
}

void MainWindow::showWelcome()
{
    // Made when first needed: most starts have environments and never show it.
    if (!m_welcome) {
        m_welcome = new WelcomePage(this);
        connect(m_welcome, &WelcomePage::presetChosen, this, [this](const QString &id) { addEnvironment(id); });
        connect(m_welcome, &WelcomePage::importRequested, this, &MainWindow::importDotenv);
        m_right->addWidget(scrollable(m_welcome));
    }
    m_right->setCurrentWidget(m_welcome->parentWidget()->parentWidget()); // its scroll area
}

void MainWindow::onCurrentChanged()
{
    const QString next = m_model->nameAt(m_list->currentIndex().row());
    if (next != m_current && m_editor && m_editor->hasUnsavedChanges()) {
        // Settings typed for the environment being left are not dropped without asking.
        const QString leaving = m_current;
        {
            const QSignalBlocker blocker(m_list->selectionModel());
            m_list->setCurrentIndex(m_model->index(m_model->rowOf(leaving)));
        }
        askAsync(this, tr("Unsaved settings"),
                 tr("The settings of %1 were changed but not saved. Save them before switching to %2?")
                         .arg(leaving, next),
                 QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save,
                 [this, next](QMessageBox::StandardButton answer) {
                     if (answer == QMessageBox::Cancel)
                         return;
                     if (answer == QMessageBox::Save && !m_editor->save()) {
                         showPage(Page::Settings); // the problems are listed under the fields
                         return;
                     }
                     if (answer == QMessageBox::Discard)
                         m_editor->revert();
                     selectEnvironment(next);
                 });
        return;
    }
    m_current = next;
    if (m_model->rowCount() == 0)
        QTimer::singleShot(0, this, [this] {
            // Made once the window is up (its buttons' icons are slow to look up); still needed?
            if (m_model->rowCount() == 0)
                showWelcome();
        });
    else
        m_right->setCurrentWidget(m_environmentView);
    // The pages made so far; the others take the environment when they are made.
    if (m_tokenPanel)
        m_tokenPanel->setEnvironment(m_current);
    if (m_credentialsForm)
        m_credentialsForm->setEnvironment(m_current);
    if (m_editor)
        m_editor->setEnvironment(m_current);
    if (m_rotationPage)
        m_rotationPage->setEnvironment(m_current);
    if (m_searchPage)
        m_searchPage->setEnvironment(m_current);
    if (m_diagnosePage)
        m_diagnosePage->setEnvironment(m_current);
    if (m_scriptsPage)
        m_scriptsPage->setEnvironment(m_current);
    if (m_tabs->currentIndex() >= 0 && !isShowingWelcome())
        page(currentPage());
    updateHeader();
    // A new environment without credentials: the useful page is the credentials form.
    if (!m_current.isEmpty() && !m_core->credentials()->hasCredentials(m_current) && currentPage() == Page::Token)
        showPage(Page::Credentials);
}

void MainWindow::updateSettingsProblem()
{
    const Error error = m_core->environments()->loadError();
    if (error.ok()) {
        m_settingsProblem->hide();
        return;
    }
    m_settingsProblem->showMessage(tr("The settings cannot be read, so the environments in them are not shown and "
                                      "nothing is saved: %1\nThis window reads the file again as soon as it changes.")
                                           .arg(error.fullText()),
                                   InfoBar::Kind::Warning);
}

void MainWindow::updateHeader()
{
    const auto env = m_core->environments()->find(m_current);
    m_removeAction->setEnabled(env.has_value());
    if (!env) {
        m_header->setText(QString());
        return;
    }
    const CredentialMetadata stored = m_core->credentials()->metadata(env->name);
    QStringList facts{ApiProfile::title(env->profileName),
                      authMethodLabel(stored.stored ? stored.method : env->defaultMethod)};
    if (m_core->credentials()->isSessionOnly(env->name))
        facts.append(tr("kept for this session only"));
    m_header->setText(tr("<span style='font-size:15pt; font-weight:600'>%1</span>&nbsp;&nbsp;<span>%2</span>"
                         "&nbsp;&nbsp;<span style='color:%4'>%3</span>")
                              .arg(env->name.toHtmlEscaped(), env->baseUrl.toString().toHtmlEscaped(),
                                   facts.join(QStringLiteral(" · ")).toHtmlEscaped(),
                                   toneColor(Tone::Muted, QApplication::palette(this)).name()));
}

void MainWindow::showStartupReminder()
{
    m_reminder->clearActions();
    const QStringList interrupted = m_core->credentials()->interruptedRotations();
    if (!interrupted.isEmpty()) {
        const QString name = interrupted.first();
        m_reminder->showMessage(tr("A credential rotation of %1 stopped half-way. Its active credentials still work; "
                                   "finish or drop it on the Rotation tab.")
                                        .arg(interrupted.join(QStringLiteral(", "))),
                                InfoBar::Kind::Warning);
        m_reminder->addAction(tr("Show"), [this, name] {
            selectEnvironment(name);
            showPage(Page::Rotation);
        });
        return;
    }
    // An old client a mint left valid, whose grace period is over.
    for (const Environment &env : m_core->environments()->environments()) {
        const CredentialMetadata meta = m_core->credentials()->metadata(env.name);
        if (meta.hasRetirement() && meta.retireAfter.isValid() && meta.retireAfter <= m_core->clock()->now()) {
            const QString name = env.name;
            m_reminder->showMessage(tr("The old client %1 of %2 still works; its grace period ended on %3. Retire it "
                                       "once nothing uses it.")
                                            .arg(meta.retireClientId, name,
                                                 meta.retireAfter.toLocalTime().toString(QStringLiteral("yyyy-MM-dd"))),
                                    InfoBar::Kind::Warning);
            m_reminder->addAction(tr("Show"), [this, name] {
                selectEnvironment(name);
                showPage(Page::Rotation);
            });
            return;
        }
    }
    const auto due = m_core->credentials()->overdueRotations(m_core->clock()->now());
    QStringList overdue;
    for (const auto &[name, age] : due)
        overdue.append(tr("%1 (%2)").arg(name, age.describe()));
    const QString first = due.isEmpty() ? QString() : due.first().first;
    if (overdue.isEmpty()) {
        m_reminder->hide();
        return;
    }
    m_reminder->showMessage(tr("Credentials due for rotation: %1.").arg(overdue.join(QStringLiteral(", "))),
                            InfoBar::Kind::Information);
    m_reminder->addAction(tr("Rotate…"), [this, first] {
        selectEnvironment(first);
        showPage(Page::Rotation);
    });
}

void MainWindow::updateKeychainStatus()
{
    const SecretStore *keychain = m_core->keychain();
    const KeychainError &problem = keychain->storeProblem();
    QString state;
    QString why;
    switch (problem.code) {
    case KeychainError::Code::Locked:
        state = tr("locked");
        why = tr("It is locked: credentials and tokens stored there cannot be read or saved until it is unlocked.");
        break;
    case KeychainError::Code::NoService:
        state = tr("not reachable");
        why = problem.message();
        break;
    case KeychainError::Code::NotUnlocked:
        state = tr("no login keyring");
        why = problem.message();
        break;
    case KeychainError::Code::Timeout:
        state = tr("not answering");
        why = tr("It did not answer in time: it may be waiting for its password in a window of its own.");
        break;
    case KeychainError::Code::BackendMissing:
    case KeychainError::Code::ModuleMissing:
        state = tr("cannot be used");
        why = problem.message();
        break;
    default:
        break;
    }
    QPalette palette = QApplication::palette(m_keychainStatus);
    if (state.isEmpty()) {
        m_keychainStatus->setText(tr("Secrets: %1").arg(keychain->backendName()));
        m_keychainStatus->setToolTip(tr("Where credentials and tokens are kept"));
    } else {
        m_keychainStatus->setText(tr("Secrets: %1 — %2").arg(keychain->backendName(), state));
        m_keychainStatus->setToolTip(why + QLatin1Char('\n') + problem.remedy());
        palette.setColor(QPalette::WindowText, toneColor(Tone::Warning, palette));
    }
    m_keychainStatus->setPalette(palette);
}

void MainWindow::addEnvironment(const QString &preset)
{
    auto *dialog = new AddEnvironmentDialog(m_core, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!preset.isEmpty())
        dialog->choosePreset(preset);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        selectEnvironment(dialog->addedName());
        showPage(Page::Credentials);
    });
    dialog->open();
}

void MainWindow::importDotenv()
{
    auto *dialog = new QFileDialog(this, tr("Import a .env file"), QString(),
                                   tr("Environment files (.env *.env .env.*);;All files (*)"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setFilter(dialog->filter() | QDir::Hidden); // ".env" is a hidden file
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::openImportDialog);
    dialog->open();
}

ImportDotenvDialog *MainWindow::openImportDialog(const QString &file)
{
    auto *dialog = new ImportDotenvDialog(m_core, file, m_current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDotenvDialog::stepFinished, this, [this, dialog](const DotenvImportResult &result) {
        if (!result.imported.isEmpty() && dialog->stage() == ImportDotenvDialog::Stage::Imported) {
            selectEnvironment(result.imported.first());
            showPage(Page::Scripts);
        }
        if (result.stripped)
            statusBar()->showMessage(tr("Removed the secrets from %1").arg(dialog->plan().file), 8000);
    });
    dialog->open();
    return dialog;
}

void MainWindow::removeEnvironment()
{
    const QString name = m_current;
    if (!m_core->environments()->find(name))
        return;
    askAsync(this, tr("Remove environment"),
             tr("Remove %1 and delete its credentials from the %2?").arg(name, m_core->keychain()->backendName()),
             QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel,
             [this, name](QMessageBox::StandardButton answer) {
                 if (answer == QMessageBox::Yes)
                     removeEnvironmentConfirmed(name);
             });
}

void MainWindow::removeEnvironmentConfirmed(const QString &name)
{
    m_core->credentials()->removeEnvironment(name, this, [this, name](const Error &error) {
        if (error.ok()) {
            if (const QString note = removedEntriesNote(); !note.isEmpty())
                statusBar()->showMessage(tr("Removed %1. %2").arg(name, note), 15000);
            else
                statusBar()->showMessage(tr("Removed %1").arg(name), 5000);
            return;
        }
        if (error.kind != ErrorClass::KeychainUnavailable) {
            showAsync(this, tr("Not removed"), error.fullText());
            return;
        }
        // Fail closed, but let the user drop the settings knowingly.
        askAsync(
                this, tr("Keychain unavailable"),
                tr("%1\n\nRemove %2 from the settings anyway? Its keychain entries would stay behind until you "
                   "delete them with your keyring manager.")
                        .arg(error.fullText(), name),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::No,
                [this, name](QMessageBox::StandardButton answer) {
                    if (answer != QMessageBox::Yes)
                        return;
                    if (const Error removed = m_core->environments()->remove(name); !removed.ok())
                        showAsync(this, tr("Not removed"), removed.fullText());
                },
                QMessageBox::Warning);
    });
}

} // namespace bioepic::ui
