#include "diagnosis.h"

#include "auth/credentialmanager.h"
#include "auth/jwt.h"
#include "auth/verificationcall.h"
#include "coreservices.h"
#include "net/tlsconfig.h"

#include <QHostInfo>
#include <QJsonArray>
#include <QSslCipher>
#include <QSslSocket>

namespace bioepic {

namespace {

enum Index { Settings, Keychain, Dns, Tcp, Tls, Health, TokenStep, TokenInspect, ApiCall, StepCount };

struct StepInfo
{
    const char *id;
    const char *title;
};
constexpr StepInfo kSteps[StepCount] = {
        {"settings", "Settings are valid"},
        {"keychain", "Credentials are in the keychain"},
        {"dns", "The host name resolves"},
        {"tcp", "A TCP connection opens"},
        {"tls", "TLS: the server's certificate verifies"},
        {"health", "The health endpoint answers"},
        {"token", "The token endpoint issues a token"},
        {"token_inspect", "The token's expiry makes sense"},
        {"api_call", "An authenticated call succeeds"},
};

QString subjectOf(const QSslCertificate &certificate)
{
    const QStringList names = certificate.subjectInfo(QSslCertificate::CommonName);
    return names.isEmpty() ? certificate.subjectDisplayName() : names.join(QStringLiteral(", "));
}

QString issuerOf(const QSslCertificate &certificate)
{
    QStringList parts = certificate.issuerInfo(QSslCertificate::CommonName);
    parts += certificate.issuerInfo(QSslCertificate::Organization);
    parts.removeDuplicates();
    return parts.isEmpty() ? certificate.issuerDisplayName() : parts.join(QStringLiteral(", "));
}

QString describeCertificate(const QSslCertificate &certificate, const QDateTime &now)
{
    if (certificate.isNull())
        return {};
    const qint64 daysLeft = now.daysTo(certificate.expiryDate());
    return QStringLiteral("certificate for %1, issued by %2, valid %3 to %4 (%5)")
            .arg(subjectOf(certificate), issuerOf(certificate),
                 certificate.effectiveDate().toUTC().toString(QStringLiteral("yyyy-MM-dd")),
                 certificate.expiryDate().toUTC().toString(QStringLiteral("yyyy-MM-dd")),
                 daysLeft >= 0 ? QStringLiteral("%1 days left").arg(daysLeft)
                               : QStringLiteral("expired %1 days ago").arg(-daysLeft));
}

QString tlsRemedy(const QList<QSslError> &errors, const QString &host)
{
    QStringList remedies;
    for (const QSslError &error : errors) {
        switch (error.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
            remedies.append(
                    QStringLiteral("The certificate is not signed by an authority this computer trusts. If your "
                                   "institution uses its own CA, set the environment's CA bundle to its PEM file "
                                   "(bioepic-cred env edit NAME --ca-bundle FILE)."));
            break;
        case QSslError::CertificateExpired:
        case QSslError::CertificateNotYetValid:
            remedies.append(QStringLiteral("Check this computer's date and time; if they are right, the server's "
                                           "certificate is out of date: tell the server's administrator."));
            break;
        case QSslError::HostNameMismatch:
            remedies.append(QStringLiteral("The certificate is not for %1: check the host name in the base URL (a "
                                           "typo, or an address that is not the API's).")
                                    .arg(host));
            break;
        default:
            break;
        }
    }
    remedies.removeDuplicates();
    remedies.append(QStringLiteral("Verification is never switched off."));
    return remedies.join(QLatin1Char(' '));
}

} // namespace

QString checkStatusName(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pending:
        return QStringLiteral("pending");
    case CheckStatus::Running:
        return QStringLiteral("running");
    case CheckStatus::Pass:
        return QStringLiteral("pass");
    case CheckStatus::Warn:
        return QStringLiteral("warn");
    case CheckStatus::Fail:
        return QStringLiteral("fail");
    case CheckStatus::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

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
        array.append(QJsonObject{{QStringLiteral("id"), step.id},
                                 {QStringLiteral("title"), step.title},
                                 {QStringLiteral("status"), checkStatusName(step.status)},
                                 {QStringLiteral("ms"), step.ms},
                                 {QStringLiteral("detail"), step.detail},
                                 {QStringLiteral("remedy"), step.remedy}});
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
    for (const StepInfo &info : kSteps)
        ids.append(QLatin1String(info.id));
    return ids;
}

QStringList Diagnosis::stepTitles()
{
    QStringList titles;
    for (const StepInfo &info : kSteps)
        titles.append(QString::fromUtf8(info.title));
    return titles;
}

Diagnosis::Diagnosis(CoreServices *core, QString environment, QObject *parent)
    : QObject(parent)
    , m_core(core)
{
    m_report.environment = std::move(environment);
    for (const StepInfo &info : kSteps)
        m_report.steps.append(
                {QLatin1String(info.id), QString::fromUtf8(info.title), CheckStatus::Pending, 0, {}, {}, {}});
    m_timeout.setSingleShot(true);
}

void Diagnosis::start()
{
    m_report.startedAt = m_core->clock()->now();
    QTimer::singleShot(0, this, &Diagnosis::runSettings);
}

void Diagnosis::cancel()
{
    if (m_finished)
        return;
    m_canceled = true;
    m_timeout.stop();
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    if (m_socket)
        m_socket->abort();
    if (m_requestId)
        m_core->http()->abort(m_requestId);
    for (int i = 0; i < StepCount; ++i) {
        if (m_report.steps.at(i).status == CheckStatus::Pending || m_report.steps.at(i).status == CheckStatus::Running)
            skip(i, QStringLiteral("canceled"));
    }
    finish();
}

void Diagnosis::begin(int index)
{
    m_stepClock.start();
    m_report.steps[index].status = CheckStatus::Running;
    Q_EMIT stepChanged(index, m_report.steps.at(index));
}

void Diagnosis::end(int index, CheckStatus status, const QString &detail, const QString &remedy, ErrorClass errorClass)
{
    m_timeout.stop();
    DiagnosisStep &step = m_report.steps[index];
    if (step.status != CheckStatus::Running)
        return; // already ended (a timeout and a late answer)
    step.status = status;
    step.ms = m_stepClock.elapsed();
    step.detail = detail;
    step.remedy = remedy;
    step.errorClass = status == CheckStatus::Fail ? errorClass : ErrorClass::None;
    Q_EMIT stepChanged(index, step);
}

void Diagnosis::skip(int index, const QString &why)
{
    DiagnosisStep &step = m_report.steps[index];
    step.status = CheckStatus::Skipped;
    step.detail = why;
    Q_EMIT stepChanged(index, step);
}

void Diagnosis::skipFrom(int index, const QString &why)
{
    for (int i = index; i < StepCount; ++i) {
        if (m_report.steps.at(i).status == CheckStatus::Pending)
            skip(i, why);
    }
}

void Diagnosis::withTimeout(int index, std::function<void()> onTimeout)
{
    const auto env = m_core->environments()->find(m_report.environment);
    const int seconds = env ? env->timeoutS : 30;
    m_timeout.disconnect();
    connect(&m_timeout, &QTimer::timeout, this, [this, index, seconds, onTimeout = std::move(onTimeout)] {
        onTimeout();
        end(index, CheckStatus::Fail, QStringLiteral("no answer within %1 s").arg(seconds),
            QStringLiteral(
                    "Check your network, VPN and firewall; raise the environment's timeout if the server is slow."),
            ErrorClass::Network);
        next(index);
    });
    m_timeout.start(seconds * 1000);
}

void Diagnosis::next(int index)
{
    if (m_canceled || m_finished)
        return;
    const DiagnosisStep &step = m_report.steps.at(index);
    const bool failed = step.status == CheckStatus::Fail;
    switch (Index(index)) {
    case Settings:
        if (failed) {
            skipFrom(Keychain, QStringLiteral("the settings must be fixed first"));
            finish();
            return;
        }
        runKeychain();
        return;
    case Keychain:
        runDns();
        return;
    case Dns:
        if (failed) {
            skipFrom(Tcp, QStringLiteral("the host name does not resolve"));
            finish();
            return;
        }
        runTcp();
        return;
    case Tcp:
        if (failed) {
            skipFrom(Tls, QStringLiteral("no TCP connection"));
            finish();
            return;
        }
        runTls();
        return;
    case Tls:
        if (failed) {
            skipFrom(Health, QStringLiteral("no verified TLS connection; nothing is sent over an unverified one"));
            finish();
            return;
        }
        runHealth();
        return;
    case Health:
        runToken();
        return;
    case TokenStep:
        if (failed || step.status == CheckStatus::Skipped) {
            skipFrom(TokenInspect, step.status == CheckStatus::Skipped ? step.detail : QStringLiteral("no token"));
            finish();
            return;
        }
        runTokenInspect();
        return;
    case TokenInspect:
        runApiCall();
        return;
    case ApiCall:
    case StepCount:
        finish();
        return;
    }
}

void Diagnosis::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    if (m_socket) {
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_report.summary = summarize();
    Q_EMIT finished(m_report);
}

void Diagnosis::runSettings()
{
    if (m_canceled)
        return;
    begin(Settings);
    const auto env = m_core->environments()->find(m_report.environment);
    if (!env) {
        end(Settings, CheckStatus::Fail,
            QStringLiteral("there is no environment named \"%1\"").arg(m_report.environment),
            QStringLiteral("List them with: bioepic-cred env list"), ErrorClass::Usage);
        next(Settings);
        return;
    }
    const QList<FieldError> errors = validateEnvironment(*env);
    if (!errors.isEmpty()) {
        QStringList messages;
        for (const FieldError &error : errors)
            messages.append(error.message);
        end(Settings, CheckStatus::Fail, messages.join(QStringLiteral("; ")),
            QStringLiteral("Fix them in the Settings tab, or with: bioepic-cred env edit %1").arg(env->name),
            ErrorClass::Usage);
        next(Settings);
        return;
    }
    const ApiProfile profile = env->profile();
    QString detail = QStringLiteral("%1, %2 profile (token %3, search %4), %5")
                             .arg(env->baseUrl.toString(), env->profileName, profile.tokenPath, profile.searchPath,
                                  authMethodName(m_core->credentials()->metadata(env->name).stored
                                                         ? m_core->credentials()->metadata(env->name).method
                                                         : env->defaultMethod));
    if (!env->caBundle.isEmpty())
        detail += QStringLiteral(", CA bundle %1").arg(env->caBundle);
    if (env->baseUrl.scheme() == QLatin1String("http"))
        detail += QStringLiteral("; plain http, allowed because the host is loopback");
    end(Settings, CheckStatus::Pass, detail);
    next(Settings);
}

void Diagnosis::runKeychain()
{
    if (m_canceled)
        return;
    begin(Keychain);
    withTimeout(Keychain, [] {});
    const QString environment = m_report.environment;
    m_core->vault()->readCredentials(
            environment, SecretSlot::Active, this,
            [this, environment](const KeychainError &error, const std::optional<Credentials> &credentials) {
                if (m_report.steps.at(Keychain).status != CheckStatus::Running)
                    return;
                const QString where = m_core->credentials()->isSessionOnly(environment)
                        ? QStringLiteral("memory (this session only)")
                        : m_core->keychain()->backendName();
                if (error.isNotFound()) {
                    end(Keychain, CheckStatus::Fail,
                        QStringLiteral("nothing is stored for %1 in the %2").arg(environment, where),
                        QStringLiteral("Store the credentials: the Credentials tab, or bioepic-cred login %1")
                                .arg(environment),
                        ErrorClass::Failure);
                } else if (!error.ok()) {
                    end(Keychain, CheckStatus::Fail,
                        error.message() + QStringLiteral(" (") + error.backendMessage + QLatin1Char(')'),
                        error.remedy(), error.errorClass());
                } else {
                    m_credentials = credentials;
                    end(Keychain, CheckStatus::Pass,
                        QStringLiteral("%1 %2 (%3) in the %4")
                                .arg(credentials->method == AuthMethod::Password ? QStringLiteral("user")
                                                                                 : QStringLiteral("client"),
                                     credentials->identity, credentials->fingerprint(), where));
                }
                next(Keychain);
            });
}

void Diagnosis::runDns()
{
    if (m_canceled)
        return;
    begin(Dns);
    const QString host = m_core->environments()->find(m_report.environment)->baseUrl.host();
    const QHostAddress literal(host);
    if (!literal.isNull()) {
        m_addresses = {literal};
        end(Dns, CheckStatus::Pass, QStringLiteral("%1 is an IP address: nothing to resolve").arg(host));
        next(Dns);
        return;
    }
    withTimeout(Dns, [this] {
        if (m_lookupId >= 0)
            QHostInfo::abortHostLookup(m_lookupId);
    });
    m_lookupId = QHostInfo::lookupHost(host, this, [this, host](const QHostInfo &info) {
        m_lookupId = -1;
        if (m_report.steps.at(Dns).status != CheckStatus::Running)
            return;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            end(Dns, CheckStatus::Fail, QStringLiteral("cannot resolve %1: %2").arg(host, info.errorString()),
                QStringLiteral(
                        "Check the host name in the base URL for typos, and that this computer is on the network "
                        "(or VPN) where that host exists."),
                ErrorClass::Network);
        } else {
            m_addresses = info.addresses();
            QStringList shown;
            for (const QHostAddress &address : std::as_const(m_addresses))
                shown.append(address.toString());
            end(Dns, CheckStatus::Pass, QStringLiteral("%1 → %2").arg(host, shown.join(QStringLiteral(", "))));
        }
        next(Dns);
    });
}

void Diagnosis::runTcp()
{
    if (m_canceled)
        return;
    begin(Tcp);
    const QUrl url = m_core->environments()->find(m_report.environment)->baseUrl;
    const quint16 port = quint16(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    // Prefer IPv4 when the name has both, as most clients do first.
    QHostAddress address = m_addresses.first();
    for (const QHostAddress &candidate : std::as_const(m_addresses)) {
        if (candidate.protocol() == QAbstractSocket::IPv4Protocol) {
            address = candidate;
            break;
        }
    }
    auto *socket = new QTcpSocket(this);
    m_socket = socket;
    const QString target = QStringLiteral("%1:%2").arg(address.toString()).arg(port);
    withTimeout(Tcp, [socket] { socket->abort(); });
    connect(socket, &QTcpSocket::connected, this, [this, socket, target] {
        end(Tcp, CheckStatus::Pass, QStringLiteral("connected to %1").arg(target));
        socket->disconnectFromHost();
        socket->deleteLater();
        next(Tcp);
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket, target](QAbstractSocket::SocketError error) {
        if (m_report.steps.at(Tcp).status != CheckStatus::Running)
            return;
        const QString remedy = error == QAbstractSocket::ConnectionRefusedError
                ? QStringLiteral(
                        "Nothing listens on that port: check the port in the base URL and that the server runs.")
                : QStringLiteral("Check firewalls, proxies and VPN between this computer and the server.");
        end(Tcp, CheckStatus::Fail, QStringLiteral("%1: %2").arg(target, socket->errorString()), remedy,
            ErrorClass::Network);
        socket->deleteLater();
        next(Tcp);
    });
    socket->connectToHost(address, port);
}

void Diagnosis::runTls()
{
    if (m_canceled)
        return;
    const auto env = m_core->environments()->find(m_report.environment);
    const QUrl url = env->baseUrl;
    if (url.scheme() != QLatin1String("https")) {
        begin(Tls);
        end(Tls, CheckStatus::Skipped, QStringLiteral("plain http to a loopback address: no TLS"));
        m_report.steps[Tls].status = CheckStatus::Skipped;
        next(Tls);
        return;
    }
    begin(Tls);
    auto *socket = new QSslSocket(this);
    m_socket = socket;
    socket->setSslConfiguration(sslConfigurationFor(env->caBundle));
    auto errors = std::make_shared<QList<QSslError>>();
    const QString host = url.host();
    withTimeout(Tls, [socket] { socket->abort(); });
    connect(socket, &QSslSocket::sslErrors, this, [errors](const QList<QSslError> &list) { *errors = list; });
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        const QSslCertificate certificate = socket->peerCertificate();
        const QDateTime now = m_core->clock()->now();
        const QString detail = QStringLiteral("%1, %2; %3")
                                       .arg(socket->sessionCipher().protocolString(), socket->sessionCipher().name(),
                                            describeCertificate(certificate, now));
        const qint64 daysLeft = now.daysTo(certificate.expiryDate());
        if (daysLeft < 30)
            end(Tls, CheckStatus::Warn, detail,
                QStringLiteral("The certificate expires in %1 days: tell the server's administrator.").arg(daysLeft));
        else
            end(Tls, CheckStatus::Pass, detail);
        socket->disconnectFromHost();
        socket->deleteLater();
        next(Tls);
    });
    connect(socket, &QSslSocket::errorOccurred, this, [this, socket, errors, host](QAbstractSocket::SocketError) {
        if (m_report.steps.at(Tls).status != CheckStatus::Running)
            return;
        QStringList words;
        QSslCertificate certificate;
        for (const QSslError &error : std::as_const(*errors)) {
            words.append(error.errorString());
            if (certificate.isNull())
                certificate = error.certificate();
        }
        if (certificate.isNull())
            certificate = socket->peerCertificate();
        words.removeDuplicates();
        QString detail = words.isEmpty() ? socket->errorString() : words.join(QStringLiteral("; "));
        if (const QString described = describeCertificate(certificate, m_core->clock()->now()); !described.isEmpty())
            detail += QStringLiteral(" — ") + described;
        end(Tls, CheckStatus::Fail, detail, tlsRemedy(*errors, host), ErrorClass::Network);
        socket->deleteLater();
        next(Tls);
    });
    socket->connectToHostEncrypted(host, quint16(url.port(443)));
}

void Diagnosis::runHealth()
{
    if (m_canceled)
        return;
    const auto env = m_core->environments()->find(m_report.environment);
    const ApiProfile profile = env->profile();
    if (profile.healthPath.isEmpty()) {
        skip(Health, QStringLiteral("the %1 profile has no health endpoint").arg(env->profileName));
        next(Health);
        return;
    }
    begin(Health);
    HttpRequest request;
    request.environment = env->name;
    request.purpose = QStringLiteral("health");
    request.url = env->endpoint(profile.healthPath);
    request.timeout = std::chrono::seconds(env->timeoutS);
    request.caBundle = env->caBundle;
    m_requestId = m_core->http()->send(request, this, [this](const HttpResponse &response) {
        m_requestId = 0;
        const ApiError error = classifyResponse(response, Endpoint::Public);
        if (error.ok()) {
            QString body = QString::fromUtf8(response.body.left(120)).simplified();
            end(Health, CheckStatus::Pass, QStringLiteral("HTTP %1 %2").arg(response.httpStatus).arg(body));
        } else {
            end(Health, CheckStatus::Fail, error.message(), error.remedy(), error.errorClass());
        }
        next(Health);
    });
}

void Diagnosis::runToken()
{
    if (m_canceled)
        return;
    if (!m_credentials) {
        skip(TokenStep, QStringLiteral("needs the stored credentials"));
        next(TokenStep);
        return;
    }
    begin(TokenStep);
    const auto env = m_core->environments()->find(m_report.environment);
    const QString identity = m_credentials->identity;
    m_requestId = m_core->tokenClient()->requestToken(
            *env, *m_credentials, this, [this, env, identity](const TokenResult &result) {
                m_requestId = 0;
                if (result.ok()) {
                    m_token = result.token;
                    end(TokenStep, CheckStatus::Pass,
                        QStringLiteral("%1 issued token %2")
                                .arg(env->endpoint(env->profile().tokenPath).toString(),
                                     result.token.info.fingerprint));
                    next(TokenStep);
                    return;
                }
                const ApiError &error = result.apiError;
                QString remedy = error.remedy();
                switch (error.code) {
                case ApiError::Code::InvalidClient: {
                    // The server's answer cannot tell these apart; say all of them, most likely first.
                    QStringList others;
                    for (const Environment &other : m_core->environments()->environments()) {
                        if (other.name != env->name && m_core->credentials()->metadata(other.name).identity == identity)
                            others.append(other.name);
                    }
                    remedy = QStringLiteral("Either the secret is wrong or was rotated (store the new one: "
                                            "bioepic-cred rotate %1), "
                                            "or the client id \"%2\" is unknown to this server%3")
                                     .arg(env->name, identity,
                                          others.isEmpty()
                                                  ? QStringLiteral(
                                                          ". Are these credentials of another environment (prod "
                                                          "vs dev)?")
                                                  : QStringLiteral(". The same client id is stored for %1: is this the "
                                                                   "right environment?")
                                                            .arg(others.join(QStringLiteral(", "))));
                    break;
                }
                case ApiError::Code::InvalidGrant:
                    remedy = QStringLiteral(
                            "The user name or password is wrong, or the account is locked. Check them, and that this "
                            "is the right environment.");
                    break;
                case ApiError::Code::UnsupportedGrantType:
                case ApiError::Code::UnauthorizedClient:
                case ApiError::Code::ValidationFailed:
                    remedy = QStringLiteral(
                            "The server wants another grant or request shape: check the environment's method "
                            "(client_credentials or password), client_auth (form or basic) and API profile.");
                    break;
                case ApiError::Code::NotFound:
                case ApiError::Code::MethodNotAllowed:
                    remedy = QStringLiteral("There is no token endpoint at %1: the base URL (or its path) or the API "
                                            "profile's "
                                            "token path is wrong.")
                                     .arg(error.url);
                    break;
                default:
                    break;
                }
                end(TokenStep, CheckStatus::Fail,
                    result.error.message
                            + (result.error.detail.isEmpty()
                                       ? QString()
                                       : QStringLiteral(" (") + result.error.detail + QLatin1Char(')')),
                    remedy, result.error.kind);
                next(TokenStep);
            });
}

void Diagnosis::runTokenInspect()
{
    if (m_canceled)
        return;
    begin(TokenInspect);
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
        detail += QStringLiteral("; JWT sub %1").arg(m_token->claims.value(QStringLiteral("sub")).toString());
    QStringList remedies;
    if (std::abs(info.clockSkewS) > kSkewToleranceS)
        remedies.append(QStringLiteral("This computer's clock is off by %1 s: turn on automatic time (NTP). Expiry is "
                                       "computed on the server's time meanwhile.")
                                .arg(std::abs(info.clockSkewS)));
    if (info.expirySource == ExpirySource::Default)
        remedies.append(
                QStringLiteral("The server states no expiry: 3600 s is a guess; a 401 later may mean it was shorter."));
    for (const QString &warning : info.warnings) {
        if (warning.contains(QLatin1String("disagree")))
            remedies.append(QStringLiteral("The reply's expiry and the token's own exp claim differ: the server may be "
                                           "misconfigured; the refresh follows the earlier source."));
    }
    if (info.warnings.isEmpty() && remedies.isEmpty()) {
        end(TokenInspect, CheckStatus::Pass, detail);
    } else {
        remedies.removeDuplicates();
        end(TokenInspect, CheckStatus::Warn, detail + QStringLiteral(". ") + info.warnings.join(QStringLiteral("; ")),
            remedies.join(QLatin1Char(' ')));
    }
    next(TokenInspect);
}

void Diagnosis::runApiCall()
{
    if (m_canceled)
        return;
    const auto call = verificationCall(*m_core->environments()->find(m_report.environment), *m_token);
    if (!call) {
        skip(ApiCall, QStringLiteral("the profile has no who-am-I path and no verification collection"));
        next(ApiCall);
        return;
    }
    const HttpRequest request = call->request;
    const QString what = call->description;
    begin(ApiCall);
    m_requestId = m_core->http()->send(request, this, [this, what, request](const HttpResponse &response) {
        m_requestId = 0;
        const ApiError error = classifyResponse(response, Endpoint::Api);
        if (error.ok()) {
            end(ApiCall, CheckStatus::Pass,
                QStringLiteral("%1: GET %2 → HTTP %3").arg(what, request.url.path()).arg(response.httpStatus));
            next(ApiCall);
            return;
        }
        QString remedy = error.remedy();
        switch (error.code) {
        case ApiError::Code::TokenExpired:
        case ApiError::Code::TokenInvalid:
            remedy = QStringLiteral("The API refused a token its own token endpoint just issued (HTTP 401): the token "
                                    "endpoint and the API may belong to different environments, or a clock is wrong.");
            break;
        case ApiError::Code::Forbidden:
            remedy = QStringLiteral("The credentials are valid but lack the permission for %1 (HTTP 403): ask the API "
                                    "administrator for access.")
                             .arg(what);
            break;
        case ApiError::Code::NotFound:
            remedy = QStringLiteral(
                             "Nothing at %1 (HTTP 404): the base URL or the API profile (bioepic or nmdc, its search "
                             "and who-am-I paths) does not match the server.")
                             .arg(error.url);
            break;
        default:
            break;
        }
        end(ApiCall, CheckStatus::Fail, error.message(), remedy, error.errorClass());
        next(ApiCall);
    });
}

QString Diagnosis::summarize() const
{
    for (const DiagnosisStep &step : m_report.steps) {
        if (step.status != CheckStatus::Fail)
            continue;
        if (step.id == QLatin1String("token") && step.detail.contains(QLatin1String("client id or client secret")))
            return QStringLiteral(
                    "The token endpoint rejected the client secret — rotate it, or check you are on the right "
                    "environment (prod vs dev)");
        if (step.id == QLatin1String("token") && step.detail.contains(QLatin1String("user name or password")))
            return QStringLiteral(
                    "The token endpoint rejected the user name or password — check them and the environment");
        const QString title = step.title.left(1).toLower() + step.title.mid(1);
        return QStringLiteral("Failed: %1 — %2").arg(title, step.detail.section(QStringLiteral(" — "), 0, 0));
    }
    QStringList warnings;
    for (const DiagnosisStep &step : m_report.steps) {
        if (step.status == CheckStatus::Warn)
            warnings.append(step.id);
    }
    if (m_canceled)
        return QStringLiteral("Canceled");
    if (!warnings.isEmpty())
        return QStringLiteral("Works, with warnings (%1)").arg(warnings.join(QStringLiteral(", ")));
    return QStringLiteral("Everything works: a token was issued and an authenticated call succeeded");
}

} // namespace bioepic
