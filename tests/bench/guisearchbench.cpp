// The Search page under load, measured from inside: every page of a large collection streaming into
// the table (100 records a page by default), as a person would run it in the GUI. The sandbox runs
// as its own process (bioepic-cred sandbox, beside this program's build), so that what is measured
// here is the GUI alone.
// Prints one JSON line: the main thread's CPU for the ingestion, the worst stall of the UI thread
// (a 10 ms timer that notes how late it fires), the time and the worst stall of a sort by a numeric
// column, the process's peak RSS, and the bytes of JSON received. tests/bench/run compares the CPU
// with bioepic-cred's for the same search.
//   guisearchbench [--records N] [--page-size N] [--cred PATH/TO/bioepic-cred]
#include "coreservices.h"
#include "keychain/memorystore.h"
#include "mainwindow.h"
#include "sandbox/sandboxoptions.h"
#include "searchpage.h"
#include "searchresultsmodel.h"

#include <QApplication>
#include <QCheckBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <ctime>
#include <malloc.h>
#include <sys/resource.h>

namespace {

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double threadCpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

/** A line of /proc/self/status in KiB: "VmRSS" now, "VmHWM" at the peak. */
qint64 memoryKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field)) + 1).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

/** How late a 10 ms timer fires: the longest the UI thread was busy with something else. */
class StallProbe : public QObject
{
public:
    StallProbe()
    {
        m_timer.setInterval(10);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 late = m_clock.restart() - 10;
            m_worst = std::max(m_worst, late);
        });
    }
    void start()
    {
        m_worst = 0;
        m_clock.start();
        m_timer.start();
    }
    qint64 stop()
    {
        m_timer.stop();
        return m_worst;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_worst = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    bioepic::setApplicationIdentity();
    QCommandLineParser parser;
    const QCommandLineOption records(QStringLiteral("records"), QStringLiteral("Records in the collection."),
                                     QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption pageSize(QStringLiteral("page-size"), QStringLiteral("Records per page."),
                                      QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption cred(QStringLiteral("cred"), QStringLiteral("The bioepic-cred that runs the sandbox."),
                                  QStringLiteral("PATH"),
                                  QCoreApplication::applicationDirPath() + QStringLiteral("/../bin/bioepic-cred"));
    parser.addOptions({records, pageSize, cred});
    parser.addHelpOption();
    parser.process(app);

    QTemporaryDir home;
    bioepic::MemoryStore keychain;
    bioepic::CoreOptions options;
    options.settingsFile = home.filePath(QStringLiteral("config/environments.json"));
    options.stateFile = home.filePath(QStringLiteral("data/state.json"));
    options.historyDirectory = home.filePath(QStringLiteral("data/history"));
    options.keychainOverride = &keychain;
    bioepic::CoreServices core(options);
    bioepic::ui::MainWindow window(&core);
    window.resize(1280, 800);
    window.show();

    StallProbe probe;
    double cpuBefore = 0;
    double processCpuBefore = 0;
    qint64 rssBefore = 0;
    const auto ready = [&](const QString &name) {
        window.selectEnvironment(name);
        window.showPage(bioepic::ui::MainWindow::Page::Search);
        bioepic::ui::SearchPage *page = window.searchPage();
        page->findChild<QPlainTextEdit *>(QStringLiteral("filter"))->clear();
        page->findChild<QSpinBox *>(QStringLiteral("pageSize"))->setValue(parser.value(pageSize).toInt());
        page->findChild<QCheckBox *>(QStringLiteral("allPages"))->setChecked(true);
        page->findChild<QSpinBox *>(QStringLiteral("maxPages"))->setValue(0);
        QObject::connect(
                page, &bioepic::ui::SearchPage::searchFinished, &app,
                [&, page](const bioepic::SearchOutcome &outcome) {
                    const double ingestCpu = threadCpuSeconds() - cpuBefore;
                    const double ingestProcessCpu = processCpuSeconds() - processCpuBefore;
                    const qint64 ingestStall = probe.stop();
                    if (!outcome.ok()) {
                        QTextStream(stderr) << "search failed: " << outcome.error.fullText() << Qt::endl;
                        QApplication::exit(1);
                        return;
                    }
                    // A sort by a numeric column, as a click on its header does.
                    auto *table = page->findChild<QTableView *>(QStringLiteral("results"));
                    const int column = int(page->resultsModel()->columns().indexOf(QStringLiteral("ph")));
                    probe.start();
                    QElapsedTimer sortClock;
                    sortClock.start();
                    table->sortByColumn(column, Qt::DescendingOrder);
                    const qint64 sortMs = sortClock.elapsed();
                    QTimer::singleShot(200, &app, [&, page, outcome, ingestCpu, ingestProcessCpu, ingestStall, sortMs] {
                        const qint64 sortStall = probe.stop();
                        const QJsonObject result{
                                {QStringLiteral("records"), double(outcome.totals.records)},
                                {QStringLiteral("pages"), outcome.totals.pages},
                                {QStringLiteral("json_bytes"), double(outcome.totals.bytes)},
                                {QStringLiteral("model_bytes"), double(page->resultsModel()->bytesHeld())},
                                {QStringLiteral("ingest_wall_s"), double(outcome.totals.elapsedMs) / 1000},
                                {QStringLiteral("ingest_cpu_s"), ingestCpu},
                                {QStringLiteral("ingest_process_cpu_s"), ingestProcessCpu},
                                {QStringLiteral("worst_stall_ms"), double(ingestStall)},
                                {QStringLiteral("sort_ms"), double(sortMs)},
                                {QStringLiteral("sort_stall_ms"), double(sortStall)},
                                {QStringLiteral("rss_before_kb"), double(rssBefore)},
                                {QStringLiteral("rss_kb"), double(memoryKb("VmRSS"))},
                                {QStringLiteral("rss_trimmed_kb"), double((malloc_trim(0), memoryKb("VmRSS")))},
                                {QStringLiteral("peak_rss_kb"), double(memoryKb("VmHWM"))},
                        };
                        QTextStream(stdout) << QJsonDocument(result).toJson(QJsonDocument::Compact) << Qt::endl;
                        QApplication::exit(0);
                    });
                },
                Qt::SingleShotConnection);
        rssBefore = memoryKb("VmRSS");
        cpuBefore = threadCpuSeconds();
        processCpuBefore = processCpuSeconds();
        probe.start();
        page->run();
    };

    QProcess sandbox;
    sandbox.setProgram(parser.value(cred));
    sandbox.setArguments({QStringLiteral("sandbox"), QStringLiteral("--records"), parser.value(records),
                          QStringLiteral("--token-lifetime"), QStringLiteral("3600")});
    sandbox.setProcessChannelMode(QProcess::SeparateChannels);
    QObject::connect(&sandbox, &QProcess::readyReadStandardOutput, &window, [&] {
        if (!sandbox.canReadLine())
            return;
        bioepic::Environment env;
        env.name = QStringLiteral("bench");
        env.baseUrl = QUrl(QString::fromUtf8(sandbox.readLine().trimmed()));
        if (const bioepic::Error error = core.environments()->add(env); !error.ok()) {
            QTextStream(stderr) << error.fullText() << Qt::endl;
            QApplication::exit(1);
            return;
        }
        bioepic::Credentials demo;
        demo.identity = QLatin1String(bioepic::sandboxdemo::kClientId);
        demo.secret = bioepic::Secret(QByteArray(bioepic::sandboxdemo::kClientSecret));
        core.credentials()->login(
                env.name, demo, false, &window, [&, name = env.name](const bioepic::LoginResult &result) {
                    if (!result.error.ok()) {
                        QTextStream(stderr) << "login failed: " << result.error.fullText() << Qt::endl;
                        QApplication::exit(1);
                        return;
                    }
                    ready(name);
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
