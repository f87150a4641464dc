// The GUI offscreen: enter credentials, watch the token arrive with its expiry; wrong secrets and
// bad URLs are reported next to their fields; no model role shows a secret. Saves screenshots.
#include "addenvironmentdialog.h"
#include "clipboardguard.h"
#include "common/shellquote.h"
#include "coreservices.h"
#include "credentials/rotationflow.h"
#include "credentialsform.h"
#include "diagnosepage.h"
#include "environmentdelegate.h"
#include "environmenteditor.h"
#include "environmentlistmodel.h"
#include "fakesecretstore.h"
#include "historymodel.h"
#include "hygienepage.h"
#include "importdotenvdialog.h"
#include "infobar.h"
#include "keychain/secretserviceprovider.h"
#include "mainwindow.h"
#include "messagelabel.h"
#include "networklogmodel.h"
#include "rotationdialog.h"
#include "rotationpage.h"
#include "sandbox/sandboxoptions.h"
#include "scriptspage.h"
#include "search/searchjob.h"
#include "searchpage.h"
#include "searchresultsmodel.h"
#include "steplist.h"
#include "testsupport.h"
#include "theme.h"
#include "timelinebar.h"
#include "tokenpanel.h"
#include "traynotifier.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QJsonDocument>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace bioepic;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void enterCredentialsAndSeeAValidToken();
    void wrongSecretIsShownNextToTheFieldAndKept();
    void unreachableKeychainOffersSessionOnly();
    void editorShowsProblemsInline();
    void modelIsSoundAndNeverShowsSecrets();
    void clipboardIsClearedOnlyIfUnchanged();
    void rotateThroughTheDialog();
    void remindersForOverdueAndInterruptedRotations();
    void searchShowsPagesAndExports();
    void diagnoseChecklistLogAndReport();
    void serverRestartedWithANewKey();
    void importDotenvThenUseFromScripts();
    void quittingMidSwapFinishesTheRotation();
    void keyboardMnemonicsAreUniqueAndPagesSwitch();
    void listShowsTheHostThatDiffers();
    void unsavedSettingsAreNotDroppedSilently();
    void firstRunOffersPresets();
    void credentialsStoredElsewhereShowUp();
    void whatScriptsDoShowsUpWhileOpen();
    void aFailedRequestSaysWhatToDo();
    void unreadableSettingsAreSaidAndReadAgainOnceFixed();
    void searchKeepsTheFieldsOrderAndExportsWhatIsShown();
    void addDialogListsEveryProblemAndKeepsItsSize();
    void peopleSeeWordsNotInternalNames();
    void timelineLabelsNeverCollide();
    void messagesStayReadableOnADarkTheme();
    void applicationIconStaysOutOfTheIconThemePath();
    void themedIconsComeAfterTheFirstFrame();
    void firstFrameDrawnIsSaidOnceAfterThePaint();
    void serverCheckOfTheTokenComesAfterTheFirstFrame();
    void buttonsUnderTheListAddAndRemove();
    void everyButtonIsWired();
    void windowGeometryAndSplittersAreRemembered();
    void trayWarnsAboutOverdueRotations();
    void hygieneFindsExposedSecretsAndOffersRemedies();
    void hygieneScanCanBeCancelled();
    void rotateOnTheServerThroughTheDialog();

private:
    void addLab();
    /** addLab(), then the sandbox client's credentials stored for it (not verified). */
    void loginLab();
    /** A second environment ("other", no credentials), to switch to. */
    void addOther();
    std::unique_ptr<test::SandboxFixture> m_sandbox;
    std::unique_ptr<test::TempHome> m_home;
    std::unique_ptr<test::FakeSecretStore> m_fakeKeychain;
    std::unique_ptr<CoreServices> m_core;
    std::unique_ptr<ui::MainWindow> m_window;
};

void TestMainWindow::init()
{
    m_sandbox = std::make_unique<test::SandboxFixture>();
    m_home = std::make_unique<test::TempHome>();
    // The real keychain when there is one (scripts/test); otherwise a fake, so the UI is still tested.
    CoreOptions options = test::coreOptions(*m_home, test::randomSecret(QStringLiteral("bioepic-ui")));
    if (QString::fromLatin1(QTest::currentTestFunction()) == QLatin1String("unreachableKeychainOffersSessionOnly")
        || !test::keyringAvailable()) {
        m_fakeKeychain = std::make_unique<test::FakeSecretStore>();
        options.keychainOverride = m_fakeKeychain.get();
    }
    m_core = std::make_unique<CoreServices>(options);
    m_core->tokens()->setAutoRefresh(true);
    m_window = std::make_unique<ui::MainWindow>(m_core.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_core.reset();
    m_fakeKeychain.reset();
    m_home.reset();
    m_sandbox.reset();
}

void TestMainWindow::addLab()
{
    Environment env;
    env.name = QStringLiteral("lab");
    env.baseUrl = m_sandbox->baseUrl();
    QVERIFY(m_core->environments()->add(env).ok());
    m_window->selectEnvironment(QStringLiteral("lab"));
    QCOMPARE(m_window->currentEnvironment(), QStringLiteral("lab"));
}

void TestMainWindow::loginLab()
{
    test::addLab(*m_core, *m_sandbox);
    m_window->selectEnvironment(QStringLiteral("lab"));
    QCOMPARE(m_window->currentEnvironment(), QStringLiteral("lab"));
}

void TestMainWindow::addOther()
{
    Environment env;
    env.name = QStringLiteral("other");
    env.baseUrl = QUrl(QStringLiteral("https://api.other.example.org"));
    QVERIFY(m_core->environments()->add(env).ok());
}

void TestMainWindow::enterCredentialsAndSeeAValidToken()
{
    addLab();
    m_window->showPage(ui::MainWindow::Page::Credentials);
    auto *identity = m_window->findChild<QLineEdit *>(QStringLiteral("identity"));
    auto *secret = m_window->findChild<QLineEdit *>(QStringLiteral("secret"));
    auto *save = m_window->findChild<QPushButton *>(QStringLiteral("save"));
    QVERIFY(identity && secret && save);
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QTest::keyClicks(identity, m_sandbox->clientId);
    QTest::keyClicks(secret, m_sandbox->clientSecret);
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(m_window->credentialsForm()->isBusy() || m_core->credentials()->hasCredentials(QStringLiteral("lab")));

    QTRY_COMPARE_WITH_TIMEOUT(m_core->tokens()->state(QStringLiteral("lab")), TokenState::Valid, 10000);
    QTRY_VERIFY(!m_window->credentialsForm()->isBusy());
    QVERIFY(secret->text().isEmpty()); // the typed secret does not linger in the widget
    QTRY_VERIFY(m_window->tokenPanel()->isVisible()); // a successful save shows the token
    auto *badge = m_window->tokenPanel()->findChild<QLabel *>(QStringLiteral("tokenStateBadge"));
    QCOMPARE(badge->text(), QStringLiteral("valid"));
    const TokenInfo info = m_core->tokens()->status(QStringLiteral("lab")).info;
    const QString expiry = info.expiresAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    bool expiryShown = false;
    for (QLabel *label : m_window->tokenPanel()->findChildren<QLabel *>())
        expiryShown = expiryShown || label->text().contains(expiry);
    QVERIFY2(expiryShown, "the token panel shows the expiry time");
    auto *countdown = m_window->tokenPanel()->findChild<QLabel *>(QStringLiteral("countdown"));
    QVERIFY(countdown->text().startsWith(QLatin1String("valid for 9m"))
            || countdown->text().startsWith(QLatin1String("valid for 10m")));
    const QModelIndex row
            = m_window->environmentModel()->index(m_window->environmentModel()->rowOf(QStringLiteral("lab")));
    QCOMPARE(row.data(ui::EnvironmentListModel::BadgeTextRole).toString(), QStringLiteral("valid"));
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-token.png")));

    // Refresh now gets a new token.
    const QString before = info.fingerprint;
    m_window->tokenPanel()->refreshNow();
    QTRY_VERIFY(m_core->tokens()->status(QStringLiteral("lab")).info.fingerprint != before);
}

void TestMainWindow::wrongSecretIsShownNextToTheFieldAndKept()
{
    addLab();
    m_window->showPage(ui::MainWindow::Page::Credentials);
    auto *identity = m_window->findChild<QLineEdit *>(QStringLiteral("identity"));
    auto *secret = m_window->findChild<QLineEdit *>(QStringLiteral("secret"));
    auto *secretError = m_window->findChild<ui::MessageLabel *>(QStringLiteral("secretError"));
    auto *identityError = m_window->findChild<ui::MessageLabel *>(QStringLiteral("identityError"));
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);
    QVERIFY(identityError->isVisible()); // empty fields are caught before any request
    QVERIFY(secretError->isVisible());
    QCOMPARE(m_sandbox->api().stats().tokenRequests, quint64(0));

    identity->setText(m_sandbox->clientId);
    const QString wrong = test::randomSecret();
    secret->setText(wrong);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(secretError->isVisible(), 10000);
    QVERIFY(secretError->text().contains(QLatin1String("rejected")));
    QCOMPARE(secret->text(), wrong); // nothing typed is lost
    QVERIFY(!m_core->credentials()->hasCredentials(QStringLiteral("lab")));
    auto *message = m_window->findChild<ui::MessageLabel *>(QStringLiteral("formMessage"));
    QVERIFY(message->text().contains(QLatin1String("invalid_client")));
    QVERIFY(!message->text().contains(wrong));
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-wrong-secret.png")));
}

void TestMainWindow::unreachableKeychainOffersSessionOnly()
{
    m_fakeKeychain->failOperation(QStringLiteral("*"), KeychainError::Code::NoService);
    addLab();
    m_window->showPage(ui::MainWindow::Page::Credentials);
    m_window->findChild<QLineEdit *>(QStringLiteral("identity"))->setText(m_sandbox->clientId);
    m_window->findChild<QLineEdit *>(QStringLiteral("secret"))->setText(m_sandbox->clientSecret);
    m_window->credentialsForm()->save();
    auto *sessionOnly = m_window->findChild<QPushButton *>(QStringLiteral("sessionOnly"));
    QTRY_VERIFY_WITH_TIMEOUT(sessionOnly->isVisible(), 10000);
    auto *message = m_window->findChild<ui::MessageLabel *>(QStringLiteral("formMessage"));
    QVERIFY(message->text().contains(QLatin1String("No keychain is reachable")));
    QVERIFY(!m_core->credentials()->hasCredentials(QStringLiteral("lab")));
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-no-keychain.png")));
    QTest::mouseClick(sessionOnly, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_core->tokens()->state(QStringLiteral("lab")), TokenState::Valid, 10000);
    QVERIFY(m_core->credentials()->isSessionOnly(QStringLiteral("lab")));
    QVERIFY(test::scanTree(m_home->dir.path(), {m_sandbox->clientSecret.toUtf8()}).isEmpty());
}

void TestMainWindow::editorShowsProblemsInline()
{
    addLab();
    m_window->showPage(ui::MainWindow::Page::Settings);
    ui::EnvironmentEditor *editor = m_window->environmentEditor();
    auto *url = qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("base_url")));
    auto *timeout = editor->fieldWidget(QStringLiteral("timeout_s"));
    const QPoint timeoutAt = timeout->mapTo(editor, QPoint());
    // Typing a bad URL marks the field; nothing moves while typing.
    QTest::keyClicks(url, QStringLiteral("x"));
    url->setText(QStringLiteral("http://api.example.org"));
    Q_EMIT url->editingFinished();
    QVERIFY(editor->problem(QStringLiteral("base_url")).contains(QLatin1String("https")));
    QVERIFY(!editor->summary()->isVisible());
    QCOMPARE(timeout->mapTo(editor, QPoint()), timeoutAt);
    // Two problems: Save lists both at once, in words, below the fields.
    auto *tokenPath = qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("token_path")));
    tokenPath->setText(QStringLiteral("oauth/token"));
    QVERIFY(!editor->save());
    QApplication::processEvents();
    QCOMPARE(timeout->mapTo(editor, QPoint()), timeoutAt);
    QVERIFY(tokenPath->isVisible()); // the folded overrides open to show the problem
    const QString summary = editor->summary()->text();
    QVERIFY2(summary.startsWith(QLatin1String("2 problems")) && summary.contains(QLatin1String("Plain http"))
                     && summary.contains(QLatin1String("The token path must start with '/'")),
             qPrintable(summary));
    QVERIFY2(!summary.contains(QLatin1String("base_url")) && !summary.contains(QLatin1String("token_path")),
             qPrintable(summary)); // words, not the settings file's keys
    QVERIFY(!editor->problem(QStringLiteral("profile_overrides.token_path")).isEmpty());
    QCOMPARE(m_core->environments()->find(QStringLiteral("lab"))->baseUrl, m_sandbox->baseUrl()); // unchanged
    // Fixing one updates the list at once.
    url->setText(m_sandbox->baseUrl().toString());
    Q_EMIT url->editingFinished();
    QVERIFY(editor->problem(QStringLiteral("base_url")).isEmpty());
    QVERIFY2(editor->summary()->text().startsWith(QLatin1String("1 problem")), qPrintable(editor->summary()->text()));
    tokenPath->setText(QStringLiteral("/oauth/token"));
    QVERIFY(editor->save());
    QCOMPARE(m_core->environments()->find(QStringLiteral("lab"))->profile().tokenPath, QStringLiteral("/oauth/token"));
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-settings.png")));
}

void TestMainWindow::modelIsSoundAndNeverShowsSecrets()
{
    addLab();
    QAbstractItemModelTester tester(m_window->environmentModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    Credentials credentials;
    credentials.identity = m_sandbox->clientId;
    credentials.secret = Secret::fromString(m_sandbox->clientSecret);
    bool done = false;
    m_core->credentials()->login(QStringLiteral("lab"), credentials, true, this, [&](const LoginResult &result) {
        QVERIFY(result.error.ok());
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    Environment extra;
    extra.name = QStringLiteral("extra");
    extra.baseUrl = QUrl(QStringLiteral("https://extra.example.org"));
    QVERIFY(m_core->environments()->add(extra).ok());
    QVERIFY(m_core->environments()->remove(QStringLiteral("extra")).ok());
    const QByteArray token = m_core->tokens()->cachedToken(QStringLiteral("lab"))->accessToken.reveal();
    QAbstractItemModel *model = m_window->environmentModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int role = 0; role < Qt::UserRole + 20; ++role) {
            const QString text = model->index(row, 0).data(role).toString();
            QVERIFY(!text.contains(m_sandbox->clientSecret));
            QVERIFY(text.isEmpty() || !text.contains(QString::fromUtf8(token)));
        }
    }
}

void TestMainWindow::clipboardIsClearedOnlyIfUnchanged()
{
    ui::ClipboardGuard guard;
    QClipboard *clipboard = QGuiApplication::clipboard();
    guard.copySecret(Secret(QByteArrayLiteral("token-on-the-clipboard")), std::chrono::milliseconds(200));
    QCOMPARE(clipboard->text(), QStringLiteral("token-on-the-clipboard"));
    QCOMPARE(clipboard->mimeData()->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
    QTRY_VERIFY(clipboard->text().isEmpty());

    guard.copySecret(Secret(QByteArrayLiteral("second-token")), std::chrono::milliseconds(200));
    clipboard->setText(QStringLiteral("something the user copied"));
    QTest::qWait(400);
    QCOMPARE(clipboard->text(), QStringLiteral("something the user copied"));
}

void TestMainWindow::rotateThroughTheDialog()
{
    addLab();
    Credentials credentials;
    credentials.identity = m_sandbox->clientId;
    credentials.secret = Secret::fromString(m_sandbox->clientSecret);
    bool done = false;
    m_core->credentials()->login(QStringLiteral("lab"), credentials, true, this, [&](const LoginResult &result) {
        QVERIFY(result.error.ok());
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    const QString newSecret = test::randomSecret();
    m_sandbox->api().addClientSecret(m_sandbox->clientId, newSecret);
    m_window->showPage(ui::MainWindow::Page::Rotation);
    ui::RotationPage *page = m_window->rotationPage();
    QAbstractItemModelTester tester(page->historyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *rollback = page->findChild<QPushButton *>(QStringLiteral("rollback"));
    QVERIFY(!rollback->isEnabled()); // nothing to roll back to yet

    page->openDialog(RotationKind::Rotate);
    auto *dialog = page->findChild<ui::RotationDialog *>();
    QVERIFY(dialog);
    auto *secret = dialog->findChild<QLineEdit *>(QStringLiteral("newSecret"));
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    dialog->start(); // empty secret: refused inline, nothing started
    QVERIFY(!dialog->isRunning());
    auto *message = dialog->findChild<ui::MessageLabel *>(QStringLiteral("rotationMessage"));
    QVERIFY(message->isVisible());

    // A secret the server refuses: the step says why, the input stays, Try again is offered, and
    // the dialog grows to show it all (no row drawn over another).
    const QString typo = test::randomSecret();
    secret->setText(typo);
    dialog->start();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value(), 10000);
    QVERIFY(!dialog->result()->error.ok());
    QCOMPARE(secret->text(), typo);
    QVERIFY(!secret->isReadOnly());
    auto *start = dialog->findChild<QPushButton *>(QStringLiteral("startRotation"));
    QCOMPARE(start->text(), QStringLiteral("&Try again"));
    QVERIFY2(message->text().contains(QLatin1String("active credentials are unchanged")), qPrintable(message->text()));
    QCOMPARE(dialog->steps()->state(2), ui::StepList::State::Fail);
    QTRY_VERIFY(dialog->height() >= dialog->layout()->totalHeightForWidth(dialog->width())
                || dialog->height() >= dialog->screen()->availableGeometry().height() - 40);
    for (QLabel *label : dialog->findChildren<QLabel *>()) {
        if (label->isVisibleTo(dialog) && label->wordWrap())
            QVERIFY2(label->height() >= label->heightForWidth(label->width()), qPrintable(label->text()));
    }
    QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/ui-rotation-failed.png")));
    QCOMPARE(m_core->credentials()->metadata(QStringLiteral("lab")).fingerprint, credentials.fingerprint());

    secret->setText(newSecret); // corrected, then Try again
    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value(), 10000);
    QVERIFY2(dialog->result()->error.ok(), qPrintable(dialog->result()->error.fullText()));
    QVERIFY(secret->text().isEmpty()); // the typed secret does not stay in the widget
    QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/ui-rotation.png")));
    dialog->accept();

    QTRY_VERIFY(rollback->isEnabled());
    QAbstractItemModel *history = page->historyModel();
    QVERIFY(history->rowCount() >= 2);
    QCOMPARE(history->index(0, ui::HistoryModel::Action).data().toString(), QStringLiteral("rotate"));
    QCOMPARE(history->index(0, ui::HistoryModel::Outcome).data().toString(), QStringLiteral("ok"));
    for (int row = 0; row < history->rowCount(); ++row) {
        for (int column = 0; column < history->columnCount(); ++column) {
            const QString text = history->index(row, column).data().toString();
            QVERIFY(!text.contains(newSecret));
            QVERIFY(!text.contains(m_sandbox->clientSecret));
        }
    }
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-history.png")));
}

void TestMainWindow::remindersForOverdueAndInterruptedRotations()
{
    addLab();
    CredentialMetadata meta;
    meta.stored = true;
    meta.identity = QStringLiteral("old-client");
    meta.fingerprint = QStringLiteral("sha256:0badc0de");
    meta.storedAt = m_core->clock()->now().addDays(-100);
    meta.rotatedAt = meta.storedAt;
    QVERIFY(m_core->credentials()->setMetadata(QStringLiteral("lab"), meta).ok());
    m_window->showStartupReminder();
    ui::InfoBar *bar = m_window->reminderBar();
    QVERIFY(bar->isVisible());
    QVERIFY2(bar->text().contains(QLatin1String("lab (overdue by 10 days)")), qPrintable(bar->text()));
    const QModelIndex row
            = m_window->environmentModel()->index(m_window->environmentModel()->rowOf(QStringLiteral("lab")));
    QTRY_COMPARE(row.data(ui::EnvironmentListModel::RotationTextRole).toString(), QStringLiteral("overdue 10d"));
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-overdue.png")));

    meta.pendingOperation = QStringLiteral("rotate");
    meta.pendingSince = m_core->clock()->now();
    QVERIFY(m_core->credentials()->setMetadata(QStringLiteral("lab"), meta).ok());
    m_window->showStartupReminder();
    QVERIFY(bar->text().contains(QLatin1String("stopped half-way")));
    QTRY_COMPARE(row.data(ui::EnvironmentListModel::RotationTextRole).toString(), QStringLiteral("interrupted"));
    m_window->selectEnvironment(QStringLiteral("lab"));
    m_window->rotationPage()->setEnvironment(QStringLiteral("lab"));
    QVERIFY(m_window->rotationPage()
                    ->findChild<ui::InfoBar *>(QStringLiteral("interruptedBar"))
                    ->isVisibleTo(m_window->rotationPage()));
    QVERIFY(!m_window->rotationPage()->findChild<QPushButton *>(QStringLiteral("rotate"))->isEnabled());
}

void TestMainWindow::searchShowsPagesAndExports()
{
    loginLab();
    addOther();
    m_window->showPage(ui::MainWindow::Page::Search);
    ui::SearchPage *page = m_window->searchPage();
    QAbstractItemModelTester tester(page->resultsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *filter = page->findChild<QPlainTextEdit *>(QStringLiteral("filter"));
    QSignalSpy finished(page, &ui::SearchPage::searchFinished);

    // A filter error is shown where it is, before any request.
    filter->setPlainText(QStringLiteral("ecosystem: Soil\nph {\"$gt\": 7}"));
    page->run();
    auto *filterError = page->findChild<ui::MessageLabel *>(QStringLiteral("filterError"));
    QVERIFY(filterError->isVisible());
    QVERIFY(filterError->text().startsWith(QLatin1String("line 2, column 1")));
    QCOMPARE(m_sandbox->api().stats().searchRequests, quint64(0));

    filter->setPlainText(QStringLiteral("ecosystem: Soil"));
    page->findChild<QCheckBox *>(QStringLiteral("allPages"))->setChecked(true);
    page->findChild<QSpinBox *>(QStringLiteral("pageSize"))->setValue(50);
    page->run();
    QVERIFY(finished.wait(15000));
    const SearchOutcome outcome = finished.last().first().value<SearchOutcome>();
    QVERIFY2(outcome.ok(), qPrintable(outcome.error.fullText()));
    ui::SearchResultsModel *model = page->resultsModel();
    QVERIFY(model->rowCount() > 50); // several pages were appended
    QCOMPARE(qint64(model->rowCount()), outcome.totals.records);
    QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("id"));
    const int tags = int(model->columns().indexOf(QStringLiteral("tags")));
    QVERIFY(model->index(0, tags).data().toString().startsWith(QLatin1Char('['))); // nested as compact JSON
    auto *raw = page->findChild<QPlainTextEdit *>(QStringLiteral("rawRecord"));
    QTRY_VERIFY(raw->toPlainText().contains(QLatin1String("\"ecosystem\": \"Soil\"")));
    // Sorting by a numeric column sorts numbers, not text.
    auto *table = page->findChild<QTableView *>(QStringLiteral("results"));
    const int ph = int(model->columns().indexOf(QStringLiteral("ph")));
    table->sortByColumn(ph, Qt::AscendingOrder);
    double previous = -1;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const double value = table->model()->index(row, ph).data(ui::SearchResultsModel::SortRole).toDouble();
        QVERIFY(value >= previous);
        previous = value;
    }
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-search.png")));

    const QString csvPath = m_home->dir.filePath(QStringLiteral("export.csv"));
    QVERIFY(page->exportTo(csvPath));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().count("\r\n"), model->rowCount() + 1);
    const QString jsonPath = m_home->dir.filePath(QStringLiteral("export.json"));
    QVERIFY(page->exportTo(jsonPath));
    QFile json(jsonPath);
    QVERIFY(json.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(json.readAll()).array().size(), model->rowCount());
    QVERIFY(!page->exportTo(m_home->dir.filePath(QStringLiteral("export.xlsx"))));
    // Another environment clears the table: nothing left to export, so no Export.
    auto *exportButton = page->findChild<QPushButton *>(QStringLiteral("export"));
    QVERIFY(exportButton && exportButton->isEnabled());
    page->setEnvironment(QStringLiteral("other"));
    QVERIFY(!exportButton->isEnabled());
    page->setEnvironment(QStringLiteral("lab"));

    // A failure on a later page keeps what arrived and says so.
    m_sandbox->api().setLatencyMs(50);
    page->run();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 50, 10000);
    m_sandbox->api().setErrorRate(1.0);
    QVERIFY(finished.wait(15000));
    const SearchOutcome failed = finished.last().first().value<SearchOutcome>();
    QVERIFY(failed.failedPage > 1);
    QVERIFY(model->rowCount() >= 50);
    auto *message = page->findChild<ui::MessageLabel *>(QStringLiteral("searchMessage"));
    QVERIFY(message->text().contains(QLatin1String("are kept")));
    m_sandbox->api().setErrorRate(0);
}

void TestMainWindow::diagnoseChecklistLogAndReport()
{
    addLab();
    Credentials credentials;
    credentials.identity = m_sandbox->clientId;
    credentials.secret = Secret::fromString(test::randomSecret()); // wrong on purpose
    bool done = false;
    m_core->credentials()->login(QStringLiteral("lab"), credentials, false, this,
                                 [&](const LoginResult &) { done = true; });
    QTRY_VERIFY(done);
    m_window->showPage(ui::MainWindow::Page::Diagnose);
    ui::DiagnosePage *page = m_window->diagnosePage();
    QAbstractItemModelTester tester(page->logModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy finished(page, &ui::DiagnosePage::diagnosisFinished);
    page->run();
    QVERIFY(finished.wait(15000));
    ui::StepList *checklist = page->checklist();
    QCOMPARE(checklist->count(), 9);
    QCOMPARE(checklist->state(6), ui::StepList::State::Fail);
    QVERIFY(checklist->isExpanded(6)); // problems open by themselves
    QCOMPARE(checklist->lines(6).size(), 2);
    QVERIFY(checklist->lines(6).at(1).startsWith(QLatin1String("What to do:")));
    QVERIFY(!checklist->isExpanded(0)); // the rest stay folded
    QCOMPARE(checklist->state(7), ui::StepList::State::Skipped);
    QTest::qWait(50); // layouts settle on posted events
    // Remedies wrap, whole: no label under a step is narrower than its text needs or cut short.
    for (QLabel *line : checklist->findChildren<QLabel *>()) {
        if (!line->isVisibleTo(checklist) || !line->wordWrap())
            continue;
        QVERIFY2(line->height() >= line->heightForWidth(line->width()), qPrintable(line->text()));
        QVERIFY(!line->text().contains(QStringLiteral("…")));
    }
    auto *summary = page->findChild<QLabel *>(QStringLiteral("diagnosisSummary"));
    QVERIFY(summary->text().contains(QLatin1String("rejected the client secret")));
    // The headline's every line is shown, even at 800×500.
    m_window->resize(800, 500);
    QTRY_VERIFY(summary->height() >= summary->heightForWidth(summary->width()));

    // The network log shows the token request; the failures filter keeps only it.
    auto *log = page->findChild<QTableView *>(QStringLiteral("networkLog"));
    QVERIFY(log->model()->rowCount() >= 1);
    const QList<QCheckBox *> boxes = page->findChildren<QCheckBox *>();
    QCheckBox *failuresOnly = nullptr;
    for (QCheckBox *box : boxes) {
        if (box->text().contains(QLatin1String("Failures")))
            failuresOnly = box;
    }
    QVERIFY(failuresOnly);
    failuresOnly->setChecked(true);
    QCOMPARE(log->model()->rowCount(), 1);
    QCOMPARE(log->model()->index(0, ui::NetworkLogModel::Status).data().toString(), QStringLiteral("401"));
    // The part of the URL that differs between rows: the path.
    QCOMPARE(log->model()->index(0, ui::NetworkLogModel::Path).data().toString(), QStringLiteral("/token"));
    log->selectRow(0);
    auto *detail = page->findChild<QPlainTextEdit *>(QStringLiteral("logDetail"));
    QVERIFY(detail->toPlainText().contains(QLatin1String("client_secret=<redacted>")));
    QVERIFY(!detail->toPlainText().contains(credentials.secret.revealString()));
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-diagnose.png")));

    const QString reportPath = m_home->dir.filePath(QStringLiteral("support.txt"));
    QVERIFY(page->saveReport(reportPath));
    QFile report(reportPath);
    QVERIFY(report.open(QIODevice::ReadOnly));
    const QByteArray text = report.readAll();
    QVERIFY(text.contains("Diagnosis: The token endpoint rejected the client secret"));
    QVERIFY(!text.contains(credentials.secret.reveal()));
}

void TestMainWindow::serverRestartedWithANewKey()
{
    // An NMDC-shaped server whose signing key lives in a file, as a real deployment's does.
    QTemporaryDir keys;
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    options.signingKeyFile = keys.filePath(QStringLiteral("first.key"));
    auto server = std::make_unique<test::SandboxFixture>(options);
    const QString clientSecret = server->clientSecret;
    Environment env;
    env.name = QStringLiteral("runtime");
    env.baseUrl = server->baseUrl();
    env.profileName = QStringLiteral("nmdc");
    QVERIFY(m_core->environments()->add(env).ok());
    Credentials credentials;
    credentials.identity = server->clientId;
    credentials.secret = Secret::fromString(clientSecret);
    bool stored = false;
    m_core->credentials()->login(QStringLiteral("runtime"), credentials, true, this, [&](const LoginResult &result) {
        QVERIFY2(result.error.ok(), qPrintable(result.error.fullText()));
        stored = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(stored, 10000);
    m_window->selectEnvironment(QStringLiteral("runtime"));
    m_window->showPage(ui::MainWindow::Page::Token);
    auto *badge = m_window->tokenPanel()->findChild<QLabel *>(QStringLiteral("tokenStateBadge"));
    auto *check = m_window->tokenPanel()->findChild<QPushButton *>(QStringLiteral("checkWithServer"));
    QTRY_COMPARE(badge->text(), QStringLiteral("valid"));
    const QString first = m_core->tokens()->status(QStringLiteral("runtime")).info.fingerprint;

    // The server restarts on the same port with another key: the token the GUI holds is dead.
    const quint16 port = server->baseUrl().port();
    server.reset();
    options.port = port;
    options.signingKeyFile = keys.filePath(QStringLiteral("second.key"));
    server = std::make_unique<test::SandboxFixture>(options);
    server->api().setClient(credentials.identity, clientSecret);
    QTRY_VERIFY(check->isEnabled());
    QTest::mouseClick(check, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(badge->text(), QStringLiteral("rejected by the server"), 10000);
    const QModelIndex row
            = m_window->environmentModel()->index(m_window->environmentModel()->rowOf(QStringLiteral("runtime")));
    QTRY_COMPARE(row.data(ui::EnvironmentListModel::BadgeTextRole).toString(),
                 QStringLiteral("rejected by the server"));
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-token-rejected.png")));

    // Refresh recovers.
    QTest::mouseClick(m_window->tokenPanel()->findChild<QPushButton *>(QStringLiteral("refreshNow")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(badge->text(), QStringLiteral("valid"), 10000);
    QVERIFY(m_core->tokens()->status(QStringLiteral("runtime")).info.fingerprint != first);
    QTRY_COMPARE(row.data(ui::EnvironmentListModel::BadgeTextRole).toString(), QStringLiteral("valid"));
}

void TestMainWindow::importDotenvThenUseFromScripts()
{
    addLab();
    QTemporaryDir project;
    const QString file = project.filePath(QStringLiteral(".env"));
    const QByteArray original = "CLIENT_ID=" + m_sandbox->clientId.toUtf8()
            + "\nCLIENT_SECRET=" + m_sandbox->clientSecret.toUtf8() + "\nDATA_DIR=/data\n";
    auto writeOriginal = [&] {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(original);
    };
    auto readFile = [&] {
        QFile in(file);
        return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
    };
    writeOriginal();

    // Cancelled at the review: nothing stored, the file as it was.
    ui::ImportDotenvDialog *dialog = m_window->openImportDialog(file);
    auto *findings = dialog->findChild<QLabel *>(QStringLiteral("findings"));
    // No ENV in the file: the selected environment.
    QTRY_VERIFY(findings->text().contains(QStringLiteral("lab")));
    QVERIFY(findings->text().contains(Credentials{
            AuthMethod::ClientCredentials, m_sandbox->clientId, Secret::fromString(m_sandbox->clientSecret), {}}
                                              .fingerprint()));
    QVERIFY(!findings->text().contains(m_sandbox->clientSecret));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("close")), Qt::LeftButton);
    QTRY_VERIFY(!dialog->isVisible());
    QVERIFY(!m_core->credentials()->hasCredentials(QStringLiteral("lab")));

    // Import, then keep the file: stored, file untouched.
    dialog = m_window->openImportDialog(file);
    QPointer<ui::ImportDotenvDialog> guard(dialog);
    QSignalSpy steps(dialog, &ui::ImportDotenvDialog::stepFinished);
    QTRY_VERIFY(dialog->findChild<QPushButton *>(QStringLiteral("import"))->isEnabled());
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("import")), Qt::LeftButton);
    QVERIFY(steps.wait(15000));
    QCOMPARE(dialog->stage(), ui::ImportDotenvDialog::Stage::Imported);
    QVERIFY(m_core->credentials()->hasCredentials(QStringLiteral("lab")));
    QCOMPARE(readFile(), original);
    auto *strip = dialog->findChild<QPushButton *>(QStringLiteral("strip"));
    QVERIFY(strip->isVisible() && strip->isEnabled());
    QTest::qWait(50); // the resize after the new stage
    QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/ui-import-dotenv.png")));

    // …or remove the secret lines: only now does the file change.
    QTest::mouseClick(strip, Qt::LeftButton);
    QVERIFY(steps.wait(15000));
    QCOMPARE(dialog->stage(), ui::ImportDotenvDialog::Stage::Done);
    const QByteArray after = readFile();
    QVERIFY(!after.contains(m_sandbox->clientSecret.toUtf8()));
    QVERIFY(after.contains("DATA_DIR=/data\n"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("close")), Qt::LeftButton);
    QTRY_VERIFY(guard.isNull());

    // The page with the commands, for the environment that was imported.
    m_window->showPage(ui::MainWindow::Page::Scripts);
    ui::ScriptsPage *page = m_window->scriptsPage();
    auto *exec = page->findChild<QLineEdit *>(QStringLiteral("execCommand"));
    QVERIFY(exec->text().endsWith(QStringLiteral(" exec lab -- python your_script.py")));
    QVERIFY(page->findChild<QLineEdit *>(QStringLiteral("execTokenOnlyCommand"))
                    ->text()
                    .contains(QStringLiteral("--token-only")));
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("copyExec")), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), exec->text());
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-scripts.png")));
    const QString example = project.filePath(QStringLiteral(".env.example"));
    page->saveTemplate(example);
    QFile written(example);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().contains("ENV=lab\nCLIENT_ID=\nCLIENT_SECRET=\n"));

    QCOMPARE(shellQuoted(QStringLiteral("/opt/my apps/bioepic-cred")), QStringLiteral("'/opt/my apps/bioepic-cred'"));
    QCOMPARE(shellQuoted(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    QCOMPARE(shellQuoted(QStringLiteral("https://api.example.org:8443/v1")),
             QStringLiteral("https://api.example.org:8443/v1"));
    QCOMPARE(shellQuoted(QString()), QStringLiteral("''"));
    QCOMPARE(shellQuoted(QStringLiteral("a$b")), QStringLiteral("'a$b'"));
}

void TestMainWindow::quittingMidSwapFinishesTheRotation()
{
    addLab();
    Credentials credentials;
    credentials.identity = m_sandbox->clientId;
    credentials.secret = Secret::fromString(m_sandbox->clientSecret);
    bool done = false;
    m_core->credentials()->login(QStringLiteral("lab"), credentials, true, this,
                                 [&](const LoginResult &) { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    const QString newSecret = test::randomSecret();
    m_sandbox->api().addClientSecret(m_sandbox->clientId, newSecret);
    m_window->showPage(ui::MainWindow::Page::Rotation);
    m_window->rotationPage()->openDialog(RotationKind::Rotate);
    auto *dialog = m_window->rotationPage()->findChild<ui::RotationDialog *>();
    dialog->findChild<QLineEdit *>(QStringLiteral("newSecret"))->setText(newSecret);
    dialog->start();
    auto flows = m_core->findChildren<RotationFlow *>();
    QCOMPARE(flows.size(), 1); // the core owns it, not the dialog
    QPointer<RotationFlow> flow = flows.first();
    bool closedDuringSwap = false;
    connect(flow, &RotationFlow::stepChanged, this, [&](RotationStep step, StepState state) {
        if (step == RotationStep::Swap && state == StepState::Running && !closedDuringSwap) {
            closedDuringSwap = true;
            QVERIFY(!m_window->close()); // refused for now
            QVERIFY(m_window->isVisible());
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(flow.isNull(), 10000); // finished, then deleted
    QVERIFY(closedDuringSwap);
    QTRY_VERIFY(!m_window->isVisible()); // closed once the swap was done
    const CredentialMetadata meta = m_core->credentials()->metadata(QStringLiteral("lab"));
    QVERIFY(!meta.hasPending());
    Credentials rotated = credentials;
    rotated.secret = Secret::fromString(newSecret);
    QCOMPARE(meta.fingerprint, rotated.fingerprint());
}

namespace {

/** The Alt+letter of a text with a mnemonic ("&Save" → 's'), or 0. */
QChar mnemonicOf(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('&')) {
            if (text.at(i + 1) == QLatin1Char('&')) {
                ++i;
                continue;
            }
            return text.at(i + 1).toLower();
        }
    }
    return {};
}

} // namespace

void TestMainWindow::keyboardMnemonicsAreUniqueAndPagesSwitch()
{
    addLab();
    auto *tabs = m_window->findChild<QTabWidget *>();
    QVERIFY(tabs);
    for (int page = 0; page < tabs->count(); ++page) {
        tabs->setCurrentIndex(page);
        QVERIFY2(mnemonicOf(tabs->tabText(page)).isNull(), qPrintable(tabs->tabText(page))); // Ctrl+N instead
        QMap<QChar, QString> seen;
        auto claim = [&](const QString &text) {
            const QChar letter = mnemonicOf(text);
            if (letter.isNull())
                return;
            QVERIFY2(!seen.contains(letter),
                     qPrintable(QStringLiteral("Alt+%1: \"%2\" and \"%3\" on the %4 page")
                                        .arg(letter, seen.value(letter), text, tabs->tabText(page))));
            seen.insert(letter, text);
        };
        for (QAction *menu : m_window->menuBar()->actions())
            claim(menu->text());
        for (QWidget *widget : tabs->currentWidget()->findChildren<QWidget *>()) {
            if (!widget->isVisibleTo(tabs->currentWidget()))
                continue;
            if (auto *button = qobject_cast<QAbstractButton *>(widget))
                claim(button->text());
            else if (auto *label = qobject_cast<QLabel *>(widget); label && label->buddy())
                claim(label->text());
        }
    }
    // Pages by keyboard from anywhere, the environment list included.
    m_window->environmentList()->setFocus();
    tabs->setCurrentIndex(0);
    QTest::keyClick(m_window->environmentList(), Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), 1);
    QTest::keyClick(m_window->environmentList(), Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), 3);
    for (QAction *menu : m_window->menuBar()->actions()) {
        for (QAction *action : menu->menu()->actions()) {
            if (!action->isSeparator())
                QVERIFY2(!action->shortcut().isEmpty() || action->text().contains(QLatin1String("About")),
                         qPrintable(action->text()));
        }
    }
}

void TestMainWindow::listShowsTheHostThatDiffers()
{
    QCOMPARE(ui::shortUrl(QStringLiteral("https://api.bioepic.example.com")),
             QStringLiteral("api.bioepic.example.com"));
    QCOMPARE(ui::shortUrl(QStringLiteral("https://api-dev.bioepic.example.com/v2")),
             QStringLiteral("api-dev.bioepic.example.com/v2"));
    QCOMPARE(ui::shortUrl(QStringLiteral("http://127.0.0.1:38905")), QStringLiteral("http://127.0.0.1:38905"));
    // Drawn in a narrow list, prod and dev still read differently: the end is elided, not the host.
    const QFontMetrics metrics(m_window->environmentList()->font());
    const int width = metrics.horizontalAdvance(QStringLiteral("api-dev.bioep"));
    QVERIFY(metrics.elidedText(ui::shortUrl(QStringLiteral("https://api.bioepic.example.com")), Qt::ElideRight, width)
            != metrics.elidedText(ui::shortUrl(QStringLiteral("https://api-dev.bioepic.example.com")), Qt::ElideRight,
                                  width));
}

void TestMainWindow::unsavedSettingsAreNotDroppedSilently()
{
    addLab();
    addOther();
    m_window->showPage(ui::MainWindow::Page::Settings);
    auto *timeout = qobject_cast<QSpinBox *>(m_window->environmentEditor()->fieldWidget(QStringLiteral("timeout_s")));
    QVERIFY(timeout);
    auto answer = [&](QMessageBox::StandardButton button) {
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = m_window->findChild<QMessageBox *>()) != nullptr && box->isVisible());
        QTest::mouseClick(box->button(button), Qt::LeftButton);
        QTRY_VERIFY(m_window->findChild<QMessageBox *>() == nullptr);
    };

    timeout->setValue(45);
    m_window->selectEnvironment(QStringLiteral("other"));
    answer(QMessageBox::Cancel);
    QCOMPARE(m_window->currentEnvironment(), QStringLiteral("lab")); // stayed, edits kept
    QCOMPARE(timeout->value(), 45);

    m_window->selectEnvironment(QStringLiteral("other"));
    answer(QMessageBox::Discard);
    QCOMPARE(m_window->currentEnvironment(), QStringLiteral("other"));
    QCOMPARE(m_core->environments()->find(QStringLiteral("lab"))->timeoutS, 30);

    m_window->selectEnvironment(QStringLiteral("lab"));
    timeout->setValue(50);
    m_window->selectEnvironment(QStringLiteral("other"));
    answer(QMessageBox::Save);
    QCOMPARE(m_window->currentEnvironment(), QStringLiteral("other"));
    QCOMPARE(m_core->environments()->find(QStringLiteral("lab"))->timeoutS, 50);
}

void TestMainWindow::firstRunOffersPresets()
{
    // A first run has no environment: the presets, not a list of hosts that never resolve.
    QCOMPARE(m_window->environmentModel()->rowCount(), 0);
    QVERIFY(m_window->isShowingWelcome());
    auto *nmdc = m_window->findChild<QAbstractButton *>(QStringLiteral("preset-nmdc"));
    QVERIFY(nmdc && nmdc->isVisible());
    QVERIFY(m_window->findChild<QAbstractButton *>(QStringLiteral("preset-nmdc-dev")));
    QVERIFY(m_window->findChild<QAbstractButton *>(QStringLiteral("preset-bioepic")));
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-first-run.png")));
    QTest::mouseClick(nmdc, Qt::LeftButton);
    ui::AddEnvironmentDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<ui::AddEnvironmentDialog *>()) != nullptr && dialog->isVisible());
    ui::EnvironmentEditor *editor = dialog->editor();
    QCOMPARE(qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("name")))->text(), QStringLiteral("nmdc"));
    QCOMPARE(qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("base_url")))->text(),
             QStringLiteral("https://api.microbiomedata.org"));
    QCOMPARE(qobject_cast<QComboBox *>(editor->fieldWidget(QStringLiteral("profile")))->currentData().toString(),
             QStringLiteral("nmdc"));
    // Another preset replaces what the first filled in; BioEPIC asks for its address.
    dialog->choosePreset(QStringLiteral("bioepic"));
    QCOMPARE(qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("name")))->text(), QStringLiteral("bioepic"));
    QVERIFY(qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("base_url")))->text().isEmpty());
    dialog->choosePreset(QStringLiteral("nmdc"));
    dialog->accept();
    QTRY_VERIFY(m_core->environments()->find(QStringLiteral("nmdc")).has_value());
    QCOMPARE(m_core->environments()->find(QStringLiteral("nmdc"))->profileName, QStringLiteral("nmdc"));
    QTRY_COMPARE(m_window->currentEnvironment(), QStringLiteral("nmdc"));
    QVERIFY(!m_window->isShowingWelcome());
    QCOMPARE(m_window->currentPage(), ui::MainWindow::Page::Credentials);
    // Every environment can be removed; with none left, the presets come back. With KeePassXC
    // answering, the status bar says where deleted entries go.
    setSecretProviderForTesting(SecretProvider::KeePassXC);
    m_window->removeEnvironment();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>()) != nullptr && box->isVisible());
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_VERIFY(!m_core->environments()->find(QStringLiteral("nmdc")));
    QTRY_VERIFY(m_window->isShowingWelcome());
    QTRY_VERIFY2(m_window->statusBar()->currentMessage().contains(QLatin1String("recycle bin")),
                 qPrintable(m_window->statusBar()->currentMessage()));
    setSecretProviderForTesting(SecretProvider::Unknown);
}

void TestMainWindow::credentialsStoredElsewhereShowUp()
{
    // The first environment is selected the moment it exists, before anything is stored for it
    // (the demo, an import, another program): the form then shows what was stored.
    addLab();
    auto *identity = m_window->credentialsForm()->findChild<QLineEdit *>(QStringLiteral("identity"));
    QVERIFY(identity->text().isEmpty());
    Credentials credentials;
    credentials.identity = m_sandbox->clientId;
    credentials.secret = Secret::fromString(m_sandbox->clientSecret);
    bool done = false;
    m_core->credentials()->login(QStringLiteral("lab"), credentials, false, this,
                                 [&](const LoginResult &) { done = true; });
    QTRY_VERIFY(done);
    QTRY_COMPARE(identity->text(), m_sandbox->clientId);
}

void TestMainWindow::whatScriptsDoShowsUpWhileOpen()
{
    loginLab();
    m_core->followOtherProcesses();
    m_window->showPage(ui::MainWindow::Page::Token);
    auto shows = [this](const QString &text) {
        const QList<QLabel *> labels = m_window->tokenPanel()->findChildren<QLabel *>();
        return std::any_of(labels.cbegin(), labels.cend(), [&](QLabel *label) { return label->text() == text; });
    };
    // A script (another process, the same settings and keychain) gets a token.
    QString fingerprint;
    {
        CoreServices script(m_core->options());
        bool done = false;
        script.tokens()->requestToken(QStringLiteral("lab"), TokenService::Freshness::ForceRefresh, this,
                                      [&](const TokenResult &result) {
                                          QVERIFY2(result.ok(), qPrintable(result.error.fullText()));
                                          fingerprint = result.token.info.fingerprint;
                                          done = true;
                                      });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        bool written = false;
        script.tokens()->whenCacheWritten(this, [&] { written = true; });
        QTRY_VERIFY(written);
    }
    QTRY_VERIFY2(shows(fingerprint), qPrintable(fingerprint));

    // It stores the credentials again and adds an environment: the history and the list have them.
    m_window->showPage(ui::MainWindow::Page::Rotation);
    QAbstractItemModel *history = m_window->rotationPage()->historyModel();
    const int before = history->rowCount();
    {
        CoreServices script(m_core->options());
        Credentials credentials;
        credentials.identity = m_sandbox->clientId;
        credentials.secret = Secret::fromString(m_sandbox->clientSecret);
        bool done = false;
        script.credentials()->login(QStringLiteral("lab"), credentials, true, this, [&](const LoginResult &result) {
            QVERIFY2(result.error.ok(), qPrintable(result.error.fullText()));
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        Environment env;
        env.name = QStringLiteral("other");
        env.baseUrl = QUrl(QStringLiteral("https://api.other.example.org"));
        QVERIFY(script.environments()->add(env).ok());
    }
    QTRY_COMPARE(history->rowCount(), before + 1);
    QCOMPARE(history->index(0, ui::HistoryModel::Action).data().toString(), QStringLiteral("login"));
    QTRY_COMPARE(m_window->environmentModel()->rowCount(), 2);
    QCOMPARE(m_window->currentEnvironment(), QStringLiteral("lab"));

    // Its next login fails (a wrong secret): nothing else changes, yet the attempt is listed at once.
    {
        CoreServices script(m_core->options());
        Credentials credentials;
        credentials.identity = m_sandbox->clientId;
        credentials.secret = Secret::fromString(test::randomSecret(QStringLiteral("wrong")));
        bool done = false;
        script.credentials()->login(QStringLiteral("lab"), credentials, true, this, [&](const LoginResult &result) {
            QVERIFY(!result.error.ok());
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    }
    QTRY_COMPARE(history->rowCount(), before + 2);
    QCOMPARE(history->index(0, ui::HistoryModel::Outcome).data().toString(), QStringLiteral("failed"));
}

void TestMainWindow::aFailedRequestSaysWhatToDo()
{
    loginLab();
    Environment env = *m_core->environments()->find(QStringLiteral("lab"));
    env.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1")); // nothing listens there
    QVERIFY(m_core->environments()->update(env).ok());
    m_window->showPage(ui::MainWindow::Page::Token);
    m_window->tokenPanel()->refreshNow();
    auto *notes = m_window->tokenPanel()->findChild<QLabel *>(QStringLiteral("tokenNotes"));
    QVERIFY(notes);
    QTRY_VERIFY(notes->isVisible());
    // What failed, and below it what to do, as bioepic-cred status says it.
    QVERIFY2(notes->text().startsWith(u"⚠ Last request failed: 127.0.0.1 refused the connection\nNothing is listening "
                                      u"there: check the base URL's host and port"),
             qPrintable(notes->text()));
    // With no token at all, the headline does not send the user back to Refresh now.
    bool forgotten = false;
    m_core->tokens()->forget(QStringLiteral("lab"), this, [&](const KeychainError &) { forgotten = true; });
    QTRY_VERIFY(forgotten);
    auto *headline = m_window->tokenPanel()->findChild<QLabel *>(QStringLiteral("tokenHeadline"));
    QCOMPARE(headline->text(), QStringLiteral("No token yet — press Refresh now"));
    m_window->tokenPanel()->refreshNow();
    QTRY_COMPARE(headline->text(), QStringLiteral("No token: the last request failed"));
    QVERIFY(notes->text().contains(u"Nothing is listening there"));
    // Fixed: the next token clears both.
    env.baseUrl = m_sandbox->baseUrl();
    QVERIFY(m_core->environments()->update(env).ok());
    m_window->tokenPanel()->refreshNow();
    QTRY_VERIFY(!notes->isVisible());
}

void TestMainWindow::unreadableSettingsAreSaidAndReadAgainOnceFixed()
{
    addLab();
    m_core->followOtherProcesses();
    auto *bar = m_window->findChild<ui::InfoBar *>(QStringLiteral("settingsProblemBar"));
    QVERIFY(bar && !bar->isVisible());
    QFile file(m_core->environments()->filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray good = file.readAll();
    file.close();

    // Someone edits the file by hand and leaves a stray comma: the window says so, keeps the list.
    QByteArray broken = good;
    broken.replace("\"name\": \"lab\",", "\"name\": \"lab\",,");
    QVERIFY(broken != good);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(broken);
    file.close();
    QTRY_VERIFY(bar->isVisible());
    QVERIFY2(bar->text().contains(m_core->environments()->filePath()), qPrintable(bar->text()));
    QVERIFY2(bar->text().contains(QLatin1String("not valid JSON")), qPrintable(bar->text()));
    QCOMPARE(m_window->environmentModel()->rowCount(), 1);
    // Nothing is written over it.
    Environment other;
    other.name = QStringLiteral("other");
    other.baseUrl = QUrl(QStringLiteral("https://api.other.example.org"));
    QVERIFY(!m_core->environments()->add(other).ok());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), broken);
    file.close();

    // Fixed: the bar goes by itself.
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(good);
    file.close();
    QTRY_VERIFY(!bar->isVisible());
    QCOMPARE(m_window->currentEnvironment(), QStringLiteral("lab"));
}

void TestMainWindow::searchKeepsTheFieldsOrderAndExportsWhatIsShown()
{
    loginLab();
    m_window->showPage(ui::MainWindow::Page::Search);
    ui::SearchPage *page = m_window->searchPage();
    QSignalSpy finished(page, &ui::SearchPage::searchFinished);
    page->findChild<QPlainTextEdit *>(QStringLiteral("filter"))->setPlainText(QStringLiteral("ecosystem: Soil"));
    page->findChild<QSpinBox *>(QStringLiteral("pageSize"))->setValue(20);
    // Enter in Fields runs the search, with the columns in the order asked for.
    auto *fields = page->findChild<QLineEdit *>(QStringLiteral("fields"));
    fields->setText(QStringLiteral("ph,name"));
    QTest::keyClick(fields, Qt::Key_Return);
    QVERIFY(finished.wait(15000));
    ui::SearchResultsModel *model = page->resultsModel();
    QCOMPARE(model->rowCount(), 20);
    QCOMPARE(model->columns().mid(0, 2), (QStringList{QStringLiteral("ph"), QStringLiteral("name")}));
    // Next page continues where the first stopped, and adds to the table.
    auto *next = page->findChild<QPushButton *>(QStringLiteral("nextPage"));
    QVERIFY(next->isEnabled());
    const QString firstName = model->record(0).value(QStringLiteral("name")).toString();
    QTest::mouseClick(next, Qt::LeftButton);
    QVERIFY(finished.wait(15000));
    QVERIFY2(finished.last().first().value<SearchOutcome>().ok(),
             qPrintable(finished.last().first().value<SearchOutcome>().error.fullText()));
    QCOMPARE(model->rowCount(), 40);
    QCOMPARE(model->record(0).value(QStringLiteral("name")).toString(), firstName);
    QVERIFY(model->record(20).value(QStringLiteral("name")).toString() != firstName);
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("searchProgress"))->text().startsWith(QLatin1String("2 page")));

    // Filter and sort the table: the count says so, rows are numbered as shown, Export writes them.
    auto *table = page->findChild<QTableView *>(QStringLiteral("results"));
    table->sortByColumn(0, Qt::DescendingOrder); // ph, highest first
    const QString someName = model->record(5).value(QStringLiteral("name")).toString();
    page->findChild<QLineEdit *>(QStringLiteral("tableFilter"))->setText(someName);
    const int shown = table->model()->rowCount();
    QVERIFY(shown >= 1 && shown < 40);
    QTRY_COMPARE(page->findChild<QLabel *>(QStringLiteral("shownCount"))->text(),
                 QStringLiteral("%1 of 40 shown").arg(shown));
    QCOMPARE(table->model()->headerData(0, Qt::Vertical).toInt(), 1);
    page->findChild<QLineEdit *>(QStringLiteral("tableFilter"))->clear();
    page->findChild<QLineEdit *>(QStringLiteral("tableFilter"))->setText(QStringLiteral("a"));
    const int shownA = table->model()->rowCount();
    const QString csvPath = m_home->dir.filePath(QStringLiteral("shown.csv"));
    QVERIFY(page->exportTo(csvPath));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    QCOMPARE(lines.first().trimmed(), QByteArray("ph,name"));
    QCOMPARE(lines.size() - 2, shownA); // header, rows, and the empty piece after the last newline
    double previous = 1e9;
    for (qsizetype i = 1; i + 1 < lines.size(); ++i) {
        const double ph = lines.at(i).split(',').first().toDouble();
        QVERIFY(ph <= previous); // in the order shown
        previous = ph;
    }
}

void TestMainWindow::addDialogListsEveryProblemAndKeepsItsSize()
{
    m_window->addEnvironment(QStringLiteral("custom"));
    ui::AddEnvironmentDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<ui::AddEnvironmentDialog *>()) != nullptr && dialog->isVisible());
    ui::EnvironmentEditor *editor = dialog->editor();
    qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("name")))->setText(QStringLiteral("Bad Name"));
    qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("base_url")))->setText(QStringLiteral("ftp://x"));
    const QSize size = dialog->size();
    for (int attempt = 0; attempt < 3; ++attempt) {
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->size(), size);
    }
    const QString summary = editor->summary()->text();
    QVERIFY2(summary.startsWith(QLatin1String("2 problems")), qPrintable(summary));
    QVERIFY(!editor->problem(QStringLiteral("name")).isEmpty());
    QVERIFY(!editor->problem(QStringLiteral("base_url")).isEmpty());
    QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/ui-add-problems.png")));
    dialog->reject();
}

void TestMainWindow::peopleSeeWordsNotInternalNames()
{
    addLab();
    auto *header = m_window->findChild<QLabel *>(QStringLiteral("environmentHeader"));
    QVERIFY(header->text().contains(QLatin1String("BioEPIC API")));
    QVERIFY(header->text().contains(QLatin1String("client id and secret")));
    QVERIFY2(!header->text().contains(QLatin1String("client_credentials")), qPrintable(header->text()));
    m_window->showPage(ui::MainWindow::Page::Settings);
    ui::EnvironmentEditor *editor = m_window->environmentEditor();
    // Labels in words; the settings-file keys only in tooltips, for whoever edits the file.
    for (QLabel *label : editor->findChildren<QLabel *>()) {
        if (label->buddy())
            QVERIFY2(!label->text().contains(QLatin1Char('_')), qPrintable(label->text()));
    }
    auto *url = qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("base_url")));
    for (const QString &typed : {QStringLiteral(""), QStringLiteral("http://[::1"), QStringLiteral("https://a b.org"),
                                 QStringLiteral("https://x.org:99999")}) {
        url->setText(typed);
        QVERIFY(!editor->validate());
        const QString problem = editor->problem(QStringLiteral("base_url"));
        QVERIFY2(!problem.isEmpty() && !problem.contains(QLatin1String("base_url"))
                         && !problem.contains(QLatin1String("source was"))
                         && !problem.contains(QLatin1String("; scheme =")),
                 qPrintable(problem));
    }
    url->setText(m_sandbox->baseUrl().toString());
    QVERIFY(editor->validate());
}

void TestMainWindow::timelineLabelsNeverCollide()
{
    ui::TimelineBar bar;
    const QDateTime issued = QDateTime::currentDateTimeUtc();
    // Refresh near expiry (a 10-minute token refreshed 5 s before it ends), at three widths.
    for (const qint64 refreshAfterS : {5, 300, 595}) {
        for (const int width : {bar.minimumSizeHint().width(), 420, 900}) {
            bar.resize(width, bar.sizeHint().height());
            bar.setTimes(issued, issued.addSecs(refreshAfterS), issued.addSecs(600));
            const ui::TimelineBar::Labels labels = bar.layoutLabels();
            QVERIFY(!labels.issued.intersects(labels.expires));
            QVERIFY2(!labels.refresh.intersects(labels.issued) && !labels.refresh.intersects(labels.expires),
                     qPrintable(QStringLiteral("refresh after %1 s at width %2").arg(refreshAfterS).arg(width)));
            QVERIFY(labels.refresh.bottom() <= bar.height() && labels.refresh.right() <= bar.width());
        }
    }
}

void TestMainWindow::applicationIconStaysOutOfTheIconThemePath()
{
    // Every size a window or tray icon is drawn at, from the program's own resources; not 256 px,
    // which alone would hold 256 KB of the heap for the program's life (launchers take the
    // installed theme icon).
    const QList<QSize> sizes = bioepic::ui::applicationIcon().availableSizes();
    QCOMPARE(sizes.size(), 7);
    QVERIFY(sizes.contains(QSize(16, 16)) && sizes.contains(QSize(128, 128)));
    QVERIFY(!sizes.contains(QSize(256, 256)));
    // Qt looks for every themed icon (the menus' standard icons too) in :/icons/<theme> as well as
    // on disk; a folder of ours there made the first such look-up cost 12-23 ms before the first paint.
    QVERIFY2(!QFileInfo::exists(QStringLiteral(":/icons")), "resources under :/icons slow every themed icon");
    QVERIFY(QIcon::themeSearchPaths().contains(QStringLiteral(":/icons")));
}

namespace {
/** Whether @c action had its icon when @c watched was first painted. */
class FirstPaintProbe final : public QObject
{
public:
    explicit FirstPaintProbe(QAction *action)
        : m_action(action)
    {
    }
    bool painted = false;
    bool hadIcon = false;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !painted) {
            painted = true;
            hadIcon = !m_action->icon().isNull();
        }
        return false;
    }

private:
    QAction *m_action;
};
} // namespace

void TestMainWindow::themedIconsComeAfterTheFirstFrame()
{
    addLab();
    ui::MainWindow window(m_core.get());
    auto *add = window.findChild<QAction *>(QStringLiteral("addEnvironmentAction"));
    auto *import = window.findChild<QAction *>(QStringLiteral("importDotenvAction"));
    QVERIFY(add && import);
    QToolButton *addButton = nullptr;
    for (QToolButton *button : window.findChildren<QToolButton *>()) {
        if (button->defaultAction() == add)
            addButton = button;
    }
    QVERIFY(addButton);
    // Before the first frame the button beside the list holds its icon's place.
    QVERIFY(!add->icon().isNull());
    const qint64 placeholder = add->icon().cacheKey();
    const QSize before = addButton->sizeHint();

    FirstPaintProbe probe(import);
    window.installEventFilter(&probe);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(!import->icon().isNull());
    QVERIFY(probe.painted);
    QVERIFY2(!probe.hadIcon, "the icon theme was asked before the first frame");
    QVERIFY(add->icon().cacheKey() != placeholder);
    QCOMPARE(addButton->sizeHint(), before); // nothing moved when the icons came
    window.removeEventFilter(&probe);
}

void TestMainWindow::firstFrameDrawnIsSaidOnceAfterThePaint()
{
    // What waits for the first frame (the window icon, auto-refresh, the keychain provider) hangs
    // on this signal, not on a timer that a slow first paint could outlast.
    addLab();
    ui::MainWindow window(m_core.get());
    QSignalSpy drawn(&window, &ui::MainWindow::firstFrameDrawn);
    struct Probe final : QObject
    {
        QSignalSpy *drawn = nullptr;
        int saidBeforePaint = -1;
        bool eventFilter(QObject *, QEvent *event) override
        {
            if (event->type() == QEvent::Paint && saidBeforePaint < 0)
                saidBeforePaint = int(drawn->size());
            return false;
        }
    } probe;
    probe.drawn = &drawn;
    window.installEventFilter(&probe);
    QTest::qWait(700); // longer than the timers this replaced: nothing happens before the window is shown
    QCOMPARE(drawn.size(), 0);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(drawn.size(), 1);
    QCOMPARE(probe.saidBeforePaint, 0);
    window.resize(window.size() + QSize(40, 40)); // more frames
    window.repaint();
    QTest::qWait(100);
    QCOMPARE(drawn.size(), 1);
    window.removeEventFilter(&probe);
}

void TestMainWindow::serverCheckOfTheTokenComesAfterTheFirstFrame()
{
    // An NMDC-shaped server (it has who-am-I) and a valid token for it in the cache.
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    test::SandboxFixture server(options);
    Environment env;
    env.name = QStringLiteral("runtime");
    env.baseUrl = server.baseUrl();
    env.profileName = QStringLiteral("nmdc");
    QVERIFY(m_core->environments()->add(env).ok());
    Credentials credentials;
    credentials.identity = server.clientId;
    credentials.secret = Secret::fromString(server.clientSecret);
    bool stored = false;
    m_core->credentials()->login(QStringLiteral("runtime"), credentials, true, this, [&](const LoginResult &result) {
        QVERIFY2(result.error.ok(), qPrintable(result.error.fullText()));
        stored = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(stored, 10000);
    m_window.reset();
    QTest::qWait(100);
    const quint64 before = server.api().stats().whoAmIRequests;

    // A window being built shows the token, and asks the server about it only once it is drawn.
    ui::MainWindow window(m_core.get());
    QCOMPARE(window.currentEnvironment(), QStringLiteral("runtime"));
    QVERIFY(window.tokenPanel());
    QTest::qWait(200);
    QCOMPARE(server.api().stats().whoAmIRequests, before);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(server.api().stats().whoAmIRequests, before + 1);
}

void TestMainWindow::buttonsUnderTheListAddAndRemove()
{
    addLab();
    QToolButton *add = nullptr;
    QToolButton *remove = nullptr;
    for (QToolButton *button : m_window->findChildren<QToolButton *>()) {
        if (button->text() == QStringLiteral("Add…"))
            add = button;
        else if (button->text() == QStringLiteral("Remove…"))
            remove = button;
    }
    QVERIFY(add && remove);
    QVERIFY(add->isVisible() && remove->isEnabled());
    QTRY_VERIFY(!add->icon().isNull() && !remove->icon().isNull());

    QTest::mouseClick(add, Qt::LeftButton);
    ui::AddEnvironmentDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<ui::AddEnvironmentDialog *>()) != nullptr && dialog->isVisible());
    dialog->reject();
    QTRY_VERIFY(m_window->findChild<ui::AddEnvironmentDialog *>() == nullptr);

    QTest::mouseClick(remove, Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>()) != nullptr && box->isVisible());
    QVERIFY2(box->text().contains(QLatin1String("Remove lab")), qPrintable(box->text()));
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(m_window->findChild<QMessageBox *>() == nullptr);
    QVERIFY(m_core->environments()->find(QStringLiteral("lab")));
    // Their short words stay when the action changes (its icon came, it was enabled again).
    QCOMPARE(add->text(), QStringLiteral("Add…"));
    QCOMPARE(remove->text(), QStringLiteral("Remove…"));
}

namespace {
/** Reads QObject::receivers(), which is protected, of any button (through a member pointer: no cast). */
class ButtonPeek : public QAbstractButton
{
public:
    static int listeners(const QAbstractButton *button)
    {
        constexpr auto receivers = &ButtonPeek::receivers; // of type int (QObject::*)(const char *) const
        return (button->*receivers)(SIGNAL(clicked(bool))) + (button->*receivers)(SIGNAL(toggled(bool)));
    }
};
} // namespace

void TestMainWindow::everyButtonIsWired()
{
    // A button someone presses does something: it is connected, carries an action, or opens a menu.
    loginLab();
    int checked = 0;
    auto checkButtons = [&checked](QWidget *root, const QString &where) {
        for (QAbstractButton *button : root->findChildren<QAbstractButton *>()) {
            // Check boxes and radio buttons hold a choice that is read when it is needed.
            if (!button->isVisible() || qobject_cast<QCheckBox *>(button) || qobject_cast<QRadioButton *>(button))
                continue;
            const auto *tool = qobject_cast<QToolButton *>(button);
            const auto *push = qobject_cast<QPushButton *>(button);
            const bool wired = ButtonPeek::listeners(button) > 0 || (tool && (tool->defaultAction() || tool->menu()))
                    || (push && push->menu());
            QVERIFY2(wired,
                     qPrintable(QStringLiteral("\"%1\" (%2) %3 is wired to nothing")
                                        .arg(button->text(), button->objectName(), where)));
            ++checked;
        }
    };
    for (int page = 0; page < 8; ++page) {
        m_window->showPage(ui::MainWindow::Page(page));
        checkButtons(m_window.get(), QStringLiteral("on page %1").arg(page + 1));
    }
    QVERIFY(checked > 20);
    m_window->addEnvironment(QStringLiteral("custom"));
    ui::AddEnvironmentDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<ui::AddEnvironmentDialog *>()) != nullptr && dialog->isVisible());
    checkButtons(dialog, QStringLiteral("in the Add dialog"));
    dialog->reject();
}

void TestMainWindow::messagesStayReadableOnADarkTheme()
{
    const QPalette light = QApplication::palette();
    QPalette dark = light;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    for (const QPalette &palette : {light, dark}) {
        for (const ui::Tone tone :
             {ui::Tone::Muted, ui::Tone::Info, ui::Tone::Success, ui::Tone::Warning, ui::Tone::Error}) {
            const double ratio = ui::contrastRatio(ui::toneColor(tone, palette), palette.color(QPalette::Window));
            QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("tone %1: contrast %2").arg(int(tone)).arg(ratio)));
            QVERIFY(ui::contrastRatio(palette.color(QPalette::WindowText), ui::toneBackground(tone, palette)) >= 4.5);
        }
    }
    // A message already shown takes the new theme's shade when the desktop switches.
    addLab();
    auto *message = new ui::MessageLabel(m_window.get());
    message->showError(QStringLiteral("x"));
    const QString lightStyle = message->styleSheet();
    QApplication::setPalette(dark);
    QTRY_VERIFY(message->styleSheet() != lightStyle);
    QVERIFY(message->styleSheet().contains(ui::toneColor(ui::Tone::Error, dark).name()));
    QApplication::setPalette(light);
}

void TestMainWindow::windowGeometryAndSplittersAreRemembered()
{
    addLab();
    m_window->resize(900, 600);
    auto *splitter = m_window->findChild<QSplitter *>(QStringLiteral("mainSplitter"));
    splitter->setSizes({300, 600});
    const QList<int> sizes = splitter->sizes();
    m_window->close();
    QVERIFY(QFile::exists(m_window->windowStateFile()));
    QCOMPARE(QFile::permissions(m_window->windowStateFile()) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    ui::MainWindow again(m_core.get());
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.size(), QSize(900, 600));
    QCOMPARE(again.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), sizes);
}

void TestMainWindow::trayWarnsAboutOverdueRotations()
{
    addLab();
    CredentialMetadata meta;
    meta.stored = true;
    meta.identity = m_sandbox->clientId;
    meta.fingerprint = QStringLiteral("hmac:00000000");
    meta.storedAt = meta.rotatedAt = m_core->clock()->now().addDays(-100);
    QVERIFY(m_core->credentials()->setMetadata(QStringLiteral("lab"), meta).ok());
    ui::TrayNotifier *tray = m_window->tray();
    const QStringList notes = tray->check();
    QCOMPARE(notes.size(), 1);
    QVERIFY2(notes.first().contains(QLatin1String("lab")) && notes.first().contains(QLatin1String("rotation")),
             qPrintable(notes.first()));
    QVERIFY(tray->check().isEmpty()); // told once, not every 30 s
}

namespace {

bool runGit(const QString &directory, const QStringList &arguments)
{
    QProcess git;
    git.setWorkingDirectory(directory);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("Test"));
    environment.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("Test"));
    environment.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("test@example.org"));
    environment.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("test@example.org"));
    git.setProcessEnvironment(environment);
    git.start(QStringLiteral("git"), arguments);
    return git.waitForFinished(30000) && git.exitCode() == 0;
}

void writeText(const QString &path, const QByteArray &text, QFile::Permissions permissions)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();
    QVERIFY(file.setPermissions(permissions));
}

/** Every text the findings list shows, tooltips included. */
QString shownText(const QTreeWidget *tree, const QLabel *details)
{
    QString all = details->text();
    for (int g = 0; g < tree->topLevelItemCount(); ++g) {
        const QTreeWidgetItem *group = tree->topLevelItem(g);
        all += group->text(0);
        for (int c = 0; c < group->childCount(); ++c) {
            for (int column = 0; column < 2; ++column)
                all += group->child(c)->text(column) + group->child(c)->toolTip(column);
        }
    }
    return all;
}

} // namespace

void TestMainWindow::hygieneFindsExposedSecretsAndOffersRemedies()
{
    loginLab();
    QTemporaryDir tree;
    const QString repo = tree.filePath(QStringLiteral("project"));
    QDir().mkpath(repo);
    QVERIFY(runGit(repo, {QStringLiteral("init"), QStringLiteral("-q")}));
    writeText(repo + QStringLiteral("/.env"), "CLIENT_SECRET=" + m_sandbox->clientSecret.toUtf8() + '\n',
              QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY(runGit(repo, {QStringLiteral("add"), QStringLiteral(".env")}));
    QVERIFY(runGit(repo, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("oops")}));
    const QString loose = tree.filePath(QStringLiteral("loose/.env"));
    writeText(loose, "PASSWORD=" + test::randomSecret().toUtf8() + '\n',
              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);

    m_window->showPage(ui::MainWindow::Page::Hygiene);
    ui::HygienePage *page = m_window->hygienePage();
    QSignalSpy finished(page, &ui::HygienePage::scanFinished);
    page->setFolder(tree.path());
    page->startScan();
    QVERIFY(page->isScanning()); // in the background: the event loop runs meanwhile
    QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("hygieneScan"))->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(page->report().findings.size(), 2);

    auto *findings = page->findChild<QTreeWidget *>(QStringLiteral("hygieneFindings"));
    QCOMPARE(findings->topLevelItemCount(), 2); // critical and high
    QVERIFY(findings->topLevelItem(0)->text(0).startsWith(QLatin1String("Critical")));
    QVERIFY(findings->topLevelItem(0)->child(0)->text(0).endsWith(QLatin1String("project/.env:1")));
    auto *details = page->findChild<QLabel *>(QStringLiteral("hygieneDetails"));
    QVERIFY2(details->text().contains(QLatin1String("equals the active secret of lab; tracked by git")),
             qPrintable(details->text()));
    QVERIFY(!shownText(findings, details).contains(m_sandbox->clientSecret));

    // The list warns about lab until its secret is rotated.
    const QModelIndex lab
            = m_window->environmentModel()->index(m_window->environmentModel()->rowOf(QStringLiteral("lab")));
    QCOMPARE(lab.data(ui::EnvironmentListModel::ExposedRole).toBool(), true);
    QCOMPARE(lab.data(ui::EnvironmentListModel::RotationTextRole).toString(), QStringLiteral("exposed in git"));
    QVERIFY(m_window->grab().save(test::screenshotDir() + QStringLiteral("/ui-hygiene.png")));

    // The world-readable file: one click makes it private, and the finding moves to its new place.
    const int looseIndex = page->report().findings.at(0).path == loose ? 0 : 1;
    page->selectFinding(looseIndex);
    auto *makePrivate
            = page->findChild<QPushButton *>(QStringLiteral("remedy%1").arg(int(Remedy::Action::RestrictPermissions)));
    QVERIFY(makePrivate);
    makePrivate->click();
    QCOMPARE(QFileInfo(loose).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QVERIFY(findings->topLevelItem(1)->text(0).startsWith(QLatin1String("Medium")));

    // Rotate… opens the Rotation tab of the environment whose secret it is.
    page->selectFinding(0);
    QVERIFY(page->report().findings.at(0).matches);
    QTRY_VERIFY(page->findChild<QPushButton *>(QStringLiteral("remedy%1").arg(int(Remedy::Action::Rotate))));
    page->findChild<QPushButton *>(QStringLiteral("remedy%1").arg(int(Remedy::Action::Rotate)))->click();
    QCOMPARE(m_window->currentPage(), ui::MainWindow::Page::Rotation);
    QCOMPARE(m_window->currentEnvironment(), QStringLiteral("lab"));

    // Once rotated, the secret in the file is not the active one any more: the warning goes.
    const QString rotated = test::randomSecret();
    m_sandbox->api().addClientSecret(m_sandbox->clientId, rotated);
    RotationRequest request;
    request.kind = RotationKind::Rotate;
    request.newSecret = Secret::fromString(rotated);
    auto *flow = new RotationFlow(m_core->rotationDeps(), QStringLiteral("lab"), request, m_core.get());
    bool rotatedOk = false;
    connect(flow, &RotationFlow::finished, this, [&](const RotationResult &result) { rotatedOk = result.error.ok(); });
    flow->start();
    QTRY_VERIFY_WITH_TIMEOUT(rotatedOk, 15000);
    QTRY_COMPARE(lab.data(ui::EnvironmentListModel::ExposedRole).toBool(), false);
}

void TestMainWindow::hygieneScanCanBeCancelled()
{
    loginLab();
    m_window->showPage(ui::MainWindow::Page::Hygiene);
    ui::HygienePage *page = m_window->hygienePage();
    QSignalSpy finished(page, &ui::HygienePage::scanFinished);
    page->setFolder(QDir::rootPath());
    page->startScan();
    page->cancelScan();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY(page->report().cancelled);
    QVERIFY(page->findChild<QPushButton *>(QStringLiteral("hygieneScan"))->isEnabled());
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("hygieneProgressText"))
                    ->text()
                    .startsWith(QLatin1String("Stopped")));
    // A folder that is not there is said, and nothing starts.
    page->setFolder(QDir::rootPath() + QStringLiteral("no-such-folder-here"));
    page->startScan();
    QVERIFY(!page->isScanning());
    QVERIFY(page->findChild<ui::MessageLabel *>()->text().contains(QLatin1String("is not a folder")));
}

void TestMainWindow::rotateOnTheServerThroughTheDialog()
{
    // An NMDC-shaped server, whose profile has the site administration endpoints.
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    test::SandboxFixture nmdc(options);
    nmdc.api().addSite(QString::fromLatin1(sandboxdemo::kSiteId), {nmdc.clientId});
    const auto add = [&](const QString &name, AuthMethod method) {
        Environment env;
        env.name = name;
        env.baseUrl = nmdc.baseUrl();
        env.profileName = QStringLiteral("nmdc");
        env.defaultMethod = method;
        QVERIFY(m_core->environments()->add(env).ok());
    };
    const auto store = [&](const QString &name, const Credentials &credentials) {
        bool done = false;
        m_core->credentials()->login(name, credentials, false, this, [&](const LoginResult &) { done = true; });
        QTRY_VERIFY(done);
    };
    add(QStringLiteral("site"), AuthMethod::ClientCredentials);
    add(QStringLiteral("admin"), AuthMethod::Password);
    Credentials client;
    client.identity = nmdc.clientId;
    client.secret = Secret::fromString(nmdc.clientSecret);
    store(QStringLiteral("site"), client);
    Credentials admin;
    admin.method = AuthMethod::Password;
    admin.identity = QString::fromLatin1(sandboxdemo::kUsername);
    admin.secret = Secret::fromString(QString::fromLatin1(sandboxdemo::kPassword));
    store(QStringLiteral("admin"), admin);
    const auto active = [&] {
        std::optional<Credentials> found;
        bool done = false;
        m_core->vault()->readCredentials(QStringLiteral("site"), SecretSlot::Active, this,
                                         [&](const KeychainError &, const std::optional<Credentials> &value) {
                                             found = value;
                                             done = true;
                                         });
        if (!QTest::qWaitFor([&] { return done; }, 10000))
            qFatal("keychain read did not answer");
        return found.value_or(Credentials{});
    };

    m_window->selectEnvironment(QStringLiteral("site"));
    m_window->showPage(ui::MainWindow::Page::Rotation);
    auto *onServer = m_window->rotationPage()->findChild<QPushButton *>(QStringLiteral("rotateOnServer"));
    QTRY_VERIFY(onServer->isEnabled());
    m_window->rotationPage()->openDialog(RotationKind::ResetOnServer);
    auto *dialog = m_window->rotationPage()->findChild<ui::RotationDialog *>();
    QVERIFY(dialog);
    auto *adminChoice = dialog->findChild<QComboBox *>(QStringLiteral("adminEnvironment"));
    QCOMPARE(adminChoice->currentData().toString(), QStringLiteral("admin")); // the stored administrator, offered
    QVERIFY(dialog->findChild<QLineEdit *>(QStringLiteral("adminPassword"))->echoMode() == QLineEdit::Password);

    // A user who administers nothing: the server's refusal in words, nothing changed.
    adminChoice->setCurrentIndex(0);
    dialog->findChild<QLineEdit *>(QStringLiteral("adminUser"))
            ->setText(QString::fromLatin1(sandboxdemo::kViewerUsername));
    dialog->findChild<QLineEdit *>(QStringLiteral("adminPassword"))
            ->setText(QString::fromLatin1(sandboxdemo::kViewerPassword));
    const Credentials before = active();
    dialog->start();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value(), 15000);
    QVERIFY(!dialog->result()->error.ok());
    auto *message = dialog->findChild<ui::MessageLabel *>(QStringLiteral("rotationMessage"));
    QVERIFY2(message->text().contains(QLatin1String("allowance")), qPrintable(message->text()));
    QCOMPARE(active().fingerprint(), before.fingerprint());

    // The stored administrator, a reset: the new secret works, the old one no longer does.
    adminChoice->setCurrentIndex(1);
    dialog->start();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value() && dialog->result()->error.ok(), 15000);
    const Credentials reset = active();
    QVERIFY(nmdc.api().acceptsClient(reset.identity, reset.secret.revealString()));
    QVERIFY(!nmdc.api().acceptsClient(before.identity, before.secret.revealString()));
    QVERIFY(dialog->findChild<QLineEdit *>(QStringLiteral("adminPassword"))->text().isEmpty());
    QVERIFY(dialog->grab().save(test::screenshotDir() + QStringLiteral("/ui-rotate-on-server.png")));
    dialog->accept();

    // A mint that retires the old client at once.
    m_window->rotationPage()->openDialog(RotationKind::MintOnServer);
    QTRY_VERIFY(m_window->rotationPage()->findChildren<ui::RotationDialog *>().size() == 1);
    dialog = m_window->rotationPage()->findChild<ui::RotationDialog *>();
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("serverMode"))->currentIndex(), 1);
    dialog->findChild<QComboBox *>(QStringLiteral("retireOld"))->setCurrentIndex(0);
    dialog->start();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value(), 15000);
    QVERIFY2(dialog->result()->error.ok(), qPrintable(dialog->result()->error.fullText()));
    QCOMPARE(dialog->result()->retiredClient, nmdc.clientId);
    const Credentials minted = active();
    QVERIFY(minted.identity != nmdc.clientId);
    QVERIFY(nmdc.api().acceptsClient(minted.identity, minted.secret.revealString()));
    QVERIFY(!nmdc.api().acceptsClient(reset.identity, reset.secret.revealString()));
    dialog->accept();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
