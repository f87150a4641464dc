#include "credentialmanager.h"

#include "auth/tokenservice.h"
#include "common/clock.h"
#include "common/logging.h"
#include "config/environmentstore.h"
#include "historystore.h"
#include "keychain/credentialvault.h"

#include <QPointer>
#include <QTimer>

namespace bioepic {

CredentialManager::CredentialManager(EnvironmentStore *environments, CredentialVault *vault, TokenClient *client,
                                     TokenService *tokens, HistoryStore *history, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_environments(environments)
    , m_vault(vault)
    , m_client(client)
    , m_tokens(tokens)
    , m_history(history)
    , m_clock(clock)
{
    connect(m_vault, &CredentialVault::credentialsRead, this, &CredentialManager::replaceLegacyFingerprint);
}

void CredentialManager::replaceLegacyFingerprint(const QString &environment, SecretSlot slot,
                                                 const Credentials &credentials)
{
    CredentialMetadata meta = metadata(environment);
    QString *recorded = slot == SecretSlot::Active ? &meta.fingerprint
            : slot == SecretSlot::Previous         ? &meta.previousFingerprint
            : slot == SecretSlot::Staged           ? &meta.pendingFingerprint
                                                   : nullptr;
    // Only a record of exactly these credentials, in the unkeyed form, is replaced.
    if (!meta.stored || !recorded || !isLegacyFingerprint(*recorded) || *recorded != credentials.legacyFingerprint())
        return;
    const QString legacy = *recorded;
    *recorded = credentials.fingerprint();
    if (const Error error = setMetadata(environment, meta); !error.ok()) {
        qCWarning(lcAuth).noquote() << "could not record the new fingerprint of" << environment << error.message;
        return;
    }
    m_history->replaceFingerprints(environment, {{legacy, *recorded}});
}

void CredentialManager::record(const QString &environment, const QString &action, const QString &outcome,
                               const QString &step, const QString &oldFingerprint, const QString &newFingerprint,
                               const QString &message, const QString &identity)
{
    m_history->append(environment,
                      {m_clock->now(), action, outcome, step, oldFingerprint, newFingerprint, message, identity});
}

Error CredentialManager::setMetadata(const QString &environment, const CredentialMetadata &metadata)
{
    if (m_vault->isSessionOnly(environment)) {
        m_sessionMetadata.insert(environment, metadata);
        return {};
    }
    return m_environments->setCredentialMetadata(environment, metadata);
}

QStringList CredentialManager::interruptedRotations() const
{
    QStringList names;
    for (const Environment &env : m_environments->environments()) {
        if (metadata(env.name).hasPending())
            names.append(env.name);
    }
    return names;
}

QList<std::pair<QString, RotationAge>> CredentialManager::overdueRotations(const QDateTime &now) const
{
    QList<std::pair<QString, RotationAge>> overdue;
    for (const Environment &env : m_environments->environments()) {
        const CredentialMetadata meta = metadata(env.name);
        if (!meta.stored)
            continue;
        const RotationAge age = rotationAge(meta.rotatedAt, env.rotationDays, now);
        if (age.isOverdue())
            overdue.append({env.name, age});
    }
    return overdue;
}

bool CredentialManager::isSessionOnly(const QString &environment) const
{
    return m_vault->isSessionOnly(environment);
}

void CredentialManager::setSessionOnly(const QString &environment, bool sessionOnly)
{
    m_vault->setSessionOnly(environment, sessionOnly);
    Q_EMIT credentialsChanged(environment);
}

CredentialMetadata CredentialManager::metadata(const QString &environment) const
{
    if (m_vault->isSessionOnly(environment))
        return m_sessionMetadata.value(environment);
    const auto env = m_environments->find(environment);
    return env ? env->credentials : CredentialMetadata{};
}

void CredentialManager::cancelLogin(quint64 requestId)
{
    if (requestId)
        m_client->abort(requestId);
}

quint64 CredentialManager::login(const QString &environment, Credentials credentials, bool verify, QObject *context,
                                 LoginCallback callback)
{
    return loginAs(QStringLiteral("login"), environment, std::move(credentials), verify, context, std::move(callback));
}

quint64 CredentialManager::loginAs(const QString &action, const QString &environment, Credentials credentials,
                                   bool verify, QObject *context, LoginCallback callback)
{
    QPointer<QObject> guard(context);
    auto answer = [guard, callback](const LoginResult &result) {
        if (guard)
            callback(result);
    };
    const auto env = m_environments->find(environment);
    if (!env || !credentials.isComplete()) {
        LoginResult result;
        result.error = !env
                ? unknownEnvironmentError(environment)
                : Error{ErrorClass::Usage,
                        credentials.identity.isEmpty() ? QStringLiteral("The client id or user name is empty")
                                                       : QStringLiteral("The secret is empty"),
                        {},
                        {},
                        credentials.identity.isEmpty() ? QStringLiteral("identity") : QStringLiteral("secret")};
        QTimer::singleShot(0, this, [answer, result] { answer(result); });
        return 0;
    }
    if (!credentials.createdAt.isValid())
        credentials.createdAt = m_clock->now();

    LoginResult result;
    result.action = action;
    result.sessionOnly = m_vault->isSessionOnly(environment);
    if (!verify) {
        store(*env, credentials, result, this, answer);
        return 0;
    }
    return m_client->requestToken(
            *env, credentials, this, [this, env = *env, credentials, result, answer](const TokenResult &token) mutable {
                if (!token.ok()) {
                    result.error = token.error;
                    result.apiError = token.apiError;
                    if (!token.apiError.ok() && token.apiError.code != ApiError::Code::Canceled)
                        record(env.name, result.action, QStringLiteral("failed"), QStringLiteral("token"),
                               metadata(env.name).fingerprint, credentials.fingerprint(), token.error.message,
                               credentials.identity);
                    answer(result);
                    return;
                }
                result.verified = true;
                result.token = token.token;
                verifyToken(env, credentials, result, answer);
            });
}

void CredentialManager::verifyToken(const Environment &env, const Credentials &credentials, LoginResult result,
                                    LoginCallback callback)
{
    m_client->verify(env, *result.token, this,
                     [this, env, credentials, result, callback](const TokenVerification &verification) mutable {
                         if (!verification.ok()) {
                             result.apiError = verification.apiError;
                             result.error = verification.apiError.toError();
                             result.error.message
                                     = QStringLiteral("The server issued a token but refused it on %1: %2")
                                               .arg(TokenClient::verificationName(env), result.error.message);
                             record(env.name, result.action, QStringLiteral("failed"), QStringLiteral("verify"),
                                    metadata(env.name).fingerprint, credentials.fingerprint(), result.error.message,
                                    credentials.identity);
                             callback(result);
                             return;
                         }
                         result.acceptedByWhoAmI = verification.performed;
                         store(env, credentials, result, this, callback);
                     });
}

void CredentialManager::store(const Environment &env, const Credentials &credentials, LoginResult result,
                              QObject *context, LoginCallback callback)
{
    m_vault->writeCredentials(
            env.name, SecretSlot::Active, credentials, context,
            [this, env, credentials, result, callback](const KeychainError &error) mutable {
                const QString &environment = env.name;
                const CredentialMetadata before = this->metadata(environment);
                if (!error.ok()) {
                    result.error = error.toError();
                    record(environment, result.action, QStringLiteral("failed"), QStringLiteral("store"),
                           before.fingerprint, credentials.fingerprint(), result.error.message, credentials.identity);
                    callback(result);
                    return;
                }
                CredentialMetadata metadata = credentials.metadata();
                if (before.stored && before.rotatedAt.isValid() && before.fingerprint == metadata.fingerprint)
                    metadata.rotatedAt = before.rotatedAt; // the same pair stored again: not a rotation
                // A login leaves the "previous" slot alone: keep knowing about it.
                metadata.previousIdentity = before.previousIdentity;
                metadata.previousFingerprint = before.previousFingerprint;
                if (const Error saved = setMetadata(environment, metadata); !saved.ok()) {
                    result.error = saved;
                    callback(result);
                    return;
                }
                record(environment, result.action, QStringLiteral("ok"), {}, before.fingerprint, metadata.fingerprint,
                       !result.verified                  ? QStringLiteral("not verified")
                               : result.acceptedByWhoAmI ? QStringLiteral("verified: a token, accepted by who-am-I")
                                                         : QStringLiteral("verified by the token request only"),
                       credentials.identity);
                Q_EMIT credentialsChanged(environment);
                auto finish = [callback, result] { callback(result); };
                if (result.token) {
                    m_tokens->adopt(env, *result.token, this, finish);
                } else {
                    // New credentials: a token of the old ones must not be served any more.
                    m_tokens->forget(environment, this, [finish](const KeychainError &) { finish(); });
                }
            });
}

void CredentialManager::forget(const QString &environment, QObject *context, DoneCallback callback)
{
    QPointer<QObject> guard(context);
    m_vault->removeAll(environment, this, [this, environment, guard, callback](const KeychainError &error) {
        if (!error.ok()) {
            if (guard)
                callback(error.toError());
            return;
        }
        const CredentialMetadata removed = metadata(environment);
        m_sessionMetadata.remove(environment);
        if (!removed.fingerprint.isEmpty())
            record(environment, QStringLiteral("remove"), QStringLiteral("ok"), {}, removed.fingerprint, {},
                   QStringLiteral("credentials removed from the keychain"), removed.identity);
        Error saved;
        if (m_environments->find(environment) && !m_vault->isSessionOnly(environment))
            saved = m_environments->setCredentialMetadata(environment, {});
        m_tokens->forget(environment, this, [this, environment, guard, callback, saved](const KeychainError &) {
            Q_EMIT credentialsChanged(environment);
            if (guard)
                callback(saved);
        });
    });
}

void CredentialManager::removeEnvironment(const QString &environment, QObject *context, DoneCallback callback)
{
    const auto env = m_environments->find(environment);
    if (!env) {
        const Error error = unknownEnvironmentError(environment);
        QPointer<QObject> guard(context);
        QTimer::singleShot(0, this, [guard, callback, error] {
            if (guard)
                callback(error);
        });
        return;
    }
    forget(environment, context, [this, environment, callback](const Error &error) {
        if (!error.ok()) {
            callback(error);
            return;
        }
        m_vault->setSessionOnly(environment, false);
        callback(m_environments->remove(environment));
    });
}

} // namespace bioepic
