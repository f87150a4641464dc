#include "diagnosis.h"

#include "auth/jwt.h"
#include "auth/tokenclient.h"
#include "auth/tokenservice.h"
#include "common/clock.h"
#include "config/environmentstore.h"
#include "credentials/credentialmanager.h"
#include "keychain/credentialvault.h"
#include "keychain/secretserviceprovider.h"
#include "net/httpclient.h"
#include "net/remedies.h"
#include "probes.h"

#include <QJsonArray>

namespace bioepic {

/** One row of the sequence: what the step checks, how it runs, what its failure means. */
struct Diagnosis::StepSpec
{
    const char *id;
    const char *title; ///< what passing means
    const char *failedTitle; ///< what failing means, for the summary
    void (Diagnosis::*check)();
    /** Why the later steps are skipped when this one fails; nullptr when they still run. */
    const char *blocksLaterBecause;
};

const Diagnosis::StepSpec Diagnosis::kSteps[] = {
        {"settings", "Settings are valid", "The settings are not valid", &Diagnosis::checkSettings,
         "the settings must be fixed first"},
        {"keychain", "Credentials are in the keychain", "The credentials cannot be read", &Diagnosis::checkKeychain,
         nullptr},
        {"dns", "The host name resolves", "The host name does not resolve", &Diagnosis::checkDns,
         "the host name does not resolve"},
        {"tcp", "A TCP connection opens", "No TCP connection to the server", &Diagnosis::checkTcp, "no TCP connection"},
        {"tls", "TLS: the server's certificate verifies", "The server's TLS certificate does not verify",
         &Diagnosis::checkTls, "no verified TLS connection; nothing is sent over an unverified one"},
        {"health", "The health endpoint answers", "The health endpoint failed", &Diagnosis::checkHealth, nullptr},
        {"token", "The token endpoint issues a token", "The token request failed", &Diagnosis::checkToken, "no token"},
        {"token_inspect", "The token's expiry makes sense", "The token's expiry is unusable", &Diagnosis::inspectToken,
         nullptr},
        {"api_call", "An authenticated call succeeds", "The authenticated call failed", &Diagnosis::checkApiCall,
         nullptr},
};

namespace {

enum Index { Settings, Keychain, Dns, Tcp, Tls, Health, TokenStep, TokenInspect, ApiCall, StepCount };

} // namespace

bool DiagnosisReport::ok() const
{
    return std::none_of(steps.cbegin(), steps.cend(),
                        [](const DiagnosisStep &step) { return step.status == CheckStatus::Fail; });
}

ErrorClass DiagnosisReport::failureClass() const
{
    for (const DiagnosisStep &step : steps) {
        if (step.status == CheckStatus::Fail)
            return step.errorClass == ErrorClass::None ? ErrorClass::Failure : step.errorClass;
    }
    return ErrorClass::None;
}

QJsonObject DiagnosisReport::toJson() const
{
    QJsonArray array;
    for (const DiagnosisStep &step : steps) {
        QJsonObject object{{QStringLiteral("id"), step.id},
                           {QStringLiteral("title"), step.title},
                           {QStringLiteral("status"), checkStatusName(step.status)},
                           {QStringLiteral("ms"), step.ms},
                           {QStringLiteral("detail"), step.detail},
                           {QStringLiteral("remedy"), step.remedy}};
        if (step.code != DiagnosisCode::None)
            object.insert(QStringLiteral("code"), step.codeName());
        array.append(object);
    }
    return {{QStringLiteral("environment"), environment},
            {QStringLiteral("ok"), ok()},
            {QStringLiteral("summary"), summary},
            {QStringLiteral("started_at"), startedAt.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("steps"), array}};
}

QStringList Diagnosis::stepIds()
{
    QStringList ids;
    for (const StepSpec &spec : kSteps)
        ids.append(QLatin1String(spec.id));
    return ids;
}

QStringList Diagnosis::stepTitles()
{
    QStringList titles;
    for (const StepSpec &spec : kSteps)
        titles.append(QString::fromUtf8(spec.title));
    return titles;
}

Diagnosis::Diagnosis(DiagnosisDeps deps, QString environment, QObject *parent)
    : QObject(parent)
    , m_deps(std::move(deps))
{
    static_assert(std::size(kSteps) == StepCount);
    m_report.environment = std::move(environment);
    for (const StepSpec &spec : kSteps) {
        DiagnosisStep step;
        step.id = QLatin1String(spec.id);
        step.title = QString::fromUtf8(spec.title);
        m_report.steps.append(step);
    }
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        const int index
                = int(std::find_if(m_report.steps.cbegin(), m_report.steps.cend(),
                                   [](const DiagnosisStep &step) { return step.status == CheckStatus::Running; })
                      - m_report.steps.cbegin());
        if (index >= StepCount)
            return;
        const int seconds = m_env ? m_env->timeoutS : 30;
        auto cleanUp = std::move(m_onTimeout);
        end(index,
            CheckResult::fail(DiagnosisCode::Timeout, ErrorClass::Network,
                              QStringLiteral("no answer within %1 s").arg(seconds),
                              QStringLiteral("Check your network, VPN and firewall; raise the environment's timeout "
                                             "if the server is slow.")));
        if (cleanUp)
            cleanUp();
    });
}

Diagnosis::~Diagnosis() = default;

void Diagnosis::start()
{
    m_report.startedAt = m_deps.clock->now();
    QTimer::singleShot(0, this, [this] { runStep(Settings); });
}

void Diagnosis::cancel()
{
    if (m_finished || m_canceled)
        return;
    m_canceled = true; // from here on no step starts and no answer ends a step
    m_timeout.stop();
    m_onTimeout = nullptr;
    if (m_probe)
        m_probe->cancel();
    if (m_requestId)
        m_deps.http->abort(m_requestId);
    m_requestId = 0;
    for (int i = 0; i < StepCount; ++i) {
        DiagnosisStep &step = m_report.steps[i];
        if (step.status != CheckStatus::Pending && step.status != CheckStatus::Running)
            continue;
        static_cast<CheckResult &>(step) = CheckResult::skipped(DiagnosisCode::Canceled, QStringLiteral("canceled"));
        Q_EMIT stepChanged(i, step);
    }
    finish();
}

void Diagnosis::runStep(int index)
{
    if (m_canceled || m_finished)
        return;
    m_stepClock.start();
    m_report.steps[index].status = CheckStatus::Running;
    Q_EMIT stepChanged(index, m_report.steps.at(index));
    if (m_canceled) // canceled by a receiver of stepChanged: nothing is sent
        return;
    (this->*kSteps[index].check)();
}

void Diagnosis::end(int index, const CheckResult &result)
{
    DiagnosisStep &step = m_report.steps[index];
    if (m_canceled || step.status != CheckStatus::Running)
        return; // already ended: a timeout and a late answer, or a cancel
    m_timeout.stop();
    m_onTimeout = nullptr;
    static_cast<CheckResult &>(step) = result;
    step.ms = m_stepClock.elapsed();
    if (step.status != CheckStatus::Fail)
        step.errorClass = ErrorClass::None;
    Q_EMIT stepChanged(index, step);
    advance(index);
}

void Diagnosis::advance(int index)
{
    if (m_canceled || m_finished)
        return;
    const DiagnosisStep &step = m_report.steps.at(index);
    const StepSpec &spec = kSteps[index];
    // A step that skipped itself for want of what it needs (no credentials: no token) blocks
    // the steps that need its result just as a failure does.
    const bool blocked
            = step.status == CheckStatus::Fail || (step.status == CheckStatus::Skipped && index == TokenStep);
    if (blocked && spec.blocksLaterBecause) {
        skipFrom(index + 1, DiagnosisCode::Blocked,
                 step.status == CheckStatus::Skipped ? step.detail : QString::fromUtf8(spec.blocksLaterBecause));
        finish();
        return;
    }
    if (index + 1 >= StepCount) {
        finish();
        return;
    }
    runStep(index + 1);
}

void Diagnosis::skipFrom(int index, DiagnosisCode code, const QString &why)
{
    for (int i = index; i < StepCount; ++i) {
        DiagnosisStep &step = m_report.steps[i];
        if (step.status != CheckStatus::Pending)
            continue;
        static_cast<CheckResult &>(step) = CheckResult::skipped(code, why);
        Q_EMIT stepChanged(i, step);
    }
}

void Diagnosis::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    m_onTimeout = nullptr;
    if (m_probe)
        m_probe->deleteLater();
    m_report.summary = summarize();
    Q_EMIT finished(m_report);
}

void Diagnosis::armTimeout(int, std::function<void()> cleanUp)
{
    m_onTimeout = std::move(cleanUp);
    m_timeout.start((m_env ? m_env->timeoutS : 30) * 1000);
}

void Diagnosis::runProbe(int index, NetworkProbe *probe)
{
    if (m_probe)
        m_probe->deleteLater();
    m_probe = probe;
    connect(probe, &NetworkProbe::finished, this, [this, index](const CheckResult &result) { end(index, result); });
    armTimeout(index, [probe = QPointer<NetworkProbe>(probe)] {
        if (probe)
            probe->cancel();
    });
    probe->start();
}

void Diagnosis::checkSettings()
{
    m_env = m_deps.environments->find(m_report.environment);
    if (!m_env) {
        end(Settings,
            CheckResult::fail(DiagnosisCode::UnknownEnvironment, ErrorClass::Usage,
                              QStringLiteral("there is no environment named \"%1\"").arg(m_report.environment),
                              QStringLiteral("List them with: bioepic-cred env list")));
        return;
    }
    const QList<FieldError> errors = validateEnvironment(*m_env);
    if (!errors.isEmpty()) {
        QStringList messages;
        for (const FieldError &error : errors)
            messages.append(error.message);
        end(Settings,
            CheckResult::fail(DiagnosisCode::InvalidSettings, ErrorClass::Usage, messages.join(QStringLiteral("; ")),
                              QStringLiteral("Fix them in the Settings tab, or with: bioepic-cred env edit %1")
                                      .arg(m_env->name)));
        return;
    }
    const ApiProfile profile = m_env->profile();
    const CredentialMetadata stored = m_deps.credentials->metadata(m_env->name);
    QString detail = QStringLiteral("%1, %2 profile (token %3, search %4), %5")
                             .arg(m_env->baseUrl.toString(), m_env->profileName, profile.tokenPath, profile.searchPath,
                                  authMethodName(stored.stored ? stored.method : m_env->defaultMethod));
    if (!m_env->caBundle.isEmpty())
        detail += QStringLiteral(", CA bundle %1").arg(m_env->caBundle);
    if (m_env->baseUrl.scheme() == QLatin1String("http"))
        detail += QStringLiteral("; plain http, allowed because the host is loopback");
    end(Settings, CheckResult::pass(detail));
}

void Diagnosis::checkKeychain()
{
    armTimeout(Keychain, {});
    // Which program answers for the keychain is part of the answer (and of any remedy).
    detectSecretProvider(this, [this] { checkKeychainNow(); });
}

void Diagnosis::checkKeychainNow()
{
    if (m_canceled || m_report.steps[Keychain].status != CheckStatus::Running)
        return;
    const QString environment = m_env->name;
    const QString where = m_deps.credentials->isSessionOnly(environment) ? QStringLiteral("memory (this session only)")
                                                                         : m_deps.keychain->backendName();
    m_deps.vault->readUsableCredentials(
            environment, this,
            [this, environment, where](const KeychainError &error, const std::optional<Credentials> &credentials) {
                if (error.isNotFound()) {
                    end(Keychain,
                        CheckResult::fail(
                                DiagnosisCode::NoCredentials, ErrorClass::Failure,
                                QStringLiteral("nothing is stored for %1 in the %2").arg(environment, where),
                                QStringLiteral("Store the credentials: the Credentials tab, or bioepic-cred login %1")
                                        .arg(environment)));
                    return;
                }
                if (!error.ok()) {
                    end(Keychain,
                        CheckResult::fail(
                                error.code == KeychainError::Code::Corrupt ? DiagnosisCode::KeychainCorrupt
                                                                           : DiagnosisCode::KeychainUnavailable,
                                error.errorClass(),
                                error.message() + QStringLiteral(" (") + error.backendMessage + QLatin1Char(')'),
                                error.remedy()));
                    return;
                }
                m_credentials = credentials;
                end(Keychain,
                    CheckResult::pass(QStringLiteral("%1 %2 (%3) in the %4")
                                              .arg(credentials->method == AuthMethod::Password
                                                           ? QStringLiteral("user")
                                                           : QStringLiteral("client"),
                                                   credentials->identity, credentials->fingerprint(), where)));
            });
}

void Diagnosis::checkDns()
{
    auto *probe = new DnsProbe(m_env->baseUrl.host(), this);
    connect(probe, &NetworkProbe::finished, this, [this, probe] { m_addresses = probe->addresses(); });
    runProbe(Dns, probe);
}

void Diagnosis::checkTcp()
{
    const QUrl &url = m_env->baseUrl;
    const auto port = quint16(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    runProbe(Tcp, new TcpProbe(m_addresses.first(), port, this));
}

void Diagnosis::checkTls()
{
    const QUrl &url = m_env->baseUrl;
    if (url.scheme() != QLatin1String("https")) {
        end(Tls, CheckResult::skipped(DiagnosisCode::None, QStringLiteral("plain http to a loopback address: no TLS")));
        return;
    }
    runProbe(Tls, new TlsProbe(url.host(), quint16(url.port(443)), m_env->caBundle, m_deps.clock, this));
}

void Diagnosis::checkHealth()
{
    const ApiProfile profile = m_env->profile();
    if (profile.healthPath.isEmpty()) {
        end(Health,
            CheckResult::skipped(DiagnosisCode::None,
                                 QStringLiteral("the %1 profile has no health endpoint").arg(m_env->profileName)));
        return;
    }
    const HttpRequest request = m_env->request(QStringLiteral("health"), profile.healthPath);
    m_requestId = m_deps.http->send(request, this, [this](const HttpResponse &response) {
        m_requestId = 0;
        const ApiError error = classifyResponse(response, Endpoint::Public);
        if (!error.ok()) {
            end(Health, CheckResult::failedRequest(error, {}));
            return;
        }
        const QString body = QString::fromUtf8(response.body.left(120)).simplified();
        end(Health, CheckResult::pass(QStringLiteral("HTTP %1 %2").arg(response.httpStatus).arg(body)));
    });
}

void Diagnosis::checkToken()
{
    if (!m_credentials) {
        end(TokenStep, CheckResult::skipped(DiagnosisCode::Blocked, QStringLiteral("needs the stored credentials")));
        return;
    }
    const QString identity = m_credentials->identity;
    m_requestId = m_deps.tokenClient->requestToken(
            *m_env, *m_credentials, this, [this, identity](const TokenResult &result) {
                m_requestId = 0;
                if (result.ok()) {
                    m_token = result.token;
                    end(TokenStep,
                        CheckResult::pass(
                                QStringLiteral("%1 issued token %2")
                                        .arg(m_env->tokenEndpoint().toString(), result.token.info.fingerprint)));
                    return;
                }
                if (result.apiError.ok()) { // not an HTTP failure
                    end(TokenStep,
                        CheckResult::fail(DiagnosisCode::None, result.error.kind, result.error.message,
                                          result.error.remedy));
                    return;
                }
                const ApiError &error = result.apiError;
                QString remedy = fillRemedy(remedyFor(error.code, Endpoint::Token, RemedyContext::DiagnosisToken),
                                            {{QStringLiteral("environment"), m_env->name},
                                             {QStringLiteral("identity"), identity},
                                             {QStringLiteral("url"), error.url}});
                if (error.code == ApiError::Code::InvalidClient) {
                    // The server cannot tell these apart; name the likeliest mix-up when there is one.
                    QStringList others;
                    for (const Environment &other : m_deps.environments->environments()) {
                        if (other.name != m_env->name && m_deps.credentials->metadata(other.name).identity == identity)
                            others.append(other.name);
                    }
                    if (!others.isEmpty())
                        remedy += QStringLiteral(" The same client id is stored for %1: is this the right environment?")
                                          .arg(others.join(QStringLiteral(", ")));
                }
                end(TokenStep, CheckResult::failedRequest(error, remedy));
            });
}

void Diagnosis::inspectToken()
{
    const TokenInfo &info = m_token->info;
    QString detail
            = QStringLiteral("expiry from %1 (%2): lifetime %3 s, expires %4, refresh at %5; server clock %6")
                      .arg(expirySourceName(info.expirySource), expirySourceDescription(info.expirySource))
                      .arg(info.lifetimeS())
                      .arg(info.expiresAt.toUTC().toString(Qt::ISODate), info.refreshAt.toUTC().toString(Qt::ISODate))
                      .arg(info.clockSkewS == 0 ? QStringLiteral("in step")
                                                : QStringLiteral("%1 s %2")
                                                          .arg(std::abs(info.clockSkewS))
                                                          .arg(info.clockSkewS > 0 ? u"ahead" : u"behind"));
    if (!m_token->claims.isEmpty())
        detail += QStringLiteral("; JWT sub %1")
                          .arg(describeClaim(QStringLiteral("sub"), m_token->claims.value(QStringLiteral("sub"))));
    DiagnosisCode code = DiagnosisCode::None;
    QStringList remedies;
    if (std::abs(info.clockSkewS) > kSkewToleranceS) {
        code = DiagnosisCode::ClockSkew;
        remedies.append(QStringLiteral("This computer's clock is off by %1 s: turn on automatic time (NTP). Expiry is "
                                       "computed on the server's time meanwhile.")
                                .arg(std::abs(info.clockSkewS)));
    }
    if (info.expirySource == ExpirySource::Default) {
        code = code == DiagnosisCode::None ? DiagnosisCode::ExpiryGuessed : code;
        remedies.append(
                QStringLiteral("The server states no expiry: 3600 s is a guess; a 401 later may mean it was shorter."));
    }
    if (info.sourcesDisagree) {
        code = code == DiagnosisCode::None ? DiagnosisCode::ExpirySourcesDisagree : code;
        remedies.append(QStringLiteral("The reply's expiry and the token's own exp claim differ: the server may be "
                                       "misconfigured; the refresh follows the earlier source."));
    }
    if (info.warnings.isEmpty() && remedies.isEmpty()) {
        end(TokenInspect, CheckResult::pass(detail));
        return;
    }
    end(TokenInspect,
        CheckResult::warn(code, detail + QStringLiteral(". ") + info.warnings.join(QStringLiteral("; ")),
                          remedies.join(QLatin1Char(' '))));
}

void Diagnosis::checkApiCall()
{
    if (m_env->profile().whoAmIPath.isEmpty()) {
        end(ApiCall,
            CheckResult::skipped(
                    DiagnosisCode::NoVerificationCall,
                    QStringLiteral("verified by the token request only: the %1 profile has no endpoint that "
                                   "needs a token (who-am-I), and a public one would answer any token")
                            .arg(m_env->profileName)));
        return;
    }
    // The cached token first: it is the one scripts are handed.
    m_deps.tokens->checkToken(m_env->name, this, [this](const TokenCheck &cached) {
        if (!m_canceled)
            verifyFreshToken(cached);
    });
}

void Diagnosis::verifyFreshToken(const TokenCheck &cached)
{
    m_requestId = m_deps.tokenClient->verify(*m_env, *m_token, this, [this, cached](const TokenVerification &fresh) {
        m_requestId = 0;
        const QString call = TokenClient::verificationName(*m_env);
        if (!fresh.ok()) {
            end(ApiCall,
                CheckResult::failedRequest(
                        fresh.apiError,
                        fillRemedy(remedyFor(fresh.apiError.code, Endpoint::Api, RemedyContext::DiagnosisApiCall),
                                   {{QStringLiteral("call"), call}, {QStringLiteral("url"), fresh.apiError.url}})));
            return;
        }
        QString detail = QStringLiteral("%1 → HTTP %2 with the new token %3")
                                 .arg(call)
                                 .arg(fresh.httpStatus)
                                 .arg(m_token->info.fingerprint);
        switch (cached.result) {
        case TokenCheck::Result::Rejected: {
            // The step ends once the new token is stored: a program that exits then keeps it.
            const CheckResult warning = CheckResult::warn(
                    DiagnosisCode::StoredTokenRejected,
                    QStringLiteral("the server no longer accepts the stored token %1: revoked, or the server's "
                                   "signing key changed (it said \"%2\"); %3, which now replaces it")
                            .arg(cached.fingerprint, cached.detail, detail),
                    QStringLiteral("Scripts that kept the old token must get the new one: bioepic-cred token %1")
                            .arg(m_env->name));
            m_deps.tokens->adopt(*m_env, *m_token, this, [this, warning] { end(ApiCall, warning); });
            return;
        }
        case TokenCheck::Result::Accepted:
            detail += QStringLiteral("; the stored token %1 is accepted too").arg(cached.fingerprint);
            break;
        case TokenCheck::Result::NoToken:
            detail += QStringLiteral("; %1 to check").arg(cached.detail);
            break;
        case TokenCheck::Result::Failed:
            detail += QStringLiteral("; checking the stored token failed: %1").arg(cached.detail);
            break;
        case TokenCheck::Result::NotCheckable:
            break;
        }
        end(ApiCall, CheckResult::pass(detail));
    });
}

QString Diagnosis::summarize() const
{
    if (m_canceled)
        return QStringLiteral("Canceled");
    for (int i = 0; i < StepCount; ++i) {
        const DiagnosisStep &step = m_report.steps.at(i);
        if (step.status != CheckStatus::Fail)
            continue;
        if (step.code == DiagnosisCode::Http && i == TokenStep) {
            switch (step.apiCode) {
            case ApiError::Code::InvalidClient:
                return QStringLiteral("The token endpoint rejected the client secret — rotate it, or check you are "
                                      "on the right environment (prod vs dev)");
            case ApiError::Code::InvalidGrant:
                return QStringLiteral("The token endpoint rejected the user name or password — check them and the "
                                      "environment");
            case ApiError::Code::NotFound:
            case ApiError::Code::MethodNotAllowed:
                return QStringLiteral("There is no token endpoint at the configured address — check the base URL "
                                      "and the API profile");
            default:
                break;
            }
        }
        switch (step.code) {
        case DiagnosisCode::UnknownEnvironment:
            return QStringLiteral("There is no environment named \"%1\"").arg(m_report.environment);
        case DiagnosisCode::NoCredentials:
            return QStringLiteral("No credentials are stored for \"%1\" — store them, then diagnose again")
                    .arg(m_report.environment);
        default:
            break;
        }
        // The detail's first clause is what the step saw; the rest (a certificate, a server's
        // words) stays in the step.
        return QString::fromUtf8(kSteps[i].failedTitle) + QStringLiteral(" — ")
                + step.detail.section(QStringLiteral(" — "), 0, 0);
    }
    QStringList warnings;
    for (const DiagnosisStep &step : m_report.steps) {
        if (step.status == CheckStatus::Warn)
            warnings.append(step.id);
    }
    if (m_report.steps.at(ApiCall).code == DiagnosisCode::StoredTokenRejected)
        return QStringLiteral("Works again: the server had stopped accepting the stored token, which is now replaced");
    if (!warnings.isEmpty())
        return QStringLiteral("Works, with warnings (%1)").arg(warnings.join(QStringLiteral(", ")));
    if (m_report.steps.at(ApiCall).code == DiagnosisCode::NoVerificationCall)
        return QStringLiteral("Works: a token was issued (verified by the token request only: the profile has no "
                              "who-am-I endpoint)");
    return QStringLiteral("Everything works: a token was issued and the server accepted it");
}

} // namespace bioepic
