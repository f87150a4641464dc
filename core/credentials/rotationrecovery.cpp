// Resume and discard of an operation interrupted half-way (a crash, a kill, a keychain that stopped
// answering during the swap). Both read the slots first and decide from what they hold, because
// the pending mark in the settings only says which operation was running, not how far it got.
#include "rotationflow.h"

#include "common/clock.h"
#include "credentialmanager.h"
#include "keychain/credentialvault.h"

namespace bioepic {

void RotationFlow::prepareResume()
{
    const CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
    if (!meta.hasPending()) {
        abandon(RotationStep::Prepare,
                Error::usage(QStringLiteral("No interrupted rotation of \"%1\" to resume").arg(m_environment)));
        return;
    }
    m_keepStagedOnFailure = true; // whatever staged holds, a failed resume keeps it
    m_resumed = true;
    m_found = {};
    readSlotForResume(0);
}

void RotationFlow::readSlotForResume(int index)
{
    static constexpr SecretSlot kOrder[3] = {SecretSlot::Active, SecretSlot::Staged, SecretSlot::Previous};
    if (index == 3) {
        continueResume();
        return;
    }
    m_deps.vault->readCredentials(m_environment, kOrder[index], this,
                                  [this, index](const KeychainError &error, const std::optional<Credentials> &value) {
                                      if (!error.ok() && !error.isNotFound()) {
                                          abandon(RotationStep::Prepare, error.toError());
                                          return;
                                      }
                                      m_found[index] = value;
                                      readSlotForResume(index + 1);
                                  });
}

void RotationFlow::continueResume()
{
    const CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
    const auto &[active, staged, previous] = m_found;
    if (!active && staged) {
        // Killed between deleting active and writing it (the swap never overwrites): what goes
        // there is known, and the rest of the swap follows.
        resumeWithoutActive(meta, *staged, previous);
        return;
    }
    if (!active) {
        abandon(RotationStep::Prepare,
                {ErrorClass::Failure,
                 QStringLiteral("The keychain holds no active credentials for \"%1\"").arg(m_environment),
                 QStringLiteral("Store them again: bioepic-cred login %1").arg(m_environment),
                 {},
                 {}});
        return;
    }
    if (!staged) {
        // Interrupted before anything was staged: nothing happened here, but a mint may have
        // happened on the server.
        m_old = *active;
        clearPending();
        setStep(RotationStep::Prepare, StepState::Passed, QStringLiteral("nothing had been staged"));
        record(QStringLiteral("recover"), QStringLiteral("ok"), {},
               QStringLiteral("the interrupted %1 had not staged anything; nothing changed")
                       .arg(meta.pendingOperation));
        RotationResult result;
        if (meta.pendingOperation == QLatin1String("mint")) {
            if (const QString orphan = orphanedClientSince(meta.pendingSince); !orphan.isEmpty())
                reportOrphan(orphan, &result);
        }
        finish(result);
        return;
    }
    m_resumedReset = meta.pendingOperation == QLatin1String("reset");
    const bool swapped = staged->fingerprint() == active->fingerprint();
    // A rotation stages the new pair (staged == active: switched); a rollback stages a backup of
    // active (staged == active: not switched yet).
    const bool switched = meta.pendingOperation == QLatin1String("rollback") ? !swapped : swapped;
    setStep(RotationStep::Prepare, StepState::Passed,
            QStringLiteral("interrupted %1 found (%2)")
                    .arg(meta.pendingOperation,
                         switched ? QStringLiteral("active already switched") : QStringLiteral("active not switched")));
    setStep(RotationStep::Stage, StepState::Skipped, QStringLiteral("staged before the interruption"));
    if (meta.pendingOperation == QLatin1String("rollback")) {
        m_request.kind = RotationKind::Rollback;
        if (swapped) {
            // staged is the backup of active: the rollback had not switched anything. Redo it.
            if (!previous) {
                abandon(RotationStep::Prepare, Error::usage(QStringLiteral("No previous credentials to roll back to")));
                return;
            }
            m_old = *active;
            m_new = *previous;
            requestToken();
            return;
        }
        // Active already holds the previous credentials: finish by moving the backup to previous.
        m_old = *staged;
        m_new = *active;
        finishSwapFrom(&RotationFlow::swapWritePrevious);
        return;
    }
    m_request.kind = RotationKind::Rotate;
    m_new = *staged;
    if (swapped) {
        // The new pair is active already; the old one went to previous first.
        m_old = previous ? *previous : Credentials{};
        finishSwapFrom(&RotationFlow::swapRecordMetadata);
        return;
    }
    m_old = *active;
    requestToken();
}

void RotationFlow::resumeWithoutActive(const CredentialMetadata &meta, const Credentials &staged,
                                       const std::optional<Credentials> &previous)
{
    const bool rollback = meta.pendingOperation == QLatin1String("rollback");
    // A rollback deletes active only after staging its backup, with previous still in place; a
    // rotation only after previous holds the old pair.
    if (rollback && !previous) {
        abandon(RotationStep::Prepare,
                {ErrorClass::Failure,
                 QStringLiteral("The interrupted rollback of \"%1\" left no previous credentials to make active")
                         .arg(m_environment),
                 QStringLiteral("Store the credentials again: bioepic-cred login %1 (until then scripts use the "
                                "ones in the staged entry)")
                         .arg(m_environment),
                 {},
                 {}});
        return;
    }
    m_resumedReset = meta.pendingOperation == QLatin1String("reset");
    setStep(RotationStep::Prepare, StepState::Passed,
            QStringLiteral("interrupted %1 found (active being replaced)").arg(meta.pendingOperation));
    setStep(RotationStep::Stage, StepState::Skipped, QStringLiteral("staged before the interruption"));
    if (rollback) {
        m_request.kind = RotationKind::Rollback;
        m_old = staged;
        m_new = *previous;
    } else {
        m_request.kind = RotationKind::Rotate;
        m_old = previous ? *previous : Credentials{};
        m_new = staged;
    }
    finishSwapFrom(&RotationFlow::swapWriteActive);
}

void RotationFlow::finishSwapFrom(void (RotationFlow::*step)())
{
    setStep(RotationStep::Token, StepState::Skipped, QStringLiteral("already active"));
    setStep(RotationStep::Verify, StepState::Skipped, QStringLiteral("already active"));
    m_swapping = true;
    setStep(RotationStep::Swap, StepState::Running);
    (this->*step)();
}

void RotationFlow::discard()
{
    const CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
    if (!meta.hasPending()) {
        abandon(RotationStep::Prepare,
                Error::usage(QStringLiteral("No interrupted rotation of \"%1\" to discard").arg(m_environment)));
        return;
    }
    m_keepStagedOnFailure = true;
    m_deps.vault->readCredentials(m_environment, SecretSlot::Staged, this,
                                  [this](const KeychainError &error, const std::optional<Credentials> &staged) {
                                      if (!error.ok() && !error.isNotFound()) {
                                          abandon(RotationStep::Prepare, error.toError());
                                          return;
                                      }
                                      discardWithStaged(staged);
                                  });
}

void RotationFlow::discardWithStaged(const std::optional<Credentials> &staged)
{
    m_deps.vault->readCredentials(
            m_environment, SecretSlot::Active, this,
            [this, staged](const KeychainError &error, const std::optional<Credentials> &active) {
                if (error.isNotFound() && staged) {
                    // Killed while active was being replaced: only finishing puts a pair back there.
                    m_request.kind = RotationKind::Resume;
                    setStep(RotationStep::Prepare, StepState::Passed,
                            QStringLiteral("the interrupted operation was replacing the active credentials; "
                                           "finishing it instead"));
                    prepareResume();
                    return;
                }
                if (!error.ok()) {
                    abandon(RotationStep::Prepare, error.toError());
                    return;
                }
                decideDiscard(staged, *active);
            });
}

void RotationFlow::decideDiscard(const std::optional<Credentials> &staged, const Credentials &active)
{
    const CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
    m_old = active;
    const bool same = staged && staged->fingerprint() == active.fingerprint();
    // Has active been switched already? A rotation stages the new pair (staged == active once
    // switched); a rollback stages a backup of active (staged == active until it switches).
    const bool rollback = meta.pendingOperation == QLatin1String("rollback");
    const bool switched = staged && (rollback ? !same : same);
    // After a reset the server may hold only the staged secret: finishing finds out (a token
    // request) and drops it only if the server never got it.
    const bool resetStaged = staged && !same && meta.pendingOperation == QLatin1String("reset");
    if (switched || resetStaged) {
        // Dropping staged now would lose a secret, or leave the settings wrong: finishing is the only
        // safe way to "discard".
        m_request.kind = RotationKind::Resume;
        setStep(RotationStep::Prepare, StepState::Passed,
                QStringLiteral("the interrupted %1 had already switched the active credentials; finishing it instead")
                        .arg(meta.pendingOperation));
        prepareResume();
        return;
    }
    if (!staged) {
        finishDiscard(meta.pendingOperation);
        return;
    }
    m_new = *staged;
    m_deps.vault->removeSlot(m_environment, SecretSlot::Staged, this,
                             [this, operation = meta.pendingOperation](const KeychainError &error) {
                                 if (!error.ok()) {
                                     abandon(RotationStep::Prepare, error.toError());
                                     return;
                                 }
                                 finishDiscard(operation);
                             });
}

void RotationFlow::finishDiscard(const QString &operation)
{
    const QDateTime since = m_deps.credentials->metadata(m_environment).pendingSince;
    clearPending();
    setStep(RotationStep::Prepare, StepState::Passed, QStringLiteral("staged credentials dropped"));
    record(QStringLiteral("discard"), QStringLiteral("ok"), {},
           QStringLiteral("dropped the interrupted %1; the active credentials were kept").arg(operation));
    RotationResult result;
    // A minted client dropped from staged, or never stored, still works on the server.
    if (operation == QLatin1String("mint")) {
        const QString orphan = m_new.isComplete() ? m_new.identity : orphanedClientSince(since);
        if (!orphan.isEmpty())
            reportOrphan(orphan, &result);
    }
    finish(result);
}

void RotationFlow::reportOrphan(const QString &clientId, RotationResult *result)
{
    CredentialMetadata meta = m_deps.credentials->metadata(m_environment);
    meta.retireClientId = clientId;
    meta.retireAfter = m_deps.clock->now();
    m_deps.credentials->setMetadata(m_environment, meta);
    record(QStringLiteral("mint"), QStringLiteral("orphaned"), {},
           QStringLiteral("client %1 was minted on the server but is not in use; it still works").arg(clientId),
           clientId);
    result->warning = QStringLiteral("The server had minted client %1, which nothing uses and which still works: "
                                     "retire it with bioepic-cred rotate %2 --retire-old now --admin ADMIN")
                              .arg(clientId, m_environment);
}

void RotationFlow::dropUnappliedReset()
{
    // The staged secret gets no token and the active one is in place: the reset never reached
    // the server, so the old secret is still the one that works.
    m_keepStagedOnFailure = false;
    setStep(RotationStep::Token, StepState::Skipped, QStringLiteral("the server refuses the staged secret"));
    m_deps.vault->removeSlot(m_environment, SecretSlot::Staged, this, [this](const KeychainError &error) {
        if (!error.ok()) {
            abandon(RotationStep::Token, error.toError());
            return;
        }
        clearPending();
        record(QStringLiteral("recover"), QStringLiteral("ok"), {},
               QStringLiteral("the interrupted reset never reached the server; the active secret was kept"));
        RotationResult result;
        result.warning = QStringLiteral("The server never received the new secret: the active one is unchanged.");
        finish(result);
    });
}

} // namespace bioepic
