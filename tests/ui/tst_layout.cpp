// The GUI as a person sees it, measured: at 800×500 and 1280×800, on every page, no widget is drawn
// over a sibling, none is squeezed below the size it needs, no word-wrapped label is cut short,
// every input has a name a screen reader can say, and every menu action has a shortcut.
#include "addenvironmentdialog.h"
#include "coreservices.h"
#include "environmenteditor.h"
#include "fakesecretstore.h"
#include "hygienepage.h"
#include "mainwindow.h"
#include "rotationdialog.h"
#include "testsupport.h"

#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace bioepic;

namespace {

QString describe(const QWidget *widget)
{
    QString name = widget->objectName();
    if (auto *label = qobject_cast<const QLabel *>(widget))
        name += QStringLiteral(" \"%1\"").arg(label->text().left(40));
    return QStringLiteral("%1%2").arg(QString::fromLatin1(widget->metaObject()->className()),
                                      name.isEmpty() ? QString() : QLatin1Char(' ') + name);
}

/** The widgets a layout of @p parent places (nested layouts included): ours, not a Qt widget's insides. */
QList<QWidget *> laidOut(QLayout *layout)
{
    QList<QWidget *> widgets;
    if (!layout)
        return widgets;
    for (int i = 0; i < layout->count(); ++i) {
        QLayoutItem *item = layout->itemAt(i);
        if (QWidget *widget = item->widget())
            widgets.append(widget);
        else if (QLayout *inner = item->layout())
            widgets.append(laidOut(inner));
    }
    return widgets;
}

/** The least height a layout may give @p widget, as Qt's layouts compute it. */
int minimumHeight(const QWidget *widget)
{
    if (widget->minimumHeight() > 0)
        return widget->minimumHeight();
    const QSizePolicy::Policy policy = widget->sizePolicy().verticalPolicy();
    if (policy == QSizePolicy::Ignored)
        return 0;
    return (policy & QSizePolicy::ShrinkFlag) ? widget->minimumSizeHint().height() : widget->sizeHint().height();
}

/** Every problem a person would see in @p root as it is drawn now. */
QStringList layoutProblems(QWidget *root)
{
    QStringList problems;
    QList<QWidget *> parents{root};
    parents.append(root->findChildren<QWidget *>());
    for (QWidget *parent : std::as_const(parents)) {
        if (!parent->isVisible())
            continue;
        QList<QWidget *> children;
        for (QWidget *child : laidOut(parent->layout())) {
            if (child->isVisible() && child->parentWidget() == parent)
                children.append(child);
        }
        for (qsizetype i = 0; i < children.size(); ++i) {
            const QWidget *a = children.at(i);
            // Squeezed: a layout that cannot give a widget the room it needs draws it over its neighbours.
            if (a->hasHeightForWidth() && a->height() < a->heightForWidth(a->width()))
                problems.append(QStringLiteral("%1 is %2 px tall but needs %3 at width %4")
                                        .arg(describe(a))
                                        .arg(a->height())
                                        .arg(a->heightForWidth(a->width()))
                                        .arg(a->width()));
            else if (!a->hasHeightForWidth() && a->height() < minimumHeight(a))
                problems.append(QStringLiteral("%1 is %2 px tall, under its minimum %3")
                                        .arg(describe(a))
                                        .arg(a->height())
                                        .arg(minimumHeight(a)));
            if (auto *label = qobject_cast<const QLabel *>(a); label && !label->wordWrap() && !label->text().isEmpty()
                && label->width() < label->minimumSizeHint().width())
                problems.append(QStringLiteral("%1 is cut: %2 px for %3")
                                        .arg(describe(a))
                                        .arg(a->width())
                                        .arg(label->minimumSizeHint().width()));
            for (qsizetype j = i + 1; j < children.size(); ++j) {
                const QWidget *b = children.at(j);
                if (a->geometry().intersects(b->geometry()))
                    problems.append(QStringLiteral("%1 %2 overlaps %3 %4")
                                            .arg(describe(a), QVariant(a->geometry()).toString(), describe(b),
                                                 QVariant(b->geometry()).toString()));
            }
        }
    }
    return problems;
}

/** Inputs a screen reader cannot name. */
QStringList unnamedInputs(QWidget *root)
{
    QStringList unnamed;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        if (!widget->isVisible() || !widget->isEnabled())
            continue;
        const bool input = qobject_cast<QLineEdit *>(widget) || qobject_cast<QPlainTextEdit *>(widget)
                || qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractSpinBox *>(widget)
                || qobject_cast<QAbstractButton *>(widget) || qobject_cast<QAbstractItemView *>(widget);
        if (!input)
            continue;
        // A line edit inside a combo box or a spin box is named by its owner.
        if (qobject_cast<QLineEdit *>(widget)
            && (qobject_cast<QComboBox *>(widget->parentWidget())
                || qobject_cast<QAbstractSpinBox *>(widget->parentWidget())))
            continue;
        // Qt's own parts: a line edit's clear button (Qt names it nothing and keeps it out of the
        // focus chain; the field's own name covers it), the scroll buttons of a tab bar.
        if (auto *button = qobject_cast<QToolButton *>(widget);
            button && button->defaultAction() && button->defaultAction()->objectName().startsWith(QLatin1String("_q_")))
            continue;
        if (widget->objectName().startsWith(QLatin1String("qt_")) || !widget->parentWidget()
            || QString::fromLatin1(widget->parentWidget()->metaObject()->className()).startsWith(QLatin1String("QTab")))
            continue;
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
        if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty())
            unnamed.append(describe(widget));
    }
    return unnamed;
}

} // namespace

class TestLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void everyPageAtBothSizes_data();
    void everyPageAtBothSizes();
    void firstRunAtBothSizes_data();
    void firstRunAtBothSizes();
    void dialogsFitTheirContent();
    void everyActionHasAShortcut();

private:
    void loginLab();

    std::unique_ptr<test::SandboxFixture> m_sandbox;
    std::unique_ptr<test::TempHome> m_home;
    test::FakeSecretStore m_keychain;
    std::unique_ptr<CoreServices> m_core;
    std::unique_ptr<ui::MainWindow> m_window;
};

void TestLayout::initTestCase()
{
    m_sandbox = std::make_unique<test::SandboxFixture>();
    m_home = std::make_unique<test::TempHome>();
    CoreOptions options;
    options.settingsFile = m_home->settingsFile();
    options.stateFile = m_home->stateFile();
    options.keychainOverride = &m_keychain;
    m_core = std::make_unique<CoreServices>(options);
    m_window = std::make_unique<ui::MainWindow>(m_core.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestLayout::cleanupTestCase()
{
    m_window.reset();
    m_core.reset();
}

void TestLayout::loginLab()
{
    if (m_core->environments()->find(QStringLiteral("lab")))
        return;
    Environment env;
    env.name = QStringLiteral("lab");
    env.baseUrl = m_sandbox->baseUrl();
    QVERIFY(m_core->environments()->add(env).ok());
    Credentials credentials;
    credentials.identity = m_sandbox->clientId;
    credentials.secret = Secret::fromString(m_sandbox->clientSecret);
    bool done = false;
    m_core->credentials()->login(QStringLiteral("lab"), credentials, true, this,
                                 [&](const LoginResult &) { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    m_window->selectEnvironment(QStringLiteral("lab"));
    m_window->setBanner(
            QStringLiteral("A banner as the demo shows one, long enough to wrap on a small window: "
                           "sandbox API at http://127.0.0.1:12345, client demo-client, secret demo-secret."));
}

void TestLayout::everyPageAtBothSizes_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("page");
    const QStringList pages{QStringLiteral("token"),    QStringLiteral("credentials"), QStringLiteral("search"),
                            QStringLiteral("diagnose"), QStringLiteral("rotation"),    QStringLiteral("scripts"),
                            QStringLiteral("settings"), QStringLiteral("hygiene")};
    for (const QSize size : {QSize(800, 500), QSize(1280, 800)}) {
        for (int page = 0; page < pages.size(); ++page)
            QTest::addRow("%dx%d %s", size.width(), size.height(), qPrintable(pages.at(page))) << size << page;
    }
}

void TestLayout::everyPageAtBothSizes()
{
    QFETCH(QSize, size);
    QFETCH(int, page);
    loginLab();
    m_window->resize(size);
    m_window->showPage(ui::MainWindow::Page(page));
    if (page == int(ui::MainWindow::Page::Settings)) // the folded part too
        m_window->environmentEditor()->findChild<QToolButton *>(QStringLiteral("overridesToggle"))->setChecked(true);
    QTemporaryDir scanned;
    if (page == int(ui::MainWindow::Page::Hygiene)) { // with findings and their remedy rows showing
        QFile file(scanned.filePath(QStringLiteral("a-folder-with-a-long-name-for-the-list/.env")));
        QVERIFY(QDir().mkpath(QFileInfo(file).absolutePath()));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("CLIENT_SECRET=" + m_sandbox->clientSecret.toUtf8() + "\nPASSWORD=not-stored-anywhere\n");
        file.close();
        ui::HygienePage *hygiene = m_window->hygienePage();
        hygiene->setFolder(scanned.path());
        hygiene->startScan();
        QTRY_VERIFY_WITH_TIMEOUT(!hygiene->isScanning(), 20000);
        QCOMPARE(hygiene->report().findings.size(), 2);
    }
    QTest::qWait(50); // layouts settle on posted events
    QApplication::processEvents();
    QCOMPARE(m_window->size(), size); // the window accepts the size: nothing demands more
    const QStringList problems = layoutProblems(m_window.get());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    if (page == int(ui::MainWindow::Page::Search)) {
        // The room goes to the results, not to an empty filter box (it took 190 px of 800).
        const auto *filter = m_window->findChild<QPlainTextEdit *>(QStringLiteral("filter"));
        const auto *results = m_window->findChild<QAbstractItemView *>(QStringLiteral("results"));
        QVERIFY(filter && results);
        QVERIFY2(filter->height() <= filter->fontMetrics().lineSpacing() * 5 + 12,
                 qPrintable(QString::number(filter->height())));
        if (size.height() >= 800)
            QVERIFY2(results->height() >= 4 * filter->height(),
                     qPrintable(QStringLiteral("%1 vs %2").arg(results->height()).arg(filter->height())));
    }
    if (page == int(ui::MainWindow::Page::Diagnose) && size.width() >= 1280) {
        // Every column of the network log in sight, none behind a sideways scroll (it hid Request).
        const auto *log = m_window->findChild<QAbstractItemView *>(QStringLiteral("networkLog"));
        QVERIFY(log);
        QVERIFY2(log->horizontalScrollBar()->maximum() == 0,
                 qPrintable(QStringLiteral("scrolls by %1 px").arg(log->horizontalScrollBar()->maximum())));
    }
    const QStringList unnamed = unnamedInputs(m_window.get());
    QVERIFY2(unnamed.isEmpty(),
             qPrintable(QStringLiteral("no accessible name: ") + unnamed.join(QStringLiteral(", "))));
    QVERIFY(m_window->grab().save(QStringLiteral("%1/layout-%2x%3-page%4.png")
                                          .arg(test::screenshotDir())
                                          .arg(size.width())
                                          .arg(size.height())
                                          .arg(page + 1)));
}

void TestLayout::firstRunAtBothSizes_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("800x500") << QSize(800, 500);
    QTest::newRow("1280x800") << QSize(1280, 800);
}

void TestLayout::firstRunAtBothSizes()
{
    QFETCH(QSize, size);
    test::TempHome home;
    CoreOptions options;
    options.settingsFile = home.settingsFile();
    options.stateFile = home.stateFile();
    test::FakeSecretStore keychain;
    options.keychainOverride = &keychain;
    CoreServices core(options);
    ui::MainWindow window(&core);
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.isShowingWelcome());
    QApplication::processEvents();
    const QStringList problems = layoutProblems(&window);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY(unnamedInputs(&window).isEmpty());
}

void TestLayout::dialogsFitTheirContent()
{
    loginLab();
    ui::AddEnvironmentDialog add(m_core.get(), m_window.get());
    add.show();
    QVERIFY(QTest::qWaitForWindowExposed(&add));
    QStringList problems = layoutProblems(&add);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY2(unnamedInputs(&add).isEmpty(), qPrintable(unnamedInputs(&add).join(QStringLiteral(", "))));
    add.accept(); // with problems listed
    QApplication::processEvents();
    problems = layoutProblems(&add);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    add.reject();

    ui::RotationDialog rotation(m_core.get(), QStringLiteral("lab"), RotationKind::Rotate, m_window.get());
    rotation.show();
    QVERIFY(QTest::qWaitForWindowExposed(&rotation));
    problems = layoutProblems(&rotation);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY2(unnamedInputs(&rotation).isEmpty(), qPrintable(unnamedInputs(&rotation).join(QStringLiteral(", "))));
    rotation.findChild<QLineEdit *>(QStringLiteral("newSecret"))->setText(test::randomSecret()); // refused
    rotation.start();
    QTRY_VERIFY_WITH_TIMEOUT(rotation.result().has_value(), 10000);
    QTest::qWait(50);
    problems = layoutProblems(&rotation);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY(rotation.grab().save(test::screenshotDir() + QStringLiteral("/layout-rotation-failed.png")));
}

void TestLayout::everyActionHasAShortcut()
{
    for (QAction *menu : m_window->menuBar()->actions()) {
        for (QAction *action : menu->menu()->actions()) {
            if (action->isSeparator())
                continue;
            QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
        }
    }
}

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"
