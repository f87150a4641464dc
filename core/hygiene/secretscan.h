#pragma once

#include "common/secret.h"
#include "keychain/credentials.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace bioepic {

/** @brief A secret this installation stores, to recognise in files (never shown, only compared). */
struct KnownSecret
{
    QString environment;
    SecretSlot slot = SecretSlot::Active; ///< Active, Previous or Staged
    Secret secret;
};

/** @brief How far a scan goes: every walk is bounded, whatever the tree. */
struct ScanLimits
{
    int maxDepth = 16; ///< directories below a root
    qint64 maxEntries = 1'000'000; ///< files and directories looked at, in all
    qint64 maxFileBytes = 1 << 20; ///< larger files are skipped (and counted)
    int maxHistoryBlobs = 5000; ///< candidate files read from one repository's history
    int gitTimeoutMs = 30'000; ///< for each git command
};

/** @brief Where a finding's file stands with git. */
enum class GitState {
    NotInRepository,
    Untracked, ///< in a work tree, neither tracked nor ignored: one `git add .` from a commit
    Ignored,
    Tracked,
    HistoryOnly, ///< not on disk any more (or no longer holding it), but in a commit
    Unknown, ///< git is not installed or did not answer
};

enum class Severity {
    Critical, ///< a stored active secret where others can read it (tracked, committed, world-readable)
    High, ///< a stored active secret in plain text, or any secret in git or readable by others
    Medium, ///< a plain-text secret in a private, uncommitted file
};

/** @brief The stored secret a value equals: its environment and slot (empty when none). */
struct StoredMatch
{
    QString environment;
    SecretSlot slot = SecretSlot::Active;

    explicit operator bool() const { return !environment.isEmpty(); }
};

/** @brief What kind of file a finding is in. */
enum class SecretFileKind { Dotenv, Python, Notebook };

/** @brief One place a secret is written in plain text. Holds no value, only where and why. */
struct ScanFinding
{
    QString path; ///< absolute; for HistoryOnly the path the file had in the repository's work tree
    int line = 0; ///< 1-based line in the file (for a notebook, in its JSON text)
    QString variable; ///< "CLIENT_SECRET", "client_secret" (a literal), or empty for a bare value
    SecretFileKind fileKind = SecretFileKind::Dotenv;
    StoredMatch matches; ///< the stored secret it equals, if any
    GitState git = GitState::NotInRepository;
    bool inHistory = false; ///< the value is in a commit (also true for HistoryOnly)
    QString commit; ///< a commit that holds it, abbreviated, when inHistory
    QString repository; ///< the work tree's top directory, when in one
    int mode = -1; ///< POSIX permission bits of the file, -1 when unknown (HistoryOnly)

    [[nodiscard]] bool readableByOthers() const { return mode >= 0 && (mode & 0044); }
    [[nodiscard]] Severity severity() const;
    /** @brief Why it matters, in words, most serious first ("equals the active secret of prod"…). */
    [[nodiscard]] QStringList reasons() const;
};

struct ScanStatistics
{
    qint64 directories = 0;
    qint64 files = 0; ///< files looked at (by name)
    qint64 read = 0; ///< candidate files read (.env, .py, .ipynb) and history blobs
    qint64 skippedLarge = 0;
    qint64 skippedBinary = 0;
    qint64 skippedDirectories = 0; ///< .git, node_modules, virtual environments, caches
    qint64 elapsedMs = 0;
};

struct ScanReport
{
    QStringList roots;
    QList<ScanFinding> findings; ///< most serious first, then by path and line
    ScanStatistics statistics;
    QStringList warnings; ///< limits reached, unreadable directories, git missing
    bool cancelled = false;
};

struct ScanProgress
{
    qint64 directories = 0;
    qint64 files = 0;
    qint64 findings = 0;
    QString directory; ///< the one being read now
};

/**
 * @brief Walks @p roots for plaintext credentials: .env files assigning secret variables or a
 * stored secret, Python files and notebooks holding a stored secret or a hard-coded
 * client_secret=/password= literal. Follows no symbolic link (a root given as one is read),
 * skips .git internals, node_modules, virtual environments and caches, files over the size limit
 * and binary files; then asks git about each repository it met, including its history.
 *
 * Synchronous and thread-safe: run it on a worker thread (SecretScanJob does). @p cancel is
 * polled between files; @p progress is called from the calling thread, at most every 50 ms.
 */
[[nodiscard]] ScanReport scanForSecrets(const QStringList &roots, const QList<KnownSecret> &known,
                                        const ScanLimits &limits, const std::atomic_bool &cancel,
                                        const std::function<void(const ScanProgress &)> &progress = {});

/** @brief "critical", "high", "medium": for --json and the GUI's groups. */
[[nodiscard]] QString severityName(Severity severity);
/** @brief "tracked", "ignored", "untracked", "history-only", "not-in-repository", "unknown". */
[[nodiscard]] QString gitStateName(GitState state);
/** @brief "dotenv", "python", "notebook". */
[[nodiscard]] QString fileKindName(SecretFileKind kind);

/** @brief The one-step remedies of a finding, as commands a person can run (no secret in any). */
struct Remedy
{
    enum class Action { ImportAndStrip, Untrack, AddToGitignore, Rotate, RestrictPermissions, EditFile };
    Action action;
    QString text; ///< what to do, in words
    QString command; ///< the shell command that does it, when there is one
};
[[nodiscard]] QList<Remedy> remediesFor(const ScanFinding &finding);

/**
 * @brief Appends the file's name to the .gitignore beside it (creating it), unless a line already
 * says so. The .gitignore next to the file keeps the rule local and obvious.
 */
[[nodiscard]] bool addToGitignore(const QString &path, QString *error);
/** @brief chmod 600 (owner read and write only). */
[[nodiscard]] bool restrictToOwner(const QString &path, QString *error);

} // namespace bioepic
