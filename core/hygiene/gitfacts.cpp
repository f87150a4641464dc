#include "gitfacts.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>

namespace bioepic {

GitFacts::GitFacts(int timeoutMs)
    : m_git(QStandardPaths::findExecutable(QStringLiteral("git")))
    , m_timeoutMs(timeoutMs)
{
}

GitFacts::Result GitFacts::run(const QString &repository, const QStringList &arguments, const QByteArray &input,
                               qint64 maxOutput) const
{
    Result result;
    if (m_git.isEmpty()) {
        result.problem = QStringLiteral("git was not found");
        return result;
    }
    QProcess git;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    environment.insert(QStringLiteral("GIT_OPTIONAL_LOCKS"), QStringLiteral("0")); // read only: no index refresh
    environment.insert(QStringLiteral("GIT_PAGER"), QStringLiteral("cat"));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    git.setProcessEnvironment(environment);
    // A repository's own configuration can name programs to run (fsmonitor, hooks, a pager,
    // textconv): none of them runs here.
    QStringList all{QStringLiteral("-c"),
                    QStringLiteral("core.fsmonitor=false"),
                    QStringLiteral("-c"),
                    QStringLiteral("core.hooksPath=/dev/null"),
                    QStringLiteral("--no-pager"),
                    QStringLiteral("-C"),
                    repository};
    all += arguments;
    git.start(m_git, all);
    if (!git.waitForStarted(m_timeoutMs)) {
        result.problem = QStringLiteral("git did not start: %1").arg(git.errorString());
        return result;
    }
    if (!input.isEmpty())
        git.write(input);
    git.closeWriteChannel();
    QElapsedTimer clock;
    clock.start();
    while (git.state() != QProcess::NotRunning) {
        const qint64 left = m_timeoutMs - clock.elapsed();
        if (left <= 0 || result.out.size() > maxOutput) {
            git.kill();
            git.waitForFinished(1000);
            result.problem = left <= 0
                    ? QStringLiteral("git did not answer within %1 s in %2").arg(m_timeoutMs / 1000).arg(repository)
                    : QStringLiteral("git printed more than %1 MB in %2: stopped").arg(maxOutput >> 20).arg(repository);
            return result;
        }
        git.waitForReadyRead(int(std::min<qint64>(left, 200)));
        result.out += git.readAllStandardOutput();
    }
    result.out += git.readAllStandardOutput();
    if (git.exitStatus() != QProcess::NormalExit) {
        result.problem = QStringLiteral("git crashed in %1").arg(repository);
        return result;
    }
    result.ok = git.exitCode() == 0;
    if (!result.ok) {
        // "detected dubious ownership", "not a git repository"…: git's first line says it.
        const QString said = QString::fromUtf8(git.readAllStandardError()).section(QLatin1Char('\n'), 0, 0).trimmed();
        result.problem = QStringLiteral("git could not read %1: %2").arg(repository, said.left(300));
    }
    return result;
}

QHash<QString, GitState> GitFacts::states(const QString &repository, const QStringList &paths, QString *problem) const
{
    QHash<QString, GitState> states;
    if (paths.isEmpty())
        return states;
    const QDir top(repository);
    // After "--" and with literal pathspecs, a file name is never an option nor a pattern.
    QStringList arguments{QStringLiteral("--literal-pathspecs"), QStringLiteral("ls-files"), QStringLiteral("-z"),
                          QStringLiteral("--")};
    for (const QString &path : paths)
        arguments << top.relativeFilePath(path);
    const Result tracked = run(repository, arguments);
    if (!tracked.ok) {
        *problem = tracked.problem;
        return states;
    }
    QSet<QString> trackedPaths;
    for (const QByteArray &name : tracked.out.split('\0')) {
        if (!name.isEmpty())
            trackedPaths.insert(QDir::cleanPath(top.absoluteFilePath(QString::fromUtf8(name))));
    }
    QByteArray untracked;
    for (const QString &path : paths) {
        if (trackedPaths.contains(path))
            states.insert(path, GitState::Tracked);
        else
            untracked += top.relativeFilePath(path).toUtf8() + '\0';
    }
    QSet<QString> ignoredPaths;
    if (!untracked.isEmpty()) {
        // check-ignore reads the paths from standard input; it exits 1 when none is ignored: an
        // answer, not a failure.
        const Result ignored
                = run(repository, {QStringLiteral("check-ignore"), QStringLiteral("-z"), QStringLiteral("--stdin")},
                      untracked);
        if (!ignored.ok && !ignored.out.isEmpty()) {
            *problem = ignored.problem;
            return states;
        }
        for (const QByteArray &name : ignored.out.split('\0')) {
            if (!name.isEmpty())
                ignoredPaths.insert(QDir::cleanPath(top.absoluteFilePath(QString::fromUtf8(name))));
        }
    }
    for (const QString &path : paths) {
        if (!states.contains(path))
            states.insert(path, ignoredPaths.contains(path) ? GitState::Ignored : GitState::Untracked);
    }
    return states;
}

QList<GitFacts::Blob> GitFacts::historyBlobs(const QString &repository,
                                             const std::function<bool(const QString &)> &wanted, int maxBlobs,
                                             qint64 maxBytes, const std::atomic_bool &cancel, QString *problem) const
{
    QList<Blob> blobs;
    // Every object reachable from any ref, with the path it was first seen under.
    const Result objects = run(repository,
                               {QStringLiteral("rev-list"), QStringLiteral("--all"), QStringLiteral("--objects"),
                                QStringLiteral("--filter=object:type=blob")},
                               {}, 256 << 20);
    if (!objects.ok) {
        // An empty repository (no commit yet) has no history to read.
        if (!objects.problem.contains(QLatin1String("unknown revision")))
            *problem = objects.problem;
        return blobs;
    }
    QByteArray request;
    QList<std::pair<QByteArray, QString>> candidates;
    QSet<QByteArray> seen;
    for (const QByteArray &line : objects.out.split('\n')) {
        const qsizetype space = line.indexOf(' ');
        if (space <= 0)
            continue;
        const QByteArray id = line.left(space);
        const QString path = QString::fromUtf8(line.mid(space + 1));
        if (seen.contains(id) || !wanted(QFileInfo(path).fileName()))
            continue;
        seen.insert(id);
        if (candidates.size() >= maxBlobs) {
            *problem = QStringLiteral("read only the newest %1 versions of candidate files in the history of %2")
                               .arg(maxBlobs)
                               .arg(repository);
            break;
        }
        candidates.append({id, path});
        request += id + '\n';
    }
    if (candidates.isEmpty() || cancel)
        return blobs;
    // Sizes first, so that no large file is read; then the contents of the rest in one go.
    const Result sizes = run(repository, {QStringLiteral("cat-file"), QStringLiteral("--batch-check")}, request);
    if (!sizes.ok) {
        *problem = sizes.problem;
        return blobs;
    }
    const QList<QByteArray> sizeLines = sizes.out.split('\n');
    QByteArray contentsRequest;
    QList<std::pair<QByteArray, QString>> wantedBlobs;
    for (int i = 0; i < candidates.size() && i < sizeLines.size(); ++i) {
        const QList<QByteArray> fields = sizeLines.at(i).split(' '); // "<id> blob <size>"
        if (fields.size() == 3 && fields.at(1) == "blob" && fields.at(2).toLongLong() <= maxBytes) {
            wantedBlobs.append(candidates.at(i));
            contentsRequest += candidates.at(i).first + '\n';
        }
    }
    if (contentsRequest.isEmpty() || cancel)
        return blobs;
    const Result contents = run(repository, {QStringLiteral("cat-file"), QStringLiteral("--batch")}, contentsRequest,
                                qint64(wantedBlobs.size()) * (maxBytes + 128));
    if (!contents.ok) {
        *problem = contents.problem;
        return blobs;
    }
    qsizetype at = 0;
    for (const auto &[id, path] : std::as_const(wantedBlobs)) {
        const qsizetype headerEnd = contents.out.indexOf('\n', at);
        if (headerEnd < 0)
            break;
        const QList<QByteArray> header = contents.out.mid(at, headerEnd - at).split(' ');
        if (header.size() != 3)
            break;
        const qsizetype size = header.at(2).toLongLong();
        blobs.append(Blob{id, path, contents.out.mid(headerEnd + 1, size)});
        at = headerEnd + 1 + size + 1;
    }
    return blobs;
}

QString GitFacts::commitHolding(const QString &repository, const QByteArray &blob) const
{
    // The commits that added or removed it, newest first: the last one brought it in.
    const Result log = run(repository,
                           {QStringLiteral("log"), QStringLiteral("--all"), QStringLiteral("--format=%h"),
                            QStringLiteral("--find-object=") + QString::fromLatin1(blob)});
    const QString commit = QString::fromUtf8(log.out).trimmed().section(QLatin1Char('\n'), -1).trimmed();
    return log.ok && !commit.isEmpty() ? commit : QStringLiteral("unknown");
}

} // namespace bioepic
