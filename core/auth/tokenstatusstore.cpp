#include "tokenstatusstore.h"

#include "common/logging.h"
#include "config/jsonfile.h"

#include <QStandardPaths>

namespace bioepic {

namespace {
QHash<QString, TokenStatus> parse(const QJsonObject &root)
{
    QHash<QString, TokenStatus> result;
    const QJsonObject environments = root.value(QStringLiteral("tokens")).toObject();
    for (auto it = environments.constBegin(); it != environments.constEnd(); ++it) {
        const QJsonObject object = it.value().toObject();
        TokenStatus status;
        status.info = TokenInfo::fromJson(object.value(QStringLiteral("token")).toObject());
        status.lastError = object.value(QStringLiteral("last_error")).toString();
        status.lastErrorRemedy = object.value(QStringLiteral("last_error_remedy")).toString();
        status.lastErrorAt
                = QDateTime::fromString(object.value(QStringLiteral("last_error_at")).toString(), Qt::ISODate);
        const QJsonObject rejected = object.value(QStringLiteral("rejected")).toObject();
        status.rejectedFingerprint = rejected.value(QStringLiteral("fingerprint")).toString();
        status.rejectedAt = QDateTime::fromString(rejected.value(QStringLiteral("at")).toString(), Qt::ISODate);
        status.rejectedReason = rejected.value(QStringLiteral("reason")).toString();
        result.insert(it.key(), status);
    }
    return result;
}

QJsonObject entryJson(const TokenStatus &status)
{
    QJsonObject object;
    if (status.info.isSet())
        object.insert(QStringLiteral("token"), status.info.toJson());
    if (!status.lastError.isEmpty()) {
        object.insert(QStringLiteral("last_error"), status.lastError);
        if (!status.lastErrorRemedy.isEmpty())
            object.insert(QStringLiteral("last_error_remedy"), status.lastErrorRemedy);
        object.insert(QStringLiteral("last_error_at"), status.lastErrorAt.toUTC().toString(Qt::ISODate));
    }
    if (!status.rejectedFingerprint.isEmpty()) {
        object.insert(QStringLiteral("rejected"),
                      QJsonObject{{QStringLiteral("fingerprint"), status.rejectedFingerprint},
                                  {QStringLiteral("at"), status.rejectedAt.toUTC().toString(Qt::ISODate)},
                                  {QStringLiteral("reason"), status.rejectedReason}});
    }
    return object;
}

QJsonObject serialise(const QHash<QString, TokenStatus> &statuses)
{
    QJsonObject environments;
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
        environments.insert(it.key(), entryJson(*it));
    return {{QStringLiteral("version"), 1}, {QStringLiteral("tokens"), environments}};
}

/** The environments whose entry differs between @p before and @p after (added, changed or gone). */
QStringList differingEntries(const QHash<QString, TokenStatus> &before, const QHash<QString, TokenStatus> &after)
{
    QStringList names;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (entryJson(*it) != entryJson(before.value(it.key())))
            names.append(it.key());
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (!after.contains(it.key()) && !entryJson(*it).isEmpty())
            names.append(it.key());
    }
    return names;
}
} // namespace

TokenStatusStore::TokenStatusStore(QString filePath)
    : m_filePath(std::move(filePath))
{
    reload();
}

QString TokenStatusStore::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/state.json");
}

QStringList TokenStatusStore::reload()
{
    if (m_filePath.isEmpty())
        return {};
    const JsonFileContent content = readJsonFile(m_filePath);
    QHash<QString, TokenStatus> loaded;
    if (content.error.ok())
        loaded = parse(content.object);
    else // only a cache of what the keychain and the server know: start empty and overwrite it
        qCWarning(lcConfig) << "ignoring unreadable token state file" << m_filePath << content.error.detail;
    const QStringList differing = differingEntries(m_status, loaded);
    m_status = std::move(loaded);
    return differing;
}

TokenStatus TokenStatusStore::status(const QString &environment) const
{
    return m_status.value(environment);
}

void TokenStatusStore::update(const QString &environment, const std::function<void(TokenStatus &)> &change, bool remove)
{
    // Re-read first: another process (the CLI, the GUI) may have written other environments.
    const JsonFileContent content = m_filePath.isEmpty() ? JsonFileContent{} : readJsonFile(m_filePath);
    if (content.error.ok() && content.existed)
        m_status = parse(content.object);
    if (remove) {
        m_status.remove(environment);
    } else {
        TokenStatus &status = m_status[environment];
        change(status);
    }
    if (!m_filePath.isEmpty()) {
        if (const Error error = writeJsonFile(m_filePath, serialise(m_status)); !error.ok())
            qCWarning(lcConfig) << "cannot save token state:" << error.message << error.detail;
    }
}

void TokenStatusStore::setToken(const QString &environment, const TokenInfo &info)
{
    update(environment, [&](TokenStatus &status) {
        status = {};
        status.info = info;
    });
}

void TokenStatusStore::setError(const QString &environment, const Error &error, const QDateTime &at)
{
    update(environment, [&](TokenStatus &status) {
        status.lastError = error.message;
        status.lastErrorRemedy = error.remedy;
        status.lastErrorAt = at;
    });
}

void TokenStatusStore::setRejected(const QString &environment, const QString &fingerprint, const QString &reason,
                                   const QDateTime &at)
{
    update(environment, [&](TokenStatus &status) {
        status.rejectedFingerprint = fingerprint;
        status.rejectedAt = at;
        status.rejectedReason = reason;
    });
}

void TokenStatusStore::clearRejected(const QString &environment)
{
    if (m_status.value(environment).rejectedFingerprint.isEmpty())
        return;
    update(environment, [](TokenStatus &status) {
        status.rejectedFingerprint.clear();
        status.rejectedAt = {};
        status.rejectedReason.clear();
    });
}

void TokenStatusStore::clear(const QString &environment)
{
    update(environment, {}, true);
}

} // namespace bioepic
