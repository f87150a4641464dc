#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>

namespace bioepic {

/** @brief One event in an environment's credential history. Never holds a secret. */
struct HistoryEntry
{
    QDateTime at;
    QString action; ///< "login", "rotate", "rollback", "recover", "discard", "remove"
    QString outcome; ///< "ok", "failed", "canceled"
    QString step; ///< the step that failed ("token", "verify", "swap"…), empty on success
    QString oldFingerprint;
    QString newFingerprint;
    QString message; ///< the reason, in the server's words where there are any
    QString identity; ///< the client id or user name tried or installed (not a secret)

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static HistoryEntry fromJson(const QJsonObject &object);
};

/**
 * @brief Append-only credential history per environment: history/<env>.jsonl under the XDG data
 * dir, one JSON object per line, so a crash can cost at most the line being written.
 */
class HistoryStore final : public QObject
{
    Q_OBJECT

public:
    explicit HistoryStore(QString directory, QObject *parent = nullptr);
    [[nodiscard]] static QString defaultDirectory();

    /** @brief Appends the entry; returns false (with a warning logged) if the file cannot be written. */
    bool append(const QString &environment, const HistoryEntry &entry);
    /**
     * @brief Rewrites the earlier versions' unkeyed fingerprints: each in @p replacements becomes
     * its keyed one; those of failed attempts are dropped.
     */
    void replaceFingerprints(const QString &environment, const QHash<QString, QString> &replacements);
    /** @brief Oldest first. Lines that cannot be read are skipped. */
    [[nodiscard]] QList<HistoryEntry> entries(const QString &environment) const;
    [[nodiscard]] QString filePath(const QString &environment) const;
    [[nodiscard]] QString directory() const { return m_directory; }
    /** @brief The history files there are now, one per environment with a history. */
    [[nodiscard]] QStringList files() const;
    /**
     * @brief Looks at the files again (another process may have written one): appended() for each
     * environment whose file is not as this store last wrote or saw it.
     */
    void noticeChangesElsewhere();

Q_SIGNALS:
    /** @brief The environment's history changed: an entry added here or elsewhere, or entries rewritten. */
    void appended(const QString &environment);

private:
    struct FileStamp
    {
        qint64 size = -1;
        QDateTime modified;
        friend bool operator==(const FileStamp &, const FileStamp &) = default;
    };
    [[nodiscard]] FileStamp stamp(const QString &environment) const;

    QString m_directory;
    QHash<QString, FileStamp> m_seen; ///< each file as last written or announced
};

} // namespace bioepic
