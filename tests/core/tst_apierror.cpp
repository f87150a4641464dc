// Error mapping: RFC 6749 and FastAPI bodies, HTTP statuses, network and TLS errors → exit classes.
#include "auth/tokenclient.h"
#include "common/servertext.h"
#include "net/apierror.h"
#include "net/httpclient.h"
#include "net/remedies.h"

#include <QTest>
#include <QTimeZone>

using namespace bioepic;

Q_DECLARE_METATYPE(ApiError::Code)
Q_DECLARE_METATYPE(Endpoint)
Q_DECLARE_METATYPE(RemedyContext)

class TestApiError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classify_data();
    void classify();
    void exitCodes();
    void tokenReplyParsing_data();
    void tokenReplyParsing();
    void serverTextIsQuotedButNotRequestSecrets();
    void remedies_data();
    void remedies();
    void everyFailureHasARemedy();
    void hostileReplies();
    void serverTextIsEscaped();
};

void TestApiError::classify_data()
{
    QTest::addColumn<Endpoint>("endpoint");
    QTest::addColumn<QNetworkReply::NetworkError>("networkError");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ApiError::Code>("code");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("messageContains");

    using C = ApiError::Code;
    const auto none = QNetworkReply::NoError;
    const auto http
            = QNetworkReply::ContentAccessDenied; // what QNAM reports alongside a 4xx; ignored when a status exists

    QTest::newRow("2xx is not an error") << Endpoint::Token << none << 200 << QByteArray("{}") << C::None << 0 << "";
    QTest::newRow("RFC 6749 invalid_client")
            << Endpoint::Token << http << 401
            << QByteArray(R"({"error":"invalid_client","error_description":"Client authentication failed"})")
            << C::InvalidClient << 3 << "Client authentication failed";
    QTest::newRow("RFC 6749 invalid_grant on 400")
            << Endpoint::Token << http << 400
            << QByteArray(R"({"error":"invalid_grant","error_description":"bad password"})") << C::InvalidGrant << 3
            << "user name or password";
    QTest::newRow("RFC 6749 unauthorized_client")
            << Endpoint::Token << http << 400 << QByteArray(R"({"error":"unauthorized_client"})")
            << C::UnauthorizedClient << 3 << "not allowed";
    QTest::newRow("RFC 6749 unsupported_grant_type")
            << Endpoint::Token << http << 400 << QByteArray(R"({"error":"unsupported_grant_type"})")
            << C::UnsupportedGrantType << 1 << "grant type";
    QTest::newRow("RFC 6749 invalid_request")
            << Endpoint::Token << http << 400
            << QByteArray(R"({"error":"invalid_request","error_description":"missing client_id"})") << C::InvalidRequest
            << 1 << "missing client_id";
    QTest::newRow("FastAPI wrong client")
            << Endpoint::Token << http << 401 << QByteArray(R"({"detail":"Incorrect client_id or client_secret"})")
            << C::InvalidClient << 3 << "Incorrect client_id or client_secret";
    QTest::newRow("FastAPI wrong password")
            << Endpoint::Token << http << 401 << QByteArray(R"({"detail":"Incorrect username or password"})")
            << C::InvalidGrant << 3 << "Incorrect username or password";
    QTest::newRow("FastAPI 422 validation list")
            << Endpoint::Token << http << 422
            << QByteArray(
                       R"({"detail":[{"loc":["body","grant_type"],"msg":"field required","type":"value_error.missing"}]})")
            << C::ValidationFailed << 1 << "body.grant_type: field required";
    QTest::newRow("FastAPI 422, pydantic 2, on a search")
            << Endpoint::Api << http << 422
            << QByteArray(R"({"detail":[{"type":"int_parsing","loc":["query","max_page_size"],"msg":"Input should be )"
                          R"(a valid integer, unable to parse string as an integer","input":"ten"},{"type":"missing",)"
                          R"("loc":["query","filter"],"msg":"Field required","input":null}]})")
            << C::ValidationFailed << 1
            << "query.max_page_size: Input should be a valid integer, unable to parse string as an integer; "
               "query.filter: Field required";
    QTest::newRow("401 with an HTML body") << Endpoint::Token << http << 401 << QByteArray("<html>nope</html>")
                                           << C::InvalidClient << 3 << "client id or client secret";
    QTest::newRow("403 at the token endpoint")
            << Endpoint::Token << http << 403 << QByteArray() << C::UnauthorizedClient << 3 << "not allowed";
    QTest::newRow("404 wrong base URL") << Endpoint::Token << QNetworkReply::ContentNotFoundError << 404
                                        << QByteArray(R"({"detail":"Not Found"})") << C::NotFound << 6 << "Nothing at";
    QTest::newRow("405") << Endpoint::Token << http << 405 << QByteArray() << C::MethodNotAllowed << 6
                         << "request method";
    QTest::newRow("429") << Endpoint::Api << http << 429 << QByteArray() << C::RateLimited << 5 << "Too many";
    QTest::newRow("500") << Endpoint::Token << QNetworkReply::InternalServerError << 500 << QByteArray("boom")
                         << C::ServerError << 6 << "failed (HTTP 500)";
    QTest::newRow("503") << Endpoint::Api << QNetworkReply::ServiceUnavailableError << 503
                         << QByteArray(R"({"error":"temporarily_unavailable"})") << C::ServerError << 6 << "HTTP 503";
    QTest::newRow("302 at the token endpoint")
            << Endpoint::Token << none << 302 << QByteArray() << C::Redirected << 6 << "redirect";
    QTest::newRow("418 other status") << Endpoint::Api << http << 418 << QByteArray() << C::HttpError << 6
                                      << "Unexpected answer";
    QTest::newRow("API 401 expired") << Endpoint::Api << http << 401
                                     << QByteArray(R"({"detail":"Access token has expired"})") << C::TokenExpired << 3
                                     << "expired";
    QTest::newRow("API 401 invalid") << Endpoint::Api << http << 401
                                     << QByteArray(R"({"detail":"Access token is invalid or was revoked"})")
                                     << C::TokenInvalid << 3 << "rejected the access token";
    QTest::newRow("API invalid_token RFC 6750")
            << Endpoint::Api << http << 401
            << QByteArray(R"({"error":"invalid_token","error_description":"The access token expired"})")
            << C::TokenExpired << 3 << "expired";
    QTest::newRow("API 403") << Endpoint::Api << http << 403 << QByteArray(R"({"detail":"Not permitted"})")
                             << C::Forbidden << 3 << "not allowed to do this";
    QTest::newRow("host not found") << Endpoint::Token << QNetworkReply::HostNotFoundError << 0 << QByteArray()
                                    << C::HostNotFound << 5 << "Cannot resolve";
    QTest::newRow("connection refused") << Endpoint::Token << QNetworkReply::ConnectionRefusedError << 0 << QByteArray()
                                        << C::ConnectionRefused << 5 << "refused the connection";
    QTest::newRow("remote closed") << Endpoint::Api << QNetworkReply::RemoteHostClosedError << 0 << QByteArray()
                                   << C::ConnectionFailed << 5 << "connection";
    QTest::newRow("TLS handshake") << Endpoint::Token << QNetworkReply::SslHandshakeFailedError << 0 << QByteArray()
                                   << C::TlsFailure << 5 << "TLS certificate";
}

void TestApiError::classify()
{
    QFETCH(Endpoint, endpoint);
    QFETCH(QNetworkReply::NetworkError, networkError);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(ApiError::Code, code);
    QFETCH(int, exitCode);
    QFETCH(QString, messageContains);

    HttpResponse response;
    response.url = QUrl(QStringLiteral("https://api.example.org/token?x=1"));
    response.networkError = networkError;
    response.networkErrorString = QStringLiteral("Qt says no");
    response.httpStatus = status;
    response.body = body;
    if (status == 302)
        response.headers.insert("location", "https://elsewhere.example.org/token");
    const ApiError error = classifyResponse(response, endpoint);
    QCOMPARE(error.code, code);
    QCOMPARE(exitCodeFor(error.errorClass()), exitCode);
    QVERIFY2(error.message().contains(messageContains), qPrintable(error.message()));
    if (code != ApiError::Code::None) {
        QVERIFY2(!error.remedy().isEmpty() || code == ApiError::Code::Canceled, "every failure has a remedy");
        QVERIFY2(!error.message().contains(QLatin1String("x=1")), "no query strings in messages");
    }
}

void TestApiError::exitCodes()
{
    QCOMPARE(exitCodeFor(ErrorClass::None), 0);
    QCOMPARE(exitCodeFor(ErrorClass::Failure), 1);
    QCOMPARE(exitCodeFor(ErrorClass::Usage), 2);
    QCOMPARE(exitCodeFor(ErrorClass::CredentialsRejected), 3);
    QCOMPARE(exitCodeFor(ErrorClass::KeychainUnavailable), 4);
    QCOMPARE(exitCodeFor(ErrorClass::Network), 5);
    QCOMPARE(exitCodeFor(ErrorClass::BadResponse), 6);

    HttpResponse timedOut;
    timedOut.url = QUrl(QStringLiteral("https://api.example.org/token"));
    timedOut.networkError = QNetworkReply::OperationCanceledError;
    timedOut.timedOut = true;
    QCOMPARE(classifyResponse(timedOut, Endpoint::Token).code, ApiError::Code::Timeout);
    HttpResponse canceled = timedOut;
    canceled.timedOut = false;
    canceled.canceled = true;
    QCOMPARE(classifyResponse(canceled, Endpoint::Token).code, ApiError::Code::Canceled);
    HttpResponse refused = canceled;
    refused.canceled = false;
    refused.refusedRedirect = QStringLiteral("https://evil.example.net/steal");
    const ApiError redirect = classifyResponse(refused, Endpoint::Api);
    QCOMPARE(redirect.code, ApiError::Code::RedirectRefused);
    QCOMPARE(exitCodeFor(redirect.errorClass()), 6);
    HttpResponse tls = canceled;
    tls.canceled = false;
    tls.networkError = QNetworkReply::SslHandshakeFailedError;
    tls.sslErrors = {QSslError(QSslError::SelfSignedCertificate)};
    const ApiError tlsError = classifyResponse(tls, Endpoint::Token);
    QCOMPARE(tlsError.code, ApiError::Code::TlsFailure);
    QVERIFY2(tlsError.detail.contains(QLatin1String("self-signed"), Qt::CaseInsensitive), qPrintable(tlsError.detail));
}

void TestApiError::tokenReplyParsing_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("detailContains");
    QTest::newRow("good") << QByteArray(R"({"access_token":"abc","token_type":"bearer","expires_in":60})") << true
                          << "";
    QTest::newRow("HTML page") << QByteArray("<!doctype html><html></html>") << false << "HTML page";
    QTest::newRow("empty") << QByteArray() << false << "empty";
    QTest::newRow("array") << QByteArray("[1,2]") << false << "not a JSON object";
    QTest::newRow("no access_token") << QByteArray(R"({"expires_in":60})") << false << "no access_token";
    QTest::newRow("access_token not a string") << QByteArray(R"({"access_token":42})") << false << "no access_token";
    QTest::newRow("odd token_type") << QByteArray(R"({"access_token":"abc","token_type":"mac"})") << true << "";
    QTest::newRow("XML") << QByteArray("<?xml version=\"1.0\"?><token/>") << false << "XML";
    QTest::newRow("header injection in the token")
            << QByteArray(R"({"access_token":"abc\r\nX-Injected: yes"})") << false << "RFC 6750";
    QTest::newRow("escape sequence in the token")
            << QByteArray(R"({"access_token":"abc\u001b]0;owned\u0007"})") << false << "RFC 6750";
    QTest::newRow("space in the token") << QByteArray(R"({"access_token":"a b"})") << false << "RFC 6750";
    QTest::newRow("b64token with padding") << QByteArray(R"({"access_token":"aZ09-._~+/=="})") << true << "";
    QTest::newRow("'=' inside the token") << QByteArray(R"({"access_token":"a=b"})") << false << "RFC 6750";
}

void TestApiError::tokenReplyParsing()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(QString, detailContains);
    HttpResponse response;
    response.url = QUrl(QStringLiteral("https://api.example.org/token"));
    response.httpStatus = 200;
    response.body = body;
    response.receivedAt = QDateTime::currentDateTimeUtc();
    const TokenResult result = TokenClient::parseReply(response, 300);
    QCOMPARE(result.apiError.ok(), ok);
    if (ok) {
        QVERIFY(result.token.isSet());
        if (body.contains("mac"))
            QVERIFY(result.token.info.warnings.join(QLatin1Char(' ')).contains(QLatin1String("not \"bearer\"")));
    } else {
        QCOMPARE(result.apiError.code, ApiError::Code::BadResponse);
        QCOMPARE(exitCodeFor(result.apiError.errorClass()), 6);
        QVERIFY2(result.apiError.detail.contains(detailContains), qPrintable(result.apiError.detail));
    }
}

void TestApiError::serverTextIsQuotedButNotRequestSecrets()
{
    // HttpClient scrubs request secrets out of every body before anyone reads it; a hostile
    // server echoing the secret therefore cannot get it into a message.
    HttpResponse response;
    response.url = QUrl(QStringLiteral("https://api.example.org/token"));
    response.httpStatus = 401;
    response.body = R"({"error":"invalid_client","error_description":"secret <redacted> is wrong"})";
    const ApiError error = classifyResponse(response, Endpoint::Token);
    QVERIFY(error.message().contains(QLatin1String("secret <redacted> is wrong")));
}

void TestApiError::remedies_data()
{
    QTest::addColumn<ApiError::Code>("code");
    QTest::addColumn<Endpoint>("endpoint");
    QTest::addColumn<RemedyContext>("context");
    QTest::addColumn<QString>("contains");

    using C = ApiError::Code;
    const auto request = RemedyContext::Request;
    QTest::newRow("timeout") << C::Timeout << Endpoint::Api << request << "timeout_s";
    QTest::newRow("tls never off") << C::TlsFailure << Endpoint::Token << request << "never switched off";
    QTest::newRow("invalid_client") << C::InvalidClient << Endpoint::Token << request << "prod vs dev";
    QTest::newRow("422 at the token endpoint names client_auth")
            << C::ValidationFailed << Endpoint::Token << request << "client_auth";
    QTest::newRow("422 elsewhere names the parameters")
            << C::ValidationFailed << Endpoint::Api << request << "request's parameters";
    QTest::newRow("invalid_client in the diagnosis names the rotation")
            << C::InvalidClient << Endpoint::Token << RemedyContext::DiagnosisToken
            << "bioepic-cred rotate {environment}";
    QTest::newRow("404 in the token step")
            << C::NotFound << Endpoint::Token << RemedyContext::DiagnosisToken << "no token endpoint at {url}";
    QTest::newRow("403 in the api call") << C::Forbidden << Endpoint::Api << RemedyContext::DiagnosisApiCall
                                         << "lack the permission for {call}";
    QTest::newRow("a context without its own entry falls back")
            << C::ServerError << Endpoint::Api << RemedyContext::DiagnosisApiCall << "Try again later";
    QTest::newRow("canceled needs no remedy") << C::Canceled << Endpoint::Api << request << "";
}

void TestApiError::remedies()
{
    QFETCH(ApiError::Code, code);
    QFETCH(Endpoint, endpoint);
    QFETCH(RemedyContext, context);
    QFETCH(QString, contains);
    const QString remedy = remedyFor(code, endpoint, context);
    if (contains.isEmpty())
        QVERIFY2(remedy.isEmpty(), qPrintable(remedy));
    else
        QVERIFY2(remedy.contains(contains), qPrintable(remedy));
    ApiError error;
    error.code = code;
    error.endpoint = endpoint;
    if (context == RemedyContext::Request)
        QCOMPARE(error.remedy(), remedy); // one table for the error and the diagnosis
    QCOMPARE(fillRemedy(QStringLiteral("rotate {environment} at {url}"),
                        {{QStringLiteral("environment"), QStringLiteral("lab")},
                         {QStringLiteral("url"), QStringLiteral("https://x/token")}}),
             QStringLiteral("rotate lab at https://x/token"));
}

void TestApiError::everyFailureHasARemedy()
{
    for (int value = int(ApiError::Code::Canceled) + 1; value <= int(ApiError::Code::BadResponse); ++value) {
        for (const Endpoint endpoint : {Endpoint::Token, Endpoint::Api, Endpoint::Public}) {
            const auto code = ApiError::Code(value);
            QVERIFY2(!remedyFor(code, endpoint).isEmpty(), qPrintable(apiErrorCodeName(code)));
            QVERIFY2(!remedyFor(code, endpoint).contains(QLatin1Char('{')), qPrintable(apiErrorCodeName(code)));
        }
    }
}

void TestApiError::hostileReplies()
{
    HttpResponse response;
    response.url = QUrl(QStringLiteral("http://api.example.org/token"));
    response.refused = QStringLiteral("plain http to api.example.org would carry credentials and tokens unencrypted");
    ApiError error = classifyResponse(response, Endpoint::Token);
    QCOMPARE(error.code, ApiError::Code::InsecureTransport);
    QCOMPARE(exitCodeFor(error.errorClass()), 2);
    QVERIFY(error.message().contains(QLatin1String("was not sent: plain http")));
    QVERIFY(error.remedy().contains(QLatin1String("https")));

    response = {};
    response.url = QUrl(QStringLiteral("https://api.example.org/api/samples"));
    response.networkError = QNetworkReply::OperationCanceledError;
    response.tooLargeLimit = qint64(256) * 1024 * 1024;
    error = classifyResponse(response, Endpoint::Api);
    QCOMPARE(error.code, ApiError::Code::ReplyTooLarge);
    QCOMPARE(exitCodeFor(error.errorClass()), 6);
    QVERIFY2(error.message().contains(QLatin1String("256 MiB")), qPrintable(error.message()));

    response = {};
    response.url = QUrl(QStringLiteral("https://api.example.org/token"));
    response.networkError = QNetworkReply::OperationCanceledError;
    response.timedOut = true;
    response.timeoutMs = 10000;
    error = classifyResponse(response, Endpoint::Token);
    QCOMPARE(error.code, ApiError::Code::Timeout);
    QCOMPARE(exitCodeFor(error.errorClass()), 5);
    QVERIFY2(error.message().contains(QLatin1String("within 10 s")), qPrintable(error.message()));

    // 429 with Retry-After, in seconds or as a date; nonsense is ignored.
    response = {};
    response.url = QUrl(QStringLiteral("https://api.example.org/api/samples"));
    response.httpStatus = 429;
    response.receivedAt = QDateTime(QDate(2026, 11, 29), QTime(12, 0), QTimeZone::utc());
    response.headers.insert("retry-after", "120");
    error = classifyResponse(response, Endpoint::Api);
    QCOMPARE(error.retryAfterS, 120);
    QVERIFY(error.message().contains(QLatin1String("retry in 120 s")));
    response.headers.insert("retry-after", "Sun, 29 Nov 2026 12:01:30 GMT");
    QCOMPARE(classifyResponse(response, Endpoint::Api).retryAfterS, 90);
    response.headers.insert("retry-after", "soon");
    QCOMPARE(classifyResponse(response, Endpoint::Api).retryAfterS, -1);

    // A 2xx whose body broke on the way (a lying gzip) is not "empty".
    response = {};
    response.url = QUrl(QStringLiteral("https://api.example.org/token"));
    response.httpStatus = 200;
    response.networkError = QNetworkReply::ProtocolFailure;
    response.networkErrorString = QStringLiteral("Data corrupted");
    response.headers.insert("content-encoding", "gzip");
    error = classifyResponse(response, Endpoint::Token);
    QCOMPARE(error.code, ApiError::Code::BadResponse);
    QVERIFY2(error.detail.contains(QLatin1String("could not be decompressed")), qPrintable(error.detail));

    // expires_in far beyond any token's life says so, not "not a positive number".
    response = {};
    response.httpStatus = 200;
    response.receivedAt = QDateTime::currentDateTimeUtc();
    response.body = R"({"access_token":"abc","expires_in":1e30})";
    const TokenResult huge = TokenClient::parseReply(response, 300);
    QVERIFY(huge.apiError.ok());
    QVERIFY2(huge.token.info.warnings.join(QLatin1Char(' ')).contains(QLatin1String("more than ten years")),
             qPrintable(huge.token.info.warnings.join(QLatin1Char(' '))));
}

void TestApiError::serverTextIsEscaped()
{
    HttpResponse response;
    response.url = QUrl(QStringLiteral("https://api.example.org/token"));
    response.httpStatus = 401;
    response.body
            = R"({"error":"invalid_client","error_description":"\u001b[2J\u001b]0;pwned\u0007bad\nsecret: forged line\u202e"})";
    const ApiError error = classifyResponse(response, Endpoint::Token);
    const QString shown = error.message();
    for (const QChar c : shown)
        QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f && c.unicode() != 0x202e, qPrintable(shown));
    QVERIFY2(shown.contains(QLatin1String("\\x1b[2J\\x1b]0;pwned\\x07bad\\nsecret: forged line\\u202e")),
             qPrintable(shown));
    QCOMPARE(escapeServerText(QStringLiteral("plain text, ünïcode ✓")), QStringLiteral("plain text, ünïcode ✓"));
    QCOMPARE(escapeServerText(escapeServerText(QStringLiteral("\x1b"))), QStringLiteral("\\x1b")); // idempotent
    QVERIFY(isB64Token("abc"));
    QVERIFY(!isB64Token(""));
    QVERIFY(!isB64Token("=abc"));
}

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
