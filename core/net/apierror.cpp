#include "apierror.h"

#include "httpclient.h"
#include "redaction.h"
#include "remedies.h"

#include "common/servertext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace bioepic {

namespace {

struct ServerText
{
    QString code;
    QString message;
};

/** RFC 6749 {"error","error_description"}, FastAPI {"detail": str | [{loc,msg,type}]}, or {"message"}. */
ServerText parseServerText(const QByteArray &body)
{
    ServerText text;
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (object.isEmpty())
        return text;
    if (object.value(QStringLiteral("error")).isString()) {
        text.code = object.value(QStringLiteral("error")).toString();
        text.message = object.value(QStringLiteral("error_description")).toString();
    }
    const QJsonValue detail = object.value(QStringLiteral("detail"));
    if (detail.isString()) {
        text.message = detail.toString();
    } else if (detail.isArray()) {
        QStringList parts;
        for (const QJsonValue &item : detail.toArray()) {
            const QJsonObject problem = item.toObject();
            QStringList location;
            for (const QJsonValue &part : problem.value(QStringLiteral("loc")).toArray())
                location.append(part.isString() ? part.toString() : QString::number(part.toInt()));
            parts.append(location.join(QLatin1Char('.')) + QStringLiteral(": ")
                         + problem.value(QStringLiteral("msg")).toString());
            if (text.code.isEmpty())
                text.code = problem.value(QStringLiteral("type")).toString();
        }
        text.message = parts.join(QStringLiteral("; "));
    }
    if (text.message.isEmpty() && object.value(QStringLiteral("message")).isString())
        text.message = object.value(QStringLiteral("message")).toString();
    // The server's words are shown, stored in history and logged: never with its control characters.
    text.code = escapeServerText(text.code.left(100));
    text.message = escapeServerText(text.message);
    if (text.message.size() > 300)
        text.message = text.message.left(300) + QStringLiteral("…");
    return text;
}

ApiError::Code networkCode(const HttpResponse &response)
{
    if (!response.refused.isEmpty())
        return ApiError::Code::InsecureTransport;
    if (response.tooLargeLimit)
        return ApiError::Code::ReplyTooLarge;
    if (response.canceled)
        return ApiError::Code::Canceled;
    if (!response.refusedRedirect.isEmpty())
        return ApiError::Code::RedirectRefused;
    if (response.timedOut)
        return ApiError::Code::Timeout;
    if (!response.sslErrors.isEmpty())
        return ApiError::Code::TlsFailure;
    switch (response.networkError) {
    case QNetworkReply::HostNotFoundError:
        return ApiError::Code::HostNotFound;
    case QNetworkReply::ConnectionRefusedError:
        return ApiError::Code::ConnectionRefused;
    case QNetworkReply::SslHandshakeFailedError:
        return ApiError::Code::TlsFailure;
    case QNetworkReply::TimeoutError:
        return ApiError::Code::Timeout;
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return ApiError::Code::RedirectRefused;
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::UnknownProxyError:
        return ApiError::Code::ConnectionFailed;
    default:
        return ApiError::Code::NetworkOther;
    }
}

ApiError::Code httpCode(int status, const ServerText &text, Endpoint endpoint)
{
    const QString code = text.code.toLower();
    if (code == QLatin1String("invalid_client"))
        return ApiError::Code::InvalidClient;
    if (code == QLatin1String("invalid_grant"))
        return ApiError::Code::InvalidGrant;
    if (code == QLatin1String("unauthorized_client"))
        return ApiError::Code::UnauthorizedClient;
    if (code == QLatin1String("unsupported_grant_type"))
        return ApiError::Code::UnsupportedGrantType;
    if (code == QLatin1String("invalid_scope"))
        return ApiError::Code::InvalidScope;
    if (code == QLatin1String("invalid_token"))
        return text.message.contains(QLatin1String("expired"), Qt::CaseInsensitive) ? ApiError::Code::TokenExpired
                                                                                    : ApiError::Code::TokenInvalid;
    if (code == QLatin1String("invalid_request") && status != 401 && status != 403)
        return ApiError::Code::InvalidRequest;

    if (status >= 300 && status < 400)
        return endpoint == Endpoint::Token ? ApiError::Code::Redirected : ApiError::Code::HttpError;
    switch (status) {
    case 400:
        return ApiError::Code::InvalidRequest;
    case 401:
        if (endpoint == Endpoint::Token) {
            // FastAPI servers say which pair was wrong only in words.
            const QString message = text.message.toLower();
            if (message.contains(QLatin1String("username")) || message.contains(QLatin1String("password")))
                return ApiError::Code::InvalidGrant;
            return ApiError::Code::InvalidClient;
        }
        return text.message.contains(QLatin1String("expired"), Qt::CaseInsensitive) ? ApiError::Code::TokenExpired
                                                                                    : ApiError::Code::TokenInvalid;
    case 403:
        return endpoint == Endpoint::Token ? ApiError::Code::UnauthorizedClient : ApiError::Code::Forbidden;
    case 404:
        return ApiError::Code::NotFound;
    case 405:
        return ApiError::Code::MethodNotAllowed;
    case 422:
        return ApiError::Code::ValidationFailed;
    case 429:
        return ApiError::Code::RateLimited;
    default:
        break;
    }
    if (status >= 500)
        return ApiError::Code::ServerError;
    return ApiError::Code::HttpError;
}

QString sslErrorsText(const QList<QSslError> &errors)
{
    QStringList parts;
    for (const QSslError &error : errors)
        parts.append(error.errorString());
    parts.removeDuplicates();
    return parts.join(QStringLiteral("; "));
}

} // namespace

QString describeNonJson(const HttpResponse &response)
{
    const QByteArray encoding = response.header("content-encoding").trimmed();
    if (response.networkError != QNetworkReply::NoError) {
        return encoding.isEmpty() || encoding == "identity"
                ? QStringLiteral("the reply could not be read to the end (%1)").arg(response.networkErrorString)
                : QStringLiteral("the reply could not be decompressed (Content-Encoding: %1): %2")
                          .arg(escapeServerText(encoding.left(40)), response.networkErrorString);
    }
    const QByteArray body = response.body.trimmed();
    if (body.isEmpty()) {
        bool known = false;
        const qint64 declared = response.header("content-length").toLongLong(&known);
        if (!encoding.isEmpty() && encoding != "identity" && known && declared > 0)
            return QStringLiteral("the reply could not be decompressed (Content-Encoding: %1 over %2 bytes)")
                    .arg(escapeServerText(encoding.left(40)))
                    .arg(declared);
        return QStringLiteral("the reply is empty");
    }
    if (body.startsWith('<')) {
        const QByteArray start = body.left(512).toLower();
        if (start.contains("<html") || start.contains("<!doctype html"))
            return QStringLiteral("the reply is an HTML page, not JSON");
        return QStringLiteral("the reply is XML or other markup, not JSON");
    }
    return QStringLiteral("the reply is not a JSON object");
}

ApiError badResponse(const HttpResponse &response, Endpoint endpoint, const QString &why)
{
    ApiError error;
    error.code = ApiError::Code::BadResponse;
    error.endpoint = endpoint;
    error.httpStatus = response.httpStatus;
    error.detail = why;
    error.url = redaction::url(response.url);
    error.host = response.url.host();
    return error;
}

ApiError classifyResponse(const HttpResponse &response, Endpoint endpoint)
{
    ApiError error;
    error.endpoint = endpoint;
    error.httpStatus = response.httpStatus;
    error.url = redaction::url(response.url);
    error.host = response.url.host();
    if (!response.refusedRedirect.isEmpty()) {
        error.code = ApiError::Code::RedirectRefused;
        error.detail = response.refusedRedirect;
        return error;
    }
    if (!response.refused.isEmpty()) {
        error.code = ApiError::Code::InsecureTransport;
        error.detail = response.refused;
        return error;
    }
    if (response.tooLargeLimit) {
        error.code = ApiError::Code::ReplyTooLarge;
        error.detail = QStringLiteral("the limit is %1").arg(byteSize(response.tooLargeLimit));
        return error;
    }
    if (response.timedOut) {
        error.code = ApiError::Code::Timeout;
        error.timeoutMs = response.timeoutMs;
        return error;
    }
    if (response.httpStatus == 0) {
        if (response.networkError == QNetworkReply::NoError && !response.canceled && !response.timedOut) {
            error.code = ApiError::Code::BadResponse;
            error.detail = QStringLiteral("no HTTP status in the reply");
            return error;
        }
        error.code = networkCode(response);
        error.detail = error.code == ApiError::Code::TlsFailure && !response.sslErrors.isEmpty()
                ? sslErrorsText(response.sslErrors)
                : response.networkErrorString;
        if (error.code == ApiError::Code::RedirectRefused && !response.refusedRedirect.isEmpty())
            error.detail = response.refusedRedirect;
        return error;
    }
    if (response.isHttpSuccess()) {
        // A 2xx whose body broke on the way (a lying gzip, a cut connection) is not a success.
        if (response.networkError != QNetworkReply::NoError) {
            error.code = ApiError::Code::BadResponse;
            error.detail = describeNonJson(response);
        }
        return error;
    }
    const ServerText text = parseServerText(response.body);
    error.serverCode = text.code;
    error.serverMessage = text.message;
    error.code = httpCode(response.httpStatus, text, endpoint);
    if (error.code == ApiError::Code::Redirected)
        error.detail = redaction::url(response.url.resolved(QUrl::fromEncoded(response.header("location"))));
    if (response.httpStatus == 429 || response.httpStatus == 503)
        error.retryAfterS = retryAfterSeconds(response.header("retry-after"), response.receivedAt);
    return error;
}

qint64 retryAfterSeconds(const QByteArray &value, const QDateTime &now)
{
    // delta-seconds or an HTTP-date (RFC 9110 §10.2.3); nonsense is ignored, a day is the most believed.
    constexpr qint64 kMaxBelieved = 24 * 3600;
    bool number = false;
    const qint64 seconds = value.trimmed().toLongLong(&number);
    if (number)
        return seconds >= 0 ? std::min(seconds, kMaxBelieved) : -1;
    const QDateTime at = parseHttpDate(value);
    if (!at.isValid() || !now.isValid())
        return -1;
    return std::clamp<qint64>(now.secsTo(at), 0, kMaxBelieved);
}

QString byteSize(qint64 bytes)
{
    if (bytes >= 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(double(bytes) / (1024 * 1024), 0, 'f', bytes % (1024 * 1024) ? 1 : 0);
    if (bytes >= 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024, 0, 'f', bytes % 1024 ? 1 : 0);
    return QStringLiteral("%1 bytes").arg(bytes);
}

ErrorClass ApiError::errorClass() const
{
    switch (code) {
    case Code::None:
        return ErrorClass::None;
    case Code::Canceled:
    case Code::UnsupportedGrantType:
    case Code::InvalidRequest:
    case Code::InvalidScope:
    case Code::ValidationFailed:
        return ErrorClass::Failure;
    case Code::InsecureTransport:
        return ErrorClass::Usage; // a setting to fix, not a server to blame
    case Code::RateLimited: // try again later, as after a network failure
    case Code::Timeout:
    case Code::HostNotFound:
    case Code::ConnectionRefused:
    case Code::ConnectionFailed:
    case Code::TlsFailure:
    case Code::NetworkOther:
        return ErrorClass::Network;
    case Code::InvalidClient:
    case Code::InvalidGrant:
    case Code::UnauthorizedClient:
    case Code::TokenExpired:
    case Code::TokenInvalid:
    case Code::Forbidden:
        return ErrorClass::CredentialsRejected;
    case Code::RedirectRefused:
    case Code::Redirected:
    case Code::NotFound:
    case Code::MethodNotAllowed:
    case Code::ServerError:
    case Code::HttpError:
    case Code::BadResponse:
    case Code::ReplyTooLarge:
        return ErrorClass::BadResponse;
    }
    return ErrorClass::Failure;
}

QString ApiError::codeName() const
{
    return apiErrorCodeName(code);
}

QString apiErrorCodeName(ApiError::Code code)
{
    using Code = ApiError::Code;
    switch (code) {
    case Code::None:
        return QStringLiteral("none");
    case Code::Canceled:
        return QStringLiteral("canceled");
    case Code::Timeout:
        return QStringLiteral("timeout");
    case Code::HostNotFound:
        return QStringLiteral("host_not_found");
    case Code::ConnectionRefused:
        return QStringLiteral("connection_refused");
    case Code::ConnectionFailed:
        return QStringLiteral("connection_failed");
    case Code::TlsFailure:
        return QStringLiteral("tls_failure");
    case Code::RedirectRefused:
        return QStringLiteral("redirect_refused");
    case Code::NetworkOther:
        return QStringLiteral("network_error");
    case Code::InsecureTransport:
        return QStringLiteral("insecure_transport");
    case Code::ReplyTooLarge:
        return QStringLiteral("reply_too_large");
    case Code::InvalidClient:
        return QStringLiteral("invalid_client");
    case Code::InvalidGrant:
        return QStringLiteral("invalid_grant");
    case Code::UnauthorizedClient:
        return QStringLiteral("unauthorized_client");
    case Code::UnsupportedGrantType:
        return QStringLiteral("unsupported_grant_type");
    case Code::InvalidRequest:
        return QStringLiteral("invalid_request");
    case Code::InvalidScope:
        return QStringLiteral("invalid_scope");
    case Code::ValidationFailed:
        return QStringLiteral("validation_failed");
    case Code::Redirected:
        return QStringLiteral("redirected");
    case Code::TokenExpired:
        return QStringLiteral("token_expired");
    case Code::TokenInvalid:
        return QStringLiteral("token_invalid");
    case Code::Forbidden:
        return QStringLiteral("forbidden");
    case Code::NotFound:
        return QStringLiteral("not_found");
    case Code::MethodNotAllowed:
        return QStringLiteral("method_not_allowed");
    case Code::RateLimited:
        return QStringLiteral("rate_limited");
    case Code::ServerError:
        return QStringLiteral("server_error");
    case Code::HttpError:
        return QStringLiteral("http_error");
    case Code::BadResponse:
        return QStringLiteral("bad_response");
    }
    return {};
}

QString ApiError::message() const
{
    const QString status = httpStatus ? QStringLiteral(" (HTTP %1)").arg(httpStatus) : QString();
    QString said;
    if (!serverMessage.isEmpty() || !serverCode.isEmpty()) {
        const QString what = serverCode.isEmpty() ? serverMessage
                : serverMessage.isEmpty()         ? serverCode
                                                  : serverCode + QStringLiteral(": ") + serverMessage;
        said = QStringLiteral(" — the server said \"%1\"").arg(what);
    }
    switch (code) {
    case Code::None:
        return {};
    case Code::Canceled:
        return QStringLiteral("The request to %1 was canceled").arg(host);
    case Code::Timeout:
        return timeoutMs > 0
                ? QStringLiteral("No complete answer from %1 within %2 s").arg(host).arg(timeoutMs / 1000.0)
                : QStringLiteral("No answer from %1 in time").arg(host);
    case Code::InsecureTransport:
        return QStringLiteral("The request to %1 was not sent: %2").arg(host, detail);
    case Code::ReplyTooLarge:
        return QStringLiteral("The answer from %1 was too large and was cut off (%2)").arg(url, detail);
    case Code::HostNotFound:
        return QStringLiteral("Cannot resolve the host name %1").arg(host);
    case Code::ConnectionRefused:
        return QStringLiteral("%1 refused the connection").arg(host);
    case Code::ConnectionFailed:
        return QStringLiteral("The connection to %1 failed").arg(host);
    case Code::TlsFailure:
        return QStringLiteral("The TLS certificate of %1 could not be verified").arg(host);
    case Code::RedirectRefused:
        return QStringLiteral("%1 redirected the request to another address; it was not followed, so that credentials "
                              "and tokens only ever go to the configured host")
                .arg(host);
    case Code::NetworkOther:
        return QStringLiteral("The request to %1 failed").arg(host);
    case Code::InvalidClient:
        return QStringLiteral("The server rejected the client id or client secret%1%2").arg(status, said);
    case Code::InvalidGrant:
        return QStringLiteral("The server rejected the user name or password%1%2").arg(status, said);
    case Code::UnauthorizedClient:
        return QStringLiteral("This client is not allowed to get a token this way%1%2").arg(status, said);
    case Code::UnsupportedGrantType:
        return QStringLiteral("The server does not support this grant type%1%2").arg(status, said);
    case Code::InvalidRequest:
        return endpoint == Endpoint::Token
                ? QStringLiteral("The server refused the token request as malformed%1%2").arg(status, said)
                : QStringLiteral("The server refused the request as malformed%1%2").arg(status, said);
    case Code::InvalidScope:
        return QStringLiteral("The server refused the requested scope%1%2").arg(status, said);
    case Code::ValidationFailed:
        return QStringLiteral("The server could not validate the request%1%2").arg(status, said);
    case Code::Redirected:
        return QStringLiteral("The token endpoint answered with a redirect to %1%2; credentials are never re-sent to a "
                              "redirect target")
                .arg(detail, status);
    case Code::TokenExpired:
        return QStringLiteral("The server says the access token has expired%1%2").arg(status, said);
    case Code::TokenInvalid:
        return QStringLiteral("The server rejected the access token%1%2").arg(status, said);
    case Code::Forbidden:
        return QStringLiteral("The credentials are valid but not allowed to do this%1%2").arg(status, said);
    case Code::NotFound:
        return QStringLiteral("Nothing at %1%2%3").arg(url, status, said);
    case Code::MethodNotAllowed:
        return QStringLiteral("%1 does not accept this request method%2").arg(url, status);
    case Code::RateLimited:
        return retryAfterS >= 0 ? QStringLiteral("Too many requests to %1%2; the server asks to retry in %3 s")
                                          .arg(host, status)
                                          .arg(retryAfterS)
                                : QStringLiteral("Too many requests to %1%2").arg(host, status);
    case Code::ServerError:
        return QStringLiteral("The server at %1 failed%2%3").arg(host, status, said);
    case Code::HttpError:
        return QStringLiteral("Unexpected answer from %1%2%3").arg(url, status, said);
    case Code::BadResponse:
        return QStringLiteral("The answer from %1 could not be used").arg(url);
    }
    return {};
}

QString ApiError::remedy() const
{
    return remedyFor(code, endpoint);
}

Error ApiError::toError() const
{
    QString technical = detail;
    if (code == Code::Redirected || code == Code::InsecureTransport || code == Code::ReplyTooLarge)
        technical.clear(); // already in the message
    return {errorClass(), message(), remedy(), technical, {}};
}

} // namespace bioepic
