#pragma once

#include "keychainerror.h"

#include <QByteArray>
#include <QString>

namespace bioepic {

/**
 * @brief The cached access token of each environment, in a private file sealed under this
 * installation's key (the one in the keychain that also keys fingerprints).
 *
 * Why not the keychain: a token is refreshed every few minutes, and some Secret Service
 * providers make every overwrite expensive (KeePassXC asks "Access Request" for each one and
 * re-saves its database file). The long-lived secrets stay in the keychain; the short-lived token
 * lives here, so a steady state only reads the keychain (the key, once per process).
 *
 * Sealing: a fresh 16-byte nonce per write; the keystream is HMAC-SHA256(encryption key,
 * nonce ‖ block counter), the tag HMAC-SHA256(authentication key, version ‖ environment ‖ nonce ‖
 * ciphertext) (encrypt-then-MAC). Both keys are derived from the installation key, so a copied
 * file is noise without the keychain, and a file moved to another environment's name, truncated or
 * edited does not authenticate and reads as "no cached token".
 */
class TokenCacheFile
{
public:
    explicit TokenCacheFile(QString directory = {})
        : m_directory(std::move(directory))
    {
    }

    [[nodiscard]] bool isEnabled() const { return !m_directory.isEmpty(); }
    [[nodiscard]] QString directory() const { return m_directory; }
    [[nodiscard]] QString filePath(const QString &environment) const;
    [[nodiscard]] bool exists(const QString &environment) const;

    /** @brief NotFound when there is no file, or one that does not authenticate under @p key. */
    [[nodiscard]] KeychainError read(const QString &environment, const QByteArray &key, QByteArray *value) const;
    [[nodiscard]] KeychainError write(const QString &environment, const QByteArray &key, const QByteArray &value) const;
    /** @brief Removing a missing file is not an error. */
    [[nodiscard]] KeychainError remove(const QString &environment) const;

    /** @brief The sealed bytes of @p plaintext (exposed for tests). */
    [[nodiscard]] static QByteArray seal(const QString &environment, const QByteArray &key,
                                         const QByteArray &plaintext);
    /** @brief The plaintext, or nothing when @p sealed does not authenticate. */
    [[nodiscard]] static std::optional<QByteArray> open(const QString &environment, const QByteArray &key,
                                                        const QByteArray &sealed);

private:
    QString m_directory;
};

} // namespace bioepic
