#include "tokenclient.h"

#include "common/logging.h"
#include "common/servertext.h"
#include "jwt.h"
#include "net/httpclient.h"

#include <QJsonDocument>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>

namespace bioepic {

namespace {

QByteArray formEncode(const QList<std::pair<QString, QString>> &fields)
{
    QByteArray body;
    for (const auto &[key, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

} // namespace

TokenClient::TokenClient(HttpClient *http, QObject *parent)
    : QObject(parent)
    , m_http(http)
{
}

quint64 TokenClient::requestToken(const Environment &environment, const Credentials &credentials, QObject *context,
                                  Callback callback)
{
    // Hand-edited settings that fail validation never carry a secret anywhere.
    if (const Error problem = environment.problemError(); !problem.ok()) {
        QPointer<QObject> guard(context);
        QTimer::singleShot(0, this, [guard, callback = std::move(callback), problem] {
            TokenResult result;
            result.error = problem;
            if (guard)
                callback(result);
        });
        return 0;
    }
    HttpRequest request = environment.request(QStringLiteral("token"), environment.profile().tokenPath);
    request.verb = QByteArrayLiteral("POST");
    request.contentType = QByteArrayLiteral("application/x-www-form-urlencoded");
    request.bodyHasSecrets = true;
    request.replyHasSecrets = true;
    request.redirects = RedirectRule::Never;
    request.secretsToScrub = {credentials.secret.reveal()};

    QList<std::pair<QString, QString>> fields;
    switch (credentials.method) {
    case AuthMethod::ClientCredentials:
        fields.append({QStringLiteral("grant_type"), QStringLiteral("client_credentials")});
        if (environment.clientAuth == ClientAuth::Basic) {
            // RFC 6749 §2.3.1: each part form-encoded, then joined with ':' and base64-encoded.
            const QByteArray pair = QUrl::toPercentEncoding(credentials.identity) + ':'
                    + QUrl::toPercentEncoding(credentials.secret.revealString());
            request.authorization = Secret(QByteArrayLiteral("Basic ") + pair.toBase64());
        } else {
            fields.append({QStringLiteral("client_id"), credentials.identity});
            fields.append({QStringLiteral("client_secret"), credentials.secret.revealString()});
        }
        break;
    case AuthMethod::Password:
        fields.append({QStringLiteral("grant_type"), QStringLiteral("password")});
        fields.append({QStringLiteral("username"), credentials.identity});
        fields.append({QStringLiteral("password"), credentials.secret.revealString()});
        break;
    }
    request.body = formEncode(fields);

    const int buffer = environment.refreshBufferS;
    return m_http->send(request, context, [callback = std::move(callback), buffer](const HttpResponse &response) {
        TokenResult result;
        result.apiError = classifyResponse(response, Endpoint::Token);
        if (result.apiError.ok())
            result = parseReply(response, buffer);
        if (!result.apiError.ok())
            result.error = result.apiError.toError();
        qCDebug(lcAuth) << "token request finished:" << (result.ok() ? "ok" : qPrintable(result.apiError.codeName()));
        callback(result);
    });
}

quint64 TokenClient::verify(const Environment &environment, const Token &token, QObject *context,
                            VerifyCallback callback)
{
    const QString path = environment.profile().whoAmIPath;
    if (path.isEmpty()) {
        QPointer<QObject> guard(context);
        QTimer::singleShot(0, this, [guard, callback = std::move(callback)] {
            if (guard)
                callback({});
        });
        return 0;
    }
    HttpRequest request = environment.request(QStringLiteral("whoami"), path);
    request.authorization = Secret(QByteArrayLiteral("Bearer ") + token.accessToken.reveal());
    return m_http->send(request, context, [callback = std::move(callback), path](const HttpResponse &response) {
        TokenVerification verification;
        verification.performed = true;
        verification.path = path;
        verification.httpStatus = response.httpStatus;
        verification.apiError = classifyResponse(response, Endpoint::Api);
        callback(verification);
    });
}

QString TokenClient::verificationName(const Environment &environment)
{
    const QString path = environment.profile().whoAmIPath;
    return path.isEmpty() ? QStringLiteral("no who-am-I endpoint in the %1 profile").arg(environment.profileName)
                          : QStringLiteral("who-am-I (GET %1)").arg(path);
}

void TokenClient::abort(quint64 requestId)
{
    m_http->abort(requestId);
}

TokenResult TokenClient::parseReply(const HttpResponse &response, int refreshBufferS)
{
    TokenResult result;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &parseError);
    if (!document.isObject()) {
        result.apiError = badResponse(response, Endpoint::Token, describeNonJson(response));
        return result;
    }
    const QJsonObject reply = document.object();
    const QJsonValue accessToken = reply.value(QStringLiteral("access_token"));
    if (!accessToken.isString() || accessToken.toString().isEmpty()) {
        result.apiError = badResponse(response, Endpoint::Token, QStringLiteral("the reply has no access_token"));
        return result;
    }
    // The token goes into an Authorization header and onto terminals: only RFC 6750 characters.
    if (!isB64Token(accessToken.toString().toUtf8())) {
        result.apiError = badResponse(response, Endpoint::Token,
                                      QStringLiteral("the access_token holds characters a bearer token cannot have "
                                                     "(RFC 6750 allows letters, digits and - . _ ~ + / =)"));
        return result;
    }
    const QString type = escapeServerText(reply.value(QStringLiteral("token_type")).toString().left(40));
    result.token.accessToken = Secret::fromString(accessToken.toString());
    result.token.info = resolveExpiry(
            {reply, result.token.accessToken.reveal(), response.receivedAt, response.serverDate, refreshBufferS});
    if (!type.isEmpty() && type.compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0)
        result.token.info.warnings.append(QStringLiteral("token_type is \"%1\", not \"bearer\"").arg(type));
    if (const auto jwt = decodeJwt(result.token.accessToken.reveal()))
        result.token.claims = jwt->claims;
    return result;
}

} // namespace bioepic
