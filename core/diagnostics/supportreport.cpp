#include "supportreport.h"

#include "auth/tokenservice.h"
#include "common/clock.h"
#include "config/environmentstore.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSysInfo>

namespace bioepic {

QString describeLogEntry(const NetworkLogEntry &entry)
{
    QString text = QStringLiteral("#%1 %2 [%3] %4 %5 %6 → %7")
                           .arg(entry.id)
                           .arg(entry.startedAt.toUTC().toString(Qt::ISODateWithMs), entry.environment,
                                QString::fromLatin1(entry.method), entry.url,
                                entry.purpose.isEmpty() ? QString() : QStringLiteral("(%1)").arg(entry.purpose),
                                !entry.finished                 ? QStringLiteral("in flight")
                                        : entry.error.isEmpty() ? QStringLiteral("HTTP %1").arg(entry.httpStatus)
                                                                : entry.error);
    text += QStringLiteral(", %1 ms, %2 B sent, %3 B received\n")
                    .arg(entry.durationMs)
                    .arg(entry.bytesSent)
                    .arg(entry.bytesReceived);
    for (const auto &[name, value] : entry.requestHeaders)
        text += QStringLiteral("    > %1: %2\n").arg(QString::fromLatin1(name), QString::fromUtf8(value));
    if (!entry.requestBody.isEmpty())
        text += QStringLiteral("    > body: %1\n").arg(entry.requestBody);
    for (const auto &[name, value] : entry.responseHeaders)
        text += QStringLiteral("    < %1: %2\n").arg(QString::fromLatin1(name), QString::fromUtf8(value));
    if (!entry.responseBody.isEmpty())
        text += QStringLiteral("    < body: %1\n").arg(entry.responseBody);
    return text;
}

QString supportReport(const SupportReportSources &sources, const QString &environment, const DiagnosisReport &diagnosis)
{
    QString text;
    text += QStringLiteral("BioEPIC Credentials support report\n");
    text += QStringLiteral("==================================\n");
    text += QStringLiteral("created      %1\n").arg(sources.clock->now().toUTC().toString(Qt::ISODate));
    text += QStringLiteral("environment  %1\n").arg(environment);
    text += QStringLiteral("versions     bioepic-credentials %1, Qt %2, QtKeychain %3\n")
                    .arg(QStringLiteral(BIOEPIC_VERSION), QString::fromLatin1(qVersion()),
                         QStringLiteral(BIOEPIC_QTKEYCHAIN_VERSION));
    text += QStringLiteral("system       %1 (%2 %3, %4)\n")
                    .arg(QSysInfo::prettyProductName(), QSysInfo::kernelType(), QSysInfo::kernelVersion(),
                         QSysInfo::currentCpuArchitecture());
    text += QStringLiteral("keychain     %1\n").arg(sources.keychain->backendName());
    text += QStringLiteral("\nThis report holds no secret, no token and no fingerprint of either.\n");

    text += QStringLiteral("\nDiagnosis: %1\n").arg(diagnosis.summary);
    for (const DiagnosisStep &step : diagnosis.steps) {
        text += QStringLiteral("  [%1] %2 (%3 ms)\n")
                        .arg(checkStatusName(step.status).leftJustified(7), step.title)
                        .arg(step.ms);
        if (!step.detail.isEmpty())
            text += QStringLiteral("          %1\n").arg(step.detail);
        if (!step.remedy.isEmpty())
            text += QStringLiteral("          what to do: %1\n").arg(step.remedy);
    }

    text += QStringLiteral("\nSettings (%1)\n").arg(sources.environments->filePath());
    if (const auto env = sources.environments->find(environment))
        text += QString::fromUtf8(QJsonDocument(env->toJson()).toJson(QJsonDocument::Indented));
    const TokenStatus status = sources.tokens->status(environment);
    if (status.info.isSet())
        text += QStringLiteral("\nLast token: %1\n")
                        .arg(QString::fromUtf8(QJsonDocument(status.info.toJson()).toJson(QJsonDocument::Compact)));
    if (!status.lastError.isEmpty())
        text += QStringLiteral("Last token error: %1 (%2)\n")
                        .arg(status.lastError, status.lastErrorAt.toUTC().toString(Qt::ISODate));

    text += QStringLiteral("\nNetwork log (redacted; this environment, oldest first)\n");
    for (const NetworkLogEntry &entry : sources.log->entries()) {
        if (entry.environment == environment)
            text += describeLogEntry(entry);
    }
    // Reports get mailed around: even a keyed fingerprint is more than an administrator needs.
    static const QRegularExpression fingerprint(QStringLiteral("\\b(?:sha256|hmac):[0-9a-f]{8}\\b"));
    text.replace(fingerprint, QStringLiteral("(fingerprint left out)"));
    return text;
}

} // namespace bioepic
