#pragma once

#include "diagnosis.h"
#include "net/networklog.h"

#include <QString>

namespace bioepic {

class Clock;
class EnvironmentStore;
class TokenService;

/** @brief What a support report reads; all owned elsewhere (CoreServices::supportReportSources()). */
struct SupportReportSources
{
    const Clock *clock = nullptr;
    const EnvironmentStore *environments = nullptr;
    const TokenService *tokens = nullptr;
    const NetworkLog *log = nullptr;
    const SecretStore *keychain = nullptr;
};

/**
 * @brief A plain-text report a user can mail to an administrator: versions, the environment's
 * settings, the diagnosis and the redacted network log. Holds no secret and no full token
 * (the log is redacted when recorded; settings hold none).
 */
[[nodiscard]] QString supportReport(const SupportReportSources &sources, const QString &environment,
                                    const DiagnosisReport &diagnosis);

/** @brief One log entry as report lines (also used by the GUI's detail pane). */
[[nodiscard]] QString describeLogEntry(const NetworkLogEntry &entry);

} // namespace bioepic
