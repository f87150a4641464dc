#pragma once

#include "secretscan.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>

namespace bioepic {

/**
 * @brief What git knows about files in a work tree: tracked, ignored, and every version the
 * history holds. Runs the git program (synchronously: SecretScanJob calls it on its worker
 * thread), each command bounded in time and output, with the repository's hooks, fsmonitor and
 * pager switched off, so that scanning a repository someone else prepared runs none of its code.
 */
class GitFacts
{
public:
    explicit GitFacts(int timeoutMs);

    [[nodiscard]] bool available() const { return !m_git.isEmpty(); }

    /** @brief Tracked, Ignored or Untracked for each of @p paths (absolute, inside @p repository). */
    [[nodiscard]] QHash<QString, GitState> states(const QString &repository, const QStringList &paths,
                                                  QString *problem) const;

    struct Blob
    {
        QByteArray id;
        QString path; ///< relative to the work tree's top
        QByteArray content;
    };
    /**
     * @brief Each distinct version, in any commit of any branch or tag, of the files whose name
     * @p wanted accepts: newest first, at most @p maxBlobs, none over @p maxBytes.
     */
    [[nodiscard]] QList<Blob> historyBlobs(const QString &repository,
                                           const std::function<bool(const QString &)> &wanted, int maxBlobs,
                                           qint64 maxBytes, const std::atomic_bool &cancel, QString *problem) const;
    /** @brief An abbreviated commit that added or removed @p blob (to name in a finding). */
    [[nodiscard]] QString commitHolding(const QString &repository, const QByteArray &blob) const;

private:
    struct Result
    {
        bool ok = false;
        QByteArray out;
        QString problem;
    };
    [[nodiscard]] Result run(const QString &repository, const QStringList &arguments, const QByteArray &input = {},
                             qint64 maxOutput = 16 << 20) const;

    QString m_git;
    int m_timeoutMs;
};

} // namespace bioepic
