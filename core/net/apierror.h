#pragma once

#include "common/error.h"

#include <QDateTime>
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
        InsecureTransport, ///< not sent: plain http to a remote host, or an unsafe header value
        ReplyTooLarge, ///< the reply passed its size cap and was cut off
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
    qint64 retryAfterS = -1; ///< 429/503 with Retry-After: seconds to wait; -1 when not said
    qint64 timeoutMs = 0; ///< the request's whole-request deadline (Timeout)

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

/**
 * @brief Why a body that should be JSON is not, in a user's words: empty, an HTML page, XML, a body
 * that could not be decompressed or read to the end, or other text.
 */
[[nodiscard]] QString describeNonJson(const HttpResponse &response);

/** @brief An unusable 2xx body. */
[[nodiscard]] ApiError badResponse(const HttpResponse &response, Endpoint endpoint, const QString &why);

/**
 * @brief The one function that turns a response into an ApiError (Code::None for 2xx).
 *
 * Reads network and TLS errors, HTTP statuses, RFC 6749 bodies ({"error","error_description"})
 * and FastAPI bodies ({"detail": "…"} or {"detail": [{"loc","msg"}]}).
 */
[[nodiscard]] ApiError classifyResponse(const HttpResponse &response, Endpoint endpoint);

/** @brief A Retry-After value (seconds or an HTTP-date) as seconds from @p now, at most a day; -1 when unusable. */
[[nodiscard]] qint64 retryAfterSeconds(const QByteArray &value, const QDateTime &now);
/** @brief "1.5 MiB", "12 KiB", "300 bytes". */
[[nodiscard]] QString byteSize(qint64 bytes);

} // namespace bioepic
