// The GUI offscreen: enter credentials, watch the token arrive with its expiry; wrong secrets and
// bad URLs are reported next to their fields; no model role shows a secret. Saves screenshots.
#include "clipboardguard.h"
#include "coreservices.h"
#include "credentials/rotationflow.h"
#include "credentialsform.h"
#include "diagnosepage.h"
#include "environmentdelegate.h"
#include "environmenteditor.h"
#include "environmentlistmodel.h"
#include "fakesecretstore.h"
#include "historymodel.h"
#include "importdotenvdialog.h"
#include "infobar.h"
#include "mainwindow.h"
#include "messagelabel.h"
#include "networklogmodel.h"
#include "rotationdialog.h"
#include "rotationpage.h"
#include "scriptspage.h"
#include "search/searchjob.h"
#include "searchpage.h"
#include "searchresultsmodel.h"
#include "testsupport.h"
#include "tokenpanel.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace bioepic;

namespace {

QString screenshotDir()
{
    const QString root = qEnvironmentVariable("BIOEPIC_TEST_OUTPUT", QDir::tempPath());
    const QString dir = root + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

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

private:
    void addLab();
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
    CoreOptions options;
    options.settingsFile = m_home->settingsFile();
    options.stateFile = m_home->stateFile();
    // The real keychain when there is one (scripts/test); otherwise a fake, so the UI is still tested.
    options.keychainService = test::randomSecret(QStringLiteral("bioepic-ui"));
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
    QVERIFY(m_window->grab().save(screenshotDir() + QStringLiteral("/ui-token.png")));

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
    QVERIFY(m_window->grab().save(screenshotDir() + QStringLiteral("/ui-wrong-secret.png")));
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
    QVERIFY(m_window->grab().save(screenshotDir() + QStringLiteral("/ui-no-keychain.png")));
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
    url->setText(QStringLiteral("http://api.example.org"));
    QVERIFY(!editor->save());
    QVERIFY(editor->errorLabel(QStringLiteral("base_url"))->isVisible());
    QVERIFY(editor->errorLabel(QStringLiteral("base_url"))->text().contains(QLatin1String("https")));
    QCOMPARE(m_core->environments()->find(QStringLiteral("lab"))->baseUrl, m_sandbox->baseUrl()); // unchanged
    auto *tokenPath = qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("token_path")));
    url->setText(m_sandbox->baseUrl().toString());
    tokenPath->setText(QStringLiteral("oauth/token"));
    QVERIFY(!editor->save());
    QVERIFY(editor->errorLabel(QStringLiteral("profile_overrides.token_path"))->isVisible());
    QVERIFY(tokenPath->isVisible()); // the folded overrides open to show the problem
    tokenPath->setText(QStringLiteral("/oauth/token"));
    QVERIFY(editor->save());
    QCOMPARE(m_core->environments()->find(QStringLiteral("lab"))->profile().tokenPath, QStringLiteral("/oauth/token"));
    QVERIFY(m_window->grab().save(screenshotDir() + QStringLiteral("/ui-settings.png")));
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
    QVERIFY(dialog->findChild<ui::MessageLabel *>(QStringLiteral("rotationMessage"))->isVisible());
    secret->setText(newSecret);
    dialog->start();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value(), 10000);
    QVERIFY2(dialog->result()->error.ok(), qPrintable(dialog->result()->error.fullText()));
    QVERIFY(secret->text().isEmpty()); // the typed secret does not stay in the widget
    QVERIFY(dialog->grab().save(screenshotDir() + QStringLiteral("/ui-rotation.png")));
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
    QVERIFY(m_window->grab().save(screenshotDir() + QStringLiteral("/ui-history.png")));
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
    QVERIFY(m_window->grab().save(screenshotDir() + QStringLiteral("/ui-overdue.png")));

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
    addLab();
    Credentials credentials;
    credentials.identity = m_sandbox->clientId;
    credentials.secret = Secret::fromString(m_sandbox->clientSecret);
    bool done = false;
    m_core->credentials()->login(QStringLiteral("lab"), credentials, false, this,
                                 [&](const LoginResult &) { done = true; });
    QTRY_VERIFY(done);
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
    page->findChild<QCheckBox *>()->setChecked(true); // all pages
    page->findChild<QSpinBox *>()->setValue(50);
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
    QVERIFY(m_window->grab().save(screenshotDir() + QStringLiteral("/ui-search.png")));

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
    page->setEnvironment(QStringLiteral("prod"));
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
    auto *checklist = page->findChild<QTreeWidget *>(QStringLiteral("checklist"));
    QCOMPARE(checklist->topLevelItemCount(), 9);
    QTreeWidgetItem *token = checklist->topLevelItem(6);
    QCOMPARE(token->data(0, Qt::AccessibleTextRole).toString(), QStringLiteral("fail"));
    QVERIFY(token->isExpanded()); // problems open by themselves
    QVERIFY(token->childCount() == 2);
    QVERIFY(token->child(1)->text(1).startsWith(QLatin1String("What to do:")));
    QCOMPARE(checklist->topLevelItem(7)->data(0, Qt::AccessibleTextRole).toString(), QStringLiteral("skipped"));
    auto *summary = page->findChild<QLabel *>(QStringLiteral("diagnosisSummary"));
    QVERIFY(summary->text().contains(QLatin1String("rejected the client secret")));

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
    log->selectRow(0);
    auto *detail = page->findChild<QPlainTextEdit *>(QStringLiteral("logDetail"));
    QVERIFY(detail->toPlainText().contains(QLatin1String("client_secret=<redacted>")));
    QVERIFY(!detail->toPlainText().contains(credentials.secret.revealString()));
    QVERIFY(m_window->grab().save(screenshotDir() + QStringLiteral("/ui-diagnose.png")));

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
    QVERIFY(m_window->grab().save(screenshotDir() + QStringLiteral("/ui-token-rejected.png")));

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
    QVERIFY(dialog->grab().save(screenshotDir() + QStringLiteral("/ui-import-dotenv.png")));

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
    QVERIFY(m_window->grab().save(screenshotDir() + QStringLiteral("/ui-scripts.png")));
    const QString example = project.filePath(QStringLiteral(".env.example"));
    page->saveTemplate(example);
    QFile written(example);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().contains("ENV=lab\nCLIENT_ID=\nCLIENT_SECRET=\n"));

    QCOMPARE(ui::shellQuoted(QStringLiteral("/opt/my apps/bioepic-cred")),
             QStringLiteral("'/opt/my apps/bioepic-cred'"));
    QCOMPARE(ui::shellQuoted(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
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
    m_window->selectEnvironment(QStringLiteral("prod"));
    answer(QMessageBox::Cancel);
    QCOMPARE(m_window->currentEnvironment(), QStringLiteral("lab")); // stayed, edits kept
    QCOMPARE(timeout->value(), 45);

    m_window->selectEnvironment(QStringLiteral("prod"));
    answer(QMessageBox::Discard);
    QCOMPARE(m_window->currentEnvironment(), QStringLiteral("prod"));
    QCOMPARE(m_core->environments()->find(QStringLiteral("lab"))->timeoutS, 30);

    m_window->selectEnvironment(QStringLiteral("lab"));
    timeout->setValue(50);
    m_window->selectEnvironment(QStringLiteral("prod"));
    answer(QMessageBox::Save);
    QCOMPARE(m_window->currentEnvironment(), QStringLiteral("prod"));
    QCOMPARE(m_core->environments()->find(QStringLiteral("lab"))->timeoutS, 50);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
