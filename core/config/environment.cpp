#include "environment.h"

#include "common/asciichar.h"
#include "common/isotime.h"
#include "common/servertext.h"
#include "net/transport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSslCertificate>

#include <algorithm>

namespace bioepic {

QString authMethodName(AuthMethod method)
{
    switch (method) {
    case AuthMethod::ClientCredentials:
        return QStringLiteral("client_credentials");
    case AuthMethod::Password:
        return QStringLiteral("password");
    }
    return {};
}

QString authMethodLabel(AuthMethod method)
{
    switch (method) {
    case AuthMethod::ClientCredentials:
        return QCoreApplication::translate("Environment", "client id and secret");
    case AuthMethod::Password:
        return QCoreApplication::translate("Environment", "user name and password");
    }
    return {};
}

std::optional<AuthMethod> authMethodFromName(const QString &name)
{
    if (name == QLatin1String("client_credentials"))
        return AuthMethod::ClientCredentials;
    if (name == QLatin1String("password"))
        return AuthMethod::Password;
    return std::nullopt;
}

QString clientAuthName(ClientAuth auth)
{
    switch (auth) {
    case ClientAuth::Form:
        return QStringLiteral("form");
    case ClientAuth::Basic:
        return QStringLiteral("basic");
    }
    return {};
}

std::optional<ClientAuth> clientAuthFromName(const QString &name)
{
    if (name == QLatin1String("form"))
        return ClientAuth::Form;
    if (name == QLatin1String("basic"))
        return ClientAuth::Basic;
    return std::nullopt;
}

ApiProfile Environment::profile() const
{
    const auto base = ApiProfile::builtin(profileName);
    return base.value_or(*ApiProfile::builtin(QStringLiteral("bioepic"))).withOverrides(profileOverrides);
}

QUrl Environment::endpoint(const QString &path) const
{
    QUrl url = baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + (path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path));
    return url;
}

Error Environment::problemError() const
{
    if (problem.isEmpty())
        return {};
    return {ErrorClass::Usage,
            QStringLiteral("The settings of \"%1\" cannot be used: %2").arg(name, problem),
            QStringLiteral("Nothing was sent. Fix that line of the settings file, or set the value again with "
                           "bioepic-cred env edit %1 (or on the Settings tab).")
                    .arg(name),
            {},
            {}};
}

HttpRequest Environment::request(const QString &purpose, const QString &path) const
{
    HttpRequest request;
    request.environment = name;
    request.purpose = purpose;
    request.url = endpoint(path);
    request.timeout = std::chrono::seconds(timeoutS);
    request.caBundle = caBundle;
    request.maxReplyBytes = HttpRequest::kMaxTokenReplyBytes;
    return request;
}

namespace {
const QStringList kKnownKeys{
        QStringLiteral("name"),          QStringLiteral("base_url"),          QStringLiteral("profile"),
        QStringLiteral("method"),        QStringLiteral("client_auth"),       QStringLiteral("refresh_buffer_s"),
        QStringLiteral("rotation_days"), QStringLiteral("timeout_s"),         QStringLiteral("max_page_mb"),
        QStringLiteral("ca_bundle"),     QStringLiteral("profile_overrides"), QStringLiteral("credentials")};
} // namespace

QJsonObject Environment::toJson() const
{
    if (!problem.isEmpty() && !original.isEmpty())
        return original; // kept exactly as the file had it until someone fixes it
    QJsonObject object = unknownFields;
    const QJsonObject known{
            {QStringLiteral("name"), name},
            {QStringLiteral("base_url"), baseUrl.toString()},
            {QStringLiteral("profile"), profileName},
            {QStringLiteral("method"), authMethodName(defaultMethod)},
            {QStringLiteral("client_auth"), clientAuthName(clientAuth)},
            {QStringLiteral("refresh_buffer_s"), refreshBufferS},
            {QStringLiteral("rotation_days"), rotationDays},
            {QStringLiteral("timeout_s"), timeoutS},
            {QStringLiteral("max_page_mb"), maxPageMb},
    };
    for (auto it = known.constBegin(); it != known.constEnd(); ++it)
        object.insert(it.key(), it.value());
    if (!caBundle.isEmpty())
        object.insert(QStringLiteral("ca_bundle"), caBundle);
    if (!profileOverrides.isEmpty()) {
        QJsonObject overrides;
        for (auto it = profileOverrides.cbegin(); it != profileOverrides.cend(); ++it)
            overrides.insert(it.key(), it.value());
        object.insert(QStringLiteral("profile_overrides"), overrides);
    }
    if (credentials.stored) {
        QJsonObject stored{
                {QStringLiteral("method"), authMethodName(credentials.method)},
                {QStringLiteral("identity"), credentials.identity},
                {QStringLiteral("fingerprint"), credentials.fingerprint},
                {QStringLiteral("stored_at"), isoUtc(credentials.storedAt)},
                {QStringLiteral("rotated_at"), isoUtc(credentials.rotatedAt)},
        };
        if (credentials.hasPrevious()) {
            stored.insert(QStringLiteral("previous"),
                          QJsonObject{{QStringLiteral("identity"), credentials.previousIdentity},
                                      {QStringLiteral("fingerprint"), credentials.previousFingerprint}});
        }
        if (credentials.hasPending()) {
            stored.insert(QStringLiteral("pending"),
                          QJsonObject{{QStringLiteral("operation"), credentials.pendingOperation},
                                      {QStringLiteral("since"), isoUtc(credentials.pendingSince)},
                                      {QStringLiteral("fingerprint"), credentials.pendingFingerprint}});
        }
        if (credentials.hasRetirement()) {
            stored.insert(QStringLiteral("retire"),
                          QJsonObject{{QStringLiteral("client_id"), credentials.retireClientId},
                                      {QStringLiteral("after"), isoUtc(credentials.retireAfter)}});
        }
        object.insert(QStringLiteral("credentials"), stored);
    }
    return object;
}

Environment Environment::fromJson(const QJsonObject &object)
{
    Environment env;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!kKnownKeys.contains(it.key()))
            env.unknownFields.insert(it.key(), it.value());
    }
    env.name = object.value(QStringLiteral("name")).toString();
    env.baseUrl = parseBaseUrl(object.value(QStringLiteral("base_url")).toString());
    env.profileName = object.value(QStringLiteral("profile")).toString(QStringLiteral("bioepic"));
    env.defaultMethod = authMethodFromName(object.value(QStringLiteral("method")).toString())
                                .value_or(AuthMethod::ClientCredentials);
    env.clientAuth
            = clientAuthFromName(object.value(QStringLiteral("client_auth")).toString()).value_or(ClientAuth::Form);
    env.refreshBufferS = object.value(QStringLiteral("refresh_buffer_s")).toInt(300);
    env.rotationDays = object.value(QStringLiteral("rotation_days")).toInt(90);
    env.timeoutS = object.value(QStringLiteral("timeout_s")).toInt(30);
    env.maxPageMb = object.value(QStringLiteral("max_page_mb")).toInt(256);
    env.caBundle = object.value(QStringLiteral("ca_bundle")).toString();
    const QJsonObject overrides = object.value(QStringLiteral("profile_overrides")).toObject();
    for (auto it = overrides.constBegin(); it != overrides.constEnd(); ++it) {
        // verify_collection named a one-record search that "verified" tokens; a public collection
        // answers any token, so verification is who-am-I only and the key is dropped.
        if (it.key() != QLatin1String("verify_collection"))
            env.profileOverrides.insert(it.key(), it.value().toString());
    }
    const QJsonObject creds = object.value(QStringLiteral("credentials")).toObject();
    if (!creds.isEmpty()) {
        env.credentials.stored = true;
        env.credentials.method
                = authMethodFromName(creds.value(QStringLiteral("method")).toString()).value_or(env.defaultMethod);
        env.credentials.identity = creds.value(QStringLiteral("identity")).toString();
        env.credentials.fingerprint = creds.value(QStringLiteral("fingerprint")).toString();
        env.credentials.storedAt = fromIsoUtc(creds.value(QStringLiteral("stored_at")).toString());
        env.credentials.rotatedAt = fromIsoUtc(creds.value(QStringLiteral("rotated_at")).toString());
        const QJsonObject previous = creds.value(QStringLiteral("previous")).toObject();
        env.credentials.previousIdentity = previous.value(QStringLiteral("identity")).toString();
        env.credentials.previousFingerprint = previous.value(QStringLiteral("fingerprint")).toString();
        const QJsonObject pending = creds.value(QStringLiteral("pending")).toObject();
        env.credentials.pendingOperation = pending.value(QStringLiteral("operation")).toString();
        env.credentials.pendingSince = fromIsoUtc(pending.value(QStringLiteral("since")).toString());
        env.credentials.pendingFingerprint = pending.value(QStringLiteral("fingerprint")).toString();
        const QJsonObject retire = creds.value(QStringLiteral("retire")).toObject();
        env.credentials.retireClientId = retire.value(QStringLiteral("client_id")).toString();
        env.credentials.retireAfter = fromIsoUtc(retire.value(QStringLiteral("after")).toString());
    }
    return env;
}

QUrl parseBaseUrl(const QString &text)
{
    QUrl url(text.trimmed(), QUrl::StrictMode);
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path);
    return url;
}

QString validateEnvironmentName(const QString &name)
{
    // A character check, not a QRegularExpression: every command and the GUI's first window check
    // names, and compiling a pattern brings PCRE2 and its JIT into every process.
    const auto lowerOrDigit = [](QChar c) { return isAsciiLower(c.unicode()) || isAsciiDigit(c.unicode()); };
    if (name.isEmpty())
        return QStringLiteral("the name is empty");
    if (name.size() > 64)
        return QStringLiteral("the name is longer than 64 characters");
    if (!lowerOrDigit(name.front())
        || !std::all_of(name.begin(), name.end(), [&](QChar c) { return lowerOrDigit(c) || c == u'_' || c == u'-'; }))
        return QStringLiteral("the name \"%1\" must start with a lower-case letter or digit and contain only "
                              "a-z, 0-9, '_' and '-'")
                .arg(escapeServerText(name));
    return {};
}

namespace {
/** Why QUrl refused @p text, in words (Qt's own message quotes its parser's internals). */
QString whyNotAUrl(const QString &text)
{
    if (text.contains(QLatin1Char(' ')))
        return QStringLiteral("it contains a space");
    if (text.count(QLatin1Char('[')) != text.count(QLatin1Char(']')))
        return QStringLiteral("an IPv6 address needs both [ and ], as in http://[::1]:8080");
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    const qsizetype slashes = text.indexOf(QLatin1String("//"));
    if (colon > slashes && slashes >= 0) {
        const QString port = text.mid(colon + 1).section(QLatin1Char('/'), 0, 0);
        bool number = false;
        const int value = port.toInt(&number);
        if (!port.isEmpty() && (!number || value < 1 || value > 65535))
            return QStringLiteral("the port \"%1\" is not a number from 1 to 65535").arg(port);
    }
    return QStringLiteral("the host name has characters a host name cannot have");
}
} // namespace

QString validateBaseUrl(const QString &text)
{
    const QString typed = text.trimmed();
    if (typed.isEmpty())
        return QStringLiteral("the base URL is empty; it looks like https://api.example.org");
    const QUrl url(typed, QUrl::StrictMode);
    if (!typed.contains(QLatin1String("://")))
        return QStringLiteral("\"%1\" has no scheme: write https://%1").arg(typed);
    if (!url.isValid())
        return QStringLiteral("\"%1\" is not a valid URL: %2").arg(typed, whyNotAUrl(typed));
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return QStringLiteral("the base URL must start with https:// (\"%1://\" is not supported)").arg(url.scheme());
    if (url.host().isEmpty())
        return QStringLiteral("\"%1\" has no host name").arg(typed);
    if (!url.userInfo().isEmpty())
        return QStringLiteral("the base URL must not contain a user name or password: store those in the keychain");
    if (url.hasQuery() || url.hasFragment())
        return QStringLiteral("the base URL must not contain a query (?…) or a fragment (#…)");
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host()))
        return QStringLiteral("plain http to %1 would send credentials unencrypted: use https (plain http is allowed "
                              "only for loopback addresses)")
                .arg(url.host());
    return {};
}

QList<FieldError> validateEnvironment(const Environment &env)
{
    QList<FieldError> errors;
    if (const QString problem = validateEnvironmentName(env.name); !problem.isEmpty())
        errors.append({QStringLiteral("name"), problem});
    if (const QString problem = validateBaseUrl(env.baseUrl.toString()); !problem.isEmpty())
        errors.append({QStringLiteral("base_url"), problem});
    if (!ApiProfile::builtin(env.profileName))
        errors.append({QStringLiteral("profile"),
                       QStringLiteral("the API profile \"%1\" is unknown; use one of: %2")
                               .arg(env.profileName, ApiProfile::builtinNames().join(u", "))});
    const QStringList keys = ApiProfile::overrideKeys();
    for (auto it = env.profileOverrides.cbegin(); it != env.profileOverrides.cend(); ++it) {
        const QString field = QStringLiteral("profile_overrides.") + it.key();
        if (!keys.contains(it.key())) {
            errors.append(
                    {field,
                     QStringLiteral("unknown profile override \"%1\"; known: %2").arg(it.key(), keys.join(u", "))});
            continue;
        }
        const QString value = it.value();
        const QString label = ApiProfile::fieldLabel(it.key());
        const bool isPath = it.key().endsWith(QLatin1String("_path"));
        const bool optional = it.key() == QLatin1String("health_path") || it.key() == QLatin1String("who_am_i_path")
                || it.key() == QLatin1String("example_collection") || it.key() == QLatin1String("mint_client_path")
                || it.key() == QLatin1String("reset_secret_path");
        if (value.isEmpty() && !optional)
            errors.append({field, QStringLiteral("the %1 must not be empty").arg(label.toLower())});
        else if (isPath && !value.isEmpty() && !value.startsWith(QLatin1Char('/')))
            errors.append(
                    {field, QStringLiteral("the %1 must start with '/' (got \"%2\")").arg(label.toLower(), value)});
        else if (it.key() == QLatin1String("search_path") && !value.contains(QLatin1String("{collection}")))
            errors.append({field, QStringLiteral("the search path must contain {collection} (got \"%1\")").arg(value)});
        else if (value.contains(QLatin1Char('?')) || value.contains(QLatin1Char('#'))
                 || value.contains(QLatin1Char(' ')))
            errors.append({field, QStringLiteral("the %1 must not contain '?', '#' or spaces").arg(label.toLower())});
    }
    if (env.refreshBufferS < 0 || env.refreshBufferS > 86400)
        errors.append({QStringLiteral("refresh_buffer_s"),
                       QStringLiteral("the refresh buffer must be between 0 and 86400 seconds (got %1)")
                               .arg(env.refreshBufferS)});
    if (env.rotationDays < 1 || env.rotationDays > 3650)
        errors.append(
                {QStringLiteral("rotation_days"),
                 QStringLiteral("the rotation period must be between 1 and 3650 days (got %1)").arg(env.rotationDays)});
    if (env.timeoutS < 1 || env.timeoutS > 600)
        errors.append({QStringLiteral("timeout_s"),
                       QStringLiteral("the timeout must be between 1 and 600 seconds (got %1)").arg(env.timeoutS)});
    if (env.maxPageMb < 1 || env.maxPageMb > 4096)
        errors.append({QStringLiteral("max_page_mb"),
                       QStringLiteral("the largest page must be between 1 and 4096 MiB (got %1)").arg(env.maxPageMb)});
    if (env.clientAuth == ClientAuth::Basic && env.defaultMethod == AuthMethod::Password)
        errors.append({QStringLiteral("client_auth"),
                       QStringLiteral("HTTP Basic client authentication sends a client id and secret; it cannot be "
                                      "used with the user name and password method")});
    if (!env.caBundle.isEmpty()) {
        QFile file(env.caBundle);
        if (!file.open(QIODevice::ReadOnly))
            errors.append(
                    {QStringLiteral("ca_bundle"),
                     QStringLiteral("the CA bundle \"%1\" cannot be read: %2").arg(env.caBundle, file.errorString())});
        else if (QSslCertificate::fromData(file.readAll(), QSsl::Pem).isEmpty())
            errors.append({QStringLiteral("ca_bundle"),
                           QStringLiteral("the CA bundle \"%1\" holds no PEM certificate").arg(env.caBundle)});
    }
    return errors;
}

} // namespace bioepic
