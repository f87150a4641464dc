#include "checkresult.h"

#include "net/remedies.h"

namespace bioepic {

QString checkStatusName(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pending:
        return QStringLiteral("pending");
    case CheckStatus::Running:
        return QStringLiteral("running");
    case CheckStatus::Pass:
        return QStringLiteral("pass");
    case CheckStatus::Warn:
        return QStringLiteral("warn");
    case CheckStatus::Fail:
        return QStringLiteral("fail");
    case CheckStatus::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

QString diagnosisCodeName(DiagnosisCode code)
{
    switch (code) {
    case DiagnosisCode::None:
        return QStringLiteral("none");
    case DiagnosisCode::UnknownEnvironment:
        return QStringLiteral("unknown_environment");
    case DiagnosisCode::InvalidSettings:
        return QStringLiteral("invalid_settings");
    case DiagnosisCode::NoCredentials:
        return QStringLiteral("no_credentials");
    case DiagnosisCode::KeychainUnavailable:
        return QStringLiteral("keychain_unavailable");
    case DiagnosisCode::KeychainCorrupt:
        return QStringLiteral("keychain_corrupt");
    case DiagnosisCode::HostNotFound:
        return QStringLiteral("host_not_found");
    case DiagnosisCode::ConnectionRefused:
        return QStringLiteral("connection_refused");
    case DiagnosisCode::ConnectionFailed:
        return QStringLiteral("connection_failed");
    case DiagnosisCode::CertificateUntrusted:
        return QStringLiteral("certificate_untrusted");
    case DiagnosisCode::CertificateExpired:
        return QStringLiteral("certificate_expired");
    case DiagnosisCode::CertificateHostMismatch:
        return QStringLiteral("certificate_host_mismatch");
    case DiagnosisCode::TlsFailed:
        return QStringLiteral("tls_failed");
    case DiagnosisCode::CertificateExpiresSoon:
        return QStringLiteral("certificate_expires_soon");
    case DiagnosisCode::Timeout:
        return QStringLiteral("timeout");
    case DiagnosisCode::Http:
        return QStringLiteral("http");
    case DiagnosisCode::ClockSkew:
        return QStringLiteral("clock_skew");
    case DiagnosisCode::ExpiryGuessed:
        return QStringLiteral("expiry_guessed");
    case DiagnosisCode::ExpirySourcesDisagree:
        return QStringLiteral("expiry_sources_disagree");
    case DiagnosisCode::StoredTokenRejected:
        return QStringLiteral("stored_token_rejected");
    case DiagnosisCode::NoVerificationCall:
        return QStringLiteral("no_verification_call");
    case DiagnosisCode::Canceled:
        return QStringLiteral("canceled");
    case DiagnosisCode::Blocked:
        return QStringLiteral("blocked");
    }
    return {};
}

CheckResult CheckResult::failedRequest(const ApiError &error, const QString &remedy)
{
    CheckResult result;
    result.status = CheckStatus::Fail;
    result.code = DiagnosisCode::Http;
    result.apiCode = error.code;
    result.detail = error.message();
    if (!error.detail.isEmpty() && error.code != ApiError::Code::Redirected)
        result.detail += QStringLiteral(" (") + error.detail + QLatin1Char(')');
    result.remedy = remedy.isEmpty() ? error.remedy() : remedy;
    result.errorClass = error.errorClass();
    return result;
}

QString CheckResult::codeName() const
{
    return code == DiagnosisCode::Http ? apiErrorCodeName(apiCode) : diagnosisCodeName(code);
}

} // namespace bioepic
