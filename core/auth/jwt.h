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

} // namespace bioepic
