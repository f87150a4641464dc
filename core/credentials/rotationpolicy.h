#pragma once

#include <QDateTime>
#include <QTimeZone>

namespace bioepic {

/** @brief How old the active credentials are against the environment's rotate-every-N-days policy. */
struct RotationAge
{
    bool known = false; ///< false when nothing records when the credentials were stored
    int ageDays = 0; ///< whole calendar days since rotation, in the user's time zone
    int dueInDays = 0; ///< negative when overdue

    [[nodiscard]] bool isOverdue() const { return known && dueInDays < 0; }
    [[nodiscard]] bool isDue() const { return known && dueInDays <= 0; }
    /** @brief "due in 78 days", "due today", "overdue by 3 days". */
    [[nodiscard]] QString describe() const;
};

/**
 * @brief Age in calendar days, counted on the dates of @p zone: a rotation at 23:30 is one day
 * old at 00:10, and DST changes never make a day count twice or vanish.
 */
[[nodiscard]] RotationAge rotationAge(const QDateTime &rotatedAt, int rotationDays, const QDateTime &now,
                                      const QTimeZone &zone = QTimeZone::systemTimeZone());

} // namespace bioepic
