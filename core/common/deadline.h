#pragma once
// Header only, so that the keychain module (which holds no code of bioepic_core) uses it too.

#include <QObject>
#include <QTimer>

#include <chrono>
#include <utility>

namespace bioepic {

/**
 * @brief A one-shot timer for an operation's deadline, a child of @p owner (which may be null).
 *
 * End it with endDeadline() as soon as the operation answers: a QTimer::singleShot() would live
 * on until it fired, with everything its functor holds, long after the answer.
 */
template<typename OnTimeout>
QTimer *startDeadline(QObject *owner, std::chrono::milliseconds after, OnTimeout onTimeout)
{
    auto *timer = new QTimer(owner);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, timer, std::move(onTimeout));
    timer->start(after);
    return timer;
}

/** @brief Stops a deadline of startDeadline() and lets it go (safe from its own timeout, and on null). */
inline void endDeadline(QTimer *timer)
{
    if (!timer)
        return;
    timer->stop();
    timer->deleteLater();
}

} // namespace bioepic
