#include "sandboxapi.h"

#include "common/clock.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>
#include <QTimeZone>

namespace bioepic {

namespace {

constexpr int kDefaultPageSize = 20;
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
    // The signing key is secret to this process; tokens of an earlier run are never valid again.
    m_signingKey = randomToken(*QRandomGenerator::system(), 32);
    if (options.withDemoAccounts) {
        m_clients.insert(QString::fromLatin1(sandboxdemo::kClientId),
                         {QString::fromLatin1(sandboxdemo::kClientSecret),
                          QString::fromLatin1(sandboxdemo::kRotatedClientSecret)});
        m_users.insert(QString::fromLatin1(sandboxdemo::kUsername), QString::fromLatin1(sandboxdemo::kPassword));
    }
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
    for (auto it = m_tokens.begin(); it != m_tokens.end();)
        it = it->subject == subject && it->secret == secret ? m_tokens.erase(it) : std::next(it);
}

void SandboxApi::setUser(const QString &username, const QString &password)
{
    QMutexLocker lock(&m_mutex);
    m_users.insert(username, password);
}

void SandboxApi::revoke(const QString &identity)
{
    QMutexLocker lock(&m_mutex);
    m_clients.remove(identity);
    m_users.remove(identity);
    for (auto it = m_tokens.begin(); it != m_tokens.end();) {
        if (it->subject == QStringLiteral("client:") + identity || it->subject == QStringLiteral("user:") + identity)
            it = m_tokens.erase(it);
        else
            ++it;
    }
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

SandboxReply SandboxApi::error(int status, const QString &oauthCode, const QString &message) const
{
    SandboxReply reply;
    reply.status = status;
    reply.body = style() == Style::FastApi
            ? json({{QStringLiteral("detail"), message}})
            : json({{QStringLiteral("error"), oauthCode}, {QStringLiteral("error_description"), message}});
    return reply;
}

SandboxReply SandboxApi::validationError(const QString &field, const QString &message, const QString &type) const
{
    if (style() == Style::OAuth)
        return error(400, QStringLiteral("invalid_request"), field + QStringLiteral(": ") + message);
    // FastAPI's request validation error (HTTP 422).
    SandboxReply reply;
    reply.status = 422;
    const QJsonObject problem{{QStringLiteral("loc"), QJsonArray{QStringLiteral("body"), field}},
                              {QStringLiteral("msg"), message},
                              {QStringLiteral("type"), type}};
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
    const QString &path = request.path;
    if (path == QLatin1String("/token"))
        return token(request);
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (path == QLatin1String("/health") && get)
        return {200,
                "application/json",
                json({{QStringLiteral("web_server"), true}, {QStringLiteral("database"), true}}),
                {}};
    if (path == QLatin1String("/version") && get) {
        return {200,
                "application/json",
                json({{QStringLiteral("bioepic_sandbox"), QStringLiteral(BIOEPIC_VERSION)},
                      {QStringLiteral("profile"), sandboxProfileName(m_options.profile)}}),
                {}};
    }
    if (path == QLatin1String("/users/me") && get)
        return whoAmI(request);
    if (path == QLatin1String("/sandbox/stats") && get)
        return statsReply();

    static const QRegularExpression collectionPath(QStringLiteral("^/(api|nmdcschema)/([A-Za-z0-9_]+)(?:/([^/]+))?$"));
    const QRegularExpressionMatch match = collectionPath.match(path);
    if (match.hasMatch()) {
        if (!get)
            return error(405, QStringLiteral("invalid_request"), QStringLiteral("Method Not Allowed"));
        const QString resultsKey
                = match.captured(1) == QLatin1String("api") ? QStringLiteral("results") : QStringLiteral("resources");
        const QString collection = match.captured(2);
        if (!m_catalog.hasCollection(collection)) {
            return error(
                    404, QStringLiteral("not_found"),
                    QStringLiteral("Collection \"%1\" does not exist; try samples, studies or sites").arg(collection));
        }
        if (match.hasCaptured(3) && !match.captured(3).isEmpty())
            return record(request, collection, match.captured(3));
        return search(request, collection, resultsKey);
    }
    return error(404, QStringLiteral("not_found"), QStringLiteral("Not Found"));
}

SandboxReply SandboxApi::token(const SandboxRequest &request)
{
    ++m_stats.tokenRequests;
    if (request.method != "POST")
        return error(405, QStringLiteral("invalid_request"), QStringLiteral("Method Not Allowed"));
    const QByteArray contentType = request.headers.value("content-type").toLower();
    if (!contentType.startsWith("application/x-www-form-urlencoded")) {
        return validationError(QStringLiteral("grant_type"), QStringLiteral("the token request must be form-encoded"),
                               QStringLiteral("value_error.missing"));
    }
    const QUrlQuery form = parseForm(request.body);
    const QString grantType = formValue(form, QStringLiteral("grant_type"));
    if (grantType.isEmpty())
        return validationError(QStringLiteral("grant_type"), QStringLiteral("field required"),
                               QStringLiteral("value_error.missing"));

    if (grantType == QLatin1String("client_credentials")) {
        QString clientId = formValue(form, QStringLiteral("client_id"));
        QString secret = formValue(form, QStringLiteral("client_secret"));
        const QByteArray authorization = request.headers.value("authorization");
        const bool basic = authorization.startsWith("Basic ");
        if (basic) {
            const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6));
            const qsizetype colon = decoded.indexOf(':');
            if (colon < 0)
                return error(400, QStringLiteral("invalid_request"), QStringLiteral("Malformed Basic credentials"));
            clientId = QUrl::fromPercentEncoding(decoded.left(colon));
            secret = QUrl::fromPercentEncoding(decoded.mid(colon + 1));
        }
        if (clientId.isEmpty() || secret.isEmpty())
            return error(400, QStringLiteral("invalid_request"),
                         QStringLiteral("client_id and client_secret are required"));
        const auto known = m_clients.constFind(clientId);
        if (known == m_clients.constEnd() || !known->contains(secret)) {
            SandboxReply reply = style() == Style::FastApi
                    ? error(401, QString(), QStringLiteral("Incorrect client_id or client_secret"))
                    : error(401, QStringLiteral("invalid_client"), QStringLiteral("Client authentication failed"));
            reply.headers.append({QByteArrayLiteral("WWW-Authenticate"),
                                  style() == Style::FastApi ? QByteArrayLiteral("Bearer")
                                                            : QByteArrayLiteral("Basic realm=\"bioepic-sandbox\"")});
            return reply;
        }
        return issue(QStringLiteral("client:") + clientId, secret);
    }
    if (grantType == QLatin1String("password")) {
        const QString username = formValue(form, QStringLiteral("username"));
        const QString password = formValue(form, QStringLiteral("password"));
        if (username.isEmpty() || password.isEmpty())
            return error(400, QStringLiteral("invalid_request"), QStringLiteral("username and password are required"));
        const auto known = m_users.constFind(username);
        if (known == m_users.constEnd() || *known != password) {
            if (style() == Style::FastApi) {
                SandboxReply reply = error(401, QString(), QStringLiteral("Incorrect username or password"));
                reply.headers.append({QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")});
                return reply;
            }
            return error(400, QStringLiteral("invalid_grant"), QStringLiteral("Invalid username or password"));
        }
        return issue(QStringLiteral("user:") + username);
    }
    if (style() == Style::FastApi) {
        return validationError(QStringLiteral("grant_type"),
                               QStringLiteral("string does not match regex \"^(password|client_credentials)$\""),
                               QStringLiteral("value_error.str.regex"));
    }
    return error(400, QStringLiteral("unsupported_grant_type"),
                 QStringLiteral("grant_type \"%1\" is not supported").arg(grantType));
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
        for (auto it = m_tokens.begin(); it != m_tokens.end();)
            it = it->expiresAt <= now ? m_tokens.erase(it) : std::next(it);
    }
    if (m_cursors.size() > kMaxCursors) {
        const QDateTime oldest = serverNowLocked().addSecs(-kCursorLifetimeS);
        for (auto it = m_cursors.begin(); it != m_cursors.end();)
            it = it->createdAt <= oldest ? m_cursors.erase(it) : std::next(it);
    }
}

QString SandboxApi::authenticate(const SandboxRequest &request, SandboxReply *failure)
{
    auto reject = [&](const QString &message) {
        *failure = style() == Style::FastApi ? error(401, QString(), message)
                                             : error(401, QStringLiteral("invalid_token"), message);
        failure->headers.append(
                {QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer error=\"invalid_token\"")});
        return QString();
    };
    const QByteArray authorization = request.headers.value("authorization");
    if (!authorization.startsWith("Bearer ") || authorization.size() <= 7)
        return reject(QStringLiteral("Not authenticated: send Authorization: Bearer <access token>"));
    const auto it = m_tokens.constFind(authorization.mid(7).trimmed());
    if (it == m_tokens.constEnd())
        return reject(QStringLiteral("Access token is invalid or was revoked"));
    if (serverNowLocked() >= it->expiresAt)
        return reject(QStringLiteral("Access token has expired"));
    return it->subject;
}

SandboxReply SandboxApi::whoAmI(const SandboxRequest &request)
{
    SandboxReply failure;
    const QString subject = authenticate(request, &failure);
    if (subject.isEmpty())
        return failure;
    const QString name = subject.section(QLatin1Char(':'), 1);
    QDateTime expiresAt = m_tokens.value(request.headers.value("authorization").mid(7).trimmed()).expiresAt;
    return {200,
            "application/json",
            json({{QStringLiteral("id"), subject},
                  {QStringLiteral("username"), name},
                  {QStringLiteral("kind"), subject.section(QLatin1Char(':'), 0, 0)},
                  {QStringLiteral("token_expires_at"), expiresAt.toString(Qt::ISODate)},
                  {QStringLiteral("site_admin"), QJsonArray()}}),
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
                  {QStringLiteral("records_served"), qint64(m_stats.recordsServed)},
                  {QStringLiteral("injected_errors"), qint64(m_stats.injectedErrors)},
                  {QStringLiteral("serve_ms"), double(m_stats.serveNs) / 1e6}}),
            {}};
}

SandboxReply SandboxApi::record(const SandboxRequest &request, const QString &collection, const QString &id)
{
    SandboxReply failure;
    if (authenticate(request, &failure).isEmpty())
        return failure;
    if (collection == QLatin1String(sandboxdemo::kRestrictedCollection))
        return error(403, QStringLiteral("insufficient_scope"),
                     QStringLiteral("Not permitted to read \"%1\"").arg(collection));
    const int index = m_catalog.indexOf(collection, id);
    if (index < 0)
        return error(404, QStringLiteral("not_found"), QStringLiteral("No record \"%1\" in %2").arg(id, collection));
    ++m_stats.searchRequests;
    ++m_stats.recordsServed;
    return {200, "application/json", json(m_catalog.record(collection, index)), {}};
}

SandboxReply SandboxApi::plainPage(const QString &collection, const QString &resultsKey, Cursor cursor, int total)
{
    // Same reply as the general path below, assembled from cached record bytes.
    const int end = std::min(total, cursor.nextIndex + cursor.pageSize);
    QByteArray body;
    body.reserve(qsizetype(end - cursor.nextIndex) * 450 + 64);
    body += "{\"" + resultsKey.toUtf8() + "\":[";
    for (int index = cursor.nextIndex; index < end; ++index) {
        if (index > cursor.nextIndex)
            body += ',';
        body += m_catalog.compactRecord(collection, index);
    }
    body += ']';
    m_stats.recordsServed += quint64(end - cursor.nextIndex);
    if (end < total) {
        const QByteArray next = randomToken(*QRandomGenerator::system(), 12);
        cursor.nextIndex = end;
        cursor.createdAt = serverNowLocked();
        m_cursors.insert(next, cursor);
        body += ",\"next_page_token\":\"" + next + '"';
    } else if (resultsKey == QLatin1String("resources")) {
        body += ",\"next_page_token\":null";
    }
    body += '}';
    return {200, "application/json", body, {}};
}

SandboxReply SandboxApi::search(const SandboxRequest &request, const QString &collection, const QString &resultsKey)
{
    SandboxReply failure;
    if (authenticate(request, &failure).isEmpty())
        return failure;
    if (collection == QLatin1String(sandboxdemo::kRestrictedCollection))
        return error(403, QStringLiteral("insufficient_scope"),
                     QStringLiteral("Not permitted to read \"%1\"").arg(collection));
    ++m_stats.searchRequests;
    purgeExpired();

    Cursor cursor;
    const QString pageToken = request.query.queryItemValue(QStringLiteral("page_token"), QUrl::FullyDecoded);
    if (!pageToken.isEmpty()) {
        // Page tokens are single-use, as on the NMDC Runtime API.
        const auto it = m_cursors.constFind(pageToken.toLatin1());
        if (it == m_cursors.constEnd() || it->collection != collection)
            return error(400, QStringLiteral("invalid_request"),
                         QStringLiteral("page_token is unknown, expired or already used"));
        cursor = m_cursors.take(pageToken.toLatin1());
    } else {
        QString problem;
        const QByteArray filterText
                = request.query.queryItemValue(QStringLiteral("filter"), QUrl::FullyDecoded).toUtf8();
        const auto filter = RecordFilter::parse(filterText, &problem);
        if (!filter)
            return validationError(QStringLiteral("filter"), problem, QStringLiteral("value_error.json"));
        cursor.filter = *filter;
        const QString sizeText = request.query.queryItemValue(QStringLiteral("max_page_size"));
        if (!sizeText.isEmpty()) {
            bool ok = false;
            cursor.pageSize = sizeText.toInt(&ok);
            if (!ok || cursor.pageSize < 1 || cursor.pageSize > kMaxPageSize)
                return validationError(QStringLiteral("max_page_size"),
                                       QStringLiteral("must be an integer between 1 and %1").arg(kMaxPageSize),
                                       QStringLiteral("value_error.number"));
        } else {
            cursor.pageSize = kDefaultPageSize;
        }
        const QString projection = request.query.queryItemValue(QStringLiteral("projection"), QUrl::FullyDecoded);
        for (const QString &field : projection.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!field.trimmed().isEmpty())
                cursor.projection.append(field.trimmed());
        }
        cursor.collection = collection;
    }

    const int total = m_catalog.count(collection);
    if (cursor.filter.isEmpty() && cursor.projection.isEmpty())
        return plainPage(collection, resultsKey, cursor, total);
    QJsonArray results;
    int index = cursor.nextIndex;
    for (; index < total && results.size() < cursor.pageSize; ++index) {
        QJsonObject item = m_catalog.record(collection, index);
        if (!cursor.filter.matches(item))
            continue;
        if (!cursor.projection.isEmpty()) {
            QJsonObject projected{{QStringLiteral("id"), item.value(QStringLiteral("id"))}};
            for (const QString &field : std::as_const(cursor.projection)) {
                if (item.contains(field))
                    projected.insert(field, item.value(field));
            }
            item = projected;
        }
        results.append(item);
    }
    // Look ahead for one more match so the last page carries no next_page_token.
    while (index < total && !cursor.filter.matches(m_catalog.record(collection, index)))
        ++index;
    m_stats.recordsServed += quint64(results.size());

    QJsonObject body{{resultsKey, results}};
    if (index < total) {
        const QByteArray next = randomToken(*QRandomGenerator::system(), 12);
        cursor.nextIndex = index;
        cursor.createdAt = serverNowLocked();
        m_cursors.insert(next, cursor);
        body.insert(QStringLiteral("next_page_token"), QString::fromLatin1(next));
    } else if (resultsKey == QLatin1String("resources")) {
        body.insert(QStringLiteral("next_page_token"), QJsonValue::Null);
    }
    return {200, "application/json", json(body), {}};
}

} // namespace bioepic
