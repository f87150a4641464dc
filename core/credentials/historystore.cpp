#include "historystore.h"

#include "common/logging.h"
#include "common/privatefiles.h"
#include "common/servertext.h"
#include "keychain/credentials.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

namespace bioepic {

QJsonObject HistoryEntry::toJson() const
{
    QJsonObject object{{QStringLiteral("at"), at.toUTC().toString(Qt::ISODate)},
                       {QStringLiteral("action"), action},
                       {QStringLiteral("outcome"), outcome}};
    const std::pair<const char *, const QString *> optional[] = {{"step", &step},
                                                                 {"old_fingerprint", &oldFingerprint},
                                                                 {"new_fingerprint", &newFingerprint},
                                                                 {"message", &message},
                                                                 {"identity", &identity}};
    for (const auto &[key, value] : optional) {
        if (!value->isEmpty())
            object.insert(QLatin1String(key), *value);
    }
    return object;
}

HistoryEntry HistoryEntry::fromJson(const QJsonObject &object)
{
    HistoryEntry entry;
    entry.at = QDateTime::fromString(object.value(QStringLiteral("at")).toString(), Qt::ISODate);
    entry.action = object.value(QStringLiteral("action")).toString();
    entry.outcome = object.value(QStringLiteral("outcome")).toString();
    entry.step = object.value(QStringLiteral("step")).toString();
    entry.oldFingerprint = object.value(QStringLiteral("old_fingerprint")).toString();
    entry.newFingerprint = object.value(QStringLiteral("new_fingerprint")).toString();
    // History is replayed on terminals and in the GUI: whatever a file (or an older version) holds,
    // it comes back without control characters.
    entry.message = escapeServerText(object.value(QStringLiteral("message")).toString());
    entry.identity = escapeServerText(object.value(QStringLiteral("identity")).toString());
    entry.step = escapeServerText(entry.step);
    entry.action = escapeServerText(entry.action);
    return entry;
}

HistoryStore::HistoryStore(QString directory, QObject *parent)
    : QObject(parent)
    , m_directory(std::move(directory))
{
}

QString HistoryStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/history");
}

QString HistoryStore::filePath(const QString &environment) const
{
    // Environment names are [a-z0-9][a-z0-9_-]*: safe as file names.
    return m_directory + QLatin1Char('/') + environment + QStringLiteral(".jsonl");
}

bool HistoryStore::append(const QString &environment, const HistoryEntry &entry)
{
    HistoryEntry kept = entry;
    // A secret that failed (the server rejected it, or it never got stored) leaves no fingerprint.
    if (kept.outcome != QLatin1String("ok"))
        kept.newFingerprint.clear();
    const QString failure = makePrivateDirectory(m_directory)
            ? appendToPrivateFile(filePath(environment),
                                  QJsonDocument(kept.toJson()).toJson(QJsonDocument::Compact) + '\n')
            : QStringLiteral("cannot create %1").arg(m_directory);
    if (!failure.isEmpty()) {
        qCWarning(lcAuth).noquote() << "cannot write history:" << failure;
        return false;
    }
    m_seen.insert(environment, stamp(environment));
    Q_EMIT appended(environment);
    return true;
}

QStringList HistoryStore::files() const
{
    QStringList paths;
    const QDir folder(m_directory);
    // Not a name filter: QDir turns one into a regular expression, and compiling it maps 460 KB of
    // PCRE2 into the GUI for good.
    for (const QString &name : folder.entryList(QDir::Files)) {
        if (name.endsWith(QLatin1String(".jsonl")))
            paths.append(folder.filePath(name));
    }
    return paths;
}

HistoryStore::FileStamp HistoryStore::stamp(const QString &environment) const
{
    const QFileInfo file(filePath(environment));
    return file.exists() ? FileStamp{file.size(), file.lastModified()} : FileStamp{};
}

void HistoryStore::noticeChangesElsewhere()
{
    QStringList environments = m_seen.keys();
    for (const QString &path : files()) {
        const QString environment = QFileInfo(path).completeBaseName();
        if (!environments.contains(environment))
            environments.append(environment);
    }
    for (const QString &environment : std::as_const(environments)) {
        const FileStamp now = stamp(environment);
        const auto seen = m_seen.constFind(environment);
        if (seen != m_seen.cend() && *seen == now)
            continue;
        if (now.size < 0)
            m_seen.remove(environment); // removed with its environment
        else
            m_seen.insert(environment, now);
        Q_EMIT appended(environment);
    }
}

void HistoryStore::replaceFingerprints(const QString &environment, const QHash<QString, QString> &replacements)
{
    QList<HistoryEntry> all = entries(environment);
    bool changed = false;
    for (HistoryEntry &entry : all) {
        for (QString *fingerprint : {&entry.oldFingerprint, &entry.newFingerprint}) {
            if (!isLegacyFingerprint(*fingerprint))
                continue;
            const QString replacement = replacements.value(*fingerprint);
            // An unkeyed fingerprint of a rejected secret is dropped outright.
            if (!replacement.isEmpty() || entry.outcome != QLatin1String("ok")) {
                *fingerprint = replacement;
                changed = true;
            }
        }
    }
    if (!changed)
        return;
    QByteArray text;
    for (const HistoryEntry &entry : std::as_const(all))
        text += QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n';
    if (const QString failure = writePrivateFile(filePath(environment), text); !failure.isEmpty())
        qCWarning(lcAuth).noquote() << "cannot rewrite history" << filePath(environment) << failure;
    else {
        m_seen.insert(environment, stamp(environment));
        Q_EMIT appended(environment);
    }
}

QList<HistoryEntry> HistoryStore::entries(const QString &environment) const
{
    QList<HistoryEntry> result;
    QFile file(filePath(environment));
    if (!file.open(QIODevice::ReadOnly))
        return result;
    while (!file.atEnd()) {
        const QJsonObject object = QJsonDocument::fromJson(file.readLine()).object();
        if (!object.isEmpty())
            result.append(HistoryEntry::fromJson(object));
    }
    return result;
}

} // namespace bioepic
