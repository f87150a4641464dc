#pragma once

#include "auth/token.h"
#include "common/error.h"
#include "common/secret.h"
#include "config/environment.h"
#include "keychain/credentials.h"
#include "net/apierror.h"

#include <QObject>

#include <array>

namespace bioepic {

class Clock;
class CredentialManager;
class CredentialVault;
class EnvironmentStore;
class HistoryStore;
class HttpClient;
class TokenClient;
class TokenService;
struct KeychainError;

/** @brief What a RotationFlow works with; all owned elsewhere (CoreServices). */
struct RotationDeps
{
    EnvironmentStore *environments = nullptr;
    CredentialVault *vault = nullptr;
    TokenClient *tokenClient = nullptr;
    HttpClient *http = nullptr;
    TokenService *tokens = nullptr;
    CredentialManager *credentials = nullptr;
    HistoryStore *history = nullptr;
    const Clock *clock = nullptr;
};

enum class RotationKind {
    Rotate, ///< install new credentials after proving they work
    Rollback, ///< swap back to the previous credentials after proving they still work
    Resume, ///< finish an interrupted rotate or rollback
    Discard, ///< drop an interrupted rotation's staged credentials, keeping what is active
    ResetOnServer, ///< a random new secret set on the server in place, then proved and made active
    MintOnServer, ///< a new client minted by the server, proved and made active; the old one kept or retired
    RetireOld, ///< the client a mint replaced gets a secret nobody knows: it stops working
};
/** @brief In the order the ones of a kind run (rotationSteps()). */
enum class RotationStep { Prepare, Stage, Token, Verify, Swap, SignIn, Server, Retire };
enum class StepState { Pending, Running, Passed, Failed, Skipped };

[[nodiscard]] QString rotationStepName(RotationStep step);
/** @brief The steps a kind of flow shows, in the order they run. */
[[nodiscard]] QList<RotationStep> rotationSteps(RotationKind kind);
/** @brief A strong random secret: 32 bytes from the system generator, URL-safe base64 (43 characters). */
[[nodiscard]] Secret generateClientSecret();
[[nodiscard]] QString rotationStepTitle(RotationStep step, RotationKind kind);
[[nodiscard]] QString rotationKindName(RotationKind kind);
/** @brief Why a new rotation or rollback must wait: an earlier one stopped half-way. */
[[nodiscard]] Error interruptedOperationError(const QString &environment, const CredentialMetadata &metadata);

struct RotationRequest
{
    RotationKind kind = RotationKind::Rotate;
    QString newIdentity; ///< Rotate: a new client id or user name; empty keeps the current one
    Secret newSecret; ///< Rotate: the new secret or password
    bool verify = true; ///< run the verification call after the token request
    /**
     * ResetOnServer, MintOnServer, RetireOld: the site administrator who signs in (a user name and
     * password, password grant). Held in memory for the flow only; never stored.
     */
    Credentials admin;
    QString siteId; ///< MintOnServer: the site; empty: the one the administrator's who-am-I names
    int retireAfterDays = -1; ///< MintOnServer: 0 retires the old client at once, N > 0 in N days, -1 never
};

struct RotationResult
{
    Error error;
    ApiError apiError;
    std::optional<RotationStep> failedStep;
    bool canceled = false;
    bool changedCredentials = false; ///< active now holds other credentials than before
    /**
     * A reset's PATCH went out and the server did not clearly refuse it: the server holds, or may
     * hold, the new secret, and the staged slot keeps it (Resume finds out which and finishes).
     */
    bool serverChanged = false;
    QString oldFingerprint;
    QString newFingerprint;
    QString mintedClient; ///< MintOnServer: the new client's id
    QString retiredClient; ///< MintOnServer, RetireOld: the client whose secret was replaced by an unknown one
    QString warning; ///< a success with something left to do (the old client still valid…)
};

/**
 * @brief A verified rotation (or rollback), one async state machine that never leaves the
 * environment without working credentials, even if the process is killed at any point.
 *
 * Rotate:
 * @code
 *  Prepare  read active (old); mark "pending rotate" in the settings
 *  Stage    staged   := new                      ── any failure up to Swap: staged removed,
 *  Token    POST token with new                      pending cleared, active untouched
 *  Verify   who-am-I, or a one-record search (optional)
 *  Swap     previous := old ─► active := new ─► settings: new metadata, pending cleared
 *           ─► staged removed ─► cached token replaced ─► history
 * @endcode
 * At every instant the old secret is in active or previous and the new one in staged or active,
 * so a crash loses neither; the pending mark makes the next start offer Resume or Discard.
 * Rollback is the same with the previous credentials as "new" and a backup of active in staged.
 * Cancel works until Swap begins. finished() is emitted exactly once.
 *
 * Resume and Discard (rotationrecovery.cpp) read active, staged and previous, and decide from
 * what they hold:
 * @code
 *  staged empty              nothing happened: clear the pending mark
 *  staged == active          rotate: already switched, finish the swap's bookkeeping
 *  staged != active          rotate: not switched, redo Token ─► Verify ─► Swap (resume) or drop staged (discard)
 * @endcode
 * The environment is read once, in Prepare; every later step uses that snapshot, so a token is
 * only ever sent to the host that issued it, even if the settings change meanwhile.
 *
 * On the server (serverrotation.cpp), with a site administrator's token (SignIn):
 * @code
 *  ResetOnServer  Prepare ─► SignIn ─► Stage (a random secret) ─► Server (PATCH the client's
 *                 secret) ─► Token ─► Verify ─► Swap      once the server said yes, staged is kept
 *                 whatever fails: it holds the only working secret, and --resume finishes
 *  MintOnServer   Prepare ─► SignIn ─► Server (mint; the client id goes into the history at once)
 *                 ─► Stage ─► Token ─► Verify ─► Swap ─► Retire (now, in N days, or never)
 * @endcode
 * A reset leaves nothing to roll back to (the old secret is gone on the server): previous is
 * cleared. A minted client whose reply never reached the keychain is "orphaned": the history
 * names it, and resume and discard report it.
 */
class RotationFlow final : public QObject
{
    Q_OBJECT

public:
    RotationFlow(const RotationDeps &deps, QString environment, RotationRequest request, QObject *parent = nullptr);

    void start();
    /** @brief Stops the flow if it has not reached Swap; the result then says canceled. */
    void cancel();
    [[nodiscard]] bool canCancel() const { return !m_finished && !m_swapping; }
    [[nodiscard]] QString environment() const { return m_environment; }
    [[nodiscard]] RotationKind kind() const { return m_request.kind; }
    [[nodiscard]] StepState stepState(RotationStep step) const { return m_states.value(int(step), StepState::Pending); }
    [[nodiscard]] bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void stepChanged(bioepic::RotationStep step, bioepic::StepState state, const QString &detail);
    void finished(const bioepic::RotationResult &result);

private:
    void prepare();
    /** No credentials, or an interrupted operation: says so (and finishes); true when it did. */
    bool refuseUnlessRotatable();
    void prepareRotate();
    void onRotateActiveRead(const KeychainError &error, const std::optional<Credentials> &active);
    void prepareRollback();
    void onRollbackActiveRead(const KeychainError &error, const std::optional<Credentials> &active);
    void onRollbackPreviousRead(const KeychainError &error, const std::optional<Credentials> &previous);
    // rotationrecovery.cpp
    void prepareResume();
    void readSlotForResume(int index);
    void continueResume();
    void resumeWithoutActive(const CredentialMetadata &meta, const Credentials &staged,
                             const std::optional<Credentials> &previous);
    void finishSwapFrom(void (RotationFlow::*step)());
    void discard();
    void discardWithStaged(const std::optional<Credentials> &staged);
    void decideDiscard(const std::optional<Credentials> &staged, const Credentials &active);
    void finishDiscard(const QString &operation);
    // serverrotation.cpp
    void prepareOnServer();
    void onServerActiveRead(const KeychainError &error, const std::optional<Credentials> &active);
    void signIn();
    void findSite();
    void resetOnServer();
    void mintOnServer();
    void retireAfterSwap();
    void replaceSecretOnServer(const QString &clientId, const Secret &secret,
                               std::function<void(const ApiError &)> done);
    [[nodiscard]] Error serverError(const ApiError &error, const QString &what) const;
    void finishAfterSwap(RotationResult result);
    [[nodiscard]] QString orphanedClientSince(const QDateTime &since) const;
    /** A minted client no slot holds: named in the history and queued for retirement. */
    void reportOrphan(const QString &clientId, RotationResult *result);
    /** Resuming a reset whose new secret the server refuses: it never got it; nothing changed. */
    void dropUnappliedReset();

    void stage();
    void requestToken();
    void verify();
    void swap();
    /** Deletes the slot, then writes it (no overwrite); @p removed says whether the delete happened. */
    void replaceSlot(SecretSlot slot, const Credentials &credentials, const char *removedPoint,
                     std::function<void(const KeychainError &, bool removed)> done);
    void swapWritePrevious();
    void swapWriteActive();
    void failSwap(const KeychainError &error, const QString &what, const QString &reassurance);
    void swapRecordMetadata();
    void swapRemoveStaged();
    void swapReplaceToken();

    void setStep(RotationStep step, StepState state, const QString &detail = {});
    /** @brief Cleans up after a failure before Swap (staged removed, pending cleared), then finishes. */
    void abandon(RotationStep step, const Error &error, const ApiError &apiError = {});
    void finish(RotationResult result);
    bool checkCanceled();
    void crashPoint(const char *name) const;
    Error setPending(const QString &operation, const QString &fingerprint);
    Error clearPending();
    /** A history line; @p identity names the client it is about when that is not the new or old one. */
    void record(const QString &action, const QString &outcome, const QString &step, const QString &message,
                const QString &identity = {});

    RotationDeps m_deps;
    QString m_environment;
    Environment m_env; ///< the settings as Prepare found them
    RotationRequest m_request;
    Credentials m_old; ///< what active held when the flow began
    Credentials m_new; ///< what active will hold
    bool m_keepStagedOnFailure = false; ///< staged holds the only copy of something (rollback backup)
    Token m_token;
    Token m_adminToken; ///< server kinds: the administrator's, memory only
    QString m_site; ///< MintOnServer: the site the new client belongs to
    bool m_serverChanged = false; ///< the server accepted the new secret or minted the client
    bool m_resumedReset = false; ///< resuming a reset: the old secret may be dead on the server
    RotationResult m_pendingResult; ///< MintOnServer: the swap's result, finished after Retire
    std::array<std::optional<Credentials>, 3> m_found; ///< resume: active, staged, previous as read
    QHash<int, StepState> m_states;
    quint64 m_requestId = 0;
    RotationStep m_currentStep = RotationStep::Prepare;
    bool m_pendingSet = false; ///< this flow wrote the pending mark
    bool m_resumed = false; ///< finishing an interrupted operation
    bool m_stageStarted = false; ///< this flow wrote (or tried to write) the staged slot
    bool m_cancelRequested = false;
    bool m_swapping = false;
    bool m_finished = false;
};

} // namespace bioepic

Q_DECLARE_METATYPE(bioepic::RotationStep)
Q_DECLARE_METATYPE(bioepic::StepState)
