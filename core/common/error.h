#pragma once

#include <QString>

namespace bioepic {

/**
 * @brief The failure classes; each maps to one exit code of bioepic-cred (docs/ARCHITECTURE.md,
 * "Errors and exit codes").
 */
enum class ErrorClass {
    None,
    Failure, ///< exit 1: anything not covered below
    Usage, ///< exit 2: bad command line or invalid setting
    CredentialsRejected, ///< exit 3: 401/403, invalid_client, invalid_grant
    KeychainUnavailable, ///< exit 4: keychain missing, locked or not answering
    Network, ///< exit 5: DNS, connect, TLS, timeout
    BadResponse, ///< exit 6: the server answered something we cannot use
};

[[nodiscard]] int exitCodeFor(ErrorClass errorClass);
[[nodiscard]] QString errorClassName(ErrorClass errorClass);

/**
 * @brief What a flow (login, token, rotation…) reports to the GUI and the CLI.
 *
 * Domain errors (KeychainError, ApiError, field validation) turn into this at the flow's edge.
 */
struct Error
{
    ErrorClass kind = ErrorClass::None;
    QString message; ///< one sentence: what went wrong
    QString remedy; ///< what the user can do about it
    QString detail; ///< technical detail (server text, Qt error string); never a secret
    QString field; ///< the setting or form field concerned, when there is one

    /** @brief A usage error (exit 2): a bad argument or setting, with what to do about it. */
    [[nodiscard]] static Error usage(const QString &message, const QString &remedy = {})
    {
        return {ErrorClass::Usage, message, remedy, {}, {}};
    }

    [[nodiscard]] bool ok() const { return kind == ErrorClass::None; }
    [[nodiscard]] QString fullText() const;
};

} // namespace bioepic
