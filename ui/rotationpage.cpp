#include "rotationpage.h"

#include "historymodel.h"
#include "infobar.h"
#include "rotationdialog.h"
#include "theme.h"

#include "coreservices.h"
#include "credentials/rotationpolicy.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace bioepic::ui {

RotationPage::RotationPage(CoreServices *core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_summary(new QLabel(this))
    , m_interrupted(new InfoBar(this))
    , m_rotate(new QPushButton(tr("&Rotate…"), this))
    , m_rollback(new QPushButton(tr("Roll &back…"), this))
    , m_onServer(new QPushButton(tr("Rotate on the &server…"), this))
    , m_retire(new QPushButton(tr("Re&tire the old client…"), this))
    , m_model(new HistoryModel(core->history(), this))
    , m_table(new QTableView(this))
{
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setObjectName(QStringLiteral("rotationSummary"));
    m_interrupted->setObjectName(QStringLiteral("interruptedBar"));
    m_rotate->setObjectName(QStringLiteral("rotate"));
    m_rollback->setObjectName(QStringLiteral("rollback"));
    m_onServer->setObjectName(QStringLiteral("rotateOnServer"));
    m_retire->setObjectName(QStringLiteral("retireOld"));
    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setAccessibleName(tr("Credential history"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setWordWrap(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_rotate);
    buttons->addWidget(m_onServer);
    buttons->addWidget(m_rollback);
    buttons->addWidget(m_retire);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_interrupted);
    layout->addWidget(m_summary);
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("History"), this));
    layout->addWidget(m_table, 1);

    connect(m_rotate, &QPushButton::clicked, this, [this] { openDialog(RotationKind::Rotate); });
    connect(m_rollback, &QPushButton::clicked, this, [this] { openDialog(RotationKind::Rollback); });
    connect(m_onServer, &QPushButton::clicked, this, [this] { openDialog(RotationKind::ResetOnServer); });
    connect(m_retire, &QPushButton::clicked, this, [this] { openDialog(RotationKind::RetireOld); });
    connect(core->credentials(), &CredentialManager::credentialsChanged, this, [this](const QString &environment) {
        if (environment == m_environment)
            updateView();
    });
    connect(core->environments(), &EnvironmentStore::changed, this, &RotationPage::updateView);
}

void RotationPage::setEnvironment(const QString &name)
{
    m_environment = name;
    m_model->setEnvironment(name);
    updateView();
}

void RotationPage::openDialog(RotationKind kind)
{
    auto *dialog = new RotationDialog(m_core, m_environment, kind, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    if (kind == RotationKind::Resume || kind == RotationKind::Discard)
        dialog->start(); // nothing to type: go
}

void RotationPage::updateView()
{
    const auto env = m_core->environments()->find(m_environment);
    const CredentialMetadata meta = m_core->credentials()->metadata(m_environment);
    setEnabled(env.has_value());
    m_rotate->setEnabled(meta.stored && !meta.hasPending());
    m_rollback->setEnabled(meta.hasPrevious() && !meta.hasPending());
    m_rollback->setToolTip(meta.hasPrevious() ? tr("Back to %1").arg(meta.previousFingerprint)
                                              : tr("A rotation keeps the old credentials for rollback."));
    const ApiProfile profile = env ? env->profile() : ApiProfile();
    const bool serverCan = !profile.resetSecretPath.isEmpty() || !profile.mintClientPath.isEmpty();
    m_onServer->setEnabled(serverCan && meta.stored && !meta.hasPending()
                           && meta.method == AuthMethod::ClientCredentials);
    m_onServer->setToolTip(serverCan ? tr("The server makes the new secret (or a new client); a site administrator "
                                          "signs in once.")
                                     : tr("The %1 profile has no endpoints to rotate on the server: get the new "
                                          "secret from its administrators and use Rotate….")
                                               .arg(env ? env->profileName : QString()));
    m_retire->setVisible(meta.hasRetirement());
    m_retire->setEnabled(!meta.hasPending());
    m_retire->setToolTip(tr("The old client %1 still works; give it a secret nobody knows.").arg(meta.retireClientId));
    m_interrupted->clearActions();
    if (meta.hasPending()) {
        m_interrupted->showMessage(
                tr("A %1 of %2 stopped half-way (%3). The active credentials work; finish it or drop it.")
                        .arg(meta.pendingOperation, m_environment,
                             meta.pendingSince.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                InfoBar::Kind::Warning);
        m_interrupted->addAction(tr("Resume"), [this] { openDialog(RotationKind::Resume); });
        m_interrupted->addAction(tr("Discard"), [this] { openDialog(RotationKind::Discard); });
    } else {
        m_interrupted->hide();
    }
    if (!env || !meta.stored) {
        m_summary->setText(tr("No credentials stored yet: rotation starts once they are."));
        return;
    }
    const RotationAge age = rotationAge(meta.rotatedAt, env->rotationDays, m_core->clock()->now());
    const QString color = age.isOverdue() ? toneColor(Tone::Error, palette()).name()
            : age.dueInDays <= 7          ? toneColor(Tone::Warning, palette()).name()
                                          : QString();
    const QString due = color.isEmpty() ? age.describe()
                                        : QStringLiteral("<b style='color:%1'>%2</b>").arg(color, age.describe());
    m_summary->setText(
            tr("Active credentials %1 (%2), set %3: <b>%4 days old</b>, %5. Policy: rotate every %6 days "
               "(change it in Settings).%7")
                    .arg(meta.fingerprint, meta.identity.toHtmlEscaped(),
                         meta.rotatedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd")))
                    .arg(age.ageDays)
                    .arg(due)
                    .arg(env->rotationDays)
                    .arg(meta.hasPrevious() ? tr(" Rollback copy: %1.").arg(meta.previousFingerprint) : QString())
            + (meta.hasRetirement()
                       ? tr(" The old client %1 still works%2.")
                                 .arg(meta.retireClientId.toHtmlEscaped(),
                                      meta.retireAfter.isValid() ? tr(" until it is retired after %1")
                                                                           .arg(meta.retireAfter.toLocalTime().toString(
                                                                                   QStringLiteral("yyyy-MM-dd")))
                                                                 : QString())
                       : QString()));
}

} // namespace bioepic::ui
