// bioepic-credentials: the GUI. Composition root only: creates the core services and the main window.
#include "asyncdialogs.h"
#include "coreservices.h"
#include "demoenvironment.h"
#include "demotour.h"
#include "keychain/memorystore.h"
#include "mainwindow.h"
#include "sandbox/sandboxoptions.h"
#include "theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTranslator>

#include <cstdio>
#include <memory>
#include <string_view>

namespace {

struct GuiOptions
{
    QCommandLineOption demo{QStringLiteral("demo"),
                            QObject::tr("Start the sandbox API and a ready \"sandbox\" environment.")};
    QCommandLineOption screenshots{QStringLiteral("screenshots"),
                                   QObject::tr("With --demo: walk the demo, save screenshots in <dir>, quit."),
                                   QObject::tr("dir")};
    QCommandLineOption lifetime{
            QStringLiteral("token-lifetime"),
            QObject::tr("With --demo: sandbox token lifetime in seconds, 10 to 2592000 (default 600)."),
            QObject::tr("seconds"), QStringLiteral("600")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(QObject::tr("Manage BioEPIC API credentials in the OS keychain."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({demo, screenshots, lifetime});
    }
};

/** --help or --version: answered without a window, so without a display too. */
bool asksForInformationOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument(argv[i]);
        if (argument == "--help" || argument == "-h" || argument == "--help-all" || argument == "--version"
            || argument == "-v")
            return true;
    }
    return false;
}

/** Whether a window can be opened; Qt itself aborts when it cannot. */
bool hasDisplay()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY")
            || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    if (asksForInformationOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        bioepic::setApplicationIdentity();
        QCommandLineParser parser;
        GuiOptions().addTo(parser);
        parser.process(app); // prints and exits
        return 0;
    }
    if (!hasDisplay()) {
        std::fputs("bioepic-credentials: there is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are "
                   "not set).\nRun it in a desktop session. Without one, bioepic-cred does everything on the command "
                   "line, and QT_QPA_PLATFORM=offscreen runs the GUI unseen (as scripts/demo does).\n",
                   stderr);
        return 1;
    }
    QApplication app(argc, argv);
    bioepic::setApplicationIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("BioEPIC Credentials"));
    QApplication::setDesktopFileName(QStringLiteral("org.bioepic.Credentials"));
    // The user's language when there is a translation; else English, whose file holds the plural
    // forms ("1 record", "2 records").
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("bioepic-credentials"), QStringLiteral("_"),
                        QStringLiteral(":/translations"))
        || translator.load(QStringLiteral(":/translations/bioepic-credentials_en")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    const GuiOptions options;
    options.addTo(parser);
    parser.process(app);
    const QCommandLineOption &demo = options.demo;
    const QCommandLineOption &screenshots = options.screenshots;
    const QCommandLineOption &lifetime = options.lifetime;
    // The sandbox's own bounds, but at least 10 s, so the refresh point is more than a blink away.
    constexpr int kMinLifetimeS = 10, kMaxLifetimeS = 30 * 86400;
    bool lifetimeOk = false;
    const int tokenLifetimeS = parser.value(lifetime).toInt(&lifetimeOk);
    if (!lifetimeOk || tokenLifetimeS < kMinLifetimeS || tokenLifetimeS > kMaxLifetimeS) {
        QTextStream(stderr) << "bioepic-credentials: --token-lifetime: \"" << parser.value(lifetime)
                            << "\" must be a whole number of seconds from " << kMinLifetimeS << " to " << kMaxLifetimeS
                            << "." << Qt::endl;
        return 2;
    }

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
    bioepic::ui::MainWindow window(&core);
    // Once the window is on screen: the icon (decoding it costs about 3 ms, ui/theme.h), renewing
    // a token that is due (the keychain and the server: a token due at start is renewed then, not
    // before the window is drawn), and from then on what scripts write (a new token, an
    // environment) shows up here as they write it.
    QObject::connect(&window, &bioepic::ui::MainWindow::firstFrameDrawn, &core, [&core] {
        QApplication::setWindowIcon(bioepic::ui::applicationIcon());
        core.followOtherProcesses();
        core.tokens()->setAutoRefresh(true);
    });
    if (demoMode)
        window.setWindowTitle(QObject::tr("BioEPIC Credentials — demo"));
    window.show();
    window.showStartupReminder();

    const bool tour = parser.isSet(screenshots);
    if (!parser.isSet(demo) && !tour)
        return QApplication::exec();

    // Declared after the core and the window, so destroyed before them (the demo uses both), and
    // its sandbox program stopped before main() returns.
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
                        QObject::tr("Demo on a sandbox API at %1: client \"%2\", secret \"%3\"; tokens live %4 s. "
                                    "Nothing of yours is touched: settings in a temporary folder, secrets in memory.")
                                .arg(sandbox->baseUrl().toString(), QLatin1String(bioepic::sandboxdemo::kClientId),
                                     QLatin1String(bioepic::sandboxdemo::kClientSecret))
                                .arg(sandbox->tokenLifetimeS()));
                if (walk)
                    walk->start(name);
            });
    // The screenshot tour cannot go on without its sandbox: it says why and fails.
    const auto endTour = [](const QString &message) {
        QTextStream(stderr) << "demo failed: " << message << Qt::endl;
        QApplication::exit(1);
    };
    QObject::connect(
            sandbox, &bioepic::DemoEnvironment::failed, &window, [&window, tour, endTour](const bioepic::Error &error) {
                if (tour)
                    endTour(error.fullText());
                else
                    bioepic::ui::showAsync(&window, QObject::tr("Demo"), error.fullText(), QMessageBox::Critical);
            });
    QObject::connect(sandbox, &bioepic::DemoEnvironment::stopped, &window,
                     [&window, tour, endTour](const QString &message) {
                         if (tour)
                             endTour(message);
                         else
                             window.setBanner(message);
                     });
    if (walk) {
        QObject::connect(walk, &bioepic::ui::DemoTour::finished, &app, [](bool ok, const QString &message) {
            QTextStream(ok ? stdout : stderr) << (ok ? "" : "screenshot tour failed: ") << message << Qt::endl;
            QApplication::exit(ok ? 0 : 1);
        });
    }
    sandbox->start(tokenLifetimeS);
    return QApplication::exec();
}
