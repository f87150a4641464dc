#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace bioepic {

/** @brief The readable parts of a JWT. Nothing here is verified: for display and expiry hints only. */
struct DecodedJwt
{
    QJsonObject header;
    QJsonObject claims;
};

/** @brief Decodes "header.payload.signature" (base64url JSON); nullopt when the token is not a JWT. */
[[nodiscard]] std::optional<DecodedJwt> decodeJwt(const QByteArray &token);

/** @brief A claim's value for display: NumericDate claims (exp, iat, nbf, auth_time) as UTC times. */
[[nodiscard]] QString describeClaim(const QString &name, const QJsonValue &value);
/**
 * @brief A claim holding seconds since the epoch (exp, iat…), when it is a number a date can be
 * (finite, within ±10^12 s); nullopt otherwise, never an out-of-range conversion.
 */
[[nodiscard]] std::optional<qint64> epochSeconds(const QJsonValue &value);

} // namespace bioepic
