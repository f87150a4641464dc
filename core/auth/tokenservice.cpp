#include "tokenservice.h"

#include "common/clock.h"
#include "common/logging.h"
#include "config/environmentstore.h"
#include "jwt.h"
#include "keychain/credentialvault.h"

#include <QJsonDocument>

namespace bioepic {

namespace {
constexpr int kFirstRetryS = 30;
constexpr int kMaxRetryS = 300;
constexpr int kMaxWakeupMs = 60'000;

Error noCredentials(const QString &environment)
{
    return {ErrorClass::Failure,
            QStringLiteral("No credentials are stored for \"%1\"").arg(environment),
            QStringLiteral("Store them in the GUI's Credentials tab, or with: bioepic-cred login %1").arg(environment),
            {},
            {}};
}

} // namespace

QByteArray serialiseTokenSlot(const Token &token, const QString &binding)
{
    QJsonObject object = token.info.toJson();
    object.insert(QStringLiteral("access_token"), token.accessToken.revealString());
    object.insert(QStringLiteral("binding"), binding);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<std::pair<Token, QString>> parseTokenSlot(const QByteArray &value)
{
    const QJsonObject object = QJsonDocument::fromJson(value).object();
    const QString accessToken = object.value(QStringLiteral("access_token")).toString();
    if (accessToken.isEmpty())
        return std::nullopt;
    Token token;
    token.accessToken = Secret::fromString(accessToken);
    token.info = TokenInfo::fromJson(object);
    if (!token.info.isSet())
        return std::nullopt;
    if (const auto jwt = decodeJwt(token.accessToken.reveal()))
        token.claims = jwt->claims;
    return std::pair{token, object.value(QStringLiteral("binding")).toString()};
}

TokenService::TokenService(EnvironmentStore *environments, CredentialVault *vault, TokenClient *client,
                           TokenStatusStore *statusStore, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_environments(environments)
    , m_vault(vault)
    , m_client(client)
    , m_statusStore(statusStore)
    , m_clock(clock)
{
    m_wakeup.setSingleShot(true);
    connect(&m_wakeup, &QTimer::timeout, this, &TokenService::runDueRefreshes);
}

void TokenService::setAutoRefresh(bool enabled)
{
    m_autoRefresh = enabled;
    if (enabled)
        scheduleWakeup();
    else
        m_wakeup.stop();
}

QString TokenService::bindingFor(const QString &environment) const
{
    // A token belongs to one token endpoint and one method; any change of either invalidates it.
    const auto env = m_environments->find(environment);
    if (!env)
        return {};
    return env->endpoint(env->profile().tokenPath).toString() + QLatin1Char('|') + authMethodName(env->method);
}

bool TokenService::isFresh(const CachedToken &cached, const QString &environment) const
{
    return cached.binding == bindingFor(environment) && m_clock->now() < cached.token.info.refreshAt;
}

void TokenService::requestToken(const QString &environment, Freshness freshness, QObject *context,
                                TokenClient::Callback callback)
{
    if (freshness == Freshness::UseCached) {
        const auto it = m_tokens.constFind(environment);
        if (it != m_tokens.constEnd() && isFresh(*it, environment)) {
            TokenResult result;
            result.token = it->token;
            QPointer<QObject> guard(context);
            QTimer::singleShot(0, this, [guard, callback = std::move(callback), result] {
                if (guard)
                    callback(result);
            });
            return;
        }
    }
    const bool alreadyInFlight = m_flights.contains(environment);
    m_flights[environment].append({context, std::move(callback)});
    if (!alreadyInFlight)
        startFlight(environment, freshness);
}

void TokenService::startFlight(const QString &environment, Freshness freshness)
{
    Q_EMIT requestStarted(environment);
    if (!m_environments->find(environment)) {
        QTimer::singleShot(0, this, [this, environment] {
            TokenResult result;
            result.error = unknownEnvironmentError(environment);
            completeFlight(environment, result);
        });
        return;
    }
    if (freshness == Freshness::ForceRefresh || !m_persistTokens) {
        fetchWithCredentials(environment);
        return;
    }
    m_vault->readSlot(environment, SecretSlot::Token, this,
                      [this, environment](const KeychainError &error, const QByteArray &value) {
                          if (error.ok()) {
                              const auto parsed = parseTokenSlot(value);
                              if (parsed && parsed->second == bindingFor(environment)
                                  && m_clock->now() < parsed->first.info.refreshAt) {
                                  m_tokens.insert(environment, {parsed->first, parsed->second});
                                  TokenResult result;
                                  result.token = parsed->first;
                                  completeFlight(environment, result);
                                  return;
                              }
                          }
                          // A missing, stale or unreadable cached token: get a new one. A keychain
                          // that is locked or gone will say so on the credentials read that follows.
                          fetchWithCredentials(environment);
                      });
}

void TokenService::fetchWithCredentials(const QString &environment)
{
    m_vault->readCredentials(
            environment, SecretSlot::Active, this,
            [this, environment](const KeychainError &error, const std::optional<Credentials> &credentials) {
                if (!error.ok()) {
                    TokenResult result;
                    result.error = error.isNotFound() ? noCredentials(environment) : error.toError();
                    completeFlight(environment, result);
                    return;
                }
                auto env = m_environments->find(environment);
                if (!env) {
                    TokenResult result;
                    result.error = unknownEnvironmentError(environment);
                    completeFlight(environment, result);
                    return;
                }
                // The stored pair says which grant it is for.
                env->method = credentials->method;
                m_client->requestToken(*env, *credentials, this, [this, environment](const TokenResult &result) {
                    if (!result.ok()) {
                        completeFlight(environment, result);
                        return;
                    }
                    storeToken(environment, result.token, bindingFor(environment),
                               [this, environment, result] { completeFlight(environment, result); });
                });
            });
}

void TokenService::storeToken(const QString &environment, const Token &token, const QString &binding,
                              std::function<void()> done)
{
    m_tokens.insert(environment, {token, binding});
    m_retryAt.remove(environment);
    m_failures.remove(environment);
    m_statusStore->setToken(environment, token.info);
    Q_EMIT tokenChanged(environment);
    if (!m_persistTokens) {
        QTimer::singleShot(0, this, std::move(done));
        return;
    }
    m_vault->writeSlot(environment, SecretSlot::Token, serialiseTokenSlot(token, binding), this,
                       [environment, done = std::move(done)](const KeychainError &error) {
                           if (!error.ok())
                               qCWarning(lcAuth) << "could not cache the token of" << environment
                                                 << "in the keychain:" << error.message();
                           done();
                       });
}

void TokenService::completeFlight(const QString &environment, const TokenResult &result)
{
    const QList<Waiter> waiters = m_flights.take(environment);
    if (!result.ok()) {
        m_statusStore->setError(environment, result.error.message, m_clock->now());
        Q_EMIT tokenChanged(environment);
    }
    Q_EMIT requestFinished(environment, result.error);
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.callback(result);
    }
    if (m_autoRefresh)
        scheduleWakeup();
}

void TokenService::adopt(const QString &environment, const Token &token, QObject *context, std::function<void()> done)
{
    QPointer<QObject> guard(context);
    storeToken(environment, token, bindingFor(environment), [this, guard, done = std::move(done)] {
        if (m_autoRefresh)
            scheduleWakeup();
        if (guard)
            done();
    });
}

void TokenService::forget(const QString &environment, QObject *context, SecretStore::DoneCallback done)
{
    m_tokens.remove(environment);
    m_retryAt.remove(environment);
    m_failures.remove(environment);
    m_statusStore->clear(environment);
    Q_EMIT tokenChanged(environment);
    m_vault->removeSlot(environment, SecretSlot::Token, context, std::move(done));
}

std::optional<Token> TokenService::cachedToken(const QString &environment) const
{
    const auto it = m_tokens.constFind(environment);
    if (it == m_tokens.constEnd() || it->binding != bindingFor(environment))
        return std::nullopt;
    return it->token;
}

TokenStatus TokenService::status(const QString &environment) const
{
    TokenStatus status = m_statusStore->status(environment);
    if (const auto token = cachedToken(environment))
        status.info = token->info;
    return status;
}

TokenState TokenService::state(const QString &environment) const
{
    const TokenStatus current = status(environment);
    const TokenState state = current.info.stateAt(m_clock->now());
    if (!current.lastError.isEmpty() && state != TokenState::Valid)
        return TokenState::Error;
    return state;
}

void TokenService::runDueRefreshes()
{
    const QDateTime now = m_clock->now();
    const QStringList environments = m_tokens.keys();
    for (const QString &environment : environments) {
        const CachedToken &cached = m_tokens[environment];
        if (m_flights.contains(environment) || now < cached.token.info.refreshAt)
            continue;
        if (const auto retry = m_retryAt.constFind(environment); retry != m_retryAt.constEnd() && now < *retry)
            continue;
        qCDebug(lcAuth) << "refreshing the token of" << environment;
        requestToken(environment, Freshness::UseCached, this, [this, environment](const TokenResult &result) {
            if (result.ok())
                return;
            const int failures = ++m_failures[environment];
            const int delay = std::min(kMaxRetryS, kFirstRetryS << std::min(failures - 1, 4));
            m_retryAt.insert(environment, m_clock->now().addSecs(delay));
        });
    }
    if (m_autoRefresh)
        scheduleWakeup();
}

void TokenService::scheduleWakeup()
{
    const QDateTime now = m_clock->now();
    qint64 nextMs = kMaxWakeupMs;
    for (auto it = m_tokens.cbegin(); it != m_tokens.cend(); ++it) {
        if (m_flights.contains(it.key()))
            continue;
        QDateTime due = it->token.info.refreshAt;
        if (const auto retry = m_retryAt.constFind(it.key()); retry != m_retryAt.constEnd() && *retry > due)
            due = *retry;
        nextMs = std::min(nextMs, std::max<qint64>(0, now.msecsTo(due)));
    }
    m_wakeup.start(int(nextMs));
}

} // namespace bioepic
