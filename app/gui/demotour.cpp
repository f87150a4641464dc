#include "demotour.h"

#include "addenvironmentdialog.h"
#include "diagnosepage.h"
#include "environmenteditor.h"
#include "hygienepage.h"
#include "mainwindow.h"
#include "messagelabel.h"
#include "rotationdialog.h"
#include "rotationpage.h"
#include "searchpage.h"
#include "welcomepage.h"

#include "coreservices.h"
#include "sandbox/sandboxoptions.h"

#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>

namespace bioepic::ui {

DemoTour::DemoTour(CoreServices *core, MainWindow *window, const QString &directory, QObject *parent)
    : QObject(parent)
    , m_core(core)
    , m_window(window)
    , m_directory(directory)
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (!m_ready || !m_ready())
            return;
        m_poll.stop();
        auto action = std::move(m_action);
        m_ready = nullptr;
        action();
    });
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(60'000);
    connect(&m_deadline, &QTimer::timeout, this, [this] { fail(QStringLiteral("the tour did not finish in 60 s")); });
}

void DemoTour::when(const Condition &ready, const std::function<void()> &action)
{
    m_ready = ready;
    m_action = action;
    m_poll.start();
}

bool DemoTour::save(QWidget *widget, const QString &fileName)
{
    const QString path = m_directory.filePath(fileName);
    if (!widget->grab().save(path)) {
        fail(QStringLiteral("cannot write %1").arg(path));
        return false;
    }
    m_saved.append(path);
    return true;
}

void DemoTour::fail(const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_poll.stop();
    m_deadline.stop();
    if (m_dialog)
        m_dialog->close();
    Q_EMIT finished(false, message);
}

void DemoTour::done()
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    Q_EMIT finished(true, QStringLiteral("saved %1 screenshots in %2").arg(m_saved.size()).arg(m_directory.path()));
}

void DemoTour::start(const QString &environment)
{
    m_environment = environment;
    if (!m_directory.mkpath(QStringLiteral("."))) {
        fail(QStringLiteral("cannot create %1").arg(m_directory.path()));
        return;
    }
    m_deadline.start();
    m_window->selectEnvironment(environment);
    m_window->showPage(MainWindow::Page::Token);
    when([this] { return m_window->isVisible() && m_core->tokens()->state(m_environment) == TokenState::Valid; },
         [this] { showToken(); });
}

void DemoTour::showToken()
{
    // 1. A live token on the token panel.
    if (!save(m_window, QStringLiteral("01-token.png")))
        return;
    m_window->showPage(MainWindow::Page::Credentials);
    when([] { return true; }, [this] { showCredentials(); });
}

void DemoTour::showCredentials()
{
    // 2. The credentials form, then 3. a wrong secret refused by the server, shown next to the field.
    if (!save(m_window, QStringLiteral("02-credentials.png")))
        return;
    auto *secret = m_window->findChild<QLineEdit *>(QStringLiteral("secret"));
    auto *saveButton = m_window->findChild<QPushButton *>(QStringLiteral("save"));
    auto *secretError = m_window->findChild<MessageLabel *>(QStringLiteral("secretError"));
    if (!secret || !saveButton || !secretError) {
        fail(QStringLiteral("the credentials form changed shape"));
        return;
    }
    secret->setText(QStringLiteral("not-the-secret"));
    saveButton->click();
    when([secretError] { return secretError->isVisible(); },
         [this, secret] {
             if (!save(m_window, QStringLiteral("03-wrong-secret.png")))
                 return;
             secret->clear();
             m_window->showPage(MainWindow::Page::Settings);
             when([] { return true; }, [this] { showSettings(); });
         });
}

void DemoTour::showSettings()
{
    // 4. The environment's settings, then 5. adding one with a plain-http URL: refused inline.
    if (!save(m_window, QStringLiteral("04-settings.png")))
        return;
    auto *dialog = new AddEnvironmentDialog(m_core, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    dialog->show();
    EnvironmentEditor *editor = dialog->editor();
    qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("name")))->setText(QStringLiteral("staging"));
    qobject_cast<QLineEdit *>(editor->fieldWidget(QStringLiteral("base_url")))
            ->setText(QStringLiteral("http://api.example.org"));
    dialog->accept(); // stays open: the URL is refused
    when([editor] { return !editor->problem(QStringLiteral("base_url")).isEmpty(); },
         [this, dialog] {
             if (!save(dialog, QStringLiteral("05-add-environment.png")))
                 return;
             dialog->reject();
             search();
         });
}

void DemoTour::search()
{
    // 6. A test search: Soil samples with a pH above 7, two pages of 25.
    m_window->showPage(MainWindow::Page::Search);
    SearchPage *page = m_window->searchPage();
    page->findChild<QPlainTextEdit *>(QStringLiteral("filter"))
            ->setPlainText(QStringLiteral("ecosystem: Soil\nph: {\"$gt\": 7}"));
    page->findChild<QLineEdit *>(QStringLiteral("fields"))->setText(QStringLiteral("name,ph,depth_m,habitat,tags"));
    auto searched = std::make_shared<bool>(false);
    connect(
            page, &SearchPage::searchFinished, this, [searched] { *searched = true; }, Qt::SingleShotConnection);
    page->run();
    when([searched] { return *searched; },
         [this] {
             if (!save(m_window, QStringLiteral("06-search.png")))
                 return;
             diagnose();
         });
}

void DemoTour::diagnose()
{
    // 7. The step-by-step diagnosis, with the redacted network log below it.
    m_window->showPage(MainWindow::Page::Diagnose);
    DiagnosePage *page = m_window->diagnosePage();
    auto diagnosed = std::make_shared<bool>(false);
    connect(
            page, &DiagnosePage::diagnosisFinished, this, [diagnosed] { *diagnosed = true; }, Qt::SingleShotConnection);
    page->run();
    when([diagnosed] { return *diagnosed; },
         [this, page] {
             if (auto *log = page->findChild<QTableView *>(QStringLiteral("networkLog"));
                 log && log->model()->rowCount() > 0)
                 log->selectRow(log->model()->rowCount() - 1);
             when([] { return true; },
                  [this] {
                      if (!save(m_window, QStringLiteral("07-diagnose.png")))
                          return;
                      rotate();
                  });
         });
}

void DemoTour::rotate()
{
    // 8. A verified rotation to the demo client's second secret, step by step.
    m_window->showPage(MainWindow::Page::Rotation);
    auto *dialog = new RotationDialog(m_core, m_environment, RotationKind::Rotate, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    dialog->show();
    dialog->findChild<QLineEdit *>(QStringLiteral("newSecret"))
            ->setText(QLatin1String(sandboxdemo::kRotatedClientSecret));
    dialog->start();
    when([dialog] { return dialog->result().has_value(); },
         [this, dialog] {
             if (!dialog->result()->error.ok()) {
                 fail(QStringLiteral("the demo rotation failed: ") + dialog->result()->error.message);
                 return;
             }
             if (!save(dialog, QStringLiteral("08-rotation.png")))
                 return;
             dialog->accept();
             // 9. The rotation page: age, rollback copy, history.
             when([] { return true; },
                  [this] {
                      if (!save(m_window, QStringLiteral("09-history.png")))
                          return;
                      // 10. Use from scripts: the exec and token commands for this environment.
                      m_window->showPage(MainWindow::Page::Scripts);
                      when([] { return true; },
                           [this] {
                               if (!save(m_window, QStringLiteral("10-scripts.png")))
                                   return;
                               // 11. A first run: no environment yet, the presets.
                               WelcomePage welcome;
                               welcome.resize(m_window->size());
                               if (!save(&welcome, QStringLiteral("11-first-run.png")))
                                   return;
                               hygiene();
                           });
                  });
         });
}

void DemoTour::hygiene()
{
    // 12. A secret scan of a project that still has the demo secret in a .env others can read,
    // a hard-coded literal in a script, and a harmless .env.example.
    const auto write = [this](const QString &name, const QByteArray &text, QFile::Permissions permissions) {
        QFile file(m_scanned.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            return false;
        file.close();
        return file.setPermissions(permissions);
    };
    const QFile::Permissions shared = QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther;
    if (!write(QStringLiteral(".env"),
               QByteArray("ENV=lab\nCLIENT_ID=demo-client\nCLIENT_SECRET=") + sandboxdemo::kRotatedClientSecret + '\n',
               shared)
        || !write(QStringLiteral("fetch.py"), "from bioepic import Api\napi = Api(client_secret=\"s3cr3t-in-code\")\n",
                  QFile::ReadOwner | QFile::WriteOwner)
        || !write(QStringLiteral(".env.example"), "ENV=\nCLIENT_ID=\nCLIENT_SECRET=\n", shared)) {
        fail(QStringLiteral("cannot write the folder to scan in %1").arg(m_scanned.path()));
        return;
    }
    m_window->showPage(MainWindow::Page::Hygiene);
    HygienePage *page = m_window->hygienePage();
    page->setFolder(m_scanned.path());
    page->startScan();
    when([page] { return !page->isScanning(); },
         [this] {
             if (!save(m_window, QStringLiteral("12-hygiene.png")))
                 return;
             m_window->showPage(MainWindow::Page::Token);
             when([] { return true; }, [this] { done(); });
         });
}

} // namespace bioepic::ui
