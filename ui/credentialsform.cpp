#include "credentialsform.h"

#include "asyncdialogs.h"
#include "messagelabel.h"

#include "coreservices.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace bioepic::ui {

CredentialsForm::CredentialsForm(CoreServices *core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_method(new QComboBox(this))
    , m_identityLabel(new QLabel(this))
    , m_identity(new QLineEdit(this))
    , m_identityError(new MessageLabel(this))
    , m_secretLabel(new QLabel(this))
    , m_secret(new QLineEdit(this))
    , m_secretError(new MessageLabel(this))
    , m_verify(new QCheckBox(tr("Check with a token request before saving"), this))
    , m_save(new QPushButton(tr("Save to &keychain"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_remove(new QPushButton(tr("Re&move credentials…"), this))
    , m_sessionOnly(new QPushButton(tr("Keep for this session only (in memory)"), this))
    , m_openSettings(new QPushButton(tr("Open settings"), this))
    , m_busy(new QProgressBar(this))
    , m_busyText(new QLabel(this))
    , m_message(new MessageLabel(this))
    , m_stored(new QLabel(this))
{
    m_method->addItem(tr("Client id and secret"), int(AuthMethod::ClientCredentials));
    m_method->addItem(tr("User name and password"), int(AuthMethod::Password));
    m_identity->setObjectName(QStringLiteral("identity"));
    m_secret->setObjectName(QStringLiteral("secret"));
    m_secret->setEchoMode(QLineEdit::Password);
    // Input methods and predictive keyboards must not learn the secret.
    m_secret->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    m_identity->setClearButtonEnabled(true);
    m_verify->setChecked(true);
    m_identityError->setObjectName(QStringLiteral("identityError"));
    m_secretError->setObjectName(QStringLiteral("secretError"));
    m_message->setObjectName(QStringLiteral("formMessage"));
    m_save->setObjectName(QStringLiteral("save"));
    m_sessionOnly->setObjectName(QStringLiteral("sessionOnly"));

    auto *reveal = m_secret->addAction(style()->standardIcon(QStyle::SP_FileDialogContentsView),
                                       QLineEdit::TrailingPosition);
    reveal->setCheckable(true);
    reveal->setToolTip(tr("Show or hide the secret"));
    reveal->setText(tr("Show the secret"));
    reveal->setObjectName(QStringLiteral("revealSecret"));
    connect(reveal, &QAction::toggled, this,
            [this](bool shown) { m_secret->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password); });

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Si&gn in with:"), m_method);
    auto *identityColumn = new QVBoxLayout;
    identityColumn->addWidget(m_identity);
    identityColumn->addWidget(m_identityError);
    form->addRow(m_identityLabel, identityColumn);
    auto *secretColumn = new QVBoxLayout;
    secretColumn->addWidget(m_secret);
    secretColumn->addWidget(m_secretError);
    form->addRow(m_secretLabel, secretColumn);
    form->addRow(QString(), m_verify);

    m_busy->setRange(0, 0);
    m_busy->setMaximumHeight(6);
    m_busy->setTextVisible(false);
    auto *busyRow = new QHBoxLayout;
    busyRow->addWidget(m_busyText, 1);
    busyRow->addWidget(m_cancel);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addStretch(1);
    buttons->addWidget(m_remove);

    auto *fallback = new QHBoxLayout;
    fallback->addWidget(m_sessionOnly);
    fallback->addWidget(m_openSettings);
    fallback->addStretch(1);

    m_stored->setWordWrap(true);
    m_stored->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stored->setObjectName(QStringLiteral("storedInfo"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stored);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_busy);
    layout->addLayout(busyRow);
    layout->addWidget(m_message);
    layout->addLayout(fallback);
    layout->addStretch(1);

    connect(m_method, &QComboBox::currentIndexChanged, this, &CredentialsForm::updateMethodLabels);
    connect(m_save, &QPushButton::clicked, this, &CredentialsForm::save);
    connect(m_cancel, &QPushButton::clicked, this, &CredentialsForm::cancel);
    connect(m_remove, &QPushButton::clicked, this, &CredentialsForm::removeCredentials);
    connect(m_sessionOnly, &QPushButton::clicked, this, &CredentialsForm::keepForSessionOnly);
    connect(m_openSettings, &QPushButton::clicked, this, [this] { Q_EMIT settingsRequested(m_environment); });
    // Typing does not remove a message under a field (the form would jump up under the cursor):
    // it turns plain, as no longer current, and the next Save replaces it.
    for (auto [field, error] : {std::pair{m_identity, m_identityError}, std::pair{m_secret, m_secretError}}) {
        connect(field, &QLineEdit::textEdited, error, [error = error] {
            if (error->isVisible() && error->kind() == MessageLabel::Kind::Error)
                error->showMessage(error->text(), MessageLabel::Kind::Info);
        });
    }
    connect(m_secret, &QLineEdit::returnPressed, this, &CredentialsForm::save);
    connect(core->credentials(), &CredentialManager::credentialsChanged, this, [this](const QString &environment) {
        if (environment == m_environment)
            updateStoredInfo();
    });
    connect(core->environments(), &EnvironmentStore::changed, this, &CredentialsForm::updateStoredInfo);

    m_sessionOnly->hide();
    m_openSettings->hide();
    setBusy(false);
    updateMethodLabels();
}

void CredentialsForm::setEnvironment(const QString &name)
{
    if (name == m_environment)
        return;
    if (m_requestInFlight)
        cancel();
    m_environment = name;
    clearErrors();
    m_message->clearMessage();
    m_sessionOnly->hide();
    m_openSettings->hide();
    m_secret->clear();
    const CredentialMetadata stored = m_core->credentials()->metadata(name);
    const auto env = m_core->environments()->find(name);
    const AuthMethod method
            = stored.stored ? stored.method : (env ? env->defaultMethod : AuthMethod::ClientCredentials);
    m_method->setCurrentIndex(m_method->findData(int(method)));
    m_identity->setText(stored.identity);
    updateStoredInfo();
}

void CredentialsForm::updateMethodLabels()
{
    const bool client = AuthMethod(m_method->currentData().toInt()) == AuthMethod::ClientCredentials;
    m_identityLabel->setText(client ? tr("Client &id:") : tr("User &name:"));
    m_identityLabel->setBuddy(m_identity);
    m_secretLabel->setText(client ? tr("Client &secret:") : tr("&Password:"));
    m_secretLabel->setBuddy(m_secret);
    m_identity->setAccessibleName(client ? tr("Client id") : tr("User name"));
    m_secret->setAccessibleName(client ? tr("Client secret") : tr("Password"));
}

void CredentialsForm::updateStoredInfo()
{
    const auto env = m_core->environments()->find(m_environment);
    setEnabled(env.has_value());
    if (!env) {
        m_stored->setText(QString());
        return;
    }
    const CredentialMetadata stored = m_core->credentials()->metadata(m_environment);
    const bool session = m_core->credentials()->isSessionOnly(m_environment);
    m_remove->setEnabled(stored.stored && !m_requestInFlight);
    if (!stored.stored) {
        m_stored->setText(
                tr("No credentials are stored for <b>%1</b>. They go to the %2, never to a file.")
                        .arg(m_environment.toHtmlEscaped(), m_core->keychain()->backendName().toHtmlEscaped()));
        m_secret->setPlaceholderText(QString());
        m_save->setText(tr("Save to &keychain"));
        return;
    }
    m_stored->setText(tr("Stored for <b>%1</b>: %2 <code>%3</code> (%4), since %5, %6.")
                              .arg(m_environment.toHtmlEscaped(), stored.identity.toHtmlEscaped(), stored.fingerprint,
                                   authMethodLabel(stored.method),
                                   stored.storedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                   session ? tr("in memory for this session only")
                                           : tr("in the %1").arg(m_core->keychain()->backendName().toHtmlEscaped())));
    m_secret->setPlaceholderText(tr("stored — type a new one to replace it"));
    m_save->setText(session ? tr("Save (this session &only)") : tr("&Replace in keychain"));
    // Stored meanwhile (by another program, the .env import, the demo): show whose they are,
    // unless something is being typed here.
    if (m_identity->text().isEmpty() && !m_requestInFlight) {
        m_identity->setText(stored.identity);
        const int method = m_method->findData(int(stored.method));
        if (method >= 0)
            m_method->setCurrentIndex(method);
    }
}

void CredentialsForm::setBusy(bool busy, const QString &what)
{
    m_requestInFlight = busy;
    m_busy->setVisible(busy);
    m_busyText->setVisible(busy);
    m_busyText->setText(what);
    m_cancel->setVisible(busy);
    m_save->setEnabled(!busy);
    m_method->setEnabled(!busy);
    m_identity->setReadOnly(busy);
    m_secret->setReadOnly(busy);
    m_remove->setEnabled(!busy && m_core->credentials()->hasCredentials(m_environment));
}

void CredentialsForm::clearErrors()
{
    m_identityError->clearMessage();
    m_secretError->clearMessage();
}

void CredentialsForm::save()
{
    if (m_requestInFlight || m_environment.isEmpty())
        return;
    clearErrors();
    m_message->clearMessage();
    m_sessionOnly->hide();
    m_openSettings->hide();
    const bool client = AuthMethod(m_method->currentData().toInt()) == AuthMethod::ClientCredentials;
    bool complete = true;
    if (m_identity->text().trimmed().isEmpty()) {
        m_identityError->showError(client ? tr("Enter the client id.") : tr("Enter the user name."));
        complete = false;
    }
    if (m_secret->text().isEmpty()) {
        m_secretError->showError(client ? tr("Enter the client secret.") : tr("Enter the password."));
        complete = false;
    }
    if (!complete)
        return;

    Credentials credentials;
    credentials.method = AuthMethod(m_method->currentData().toInt());
    credentials.identity = m_identity->text().trimmed();
    credentials.secret = Secret::fromString(m_secret->text());
    const auto env = m_core->environments()->find(m_environment);
    const bool verify = m_verify->isChecked();
    setBusy(true,
            verify ? tr("Asking %1 for a token with these credentials…").arg(env->baseUrl.host()) : tr("Saving…"));
    const QString environment = m_environment;
    m_requestId = m_core->credentials()->login(environment, credentials, verify, this,
                                               [this, environment](const LoginResult &result) {
                                                   m_requestId = 0;
                                                   setBusy(false);
                                                   if (environment == m_environment)
                                                       showResult(result);
                                               });
}

void CredentialsForm::showResult(const LoginResult &result)
{
    if (result.error.ok()) {
        m_secret->clear();
        m_secret->setEchoMode(QLineEdit::Password);
        const QString where
                = result.sessionOnly ? tr("memory, for this session only") : m_core->keychain()->backendName();
        m_message->showMessage(result.token ? tr("Saved in the %1. The server issued a token valid until %2.")
                                                      .arg(where,
                                                           result.token->info.expiresAt.toLocalTime().toString(
                                                                   QStringLiteral("HH:mm:ss")))
                                            : tr("Saved in the %1 without checking.").arg(where),
                               MessageLabel::Kind::Success);
        updateStoredInfo();
        Q_EMIT saved(m_environment);
        return;
    }
    // Put the error where it belongs; the typed values stay so nothing is lost.
    const QString text = result.error.message
            + (result.error.remedy.isEmpty() ? QString() : QLatin1Char('\n') + result.error.remedy);
    switch (result.apiError.code) {
    case ApiError::Code::InvalidClient:
        m_secretError->showError(tr("The server rejected this client id or secret."));
        m_message->showError(text);
        return;
    case ApiError::Code::InvalidGrant:
        m_secretError->showError(tr("The server rejected this user name or password."));
        m_message->showError(text);
        return;
    case ApiError::Code::UnauthorizedClient:
    case ApiError::Code::UnsupportedGrantType:
        m_identityError->showError(tr("This account cannot get a token with the chosen method."));
        m_message->showError(text);
        return;
    case ApiError::Code::Canceled:
        m_message->showMessage(tr("Canceled. Nothing was stored."), MessageLabel::Kind::Info);
        return;
    default:
        break;
    }
    if (result.error.field == QLatin1String("identity"))
        m_identityError->showError(result.error.message);
    else if (result.error.field == QLatin1String("secret"))
        m_secretError->showError(result.error.message);
    m_message->showError(tr("Not saved: %1").arg(result.error.fullText()));
    if (result.error.kind == ErrorClass::KeychainUnavailable && !m_core->credentials()->isSessionOnly(m_environment))
        m_sessionOnly->show();
    if (result.error.kind == ErrorClass::Network || result.error.kind == ErrorClass::BadResponse)
        m_openSettings->show();
}

void CredentialsForm::cancel()
{
    if (!m_requestInFlight)
        return;
    m_core->credentials()->cancelLogin(m_requestId);
}

void CredentialsForm::keepForSessionOnly()
{
    m_core->credentials()->setSessionOnly(m_environment, true);
    m_sessionOnly->hide();
    m_message->showMessage(tr("Credentials for %1 will be kept in memory until the program quits; nothing is written "
                              "to disk.")
                                   .arg(m_environment),
                           MessageLabel::Kind::Info);
    save();
}

void CredentialsForm::removeCredentials()
{
    const QString environment = m_environment;
    askAsync(this, tr("Remove credentials"),
             tr("Remove the credentials of %1 from the %2, with any cached token and rollback copy?")
                     .arg(environment, m_core->keychain()->backendName()),
             QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel,
             [this, environment](QMessageBox::StandardButton answer) {
                 if (answer == QMessageBox::Yes && environment == m_environment)
                     removeConfirmed();
             });
}

void CredentialsForm::removeConfirmed()
{
    const QString environment = m_environment;
    setBusy(true, tr("Removing…"));
    m_core->credentials()->forget(environment, this, [this, environment](const Error &error) {
        setBusy(false);
        if (environment != m_environment)
            return;
        if (!error.ok()) {
            m_message->showError(tr("Not removed: %1").arg(error.fullText()));
            return;
        }
        m_identity->clear();
        m_message->showMessage(tr("Removed."), MessageLabel::Kind::Info);
        updateStoredInfo();
    });
}

} // namespace bioepic::ui
