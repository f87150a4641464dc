#pragma once

#include "auth/token.h"
#include "checkresult.h"
#include "config/environment.h"
#include "keychain/credentials.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace bioepic {

class Clock;
class CredentialManager;
class CredentialVault;
class EnvironmentStore;
class HttpClient;
class NetworkProbe;
class SecretStore;
class TokenClient;
class TokenService;
struct TokenCheck;

/** @brief One step of a diagnosis, as the checklist shows it: what it checks and what it found. */
struct DiagnosisStep : CheckResult
{
    QString id; ///< settings, keychain, dns, tcp, tls, health, token, token_inspect, api_call
    QString title;
    qint64 ms = 0;
};

/** @brief A whole diagnosis: the steps and a one-line summary. Holds no secret. */
struct DiagnosisReport
{
    QString environment;
    QDateTime startedAt;
    QList<DiagnosisStep> steps;
    QString summary;

    [[nodiscard]] bool ok() const;
    /** @brief The class of the first failed step (None when nothing failed): the doctor's exit code. */
    [[nodiscard]] ErrorClass failureClass() const;
    /** @brief {"environment", "ok", "summary", "steps": [{"id","status","code","ms","detail","remedy"}]}. */
    [[nodiscard]] QJsonObject toJson() const;
};

/** @brief What a Diagnosis works with; all owned elsewhere (CoreServices::diagnosisDeps()). */
struct DiagnosisDeps
{
    const Clock *clock = nullptr;
    EnvironmentStore *environments = nullptr; ///< read once at the start, and for other environments' ids
    const CredentialManager *credentials = nullptr; ///< credential metadata, session-only or not
    CredentialVault *vault = nullptr;
    TokenClient *tokenClient = nullptr;
    TokenService *tokens = nullptr; ///< the cached token: checked first, replaced when the server refuses it
    HttpClient *http = nullptr;
    const SecretStore *keychain = nullptr; ///< for messages: where the secrets live (backendName())
};

/**
 * @brief The step-by-step check of one environment, run for the user instead of a checklist
 * in a troubleshooting guide.
 *
 * @code
 *   settings ─► keychain ─► dns ─► tcp ─► tls ─► health ─► token ─► token_inspect ─► api_call
 * @endcode
 * A table drives the sequence: each step has its check and what its failure means for the
 * steps after it (no DNS: no TCP, TLS or HTTP; no credentials: no token). Each step ends pass,
 * warn, fail or skipped, with a DiagnosisCode, its time, what it saw and what to do; the
 * summary is chosen from the codes. The environment is read once, at the start.
 *
 * The token step gets a fresh token from the stored credentials; the authenticated call then
 * asks the server (who-am-I) about the cached token first, the one scripts are handed, and
 * about the fresh one. A cached token the server refuses is marked rejected and replaced by the
 * fresh one (a warning); otherwise the fresh token is not kept. A profile without a who-am-I
 * endpoint is "verified by the token request only": a public endpoint answers any token.
 * finished() is emitted exactly once; after cancel() no request is sent and no step fails.
 */
class Diagnosis final : public QObject
{
    Q_OBJECT

public:
    Diagnosis(DiagnosisDeps deps, QString environment, QObject *parent = nullptr);
    ~Diagnosis() override;

    void start();
    void cancel();
    [[nodiscard]] const DiagnosisReport &report() const { return m_report; }
    [[nodiscard]] bool isFinished() const { return m_finished; }

    /** @brief The step ids, in order. */
    [[nodiscard]] static QStringList stepIds();
    /** @brief What each step checks, in order, for people. */
    [[nodiscard]] static QStringList stepTitles();

Q_SIGNALS:
    void stepChanged(int index, const bioepic::DiagnosisStep &step);
    void finished(const bioepic::DiagnosisReport &report);

private:
    struct StepSpec;
    static const StepSpec kSteps[];

    void runStep(int index);
    void end(int index, const CheckResult &result);
    void advance(int index);
    void skipFrom(int index, DiagnosisCode code, const QString &why);
    void finish();
    /** Bounds the running step; on timeout it fails with Timeout, then @p cleanUp stops the work. */
    void armTimeout(int index, std::function<void()> cleanUp);
    void runProbe(int index, NetworkProbe *probe);
    [[nodiscard]] QString summarize() const;

    void checkSettings();
    void checkKeychain();
    void checkKeychainNow();
    void checkDns();
    void checkTcp();
    void checkTls();
    void checkHealth();
    void checkToken();
    void inspectToken();
    void checkApiCall();
    void verifyFreshToken(const TokenCheck &cached);

    DiagnosisDeps m_deps;
    DiagnosisReport m_report;
    std::optional<Environment> m_env; ///< the settings as the first step found them
    QElapsedTimer m_stepClock;
    QTimer m_timeout;
    std::function<void()> m_onTimeout;
    std::optional<Credentials> m_credentials;
    std::optional<Token> m_token;
    QList<QHostAddress> m_addresses;
    QPointer<NetworkProbe> m_probe;
    quint64 m_requestId = 0;
    bool m_canceled = false;
    bool m_finished = false;
};

} // namespace bioepic

Q_DECLARE_METATYPE(bioepic::DiagnosisStep)
Q_DECLARE_METATYPE(bioepic::DiagnosisReport)
