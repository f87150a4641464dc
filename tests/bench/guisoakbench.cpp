// Soak: many token refreshes in a running GUI, with the token panel on screen, against the sandbox
// (its own process, 1-second tokens), through the real keychain when there is one (tests/bench/run
// provides a private one). Prints one JSON line: RSS and open file descriptors after the first
// 100 refreshes, when the network log is full, after the last, and every 250. The network log keeps
// the last 1,000 requests: memory grows until it is full, and must not after; hence 3,000 by default.
//   guisoakbench [--refreshes N] [--cred PATH/TO/bioepic-cred]
#include "auth/tokenservice.h"
#include "coreservices.h"
#include "keychain/memorystore.h"
#include "mainwindow.h"
#include "sandbox/sandboxoptions.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

namespace {

qint64 rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

qint64 openFiles()
{
    return QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size();
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    bioepic::setApplicationIdentity();
    QCommandLineParser parser;
    const QCommandLineOption refreshes(QStringLiteral("refreshes"), QStringLiteral("Token refreshes."),
                                       QStringLiteral("N"), QStringLiteral("3000"));
    const QCommandLineOption cred(QStringLiteral("cred"), QStringLiteral("The bioepic-cred that runs the sandbox."),
                                  QStringLiteral("PATH"),
                                  QCoreApplication::applicationDirPath() + QStringLiteral("/../bin/bioepic-cred"));
    const QCommandLineOption memory(
            QStringLiteral("memory-keychain"),
            QStringLiteral("Keep secrets in memory instead (tells the keychain's share apart)."));
    parser.addOptions({refreshes, cred, memory});
    parser.addHelpOption();
    parser.process(app);

    QTemporaryDir home;
    bioepic::CoreOptions options = bioepic::CoreOptions::fromProcessEnvironment();
    options.settingsFile = home.filePath(QStringLiteral("config/environments.json"));
    options.stateFile = home.filePath(QStringLiteral("data/state.json"));
    options.historyDirectory = home.filePath(QStringLiteral("data/history"));
    bioepic::MemoryStore memoryKeychain;
    if (parser.isSet(memory))
        options.keychainOverride = &memoryKeychain;
    bioepic::CoreServices core(options);
    // As the GUI runs: every refresh rewrites state.json, which it then reads again.
    core.followOtherProcesses();
    core.tokens()->setAutoRefresh(true);
    bioepic::ui::MainWindow window(&core);
    window.resize(1040, 700);
    window.show();

    const int total = parser.value(refreshes).toInt();
    int done = 0;
    QJsonObject result{{QStringLiteral("refreshes"), total}};
    QJsonArray rssSeries;
    QJsonArray fdSeries;
    std::function<void()> refreshOnce;
    refreshOnce = [&] {
        core.tokens()->requestToken(QStringLiteral("soak"), bioepic::TokenService::Freshness::ForceRefresh, &window,
                                    [&](const bioepic::TokenResult &token) {
                                        if (!token.ok()) {
                                            QTextStream(stderr) << "refresh " << done
                                                                << " failed: " << token.error.fullText() << Qt::endl;
                                            QApplication::exit(1);
                                            return;
                                        }
                                        ++done;
                                        if (done % 250 == 0) {
                                            rssSeries.append(double(rssKb()));
                                            fdSeries.append(double(openFiles()));
                                        }
                                        if (done == 100) {
                                            result.insert(QStringLiteral("rss_kb_after_100"), double(rssKb()));
                                            result.insert(QStringLiteral("fds_after_100"), double(openFiles()));
                                        }
                                        if (done == core.networkLog()->capacity()) {
                                            result.insert(QStringLiteral("rss_kb_log_full"), double(rssKb()));
                                            result.insert(QStringLiteral("fds_log_full"), double(openFiles()));
                                        }
                                        if (done == total) {
                                            result.insert(QStringLiteral("rss_kb_at_end"), double(rssKb()));
                                            result.insert(QStringLiteral("fds_at_end"), double(openFiles()));
                                            result.insert(QStringLiteral("keychain"), core.keychain()->backendName());
                                            result.insert(QStringLiteral("rss_kb_every_250"), rssSeries);
                                            result.insert(QStringLiteral("fds_every_250"), fdSeries);
                                            QTextStream(stdout)
                                                    << QJsonDocument(result).toJson(QJsonDocument::Compact) << Qt::endl;
                                            QApplication::exit(0);
                                            return;
                                        }
                                        QTimer::singleShot(0, &window, refreshOnce);
                                    });
    };

    QProcess sandbox;
    sandbox.setProgram(parser.value(cred));
    sandbox.setArguments({QStringLiteral("sandbox"), QStringLiteral("--token-lifetime"), QStringLiteral("1")});
    QObject::connect(&sandbox, &QProcess::readyReadStandardOutput, &window, [&] {
        if (!sandbox.canReadLine())
            return;
        bioepic::Environment env;
        env.name = QStringLiteral("soak");
        env.baseUrl = QUrl(QString::fromUtf8(sandbox.readLine().trimmed()));
        env.refreshBufferS = 0;
        if (const bioepic::Error error = core.environments()->add(env); !error.ok()) {
            QTextStream(stderr) << error.fullText() << Qt::endl;
            QApplication::exit(1);
            return;
        }
        window.selectEnvironment(env.name);
        bioepic::Credentials demo;
        demo.identity = QLatin1String(bioepic::sandboxdemo::kClientId);
        demo.secret = bioepic::Secret(QByteArray(bioepic::sandboxdemo::kClientSecret));
        core.credentials()->login(env.name, demo, false, &window, [&](const bioepic::LoginResult &login) {
            if (!login.error.ok()) {
                QTextStream(stderr) << "login failed: " << login.error.fullText() << Qt::endl;
                QApplication::exit(1);
                return;
            }
            window.showPage(bioepic::ui::MainWindow::Page::Token);
            refreshOnce();
        });
    });
    sandbox.start();
    if (!sandbox.waitForStarted()) {
        QTextStream(stderr) << "cannot start " << parser.value(cred) << Qt::endl;
        return 1;
    }
    const int status = QApplication::exec();
    sandbox.terminate();
    sandbox.waitForFinished();
    return status;
}
