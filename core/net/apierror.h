#pragma once

#include "common/error.h"

#include <QString>

namespace bioepic {

struct HttpResponse;

/** @brief Which kind of endpoint answered: the wording and the classification differ. */
enum class Endpoint {
    Token, ///< POST {base}/token
    Api, ///< a call made with a Bearer token (search, who-am-I)
    Public ///< a call without credentials (health, version)
};

/**
 * @brief A failed API request, classified into an exit class, with the server's own words.
 */
struct ApiError
{
    enum class Code {
        None,
        // before any HTTP status
        Canceled,
        Timeout,
        HostNotFound,
        ConnectionRefused,
        ConnectionFailed,
        TlsFailure,
        RedirectRefused,
        NetworkOther,
        // token endpoint (RFC 6749 §5.2 codes, or their FastAPI equivalents)
        InvalidClient,
        InvalidGrant,
        UnauthorizedClient,
        UnsupportedGrantType,
        InvalidRequest,
        InvalidScope,
        ValidationFailed, ///< HTTP 422 (FastAPI)
        Redirected, ///< the token endpoint answered 3xx
        // calls made with a token
        TokenExpired,
        TokenInvalid,
        Forbidden,
        // any endpoint
        NotFound,
        MethodNotAllowed,
        RateLimited,
        ServerError,
        HttpError,
        BadResponse, ///< 2xx but unusable (not JSON, missing access_token…)
    };

    Code code = Code::None;
    Endpoint endpoint = Endpoint::Api;
    int httpStatus = 0;
    QString serverCode; ///< RFC 6749 "error", or the FastAPI detail "type"
    QString serverMessage; ///< "error_description" or FastAPI "detail", scrubbed of request secrets
    QString detail; ///< Qt's error text, TLS errors, or what was wrong with a 2xx body
    QString url; ///< redacted request URL
    QString host;

    [[nodiscard]] bool ok() const { return code == Code::None; }
    [[nodiscard]] ErrorClass errorClass() const;
    [[nodiscard]] QString message() const;
    [[nodiscard]] QString remedy() const;
    [[nodiscard]] Error toError() const;
    /** @brief Stable identifier for JSON output and tests, e.g. "invalid_client". */
    [[nodiscard]] QString codeName() const;
};

/** @brief Stable identifier of a code, e.g. "invalid_client". */
[[nodiscard]] QString apiErrorCodeName(ApiError::Code code);

/** @brief An unusable 2xx body. */
[[nodiscard]] ApiError badResponse(const HttpResponse &response, Endpoint endpoint, const QString &why);

/**
 * @brief The one function that turns a response into an ApiError (Code::None for 2xx).
 *
 * Reads network and TLS errors, HTTP statuses, RFC 6749 bodies ({"error","error_description"})
 * and FastAPI bodies ({"detail": "…"} or {"detail": [{"loc","msg"}]}).
 */
[[nodiscard]] ApiError classifyResponse(const HttpResponse &response, Endpoint endpoint);

} // namespace bioepic
