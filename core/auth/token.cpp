#include "token.h"

#include "common/isotime.h"
#include "jwt.h"

#include <QJsonArray>
#include <QTimeZone>

namespace bioepic {

QString expirySourceName(ExpirySource source)
{
    switch (source) {
    case ExpirySource::ExpiresIn:
        return QStringLiteral("expires_in");
    case ExpirySource::ExpiresObject:
        return QStringLiteral("expires");
    case ExpirySource::Jwt:
        return QStringLiteral("jwt");
    case ExpirySource::Default:
        return QStringLiteral("default");
    }
    return {};
}

std::optional<ExpirySource> expirySourceFromName(const QString &name)
{
    for (ExpirySource source :
         {ExpirySource::ExpiresIn, ExpirySource::ExpiresObject, ExpirySource::Jwt, ExpirySource::Default}) {
        if (expirySourceName(source) == name)
            return source;
    }
    return std::nullopt;
}

QString expirySourceDescription(ExpirySource source)
{
    switch (source) {
    case ExpirySource::ExpiresIn:
        return QStringLiteral("seconds stated by the server");
    case ExpirySource::ExpiresObject:
        return QStringLiteral("days, hours and minutes stated by the server");
    case ExpirySource::Jwt:
        return QStringLiteral("the token's own exp claim (no expiry stated in the reply)");
    case ExpirySource::Default:
        return QStringLiteral("a guess: the server stated no expiry, 3600 s assumed");
    }
    return {};
}

QString tokenStateName(TokenState state)
{
    switch (state) {
    case TokenState::None:
        return QStringLiteral("none");
    case TokenState::Valid:
        return QStringLiteral("valid");
    case TokenState::RefreshDue:
        return QStringLiteral("refresh_due");
    case TokenState::Expired:
        return QStringLiteral("expired");
    case TokenState::Rejected:
        return QStringLiteral("rejected");
    case TokenState::Error:
        return QStringLiteral("error");
    }
    return {};
}

TokenState TokenInfo::stateAt(const QDateTime &now) const
{
    if (!isSet())
        return TokenState::None;
    if (now >= expiresAt)
        return TokenState::Expired;
    if (now >= refreshAt)
        return TokenState::RefreshDue;
    return TokenState::Valid;
}

QJsonObject TokenInfo::toJson() const
{
    return {{QStringLiteral("issued_at"), isoUtc(issuedAt)},
            {QStringLiteral("expires_at"), isoUtc(expiresAt)},
            {QStringLiteral("refresh_at"), isoUtc(refreshAt)},
            {QStringLiteral("expiry_source"), expirySourceName(expirySource)},
            {QStringLiteral("clock_skew_s"), clockSkewS},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)},
            {QStringLiteral("fingerprint"), fingerprint},
            {QStringLiteral("token_type"), tokenType}};
}

TokenInfo TokenInfo::fromJson(const QJsonObject &object)
{
    TokenInfo info;
    info.issuedAt = fromIsoUtc(object.value(QStringLiteral("issued_at")).toString());
    info.expiresAt = fromIsoUtc(object.value(QStringLiteral("expires_at")).toString());
    info.refreshAt = fromIsoUtc(object.value(QStringLiteral("refresh_at")).toString());
    info.expirySource = expirySourceFromName(object.value(QStringLiteral("expiry_source")).toString())
                                .value_or(ExpirySource::Default);
    info.clockSkewS = object.value(QStringLiteral("clock_skew_s")).toInteger();
    for (const QJsonValue &warning : object.value(QStringLiteral("warnings")).toArray())
        info.warnings.append(warning.toString());
    info.fingerprint = object.value(QStringLiteral("fingerprint")).toString();
    info.tokenType = object.value(QStringLiteral("token_type")).toString();
    if (!info.refreshAt.isValid())
        info.refreshAt = info.expiresAt;
    return info;
}

namespace {

/** No token lives longer; a larger stated lifetime is a mistake (and would overflow a date). */
constexpr double kLongestLifetimeS = 10.0 * 365 * 86400;

/** A positive number of seconds from a JSON number or numeric string; else why not, in @p why. */
std::optional<qint64> positiveSeconds(const QJsonValue &value, QString *why = nullptr)
{
    double seconds = -1;
    if (value.isDouble())
        seconds = value.toDouble();
    else if (value.isString()) {
        bool ok = false;
        seconds = value.toString().trimmed().toDouble(&ok);
        if (!ok)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (!(seconds > 0)) // NaN too
        return std::nullopt;
    if (seconds > kLongestLifetimeS) {
        if (why)
            *why = QStringLiteral("%1 s is more than ten years, which no token lives").arg(seconds, 0, 'g', 6);
        return std::nullopt;
    }
    return qint64(seconds);
}

/** NMDC {"days":1,"hours":0,"minutes":0}; "seconds" accepted too. */
std::optional<qint64> expiresObjectSeconds(const QJsonValue &value, QStringList &warnings)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    double total = 0;
    bool any = false;
    const std::pair<const char *, double> units[] = {{"days", 86400}, {"hours", 3600}, {"minutes", 60}, {"seconds", 1}};
    for (const auto &[unit, factor] : units) {
        const QJsonValue part = object.value(QLatin1String(unit));
        if (part.isUndefined() || part.isNull())
            continue;
        if (!part.isDouble() || part.toDouble() < 0) {
            warnings.append(
                    QStringLiteral("ignored \"expires\": %1 is not a non-negative number").arg(QLatin1String(unit)));
            return std::nullopt;
        }
        total += part.toDouble() * factor;
        any = true;
    }
    if (!any || !(total > 0)) {
        warnings.append(QStringLiteral("ignored \"expires\": it states no positive duration"));
        return std::nullopt;
    }
    if (total > kLongestLifetimeS) {
        warnings.append(QStringLiteral("ignored \"expires\": %1 s is more than ten years, which no token lives")
                                .arg(total, 0, 'g', 6));
        return std::nullopt;
    }
    return qint64(total);
}

QString signedSeconds(qint64 seconds)
{
    return seconds >= 0 ? QStringLiteral("%1 s ahead of").arg(seconds) : QStringLiteral("%1 s behind").arg(-seconds);
}

} // namespace

TokenInfo resolveExpiry(const ExpiryInput &input)
{
    TokenInfo info;
    const QDateTime now = input.receivedAt.toUTC();
    info.issuedAt = now;
    info.fingerprint = fingerprintOf(input.accessToken);
    info.tokenType = input.reply.value(QStringLiteral("token_type")).toString();

    if (input.serverDate.isValid())
        info.clockSkewS = now.secsTo(input.serverDate);
    const bool skewed = std::abs(info.clockSkewS) > kSkewToleranceS;
    if (skewed) {
        info.warnings.append(QStringLiteral("The server's clock is %1 this computer's; expiry is computed on server "
                                            "time")
                                     .arg(signedSeconds(info.clockSkewS)));
    }

    struct Candidate
    {
        ExpirySource source;
        QDateTime expiresAt;
    };
    QList<Candidate> candidates;

    const QJsonValue expiresIn = input.reply.value(QStringLiteral("expires_in"));
    if (!expiresIn.isUndefined() && !expiresIn.isNull()) {
        QString why = QStringLiteral("not a positive number of seconds");
        if (const auto seconds = positiveSeconds(expiresIn, &why))
            candidates.append({ExpirySource::ExpiresIn, now.addSecs(*seconds)});
        else
            info.warnings.append(QStringLiteral("ignored \"expires_in\": %1").arg(why));
    }
    if (const auto seconds = expiresObjectSeconds(input.reply.value(QStringLiteral("expires")), info.warnings))
        candidates.append({ExpirySource::ExpiresObject, now.addSecs(*seconds)});
    if (const auto jwt = decodeJwt(input.accessToken)) {
        const QJsonValue exp = jwt->claims.value(QStringLiteral("exp"));
        if (const auto seconds = epochSeconds(exp)) {
            // exp is on the server's clock; read it on ours when the two differ noticeably.
            QDateTime expiresAt = QDateTime::fromSecsSinceEpoch(*seconds, QTimeZone::utc());
            if (skewed)
                expiresAt = expiresAt.addSecs(-info.clockSkewS);
            candidates.append({ExpirySource::Jwt, expiresAt});
        } else if (!exp.isUndefined()) {
            info.warnings.append(QStringLiteral("ignored the JWT \"exp\" claim: not a date in seconds"));
        }
    }

    if (candidates.isEmpty()) {
        info.expirySource = ExpirySource::Default;
        info.expiresAt = now.addSecs(kDefaultLifetimeS);
        info.warnings.append(
                QStringLiteral("The server stated no expiry; assuming %1 s (a guess)").arg(kDefaultLifetimeS));
    } else {
        info.expirySource = candidates.first().source;
        info.expiresAt = candidates.first().expiresAt;
        for (qsizetype i = 1; i < candidates.size(); ++i) {
            const qint64 difference = info.expiresAt.secsTo(candidates.at(i).expiresAt);
            if (std::abs(difference) > kSkewToleranceS) {
                info.sourcesDisagree = true;
                info.warnings.append(
                        QStringLiteral("%1 and %2 disagree by %3 s; using %1")
                                .arg(expirySourceName(info.expirySource), expirySourceName(candidates.at(i).source))
                                .arg(std::abs(difference)));
            }
        }
    }

    const qint64 lifetime = now.secsTo(info.expiresAt);
    if (lifetime <= 0) {
        info.warnings.append(QStringLiteral("The token was already expired when it arrived"));
        info.refreshAt = info.expiresAt;
    } else {
        const qint64 buffer = std::min<qint64>(std::max(0, input.refreshBufferS), lifetime / 2);
        info.refreshAt = info.expiresAt.addSecs(-buffer);
    }
    return info;
}

} // namespace bioepic
