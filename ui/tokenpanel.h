#pragma once

#include <QDateTime>
#include <QHash>
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
 * the expiry source, decoded JWT claims, the fingerprint, Refresh now, Check with server and
 * Copy token. Never displays the token itself.
 *
 * A token can die before its expiry (revoked, or the server's signing key changed). When an
 * environment is shown, and at most every few minutes while it stays shown, the panel asks the
 * server about the cached token (one who-am-I call, when the profile has one); a refusal turns
 * the badge to "rejected by the server" and Refresh gets a new token.
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
    /** @brief Asks the server whether it still accepts the cached token; @p quiet shows only a refusal. */
    void checkWithServer(bool quiet = false);
    /**
     * @brief Whether showing an environment asks the server on its own (off until the window's
     * first frame is drawn: the check reads the keychain and the network). Turning it on asks now.
     */
    void setAutomaticChecks(bool enabled);

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
    QPushButton *m_check;
    QPushButton *m_copy;
    ClipboardGuard *m_clipboard;
    QTimer m_tick;
    QHash<QString, QDateTime> m_lastCheck; ///< per environment: throttles the automatic checks
    bool m_checking = false;
    bool m_automaticChecks = true;
};

} // namespace bioepic::ui
