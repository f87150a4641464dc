#include "rotationflow.h"

#include "auth/tokenclient.h"
#include "auth/tokenservice.h"
#include "common/clock.h"
#include "common/logging.h"
#include "config/environmentstore.h"
#include "credentialmanager.h"
#include "historystore.h"
#include "keychain/credentialvault.h"
#include "net/httpclient.h"

#include <QTimer>

#include <csignal>

namespace bioepic {

QString rotationStepName(RotationStep step)
{
    switch (step) {
    case RotationStep::Prepare:
        return QStringLiteral("prepare");
    case RotationStep::Stage:
        return QStringLiteral("stage");
    case RotationStep::Token:
        return QStringLiteral("token");
    case RotationStep::Verify:
        return QStringLiteral("verify");
    case RotationStep::Swap:
        return QStringLiteral("swap");
    case RotationStep::SignIn:
        return QStringLiteral("sign_in");
    case RotationStep::Server:
        return QStringLiteral("server");
    case RotationStep::Retire:
        return QStringLiteral("retire");
    }
    return {};
}

QList<RotationStep> rotationSteps(RotationKind kind)
{
    using S = RotationStep;
    switch (kind) {
    case RotationKind::ResetOnServer:
        return {S::Prepare, S::SignIn, S::Stage, S::Server, S::Token, S::Verify, S::Swap};
    case RotationKind::MintOnServer:
        return {S::Prepare, S::SignIn, S::Server, S::Stage, S::Token, S::Verify, S::Swap, S::Retire};
    case RotationKind::RetireOld:
        return {S::Prepare, S::SignIn, S::Retire};
    case RotationKind::Rotate:
    case RotationKind::Rollback:
    case RotationKind::Resume:
    case RotationKind::Discard:
        break;
    }
    return {S::Prepare, S::Stage, S::Token, S::Verify, S::Swap};
}

QString rotationStepTitle(RotationStep step, RotationKind kind)
{
    const bool back = kind == RotationKind::Rollback;
    switch (step) {
    case RotationStep::Prepare:
        return back ? QStringLiteral("Read the active and previous credentials")
                    : QStringLiteral("Read the active credentials");
    case RotationStep::SignIn:
        return kind == RotationKind::MintOnServer ? QStringLiteral("Sign in as the site administrator, find the site")
                                                  : QStringLiteral("Sign in as the site administrator");
    case RotationStep::Server:
        return kind == RotationKind::MintOnServer ? QStringLiteral("Have the server mint a new client")
                                                  : QStringLiteral("Set the new secret on the server");
    case RotationStep::Retire:
        return QStringLiteral("Retire the old client");
    case RotationStep::Stage:
        if (kind == RotationKind::ResetOnServer)
            return QStringLiteral("Generate a new secret and put it in the staged slot");
        return back ? QStringLiteral("Keep a backup of the active credentials")
                    : QStringLiteral("Put the new credentials in the staged slot");
    case RotationStep::Token:
        return back ? QStringLiteral("Check the previous credentials still get a token")
                    : QStringLiteral("Get a token with the new credentials");
    case RotationStep::Verify:
        return QStringLiteral("Make an authenticated call with that token");
    case RotationStep::Swap:
        if (kind == RotationKind::ResetOnServer)
            return QStringLiteral("Make the new secret active");
        return back ? QStringLiteral("Swap previous and active")
                    : QStringLiteral("Make them active, keep the old as previous");
    }
    return {};
}

Error interruptedOperationError(const QString &environment, const CredentialMetadata &metadata)
{
    return {ErrorClass::Failure,
            QStringLiteral("An earlier %1 of \"%2\" was interrupted (%3)")
                    .arg(metadata.pendingOperation, environment,
                         metadata.pendingSince.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
            QStringLiteral("Finish it with: bioepic-cred rotate %1 --resume, or drop it with --discard")
                    .arg(environment),
            {},
            {}};
}

QString rotationKindName(RotationKind kind)
{
    switch (kind) {
    case RotationKind::Rotate:
        return QStringLiteral("rotate");
    case RotationKind::Rollback:
        return QStringLiteral("rollback");
    case RotationKind::Resume:
        return QStringLiteral("resume");
    case RotationKind::Discard:
        return QStringLiteral("discard");
    case RotationKind::ResetOnServer:
        return QStringLiteral("reset");
    case RotationKind::MintOnServer:
        return QStringLiteral("mint");
    case RotationKind::RetireOld:
        return QStringLiteral("retire");
    }
    return {};
}

namespace {

/** Metadata for credentials made active, with the rollback copy's identity. */
CredentialMetadata activeMetadata(const Credentials &active, const Credentials &previous, const QDateTime &rotatedAt)
{
    CredentialMetadata meta = active.metadata();
    if (rotatedAt.isValid())
        meta.rotatedAt = rotatedAt;
    meta.previousIdentity = previous.identity;
    meta.previousFingerprint = previous.isComplete() ? previous.fingerprint() : QString();
    return meta;
}

} // namespace

RotationFlow::RotationFlow(const RotationDeps &deps, QString environment, RotationRequest request, QObject *parent)
    : QObject(parent)
    , m_deps(deps)
    , m_environment(std::move(environment))
    , m_request(std::move(request))
{
}

void RotationFlow::start()
{
    QTimer::singleShot(0, this, &RotationFlow::prepare);
}

void RotationFlow::cancel()
{
    if (!canCancel() || m_cancelRequested)
        return;
    m_cancelRequested = true;
    if (m_requestId)
        m_deps.http->abort(m_requestId); // the answer arrives as "canceled" and ends the flow
}

bool RotationFlow::checkCanceled()
{
    if (!m_cancelRequested)
        return false;
    abandon(m_currentStep,
            {ErrorClass::Failure, QStringLiteral("Canceled; the active credentials were not changed"), {}, {}, {}});
    return true;
}

void RotationFlow::crashPoint(const char *name) const
{
    // Test hook for the crash-safety tests: die like a SIGKILL at the named point.
    static const QByteArray target = qgetenv("BIOEPIC_TEST_KILL_AT");
    if (!target.isEmpty() && target == name) {
        qCWarning(lcAuth) << "BIOEPIC_TEST_KILL_AT:" << name;
        std::raise(SIGKILL);
    }
}

void RotationFlow::setStep(RotationStep step, StepState state, const QString &detail)
{
    m_currentStep = step;
    m_states.insert(int(step), state);
    Q_EMIT stepChanged(step, state, detail);
}

Error RotationFlow::setPending(const QString &operation, const QString &fingerprint)
{
    CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
    meta.pendingOperation = operation;
    meta.pendingSince = m_deps.clock->now();
    meta.pendingFingerprint = fingerprint;
    const Error error = m_deps.credentials->setMetadata(m_environment, meta);
    m_pendingSet = error.ok();
    return error;
}

Error RotationFlow::clearPending()
{
    CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
    if (!meta.hasPending())
        return {};
    meta.pendingOperation.clear();
    meta.pendingSince = {};
    meta.pendingFingerprint.clear();
    return m_deps.credentials->setMetadata(m_environment, meta);
}

void RotationFlow::record(const QString &action, const QString &outcome, const QString &step, const QString &message,
                          const QString &identity)
{
    HistoryEntry entry;
    entry.at = m_deps.clock->now();
    entry.action = action;
    entry.outcome = outcome;
    entry.step = step;
    entry.oldFingerprint = m_old.isComplete() ? m_old.fingerprint() : QString();
    entry.newFingerprint = m_new.isComplete() ? m_new.fingerprint() : QString();
    entry.message = message;
    entry.identity = !identity.isEmpty() ? identity : m_new.isComplete() ? m_new.identity : m_old.identity;
    m_deps.history->append(m_environment, entry);
}

void RotationFlow::finish(RotationResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    result.oldFingerprint = m_old.isComplete() ? m_old.fingerprint() : QString();
    result.newFingerprint = m_new.isComplete() ? m_new.fingerprint() : QString();
    m_deps.credentials->notifyChanged(m_environment);
    Q_EMIT finished(result);
}

void RotationFlow::abandon(RotationStep step, const Error &error, const ApiError &apiError)
{
    const bool canceled = m_cancelRequested || apiError.code == ApiError::Code::Canceled;
    RotationResult result;
    result.error = canceled ? Error{ErrorClass::Failure,
                                    QStringLiteral("Canceled; the active credentials were not changed"),
                                    {},
                                    {},
                                    {}}
                            : error;
    result.apiError = apiError;
    result.canceled = canceled;
    result.failedStep = step;
    // Once a reset's PATCH is out, only a clear refusal says the server kept the old secret.
    result.serverChanged = m_keepStagedOnFailure && (m_request.kind == RotationKind::ResetOnServer || m_resumedReset);
    if (!canceled)
        setStep(step, StepState::Failed, error.message);
    record(rotationKindName(m_request.kind), canceled ? QStringLiteral("canceled") : QStringLiteral("failed"),
           rotationStepName(step), result.error.message);
    // A client minted for a rotation that then failed still works on the server: say so, once.
    if (m_request.kind == RotationKind::MintOnServer && m_serverChanged && m_new.isComplete())
        reportOrphan(m_new.identity, &result);
    // A resume that fails leaves everything as it found it, so it can be tried again or discarded.
    if (m_keepStagedOnFailure) {
        finish(result);
        return;
    }
    // Undo only what this flow did: its staged slot, its pending mark.
    auto done = [this, result] {
        if (m_pendingSet) {
            if (const Error cleared = clearPending(); !cleared.ok())
                qCWarning(lcAuth) << "could not clear the pending mark:" << cleared.message;
        }
        finish(result);
    };
    if (!m_stageStarted) {
        done();
        return;
    }
    m_deps.vault->removeSlot(m_environment, SecretSlot::Staged, this, [done](const KeychainError &) { done(); });
}

void RotationFlow::prepare()
{
    setStep(RotationStep::Prepare, StepState::Running);
    // Every later step works on this snapshot: a token got here is only ever sent to this host.
    const auto env = m_deps.environments->find(m_environment);
    if (!env) {
        abandon(RotationStep::Prepare, unknownEnvironmentError(m_environment));
        return;
    }
    m_env = *env;
    switch (m_request.kind) {
    case RotationKind::Rotate:
        prepareRotate();
        return;
    case RotationKind::Rollback:
        prepareRollback();
        return;
    case RotationKind::Resume:
        prepareResume();
        return;
    case RotationKind::Discard:
        discard();
        return;
    case RotationKind::ResetOnServer:
    case RotationKind::MintOnServer:
    case RotationKind::RetireOld:
        prepareOnServer();
        return;
    }
}

bool RotationFlow::refuseUnlessRotatable()
{
    const CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
    if (!meta.stored) {
        abandon(RotationStep::Prepare,
                Error::usage(QStringLiteral("\"%1\" has no credentials to rotate").arg(m_environment),
                             QStringLiteral("Store them first: bioepic-cred login %1").arg(m_environment)));
        return true;
    }
    if (meta.hasPending()) {
        abandon(RotationStep::Prepare, interruptedOperationError(m_environment, meta));
        return true;
    }
    return false;
}

void RotationFlow::prepareRotate()
{
    if (refuseUnlessRotatable())
        return;
    if (m_request.newSecret.isEmpty()) {
        abandon(RotationStep::Prepare, Error::usage(QStringLiteral("The new secret is empty")));
        return;
    }
    m_deps.vault->readCredentials(m_environment, SecretSlot::Active, this,
                                  [this](const KeychainError &error, const std::optional<Credentials> &active) {
                                      onRotateActiveRead(error, active);
                                  });
}

void RotationFlow::onRotateActiveRead(const KeychainError &error, const std::optional<Credentials> &active)
{
    if (!error.ok()) {
        abandon(RotationStep::Prepare, error.toError());
        return;
    }
    m_old = *active;
    m_new.method = m_old.method;
    m_new.identity = m_request.newIdentity.isEmpty() ? m_old.identity : m_request.newIdentity;
    m_new.secret = m_request.newSecret;
    m_new.createdAt = m_deps.clock->now();
    if (m_new.fingerprint() == m_old.fingerprint()) {
        abandon(RotationStep::Prepare,
                Error::usage(QStringLiteral("The new secret is the one already in use"),
                             QStringLiteral("Generate a new secret in your account dashboard first.")));
        return;
    }
    if (const Error pending = setPending(QStringLiteral("rotate"), m_new.fingerprint()); !pending.ok()) {
        abandon(RotationStep::Prepare, pending);
        return;
    }
    crashPoint("pending");
    setStep(RotationStep::Prepare, StepState::Passed,
            QStringLiteral("active: %1 %2").arg(m_old.identity, m_old.fingerprint()));
    stage();
}

void RotationFlow::prepareRollback()
{
    const CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
    if (!meta.stored || !meta.hasPrevious()) {
        abandon(RotationStep::Prepare,
                Error::usage(QStringLiteral("\"%1\" has no previous credentials to roll back to").arg(m_environment),
                             QStringLiteral("A rollback copy is kept by each rotation (bioepic-cred rotate %1); a "
                                            "reset on the server keeps none, since the old secret no longer "
                                            "exists there.")
                                     .arg(m_environment)));
        return;
    }
    if (meta.hasPending()) {
        abandon(RotationStep::Prepare, interruptedOperationError(m_environment, meta));
        return;
    }
    m_deps.vault->readCredentials(m_environment, SecretSlot::Active, this,
                                  [this](const KeychainError &error, const std::optional<Credentials> &active) {
                                      onRollbackActiveRead(error, active);
                                  });
}

void RotationFlow::onRollbackActiveRead(const KeychainError &error, const std::optional<Credentials> &active)
{
    if (!error.ok()) {
        abandon(RotationStep::Prepare, error.toError());
        return;
    }
    m_old = *active;
    m_deps.vault->readCredentials(
            m_environment, SecretSlot::Previous, this,
            [this](const KeychainError &previousError, const std::optional<Credentials> &previous) {
                onRollbackPreviousRead(previousError, previous);
            });
}

void RotationFlow::onRollbackPreviousRead(const KeychainError &error, const std::optional<Credentials> &previous)
{
    if (!error.ok()) {
        abandon(RotationStep::Prepare,
                error.isNotFound() ? Error::usage(
                        QStringLiteral("The keychain holds no previous credentials for \"%1\"").arg(m_environment))
                                   : error.toError());
        return;
    }
    m_new = *previous;
    if (const Error pending = setPending(QStringLiteral("rollback"), m_new.fingerprint()); !pending.ok()) {
        abandon(RotationStep::Prepare, pending);
        return;
    }
    crashPoint("pending");
    setStep(RotationStep::Prepare, StepState::Passed,
            QStringLiteral("active %1, previous %2").arg(m_old.fingerprint(), m_new.fingerprint()));
    stage();
}

void RotationFlow::stage()
{
    if (checkCanceled())
        return;
    setStep(RotationStep::Stage, StepState::Running);
    m_stageStarted = true;
    // Rotate stages the new pair; rollback stages a backup of active (swapped out first, see swap()).
    const Credentials &staged = m_request.kind == RotationKind::Rollback ? m_old : m_new;
    // Staged is empty here, or holds a leftover copy of active from a swap that was killed after
    // its settings write: deleting it first spares an overwrite.
    replaceSlot(SecretSlot::Staged, staged, "", [this](const KeychainError &error, bool) {
        if (!error.ok()) {
            abandon(RotationStep::Stage, error.toError());
            return;
        }
        crashPoint("staged");
        setStep(RotationStep::Stage, StepState::Passed);
        if (m_request.kind == RotationKind::ResetOnServer)
            resetOnServer();
        else
            requestToken();
    });
}

void RotationFlow::requestToken()
{
    if (checkCanceled())
        return;
    setStep(RotationStep::Token, StepState::Running, m_env.tokenEndpoint().toString());
    m_requestId = m_deps.tokenClient->requestToken(m_env, m_new, this, [this](const TokenResult &result) {
        m_requestId = 0;
        if (!result.ok()) {
            Error error = result.error;
            if (m_resumedReset && result.apiError.code == ApiError::Code::InvalidClient) {
                dropUnappliedReset();
                return;
            }
            if (m_serverChanged || m_resumedReset) {
                error.remedy = QStringLiteral("The server holds the new secret now, and so does the staged slot: "
                                              "nothing is lost. Finish once the server answers: bioepic-cred rotate "
                                              "%1 --resume")
                                       .arg(m_environment);
            }
            if (m_request.kind == RotationKind::Rollback) {
                error.message = QStringLiteral("The previous credentials no longer get a token (they may have been "
                                               "revoked); the active ones were kept. ")
                        + error.message;
            }
            abandon(RotationStep::Token, error, result.apiError);
            return;
        }
        m_token = result.token;
        crashPoint("token");
        setStep(RotationStep::Token, StepState::Passed,
                QStringLiteral("token %1, valid until %2")
                        .arg(m_token.info.fingerprint, m_token.info.expiresAt.toUTC().toString(Qt::ISODate)));
        verify();
    });
}

void RotationFlow::verify()
{
    if (checkCanceled())
        return;
    if (!m_request.verify) {
        setStep(RotationStep::Verify, StepState::Skipped, QStringLiteral("not requested"));
        swap();
        return;
    }
    const QString path = m_env.profile().whoAmIPath;
    if (path.isEmpty()) {
        // A public endpoint would answer any token: only the token request vouches for it here.
        setStep(RotationStep::Verify, StepState::Skipped,
                QStringLiteral("verified by the token request only: the %1 profile has no who-am-I endpoint")
                        .arg(m_env.profileName));
        swap();
        return;
    }
    setStep(RotationStep::Verify, StepState::Running, QStringLiteral("GET ") + path);
    m_requestId = m_deps.tokenClient->verify(m_env, m_token, this, [this](const TokenVerification &verification) {
        m_requestId = 0;
        if (!verification.ok()) {
            abandon(RotationStep::Verify, verification.apiError.toError(), verification.apiError);
            return;
        }
        crashPoint("verified");
        setStep(RotationStep::Verify, StepState::Passed,
                QStringLiteral("who-am-I (%1) answered %2").arg(verification.path).arg(verification.httpStatus));
        swap();
    });
}

void RotationFlow::swap()
{
    if (checkCanceled())
        return;
    m_swapping = true; // from here on there is no going back, and no cancel
    setStep(RotationStep::Swap, StepState::Running);
    // Rotate: previous := old first (old then lives in active and previous, new in staged).
    // Rollback: active := previous first (the old active lives on in staged, the backup).
    if (m_request.kind == RotationKind::Rollback)
        swapWriteActive();
    else
        swapWritePrevious();
}

void RotationFlow::replaceSlot(SecretSlot slot, const Credentials &credentials, const char *removedPoint,
                               std::function<void(const KeychainError &, bool removed)> done)
{
    // Delete, then create: some providers ask the user before every overwrite of an item
    // (KeePassXC's "Access Request"), never before a create or a delete. Each caller makes sure
    // that what the slot held lives on elsewhere, or was to be dropped anyway.
    m_deps.vault->removeSlot(
            m_environment, slot, this,
            [this, slot, credentials, removedPoint, done = std::move(done)](const KeychainError &removed) {
                if (!removed.ok()) {
                    done(removed, false);
                    return;
                }
                crashPoint(removedPoint);
                m_deps.vault->writeCredentials(m_environment, slot, credentials, this,
                                               [done](const KeychainError &written) { done(written, true); });
            });
}

void RotationFlow::swapWritePrevious()
{
    // Rotate: the old rollback copy is dropped, active still holds the pair that becomes previous.
    // Rollback: active holds the previous pair already, staged the one that becomes previous.
    replaceSlot(SecretSlot::Previous, m_old, "previous-removed", [this](const KeychainError &error, bool removed) {
        if (!error.ok()) {
            const bool rollback = m_request.kind == RotationKind::Rollback;
            failSwap(error, QStringLiteral("The keychain could not store the rollback copy: "),
                     rollback || !removed ? QStringLiteral("Nothing was lost.")
                                          : QStringLiteral("The active credentials are unchanged; the older "
                                                           "rollback copy was already deleted."));
            return;
        }
        crashPoint("previous");
        if (m_request.kind == RotationKind::Rollback)
            swapRecordMetadata();
        else
            swapWriteActive();
    });
}

void RotationFlow::swapWriteActive()
{
    // Between the delete and the create, active is missing: staged holds what scripts should use
    // meanwhile (the new pair, or the backup of a rollback's current pair), and
    // CredentialVault::readUsableCredentials reads it then.
    replaceSlot(SecretSlot::Active, m_new, "active-removed", [this](const KeychainError &error, bool removed) {
        if (!error.ok()) {
            const bool rollback = m_request.kind == RotationKind::Rollback;
            if (removed)
                failSwap(error,
                         rollback ? QStringLiteral("The keychain deleted the active entry but could not write the "
                                                   "previous credentials there: ")
                                  : QStringLiteral("The new credentials work, but the keychain deleted the old "
                                                   "active entry and could not write the new one: "),
                         rollback ? QStringLiteral("The current credentials are kept in the staged entry and "
                                                   "scripts use them until this is finished.")
                                  : QStringLiteral("Scripts use the new credentials from the staged entry until "
                                                   "this is finished; the old ones are the rollback copy."));
            else if (rollback)
                failSwap(error,
                         QStringLiteral("The previous credentials still work, but the keychain could not make them "
                                        "active again: "),
                         QStringLiteral("The current credentials are still active and nothing was lost."));
            else
                failSwap(error,
                         QStringLiteral("The new credentials work, but the keychain could not make them active: "),
                         QStringLiteral("The old credentials are still active and nothing was lost."));
            return;
        }
        crashPoint("active");
        if (m_request.kind == RotationKind::Rollback)
            swapWritePrevious();
        else
            swapRecordMetadata();
    });
}

void RotationFlow::failSwap(const KeychainError &error, const QString &what, const QString &reassurance)
{
    // Staged and the pending mark stay: the operation can be resumed once the keychain answers.
    m_keepStagedOnFailure = true;
    RotationResult result;
    result.failedStep = RotationStep::Swap;
    result.error = error.toError();
    result.error.message = what + error.message();
    result.error.remedy = reassurance
            + QStringLiteral(" Once the keychain answers again: bioepic-cred rotate %1 --resume").arg(m_environment);
    setStep(RotationStep::Swap, StepState::Failed, result.error.message);
    record(rotationKindName(m_request.kind), QStringLiteral("failed"), QStringLiteral("swap"), result.error.message);
    finish(result);
}

void RotationFlow::swapRecordMetadata()
{
    const CredentialMetadata before = m_deps.credentials->metadata(m_environment);
    // A rollback brings back credentials with their own age; a rotation starts a new one.
    QDateTime rotatedAt = m_new.createdAt;
    if (before.pendingOperation != QLatin1String("rollback") && before.pendingSince.isValid())
        rotatedAt = std::max(before.pendingSince, m_new.createdAt.isValid() ? m_new.createdAt : before.pendingSince);
    // After a reset the old secret no longer exists on the server: nothing to roll back to.
    const bool reset
            = m_request.kind == RotationKind::ResetOnServer || before.pendingOperation == QLatin1String("reset");
    CredentialMetadata meta = activeMetadata(m_new, reset ? Credentials{} : m_old, rotatedAt);
    const bool minted
            = m_request.kind == RotationKind::MintOnServer || before.pendingOperation == QLatin1String("mint");
    if (minted && m_old.identity != m_new.identity) {
        // The old client is queued for retirement before anything retires it: a crash in between
        // leaves it named, not forgotten. The Retire step clears it once done.
        meta.retireClientId = m_old.identity;
        if (m_request.kind == RotationKind::MintOnServer && m_request.retireAfterDays >= 0)
            meta.retireAfter = m_deps.clock->now().addDays(m_request.retireAfterDays);
    } else {
        meta.retireClientId = before.retireClientId; // an earlier mint's old client still waits
        meta.retireAfter = before.retireAfter;
    }
    if (const Error error = m_deps.credentials->setMetadata(m_environment, meta); !error.ok()) {
        // The keychain is already swapped; the pending mark stays, so the next start finishes this.
        RotationResult result;
        result.failedStep = RotationStep::Swap;
        result.changedCredentials = true;
        result.error = error;
        setStep(RotationStep::Swap, StepState::Failed, error.message);
        record(rotationKindName(m_request.kind), QStringLiteral("failed"), QStringLiteral("swap"), error.message);
        finish(result);
        return;
    }
    crashPoint("metadata");
    swapRemoveStaged();
}

void RotationFlow::swapRemoveStaged()
{
    m_deps.vault->removeSlot(m_environment, SecretSlot::Staged, this, [this](const KeychainError &error) {
        if (!error.ok())
            qCWarning(lcAuth) << "could not remove the staged slot of" << m_environment << error.message();
        crashPoint("unstaged");
        swapReplaceToken();
    });
}

void RotationFlow::swapReplaceToken()
{
    // The cached token belongs to the old credentials: drop it, keep the one the new ones got.
    m_deps.tokens->forget(m_environment, this, [this](const KeychainError &) {
        auto done = [this] {
            const bool reset = m_request.kind == RotationKind::ResetOnServer || m_resumedReset;
            setStep(RotationStep::Swap, StepState::Passed,
                    QStringLiteral("active: %1 %2; previous: %3")
                            .arg(m_new.identity, m_new.fingerprint(),
                                 reset ? QStringLiteral("none (the old secret no longer exists)")
                                       : m_old.fingerprint()));
            record(m_resumed ? QStringLiteral("recover") : rotationKindName(m_request.kind), QStringLiteral("ok"), {},
                   m_resumed ? QStringLiteral("finished the interrupted %1").arg(rotationKindName(m_request.kind))
                             : QString());
            RotationResult result;
            result.changedCredentials = true;
            finishAfterSwap(result);
        };
        if (m_token.isSet())
            m_deps.tokens->adopt(m_env, m_token, this, done);
        else
            done();
    });
}

} // namespace bioepic
