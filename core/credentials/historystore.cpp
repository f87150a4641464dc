#include "historystore.h"

#include "common/logging.h"
#include "common/servertext.h"

#include <QDir>
#include <QFile>
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
    QDir().mkpath(m_directory);
    QFile file(filePath(environment));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        qCWarning(lcAuth) << "cannot write history" << file.fileName() << file.errorString();
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n');
    file.close();
    Q_EMIT appended(environment);
    return true;
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
