#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace bioepic {
class CoreServices;
struct Error;
} // namespace bioepic

namespace bioepic::ui {

class ClipboardGuard;
class MessageLabel;
class TimelineBar;

/**
 * @brief The token of one environment: state, expiry with a live countdown, a timeline bar,
 * the expiry source, decoded JWT claims, the fingerprint, Refresh now and Copy token.
 * Never displays the token itself.
 */
class TokenPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit TokenPanel(CoreServices *core, QWidget *parent = nullptr);

    void setEnvironment(const QString &name);
    [[nodiscard]] QString environment() const { return m_environment; }

    void refreshNow();
    void copyToken();

private:
    void updateView();
    void updateCountdown();
    void onRequestFinished(const QString &environment, const Error &error);

    CoreServices *m_core;
    QString m_environment;
    QLabel *m_badge;
    QLabel *m_headline;
    QLabel *m_countdown;
    TimelineBar *m_timeline;
    QLabel *m_issuedAt;
    QLabel *m_refreshAt;
    QLabel *m_expiresAt;
    QLabel *m_source;
    QLabel *m_skew;
    QLabel *m_fingerprint;
    MessageLabel *m_warnings;
    MessageLabel *m_message;
    QTreeWidget *m_claims;
    QProgressBar *m_busy;
    QPushButton *m_refresh;
    QPushButton *m_copy;
    ClipboardGuard *m_clipboard;
    QTimer m_tick;
};

} // namespace bioepic::ui
