#include "mainwindow.h"

#include "addenvironmentdialog.h"
#include "asyncdialogs.h"
#include "credentialsform.h"
#include "diagnosepage.h"
#include "environmentdelegate.h"
#include "environmenteditor.h"
#include "environmentlistmodel.h"
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

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QScrollArea>
#include <QSettings>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

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
    , m_welcome(new WelcomePage(this))
    , m_environmentView(new QWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_tokenPanel(new TokenPanel(core, this))
    , m_credentialsForm(new CredentialsForm(core, this))
    , m_editor(new EnvironmentEditor(core, EnvironmentEditor::Mode::Edit, this))
    , m_rotationPage(new RotationPage(core, this))
    , m_searchPage(new SearchPage(core, this))
    , m_diagnosePage(new DiagnosePage(core, this))
    , m_scriptsPage(new ScriptsPage(core, this))
    , m_reminder(new InfoBar(this))
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

    m_pages = {m_tokenPanel, m_credentialsForm, m_searchPage, m_diagnosePage, m_rotationPage, m_scriptsPage, m_editor};
    const QStringList titles{tr("Token"),    tr("Credentials"), tr("Search"),  tr("Diagnose"),
                             tr("Rotation"), tr("Scripts"),     tr("Settings")};
    for (int page = 0; page < m_pages.size(); ++page) {
        m_pages.at(page)->setObjectName(m_pages.at(page)->objectName().isEmpty()
                                                ? QStringLiteral("page%1").arg(page + 1)
                                                : m_pages.at(page)->objectName());
        m_tabs->addTab(scrollable(m_pages.at(page)), titles.at(page));
    }
    m_tabs->setTabToolTip(int(Page::Scripts), tr("Use from scripts: exec, token, .env import"));
    m_tabs->setDocumentMode(true);
    m_tabs->setUsesScrollButtons(true);

    auto *rightLayout = new QVBoxLayout(m_environmentView);
    rightLayout->setContentsMargins(6, 4, 0, 0);
    rightLayout->addWidget(m_header);
    rightLayout->addWidget(m_tabs, 1);
    m_right->addWidget(scrollable(m_welcome));
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
    centralLayout->addWidget(m_banner);
    m_reminder->setObjectName(QStringLiteral("reminderBar"));
    centralLayout->addWidget(m_reminder);
    centralLayout->addWidget(splitter, 1);
    setCentralWidget(central);

    createMenus();
    for (QAction *action : menuBar()->findChildren<QAction *>()) {
        if (action->objectName() == QLatin1String("addEnvironmentAction"))
            addButton->setDefaultAction(action);
        else if (action->objectName() == QLatin1String("removeEnvironmentAction"))
            removeButton->setDefaultAction(action);
    }
    addButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    removeButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    addButton->setText(tr("Add…"));
    removeButton->setText(tr("Remove…"));

    statusBar()->addPermanentWidget(m_keychainStatus);
    updateKeychainStatus();

    connect(m_welcome, &WelcomePage::presetChosen, this, [this](const QString &id) { addEnvironment(id); });
    connect(m_welcome, &WelcomePage::importRequested, this, &MainWindow::importDotenv);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onCurrentChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // Keep the selection on the same environment across a reset (an environment was added or removed).
        const int row = m_model->rowOf(m_current);
        m_list->setCurrentIndex(m_model->index(row >= 0 ? row : 0));
        if (m_model->rowCount() == 0)
            onCurrentChanged();
    });
    connect(m_core->environments(), &EnvironmentStore::changed, this, &MainWindow::updateHeader);
    connect(m_core->credentials(), &CredentialManager::credentialsChanged, this, [this] {
        updateHeader();
        updateKeychainStatus();
    });
    connect(m_editor, &EnvironmentEditor::saved, this,
            [this](const QString &name) { statusBar()->showMessage(tr("Saved the settings of %1").arg(name), 5000); });
    connect(m_credentialsForm, &CredentialsForm::saved, this, [this] { showPage(Page::Token); });
    connect(m_credentialsForm, &CredentialsForm::settingsRequested, this, [this] { showPage(Page::Settings); });
    connect(m_tray, &TrayNotifier::environmentActivated, this, &MainWindow::selectEnvironment);
    connect(ThemeWatcher::instance(), &ThemeWatcher::changed, this, &MainWindow::updateHeader);
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
    auto *addAction = new QAction(style()->standardIcon(QStyle::SP_FileDialogNewFolder), tr("&Add environment…"), this);
    addAction->setObjectName(QStringLiteral("addEnvironmentAction"));
    addAction->setShortcut(standardKey(QKeySequence::New, QKeySequence(Qt::CTRL | Qt::Key_N)));
    m_removeAction = new QAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Remove environment…"), this);
    m_removeAction->setObjectName(QStringLiteral("removeEnvironmentAction"));
    m_removeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Delete));
    auto *importAction
            = new QAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Import .env file…"), this);
    importAction->setObjectName(QStringLiteral("importDotenvAction"));
    importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    auto *refreshAction = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Refresh &token"), this);
    refreshAction->setShortcut(standardKey(QKeySequence::Refresh, QKeySequence(Qt::Key_F5)));
    auto *checkAction = new QAction(tr("&Check token with server"), this);
    checkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    auto *quitAction = new QAction(tr("&Quit"), this);
    quitAction->setShortcut(standardKey(QKeySequence::Quit, QKeySequence(Qt::CTRL | Qt::Key_Q)));
    connect(addAction, &QAction::triggered, this, [this] { addEnvironment(); });
    connect(m_removeAction, &QAction::triggered, this, &MainWindow::removeEnvironment);
    connect(importAction, &QAction::triggered, this, &MainWindow::importDotenv);
    connect(m_scriptsPage, &ScriptsPage::importRequested, this, &MainWindow::importDotenv);
    connect(refreshAction, &QAction::triggered, m_tokenPanel, &TokenPanel::refreshNow);
    connect(checkAction, &QAction::triggered, m_tokenPanel, [this] {
        showPage(Page::Token);
        m_tokenPanel->checkWithServer();
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
    m_trayAction->setEnabled(TrayNotifier::isAvailable());
    m_trayAction->setToolTip(TrayNotifier::isAvailable()
                                     ? tr("An icon that warns before a token runs out and when a rotation is due")
                                     : tr("This desktop has no system tray"));
    connect(m_trayAction, &QAction::toggled, m_tray, &TrayNotifier::setEnabled);

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
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            splitter->restoreState(settings.value(QStringLiteral("splitters/") + splitter->objectName()).toByteArray());
    }
    if (m_trayAction->isEnabled())
        m_trayAction->setChecked(settings.value(QStringLiteral("window/tray"), false).toBool());
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
    m_pages.at(int(page))->setFocus();
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_tabs->currentIndex());
}

bool MainWindow::isShowingWelcome() const
{
    return m_right->currentWidget() != m_environmentView;
}

void MainWindow::onCurrentChanged()
{
    const QString next = m_model->nameAt(m_list->currentIndex().row());
    if (next != m_current && m_editor->hasUnsavedChanges()) {
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
    m_right->setCurrentWidget(m_model->rowCount() == 0 ? static_cast<QWidget *>(m_right->widget(0))
                                                       : m_environmentView);
    m_tokenPanel->setEnvironment(m_current);
    m_credentialsForm->setEnvironment(m_current);
    m_editor->setEnvironment(m_current);
    m_rotationPage->setEnvironment(m_current);
    m_searchPage->setEnvironment(m_current);
    m_diagnosePage->setEnvironment(m_current);
    m_scriptsPage->setEnvironment(m_current);
    updateHeader();
    // A new environment without credentials: the useful page is the credentials form.
    if (!m_current.isEmpty() && !m_core->credentials()->hasCredentials(m_current) && currentPage() == Page::Token)
        showPage(Page::Credentials);
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
    m_keychainStatus->setText(tr("Secrets: %1").arg(m_core->keychain()->backendName()));
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
