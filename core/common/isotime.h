#pragma once

#include <QDateTime>
#include <QString>

namespace bioepic {

/** @brief @p time as ISO 8601 in UTC ("2026-12-03T15:30:00Z"), or empty when it is not valid:
 *  how state files and `--json` output write every time. */
[[nodiscard]] QString isoUtc(const QDateTime &time);

/** @brief The inverse of isoUtc(): a time in UTC, or an invalid one when @p text is not ISO 8601. */
[[nodiscard]] QDateTime fromIsoUtc(const QString &text);

} // namespace bioepic
