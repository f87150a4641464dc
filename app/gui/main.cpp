// bioepic-credentials: the GUI. Composition root only: creates the core services and the main window.
#include "asyncdialogs.h"
#include "coreservices.h"
#include "demotour.h"
#include "keychain/memorystore.h"
#include "mainwindow.h"
#include "sandbox/demoenvironment.h"
#include "sandbox/sandboxapi.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    bioepic::setApplicationIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("BioEPIC Credentials"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/bioepic-credentials.svg")));
    QApplication::setDesktopFileName(QStringLiteral("org.bioepic.Credentials"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Manage BioEPIC API credentials in the OS keychain."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Start the sandbox API and a ready \"sandbox\" environment."));
    const QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                         QStringLiteral("With --demo: walk the demo, save screenshots in <dir>, quit."),
                                         QStringLiteral("dir"));
    const QCommandLineOption lifetime(QStringLiteral("token-lifetime"),
                                      QStringLiteral("With --demo: sandbox token lifetime in seconds (default 600)."),
                                      QStringLiteral("seconds"), QStringLiteral("600"));
    parser.addOptions({demo, screenshots, lifetime});
    parser.process(app);

    // The demo touches nothing of the user's: its settings, state and history live in a folder
    // removed at exit, its secrets in memory. The real keychain is for the user's own environments.
    const bool demoMode = parser.isSet(demo) || parser.isSet(screenshots);
    QTemporaryDir demoHome;
    bioepic::MemoryStore demoKeychain;
    bioepic::CoreOptions coreOptions = bioepic::CoreOptions::fromProcessEnvironment();
    if (demoMode) {
        coreOptions.settingsFile = demoHome.filePath(QStringLiteral("config/environments.json"));
        coreOptions.stateFile = demoHome.filePath(QStringLiteral("data/state.json"));
        coreOptions.historyDirectory = demoHome.filePath(QStringLiteral("data/history"));
        coreOptions.keychainOverride = &demoKeychain;
    }
    bioepic::CoreServices core(coreOptions);
    core.tokens()->setAutoRefresh(true);
    bioepic::ui::MainWindow window(&core);
    if (demoMode)
        window.setWindowTitle(QObject::tr("BioEPIC Credentials — demo"));
    window.show();
    window.showStartupReminder();

    const bool tour = parser.isSet(screenshots);
    if (!parser.isSet(demo) && !tour)
        return QApplication::exec();

    // Declared after the core and the window, so destroyed before them (the demo uses both), and
    // its sandbox thread ends before main() returns.
    auto demoEnvironment = std::make_unique<bioepic::DemoEnvironment>(core.environments(), core.credentials());
    auto *sandbox = demoEnvironment.get();
    std::unique_ptr<bioepic::ui::DemoTour> demoTour;
    if (tour)
        demoTour = std::make_unique<bioepic::ui::DemoTour>(&core, &window, parser.value(screenshots));
    auto *walk = demoTour.get();
    QObject::connect(
            sandbox, &bioepic::DemoEnvironment::ready, &window, [&window, sandbox, walk](const QString &name, bool) {
                window.selectEnvironment(name);
                window.setBanner(
                        QObject::tr("Demo: sandbox API at %1 — demo client \"%2\", secret \"%3\". Tokens live %4 s, "
                                    "so refresh and expiry happen while you watch. Nothing of yours is touched: the "
                                    "demo keeps its settings in a temporary folder and its secrets in memory.")
                                .arg(sandbox->host()->baseUrl().toString(),
                                     QLatin1String(bioepic::sandboxdemo::kClientId),
                                     QLatin1String(bioepic::sandboxdemo::kClientSecret))
                                .arg(sandbox->host()->api()->options().tokenLifetimeS));
                if (walk)
                    walk->start(name);
            });
    QObject::connect(sandbox, &bioepic::DemoEnvironment::failed, &window, [&window, tour](const bioepic::Error &error) {
        if (tour) {
            QTextStream(stderr) << "demo failed: " << error.fullText() << Qt::endl;
            QApplication::exit(1);
            return;
        }
        bioepic::ui::showAsync(&window, QObject::tr("Demo"), error.fullText(), QMessageBox::Critical);
    });
    if (walk) {
        QObject::connect(walk, &bioepic::ui::DemoTour::finished, &app, [](bool ok, const QString &message) {
            QTextStream(ok ? stdout : stderr) << (ok ? "" : "screenshot tour failed: ") << message << Qt::endl;
            QApplication::exit(ok ? 0 : 1);
        });
    }
    bioepic::SandboxOptions options;
    options.tokenLifetimeS = std::max(10, parser.value(lifetime).toInt());
    sandbox->start(options);
    return QApplication::exec();
}
