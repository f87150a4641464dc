#include "credentialmanager.h"

#include "common/clock.h"
#include "config/environmentstore.h"
#include "keychain/credentialvault.h"
#include "tokenservice.h"

#include <QPointer>
#include <QTimer>

namespace bioepic {

CredentialManager::CredentialManager(EnvironmentStore *environments, CredentialVault *vault, TokenClient *client,
                                     TokenService *tokens, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_environments(environments)
    , m_vault(vault)
    , m_client(client)
    , m_tokens(tokens)
    , m_clock(clock)
{
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
    QPointer<QObject> guard(context);
    auto answer = [guard, callback](const LoginResult &result) {
        if (guard)
            callback(result);
    };
    auto env = m_environments->find(environment);
    if (!env || !credentials.isComplete()) {
        LoginResult result;
        result.error = !env
                ? Error{ErrorClass::Usage,
                        QStringLiteral("No environment named \"%1\"").arg(environment),
                        QStringLiteral("List them with: bioepic-cred env list"),
                        {},
                        QStringLiteral("name")}
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
    env->method = credentials.method;

    LoginResult result;
    result.sessionOnly = m_vault->isSessionOnly(environment);
    if (!verify) {
        store(environment, credentials, result, this, answer);
        return 0;
    }
    return m_client->requestToken(*env, credentials, this,
                                  [this, environment, credentials, result, answer](const TokenResult &token) mutable {
                                      if (!token.ok()) {
                                          result.error = token.error;
                                          result.apiError = token.apiError;
                                          answer(result);
                                          return;
                                      }
                                      result.verified = true;
                                      result.token = token.token;
                                      store(environment, credentials, result, this, answer);
                                  });
}

void CredentialManager::store(const QString &environment, const Credentials &credentials, LoginResult result,
                              QObject *context, LoginCallback callback)
{
    m_vault->writeCredentials(
            environment, SecretSlot::Active, credentials, context,
            [this, environment, credentials, result, callback](const KeychainError &error) mutable {
                if (!error.ok()) {
                    result.error = error.toError();
                    callback(result);
                    return;
                }
                CredentialMetadata metadata = credentials.metadata();
                const CredentialMetadata previous = this->metadata(environment);
                if (previous.stored && previous.rotatedAt.isValid() && previous.identity == credentials.identity
                    && previous.fingerprint == metadata.fingerprint)
                    metadata.rotatedAt = previous.rotatedAt; // same pair stored again: not a rotation
                if (m_vault->isSessionOnly(environment)) {
                    m_sessionMetadata.insert(environment, metadata);
                } else {
                    // The method follows the stored pair.
                    if (auto env = m_environments->find(environment); env && env->method != credentials.method) {
                        env->method = credentials.method;
                        if (env->clientAuth == ClientAuth::Basic && env->method == AuthMethod::Password)
                            env->clientAuth = ClientAuth::Form;
                        if (const Error saved = m_environments->update(*env); !saved.ok()) {
                            result.error = saved;
                            callback(result);
                            return;
                        }
                    }
                    if (const Error saved = m_environments->setCredentialMetadata(environment, metadata); !saved.ok()) {
                        result.error = saved;
                        callback(result);
                        return;
                    }
                }
                Q_EMIT credentialsChanged(environment);
                auto finish = [callback, result] { callback(result); };
                if (result.token) {
                    m_tokens->adopt(environment, *result.token, this, finish);
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
        m_sessionMetadata.remove(environment);
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
    if (!env || env->builtIn) {
        // Let the store produce the precise message (unknown, or built-in).
        const Error error = m_environments->remove(environment);
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
