#pragma once

#include "common/error.h"

#include <QString>

namespace bioepic {

/**
 * @brief A failed keychain job, classified from QtKeychain's error code and message
 * (the observed cases are in docs/ARCHITECTURE.md, "The keychain").
 */
struct KeychainError
{
    enum class Code {
        None,
        NotFound, ///< the entry does not exist (not a failure for most callers)
        Locked, ///< the collection is locked or access was denied
        NoService, ///< no Secret Service / keychain reachable (no bus, no provider)
        NotUnlocked, ///< service reachable but its default collection does not exist yet
        BackendMissing, ///< QtKeychain could not load its backend (libsecret missing)
        ModuleMissing, ///< our own keychain module (libbioepic-keychain.so) could not be loaded
        Timeout, ///< no answer in time: a pending unlock prompt or a hung service
        Corrupt, ///< the entry exists but does not hold what we wrote
        File, ///< the token cache file (beside the settings) could not be written or read
        Other,
    };

    Code code = Code::None;
    QString operation; ///< "read", "write" or "delete"
    QString key; ///< the keychain key (never the value)
    QString backendMessage;

    [[nodiscard]] bool ok() const { return code == Code::None; }
    [[nodiscard]] bool isNotFound() const { return code == Code::NotFound; }
    /** @brief About the store, not the entry: locked, not reachable, not answering, not usable. */
    [[nodiscard]] bool isStoreProblem() const;
    [[nodiscard]] QString message() const;
    [[nodiscard]] QString remedy() const;
    [[nodiscard]] ErrorClass errorClass() const;
    [[nodiscard]] Error toError() const;
};

/** @brief Human name of the platform's keychain backend. */
[[nodiscard]] QString keychainBackendName();

/**
 * @brief What a person should know after entries were deleted from this provider (KeePassXC
 * keeps them in its recycle bin), or empty.
 */
[[nodiscard]] QString removedEntriesNote();

/**
 * @brief Classifies QtKeychain's (error code, message) into our codes.
 * @param qtkeychainError the value of QKeychain::Error
 */
[[nodiscard]] KeychainError classifyKeychainError(int qtkeychainError, const QString &message, const QString &operation,
                                                  const QString &key);

} // namespace bioepic
