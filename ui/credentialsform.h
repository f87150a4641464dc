#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace bioepic {
class CoreServices;
struct LoginResult;
} // namespace bioepic

namespace bioepic::ui {

class MessageLabel;

/**
 * @brief Enter or replace an environment's credentials. Save first asks the server for a token
 * with them and stores them in the keychain only if it answers; errors appear next to the
 * field they concern, and a failed save keeps what was typed.
 */
class CredentialsForm final : public QWidget
{
    Q_OBJECT

public:
    explicit CredentialsForm(CoreServices *core, QWidget *parent = nullptr);

    void setEnvironment(const QString &name);
    [[nodiscard]] QString environment() const { return m_environment; }
    [[nodiscard]] bool isBusy() const { return m_requestInFlight; }

    void save();
    void cancel();
    void removeCredentials();
    void keepForSessionOnly();

Q_SIGNALS:
    void saved(const QString &environment);
    /** @brief The user should look at the environment's settings (a network or URL problem). */
    void settingsRequested(const QString &environment);

private:
    void removeConfirmed();
    void updateStoredInfo();
    void updateMethodLabels();
    void setBusy(bool busy, const QString &what = {});
    void clearErrors();
    void showResult(const LoginResult &result);

    CoreServices *m_core;
    QString m_environment;
    QComboBox *m_method;
    QLabel *m_identityLabel;
    QLineEdit *m_identity;
    MessageLabel *m_identityError;
    QLabel *m_secretLabel;
    QLineEdit *m_secret;
    MessageLabel *m_secretError;
    QCheckBox *m_verify;
    QPushButton *m_save;
    QPushButton *m_cancel;
    QPushButton *m_remove;
    QPushButton *m_sessionOnly;
    QPushButton *m_openSettings;
    QProgressBar *m_busy;
    QLabel *m_busyText;
    MessageLabel *m_message;
    QLabel *m_stored;
    quint64 m_requestId = 0;
    bool m_requestInFlight = false;
};

} // namespace bioepic::ui
