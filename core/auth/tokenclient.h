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

/**
 * @brief One token request: POST {base}{token path}, form-encoded, with the client_credentials
 * or password grant; the client id and secret in the form or as HTTP Basic (RFC 6749 §2.3.1).
 *
 * Never follows a redirect (credentials are never re-sent), never retries, answers exactly once.
 */
class TokenClient final : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const TokenResult &)>;

    explicit TokenClient(HttpClient *http, QObject *parent = nullptr);

    quint64 requestToken(const Environment &environment, const Credentials &credentials, QObject *context,
                         Callback callback);
    void abort(quint64 requestId);

    /** @brief Reads a 2xx token reply; exposed for tests. */
    [[nodiscard]] static TokenResult parseReply(const struct HttpResponse &response, int refreshBufferS);

private:
    HttpClient *m_http;
};

} // namespace bioepic
