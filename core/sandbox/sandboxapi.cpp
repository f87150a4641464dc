#include "sandboxapi.h"

#include "common/clock.h"

#include "common/privatefiles.h"
#include "common/secret.h"
#include "search/jsonpath.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTimeZone>

namespace bioepic {

namespace {

constexpr int kDefaultPageSize = 20; // the NMDC Runtime's ListRequest default
constexpr int kMaxPageSize = 10000;
constexpr int kCursorLifetimeS = 600;
constexpr qsizetype kMaxCursors = 10000;
constexpr qsizetype kPurgeTokensAbove = 10000;

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray httpDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
}

QByteArray randomToken(QRandomGenerator &random, int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (int i = 0; i < bytes; ++i)
        raw[i] = char(random.bounded(256));
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

/** Form bodies encode spaces as '+'; QUrlQuery does not know that. */
QUrlQuery parseForm(const QByteArray &body)
{
    QByteArray normalised = body;
    normalised.replace('+', "%20");
    return QUrlQuery(QString::fromUtf8(normalised));
}

QString formValue(const QUrlQuery &form, const QString &key)
{
    return form.queryItemValue(key, QUrl::FullyDecoded);
}

/** The path's segments, each percent-decoded: an encoded "/" stays inside its segment. */
QStringList decodedSegments(const QString &encodedPath)
{
    QStringList segments;
    for (const QString &segment : encodedPath.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        segments.append(QUrl::fromPercentEncoding(segment.toUtf8()));
    return segments;
}

QString pythonList(const QStringList &names)
{
    QStringList quoted;
    for (const QString &name : names)
        quoted.append(QLatin1Char('\'') + name + QLatin1Char('\''));
    return QLatin1Char('[') + quoted.join(QStringLiteral(", ")) + QLatin1Char(']');
}

/** MongoDB's projection parameter: comma-separated, spaces around names ignored. */
QStringList projectionFields(const QString &text)
{
    QStringList fields;
    for (const QString &field : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!field.trimmed().isEmpty())
            fields.append(field.trimmed());
    }
    return fields;
}

} // namespace

QString sandboxProfileName(SandboxProfile profile)
{
    switch (profile) {
    case SandboxProfile::Bioepic:
        return QStringLiteral("bioepic");
    case SandboxProfile::Nmdc:
        return QStringLiteral("nmdc");
    }
    return {};
}

std::optional<SandboxProfile> sandboxProfileFromName(const QString &name)
{
    if (name == QLatin1String("bioepic"))
        return SandboxProfile::Bioepic;
    if (name == QLatin1String("nmdc"))
        return SandboxProfile::Nmdc;
    return std::nullopt;
}

SandboxApi::SandboxApi(const SandboxOptions &options, const Clock *clock)
    : m_options(options)
    , m_clock(clock)
    , m_catalog(options.records, options.seed)
    , m_random(quint32(options.seed))
{
    // A new key per run unless SandboxServer loads one from signingKeyFile: without it, tokens of
    // an earlier run are never valid again.
    m_signingKey = randomToken(*QRandomGenerator::system(), 32);
    if (options.withDemoAccounts) {
        m_clients.insert(QString::fromLatin1(sandboxdemo::kClientId),
                         {QString::fromLatin1(sandboxdemo::kClientSecret),
                          QString::fromLatin1(sandboxdemo::kRotatedClientSecret)});
        m_users.insert(QString::fromLatin1(sandboxdemo::kUsername), QString::fromLatin1(sandboxdemo::kPassword));
        m_users.insert(QString::fromLatin1(sandboxdemo::kViewerUsername),
                       QString::fromLatin1(sandboxdemo::kViewerPassword));
        m_sites.insert(QString::fromLatin1(sandboxdemo::kSiteId), {QString::fromLatin1(sandboxdemo::kClientId)});
        m_siteAdmins.insert(QString::fromLatin1(sandboxdemo::kUsername), {QString::fromLatin1(sandboxdemo::kSiteId)});
        m_allowances.insert(QString::fromLatin1(sandboxdemo::kUsername),
                            {QString::fromLatin1(sandboxdemo::kManageSiteClients)});
    }
}

void SandboxApi::addSite(const QString &siteId, const QStringList &clientIds)
{
    QMutexLocker lock(&m_mutex);
    QStringList &clients = m_sites[siteId];
    for (const QString &id : clientIds) {
        if (!clients.contains(id))
            clients.append(id);
    }
}

void SandboxApi::setSiteAdmin(const QString &username, const QStringList &siteIds)
{
    QMutexLocker lock(&m_mutex);
    m_siteAdmins.insert(username, siteIds);
}

void SandboxApi::grantAllowance(const QString &username, const QString &action)
{
    QMutexLocker lock(&m_mutex);
    if (!m_allowances[username].contains(action))
        m_allowances[username].append(action);
}

bool SandboxApi::acceptsClient(const QString &clientId, const QString &secret) const
{
    QMutexLocker lock(&m_mutex);
    return !secret.isEmpty() && m_clients.value(clientId).contains(secret);
}

QStringList SandboxApi::siteClients(const QString &siteId) const
{
    QMutexLocker lock(&m_mutex);
    return m_sites.value(siteId);
}

void SandboxApi::setClient(const QString &clientId, const QString &secret)
{
    QMutexLocker lock(&m_mutex);
    m_clients.insert(clientId, {secret});
}

void SandboxApi::addClientSecret(const QString &clientId, const QString &secret)
{
    QMutexLocker lock(&m_mutex);
    QStringList &secrets = m_clients[clientId];
    if (!secrets.contains(secret))
        secrets.append(secret);
}

void SandboxApi::revokeClientSecret(const QString &clientId, const QString &secret)
{
    QMutexLocker lock(&m_mutex);
    m_clients[clientId].removeAll(secret);
    const QString subject = QStringLiteral("client:") + clientId;
    for (auto it = m_tokens.cbegin(); it != m_tokens.cend(); ++it) {
        if (it->subject == subject && it->secret == secret)
            m_invalidated.insert(it.key());
    }
}

void SandboxApi::setUser(const QString &username, const QString &password)
{
    QMutexLocker lock(&m_mutex);
    m_users.insert(username, password);
}

void SandboxApi::revoke(const QString &identity)
{
    QMutexLocker lock(&m_mutex);
    // The account goes; its tokens then fail the subject check, as on the NMDC Runtime.
    m_clients.remove(identity);
    m_users.remove(identity);
}

int SandboxApi::rotateSigningKey()
{
    QMutexLocker lock(&m_mutex);
    m_signingKey = randomToken(*QRandomGenerator::system(), 32);
    const int count = int(m_tokens.size());
    m_tokens.clear(); // opaque tokens are only valid while the server remembers them
    m_invalidated.clear();
    return count;
}

void SandboxApi::setSigningKey(const QByteArray &key)
{
    QMutexLocker lock(&m_mutex);
    m_signingKey = key;
}

bool SandboxApi::loadSigningKey(const QString &path, QByteArray *key, QString *error)
{
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read the signing key file %1: %2").arg(path, file.errorString());
            return false;
        }
        *key = file.readAll().trimmed();
        if (key->size() < 16) {
            *error = QStringLiteral("the signing key file %1 holds fewer than 16 bytes").arg(path);
            return false;
        }
        return true;
    }
    makePrivateDirectory(QFileInfo(path).absolutePath());
    *key = randomToken(*QRandomGenerator::system(), 32);
    if (const QString failure = writePrivateFile(path, *key + '\n'); !failure.isEmpty()) {
        *error = QStringLiteral("cannot create the signing key file %1: %2").arg(path, failure);
        return false;
    }
    return true;
}

void SandboxApi::setTokenLifetimeS(int seconds)
{
    QMutexLocker lock(&m_mutex);
    m_options.tokenLifetimeS = std::max(1, seconds);
}

void SandboxApi::setLatencyMs(int milliseconds)
{
    QMutexLocker lock(&m_mutex);
    m_options.latencyMs = std::max(0, milliseconds);
}

void SandboxApi::setErrorRate(double rate)
{
    QMutexLocker lock(&m_mutex);
    m_options.errorRate = std::clamp(rate, 0.0, 1.0);
}

void SandboxApi::setClockSkewS(int seconds)
{
    QMutexLocker lock(&m_mutex);
    m_options.clockSkewS = seconds;
}

void SandboxApi::setJwtExpOffsetS(int seconds)
{
    QMutexLocker lock(&m_mutex);
    m_options.jwtExpOffsetS = seconds;
}

void SandboxApi::setProfile(SandboxProfile profile)
{
    QMutexLocker lock(&m_mutex);
    m_options.profile = profile;
}

SandboxOptions SandboxApi::options() const
{
    QMutexLocker lock(&m_mutex);
    return m_options;
}

int SandboxApi::latencyMs() const
{
    QMutexLocker lock(&m_mutex);
    return m_options.latencyMs;
}

SandboxStats SandboxApi::stats() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats;
}

QDateTime SandboxApi::serverNow() const
{
    QMutexLocker lock(&m_mutex);
    return serverNowLocked();
}

QDateTime SandboxApi::serverNowLocked() const
{
    return m_clock->now().addSecs(m_options.clockSkewS);
}

SandboxApi::Style SandboxApi::style() const
{
    return m_options.profile == SandboxProfile::Nmdc ? Style::FastApi : Style::OAuth;
}

SandboxReply SandboxApi::detail(int status, const QString &message)
{
    return {status, "application/json", json({{QStringLiteral("detail"), message}}), {}};
}

SandboxReply SandboxApi::error(int status, const QString &oauthCode, const QString &message) const
{
    if (style() == Style::FastApi)
        return detail(status, message);
    return {status,
            "application/json",
            json({{QStringLiteral("error"), oauthCode}, {QStringLiteral("error_description"), message}}),
            {}};
}

SandboxReply SandboxApi::validationError(const QString &location, const QString &field, const QString &message,
                                         const QString &type, const QString &input) const
{
    if (style() == Style::OAuth)
        return error(400, QStringLiteral("invalid_request"), field + QStringLiteral(": ") + message);
    // FastAPI (pydantic 2): {"detail": [{"type", "loc", "msg", "input"}]}, HTTP 422.
    SandboxReply reply;
    reply.status = 422;
    const QJsonObject problem{{QStringLiteral("type"), type},
                              {QStringLiteral("loc"), QJsonArray{location, field}},
                              {QStringLiteral("msg"), message},
                              {QStringLiteral("input"), input}};
    reply.body = json({{QStringLiteral("detail"), QJsonArray{problem}}});
    return reply;
}

SandboxReply SandboxApi::handle(const SandboxRequest &request)
{
    QElapsedTimer timer;
    timer.start();
    QMutexLocker lock(&m_mutex);
    ++m_stats.requests;
    SandboxReply reply;
    const bool control = request.path.startsWith(QLatin1String("/sandbox/"));
    if (!control && m_options.errorRate > 0 && m_random.generateDouble() < m_options.errorRate) {
        ++m_stats.injectedErrors;
        reply = error(503, QStringLiteral("temporarily_unavailable"),
                      QStringLiteral("The sandbox injected this failure (error rate knob)"));
        reply.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
    } else {
        reply = route(request);
    }
    reply.headers.append({QByteArrayLiteral("Date"), httpDate(serverNowLocked())});
    m_stats.serveNs += timer.nsecsElapsed();
    return reply;
}

SandboxReply SandboxApi::route(const SandboxRequest &request)
{
    const QStringList segments = decodedSegments(request.path);
    const QString first = segments.value(0);
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (segments == QStringList{QStringLiteral("token")})
        return token(request);
    if (segments == QStringList{QStringLiteral("health")} && get)
        return {200,
                "application/json",
                json({{QStringLiteral("web_server"), true}, {QStringLiteral("database"), true}}),
                {}};
    if (segments == QStringList{QStringLiteral("version")} && get) {
        return {200,
                "application/json",
                json({{QStringLiteral("bioepic_sandbox"), QStringLiteral(BIOEPIC_VERSION)},
                      {QStringLiteral("profile"), sandboxProfileName(m_options.profile)}}),
                {}};
    }
    if (segments == QStringList{QStringLiteral("users"), QStringLiteral("me")} && get)
        return whoAmI(request);
    // Sites and their clients exist on the NMDC Runtime only.
    if (style() == Style::FastApi && first == QLatin1String("sites") && segments.size() == 2
        && segments.at(1).endsWith(QLatin1String(":generateCredentials"))) {
        if (request.method != "POST")
            return detail(405, QStringLiteral("Method Not Allowed"));
        return generateCredentials(request, segments.at(1).chopped(int(qstrlen(":generateCredentials"))));
    }
    if (style() == Style::FastApi && segments.size() == 3 && first == QLatin1String("admin")
        && segments.at(1) == QLatin1String("site_clients")) {
        if (request.method != "PATCH")
            return detail(405, QStringLiteral("Method Not Allowed"));
        return updateSiteClient(request, segments.at(2));
    }
    if (first == QLatin1String("sandbox"))
        return control(request, segments.mid(1));
    if ((segments.size() == 2 || segments.size() == 3) && !get
        && (first == QLatin1String("api") || first == QLatin1String("nmdcschema")))
        return error(405, QStringLiteral("invalid_request"), QStringLiteral("Method Not Allowed"));
    if (first == QLatin1String("api") && (segments.size() == 2 || segments.size() == 3))
        return bioepicCollection(request, segments.mid(1));
    if (first == QLatin1String("nmdcschema") && (segments.size() == 2 || segments.size() == 3))
        return nmdcCollection(request, segments.mid(1));
    return error(404, QStringLiteral("not_found"), QStringLiteral("Not Found"));
}

SandboxReply SandboxApi::control(const SandboxRequest &request, const QStringList &segments)
{
    if (segments == QStringList{QStringLiteral("stats")} && request.method == "GET")
        return statsReply();
    if (segments == QStringList{QStringLiteral("rotate-signing-key")} && request.method == "POST") {
        m_signingKey = randomToken(*QRandomGenerator::system(), 32);
        const qint64 count = m_tokens.size();
        m_tokens.clear();
        m_invalidated.clear();
        return {200,
                "application/json",
                json({{QStringLiteral("rotated"), true}, {QStringLiteral("tokens_invalidated"), count}}),
                {}};
    }
    return error(404, QStringLiteral("not_found"), QStringLiteral("Not Found"));
}

SandboxReply SandboxApi::token(const SandboxRequest &request)
{
    ++m_stats.tokenRequests;
    if (request.method != "POST")
        return error(405, QStringLiteral("invalid_request"), QStringLiteral("Method Not Allowed"));
    const bool fastApi = style() == Style::FastApi;
    const QByteArray contentType = request.headers.value("content-type").toLower();
    const bool form = contentType.startsWith("application/x-www-form-urlencoded");
    if (!form && !fastApi)
        return error(400, QStringLiteral("invalid_request"), QStringLiteral("the token request must be form-encoded"));
    // FastAPI reads form fields only from a form body: anything else is a form without fields.
    const QUrlQuery fields = form ? parseForm(request.body) : QUrlQuery();
    const QString grantType = formValue(fields, QStringLiteral("grant_type"));
    const QString pattern = QStringLiteral("^password$|^client_credentials$");

    if (fastApi && !grantType.isEmpty() && grantType != QLatin1String("password")
        && grantType != QLatin1String("client_credentials")) {
        SandboxReply reply = validationError(QStringLiteral("body"), QStringLiteral("grant_type"),
                                             QStringLiteral("String should match pattern '%1'").arg(pattern),
                                             QStringLiteral("string_pattern_mismatch"), grantType);
        return reply;
    }
    if (!fastApi && grantType.isEmpty())
        return error(400, QStringLiteral("invalid_request"), QStringLiteral("grant_type is required"));

    if (grantType == QLatin1String("password")) {
        const QString username = formValue(fields, QStringLiteral("username"));
        const QString password = formValue(fields, QStringLiteral("password"));
        if (username.isEmpty() || password.isEmpty())
            return fastApi ? detail(400, QStringLiteral("grant_type password requires username and password"))
                           : error(400, QStringLiteral("invalid_request"),
                                   QStringLiteral("username and password are required"));
        const auto known = m_users.constFind(username);
        if (known == m_users.constEnd() || *known != password) {
            if (!fastApi)
                return error(400, QStringLiteral("invalid_grant"), QStringLiteral("Invalid username or password"));
            SandboxReply reply = detail(401, QStringLiteral("Incorrect username or password"));
            reply.headers.append({QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")});
            return reply;
        }
        return issue(QStringLiteral("user:") + username);
    }
    if (!fastApi && grantType != QLatin1String("client_credentials"))
        return error(400, QStringLiteral("unsupported_grant_type"),
                     QStringLiteral("grant_type \"%1\" is not supported").arg(grantType));

    // client_credentials; on the NMDC Runtime also a form without grant_type, which then fails below.
    QString clientId = formValue(fields, QStringLiteral("client_id"));
    QString secret = formValue(fields, QStringLiteral("client_secret"));
    const QByteArray authorization = request.headers.value("authorization");
    if (clientId.isEmpty() && authorization.startsWith("Basic ")) {
        const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6));
        const qsizetype colon = decoded.indexOf(':');
        if (colon < 0)
            return error(400, QStringLiteral("invalid_request"), QStringLiteral("Malformed Basic credentials"));
        clientId = QUrl::fromPercentEncoding(decoded.left(colon));
        secret = QUrl::fromPercentEncoding(decoded.mid(colon + 1));
    }
    if (clientId.isEmpty() && !grantType.isEmpty())
        return fastApi
                ? detail(400, QStringLiteral("grant_type client_credentials requires client_id and client_secret"))
                : error(400, QStringLiteral("invalid_request"),
                        QStringLiteral("client_id and client_secret are required"));
    if (!fastApi && secret.isEmpty())
        return error(400, QStringLiteral("invalid_request"),
                     QStringLiteral("client_id and client_secret are required"));
    const auto known = m_clients.constFind(clientId);
    if (clientId.isEmpty() || known == m_clients.constEnd() || secret.isEmpty() || !known->contains(secret)) {
        SandboxReply reply = fastApi
                ? detail(401, QStringLiteral("Incorrect client_id or client_secret"))
                : error(401, QStringLiteral("invalid_client"), QStringLiteral("Client authentication failed"));
        reply.headers.append(
                {QByteArrayLiteral("WWW-Authenticate"),
                 fastApi ? QByteArrayLiteral("Bearer") : QByteArrayLiteral("Basic realm=\"bioepic-sandbox\"")});
        return reply;
    }
    return issue(QStringLiteral("client:") + clientId, secret);
}

QByteArray SandboxApi::makeJwt(const QString &subject, const QDateTime &issuedAt, const QDateTime &expiresAt) const
{
    const QByteArray header = base64Url(
            json({{QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}}));
    const QByteArray claims = base64Url(json({{QStringLiteral("sub"), subject},
                                              {QStringLiteral("iat"), issuedAt.toSecsSinceEpoch()},
                                              {QStringLiteral("exp"), expiresAt.toSecsSinceEpoch()},
                                              {QStringLiteral("iss"), QStringLiteral("bioepic-sandbox")}}));
    const QByteArray signingInput = header + '.' + claims;
    const QByteArray signature
            = QMessageAuthenticationCode::hash(signingInput, m_signingKey, QCryptographicHash::Sha256);
    return signingInput + '.' + base64Url(signature);
}

SandboxReply SandboxApi::issue(const QString &subject, const QString &secret)
{
    purgeExpired();
    const QDateTime now = serverNowLocked();
    const int lifetime = m_options.tokenLifetimeS;
    const QDateTime expiresAt = now.addSecs(lifetime);
    const bool jwt = m_options.profile == SandboxProfile::Nmdc || m_options.jwtTokens;
    const QByteArray accessToken = jwt ? makeJwt(subject, now, expiresAt.addSecs(m_options.jwtExpOffsetS))
                                       : QByteArrayLiteral("sbx_") + randomToken(*QRandomGenerator::system(), 24);
    m_tokens.insert(accessToken, {subject, expiresAt, secret});
    ++m_stats.tokensIssued;

    QJsonObject body{{QStringLiteral("access_token"), QString::fromLatin1(accessToken)},
                     {QStringLiteral("token_type"), QStringLiteral("bearer")}};
    if (m_options.profile == SandboxProfile::Nmdc) {
        QJsonObject expires{{QStringLiteral("days"), lifetime / 86400},
                            {QStringLiteral("hours"), (lifetime % 86400) / 3600},
                            {QStringLiteral("minutes"), (lifetime % 3600) / 60}};
        if (lifetime % 60)
            expires.insert(QStringLiteral("seconds"), lifetime % 60);
        body.insert(QStringLiteral("expires"), expires);
    } else {
        body.insert(QStringLiteral("expires_in"), lifetime);
    }
    SandboxReply reply{200, "application/json", json(body), {}};
    reply.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    return reply;
}

void SandboxApi::purgeExpired()
{
    if (m_tokens.size() > kPurgeTokensAbove) {
        const QDateTime now = serverNowLocked();
        for (auto it = m_tokens.begin(); it != m_tokens.end();) {
            if (it->expiresAt > now) {
                ++it;
                continue;
            }
            m_invalidated.remove(it.key());
            it = m_tokens.erase(it);
        }
    }
    if (m_cursors.size() > kMaxCursors) {
        const QDateTime oldest = serverNowLocked().addSecs(-kCursorLifetimeS);
        for (auto it = m_cursors.begin(); it != m_cursors.end();)
            it = it->createdAt <= oldest ? m_cursors.erase(it) : std::next(it);
    }
}

SandboxApi::Caller SandboxApi::caller(const SandboxRequest &request) const
{
    Caller result;
    const QByteArray authorization = request.headers.value("authorization");
    if (!authorization.startsWith("Bearer ") || authorization.size() <= 7)
        return result; // Missing
    const QByteArray token = authorization.mid(7).trimmed();
    result.verdict = TokenVerdict::Invalid;
    if (m_invalidated.contains(token)) {
        result.verdict = TokenVerdict::Invalidated;
        return result;
    }
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() == 3) {
        // A JWT is checked as the NMDC Runtime checks it: signature, exp, then the subject.
        const QByteArray expected = base64Url(
                QMessageAuthenticationCode::hash(parts[0] + '.' + parts[1], m_signingKey, QCryptographicHash::Sha256));
        if (!constantTimeEquals(expected, parts[2]))
            return result;
        const auto payload = QByteArray::fromBase64Encoding(
                parts[1], QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        const QJsonObject claims = QJsonDocument::fromJson(payload ? *payload : QByteArray()).object();
        result.subject = claims.value(QStringLiteral("sub")).toString();
        result.expiresAt = QDateTime::fromSecsSinceEpoch(qint64(claims.value(QStringLiteral("exp")).toDouble()),
                                                         QTimeZone::utc());
    } else {
        const auto issued = m_tokens.constFind(token);
        if (issued == m_tokens.constEnd())
            return result;
        result.subject = issued->subject;
        result.expiresAt = issued->expiresAt;
    }
    if (serverNowLocked() >= result.expiresAt) {
        result.verdict = TokenVerdict::Expired;
        return result;
    }
    const QString name = result.subject.section(QLatin1Char(':'), 1);
    const bool known = result.subject.startsWith(QLatin1String("client:")) ? m_clients.contains(name)
            : result.subject.startsWith(QLatin1String("user:"))            ? m_users.contains(name)
                                                                           : false;
    result.verdict = known ? TokenVerdict::Valid : TokenVerdict::Invalid;
    return result;
}

QString SandboxApi::authenticate(const SandboxRequest &request, SandboxReply *failure)
{
    const Caller who = caller(request);
    if (who.verdict == TokenVerdict::Valid)
        return who.subject;
    if (style() == Style::FastApi) {
        // The NMDC Runtime's own words (nmdc_runtime/api/models/user.py).
        QString message;
        switch (who.verdict) {
        case TokenVerdict::Valid:
        case TokenVerdict::Missing:
            message = QStringLiteral("Access token is invalid or missing. Please log in again.");
            break;
        case TokenVerdict::Invalid:
            message = QStringLiteral("Access token is invalid. Please log in again.");
            break;
        case TokenVerdict::Expired:
            message = QStringLiteral("Access token has expired. Please log in again.");
            break;
        case TokenVerdict::Invalidated:
            message = QStringLiteral("Access token has been invalidated. Please log in again.");
            break;
        }
        *failure = detail(401, message);
        failure->headers.append({QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")});
        return {};
    }
    // RFC 6750: no error code when the request had no token at all.
    QString message;
    switch (who.verdict) {
    case TokenVerdict::Valid:
    case TokenVerdict::Missing:
        message = QStringLiteral("Not authenticated: send Authorization: Bearer <access token>");
        break;
    case TokenVerdict::Invalid:
        message = QStringLiteral("Access token is invalid or was revoked");
        break;
    case TokenVerdict::Expired:
        message = QStringLiteral("Access token has expired");
        break;
    case TokenVerdict::Invalidated:
        message = QStringLiteral("Access token was revoked");
        break;
    }
    *failure = error(401, QStringLiteral("invalid_token"), message);
    failure->headers.append({QByteArrayLiteral("WWW-Authenticate"),
                             who.verdict == TokenVerdict::Missing
                                     ? QByteArrayLiteral("Bearer")
                                     : QByteArrayLiteral("Bearer error=\"invalid_token\"")});
    return {};
}

SandboxReply SandboxApi::whoAmI(const SandboxRequest &request)
{
    ++m_stats.whoAmIRequests;
    SandboxReply failure;
    const QString subject = authenticate(request, &failure);
    if (subject.isEmpty())
        return failure;
    const QString name = subject.section(QLatin1Char(':'), 1);
    // The NMDC Runtime's User model with unset fields left out: a client is only its id.
    QJsonObject me{{QStringLiteral("username"), name}};
    if (subject.startsWith(QLatin1String("user:"))) {
        me.insert(QStringLiteral("site_admin"), QJsonArray::fromStringList(m_siteAdmins.value(name)));
        me.insert(QStringLiteral("disabled"), false);
    }
    return {200, "application/json", json(me), {}};
}

QString SandboxApi::authenticateUser(const SandboxRequest &request, SandboxReply *failure)
{
    const QString subject = authenticate(request, failure);
    if (subject.isEmpty())
        return {};
    if (!subject.startsWith(QLatin1String("user:"))) {
        // A site client's token names no user: the Runtime's user dependency refuses it.
        *failure = detail(401, QStringLiteral("Access token is invalid. Please log in again."));
        failure->headers.append({QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")});
        return {};
    }
    return subject.section(QLatin1Char(':'), 1);
}

SandboxReply SandboxApi::generateCredentials(const SandboxRequest &request, const QString &siteId)
{
    SandboxReply failure;
    const QString user = authenticateUser(request, &failure);
    if (user.isEmpty())
        return failure;
    // The Runtime's order: the site must exist, then the caller must administer it.
    if (!m_sites.contains(siteId))
        return detail(404, QStringLiteral("no site with ID '%1'").arg(siteId));
    if (!m_siteAdmins.value(user).contains(siteId))
        return detail(403, QStringLiteral("You're not registered as an admin for this site"));
    // No ':' in a client id: HTTP Basic splits on it.
    const QString clientId = QStringLiteral("sys0%1").arg(++m_mintedClients * 7919 + 1000, 0, 36);
    const QString secret = QString::fromLatin1(randomToken(*QRandomGenerator::system(), 32));
    m_sites[siteId].append(clientId);
    m_clients.insert(clientId, {secret});
    return {200,
            "application/json",
            json({{QStringLiteral("client_id"), clientId}, {QStringLiteral("client_secret"), secret}}),
            {}};
}

SandboxReply SandboxApi::updateSiteClient(const SandboxRequest &request, const QString &clientId)
{
    SandboxReply failure;
    const QString user = authenticateUser(request, &failure);
    if (user.isEmpty())
        return failure;
    if (!m_allowances.value(user).contains(QLatin1String(sandboxdemo::kManageSiteClients)))
        return detail(403,
                      QStringLiteral("You are not allowed to update site clients: that needs the '%1' "
                                     "allowance.")
                              .arg(QLatin1String(sandboxdemo::kManageSiteClients)));
    if (!m_clients.contains(clientId))
        return detail(404, QStringLiteral("Site client '%1' not found").arg(clientId));
    QJsonParseError parseError;
    const QJsonDocument body = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !body.isObject())
        return validationError(QStringLiteral("body"), QString(), QStringLiteral("Input should be a valid dictionary"),
                               QStringLiteral("model_attributes_type"), QString::fromUtf8(request.body.left(100)));
    if (!body.object().contains(QStringLiteral("secret")))
        return {204, {}, {}, {}}; // nothing to change
    const QString secret = body.object().value(QStringLiteral("secret")).toString();
    if (secret.trimmed().isEmpty())
        return detail(400, QStringLiteral("Secret cannot be empty"));
    // In place: the old secret stops working at once; tokens already issued live on (JWTs).
    m_clients.insert(clientId, {secret});
    return {200,
            "application/json",
            json({{QStringLiteral("message"), QStringLiteral("Secret updated for site client '%1'").arg(clientId)}}),
            {}};
}

SandboxReply SandboxApi::statsReply() const
{
    return {200,
            "application/json",
            json({{QStringLiteral("requests"), qint64(m_stats.requests)},
                  {QStringLiteral("token_requests"), qint64(m_stats.tokenRequests)},
                  {QStringLiteral("tokens_issued"), qint64(m_stats.tokensIssued)},
                  {QStringLiteral("search_requests"), qint64(m_stats.searchRequests)},
                  {QStringLiteral("who_am_i_requests"), qint64(m_stats.whoAmIRequests)},
                  {QStringLiteral("records_served"), qint64(m_stats.recordsServed)},
                  {QStringLiteral("injected_errors"), qint64(m_stats.injectedErrors)},
                  {QStringLiteral("serve_ms"), double(m_stats.serveNs) / 1e6}}),
            {}};
}

SandboxReply SandboxApi::bioepicCollection(const SandboxRequest &request, const QStringList &segments)
{
    SandboxReply failure;
    if (authenticate(request, &failure).isEmpty())
        return failure;
    const QString &collection = segments.first();
    if (collection == QLatin1String(sandboxdemo::kRestrictedCollection))
        return error(403, QStringLiteral("insufficient_scope"),
                     QStringLiteral("Not permitted to read \"%1\"").arg(collection));
    if (!m_catalog.hasCollection(collection))
        return error(404, QStringLiteral("not_found"),
                     QStringLiteral("Collection \"%1\" does not exist; try samples, studies or sites").arg(collection));
    if (segments.size() == 2)
        return record(request, collection, segments.at(1), false);
    return search(request, collection, QStringLiteral("results"));
}

SandboxReply SandboxApi::nmdcCollection(const SandboxRequest &request, const QStringList &segments)
{
    // Public, as on the NMDC Runtime: no token is needed to read /nmdcschema.
    const QString &collection = segments.first();
    QStringList names = SyntheticCatalog::collections();
    names.removeAll(QLatin1String(sandboxdemo::kRestrictedCollection));
    if (!names.contains(collection))
        return detail(400, QStringLiteral("Collection name must be one of %1").arg(pythonList(names)));
    if (segments.size() == 2)
        return record(request, collection, segments.at(1), true);
    return search(request, collection, QStringLiteral("resources"));
}

SandboxReply SandboxApi::record(const SandboxRequest &request, const QString &collection, const QString &id,
                                bool fastApi)
{
    const int index = m_catalog.indexOf(collection, id);
    if (index < 0)
        return fastApi
                ? detail(404, QStringLiteral("Not found"))
                : error(404, QStringLiteral("not_found"), QStringLiteral("No record \"%1\" in %2").arg(id, collection));
    ++m_stats.searchRequests;
    ++m_stats.recordsServed;
    const QStringList projection
            = projectionFields(request.query.queryItemValue(QStringLiteral("projection"), QUrl::FullyDecoded));
    if (projection.isEmpty())
        return {200, "application/json", m_catalog.compactRecord(collection, index), {}};
    return {200, "application/json", json(jsonpath::project(m_catalog.record(collection, index), projection)), {}};
}

SandboxReply SandboxApi::page(const QString &resultsKey, Cursor cursor)
{
    const bool nmdc = resultsKey == QLatin1String("resources");
    const int total = m_catalog.count(cursor.collection);
    const bool plain = cursor.filter.isEmpty() && cursor.projection.isEmpty();
    // max_page_size 0 means everything, on the NMDC Runtime.
    const int limit = cursor.pageSize > 0 ? cursor.pageSize : std::numeric_limits<int>::max();
    QByteArray body;
    body += "{\"" + resultsKey.toUtf8() + "\":[";
    int index = cursor.nextIndex;
    int served = 0;
    for (; index < total && served < limit; ++index) {
        if (plain) {
            body += (served ? "," : "") + m_catalog.compactRecord(cursor.collection, index);
            ++served;
            continue;
        }
        const QJsonObject item = m_catalog.record(cursor.collection, index);
        if (!cursor.filter.matches(item))
            continue;
        body += (served ? "," : "")
                + QJsonDocument(cursor.projection.isEmpty() ? item : jsonpath::project(item, cursor.projection))
                          .toJson(QJsonDocument::Compact);
        ++served;
    }
    body += ']';
    m_stats.recordsServed += quint64(served);
    bool more = false;
    if (nmdc) {
        // The NMDC Runtime paginates when the page is full, whether or not anything is left.
        more = cursor.pageSize > 0 && served == limit;
    } else {
        // Look ahead for one more match so the last page carries no next_page_token.
        while (index < total && !plain && !cursor.filter.matches(m_catalog.record(cursor.collection, index)))
            ++index;
        more = index < total;
    }
    if (more) {
        const QByteArray next = randomToken(*QRandomGenerator::system(), 12);
        cursor.nextIndex = index;
        cursor.createdAt = serverNowLocked();
        m_cursors.insert(next, cursor);
        body += ",\"next_page_token\":\"" + next + '"';
    }
    body += '}';
    return {200, "application/json", body, {}};
}

SandboxReply SandboxApi::search(const SandboxRequest &request, const QString &collection, const QString &resultsKey)
{
    const bool nmdc = resultsKey == QLatin1String("resources");
    ++m_stats.searchRequests;
    purgeExpired();

    Cursor cursor;
    const QString pageToken = request.query.queryItemValue(QStringLiteral("page_token"), QUrl::FullyDecoded);
    if (!pageToken.isEmpty()) {
        // Page tokens are single-use, as on the NMDC Runtime API.
        const auto it = m_cursors.constFind(pageToken.toLatin1());
        if (it == m_cursors.constEnd() || it->collection != collection)
            return nmdc ? detail(400, QStringLiteral("Bad page_token"))
                        : error(400, QStringLiteral("invalid_request"),
                                QStringLiteral("page_token is unknown, expired or already used"));
        cursor = m_cursors.take(pageToken.toLatin1());
        return page(resultsKey, cursor);
    }
    const QString filterText = request.query.queryItemValue(QStringLiteral("filter"), QUrl::FullyDecoded);
    if (!filterText.trimmed().isEmpty()) {
        const QString trimmed = filterText.trimmed();
        if (nmdc && (!trimmed.startsWith(QLatin1Char('{')) || !trimmed.endsWith(QLatin1Char('}'))))
            return detail(422,
                          QStringLiteral("The given `filter` is not a valid JSON object, which must start with "
                                         "'{' and end with '}'."));
        QString problem;
        const auto filter = RecordFilter::parse(trimmed.toUtf8(), &problem);
        if (!filter) {
            return nmdc ? detail(422, QStringLiteral("Given `filter` is not valid JSON: %1").arg(problem))
                        : validationError(QStringLiteral("query"), QStringLiteral("filter"), problem,
                                          QStringLiteral("value_error.json"), filterText);
        }
        cursor.filter = *filter;
    }
    const QString sizeText = request.query.queryItemValue(QStringLiteral("max_page_size"));
    cursor.pageSize = kDefaultPageSize;
    if (!sizeText.isEmpty()) {
        bool ok = false;
        cursor.pageSize = sizeText.toInt(&ok);
        if (nmdc && !ok) {
            SandboxReply reply;
            reply.status = 422;
            const QJsonObject problem{
                    {QStringLiteral("type"), QStringLiteral("int_parsing")},
                    {QStringLiteral("loc"), QJsonArray{QStringLiteral("query"), QStringLiteral("max_page_size")}},
                    {QStringLiteral("msg"),
                     QStringLiteral("Input should be a valid integer, unable to parse string as "
                                    "an integer")},
                    {QStringLiteral("input"), sizeText}};
            reply.body = json({{QStringLiteral("detail"), QJsonArray{problem}}});
            return reply;
        }
        if (!ok || cursor.pageSize < (nmdc ? 0 : 1) || cursor.pageSize > kMaxPageSize)
            return validationError(QStringLiteral("query"), QStringLiteral("max_page_size"),
                                   QStringLiteral("must be an integer between 1 and %1").arg(kMaxPageSize),
                                   QStringLiteral("value_error.number"), sizeText);
    }
    cursor.projection
            = projectionFields(request.query.queryItemValue(QStringLiteral("projection"), QUrl::FullyDecoded));
    cursor.collection = collection;
    return page(resultsKey, cursor);
}

} // namespace bioepic
