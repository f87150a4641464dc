#include "rotationdialog.h"

#include "messagelabel.h"

#include "coreservices.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace bioepic::ui {

namespace {
const RotationStep kSteps[]
        = {RotationStep::Prepare, RotationStep::Stage, RotationStep::Token, RotationStep::Verify, RotationStep::Swap};

QString stateSymbol(StepState state)
{
    switch (state) {
    case StepState::Pending:
        return QStringLiteral("<span style='color:gray'>○</span>");
    case StepState::Running:
        return QStringLiteral("<span style='color:#1565c0'>◔</span>");
    case StepState::Passed:
        return QStringLiteral("<span style='color:#2e7d32'>✔</span>");
    case StepState::Failed:
        return QStringLiteral("<span style='color:#b3261e'>✘</span>");
    case StepState::Skipped:
        return QStringLiteral("<span style='color:gray'>–</span>");
    }
    return {};
}
} // namespace

RotationDialog::RotationDialog(CoreServices *core, const QString &environment, RotationKind kind, QWidget *parent)
    : QDialog(parent)
    , m_core(core)
    , m_environment(environment)
    , m_kind(kind)
    , m_message(new MessageLabel(this))
    , m_start(new QPushButton(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    const CredentialMetadata meta = core->credentials()->metadata(environment);
    const bool password = meta.method == AuthMethod::Password;
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(this);
    intro->setWordWrap(true);
    switch (kind) {
    case RotationKind::Rotate:
        setWindowTitle(tr("Rotate credentials of %1").arg(environment));
        intro->setText(tr("The new secret becomes active only after the server gave a token for it and accepted a call "
                          "made with that token. The current one (%1) is kept for rollback.")
                               .arg(meta.fingerprint));
        m_start->setText(tr("&Rotate"));
        break;
    case RotationKind::Rollback:
        setWindowTitle(tr("Roll back %1").arg(environment));
        intro->setText(tr("Go back to the previous credentials (%1), after checking that they still get a token. The "
                          "active ones (%2) become the previous.")
                               .arg(meta.previousFingerprint, meta.fingerprint));
        m_start->setText(tr("Roll &back"));
        break;
    case RotationKind::Resume:
        setWindowTitle(tr("Resume the interrupted %1 of %2").arg(meta.pendingOperation, environment));
        intro->setText(tr("A %1 stopped half-way on %2. Resuming finishes it; no secret is lost either way.")
                               .arg(meta.pendingOperation, meta.pendingSince.toLocalTime().toString()));
        m_start->setText(tr("&Resume"));
        break;
    case RotationKind::Discard:
        setWindowTitle(tr("Discard the interrupted %1 of %2").arg(meta.pendingOperation, environment));
        intro->setText(tr("Drop the staged credentials and keep the active ones. If the swap had already begun, it is "
                          "finished instead, so that no secret is lost."));
        m_start->setText(tr("&Discard"));
        break;
    }
    layout->addWidget(intro);

    if (kind == RotationKind::Rotate) {
        auto *form = new QFormLayout;
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
        connect(reveal, &QAction::toggled, m_secret,
                [this](bool shown) { m_secret->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password); });
        form->addRow(password ? tr("New user name:") : tr("New client id:"), m_identity);
        form->addRow(password ? tr("New password:") : tr("New client secret:"), m_secret);
        layout->addLayout(form);
    }
    if (kind == RotationKind::Rotate || kind == RotationKind::Rollback) {
        m_verify = new QCheckBox(tr("Verify with an authenticated call (who-am-I, or a one-record search)"), this);
        m_verify->setChecked(true);
        layout->addWidget(m_verify);
    }

    auto *steps = new QGridLayout;
    int row = 0;
    for (RotationStep step : kSteps) {
        auto *icon = new QLabel(stateSymbol(StepState::Pending), this);
        icon->setTextFormat(Qt::RichText);
        auto *title = new QLabel(rotationStepTitle(step, kind), this);
        auto *detail = new QLabel(this);
        detail->setWordWrap(true);
        detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
        detail->setStyleSheet(QStringLiteral("color: gray;"));
        detail->setObjectName(QStringLiteral("detail_") + rotationStepName(step));
        steps->addWidget(icon, row, 0, Qt::AlignTop);
        steps->addWidget(title, row, 1, Qt::AlignTop);
        steps->addWidget(detail, row + 1, 1);
        m_stepIcons.insert(int(step), icon);
        m_stepDetails.insert(int(step), detail);
        row += 2;
    }
    steps->setColumnStretch(1, 1);
    layout->addLayout(steps);
    m_message->setObjectName(QStringLiteral("rotationMessage"));
    layout->addWidget(m_message);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_start, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);
    m_start->setObjectName(QStringLiteral("startRotation"));
    layout->addWidget(buttons);
    connect(m_start, &QPushButton::clicked, this, &RotationDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &RotationDialog::reject);
    resize(560, sizeHint().height());
}

void RotationDialog::start()
{
    if (isRunning())
        return;
    if (m_result) { // the flow is over: the button now closes the dialog
        accept();
        return;
    }
    RotationRequest request;
    request.kind = m_kind;
    request.verify = !m_verify || m_verify->isChecked();
    if (m_kind == RotationKind::Rotate) {
        if (m_secret->text().isEmpty()) {
            m_message->showError(tr("Enter the new secret."));
            m_secret->setFocus();
            return;
        }
        request.newIdentity = m_identity->text().trimmed();
        request.newSecret = Secret::fromString(m_secret->text());
        m_identity->setReadOnly(true);
        m_secret->setReadOnly(true);
    }
    if (m_verify)
        m_verify->setEnabled(false);
    m_message->clearMessage();
    m_start->setEnabled(false);
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
    m_stepIcons.value(int(step))->setText(stateSymbol(state));
    if (!detail.isEmpty() || state == StepState::Running)
        m_stepDetails.value(int(step))->setText(detail);
    if (step == RotationStep::Swap && state == StepState::Running) {
        m_cancel->setEnabled(false); // past the point of no return
        m_cancel->setToolTip(tr("The swap has begun; it cannot be canceled."));
    }
}

void RotationDialog::onFinished(const RotationResult &result)
{
    m_result = result;
    if (m_secret)
        m_secret->clear();
    m_start->setEnabled(true);
    m_start->setText(tr("Close"));
    m_cancel->hide();
    if (result.error.ok()) {
        m_message->showMessage(
                result.changedCredentials
                        ? tr("Done. Active: %1; previous: %2.").arg(result.newFingerprint, result.oldFingerprint)
                        : tr("Done. The active credentials were kept."),
                MessageLabel::Kind::Success);
    } else if (result.canceled) {
        m_message->showMessage(tr("Canceled. The active credentials were not changed."), MessageLabel::Kind::Info);
    } else {
        m_message->showError(result.error.fullText());
    }
    Q_EMIT flowFinished(result);
}

void RotationDialog::reject()
{
    if (isRunning()) {
        if (m_flow->canCancel())
            m_flow->cancel(); // the dialog closes when the flow reports back
        return;
    }
    QDialog::reject();
}

} // namespace bioepic::ui
