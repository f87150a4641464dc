#pragma once

#include "common/clock.h"

#include <QTimeZone>

namespace bioepic::test {

/** @brief A clock that only moves when told to. */
class FakeClock final : public Clock
{
public:
    explicit FakeClock(QDateTime start = QDateTime(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc()))
        : m_now(std::move(start))
    {
    }
    [[nodiscard]] QDateTime now() const override { return m_now; }
    void set(const QDateTime &now) { m_now = now.toUTC(); }
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }

private:
    QDateTime m_now;
};

} // namespace bioepic::test
