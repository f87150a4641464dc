// bioepic-credentials: the GUI. Composition root only: creates the core services and the main window.
#include "asyncdialogs.h"
#include "coreservices.h"
#include "demotour.h"
#include "mainwindow.h"
#include "sandbox/demoenvironment.h"
#include "sandbox/sandboxapi.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
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

    bioepic::CoreServices core(bioepic::CoreOptions::fromProcessEnvironment());
    core.tokens()->setAutoRefresh(true);
    bioepic::ui::MainWindow window(&core);
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
            sandbox, &bioepic::DemoEnvironment::ready, &window,
            [&window, sandbox, walk](const QString &name, bool sessionOnly) {
                window.selectEnvironment(name);
                window.setBanner(
                        QObject::tr("Demo: sandbox API at %1 — demo client \"%2\", secret \"%3\"%4. Tokens live %5 s, "
                                    "so refresh and expiry happen while you watch.")
                                .arg(sandbox->host()->baseUrl().toString(),
                                     QLatin1String(bioepic::sandboxdemo::kClientId),
                                     QLatin1String(bioepic::sandboxdemo::kClientSecret),
                                     sessionOnly ? QObject::tr(" (no keychain here: kept in memory for this session)")
                                                 : QString())
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
