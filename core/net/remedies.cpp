#include "remedies.h"

namespace bioepic {

namespace {

using Code = ApiError::Code;

/** Which endpoints an entry is for: both, or only one of them. */
enum class For { Any, Token, Api };

struct Remedy
{
    Code code;
    RemedyContext context;
    For endpoint;
    const char *text;
};

// Most specific first is not needed: lookup() tries the exact endpoint before For::Any.
constexpr Remedy kRemedies[] = {
        // Before any HTTP status.
        {Code::Timeout, RemedyContext::Request, For::Any,
         "Check your network or VPN. If the server is just slow, raise the environment's timeout_s."},
        {Code::HostNotFound, RemedyContext::Request, For::Any,
         "Check the base URL for typos, and that you are on the network (or VPN) that can see this host."},
        {Code::ConnectionRefused, RemedyContext::Request, For::Any,
         "Nothing is listening there: check the base URL's host and port, and that the server is running."},
        {Code::ConnectionFailed, RemedyContext::Request, For::Any,
         "Check your network connection and proxy settings, then try again."},
        {Code::NetworkOther, RemedyContext::Request, For::Any,
         "Check your network connection and proxy settings, then try again."},
        {Code::TlsFailure, RemedyContext::Request, For::Any,
         "Check the computer's clock and the host name in the base URL. If your institution uses its own "
         "certificate authority, point the environment's ca_bundle at its PEM file. Verification is never switched "
         "off."},
        {Code::InsecureTransport, RemedyContext::Request, For::Any,
         "Change the environment's base_url to https (bioepic-cred env edit NAME --base-url https://…, or "
         "the Settings tab). Plain http is allowed only for loopback addresses such as the sandbox."},
        {Code::ReplyTooLarge, RemedyContext::Request, For::Token,
         "A token reply is never this large: the base URL or token path probably points at something else. Check "
         "them, or ask the API administrator."},
        {Code::ReplyTooLarge, RemedyContext::Request, For::Any,
         "Ask for less at a time: a smaller --page-size or --fields, or raise the environment's max_page_mb."},
        {Code::RedirectRefused, RemedyContext::Request, For::Any,
         "Set the base URL to the address the server redirects to, if you trust it."},
        {Code::Redirected, RemedyContext::Request, For::Any,
         "Set the base URL to the address the server redirects to, if you trust it."},

        // The token endpoint.
        {Code::InvalidClient, RemedyContext::Request, For::Any,
         "Check the client id and secret in your account dashboard; if the secret was rotated, store the new one. "
         "Make sure this is the right environment (prod vs dev)."},
        {Code::InvalidClient, RemedyContext::DiagnosisToken, For::Any,
         "Either the secret is wrong or was rotated (store the new one: bioepic-cred rotate {environment}), or the "
         "client id \"{identity}\" is unknown to this server. Are these credentials of another environment (prod vs "
         "dev)?"},
        {Code::InvalidGrant, RemedyContext::Request, For::Any,
         "Check the user name and password; make sure this is the right environment (prod vs dev)."},
        {Code::InvalidGrant, RemedyContext::DiagnosisToken, For::Any,
         "The user name or password is wrong, or the account is locked. Check them, and that this is the right "
         "environment."},
        {Code::UnauthorizedClient, RemedyContext::Request, For::Any,
         "Switch the environment's method (client_credentials or password), or ask the API administrator which "
         "grant this client may use."},
        {Code::UnsupportedGrantType, RemedyContext::Request, For::Any,
         "Switch the environment's method (client_credentials or password), or ask the API administrator which "
         "grant this client may use."},
        {Code::InvalidRequest, RemedyContext::Request, For::Token,
         "The server expects a different request: check the environment's API profile (bioepic or nmdc), its token "
         "path and client_auth (form or basic)."},
        {Code::ValidationFailed, RemedyContext::Request, For::Token,
         "The server expects a different request: check the environment's API profile (bioepic or nmdc), its token "
         "path and client_auth (form or basic)."},
        {Code::InvalidRequest, RemedyContext::Request, For::Any,
         "Check the request's parameters and the environment's API profile."},
        {Code::ValidationFailed, RemedyContext::Request, For::Any,
         "Check the request's parameters and the environment's API profile."},
        {Code::UnauthorizedClient, RemedyContext::DiagnosisToken, For::Any,
         "The server wants another grant or request shape: check the environment's method (client_credentials or "
         "password), client_auth (form or basic) and API profile."},
        {Code::UnsupportedGrantType, RemedyContext::DiagnosisToken, For::Any,
         "The server wants another grant or request shape: check the environment's method (client_credentials or "
         "password), client_auth (form or basic) and API profile."},
        {Code::ValidationFailed, RemedyContext::DiagnosisToken, For::Any,
         "The server wants another grant or request shape: check the environment's method (client_credentials or "
         "password), client_auth (form or basic) and API profile."},
        {Code::InvalidScope, RemedyContext::Request, For::Any,
         "Ask the API administrator which scopes this client may request."},

        // Calls made with a token.
        {Code::TokenExpired, RemedyContext::Request, For::Any,
         "Get a new token (tokens refresh automatically); if this keeps happening, check the computer's clock."},
        {Code::TokenInvalid, RemedyContext::Request, For::Any,
         "Get a new token, and check that it belongs to this environment (prod vs dev)."},
        {Code::TokenExpired, RemedyContext::DiagnosisApiCall, For::Any,
         "The API refused a token its own token endpoint just issued (HTTP 401): the token endpoint and the API may "
         "belong to different environments, or a clock is wrong."},
        {Code::TokenInvalid, RemedyContext::DiagnosisApiCall, For::Any,
         "The API refused a token its own token endpoint just issued (HTTP 401): the token endpoint and the API may "
         "belong to different environments, or a clock is wrong."},
        {Code::Forbidden, RemedyContext::Request, For::Any,
         "Ask the API administrator for the permission this call needs."},
        {Code::Forbidden, RemedyContext::DiagnosisApiCall, For::Any,
         "The credentials are valid but lack the permission for {call} (HTTP 403): ask the API administrator for "
         "access."},

        // Any endpoint.
        {Code::NotFound, RemedyContext::Request, For::Any,
         "Check the base URL and the API profile's paths (the server may be of the other profile, bioepic or nmdc)."},
        {Code::MethodNotAllowed, RemedyContext::Request, For::Any,
         "Check the base URL and the API profile's paths (the server may be of the other profile, bioepic or nmdc)."},
        {Code::NotFound, RemedyContext::DiagnosisToken, For::Any,
         "There is no token endpoint at {url}: the base URL (or its path) or the API profile's token path is "
         "wrong."},
        {Code::MethodNotAllowed, RemedyContext::DiagnosisToken, For::Any,
         "There is no token endpoint at {url}: the base URL (or its path) or the API profile's token path is "
         "wrong."},
        {Code::NotFound, RemedyContext::DiagnosisApiCall, For::Any,
         "Nothing at {url} (HTTP 404): the base URL or the API profile (bioepic or nmdc, its search and who-am-I "
         "paths) does not match the server."},
        {Code::RateLimited, RemedyContext::Request, For::Any,
         "Wait as long as the server asks (or a minute when it does not say), then try again; scripts can treat exit "
         "5 as \"retry later\"."},
        {Code::ServerError, RemedyContext::Request, For::Any,
         "Try again later; if it persists, send a support report to the API administrator."},
        {Code::HttpError, RemedyContext::Request, For::Any,
         "Check that the base URL points at the API and not at a web page, and that the API profile matches the "
         "server."},
        {Code::BadResponse, RemedyContext::Request, For::Any,
         "Check that the base URL points at the API and not at a web page, and that the API profile matches the "
         "server."},
};

For endpointScope(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::Token:
        return For::Token;
    case Endpoint::Api:
    case Endpoint::Public:
        return For::Api;
    }
    return For::Any;
}

const char *lookup(Code code, RemedyContext context, For endpoint)
{
    for (const Remedy &remedy : kRemedies) {
        if (remedy.code == code && remedy.context == context && remedy.endpoint == endpoint)
            return remedy.text;
    }
    return nullptr;
}

} // namespace

QString remedyFor(ApiError::Code code, Endpoint endpoint, RemedyContext context)
{
    const For scope = endpointScope(endpoint);
    for (const RemedyContext tried : {context, RemedyContext::Request}) {
        for (const For which : {scope, For::Any}) {
            if (const char *text = lookup(code, tried, which))
                return QString::fromUtf8(text);
        }
    }
    return {};
}

QString fillRemedy(QString remedy, const QMap<QString, QString> &values)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        remedy.replace(QLatin1Char('{') + it.key() + QLatin1Char('}'), it.value());
    return remedy;
}

} // namespace bioepic
