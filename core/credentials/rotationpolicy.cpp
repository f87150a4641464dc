#include "rotationpolicy.h"

namespace bioepic {

QString RotationAge::describe() const
{
    if (!known)
        return QStringLiteral("rotation age unknown");
    if (dueInDays > 1)
        return QStringLiteral("due in %1 days").arg(dueInDays);
    if (dueInDays == 1)
        return QStringLiteral("due tomorrow");
    if (dueInDays == 0)
        return QStringLiteral("due today");
    return dueInDays == -1 ? QStringLiteral("overdue by 1 day") : QStringLiteral("overdue by %1 days").arg(-dueInDays);
}

RotationAge rotationAge(const QDateTime &rotatedAt, int rotationDays, const QDateTime &now, const QTimeZone &zone)
{
    RotationAge age;
    if (!rotatedAt.isValid() || !now.isValid())
        return age;
    age.known = true;
    const QDate from = rotatedAt.toTimeZone(zone).date();
    const QDate to = now.toTimeZone(zone).date();
    age.ageDays = int(std::max<qint64>(0, from.daysTo(to)));
    age.dueInDays = rotationDays - age.ageDays;
    return age;
}

} // namespace bioepic
