#pragma once

#include "auth/tokenstatusstore.h"
#include "config/environment.h"
#include "rotationpolicy.h"

#include <QJsonObject>

namespace bioepic {

class CredentialManager;
class TokenService;

/**
 * @brief Everything `status` and the environment list show about one environment, computed
 * without unlocking the keychain: settings, credential metadata, token metadata, rotation age.
 */
struct EnvironmentStatus
{
    Environment environment;
    CredentialMetadata credentials;
    bool sessionOnly = false;
    TokenStatus token;
    TokenState tokenState = TokenState::None;
    qint64 expiresInS = 0;
    RotationAge rotation;

    /** @brief The grant of the stored credentials, else the environment's default for new ones. */
    [[nodiscard]] AuthMethod method() const
    {
        return credentials.stored ? credentials.method : environment.defaultMethod;
    }
    /** @brief The JSON of `status --json` (README); fields may be added, never renamed. */
    [[nodiscard]] QJsonObject toJson() const;
};

[[nodiscard]] EnvironmentStatus environmentStatus(const Environment &environment, const CredentialManager &credentials,
                                                  const TokenService &tokens, const QDateTime &now);

/**
 * @brief Whether a person should be told that @p status's token is about to run out: it expires
 * within @p withinS seconds (or has expired) and nothing is renewing it (the refresh point passed
 * or the last request failed). A valid token that will be refreshed in time needs no warning.
 */
[[nodiscard]] bool tokenNeedsAttention(const EnvironmentStatus &status, qint64 withinS);

/** @brief "9m 12s", "2h 03m", "3d 4h"; negative durations get a leading "-". */
[[nodiscard]] QString formatDuration(qint64 seconds);

} // namespace bioepic
