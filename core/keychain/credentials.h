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
    /**
     * @brief "hmac:1a2b3c4d": tells two credential pairs apart without showing either. An
     * HMAC-SHA256 of identity and secret under this installation's key, which lives in the
     * keychain only (CredentialVault loads it): a fingerprint found in a file or a mailed report
     * cannot be used to test password guesses without the keychain.
     */
    [[nodiscard]] QString fingerprint() const;
    /** @brief The unkeyed "sha256:…" fingerprint of earlier versions: only to recognise and replace old records. */
    [[nodiscard]] QString legacyFingerprint() const;
    /** @brief The keychain value. Contains the secret: only for the keychain. */
    [[nodiscard]] QByteArray toKeychainValue() const;
    [[nodiscard]] static std::optional<Credentials> fromKeychainValue(const QByteArray &value);
    /** @brief Metadata for the settings file (no secret). */
    [[nodiscard]] CredentialMetadata metadata() const;
};

/** @brief The keychain slots of one environment (docs/ARCHITECTURE.md, "The keychain"). */
enum class SecretSlot { Active, Previous, Staged, Token };

/**
 * @brief Sets the key of credential fingerprints (CredentialVault does, from the keychain). Until
 * then a random key of this process is used, never an unkeyed hash.
 */
void setFingerprintKey(const QByteArray &key);
/** @brief True for a fingerprint written by an earlier version (an unkeyed "sha256:…"). */
[[nodiscard]] bool isLegacyFingerprint(const QString &fingerprint);

[[nodiscard]] QString slotName(SecretSlot slot);
/** @brief "<service>/<env>/<slot>": unique across services, since the Windows backend ignores the service. */
[[nodiscard]] QString secretKey(const QString &service, const QString &environment, SecretSlot slot);

} // namespace bioepic
