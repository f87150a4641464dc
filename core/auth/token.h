#pragma once

#include "common/secret.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace bioepic {

/** @brief Where a token's expiry came from, in the order they are tried (docs/ARCHITECTURE.md, "API profiles"). */
enum class ExpirySource {
    ExpiresIn, ///< "expires_in": seconds
    ExpiresObject, ///< NMDC "expires": {"days","hours","minutes"}
    Jwt, ///< the JWT "exp" claim
    Default, ///< nothing usable: 3600 s assumed (a guess)
};
[[nodiscard]] QString expirySourceName(ExpirySource source);
[[nodiscard]] std::optional<ExpirySource> expirySourceFromName(const QString &name);
/** @brief For people: "expires_in (seconds, from the server)". */
[[nodiscard]] QString expirySourceDescription(ExpirySource source);

/**
 * @brief What is known of an environment's token. Rejected: within its lifetime, but the server
 * answered 401 to a call made with it (revoked, or the server's signing key changed).
 */
enum class TokenState { None, Valid, RefreshDue, Expired, Rejected, Error };
[[nodiscard]] QString tokenStateName(TokenState state);

/** @brief Everything about a token except the token itself; safe to store in a settings-side file. */
struct TokenInfo
{
    QDateTime issuedAt; ///< local time the reply arrived
    QDateTime expiresAt; ///< local time
    QDateTime refreshAt; ///< expiresAt minus the buffer (at most half the lifetime)
    ExpirySource expirySource = ExpirySource::Default;
    qint64 clockSkewS = 0; ///< server clock minus local clock, from the Date header
    QStringList warnings;
    QString fingerprint;
    QString tokenType;
    bool sourcesDisagree = false; ///< the reply's expiry and the JWT exp differ by more than kSkewToleranceS

    [[nodiscard]] bool isSet() const { return expiresAt.isValid(); }
    [[nodiscard]] TokenState stateAt(const QDateTime &now) const;
    [[nodiscard]] qint64 lifetimeS() const { return issuedAt.secsTo(expiresAt); }
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static TokenInfo fromJson(const QJsonObject &object);
};

/** @brief An access token and what we know about it. */
struct Token
{
    Secret accessToken;
    TokenInfo info;
    QJsonObject claims; ///< decoded JWT claims, when the token is a JWT (display only, never trusted)

    [[nodiscard]] bool isSet() const { return !accessToken.isEmpty() && info.isSet(); }
};

/** @brief What resolveExpiry() needs from a token reply. */
struct ExpiryInput
{
    QJsonObject reply; ///< the token endpoint's JSON object
    QByteArray accessToken; ///< to read a JWT exp claim
    QDateTime receivedAt; ///< local time the reply arrived
    QDateTime serverDate; ///< the reply's Date header (invalid when absent)
    int refreshBufferS = 300;
};

inline constexpr qint64 kDefaultLifetimeS = 3600;
inline constexpr qint64 kSkewToleranceS = 60;

/**
 * @brief Expiry resolution: expires_in → expires{} → JWT exp → 3600 s default.
 *
 * Records the source, warns when sources disagree by more than 60 s or when the server's clock
 * differs from ours by more than 60 s (absolute times are then read on server time), and sets
 * refreshAt to expiry minus the buffer, never more than half the lifetime.
 */
[[nodiscard]] TokenInfo resolveExpiry(const ExpiryInput &input);

} // namespace bioepic
