#include "tokenservice.h"

#include "common/clock.h"
#include "common/deadline.h"
#include "common/logging.h"
#include "common/privatefiles.h"
#include "config/environmentstore.h"
#include "jwt.h"
#include "keychain/credentialvault.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace bioepic {

namespace {
constexpr int kFirstRetryS = 30;
constexpr int kMaxRetryS = 300;
constexpr int kMaxWakeupMs = 60'000;
constexpr int kLockPollMs = 20;
constexpr qint64 kLockWaitMs = 60'000;

/** The keychain works and has no entry: never stored, or removed behind this program's back. */
Error noCredentials(const Environment &environment)
{
    if (environment.credentials.stored) {
        return {ErrorClass::Failure,
                QStringLiteral("The settings record credentials for \"%1\" (%2, %3), but the keychain has no entry "
                               "for them: they were removed outside this program, or this is another keyring")
                        .arg(environment.name, environment.credentials.identity, environment.credentials.fingerprint),
                QStringLiteral("Store them again: bioepic-cred login %1 (or the GUI's Credentials tab).")
                        .arg(environment.name),
                {},
                {}};
    }
    return {ErrorClass::Failure,
            QStringLiteral("No credentials are stored for \"%1\"").arg(environment.name),
            QStringLiteral("Store them in the GUI's Credentials tab, or with: bioepic-cred login %1")
                    .arg(environment.name),
            {},
            {}};
}

} // namespace

QString TokenCheck::resultName(Result result)
{
    switch (result) {
    case Result::Accepted:
        return QStringLiteral("accepted");
    case Result::Rejected:
        return QStringLiteral("rejected");
    case Result::NoToken:
        return QStringLiteral("no_token");
    case Result::NotCheckable:
        return QStringLiteral("not_checkable");
    case Result::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QByteArray serialiseTokenSlot(const TokenSlotValue &value)
{
    QJsonObject object = value.token.info.toJson();
    object.insert(QStringLiteral("access_token"), value.token.accessToken.revealString());
    object.insert(QStringLiteral("token_endpoint"), value.tokenEndpoint);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<TokenSlotValue> parseTokenSlot(const QByteArray &value)
{
    const QJsonObject object = QJsonDocument::fromJson(value).object();
    const QString accessToken = object.value(QStringLiteral("access_token")).toString();
    if (accessToken.isEmpty())
        return std::nullopt;
    TokenSlotValue slot;
    slot.token.accessToken = Secret::fromString(accessToken);
    slot.token.info = TokenInfo::fromJson(object);
    if (!slot.token.info.isSet())
        return std::nullopt;
    if (const auto jwt = decodeJwt(slot.token.accessToken.reveal()))
        slot.token.claims = jwt->claims;
    slot.tokenEndpoint = object.value(QStringLiteral("token_endpoint")).toString();
    return slot;
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
    connect(m_environments, &EnvironmentStore::changed, this, &TokenService::dropUnboundTokens);
    // A renewal held back by a locked or unreachable keychain runs as soon as the keychain works
    // again, not when its backoff (up to 5 min) would have let it.
    connect(m_vault->keychain(), &SecretStore::storeProblemChanged, this, [this] {
        if (!m_vault->keychain()->storeProblem().ok() || m_heldByKeychain.isEmpty())
            return;
        for (const QString &environment : std::exchange(m_heldByKeychain, {}))
            m_retryAt.remove(environment);
        if (m_autoRefresh)
            runDueRefreshes();
    });
}

void TokenService::setAutoRefresh(bool enabled)
{
    m_autoRefresh = enabled;
    if (enabled)
        scheduleWakeup();
    else
        m_wakeup.stop();
}

void TokenService::dropUnboundTokens()
{
    for (auto it = m_tokens.begin(); it != m_tokens.end();) {
        const auto env = m_environments->find(it.key());
        if (env && env->tokenEndpoint().toString() == it->tokenEndpoint) {
            ++it;
            continue;
        }
        const QString environment = it.key();
        it = m_tokens.erase(it);
        Q_EMIT tokenChanged(environment);
    }
}

void TokenService::requestToken(const QString &environment, Freshness freshness, QObject *context,
                                TokenClient::Callback callback)
{
    if (freshness == Freshness::UseCached) {
        const auto it = m_tokens.constFind(environment);
        if (it != m_tokens.constEnd() && m_clock->now() < it->token.info.refreshAt) {
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
    // The flight works on this snapshot of the settings from here to the end.
    const auto env = m_environments->find(environment);
    if (!env) {
        QTimer::singleShot(0, this, [this, environment] {
            TokenResult result;
            result.error = unknownEnvironmentError(environment);
            completeFlight(environment, result);
        });
        return;
    }
    if (!m_persistTokens || m_vault->isSessionOnly(environment)) {
        fetchWithCredentials(*env); // nothing is shared with other processes
        return;
    }
    if (freshness == Freshness::ForceRefresh) {
        lockThen(environment, [this, env = *env] { fetchWithCredentials(env); });
        return;
    }
    // Most calls find a valid token in the keychain: that read needs no lock. Only when a new token
    // is due do other processes (ten scripts at once) take turns: the one holding the lock reads
    // the slot again (another may have just refreshed it) and asks the server; the rest find its token.
    readSharedToken(*env, [this, env = *env](bool found) {
        if (!found)
            lockThen(env.name, [this, env] {
                readSharedToken(env, [this, env](bool foundNow) {
                    if (!foundNow)
                        fetchWithCredentials(env);
                });
            });
    });
}

void TokenService::lockThen(const QString &environment, std::function<void()> next)
{
    if (m_lockDirectory.isEmpty()) {
        next();
        return;
    }
    makePrivateDirectory(m_lockDirectory);
    auto lock = std::make_shared<QLockFile>(m_lockDirectory + QStringLiteral("/token-%1.lock").arg(environment));
    // A holder that died is noticed by its process id at once; age only catches a hung one.
    lock->setStaleLockTime(10 * 60 * 1000);
    const qint64 deadline = QDateTime::currentMSecsSinceEpoch() + kLockWaitMs;
    // The pending timer owns the next attempt; the attempt only knows itself weakly, so nothing
    // is left behind when the service goes away mid-wait.
    auto attempt = std::make_shared<std::function<void()>>();
    *attempt = [this, environment, lock, deadline, self = std::weak_ptr(attempt), next = std::move(next)] {
        if (lock->tryLock(0)) {
            m_locks.insert(environment, lock);
            next();
            return;
        }
        if (QDateTime::currentMSecsSinceEpoch() >= deadline) {
            qCWarning(lcAuth) << "another process holds the token lock of" << environment
                              << "for too long; going on without it";
            next();
            return;
        }
        QTimer::singleShot(kLockPollMs, this, [again = self.lock()] { (*again)(); });
    };
    (*attempt)();
}

void TokenService::readSharedToken(const Environment &environment, std::function<void(bool found)> then)
{
    m_vault->readSlot(
            environment.name, SecretSlot::Token, this,
            [this, env = environment, then = std::move(then)](const KeychainError &error, const QByteArray &value) {
                if (error.ok()) {
                    const auto slot = parseTokenSlot(value);
                    if (slot && isUsable(env, *slot) && m_clock->now() < slot->token.info.refreshAt) {
                        m_tokens.insert(env.name, {slot->token, slot->tokenEndpoint});
                        TokenResult result;
                        result.token = slot->token;
                        completeFlight(env.name, result);
                        then(true);
                        return;
                    }
                }
                // A keychain that is locked, gone or not answering says so now: reading the
                // credentials next would only wait out a second timeout for the same answer.
                if (!error.ok() && !error.isNotFound() && error.code != KeychainError::Code::Corrupt) {
                    TokenResult result;
                    result.error = error.toError();
                    completeFlight(env.name, result);
                    return;
                }
                // A missing, stale or unreadable cached token: the caller gets a new one.
                then(false);
            });
}

void TokenService::fetchWithCredentials(const Environment &env)
{
    m_vault->readUsableCredentials(
            env.name, this, [this, env](const KeychainError &error, const std::optional<Credentials> &credentials) {
                if (!error.ok()) {
                    TokenResult result;
                    result.error = error.isNotFound() ? noCredentials(env) : error.toError();
                    completeFlight(env.name, result);
                    return;
                }
                const QString endpoint = env.tokenEndpoint().toString();
                m_client->requestToken(env, *credentials, this,
                                       [this, name = env.name, endpoint](const TokenResult &result) {
                                           if (!result.ok()) {
                                               completeFlight(name, result);
                                               return;
                                           }
                                           storeToken(name, {result.token, endpoint},
                                                      [this, name, result] { completeFlight(name, result); });
                                       });
            });
}

void TokenService::storeToken(const QString &environment, const CachedToken &cached, std::function<void()> done)
{
    // Settings changed while the request was out: the token belongs to the old endpoint.
    if (const auto env = m_environments->find(environment);
        !env || env->tokenEndpoint().toString() != cached.tokenEndpoint) {
        QTimer::singleShot(0, this, std::move(done));
        return;
    }
    m_tokens.insert(environment, cached);
    m_retryAt.remove(environment);
    m_failures.remove(environment);
    m_heldByKeychain.remove(environment);
    m_statusStore->setToken(environment, cached.token.info);
    Q_EMIT tokenChanged(environment);
    if (!m_persistTokens) {
        QTimer::singleShot(0, this, std::move(done));
        return;
    }
    // The caller has its token at once; the write ends on its own, answered or given up after a
    // short bound. The lock stays held until then, so other processes wait for the token rather
    // than ask the server for another.
    // The write owns the flight's lock from here: the next flight (in this process or another)
    // takes it once the token is cached.
    const std::shared_ptr<QLockFile> held = m_locks.take(environment);
    ++m_pendingWrites;
    // The bound's timer, until the write ends (answered or not): it ends once, and the timer goes
    // with it, not 2 s later with the lock file its functor holds.
    auto bound = std::make_shared<QTimer *>(nullptr);
    auto end = [this, environment, bound, held](const QString &problem) {
        QTimer *const timer = std::exchange(*bound, nullptr);
        if (!timer)
            return;
        endDeadline(timer);
        if (!problem.isEmpty())
            qCWarning(lcAuth) << "could not cache the token of" << environment << "in the keychain:" << problem;
        if (held)
            held->unlock();
        if (--m_pendingWrites == 0)
            Q_EMIT cacheWritesFinished();
    };
    // Started before the write, which may answer at once.
    *bound = startDeadline(this, std::chrono::milliseconds(kCacheWriteBoundMs), [end] {
        end(QStringLiteral("no answer within %1 s; the token is used without being cached")
                    .arg(kCacheWriteBoundMs / 1000.0));
    });
    m_vault->writeSlot(environment, SecretSlot::Token, serialiseTokenSlot({cached.token, cached.tokenEndpoint}), this,
                       [end](const KeychainError &error) { end(error.ok() ? QString() : error.message()); });
    QTimer::singleShot(0, this, std::move(done));
}

void TokenService::whenCacheWritten(QObject *context, std::function<void()> done)
{
    if (m_pendingWrites == 0) {
        QTimer::singleShot(0, context, std::move(done));
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(this, &TokenService::cacheWritesFinished, context, [connection, done = std::move(done)] {
        disconnect(*connection);
        done();
    });
}

void TokenService::completeFlight(const QString &environment, const TokenResult &result)
{
    // A flight whose token is being cached handed its lock to the write (storeToken).
    if (const auto lock = m_locks.take(environment))
        lock->unlock();
    const QList<Waiter> waiters = m_flights.take(environment);
    if (!result.ok()) {
        m_statusStore->setError(environment, result.error, m_clock->now());
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

void TokenService::adopt(const Environment &environment, const Token &token, QObject *context,
                         std::function<void()> done)
{
    QPointer<QObject> guard(context);
    storeToken(environment.name, {token, environment.tokenEndpoint().toString()},
               [this, guard, done = std::move(done)] {
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
    m_heldByKeychain.remove(environment);
    m_statusStore->clear(environment);
    Q_EMIT tokenChanged(environment);
    // A cache write still on its way would put the token back after the removal: let it land first.
    QPointer<QObject> guard(context);
    whenCacheWritten(this, [this, environment, guard, done = std::move(done)]() mutable {
        if (guard)
            m_vault->removeSlot(environment, SecretSlot::Token, guard, std::move(done));
    });
}

std::optional<Token> TokenService::cachedToken(const QString &environment) const
{
    const auto it = m_tokens.constFind(environment);
    if (it == m_tokens.constEnd())
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
    if (current.isRejected() && state != TokenState::Expired && state != TokenState::None)
        return TokenState::Rejected;
    if (!current.lastError.isEmpty() && state != TokenState::Valid)
        return TokenState::Error;
    return state;
}

void TokenService::markRejected(const QString &environment, const QString &fingerprint, const QString &serverMessage,
                                std::function<void()> done)
{
    qCWarning(lcAuth) << "the server rejected the token" << fingerprint << "of" << environment;
    m_statusStore->setRejected(environment, fingerprint, serverMessage, m_clock->now());
    if (const auto it = m_tokens.constFind(environment);
        it != m_tokens.constEnd() && it->token.info.fingerprint == fingerprint)
        m_tokens.erase(it);
    Q_EMIT tokenChanged(environment);
    if (!m_persistTokens) {
        if (done)
            QTimer::singleShot(0, this, std::move(done));
        return;
    }
    // Whatever the slot holds now is that token or an older one; a newer one is fetched next.
    m_vault->removeSlot(
            environment, SecretSlot::Token, this, [environment, done = std::move(done)](const KeychainError &error) {
                if (!error.ok())
                    qCWarning(lcAuth) << "could not drop the rejected token of" << environment << error.message();
                if (done)
                    done();
            });
}

bool TokenService::isUsable(const Environment &env, const TokenSlotValue &slot) const
{
    // Issued for this token endpoint, and not refused by the server since (state.json records
    // that synchronously; the slot may still hold the token if its removal never finished).
    return slot.tokenEndpoint == env.tokenEndpoint().toString()
            && m_statusStore->status(env.name).rejectedFingerprint != slot.token.info.fingerprint;
}

void TokenService::findCachedToken(const Environment &env, std::function<void(const std::optional<Token> &)> found)
{
    if (const auto it = m_tokens.constFind(env.name); it != m_tokens.constEnd()) {
        QTimer::singleShot(0, this, [found = std::move(found), token = it->token] { found(token); });
        return;
    }
    if (!m_persistTokens) {
        QTimer::singleShot(0, this, [found = std::move(found)] { found(std::nullopt); });
        return;
    }
    m_vault->readSlot(env.name, SecretSlot::Token, this,
                      [this, env, found = std::move(found)](const KeychainError &error, const QByteArray &value) {
                          const auto slot = error.ok() ? parseTokenSlot(value) : std::nullopt;
                          if (slot && isUsable(env, *slot))
                              found(slot->token);
                          else
                              found(std::nullopt);
                      });
}

void TokenService::checkToken(const QString &environment, QObject *context,
                              std::function<void(const TokenCheck &)> callback)
{
    QPointer<QObject> guard(context);
    auto answer = [guard, callback = std::move(callback)](const TokenCheck &check) {
        if (guard)
            callback(check);
    };
    const auto env = m_environments->find(environment);
    if (!env || env->profile().whoAmIPath.isEmpty()) {
        TokenCheck check;
        check.result = env ? TokenCheck::Result::NotCheckable : TokenCheck::Result::Failed;
        check.detail = env ? TokenClient::verificationName(*env) : QString();
        check.error = env ? Error{} : unknownEnvironmentError(environment);
        QTimer::singleShot(0, this, [answer, check] { answer(check); });
        return;
    }
    findCachedToken(*env, [this, env = *env, answer](const std::optional<Token> &token) {
        TokenCheck check;
        if (!token || m_clock->now() >= token->info.expiresAt) {
            check.detail = token ? QStringLiteral("the cached token has expired") : QStringLiteral("no cached token");
            answer(check);
            return;
        }
        check.fingerprint = token->info.fingerprint;
        m_client->verify(env, *token, this, [this, env, answer, check](const TokenVerification &verification) mutable {
            if (verification.ok()) {
                check.result = TokenCheck::Result::Accepted;
                check.detail = QStringLiteral("%1 answered %2").arg(verification.path).arg(verification.httpStatus);
                m_statusStore->clearRejected(env.name);
            } else if (verification.rejected()) {
                check.result = TokenCheck::Result::Rejected;
                check.detail = verification.apiError.serverMessage;
                check.error = verification.apiError.toError();
                // Answer once the dead token is out of the keychain too.
                markRejected(env.name, check.fingerprint, verification.apiError.serverMessage,
                             [answer, check] { answer(check); });
                return;
            } else {
                check.result = TokenCheck::Result::Failed;
                check.error = verification.apiError.toError();
                check.detail = check.error.message;
            }
            answer(check);
        });
    });
}

void TokenService::takeStatusChanges(const QStringList &environments)
{
    for (const QString &environment : environments) {
        const TokenStatus known = m_statusStore->status(environment);
        if (const auto it = m_tokens.constFind(environment);
            it != m_tokens.constEnd() && (known.info.fingerprint != it->token.info.fingerprint || known.isRejected()))
            m_tokens.erase(it);
        Q_EMIT tokenChanged(environment);
    }
    if (m_autoRefresh && !environments.isEmpty())
        scheduleWakeup();
}

std::optional<QDateTime> TokenService::refreshDueAt(const QString &environment) const
{
    if (m_flights.contains(environment))
        return std::nullopt;
    QDateTime due;
    if (const auto it = m_tokens.constFind(environment); it != m_tokens.constEnd()) {
        due = it->token.info.refreshAt;
    } else {
        // A token this process never held (another process got it, or this one before a restart):
        // known from state.json. Kept fresh while it is still good, with the stored credentials;
        // one that ran out unattended, or that the server refused, waits until someone asks.
        const auto env = m_environments->find(environment);
        const TokenStatus known = m_statusStore->status(environment);
        if (!env || !env->credentials.stored || !known.info.isSet() || known.isRejected()
            || m_clock->now() >= known.info.expiresAt)
            return std::nullopt;
        due = known.info.refreshAt;
    }
    if (const auto retry = m_retryAt.constFind(environment); retry != m_retryAt.constEnd() && *retry > due)
        due = *retry;
    return due;
}

void TokenService::runDueRefreshes()
{
    const QDateTime now = m_clock->now();
    for (const QString &environment : refreshCandidates()) {
        const auto due = refreshDueAt(environment);
        if (!due || now < *due)
            continue;
        qCDebug(lcAuth) << "refreshing the token of" << environment;
        requestToken(environment, Freshness::UseCached, this, [this, environment](const TokenResult &result) {
            if (result.ok())
                return;
            const int failures = ++m_failures[environment];
            const int delay = std::min(kMaxRetryS, kFirstRetryS << std::min(failures - 1, 4));
            m_retryAt.insert(environment, m_clock->now().addSecs(delay));
            if (result.error.kind == ErrorClass::KeychainUnavailable)
                m_heldByKeychain.insert(environment);
        });
    }
    if (m_autoRefresh)
        scheduleWakeup();
}

QStringList TokenService::refreshCandidates() const
{
    QStringList names = m_tokens.keys();
    for (const Environment &env : m_environments->environments()) {
        if (!m_tokens.contains(env.name))
            names.append(env.name);
    }
    return names;
}

void TokenService::scheduleWakeup()
{
    const QDateTime now = m_clock->now();
    qint64 nextMs = kMaxWakeupMs;
    for (const QString &environment : refreshCandidates()) {
        if (const auto due = refreshDueAt(environment))
            nextMs = std::min(nextMs, std::max<qint64>(0, now.msecsTo(*due)));
    }
    m_wakeup.start(int(nextMs));
}

} // namespace bioepic
