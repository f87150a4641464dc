#pragma once

#include "config/environment.h"
#include "keychain/credentials.h"
#include "net/apierror.h"
#include "token.h"

#include <QObject>

namespace bioepic {

class HttpClient;

/** @brief The outcome of a token request. */
struct TokenResult
{
    ApiError apiError; ///< set when the server or the network said no
    Error error; ///< the same, or a keychain / configuration failure, for people and exit codes
    Token token;

    [[nodiscard]] bool ok() const { return error.ok(); }
};

/** @brief What a who-am-I call with a token found out. */
struct TokenVerification
{
    bool performed = false; ///< false: the profile has no who-am-I endpoint; nothing was asked
    ApiError apiError; ///< the call's failure (401: the server does not accept the token)
    QString path; ///< the path that was called, e.g. "/users/me"
    int httpStatus = 0;

    [[nodiscard]] bool ok() const { return apiError.ok(); }
    /** @brief The server answered that it does not accept the token (401). */
    [[nodiscard]] bool rejected() const
    {
        return apiError.code == ApiError::Code::TokenInvalid || apiError.code == ApiError::Code::TokenExpired;
    }
};

/**
 * @brief The requests that get and prove a token.
 *
 * requestToken(): POST {base}{token path}, form-encoded, with the client_credentials or password
 * grant; the client id and secret in the form or as HTTP Basic (RFC 6749 §2.3.1). Never follows
 * a redirect (credentials are never re-sent), never retries.
 *
 * verify(): GET {base}{who-am-I path} with the token. Only an endpoint that needs a token proves
 * one: a public one (NMDC's /nmdcschema) answers anything. Without a who-am-I path nothing is
 * asked and the answer says so (performed = false).
 *
 * Each answers exactly once.
 */
class TokenClient final : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const TokenResult &)>;

    explicit TokenClient(HttpClient *http, QObject *parent = nullptr);

    using VerifyCallback = std::function<void(const TokenVerification &)>;

    quint64 requestToken(const Environment &environment, const Credentials &credentials, QObject *context,
                         Callback callback);
    /** @brief Returns the request id, or 0 when the profile has no who-am-I path (answered later, not performed). */
    quint64 verify(const Environment &environment, const Token &token, QObject *context, VerifyCallback callback);
    void abort(quint64 requestId);
    /** @brief "who-am-I (GET /users/me)", or why there is none. */
    [[nodiscard]] static QString verificationName(const Environment &environment);

    /** @brief Reads a 2xx token reply; exposed for tests. */
    [[nodiscard]] static TokenResult parseReply(const struct HttpResponse &response, int refreshBufferS);

private:
    HttpClient *m_http;
};

} // namespace bioepic
