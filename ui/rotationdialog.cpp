#include "rotationdialog.h"

#include "layouthelpers.h"
#include "messagelabel.h"
#include "steplist.h"

#include "coreservices.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

namespace bioepic::ui {

namespace {
const RotationStep kSteps[]
        = {RotationStep::Prepare, RotationStep::Stage, RotationStep::Token, RotationStep::Verify, RotationStep::Swap};

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

int indexOf(RotationStep step)
{
    return int(std::find(std::begin(kSteps), std::end(kSteps), step) - std::begin(kSteps));
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

    QStringList titles;
    for (RotationStep step : kSteps)
        titles.append(rotationStepTitle(step, kind));
    m_steps->setSteps(titles);
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

void RotationDialog::start()
{
    if (isRunning())
        return;
    if (m_result && (m_result->error.ok() || m_kind != RotationKind::Rotate)) {
        accept(); // the flow is over and there is nothing to try again: the button closes the dialog
        return;
    }
    RotationRequest request;
    request.kind = m_kind;
    request.verify = !m_verify || m_verify->isChecked();
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
    if (m_result) { // Try again: a fresh step list
        QStringList titles;
        for (RotationStep step : kSteps)
            titles.append(rotationStepTitle(step, m_kind));
        m_steps->setSteps(titles);
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

void RotationDialog::onStep(RotationStep step, StepState state, const QString &detail)
{
    m_steps->setStep(indexOf(step), listState(state), QString(),
                     detail.isEmpty() ? QStringList() : QStringList{detail});
    if (step == RotationStep::Swap && state == StepState::Running) {
        m_cancel->setEnabled(false); // past the point of no return
        m_cancel->setToolTip(tr("The swap has begun; it cannot be canceled."));
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
        m_start->setText(tr("Close"));
        m_cancel->hide();
        m_message->showMessage(
                result.changedCredentials
                        ? tr("Done. Active: %1; previous: %2.").arg(result.newFingerprint, result.oldFingerprint)
                        : tr("Done. The active credentials were kept."),
                MessageLabel::Kind::Success);
    } else {
        // What was typed stays, so that a mistyped id or a slow server costs one click, not a retype.
        if (m_identity)
            m_identity->setReadOnly(false);
        if (m_secret)
            m_secret->setReadOnly(false);
        if (m_verify)
            m_verify->setEnabled(m_canVerify);
        m_cancel->setText(tr("Close"));
        if (m_kind == RotationKind::Rotate || m_kind == RotationKind::Rollback)
            m_start->setText(tr("&Try again"));
        else
            m_start->hide();
        const QString unchanged = failedBeforeSwap || result.canceled
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
    QDialog::reject();
}

} // namespace bioepic::ui
