#pragma once

#include <QDateTime>

namespace bioepic {

/**
 * @brief Source of "now" for everything that reasons about expiry and rotation age.
 *
 * Injected so tests can move time (tests/support/fakeclock.h) instead of sleeping.
 */
class Clock
{
public:
    virtual ~Clock() = default;
    /** @brief Current time in UTC. */
    [[nodiscard]] virtual QDateTime now() const = 0;
};

class SystemClock final : public Clock
{
public:
    [[nodiscard]] QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

} // namespace bioepic
