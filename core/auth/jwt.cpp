#include "jwt.h"

#include "common/servertext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

#include <cmath>

namespace bioepic {

namespace {
std::optional<QJsonObject> decodePart(const QByteArray &part)
{
    const auto decoded = QByteArray::fromBase64Encoding(part,
                                                        QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals
                                                                | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

QString describeClaimValue(const QString &name, const QJsonValue &value)
{
    static const QStringList dates{QStringLiteral("exp"), QStringLiteral("iat"), QStringLiteral("nbf"),
                                   QStringLiteral("auth_time")};
    if (const auto seconds = dates.contains(name) ? epochSeconds(value) : std::nullopt) {
        return QDateTime::fromSecsSinceEpoch(*seconds, QTimeZone::utc()).toString(Qt::ISODate)
                + QStringLiteral(" (%1)").arg(*seconds);
    }
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return QStringLiteral("null");
}
} // namespace

std::optional<DecodedJwt> decodeJwt(const QByteArray &token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty())
        return std::nullopt;
    const auto header = decodePart(parts.at(0));
    const auto claims = decodePart(parts.at(1));
    if (!header || !claims)
        return std::nullopt;
    return DecodedJwt{*header, *claims};
}

std::optional<qint64> epochSeconds(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double seconds = value.toDouble();
    if (!std::isfinite(seconds) || std::abs(seconds) > 1e12)
        return std::nullopt;
    return qint64(seconds);
}

QString describeClaim(const QString &name, const QJsonValue &value)
{
    return escapeServerText(describeClaimValue(name, value).left(500));
}

} // namespace bioepic
