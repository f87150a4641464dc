#pragma once

#include "auth/token.h"
#include "common/error.h"
#include "keychain/credentials.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QAbstractSocket;

namespace bioepic {

class CoreServices;

enum class CheckStatus { Pending, Running, Pass, Warn, Fail, Skipped };
[[nodiscard]] QString checkStatusName(CheckStatus status);

/** @brief One step of a diagnosis, as the checklist shows it. */
struct DiagnosisStep
{
    QString id; ///< settings, keychain, dns, tcp, tls, health, token, token_inspect, api_call
    QString title;
    CheckStatus status = CheckStatus::Pending;
    qint64 ms = 0;
    QString detail;
    QString remedy;
    ErrorClass errorClass = ErrorClass::None; ///< for a failed step: what kind of failure
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
    /** @brief DESIGN.md §3: {"environment", "ok", "steps": [{"id","status","ms","detail","remedy"}]}. */
    [[nodiscard]] QJsonObject toJson() const;
};

/**
 * @brief The step-by-step check of one environment, run for the user instead of a checklist
 * in a troubleshooting guide.
 *
 * @code
 *   settings ─► keychain ─► dns ─► tcp ─► tls ─► health ─► token ─► token_inspect ─► api_call
 * @endcode
 * Each step ends pass, warn, fail or skipped, with its time, what it saw and what to do. A step
 * that an earlier failure makes meaningless is skipped with the reason (no DNS: no TCP, TLS or
 * HTTP; no credentials: no token). The token comes from the stored credentials but is not kept.
 * finished() is emitted exactly once.
 */
class Diagnosis final : public QObject
{
    Q_OBJECT

public:
    Diagnosis(CoreServices *core, QString environment, QObject *parent = nullptr);

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
    void runSettings();
    void runKeychain();
    void runDns();
    void runTcp();
    void runTls();
    void runHealth();
    void runToken();
    void runTokenInspect();
    void runApiCall();

    void begin(int index);
    void end(int index, CheckStatus status, const QString &detail, const QString &remedy = {},
             ErrorClass errorClass = ErrorClass::None);
    void skip(int index, const QString &why);
    void skipFrom(int index, const QString &why);
    void next(int index);
    void finish();
    void withTimeout(int index, std::function<void()> onTimeout);
    [[nodiscard]] QString summarize() const;

    CoreServices *m_core;
    DiagnosisReport m_report;
    QElapsedTimer m_stepClock;
    QTimer m_timeout;
    std::optional<Credentials> m_credentials;
    std::optional<Token> m_token;
    QList<QHostAddress> m_addresses;
    QPointer<QAbstractSocket> m_socket;
    int m_lookupId = -1;
    quint64 m_requestId = 0;
    bool m_canceled = false;
    bool m_finished = false;
};

} // namespace bioepic

Q_DECLARE_METATYPE(bioepic::DiagnosisStep)
Q_DECLARE_METATYPE(bioepic::DiagnosisReport)
