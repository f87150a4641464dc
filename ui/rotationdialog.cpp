#include "rotationdialog.h"

#include "layouthelpers.h"
#include "messagelabel.h"
#include "steplist.h"

#include "coreservices.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

namespace bioepic::ui {

namespace {

StepList::State listState(StepState state)
{
    switch (state) {
    case StepState::Pending:
        return StepList::State::Pending;
    case StepState::Running:
        return StepList::State::Running;
    case StepState::Passed:
        return StepList::State::Pass;
    case StepState::Failed:
        return StepList::State::Fail;
    case StepState::Skipped:
        return StepList::State::Skipped;
    }
    return StepList::State::Pending;
}

} // namespace

RotationDialog::RotationDialog(CoreServices *core, const QString &environment, RotationKind kind, QWidget *parent)
    : QDialog(parent)
    , m_core(core)
    , m_environment(environment)
    , m_kind(kind)
    , m_steps(new StepList(this))
    , m_message(new MessageLabel(this))
    , m_start(new QPushButton(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    const CredentialMetadata meta = core->credentials()->metadata(environment);
    const auto env = core->environments()->find(environment);
    const bool password = meta.method == AuthMethod::Password;
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(this);
    intro->setWordWrap(true);
    intro->setObjectName(QStringLiteral("rotationIntro"));
    switch (kind) {
    case RotationKind::Rotate:
        setWindowTitle(tr("Rotate credentials of %1").arg(environment));
        intro->setText(tr("The new secret becomes active only after the server gave a token for it and accepted a call "
                          "made with that token. The current one (%1) is kept for rollback.")
                               .arg(meta.fingerprint));
        m_startText = tr("&Rotate");
        break;
    case RotationKind::Rollback:
        setWindowTitle(tr("Roll back %1").arg(environment));
        intro->setText(tr("Go back to the previous credentials (%1), after checking that they still get a token. The "
                          "active ones (%2) become the previous.")
                               .arg(meta.previousFingerprint, meta.fingerprint));
        m_startText = tr("Roll &back");
        break;
    case RotationKind::Resume:
        setWindowTitle(tr("Resume the interrupted %1 of %2").arg(meta.pendingOperation, environment));
        intro->setText(tr("A %1 stopped half-way on %2. Resuming finishes it; no secret is lost either way.")
                               .arg(meta.pendingOperation, meta.pendingSince.toLocalTime().toString()));
        m_startText = tr("&Resume");
        break;
    case RotationKind::Discard:
        setWindowTitle(tr("Discard the interrupted %1 of %2").arg(meta.pendingOperation, environment));
        intro->setText(tr("Drop the staged credentials and keep the active ones. If the swap had already begun, it is "
                          "finished instead, so that no secret is lost."));
        m_startText = tr("&Discard");
        break;
    case RotationKind::ResetOnServer:
    case RotationKind::MintOnServer:
        setWindowTitle(tr("Rotate %1 on the server").arg(environment));
        intro->setText(tr("The server makes the new credentials: a site administrator signs in once (nothing of "
                          "theirs is stored), and the new credentials become active only after they got a token "
                          "that the server accepted."));
        m_startText = tr("&Rotate on the server");
        break;
    case RotationKind::RetireOld:
        setWindowTitle(tr("Retire the old client of %1").arg(environment));
        intro->setText(tr("The old client %1 gets a secret nobody knows, so it stops working. Do this once no "
                          "machine uses it any more.")
                               .arg(meta.retireClientId));
        m_startText = tr("&Retire");
        break;
    }
    m_start->setText(m_startText);
    layout->addWidget(intro);

    if (kind == RotationKind::Rotate) {
        auto *form = new QFormLayout;
        form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
        m_identity = new QLineEdit(this);
        m_identity->setObjectName(QStringLiteral("newIdentity"));
        m_identity->setPlaceholderText(tr("unchanged: %1").arg(meta.identity));
        m_secret = new QLineEdit(this);
        m_secret->setObjectName(QStringLiteral("newSecret"));
        m_secret->setEchoMode(QLineEdit::Password);
        m_secret->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
        auto *reveal = m_secret->addAction(style()->standardIcon(QStyle::SP_FileDialogContentsView),
                                           QLineEdit::TrailingPosition);
        reveal->setCheckable(true);
        reveal->setToolTip(tr("Show or hide the secret"));
        reveal->setText(tr("Show the secret"));
        connect(reveal, &QAction::toggled, m_secret,
                [this](bool shown) { m_secret->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password); });
        form->addRow(password ? tr("New &user name:") : tr("New client &id:"), m_identity);
        form->addRow(password ? tr("New &password:") : tr("New client &secret:"), m_secret);
        layout->addLayout(form);
        connect(m_secret, &QLineEdit::returnPressed, this, &RotationDialog::start);
        m_secret->setFocus(); // the secret is what changes; the id usually stays
    }
    if (kind == RotationKind::ResetOnServer || kind == RotationKind::MintOnServer || kind == RotationKind::RetireOld)
        buildServerForm(layout);
    if (kind == RotationKind::Rotate || kind == RotationKind::Rollback) {
        const bool whoAmI = env && !env->profile().whoAmIPath.isEmpty();
        m_verify = new QCheckBox(whoAmI ? tr("&Verify with an authenticated call (%1)").arg(env->profile().whoAmIPath)
                                        : tr("&Verify: this server has no who-am-I endpoint, so only the token "
                                             "request can check the credentials"),
                                 this);
        m_verify->setChecked(true);
        m_canVerify = whoAmI;
        m_verify->setEnabled(whoAmI);
        layout->addWidget(m_verify);
    }

    showSteps();
    m_steps->setObjectName(QStringLiteral("rotationSteps"));
    layout->addWidget(m_steps);
    m_message->setObjectName(QStringLiteral("rotationMessage"));
    layout->addWidget(m_message);
    layout->addStretch(1);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_start, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);
    m_start->setObjectName(QStringLiteral("startRotation"));
    m_cancel->setObjectName(QStringLiteral("cancelRotation"));
    layout->addWidget(buttons);
    connect(m_start, &QPushButton::clicked, this, &RotationDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &RotationDialog::reject);
    resize(600, 10);
    growToFit(this);
}

void RotationDialog::showSteps()
{
    m_stepOrder = rotationSteps(m_kind);
    QStringList titles;
    for (RotationStep step : std::as_const(m_stepOrder))
        titles.append(rotationStepTitle(step, m_kind));
    m_steps->setSteps(titles);
}

void RotationDialog::setKind(RotationKind kind)
{
    m_kind = kind;
    const bool mint = kind == RotationKind::MintOnServer;
    if (m_site)
        m_site->setEnabled(mint);
    if (m_retire) {
        m_retire->setEnabled(mint);
        m_retireDays->setEnabled(mint && m_retire->currentIndex() == 1);
    }
    if (m_modeHelp) {
        m_modeHelp->setText(mint ? tr("A new client for the site. The old one keeps working until it is retired, for "
                                      "machines that still use it.")
                                 : tr("A random 32-byte secret, set on the server in place: the old secret stops "
                                      "working at once, so there is nothing to roll back to."));
    }
    showSteps();
    QTimer::singleShot(0, this, [this] { growToFit(this); });
}

void RotationDialog::buildServerForm(QVBoxLayout *layout)
{
    const auto env = m_core->environments()->find(m_environment);
    const ApiProfile profile = env ? env->profile() : ApiProfile();
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    if (m_kind != RotationKind::RetireOld) {
        m_mode = new QComboBox(this);
        m_mode->setObjectName(QStringLiteral("serverMode"));
        m_mode->addItem(tr("Reset the secret in place"), int(RotationKind::ResetOnServer));
        m_mode->addItem(tr("Mint a new client"), int(RotationKind::MintOnServer));
        // A mode the server has no endpoint for cannot be chosen.
        m_mode->setItemData(0, profile.resetSecretPath.isEmpty() ? 0 : QVariant(), Qt::UserRole - 1);
        m_mode->setItemData(1, profile.mintClientPath.isEmpty() ? 0 : QVariant(), Qt::UserRole - 1);
        m_mode->setCurrentIndex(m_kind == RotationKind::MintOnServer || profile.resetSecretPath.isEmpty() ? 1 : 0);
        form->addRow(tr("&How:"), m_mode);
        m_modeHelp = new QLabel(this);
        m_modeHelp->setWordWrap(true);
        m_modeHelp->setObjectName(QStringLiteral("serverModeHelp"));
        form->addRow(m_modeHelp); // the whole width: it is read, not a field
        connect(m_mode, &QComboBox::currentIndexChanged, this,
                [this] { setKind(RotationKind(m_mode->currentData().toInt())); });
        m_kind = RotationKind(m_mode->currentData().toInt());
    }
    // The administrator: an environment that stores their password, or typed for this once.
    m_adminEnvironment = new QComboBox(this);
    m_adminEnvironment->setObjectName(QStringLiteral("adminEnvironment"));
    m_adminEnvironment->addItem(tr("Type them below (stored nowhere)"), QString());
    for (const Environment &candidate : m_core->environments()->environments()) {
        const CredentialMetadata stored = m_core->credentials()->metadata(candidate.name);
        if (candidate.name != m_environment && stored.stored && stored.method == AuthMethod::Password)
            m_adminEnvironment->addItem(tr("%1 (%2)").arg(candidate.name, stored.identity), candidate.name);
    }
    form->addRow(tr("&Administrator:"), m_adminEnvironment);
    m_adminUser = new QLineEdit(this);
    m_adminUser->setObjectName(QStringLiteral("adminUser"));
    m_adminPassword = new QLineEdit(this);
    m_adminPassword->setObjectName(QStringLiteral("adminPassword"));
    m_adminPassword->setEchoMode(QLineEdit::Password);
    m_adminPassword->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    form->addRow(tr("User &name:"), m_adminUser);
    form->addRow(tr("Pass&word:"), m_adminPassword);
    connect(m_adminEnvironment, &QComboBox::currentIndexChanged, this, [this] {
        const bool typed = m_adminEnvironment->currentData().toString().isEmpty();
        m_adminUser->setEnabled(typed);
        m_adminPassword->setEnabled(typed);
    });
    if (m_adminEnvironment->count() > 1)
        m_adminEnvironment->setCurrentIndex(1);
    if (m_kind != RotationKind::RetireOld) {
        m_site = new QLineEdit(this);
        m_site->setObjectName(QStringLiteral("serverSite"));
        m_site->setPlaceholderText(tr("the one the administrator administers"));
        form->addRow(tr("&Site:"), m_site);
        m_retire = new QComboBox(this);
        m_retire->setObjectName(QStringLiteral("retireOld"));
        m_retire->addItem(tr("Retire it now"));
        m_retire->addItem(tr("Retire it after a grace period"));
        m_retire->addItem(tr("Keep it until I retire it"));
        m_retireDays = new QSpinBox(this);
        m_retireDays->setObjectName(QStringLiteral("retireDays"));
        m_retireDays->setRange(1, 3650);
        m_retireDays->setValue(7);
        m_retireDays->setSuffix(tr(" days"));
        auto *retireRow = new QHBoxLayout;
        retireRow->addWidget(m_retire, 1);
        retireRow->addWidget(m_retireDays);
        auto *retireLabel = new QLabel(tr("&Old client:"), this);
        retireLabel->setBuddy(m_retire); // a row of two widgets gets no buddy of its own
        form->addRow(retireLabel, retireRow);
        connect(m_retire, &QComboBox::currentIndexChanged, this, [this] { setKind(m_kind); });
    }
    layout->addLayout(form);
    setKind(m_kind);
}

void RotationDialog::startWith(RotationRequest request)
{
    if (m_adminEnvironment)
        m_adminEnvironment->setEnabled(false);
    if (m_result) { // Try again: a fresh step list
        showSteps();
        m_result.reset();
    }
    if (m_verify)
        m_verify->setEnabled(false);
    m_message->clearMessage();
    m_start->setEnabled(false);
    m_start->setText(m_startText);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setEnabled(true);
    m_cancel->setToolTip(QString());
    // The core owns the flow, not this dialog: closing the dialog (or the program) mid-swap must
    // not destroy a flow that is moving secrets between keychain slots.
    m_flow = new RotationFlow(m_core->rotationDeps(), m_environment, request, m_core);
    connect(m_flow, &RotationFlow::finished, m_flow, &QObject::deleteLater);
    connect(m_flow, &RotationFlow::stepChanged, this, &RotationDialog::onStep);
    connect(m_flow, &RotationFlow::finished, this, &RotationDialog::onFinished);
    m_flow->start();
}

void RotationDialog::start()
{
    if (isRunning())
        return;
    const bool server = m_kind == RotationKind::ResetOnServer || m_kind == RotationKind::MintOnServer
            || m_kind == RotationKind::RetireOld;
    if (m_result && (m_result->error.ok() || (m_kind != RotationKind::Rotate && !server))) {
        accept(); // the flow is over and there is nothing to try again: the button closes the dialog
        return;
    }
    RotationRequest request;
    request.kind = m_kind;
    request.verify = !m_verify || m_verify->isChecked();
    if (server) {
        if (m_site)
            request.siteId = m_site->text().trimmed();
        if (m_retire)
            request.retireAfterDays = m_retire->currentIndex() == 0 ? 0
                    : m_retire->currentIndex() == 1                 ? m_retireDays->value()
                                                                    : -1;
        const QString adminEnvironment = m_adminEnvironment->currentData().toString();
        if (adminEnvironment.isEmpty()) {
            if (m_adminUser->text().trimmed().isEmpty() || m_adminPassword->text().isEmpty()) {
                m_message->showError(tr("Enter the site administrator's user name and password, or choose an "
                                        "environment that stores them."));
                (m_adminUser->text().trimmed().isEmpty() ? m_adminUser : m_adminPassword)->setFocus();
                growToFit(this);
                return;
            }
            request.admin.method = AuthMethod::Password;
            request.admin.identity = m_adminUser->text().trimmed();
            request.admin.secret = Secret::fromString(m_adminPassword->text());
            startWith(request);
            return;
        }
        m_start->setEnabled(false);
        m_core->vault()->readUsableCredentials(
                adminEnvironment, this,
                [this, request](const KeychainError &error, const std::optional<Credentials> &admin) mutable {
                    if (!error.ok()) {
                        m_start->setEnabled(true);
                        m_message->showError(tr("Could not read the administrator's credentials: %1")
                                                     .arg(error.toError().fullText()));
                        growToFit(this);
                        return;
                    }
                    request.admin = *admin;
                    startWith(request);
                });
        return;
    }
    if (m_kind == RotationKind::Rotate) {
        if (m_secret->text().isEmpty()) {
            m_message->showError(tr("Enter the new secret."));
            m_secret->setFocus();
            growToFit(this);
            return;
        }
        request.newIdentity = m_identity->text().trimmed();
        request.newSecret = Secret::fromString(m_secret->text());
        m_identity->setReadOnly(true);
        m_secret->setReadOnly(true);
    }
    startWith(request);
}

void RotationDialog::onStep(RotationStep step, StepState state, const QString &detail)
{
    m_steps->setStep(int(m_stepOrder.indexOf(step)), listState(state), QString(),
                     detail.isEmpty() ? QStringList() : QStringList{detail});
    if ((step == RotationStep::Swap || step == RotationStep::Server) && state == StepState::Running) {
        m_cancel->setEnabled(false); // past the point of no return
        m_cancel->setToolTip(step == RotationStep::Server ? tr("The server has been asked; it cannot be canceled.")
                                                          : tr("The swap has begun; it cannot be canceled."));
    }
    // Details arrive as the flow goes: the dialog grows to show them rather than squeezing rows.
    QTimer::singleShot(0, this, [this] { growToFit(this); });
}

void RotationDialog::onFinished(const RotationResult &result)
{
    m_result = result;
    const bool failedBeforeSwap = !result.error.ok() && result.failedStep != RotationStep::Swap;
    m_start->setEnabled(true);
    m_cancel->setEnabled(true);
    m_cancel->setToolTip(QString());
    if (result.error.ok()) {
        if (m_secret)
            m_secret->clear(); // stored now: no copy stays in the widget
        if (m_adminPassword)
            m_adminPassword->clear();
        m_start->setText(tr("Close"));
        m_cancel->hide();
        QString done = m_kind == RotationKind::RetireOld
                ? tr("Done. The old client %1 no longer works.").arg(result.retiredClient)
                : result.changedCredentials
                ? tr("Done. Active: %1; previous: %2.")
                          .arg(result.newFingerprint,
                               result.oldFingerprint.isEmpty() || m_kind == RotationKind::ResetOnServer
                                       ? tr("none")
                                       : result.oldFingerprint)
                : tr("Done. The active credentials were kept.");
        if (!result.warning.isEmpty())
            done += QLatin1Char('\n') + result.warning;
        m_message->showMessage(done,
                               result.warning.isEmpty() ? MessageLabel::Kind::Success : MessageLabel::Kind::Warning);
    } else {
        // What was typed stays, so that a mistyped id or a slow server costs one click, not a retype.
        if (m_identity)
            m_identity->setReadOnly(false);
        if (m_secret)
            m_secret->setReadOnly(false);
        if (m_verify)
            m_verify->setEnabled(m_canVerify);
        m_cancel->setText(tr("Close"));
        if (m_adminEnvironment)
            m_adminEnvironment->setEnabled(true);
        if (m_kind == RotationKind::Rotate || m_kind == RotationKind::Rollback || m_kind == RotationKind::ResetOnServer
            || m_kind == RotationKind::MintOnServer || m_kind == RotationKind::RetireOld)
            m_start->setText(tr("&Try again"));
        else
            m_start->hide();
        const QString unchanged = result.serverChanged
                ? tr("The server may already hold the new secret; the staged slot does: nothing is lost. Resume "
                     "finds out and finishes once the server answers.")
                : failedBeforeSwap || result.canceled
                ? tr("The active credentials are unchanged and still in use.")
                : tr("The swap stopped half-way; no secret is lost. The next start offers Resume or Discard.");
        if (result.canceled)
            m_message->showMessage(tr("Canceled. %1").arg(unchanged), MessageLabel::Kind::Info);
        else
            m_message->showError(QStringLiteral("%1\n%2").arg(result.error.fullText(), unchanged));
    }
    QTimer::singleShot(0, this, [this] { growToFit(this); });
    Q_EMIT flowFinished(result);
}

void RotationDialog::reject()
{
    if (isRunning()) {
        if (m_flow->canCancel())
            m_flow->cancel(); // the dialog closes when the flow reports back
        return;
    }
    if (m_secret)
        m_secret->clear();
    if (m_adminPassword)
        m_adminPassword->clear();
    QDialog::reject();
}

} // namespace bioepic::ui
