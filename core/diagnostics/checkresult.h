#pragma once

#include "common/error.h"
#include "net/apierror.h"

#include <QString>

namespace bioepic {

enum class CheckStatus { Pending, Running, Pass, Warn, Fail, Skipped };
[[nodiscard]] QString checkStatusName(CheckStatus status);

/**
 * @brief What a diagnosis step found, as a code: the summary, the exit code and the GUI decide
 * on it, never on the wording of the detail. A failed HTTP request carries Http and the
 * request's own ApiError::Code beside it.
 */
enum class DiagnosisCode {
    None,
    // settings
    UnknownEnvironment,
    InvalidSettings,
    // keychain
    NoCredentials,
    KeychainUnavailable,
    KeychainCorrupt,
    // network probes
    HostNotFound,
    ConnectionRefused,
    ConnectionFailed,
    CertificateUntrusted,
    CertificateExpired,
    CertificateHostMismatch,
    TlsFailed,
    CertificateExpiresSoon,
    Timeout,
    // any HTTP request: see CheckResult::apiCode
    Http,
    // token inspection
    ClockSkew,
    ExpiryGuessed,
    ExpirySourcesDisagree,
    // the authenticated call
    StoredTokenRejected, ///< the cached token was refused; a fresh one was fetched and cached
    NoVerificationCall, ///< the profile has no endpoint that needs a token
    // any step
    Canceled,
    Blocked, ///< skipped because an earlier step failed
};
[[nodiscard]] QString diagnosisCodeName(DiagnosisCode code);

/** @brief The outcome of one check (a probe, a request, an inspection). */
struct CheckResult
{
    CheckStatus status = CheckStatus::Pending;
    DiagnosisCode code = DiagnosisCode::None;
    ApiError::Code apiCode = ApiError::Code::None; ///< with DiagnosisCode::Http
    QString detail; ///< what the check saw
    QString remedy; ///< what to do, for a warning or a failure
    ErrorClass errorClass = ErrorClass::None; ///< for a failure: the exit code's class

    [[nodiscard]] static CheckResult pass(const QString &detail) { return {CheckStatus::Pass, {}, {}, detail, {}, {}}; }
    [[nodiscard]] static CheckResult fail(DiagnosisCode code, ErrorClass errorClass, const QString &detail,
                                          const QString &remedy)
    {
        return {CheckStatus::Fail, code, ApiError::Code::None, detail, remedy, errorClass};
    }
    [[nodiscard]] static CheckResult warn(DiagnosisCode code, const QString &detail, const QString &remedy)
    {
        return {CheckStatus::Warn, code, ApiError::Code::None, detail, remedy, ErrorClass::None};
    }
    [[nodiscard]] static CheckResult skipped(DiagnosisCode code, const QString &why)
    {
        return {CheckStatus::Skipped, code, ApiError::Code::None, why, {}, ErrorClass::None};
    }
    /** @brief A failed request; the remedy comes from the shared table unless given. */
    [[nodiscard]] static CheckResult failedRequest(const ApiError &error, const QString &remedy);
    /** @brief "invalid_client", "host_not_found"…: the API code for Http, else the diagnosis code. */
    [[nodiscard]] QString codeName() const;
};

} // namespace bioepic
