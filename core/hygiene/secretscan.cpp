#include "secretscan.h"

#include "common/shellquote.h"
#include "config/dotenv.h"
#include "gitfacts.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>

#include <algorithm>

namespace bioepic {

namespace {

// Directories that hold no one's own credentials, only copies of packages or build output, and
// that are large: reading them would make a home-directory scan take minutes.
const QSet<QString> &skippedDirectoryNames()
{
    static const QSet<QString> names{
            QStringLiteral(".git"),          QStringLiteral("node_modules"),
            QStringLiteral("__pycache__"),   QStringLiteral(".cache"),
            QStringLiteral(".mypy_cache"),   QStringLiteral(".pytest_cache"),
            QStringLiteral(".ruff_cache"),   QStringLiteral(".tox"),
            QStringLiteral(".nox"),          QStringLiteral(".venv"),
            QStringLiteral("venv"),          QStringLiteral("site-packages"),
            QStringLiteral("dist-packages"), QStringLiteral(".ipynb_checkpoints"),
            QStringLiteral(".hg"),           QStringLiteral(".svn"),
            QStringLiteral(".Trash"),        QStringLiteral(".npm"),
            QStringLiteral(".cargo"),        QStringLiteral(".rustup"),
            QStringLiteral(".conda"),
    };
    return names;
}

/** A virtual environment or conda environment, whatever its name. */
bool isEnvironmentDirectory(const QString &path)
{
    return QFileInfo::exists(path + QStringLiteral("/pyvenv.cfg"))
            || QFileInfo::exists(path + QStringLiteral("/conda-meta"));
}

std::optional<SecretFileKind> kindOfName(const QString &name)
{
    if (name == QLatin1String(".env") || name.startsWith(QLatin1String(".env."))
        || name.endsWith(QLatin1String(".env")))
        return SecretFileKind::Dotenv;
    if (name.endsWith(QLatin1String(".py")))
        return SecretFileKind::Python;
    if (name.endsWith(QLatin1String(".ipynb")))
        return SecretFileKind::Notebook;
    return std::nullopt;
}

/** CLIENT_SECRET, PASSWORD, PROD_CLIENT_SECRET, DEV_PASSWORD, NMDC_CLIENT_SECRET, DB_PASSWD… */
bool isSecretVariable(const QString &key)
{
    const QString upper = key.toUpper();
    return upper.contains(QLatin1String("SECRET")) || upper.contains(QLatin1String("PASSWORD"))
            || upper.contains(QLatin1String("PASSWD"));
}

/**
 * Values that hold no secret: an empty value, a reference to another variable, and the
 * placeholders templates use ("<your secret>", "your-secret-here", "changeme", "xxxx", "***").
 */
bool isPlaceholder(QString value)
{
    value = value.trimmed();
    if (value.isEmpty() || value.startsWith(QLatin1String("${")) || value.startsWith(QLatin1Char('$')))
        return true;
    if (value.startsWith(QLatin1Char('<')) && value.endsWith(QLatin1Char('>')))
        return true;
    static const QRegularExpression placeholder(
            QStringLiteral("^(your[-_ ].*|.*[-_ ]here|changeme|change[-_]me|example|placeholder|secret|password|"
                           "x{3,}|\\*{3,}|\\.{3,}|todo|fixme|none|null)$"),
            QRegularExpression::CaseInsensitiveOption);
    return placeholder.match(value).hasMatch();
}

/** Matches @p value against the stored secrets, in constant time for each one of its length. */
StoredMatch matchKnown(const QByteArray &value, const QList<KnownSecret> &known)
{
    if (value.isEmpty())
        return {};
    const Secret candidate(value);
    StoredMatch found;
    for (const KnownSecret &secret : known) {
        // The slot order of the list (active first) decides which of two equal matches is named.
        if (!found && secret.secret.size() == candidate.size() && secret.secret.equals(candidate))
            found = StoredMatch{secret.environment, secret.slot};
    }
    return found;
}

bool isSeparator(char c)
{
    switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '\'':
    case '"':
    case '`':
    case '=':
    case ':':
    case ',':
    case ';':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case '<':
    case '>':
    case '\\':
        return true;
    default:
        return false;
    }
}

/** The stored secret written anywhere on @p line: as a whole word, or as a quoted string's contents. */
StoredMatch findKnownIn(QByteArrayView line, const QList<KnownSecret> &known, qsizetype shortest)
{
    if (known.isEmpty() || line.size() < shortest)
        return {};
    qsizetype start = 0;
    for (qsizetype i = 0; i <= line.size(); ++i) {
        if (i < line.size() && !isSeparator(line.at(i)))
            continue;
        if (i - start >= shortest) {
            if (auto found = matchKnown(line.sliced(start, i - start).toByteArray(), known))
                return found;
        }
        start = i + 1;
    }
    // Secrets with spaces or separators in them (a password) are found inside quotes: from each
    // quote on the line to the next same one, so that a quoted string inside another one is read
    // too ('say "my pass phrase"'). Only what the line holds is compared, so no order of quotes
    // can match a secret that is not written there.
    for (qsizetype open = 0; open < line.size(); ++open) {
        const char quote = line.at(open);
        if (quote != '"' && quote != '\'')
            continue;
        qsizetype close = open + 1;
        while (close < line.size() && line.at(close) != '\n' && (close == open + 1 || line.at(close) != quote))
            ++close;
        if (close >= line.size() || line.at(close) != quote)
            continue; // not closed on this line: the next quote may open one
        if (close - open - 1 >= shortest) {
            if (auto found = matchKnown(line.sliced(open + 1, close - open - 1).toByteArray(), known))
                return found;
        }
    }
    return {};
}

/** Calls @p visit with each line of @p text (no copies) and its 1-based number, as QByteArray::split('\n') does. */
template<typename Visit>
void forEachLine(QByteArrayView text, Visit visit)
{
    int number = 0;
    for (qsizetype start = 0; start <= text.size();) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        visit(text.sliced(start, end - start), ++number);
        start = end + 1;
    }
}

/**
 * Whether @p line can hold what FileScan's `literal` expression finds (client_secret="…"): a
 * quote, a ':' or '=', and "secret" or "passw" in any case (ASCII), all of which it needs.
 */
bool mayHoldLiteral(QByteArrayView line)
{
    if (!(line.contains('"') || line.contains('\'')) || !(line.contains('=') || line.contains(':')))
        return false;
    const QLatin1StringView text(line);
    return text.contains(QLatin1StringView("secret"), Qt::CaseInsensitive)
            || text.contains(QLatin1StringView("passw"), Qt::CaseInsensitive);
}

/** Undoes JSON string escapes of one line of a notebook, so that its cells' text can be read. */
QByteArray unescapeJsonLine(QByteArrayView line)
{
    if (!line.contains('\\'))
        return line.toByteArray();
    QByteArray text;
    text.reserve(line.size());
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char c = line.at(i);
        if (c != '\\' || i + 1 >= line.size()) {
            text.append(c);
            continue;
        }
        const char next = line.at(++i);
        switch (next) {
        case 'n':
            text.append('\n');
            break;
        case 't':
            text.append('\t');
            break;
        case 'r':
            text.append('\r');
            break;
        case 'u':
            if (i + 4 < line.size()) {
                bool ok = false;
                const uint code = line.sliced(i + 1, 4).toByteArray().toUInt(&ok, 16);
                if (ok) {
                    text.append(QString(QChar(char16_t(code))).toUtf8());
                    i += 4;
                    break;
                }
            }
            text.append("\\u");
            break;
        default:
            text.append(next);
            break; // \" \\ \/
        }
    }
    return text;
}

struct FileScan
{
    const QList<KnownSecret> &known;
    qsizetype shortestKnown;

    void scanDotenv(const QByteArray &bytes, ScanFinding base, QList<ScanFinding> *out) const
    {
        const DotenvDocument document = parseDotenv(bytes);
        for (const DotenvEntry &entry : document.entries) {
            if (!entry.hasValue || entry.value.isEmpty())
                continue;
            auto match = matchKnown(entry.value.toUtf8(), known);
            if (!match && (!isSecretVariable(entry.key) || isPlaceholder(entry.value)))
                continue;
            ScanFinding finding = base;
            finding.line = entry.line;
            finding.variable = entry.key;
            finding.matches = match;
            out->append(finding);
        }
    }

    void scanCodeLine(QByteArrayView line, int lineNumber, const ScanFinding &base, QList<ScanFinding> *out) const
    {
        // The seed's "Don't do this": client_secret="…" or password='…' written into the code,
        // as an argument, an assignment or a dict entry.
        static const QRegularExpression literal(
                QStringLiteral(
                        R"re(\b(client_secret|password|passwd|secret)["']?\s*[:=]\s*[rbuf]?(["'])([^"'\n]+)\2)re"),
                QRegularExpression::CaseInsensitiveOption);
        const auto scanPart = [&](QByteArrayView part) {
            const StoredMatch match = findKnownIn(part, known, shortestKnown);
            // Most lines cannot match: the expression, and the text it reads, only for those that can.
            QString variable, value;
            if (mayHoldLiteral(part)) {
                const QRegularExpressionMatch hit = literal.match(QString::fromUtf8(part));
                if (hit.hasMatch() && !isPlaceholder(hit.captured(3))) {
                    variable = hit.captured(1);
                    value = hit.captured(3);
                }
            }
            if (variable.isEmpty() && !match)
                return;
            ScanFinding finding = base;
            finding.line = lineNumber;
            finding.matches = match;
            if (!variable.isEmpty()) {
                finding.variable = variable;
                if (const StoredMatch literalMatch = matchKnown(value.toUtf8(), known))
                    finding.matches = literalMatch;
            }
            out->append(finding);
        };
        // A notebook's line, unescaped, can hold several lines of code.
        forEachLine(line, [&](QByteArrayView part, int) { scanPart(part); });
    }

    void scan(const QByteArray &bytes, const ScanFinding &base, QList<ScanFinding> *out) const
    {
        if (base.fileKind == SecretFileKind::Dotenv) {
            scanDotenv(bytes, base, out);
            return;
        }
        forEachLine(bytes, [&](QByteArrayView line, int lineNumber) {
            if (base.fileKind == SecretFileKind::Notebook)
                scanCodeLine(unescapeJsonLine(line), lineNumber, base, out);
            else
                scanCodeLine(line, lineNumber, base, out);
        });
    }
};

bool looksBinary(const QByteArray &bytes)
{
    return bytes.left(8000).contains('\0');
}

/** The work tree of @p path: the nearest directory above it that holds a .git entry. */
QString repositoryOf(const QString &path, QHash<QString, QString> *cache)
{
    QString dir = QFileInfo(path).absolutePath();
    QStringList visited;
    QString found;
    while (true) {
        if (auto hit = cache->constFind(dir); hit != cache->constEnd()) {
            found = *hit;
            break;
        }
        visited.append(dir);
        if (QFileInfo::exists(dir + QStringLiteral("/.git"))) {
            found = dir;
            break;
        }
        const QString parent = QFileInfo(dir).absolutePath();
        if (parent == dir)
            break;
        dir = parent;
    }
    for (const QString &seen : std::as_const(visited))
        cache->insert(seen, found);
    return found;
}

QString findingKey(const ScanFinding &finding)
{
    return finding.path + QLatin1Char('\n') + finding.variable + QLatin1Char('\n')
            + (finding.matches ? finding.matches.environment + slotName(finding.matches.slot) : QString());
}

} // namespace

Severity ScanFinding::severity() const
{
    const bool live = matches && matches.slot != SecretSlot::Previous;
    const bool exposed = git == GitState::Tracked || inHistory || readableByOthers();
    if (live && exposed)
        return Severity::Critical;
    if (live || exposed)
        return Severity::High;
    return Severity::Medium;
}

QStringList ScanFinding::reasons() const
{
    QStringList reasons;
    if (matches) {
        switch (matches.slot) {
        case SecretSlot::Previous:
            reasons << QStringLiteral("equals the previous secret of %1 (rotated out; revoke it if the server "
                                      "still accepts it)")
                               .arg(matches.environment);
            break;
        case SecretSlot::Staged:
            reasons << QStringLiteral("equals the new secret of %1's unfinished rotation").arg(matches.environment);
            break;
        default:
            reasons << QStringLiteral("equals the active secret of %1").arg(matches.environment);
            break;
        }
    } else {
        reasons << (fileKind == SecretFileKind::Dotenv ? QStringLiteral("a secret in plain text (not one stored here)")
                                                       : QStringLiteral("a hard-coded secret (not one stored here)"));
    }
    switch (git) {
    case GitState::Tracked:
        reasons << QStringLiteral("tracked by git");
        break;
    case GitState::HistoryOnly:
        reasons << QStringLiteral("gone from the work tree but still in git history (commit %1)").arg(commit);
        break;
    case GitState::Ignored:
        reasons << QStringLiteral("ignored by git");
        break;
    case GitState::Untracked:
        reasons << QStringLiteral("not ignored by git: one `git add` away from a commit");
        break;
    case GitState::Unknown:
        reasons << QStringLiteral("git could not tell whether it is tracked");
        break;
    case GitState::NotInRepository:
        break;
    }
    if (inHistory && git != GitState::HistoryOnly)
        reasons << QStringLiteral("committed in git history (commit %1)").arg(commit);
    if (readableByOthers())
        reasons << QStringLiteral("readable by others (mode %1)").arg(mode, 4, 8, QLatin1Char('0'));
    return reasons;
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return QStringLiteral("critical");
    case Severity::High:
        return QStringLiteral("high");
    case Severity::Medium:
        break;
    }
    return QStringLiteral("medium");
}

QString gitStateName(GitState state)
{
    switch (state) {
    case GitState::NotInRepository:
        return QStringLiteral("not-in-repository");
    case GitState::Untracked:
        return QStringLiteral("untracked");
    case GitState::Ignored:
        return QStringLiteral("ignored");
    case GitState::Tracked:
        return QStringLiteral("tracked");
    case GitState::HistoryOnly:
        return QStringLiteral("history-only");
    case GitState::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString fileKindName(SecretFileKind kind)
{
    switch (kind) {
    case SecretFileKind::Dotenv:
        return QStringLiteral("dotenv");
    case SecretFileKind::Python:
        return QStringLiteral("python");
    case SecretFileKind::Notebook:
        break;
    }
    return QStringLiteral("notebook");
}

ScanReport scanForSecrets(const QStringList &roots, const QList<KnownSecret> &known, const ScanLimits &limits,
                          const std::atomic_bool &cancel, const std::function<void(const ScanProgress &)> &progress)
{
    QElapsedTimer clock;
    clock.start();
    ScanReport report;
    ScanStatistics &stats = report.statistics;
    qsizetype shortest = std::numeric_limits<qsizetype>::max();
    for (const KnownSecret &secret : known)
        shortest = std::min(shortest, secret.secret.size());
    const FileScan scanner{known, std::max<qsizetype>(shortest, 1)};

    QElapsedTimer sinceProgress;
    sinceProgress.start();
    const auto report_progress = [&](const QString &directory, bool force) {
        if (progress && (force || sinceProgress.elapsed() >= 50)) {
            progress(ScanProgress{stats.directories, stats.files, report.findings.size(), directory});
            sinceProgress.restart();
        }
    };

    QSet<QString> repositories;
    qint64 entries = 0;
    bool entryLimitHit = false;
    for (const QString &givenRoot : roots) {
        const QString root = QDir::cleanPath(QFileInfo(givenRoot).absoluteFilePath());
        report.roots << root;
        const QFileInfo rootInfo(root);
        if (!rootInfo.exists()) {
            report.warnings << QStringLiteral("%1 does not exist").arg(root);
            continue;
        }
        // A single file given by name is read whatever its name.
        QList<std::pair<QString, int>> pending; // directory, depth
        if (rootInfo.isDir())
            pending.append({root, 0});
        QList<QString> files;
        if (rootInfo.isFile())
            files.append(root);

        while (!cancel && (!pending.isEmpty() || !files.isEmpty())) {
            for (const QString &path : std::as_const(files)) {
                if (cancel)
                    break;
                const QFileInfo info(path);
                const auto kind = kindOfName(info.fileName());
                if (!kind && path != root)
                    continue;
                if (info.size() > limits.maxFileBytes) {
                    ++stats.skippedLarge;
                    continue;
                }
                QFile file(path);
                if (!file.open(QIODevice::ReadOnly)) {
                    report.warnings << QStringLiteral("could not read %1: %2").arg(path, file.errorString());
                    continue;
                }
                const QByteArray bytes = file.read(limits.maxFileBytes + 1);
                if (looksBinary(bytes)) {
                    ++stats.skippedBinary;
                    continue;
                }
                ++stats.read;
                ScanFinding base;
                base.path = path;
                base.fileKind = kind.value_or(SecretFileKind::Dotenv);
                // QFile::Permissions are not POSIX bits: rebuild the ones that matter here.
                const QFile::Permissions p = info.permissions();
                base.mode = (p & QFile::ReadOwner ? 0400 : 0) | (p & QFile::WriteOwner ? 0200 : 0)
                        | (p & QFile::ExeOwner ? 0100 : 0) | (p & QFile::ReadGroup ? 0040 : 0)
                        | (p & QFile::WriteGroup ? 0020 : 0) | (p & QFile::ExeGroup ? 0010 : 0)
                        | (p & QFile::ReadOther ? 0004 : 0) | (p & QFile::WriteOther ? 0002 : 0)
                        | (p & QFile::ExeOther ? 0001 : 0);
                scanner.scan(bytes, base, &report.findings);
            }
            files.clear();
            if (pending.isEmpty())
                break;
            const auto [directory, depth] = pending.takeLast();
            ++stats.directories;
            report_progress(directory, false);
            QDirIterator it(directory, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
            while (it.hasNext()) {
                if (++entries > limits.maxEntries) {
                    entryLimitHit = true;
                    break;
                }
                it.next();
                const QFileInfo info = it.fileInfo();
                if (info.isSymLink())
                    continue; // followed nowhere: no loops, no trees outside the ones asked for
                const QString name = info.fileName();
                if (name == QLatin1String(".git"))
                    repositories.insert(directory);
                if (info.isDir()) {
                    const QString path = info.filePath();
                    if (skippedDirectoryNames().contains(name) || name.startsWith(QLatin1String(".Trash"))
                        || isEnvironmentDirectory(path)) {
                        ++stats.skippedDirectories;
                    } else if (depth + 1 <= limits.maxDepth) {
                        pending.append({path, depth + 1});
                    } else {
                        report.warnings << QStringLiteral("not deeper than %1 directories: %2 was not read")
                                                   .arg(limits.maxDepth)
                                                   .arg(path);
                    }
                } else if (info.isFile()) {
                    ++stats.files;
                    if (kindOfName(name))
                        files.append(info.filePath());
                }
            }
            if (entryLimitHit) {
                pending.clear();
                report.warnings << QStringLiteral("stopped after %1 files and directories: scan a smaller tree "
                                                  "for the rest")
                                           .arg(limits.maxEntries);
            }
        }
    }
    report_progress(QString(), true);

    // What git says about each finding's file, then what the histories hold.
    QHash<QString, QString> repositoryCache;
    for (const QString &repository : std::as_const(repositories))
        repositoryCache.insert(repository, repository);
    QHash<QString, QList<int>> byRepository;
    for (int i = 0; i < report.findings.size(); ++i) {
        ScanFinding &finding = report.findings[i];
        finding.repository = repositoryOf(finding.path, &repositoryCache);
        if (!finding.repository.isEmpty()) {
            byRepository[finding.repository].append(i);
            repositories.insert(finding.repository);
        }
    }
    const GitFacts git(limits.gitTimeoutMs);
    if (!repositories.isEmpty() && !git.available())
        report.warnings << QStringLiteral("git was not found: whether files are tracked or in history was not "
                                          "checked");
    QList<ScanFinding> historyFindings;
    QStringList sortedRepositories(repositories.cbegin(), repositories.cend());
    std::sort(sortedRepositories.begin(), sortedRepositories.end());
    for (const QString &repository : std::as_const(sortedRepositories)) {
        if (cancel)
            break;
        report_progress(repository, true);
        const QList<int> indexes = byRepository.value(repository);
        QStringList paths;
        for (int i : indexes)
            paths << report.findings.at(i).path;
        paths.removeDuplicates();
        QString problem;
        const auto states = git.states(repository, paths, &problem);
        for (int i : indexes)
            report.findings[i].git = states.value(report.findings.at(i).path, GitState::Unknown);
        if (!problem.isEmpty()) {
            report.warnings << problem;
            continue;
        }
        // Every version of every candidate file the history holds, newest first.
        QSet<QString> seen;
        const auto history = git.historyBlobs(
                repository, [](const QString &name) { return kindOfName(name).has_value(); }, limits.maxHistoryBlobs,
                limits.maxFileBytes, cancel, &problem);
        if (!problem.isEmpty())
            report.warnings << problem;
        for (const GitFacts::Blob &blob : history) {
            if (looksBinary(blob.content))
                continue;
            ++stats.read;
            ScanFinding base;
            base.path = repository + QLatin1Char('/') + blob.path;
            base.fileKind = kindOfName(QFileInfo(blob.path).fileName()).value_or(SecretFileKind::Dotenv);
            base.repository = repository;
            base.git = GitState::HistoryOnly;
            base.inHistory = true;
            QList<ScanFinding> found;
            scanner.scan(blob.content, base, &found);
            for (ScanFinding &finding : found) {
                const QString key = findingKey(finding);
                if (seen.contains(key))
                    continue;
                seen.insert(key);
                finding.commit = git.commitHolding(repository, blob.id);
                historyFindings.append(finding);
            }
        }
    }
    // A value also in the work tree is one finding: the file on disk, marked as committed.
    QHash<QString, int> onDisk;
    for (int i = 0; i < report.findings.size(); ++i)
        onDisk.insert(findingKey(report.findings.at(i)), i);
    for (const ScanFinding &finding : std::as_const(historyFindings)) {
        if (auto hit = onDisk.constFind(findingKey(finding)); hit != onDisk.constEnd()) {
            ScanFinding &current = report.findings[*hit];
            current.inHistory = true;
            current.commit = finding.commit;
        } else {
            report.findings.append(finding);
        }
    }

    std::stable_sort(report.findings.begin(), report.findings.end(), [](const ScanFinding &a, const ScanFinding &b) {
        if (a.severity() != b.severity())
            return a.severity() < b.severity();
        if (a.path != b.path)
            return a.path < b.path;
        return a.line < b.line;
    });
    report.cancelled = cancel;
    stats.elapsedMs = clock.elapsed();
    return report;
}

QList<Remedy> remediesFor(const ScanFinding &finding)
{
    QList<Remedy> remedies;
    const bool onDisk = finding.git != GitState::HistoryOnly;
    const QString path = shellQuoted(finding.path);
    if (onDisk && finding.fileKind == SecretFileKind::Dotenv) {
        remedies << Remedy{Remedy::Action::ImportAndStrip,
                           QStringLiteral("move the credentials into the keychain and strip them from the file"),
                           QStringLiteral("bioepic-cred import-dotenv %1 --strip").arg(path)};
    }
    if (onDisk && finding.fileKind != SecretFileKind::Dotenv) {
        remedies << Remedy{Remedy::Action::EditFile,
                           QStringLiteral("read the secret from the environment instead (os.environ), and run the "
                                          "script under bioepic-cred exec"),
                           QString()};
    }
    if (finding.git == GitState::Tracked) {
        const QString relative = QDir(finding.repository).relativeFilePath(finding.path);
        remedies << Remedy{Remedy::Action::Untrack, QStringLiteral("stop tracking it (the file stays on disk)"),
                           QStringLiteral("git -C %1 rm --cached -- %2")
                                   .arg(shellQuoted(finding.repository), shellQuoted(relative))};
    }
    if (onDisk && finding.fileKind == SecretFileKind::Dotenv
        && (finding.git == GitState::Tracked || finding.git == GitState::Untracked)) {
        remedies << Remedy{Remedy::Action::AddToGitignore, QStringLiteral("add it to the .gitignore beside it"),
                           QString()};
    }
    const bool inGit = finding.inHistory || finding.git == GitState::Tracked;
    if (inGit || finding.readableByOthers()) {
        // Deleting the file does not help a copy that is already out: only a new secret does.
        const QString why = inGit ? QStringLiteral("it stays in old commits whatever happens to the file")
                                  : QStringLiteral("a copy someone else made stays valid until then");
        if (finding.matches && finding.matches.slot != SecretSlot::Previous) {
            remedies << Remedy{Remedy::Action::Rotate,
                               QStringLiteral("rotate the secret of %1: %2").arg(finding.matches.environment, why),
                               QStringLiteral("bioepic-cred rotate %1").arg(shellQuoted(finding.matches.environment))};
        } else if (!finding.matches) {
            remedies << Remedy{Remedy::Action::Rotate,
                               QStringLiteral("have it replaced where it was issued: %1").arg(why), QString()};
        }
    }
    if (onDisk && finding.readableByOthers()) {
        remedies << Remedy{Remedy::Action::RestrictPermissions, QStringLiteral("make it readable by you alone"),
                           QStringLiteral("chmod 600 %1").arg(path)};
    }
    return remedies;
}

bool addToGitignore(const QString &path, QString *error)
{
    const QFileInfo info(path);
    const QString ignoreFile = info.absolutePath() + QStringLiteral("/.gitignore");
    const QString rule = QLatin1Char('/') + info.fileName();
    QByteArray existing;
    if (QFile file(ignoreFile); file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("could not read %1: %2").arg(ignoreFile, file.errorString());
            return false;
        }
        existing = file.readAll();
        for (const QByteArray &line : existing.split('\n')) {
            const QString trimmed = QString::fromUtf8(line).trimmed();
            if (trimmed == rule || trimmed == info.fileName())
                return true;
        }
    }
    QSaveFile out(ignoreFile);
    if (!out.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("could not write %1: %2").arg(ignoreFile, out.errorString());
        return false;
    }
    if (!existing.isEmpty() && !existing.endsWith('\n'))
        existing.append('\n');
    existing.append(rule.toUtf8() + '\n');
    out.write(existing);
    if (!out.commit()) {
        *error = QStringLiteral("could not write %1: %2").arg(ignoreFile, out.errorString());
        return false;
    }
    return true;
}

bool restrictToOwner(const QString &path, QString *error)
{
    if (!QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner)) {
        *error = QStringLiteral("could not change the permissions of %1").arg(path);
        return false;
    }
    return true;
}

} // namespace bioepic
