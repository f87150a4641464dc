#pragma once

#include "common/secret.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace bioepic::ui {

/**
 * @brief Puts a secret on the clipboard only when asked, marked for clipboard managers as
 * secret (x-kde-passwordManagerHint), and clears it after a delay unless the user has copied
 * something else meanwhile. Remembers only the fingerprint of what it copied.
 */
class ClipboardGuard final : public QObject
{
    Q_OBJECT

public:
    explicit ClipboardGuard(QObject *parent = nullptr);

    void copySecret(const Secret &secret, std::chrono::milliseconds clearAfter = std::chrono::seconds(30));
    [[nodiscard]] bool isArmed() const { return m_timer.isActive(); }

Q_SIGNALS:
    /** @brief @p cleared is false when the clipboard had changed and was left alone. */
    void expired(bool cleared);

private:
    void clearIfUnchanged();

    QTimer m_timer;
    QString m_fingerprint;
};

} // namespace bioepic::ui
