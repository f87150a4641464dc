#include "credentials.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace bioepic {

namespace {
QByteArray &fingerprintKey()
{
    static QByteArray key = [] {
        QByteArray random(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);
        return random;
    }();
    return key;
}
} // namespace

void setFingerprintKey(const QByteArray &key)
{
    if (!key.isEmpty())
        fingerprintKey() = key;
}

bool isLegacyFingerprint(const QString &fingerprint)
{
    return fingerprint.startsWith(QLatin1String("sha256:"));
}

QString Credentials::fingerprint() const
{
    if (!isComplete())
        return {};
    const QByteArray mac = QMessageAuthenticationCode::hash(identity.toUtf8() + '\n' + secret.reveal(),
                                                            fingerprintKey(), QCryptographicHash::Sha256);
    return QStringLiteral("hmac:") + QString::fromLatin1(mac.toHex().left(8));
}

QString Credentials::legacyFingerprint() const
{
    return fingerprintOf(identity.toUtf8() + '\n' + secret.reveal());
}

QByteArray Credentials::toKeychainValue() const
{
    QJsonObject object{{QStringLiteral("method"), authMethodName(method)},
                       {QStringLiteral("created_at"), createdAt.toUTC().toString(Qt::ISODate)}};
    switch (method) {
    case AuthMethod::ClientCredentials:
        object.insert(QStringLiteral("client_id"), identity);
        object.insert(QStringLiteral("client_secret"), secret.revealString());
        break;
    case AuthMethod::Password:
        object.insert(QStringLiteral("username"), identity);
        object.insert(QStringLiteral("password"), secret.revealString());
        break;
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<Credentials> Credentials::fromKeychainValue(const QByteArray &value)
{
    const QJsonObject object = QJsonDocument::fromJson(value).object();
    const auto method = authMethodFromName(object.value(QStringLiteral("method")).toString());
    if (!method)
        return std::nullopt;
    Credentials credentials;
    credentials.method = *method;
    const bool client = *method == AuthMethod::ClientCredentials;
    credentials.identity = object.value(client ? QStringLiteral("client_id") : QStringLiteral("username")).toString();
    credentials.secret = Secret::fromString(
            object.value(client ? QStringLiteral("client_secret") : QStringLiteral("password")).toString());
    credentials.createdAt = QDateTime::fromString(object.value(QStringLiteral("created_at")).toString(), Qt::ISODate);
    if (!credentials.isComplete())
        return std::nullopt;
    return credentials;
}

CredentialMetadata Credentials::metadata() const
{
    CredentialMetadata meta;
    meta.stored = true;
    meta.method = method;
    meta.identity = identity;
    meta.fingerprint = fingerprint();
    meta.storedAt = createdAt;
    meta.rotatedAt = createdAt;
    return meta;
}

QString slotName(SecretSlot slot)
{
    switch (slot) {
    case SecretSlot::Active:
        return QStringLiteral("active");
    case SecretSlot::Previous:
        return QStringLiteral("previous");
    case SecretSlot::Staged:
        return QStringLiteral("staged");
    case SecretSlot::Token:
        return QStringLiteral("token");
    }
    return {};
}

QString secretKey(const QString &service, const QString &environment, SecretSlot slot)
{
    return service + QLatin1Char('/') + environment + QLatin1Char('/') + slotName(slot);
}

} // namespace bioepic
