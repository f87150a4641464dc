#pragma once

#include "apiprofile.h"
#include "common/error.h"
#include "net/httpclient.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QUrl>

namespace bioepic {

enum class AuthMethod { ClientCredentials, Password };
/** @brief How the client id and secret travel in a client_credentials token request. */
enum class ClientAuth { Form, Basic };

[[nodiscard]] QString authMethodName(AuthMethod method);
/** @brief What people call a method: "client id and secret", "user name and password". */
[[nodiscard]] QString authMethodLabel(AuthMethod method);
[[nodiscard]] std::optional<AuthMethod> authMethodFromName(const QString &name);
[[nodiscard]] QString clientAuthName(ClientAuth auth);
[[nodiscard]] std::optional<ClientAuth> clientAuthFromName(const QString &name);

/**
 * @brief What the settings file knows about an environment's stored credentials.
 *
 * Kept beside the settings so that listing environments and showing rotation age never
 * unlocks the keychain. Holds no secret: the identity is a client id or a user name.
 */
struct CredentialMetadata
{
    bool stored = false;
    AuthMethod method = AuthMethod::ClientCredentials;
    QString identity; ///< client id or user name
    QString fingerprint; ///< fingerprint of the stored credential pair
    QDateTime storedAt;
    QDateTime rotatedAt; ///< when the active credentials were first stored or last rotated

    // The rollback copy in the "previous" slot, if there is one.
    QString previousIdentity;
    QString previousFingerprint;

    /**
     * An operation that moves secrets between slots ("rotate" or "rollback") writes this before its
     * first keychain write and clears it after its last, so that a crash in between is noticed at the
     * next start without unlocking the keychain.
     */
    QString pendingOperation;
    QDateTime pendingSince;
    QString pendingFingerprint; ///< the credentials being installed

    /**
     * After a rotation that minted a new client on the server: the old client, still valid, to be
     * retired (its secret replaced by one nobody knows) once this date passes.
     */
    QString retireClientId;
    QDateTime retireAfter;

    [[nodiscard]] bool hasPrevious() const { return !previousFingerprint.isEmpty(); }
    [[nodiscard]] bool hasPending() const { return !pendingOperation.isEmpty(); }
    [[nodiscard]] bool hasRetirement() const { return !retireClientId.isEmpty(); }
};

/**
 * @brief One API environment: where the server is, how it is shaped, how to authenticate.
 */
struct Environment
{
    QString name;
    QUrl baseUrl;
    QString profileName = QStringLiteral("bioepic");
    QMap<QString, QString> profileOverrides;
    /**
     * The grant that credentials are first asked for with (the login form, `login` without
     * --client-id or --username). Stored credentials carry their own method, in Credentials and
     * mirrored in CredentialMetadata; a token request always uses theirs.
     */
    AuthMethod defaultMethod = AuthMethod::ClientCredentials;
    ClientAuth clientAuth = ClientAuth::Form;
    int refreshBufferS = 300; ///< refresh this long before expiry (capped at half the lifetime)
    int rotationDays = 90; ///< rotation policy: rotate every N days
    int timeoutS = 30; ///< every request, from sending to its last byte
    int maxPageMb = 256; ///< a search page larger than this is cut off while it arrives
    QString caBundle; ///< optional PEM file of extra CA certificates
    CredentialMetadata credentials;
    /** Keys of the settings file this version does not know: written back as they were. */
    QJsonObject unknownFields;
    /**
     * Why this entry of the settings file cannot be used ("environments.json line 12: base_url
     * uses plain http…"); empty when it can. Such an entry is kept, shown and written back
     * unchanged (original), but nothing is sent with it until it is fixed.
     */
    QString problem;
    QJsonObject original;

    /** @brief Environment::problem as an Error (kind Usage) that says how to fix it; clean when none. */
    [[nodiscard]] Error problemError() const;

    /** @brief The built-in profile with this environment's overrides applied. */
    [[nodiscard]] ApiProfile profile() const;
    /** @brief Where tokens come from: the base URL joined with the profile's token path. */
    [[nodiscard]] QUrl tokenEndpoint() const { return endpoint(profile().tokenPath); }
    /** @brief Base URL joined with an absolute API path ("/token"), keeping any base path prefix. */
    [[nodiscard]] QUrl endpoint(const QString &path) const;
    /**
     * @brief A request to @p path with this environment's timeout, CA bundle and name (for the
     * log), and a reply cap for small answers (tokens, who-am-I, health); a search raises it.
     */
    [[nodiscard]] HttpRequest request(const QString &purpose, const QString &path) const;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static Environment fromJson(const QJsonObject &object);
};

/** @brief A problem with one field of an environment; field is the settings-file key. */
struct FieldError
{
    QString field;
    QString message;
};

/** @brief Every problem with the environment; empty when it can be saved. */
[[nodiscard]] QList<FieldError> validateEnvironment(const Environment &environment);
/** @brief Problem with the name alone, or an empty string. */
[[nodiscard]] QString validateEnvironmentName(const QString &name);
/** @brief Problem with a base URL alone, or an empty string. */
[[nodiscard]] QString validateBaseUrl(const QString &text);
/** @brief Parses a user-typed base URL strictly (no implicit scheme), dropping a trailing '/'. */
[[nodiscard]] QUrl parseBaseUrl(const QString &text);

} // namespace bioepic
