#include "redaction.h"

#include "common/secret.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace bioepic::redaction {

namespace {
const QByteArray kRedacted = QByteArrayLiteral("<redacted>");

bool isTokenKey(const QString &key)
{
    const QString lower = key.toLower();
    return lower == QLatin1String("access_token") || lower == QLatin1String("refresh_token")
            || lower == QLatin1String("id_token") || lower == QLatin1String("token")
            || lower.endsWith(QLatin1String("_token")) || lower.contains(QLatin1String("secret"))
            || lower.contains(QLatin1String("password"));
}

bool isSecretHeader(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie" || lower == "set-cookie"
            || lower.contains("token") || lower.contains("secret") || lower.contains("api-key")
            || lower.contains("apikey") || lower.contains("password");
}

QJsonValue redactJson(const QJsonValue &value)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (isTokenKey(it.key()) && it.value().isString())
                it.value() = QStringLiteral("<redacted %1>").arg(fingerprintOf(it.value().toString().toUtf8()));
            else
                it.value() = redactJson(it.value());
        }
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (auto it = array.begin(); it != array.end(); ++it)
            *it = redactJson(*it);
        return array;
    }
    return value;
}
} // namespace

QString url(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

QByteArray headerValue(const QByteArray &name, const QByteArray &value)
{
    if (!isSecretHeader(name))
        return value;
    if (name.compare("authorization", Qt::CaseInsensitive) == 0) {
        const qsizetype space = value.indexOf(' ');
        const QByteArray scheme = space > 0 ? value.left(space) : QByteArray();
        if (scheme.compare("Bearer", Qt::CaseInsensitive) == 0)
            return scheme + " <redacted " + fingerprintOf(value.mid(space + 1)).toUtf8() + '>';
        if (!scheme.isEmpty())
            return scheme + ' ' + kRedacted;
    }
    return kRedacted;
}

QString formBody(const QByteArray &body)
{
    static const QStringList shown{QStringLiteral("grant_type"), QStringLiteral("client_id"),
                                   QStringLiteral("username"), QStringLiteral("scope")};
    const QUrlQuery query(QString::fromUtf8(body));
    QStringList parts;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        parts.append(shown.contains(key) ? key + QLatin1Char('=') + value
                                         : key + QLatin1Char('=') + QString::fromLatin1(kRedacted));
    }
    return parts.join(QStringLiteral(", "));
}

QString tokenReply(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isNull())
        return QStringLiteral("<%1 bytes, not JSON>").arg(body.size());
    const QJsonValue redacted
            = redactJson(document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array()));
    return QString::fromUtf8(redacted.isObject() ? QJsonDocument(redacted.toObject()).toJson(QJsonDocument::Compact)
                                                 : QJsonDocument(redacted.toArray()).toJson(QJsonDocument::Compact));
}

QString errorExcerpt(const QByteArray &body)
{
    if (body.isEmpty())
        return {};
    const QJsonDocument document = QJsonDocument::fromJson(body);
    QString text = document.isNull() ? QStringLiteral("<%1 bytes, not JSON>").arg(body.size()) : tokenReply(body);
    if (text.size() > 300)
        text = text.left(300) + QStringLiteral("…");
    return text;
}

QByteArray scrub(QByteArray text, const QList<QByteArray> &secrets)
{
    for (const QByteArray &secret : secrets) {
        if (secret.size() < 4)
            continue;
        text.replace(secret, kRedacted);
        // A server may echo the secret form- or percent-encoded.
        const QByteArray encoded = QUrl::toPercentEncoding(QString::fromUtf8(secret));
        if (encoded != secret)
            text.replace(encoded, kRedacted);
    }
    return text;
}

} // namespace bioepic::redaction
