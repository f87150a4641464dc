#include "environmentstatus.h"

#include "auth/tokenservice.h"
#include "common/isotime.h"
#include "credentialmanager.h"

#include <QJsonArray>

namespace bioepic {

EnvironmentStatus environmentStatus(const Environment &environment, const CredentialManager &credentials,
                                    const TokenService &tokens, const QDateTime &now)
{
    EnvironmentStatus status;
    status.environment = environment;
    status.credentials = credentials.metadata(environment.name);
    status.sessionOnly = credentials.isSessionOnly(environment.name);
    status.token = tokens.status(environment.name);
    status.tokenState = tokens.state(environment.name);
    if (status.token.info.isSet())
        status.expiresInS = now.secsTo(status.token.info.expiresAt);
    if (status.credentials.stored)
        status.rotation = rotationAge(status.credentials.rotatedAt, environment.rotationDays, now);
    return status;
}

QJsonObject EnvironmentStatus::toJson() const
{
    QJsonObject tokenObject{{QStringLiteral("state"), tokenStateName(tokenState)}};
    const TokenInfo &info = token.info;
    if (info.isSet()) {
        tokenObject.insert(QStringLiteral("issued_at"), isoUtc(info.issuedAt));
        tokenObject.insert(QStringLiteral("expires_at"), isoUtc(info.expiresAt));
        tokenObject.insert(QStringLiteral("expires_in_s"), std::max<qint64>(0, expiresInS));
        tokenObject.insert(QStringLiteral("refresh_at"), isoUtc(info.refreshAt));
        tokenObject.insert(QStringLiteral("expiry_source"), expirySourceName(info.expirySource));
        tokenObject.insert(QStringLiteral("fingerprint"), info.fingerprint);
        tokenObject.insert(QStringLiteral("clock_skew_s"), info.clockSkewS);
        if (!info.warnings.isEmpty())
            tokenObject.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(info.warnings));
    }
    if (tokenState == TokenState::Rejected) {
        tokenObject.insert(QStringLiteral("rejected_at"), isoUtc(token.rejectedAt));
        tokenObject.insert(QStringLiteral("rejected_reason"), token.rejectedReason);
    }
    if (!token.lastError.isEmpty()) {
        tokenObject.insert(QStringLiteral("last_error"), token.lastError);
        if (!token.lastErrorRemedy.isEmpty())
            tokenObject.insert(QStringLiteral("last_error_remedy"), token.lastErrorRemedy);
        tokenObject.insert(QStringLiteral("last_error_at"), isoUtc(token.lastErrorAt));
    }
    QJsonObject object{
            {QStringLiteral("name"), environment.name},
            {QStringLiteral("base_url"), environment.baseUrl.toString()},
            {QStringLiteral("profile"), environment.profileName},
            {QStringLiteral("method"), authMethodName(method())},
            {QStringLiteral("credentials"), credentials.stored ? QStringLiteral("present") : QStringLiteral("missing")},
            {QStringLiteral("token"), tokenObject}};
    if (credentials.stored) {
        object.insert(QStringLiteral("identity"), credentials.identity);
        object.insert(QStringLiteral("storage"), sessionOnly ? QStringLiteral("session") : QStringLiteral("keychain"));
    }
    if (!environment.problem.isEmpty())
        object.insert(QStringLiteral("problem"), environment.problem);
    QJsonObject rotationObject{{QStringLiteral("every_days"), environment.rotationDays}};
    if (rotation.known) {
        rotationObject.insert(QStringLiteral("rotated_at"), isoUtc(credentials.rotatedAt));
        rotationObject.insert(QStringLiteral("age_days"), rotation.ageDays);
        rotationObject.insert(QStringLiteral("due_in_days"), rotation.dueInDays);
    }
    if (credentials.hasPrevious())
        rotationObject.insert(QStringLiteral("previous_fingerprint"), credentials.previousFingerprint);
    if (credentials.hasPending()) {
        rotationObject.insert(QStringLiteral("interrupted"),
                              QJsonObject{{QStringLiteral("operation"), credentials.pendingOperation},
                                          {QStringLiteral("since"), isoUtc(credentials.pendingSince)}});
    }
    if (credentials.hasRetirement()) {
        QJsonObject retire{{QStringLiteral("client_id"), credentials.retireClientId}};
        if (credentials.retireAfter.isValid())
            retire.insert(QStringLiteral("after"), isoUtc(credentials.retireAfter));
        rotationObject.insert(QStringLiteral("old_client_to_retire"), retire);
    }
    object.insert(QStringLiteral("rotation"), rotationObject);
    return object;
}

bool tokenNeedsAttention(const EnvironmentStatus &status, qint64 withinS)
{
    if (!status.credentials.stored || !status.token.info.isSet())
        return false;
    switch (status.tokenState) {
    case TokenState::None:
    case TokenState::Valid:
    case TokenState::Rejected: // shown as such, and the next use replaces it
        return false;
    case TokenState::RefreshDue:
    case TokenState::Error:
        return status.expiresInS <= withinS;
    case TokenState::Expired:
        return true;
    }
    return false;
}

QString formatDuration(qint64 seconds)
{
    const QString sign = seconds < 0 ? QStringLiteral("-") : QString();
    qint64 s = std::abs(seconds);
    const qint64 days = s / 86400;
    const qint64 hours = (s % 86400) / 3600;
    const qint64 minutes = (s % 3600) / 60;
    s %= 60;
    if (days > 0)
        return sign + QStringLiteral("%1d %2h").arg(days).arg(hours);
    if (hours > 0)
        return sign + QStringLiteral("%1h %2m").arg(hours).arg(minutes, 2, 10, QLatin1Char('0'));
    if (minutes > 0)
        return sign + QStringLiteral("%1m %2s").arg(minutes).arg(s, 2, 10, QLatin1Char('0'));
    return sign + QStringLiteral("%1s").arg(s);
}

} // namespace bioepic
