// Rotation done by the server itself (the NMDC Runtime's site administration): reset a client's
// secret in place, or mint a new client and retire the old one. The steps the rotations share
// (stage, token, verify, swap) are rotationflow.cpp's; these are the ones before and after them.
#include "rotationflow.h"

#include "auth/tokenclient.h"
#include "common/clock.h"
#include "common/logging.h"
#include "common/servertext.h"
#include "credentialmanager.h"
#include "historystore.h"
#include "keychain/credentialvault.h"
#include "net/httpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace bioepic {

Secret generateClientSecret()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return Secret(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

namespace {

/** The profile path with its placeholder filled in, percent-encoded as a path segment. */
QString fillPath(QString path, const QString &placeholder, const QString &value)
{
    return path.replace(placeholder, QString::fromLatin1(QUrl::toPercentEncoding(value)));
}

} // namespace

void RotationFlow::prepareOnServer()
{
    const CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
    const ApiProfile profile = m_env.profile();
    const bool mint = m_request.kind == RotationKind::MintOnServer;
    const QString path = mint ? profile.mintClientPath : profile.resetSecretPath;
    if (refuseUnlessRotatable())
        return;
    if (path.isEmpty()) {
        abandon(RotationStep::Prepare,
                Error::usage(
                        QStringLiteral("The %1 profile has no endpoint to %2")
                                .arg(m_env.profileName,
                                     mint ? QStringLiteral("mint a new client")
                                          : QStringLiteral("reset a client's secret")),
                        QStringLiteral("Get the new secret from the server's administrators and enter it "
                                       "yourself: bioepic-cred rotate %1 (or set the %2 profile field if the "
                                       "server has one)")
                                .arg(m_environment,
                                     mint ? QStringLiteral("mint_client_path") : QStringLiteral("reset_secret_path"))));
        return;
    }
    if (m_request.kind == RotationKind::RetireOld && !meta.hasRetirement()) {
        abandon(RotationStep::Prepare,
                Error::usage(QStringLiteral("\"%1\" has no old client waiting to be retired").arg(m_environment)));
        return;
    }
    if (m_request.admin.identity.isEmpty() || m_request.admin.secret.isEmpty()) {
        abandon(RotationStep::Prepare,
                Error::usage(QStringLiteral("A site administrator has to sign in for this"),
                             QStringLiteral("Name an environment holding their user name and password (--admin "
                                            "ENV), or give the user name (--admin-user) and the password on "
                                            "standard input")));
        return;
    }
    if (m_request.admin.method != AuthMethod::Password) {
        abandon(RotationStep::Prepare,
                Error::usage(QStringLiteral("The administrator signs in with a user name and password, not a "
                                            "client id"),
                             QStringLiteral("Store theirs in an environment of method password: bioepic-cred login "
                                            "ADMIN --username USER")));
        return;
    }
    m_deps.vault->readCredentials(m_environment, SecretSlot::Active, this,
                                  [this](const KeychainError &error, const std::optional<Credentials> &active) {
                                      onServerActiveRead(error, active);
                                  });
}

void RotationFlow::onServerActiveRead(const KeychainError &error, const std::optional<Credentials> &active)
{
    if (!error.ok()) {
        abandon(RotationStep::Prepare, error.toError());
        return;
    }
    m_old = *active;
    if (m_old.method != AuthMethod::ClientCredentials) {
        abandon(RotationStep::Prepare,
                Error::usage(QStringLiteral("\"%1\" signs in with a user name and password: the server rotates "
                                            "client secrets only")
                                     .arg(m_environment)));
        return;
    }
    if (m_request.kind == RotationKind::ResetOnServer) {
        m_new = m_old;
        m_new.secret = generateClientSecret();
        m_new.createdAt = m_deps.clock->now();
    }
    setStep(RotationStep::Prepare, StepState::Passed,
            QStringLiteral("active: %1 %2").arg(m_old.identity, m_old.fingerprint()));
    signIn();
}

void RotationFlow::signIn()
{
    if (checkCanceled())
        return;
    setStep(RotationStep::SignIn, StepState::Running, m_request.admin.identity);
    m_requestId = m_deps.tokenClient->requestToken(m_env, m_request.admin, this, [this](const TokenResult &result) {
        m_requestId = 0;
        if (!result.ok()) {
            Error failure = result.error;
            failure.message = QStringLiteral("The administrator %1 could not sign in: %2")
                                      .arg(m_request.admin.identity, failure.message);
            abandon(RotationStep::SignIn, failure, result.apiError);
            return;
        }
        m_adminToken = result.token;
        if (m_request.kind == RotationKind::MintOnServer) {
            findSite();
            return;
        }
        setStep(RotationStep::SignIn, StepState::Passed, m_request.admin.identity);
        if (m_request.kind == RotationKind::RetireOld) {
            retireAfterSwap();
            return;
        }
        // Reset: the new secret is staged before the server hears of it, so no crash can leave the
        // server holding a secret that no slot has.
        if (const Error pending = setPending(rotationKindName(m_request.kind), m_new.fingerprint()); !pending.ok()) {
            abandon(RotationStep::SignIn, pending);
            return;
        }
        crashPoint("pending");
        stage();
    });
}

void RotationFlow::findSite()
{
    const auto mint = [this](const QString &site) {
        m_site = site;
        setStep(RotationStep::SignIn, StepState::Passed,
                QStringLiteral("%1, administrator of %2").arg(m_request.admin.identity, site));
        mintOnServer();
    };
    if (!m_request.siteId.isEmpty()) {
        mint(m_request.siteId);
        return;
    }
    const QString path = m_env.profile().whoAmIPath;
    if (path.isEmpty()) {
        abandon(RotationStep::SignIn,
                Error::usage(QStringLiteral("Which site? The %1 profile cannot say which sites "
                                            "%2 administers")
                                     .arg(m_env.profileName, m_request.admin.identity),
                             QStringLiteral("Name it: --site SITE_ID")));
        return;
    }
    HttpRequest request = m_env.request(QStringLiteral("whoami"), path);
    request.authorization = Secret(QByteArrayLiteral("Bearer ") + m_adminToken.accessToken.reveal());
    m_requestId = m_deps.http->send(request, this, [this, mint](const HttpResponse &response) {
        m_requestId = 0;
        const ApiError error = classifyResponse(response, Endpoint::Api);
        if (!error.ok()) {
            abandon(RotationStep::SignIn, error.toError(), error);
            return;
        }
        QStringList sites;
        for (const QJsonValue &site :
             QJsonDocument::fromJson(response.body).object().value(QStringLiteral("site_admin")).toArray()) {
            if (site.isString() && !site.toString().isEmpty() && site.toString().size() <= 200)
                sites << site.toString();
        }
        if (sites.size() == 1) {
            mint(sites.first());
            return;
        }
        const QString who = m_request.admin.identity;
        abandon(RotationStep::SignIn,
                sites.isEmpty()
                        ? Error{ErrorClass::CredentialsRejected,
                                QStringLiteral("%1 administers no site on this server").arg(who),
                                QStringLiteral("Sign in as an administrator of the site this client belongs to, or "
                                               "get the new secret from one and enter it yourself: bioepic-cred "
                                               "rotate %1")
                                        .arg(m_environment),
                                {},
                                {}}
                        : Error::usage(QStringLiteral("%1 administers %2 sites: which one?").arg(who).arg(sites.size()),
                                       QStringLiteral("Name it with --site: %1")
                                               .arg(escapeServerText(sites.join(QStringLiteral(", "))))));
    });
}

Error RotationFlow::serverError(const ApiError &error, const QString &what) const
{
    Error failure = error.toError();
    const QString said
            = error.serverMessage.isEmpty() ? QString() : QStringLiteral(" (\"%1\")").arg(error.serverMessage);
    if (error.httpStatus == 403) {
        // The Runtime's two refusals: not an admin of the site, no allowance to update clients.
        const bool mint = m_request.kind == RotationKind::MintOnServer;
        failure.message
                = QStringLiteral("The server refused: %1 may not %2%3").arg(m_request.admin.identity, what, said);
        failure.remedy = mint ? QStringLiteral("Only an administrator of the site can mint its clients: sign in as "
                                               "one (--admin), or ask one for the new credentials and enter them "
                                               "yourself: bioepic-cred rotate %1 --client-id ID")
                                        .arg(m_environment)
                              : QStringLiteral("Replacing a client's secret needs the \"/admin/site_clients\" "
                                               "allowance: ask the server's administrators for it, or for a new "
                                               "secret to enter yourself: bioepic-cred rotate %1")
                                        .arg(m_environment);
    } else if (error.httpStatus == 404) {
        failure.message = QStringLiteral("The server does not know it: could not %1%2").arg(what, said);
        failure.remedy = QStringLiteral("Check the environment's base URL and client id (bioepic-cred env list); "
                                        "a site or client of another server is unknown here.");
    } else {
        failure.message = QStringLiteral("Could not %1: %2").arg(what, failure.message);
    }
    return failure;
}

void RotationFlow::resetOnServer()
{
    if (checkCanceled())
        return;
    setStep(RotationStep::Server, StepState::Running, QStringLiteral("PATCH ") + m_env.profile().resetSecretPath);
    m_swapping = true; // once the server is asked there is no cancel: its answer decides what is kept
    // From the moment the request is sent, the server may hold the new secret: keep staged, whatever.
    m_keepStagedOnFailure = true;
    replaceSecretOnServer(m_old.identity, m_new.secret, [this](const ApiError &error) {
        if (error.ok()) {
            m_serverChanged = true;
            crashPoint("server");
            setStep(RotationStep::Server, StepState::Passed,
                    QStringLiteral("the server replaced the secret of %1; the old one no longer works")
                            .arg(m_old.identity));
            requestToken();
            return;
        }
        if (error.httpStatus >= 400 && error.httpStatus < 500) {
            // A clear refusal: the server changed nothing, so the staged secret can go.
            m_keepStagedOnFailure = false;
            abandon(RotationStep::Server,
                    serverError(error, QStringLiteral("replace the secret of client %1").arg(m_old.identity)), error);
            return;
        }
        // No answer, or a 5xx: the server may or may not have changed it. Both secrets stay.
        Error failure = serverError(error, QStringLiteral("replace the secret of client %1").arg(m_old.identity));
        failure.remedy = QStringLiteral("It is not known whether the server changed the secret; both the old and "
                                        "the new one are kept. Find out and finish: bioepic-cred rotate %1 --resume")
                                 .arg(m_environment);
        abandon(RotationStep::Server, failure, error);
    });
}

void RotationFlow::replaceSecretOnServer(const QString &clientId, const Secret &secret,
                                         std::function<void(const ApiError &)> done)
{
    const QString path = fillPath(m_env.profile().resetSecretPath, QStringLiteral("{client_id}"), clientId);
    HttpRequest request = m_env.request(QStringLiteral("reset-secret"), path);
    request.verb = QByteArrayLiteral("PATCH");
    request.contentType = QByteArrayLiteral("application/json");
    request.body = QJsonDocument(QJsonObject{{QStringLiteral("secret"), secret.revealString()}})
                           .toJson(QJsonDocument::Compact);
    request.bodyHasSecrets = true;
    request.secretsToScrub = {secret.reveal()};
    request.redirects = RedirectRule::Never; // a secret is never re-sent somewhere else
    request.authorization = Secret(QByteArrayLiteral("Bearer ") + m_adminToken.accessToken.reveal());
    m_requestId = m_deps.http->send(request, this, [this, done = std::move(done)](const HttpResponse &response) {
        m_requestId = 0;
        done(classifyResponse(response, Endpoint::Api));
    });
}

void RotationFlow::mintOnServer()
{
    if (checkCanceled())
        return;
    if (const Error pending = setPending(rotationKindName(m_request.kind), QString()); !pending.ok()) {
        abandon(RotationStep::SignIn, pending);
        return;
    }
    crashPoint("pending");
    const QString path = fillPath(m_env.profile().mintClientPath, QStringLiteral("{site_id}"), m_site);
    setStep(RotationStep::Server, StepState::Running, QStringLiteral("POST ") + path);
    m_swapping = true; // no cancel from here: a minted client must be stored, or at least named
    // Written before the request, so that a client minted by a request whose answer was lost is
    // at least known to have been asked for.
    record(rotationKindName(m_request.kind), QStringLiteral("started"), QStringLiteral("server"),
           QStringLiteral("asked the server for a new client of site %1").arg(m_site));
    HttpRequest request = m_env.request(QStringLiteral("mint-client"), path);
    request.verb = QByteArrayLiteral("POST");
    request.replyHasSecrets = true; // {"client_id", "client_secret"}: the log redacts the secret
    request.redirects = RedirectRule::Never;
    request.authorization = Secret(QByteArrayLiteral("Bearer ") + m_adminToken.accessToken.reveal());
    m_requestId = m_deps.http->send(request, this, [this](const HttpResponse &response) {
        m_requestId = 0;
        const ApiError error = classifyResponse(response, Endpoint::Api);
        if (!error.ok()) {
            abandon(RotationStep::Server,
                    serverError(error, QStringLiteral("mint a new client for site %1").arg(m_site)), error);
            return;
        }
        const QJsonObject reply = QJsonDocument::fromJson(response.body).object();
        const QString clientId = reply.value(QStringLiteral("client_id")).toString();
        const QString secret = reply.value(QStringLiteral("client_secret")).toString();
        if (clientId.isEmpty() || secret.isEmpty() || clientId.size() > 200 || secret.size() > 4096
            || clientId.contains(QLatin1Char(':'))) {
            const ApiError bad = badResponse(response, Endpoint::Api,
                                             QStringLiteral("the reply holds no usable client_id and client_secret"));
            abandon(RotationStep::Server, bad.toError(), bad);
            return;
        }
        m_new.method = AuthMethod::ClientCredentials;
        m_new.identity = clientId;
        m_new.secret = Secret::fromString(secret);
        m_new.createdAt = m_deps.clock->now();
        m_serverChanged = true;
        // The client exists now: its id goes into the history before anything else can fail.
        record(rotationKindName(m_request.kind), QStringLiteral("minted"), QStringLiteral("server"),
               QStringLiteral("the server minted client %1 for site %2").arg(clientId, m_site));
        crashPoint("minted");
        setStep(RotationStep::Server, StepState::Passed,
                QStringLiteral("new client %1 of site %2").arg(clientId, m_site));
        stage();
    });
}

QString RotationFlow::orphanedClientSince(const QDateTime &since) const
{
    // The last client minted since the operation began, if the history recorded one.
    QString minted;
    for (const HistoryEntry &entry : m_deps.history->entries(m_environment)) {
        if (entry.at >= since.addSecs(-1) && entry.action == QLatin1String("mint")
            && entry.outcome == QLatin1String("minted"))
            minted = entry.identity;
    }
    return minted;
}

void RotationFlow::finishAfterSwap(RotationResult result)
{
    result.mintedClient = m_request.kind == RotationKind::MintOnServer ? m_new.identity : QString();
    if (m_request.kind == RotationKind::ResetOnServer || m_resumedReset) {
        // The old secret died on the server: a rollback copy of it would only mislead.
        m_deps.vault->removeSlot(m_environment, SecretSlot::Previous, this, [this, result](const KeychainError &) {
            RotationResult done = result;
            done.warning = QStringLiteral("The old secret no longer works on the server: there is nothing to roll "
                                          "back to.");
            finish(done);
        });
        return;
    }
    if (m_request.kind != RotationKind::MintOnServer) {
        const CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
        if (m_resumed && meta.retireClientId == m_old.identity && !m_old.identity.isEmpty()) {
            result.warning = QStringLiteral("The old client %1 still works. Retire it once nothing uses it: "
                                            "bioepic-cred rotate %2 --retire-old now --admin ADMIN")
                                     .arg(m_old.identity, m_environment);
        }
        finish(result);
        return;
    }
    m_pendingResult = result;
    retireAfterSwap();
}

void RotationFlow::retireAfterSwap()
{
    const CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
    const QString oldClient = m_request.kind == RotationKind::RetireOld ? meta.retireClientId : m_old.identity;
    RotationResult result = m_pendingResult;
    if (m_request.kind == RotationKind::MintOnServer && m_request.retireAfterDays != 0) {
        const QString when = m_request.retireAfterDays > 0
                ? QStringLiteral("after %1 days (%2); you will be reminded")
                          .arg(m_request.retireAfterDays)
                          .arg(meta.retireAfter.toLocalTime().toString(QStringLiteral("yyyy-MM-dd")))
                : QStringLiteral("when you choose");
        setStep(RotationStep::Retire, StepState::Skipped,
                QStringLiteral("the old client %1 still works, for machines that use it; retire it %2")
                        .arg(oldClient, when));
        result.warning = QStringLiteral("The old client %1 still works. Retire it once nothing uses it: bioepic-cred "
                                        "rotate %2 --retire-old now --admin ADMIN")
                                 .arg(oldClient, m_environment);
        finish(result);
        return;
    }
    setStep(RotationStep::Retire, StepState::Running, oldClient);
    // A secret nobody will ever know: the client stops working, and its id stays unused.
    replaceSecretOnServer(oldClient, generateClientSecret(), [this, oldClient, result](const ApiError &error) mutable {
        if (!error.ok()) {
            const Error failure = serverError(error, QStringLiteral("retire the old client %1").arg(oldClient));
            setStep(RotationStep::Retire, StepState::Failed, failure.message);
            record(QStringLiteral("retire"), QStringLiteral("failed"), QStringLiteral("retire"), failure.message);
            if (m_request.kind == RotationKind::RetireOld) {
                RotationResult failed;
                failed.error = failure;
                failed.failedStep = RotationStep::Retire;
                finish(failed);
                return;
            }
            // The rotation itself succeeded: say what is left, do not fail it.
            result.warning = failure.message + QStringLiteral(". ") + failure.remedy;
            finish(result);
            return;
        }
        crashPoint("retired");
        CredentialMetadata now = m_deps.credentials->metadata(m_environment);
        if (now.retireClientId == oldClient) {
            now.retireClientId.clear();
            now.retireAfter = {};
            m_deps.credentials->setMetadata(m_environment, now);
        }
        setStep(RotationStep::Retire, StepState::Passed,
                QStringLiteral("%1 no longer works: its secret was replaced by one nobody "
                               "knows")
                        .arg(oldClient));
        record(QStringLiteral("retire"), QStringLiteral("ok"), {}, QStringLiteral("retired client %1").arg(oldClient),
               oldClient);
        result.retiredClient = oldClient;
        finish(result);
    });
}

} // namespace bioepic
