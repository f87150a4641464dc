#pragma once

#include "common/secret.h"
#include "config/environment.h"

#include <QDateTime>

namespace bioepic {

/**
 * @brief One credential pair as stored in a keychain slot: a client id and secret, or a user
 * name and password. Serialised as a small JSON object (docs/ARCHITECTURE.md, "The keychain").
 */
struct Credentials
{
    AuthMethod method = AuthMethod::ClientCredentials;
    QString identity; ///< client_id, or username for the password method
    Secret secret; ///< client_secret, or password
    QDateTime createdAt;

    [[nodiscard]] bool isComplete() const { return !identity.isEmpty() && !secret.isEmpty(); }
    /** @brief Fingerprint of identity + secret: tells two credential pairs apart without showing either. */
    [[nodiscard]] QString fingerprint() const;
    /** @brief The keychain value. Contains the secret: only for the keychain. */
    [[nodiscard]] QByteArray toKeychainValue() const;
    [[nodiscard]] static std::optional<Credentials> fromKeychainValue(const QByteArray &value);
    /** @brief Metadata for the settings file (no secret). */
    [[nodiscard]] CredentialMetadata metadata() const;
};

/** @brief The keychain slots of one environment (docs/ARCHITECTURE.md, "The keychain"). */
enum class SecretSlot { Active, Previous, Staged, Token };

[[nodiscard]] QString slotName(SecretSlot slot);
/** @brief "<service>/<env>/<slot>": unique across services, since the Windows backend ignores the service. */
[[nodiscard]] QString secretKey(const QString &service, const QString &environment, SecretSlot slot);

} // namespace bioepic
