// bioepic-cred scan: find credentials still written in plain text (.env files, scripts, notebooks).
#include "cliapp.h"
#include "command.h"
#include "coreservices.h"

#include "common/servertext.h"
#include "hygiene/secretscanjob.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace bioepic::cli {

namespace {

QJsonObject findingJson(const ScanFinding &finding)
{
    QJsonArray remedies;
    for (const Remedy &remedy : remediesFor(finding)) {
        QJsonObject entry{{QStringLiteral("text"), remedy.text}};
        if (!remedy.command.isEmpty())
            entry.insert(QStringLiteral("command"), remedy.command);
        remedies.append(entry);
    }
    QJsonObject json{
            {QStringLiteral("path"), finding.path},
            {QStringLiteral("line"), finding.line},
            {QStringLiteral("variable"), finding.variable},
            {QStringLiteral("file_kind"), fileKindName(finding.fileKind)},
            {QStringLiteral("severity"), severityName(finding.severity())},
            {QStringLiteral("matches"),
             finding.matches ? QJsonValue(QJsonObject{{QStringLiteral("environment"), finding.matches.environment},
                                                      {QStringLiteral("slot"), slotName(finding.matches.slot)}})
                             : QJsonValue()},
            {QStringLiteral("git"), gitStateName(finding.git)},
            {QStringLiteral("in_history"), finding.inHistory},
            {QStringLiteral("commit"), finding.inHistory ? QJsonValue(finding.commit) : QJsonValue()},
            {QStringLiteral("repository"),
             finding.repository.isEmpty() ? QJsonValue() : QJsonValue(finding.repository)},
            {QStringLiteral("mode"),
             finding.mode < 0 ? QJsonValue()
                              : QJsonValue(QStringLiteral("%1").arg(finding.mode, 4, 8, QLatin1Char('0')))},
            {QStringLiteral("readable_by_others"), finding.readableByOthers()},
            {QStringLiteral("reasons"), QJsonArray::fromStringList(finding.reasons())},
            {QStringLiteral("remedies"), remedies},
    };
    return json;
}

/** The safe remedies, done: permissions narrowed, files nobody should commit ignored. */
QStringList applyFixes(const QList<ScanFinding> &findings)
{
    QStringList done;
    QSet<QString> handled;
    for (const ScanFinding &finding : findings) {
        if (finding.git == GitState::HistoryOnly || handled.contains(finding.path))
            continue;
        handled.insert(finding.path);
        QString error;
        if (finding.readableByOthers()) {
            done << (restrictToOwner(finding.path, &error)
                             ? QStringLiteral("made %1 readable by you alone").arg(escapeServerText(finding.path))
                             : error);
        }
        if (finding.fileKind == SecretFileKind::Dotenv
            && (finding.git == GitState::Untracked || finding.git == GitState::Tracked)) {
            done << (addToGitignore(finding.path, &error)
                             ? QStringLiteral("added %1 to the .gitignore beside it")
                                       .arg(escapeServerText(QFileInfo(finding.path).fileName()))
                             : error);
        }
    }
    return done;
}

void printText(CliApp &app, const ScanReport &report)
{
    QTextStream &out = app.out();
    for (const ScanFinding &finding : report.findings) {
        // Paths and names come from files anyone could have written: escaped for the terminal.
        out << severityName(finding.severity()).toUpper().leftJustified(9) << escapeServerText(finding.path);
        if (finding.line > 0)
            out << ':' << finding.line;
        if (!finding.variable.isEmpty())
            out << "  " << escapeServerText(finding.variable);
        out << "\n         " << escapeServerText(finding.reasons().join(QStringLiteral("; "))) << '\n';
        for (const Remedy &remedy : remediesFor(finding)) {
            out << "         → " << remedy.text;
            if (!remedy.command.isEmpty())
                out << ": " << escapeServerText(remedy.command);
            out << '\n';
        }
    }
    const ScanStatistics &s = report.statistics;
    QMap<Severity, int> counts;
    for (const ScanFinding &finding : report.findings)
        ++counts[finding.severity()];
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << QStringLiteral("%1 %2").arg(it.value()).arg(severityName(it.key()));
    out << (report.findings.isEmpty() ? QStringLiteral("No credentials in plain text")
                                      : QStringLiteral("%1 finding%2 (%3)")
                                                .arg(report.findings.size())
                                                .arg(report.findings.size() == 1 ? QString() : QStringLiteral("s"))
                                                .arg(parts.join(QStringLiteral(", "))))
        << QStringLiteral(" in %1 files, %2 directories; %3 read (%4 s).")
                    .arg(s.files)
                    .arg(s.directories)
                    .arg(s.read)
                    .arg(double(s.elapsedMs) / 1000, 0, 'f', 1)
        << Qt::endl;
}

} // namespace

QList<Command> scanCommands()
{
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("{\"roots\", \"complete\", \"findings\": [{\"path\", \"line\", "
                                                 "\"variable\", \"file_kind\", \"severity\", \"matches\", \"git\", "
                                                 "\"in_history\", \"commit\", \"mode\", \"reasons\", \"remedies\"}], "
                                                 "\"statistics\", \"warnings\"}."));
    const QCommandLineOption fix(QStringLiteral("fix"),
                                 QStringLiteral("Also do the safe remedies: chmod 600 files others can read, and add "
                                                ".env files git could commit to the .gitignore beside them."));
    const QCommandLineOption depth(QStringLiteral("max-depth"),
                                   QStringLiteral("Directories below each PATH to go into (default 16)."),
                                   QStringLiteral("N"), QStringLiteral("16"));
    Command scan;
    scan.path = {QStringLiteral("scan")};
    scan.arguments = QStringLiteral("[PATH...]");
    scan.maxArguments = 1000;
    scan.summary = QStringLiteral("find credentials still in plain text: .env files, scripts, notebooks, git history");
    scan.description = QStringLiteral(
            "Walks each PATH (default: your home directory) for .env files (.env, .env.*, *.env) that assign "
            "CLIENT_SECRET, PASSWORD and their PROD_/DEV_ variants, for Python files and Jupyter notebooks "
            "(outputs included) with a hard-coded client_secret= or password= literal, and for any file holding "
            "a secret this installation stores. Then asks git whether each file is tracked or ignored, and reads "
            "every repository's history for secrets committed and later deleted.\n\n"
            "Each finding says where (path, line, variable), and why it matters: which stored secret it equals "
            "(active, previous or none), whether git tracks it or holds it in history, and whether others can "
            "read the file; then the remedies, one command each. Values are never printed, logged or stored: "
            "stored secrets are compared in memory, in constant time.\n\n"
            "It follows no symbolic link and skips .git internals, node_modules, virtual environments, caches, "
            "files over 1 MiB and binary files. Exits 0 when nothing is found, 1 when something is.");
    scan.options = {json, fix, depth};
    scan.examples = {QStringLiteral("bioepic-cred scan"), QStringLiteral("bioepic-cred scan ~/projects --json"),
                     QStringLiteral("bioepic-cred scan . --fix")};
    scan.run = [json, fix, depth](CliApp &app, const QCommandLineParser &parser) {
        QStringList roots = parser.positionalArguments();
        if (roots.isEmpty())
            roots << QDir::homePath();
        bool depthOk = false;
        ScanLimits limits;
        limits.maxDepth = parser.value(depth).toInt(&depthOk);
        if (!depthOk || limits.maxDepth < 0) {
            app.usageError(QStringLiteral("--max-depth takes a number of directories, 0 or more"));
            return;
        }
        for (const QString &root : std::as_const(roots)) {
            if (!QFileInfo::exists(root)) {
                app.usageError(QStringLiteral("%1 does not exist").arg(escapeServerText(root)));
                return;
            }
        }
        CoreServices &core = app.core();
        auto *job = new SecretScanJob(core.environments(), core.credentials(), core.vault(), &app);
        const bool asJson = parser.isSet(json);
        const bool doFix = parser.isSet(fix);
        QObject::connect(job, &SecretScanJob::finished, &app, [&app, job, asJson, doFix](const ScanReport &report) {
            job->deleteLater();
            const QStringList fixed = doFix ? applyFixes(report.findings) : QStringList();
            if (asJson) {
                QJsonArray findings;
                for (const ScanFinding &finding : report.findings)
                    findings.append(findingJson(finding));
                const ScanStatistics &s = report.statistics;
                const QJsonObject document{
                        {QStringLiteral("roots"), QJsonArray::fromStringList(report.roots)},
                        {QStringLiteral("complete"), !report.cancelled},
                        {QStringLiteral("findings"), findings},
                        {QStringLiteral("statistics"),
                         QJsonObject{{QStringLiteral("directories"), double(s.directories)},
                                     {QStringLiteral("files"), double(s.files)},
                                     {QStringLiteral("read"), double(s.read)},
                                     {QStringLiteral("skipped_large"), double(s.skippedLarge)},
                                     {QStringLiteral("skipped_binary"), double(s.skippedBinary)},
                                     {QStringLiteral("skipped_directories"), double(s.skippedDirectories)},
                                     {QStringLiteral("elapsed_ms"), double(s.elapsedMs)}}},
                        {QStringLiteral("warnings"), QJsonArray::fromStringList(report.warnings)},
                        {QStringLiteral("fixed"), QJsonArray::fromStringList(fixed)},
                };
                app.out() << QJsonDocument(document).toJson(QJsonDocument::Indented);
            } else {
                printText(app, report);
                for (const QString &line : fixed)
                    app.out() << "fixed: " << line << '\n';
            }
            for (const QString &warning : report.warnings)
                app.err() << "warning: " << escapeServerText(warning) << '\n';
            app.out().flush();
            app.err().flush();
            app.finish(report.findings.isEmpty() ? 0 : 1);
        });
        job->start(roots, limits);
    };
    return {scan};
}

} // namespace bioepic::cli
