#pragma once

#include <QObject>
#include <QSet>
#include <QTimer>

class QSystemTrayIcon;
class QWidget;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

/**
 * @brief The optional tray icon: a tooltip with every environment's state, and one notification
 * when a token is about to run out with nothing renewing it, or when a rotation is overdue.
 * Clicking it shows the window. Off unless the user turns it on (View menu).
 */
class TrayNotifier final : public QObject
{
    Q_OBJECT

public:
    TrayNotifier(CoreServices *core, QWidget *window, QObject *parent = nullptr);

    [[nodiscard]] static bool isAvailable();
    void setEnabled(bool enabled);
    [[nodiscard]] bool isEnabled() const { return m_icon != nullptr; }
    /** @brief Checks every environment now; the notifications it would show (for tests). */
    QStringList check();

Q_SIGNALS:
    void environmentActivated(const QString &name);

private:
    CoreServices *m_core;
    QWidget *m_window;
    QSystemTrayIcon *m_icon = nullptr;
    QTimer m_timer;
    QSet<QString> m_told; ///< "expiry:<env>:<token fingerprint>", "rotation:<env>": said once each
    QString m_lastEnvironment; ///< the one the last notification was about
};

} // namespace bioepic::ui
