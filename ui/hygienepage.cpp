#include "hygienepage.h"

#include "coreservices.h"
#include "messagelabel.h"
#include "theme.h"

#include "common/servertext.h"
#include "hygiene/secretscanjob.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bioepic::ui {

namespace {

constexpr int kFindingIndexRole = Qt::UserRole + 1;

QString severityTitle(Severity severity, int count)
{
    switch (severity) {
    case Severity::Critical:
        return HygienePage::tr("Critical — a stored secret others can read (%n)", nullptr, count);
    case Severity::High:
        return HygienePage::tr("High (%n)", nullptr, count);
    case Severity::Medium:
        break;
    }
    return HygienePage::tr("Medium (%n)", nullptr, count);
}

Tone severityTone(Severity severity)
{
    return severity == Severity::Medium ? Tone::Warning : Tone::Error;
}

QString buttonText(Remedy::Action action)
{
    switch (action) {
    case Remedy::Action::ImportAndStrip:
        return HygienePage::tr("Import and strip…");
    case Remedy::Action::Untrack:
        return HygienePage::tr("Copy the git command");
    case Remedy::Action::AddToGitignore:
        return HygienePage::tr("Add to .gitignore");
    case Remedy::Action::Rotate:
        return HygienePage::tr("Rotate…");
    case Remedy::Action::RestrictPermissions:
        return HygienePage::tr("Make it private");
    case Remedy::Action::EditFile:
        break;
    }
    return {};
}

} // namespace

HygienePage::HygienePage(CoreServices *core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_folder(new QLineEdit(QDir::homePath(), this))
    , m_scan(new QPushButton(tr("Scan"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_progressText(new QLabel(this))
    , m_findings(new QTreeWidget(this))
    , m_details(new QLabel(this))
    , m_remedies(new QWidget(this))
    , m_message(new MessageLabel(this))
{
    setObjectName(QStringLiteral("hygienePage"));
    auto *intro = new QLabel(tr("Finds credentials still written in plain text: .env files, Python scripts and "
                                "notebooks (outputs too), and what git holds of them, tracked or in history. Values "
                                "are compared with your stored secrets in memory and never shown."),
                             this);
    intro->setWordWrap(true);

    m_folder->setObjectName(QStringLiteral("hygieneFolder"));
    m_folder->setAccessibleName(tr("Folder to scan"));
    auto *choose = new QPushButton(tr("Choose…"), this);
    m_scan->setObjectName(QStringLiteral("hygieneScan"));
    m_scan->setDefault(true);
    m_cancel->setObjectName(QStringLiteral("hygieneCancel"));
    m_cancel->setEnabled(false);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(new QLabel(tr("Folder:"), this));
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(choose);
    folderRow->addWidget(m_scan);
    folderRow->addWidget(m_cancel);

    m_progress->setObjectName(QStringLiteral("hygieneProgress"));
    m_progress->setRange(0, 0); // a walk does not know its end
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_progress->hide();
    m_progressText->setObjectName(QStringLiteral("hygieneProgressText"));
    m_progressText->setTextFormat(Qt::PlainText);
    m_progressText->setWordWrap(true);

    m_findings->setObjectName(QStringLiteral("hygieneFindings"));
    m_findings->setHeaderLabels({tr("Where"), tr("Variable")});
    m_findings->setRootIsDecorated(true);
    m_findings->setUniformRowHeights(true);
    m_findings->setTextElideMode(Qt::ElideMiddle); // a long path keeps its file name in view
    m_findings->header()->setStretchLastSection(false);
    m_findings->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_findings->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_findings->setMinimumHeight(120);
    m_findings->setAccessibleName(tr("Findings"));
    m_findings->header()->setAccessibleName(tr("Finding columns"));

    m_details->setObjectName(QStringLiteral("hygieneDetails"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_remedies->setObjectName(QStringLiteral("hygieneRemedies"));
    new QVBoxLayout(m_remedies);
    m_remedies->layout()->setContentsMargins(0, 0, 0, 0);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(folderRow);
    layout->addWidget(m_progress);
    layout->addWidget(m_progressText);
    layout->addWidget(m_findings, 1);
    layout->addWidget(m_details);
    layout->addWidget(m_remedies);
    layout->addWidget(m_message);

    connect(choose, &QPushButton::clicked, this, &HygienePage::chooseFolder);
    connect(m_scan, &QPushButton::clicked, this, &HygienePage::startScan);
    connect(m_folder, &QLineEdit::returnPressed, this, &HygienePage::startScan);
    connect(m_cancel, &QPushButton::clicked, this, &HygienePage::cancelScan);
    connect(m_findings, &QTreeWidget::currentItemChanged, this, &HygienePage::showSelected);
    showSelected();
}

void HygienePage::setFolder(const QString &folder)
{
    m_folder->setText(folder);
}

QString HygienePage::folder() const
{
    return QDir::cleanPath(QDir::fromNativeSeparators(m_folder->text().trimmed()));
}

bool HygienePage::isScanning() const
{
    return m_job && m_job->isRunning();
}

void HygienePage::chooseFolder()
{
    auto *dialog = new QFileDialog(this, tr("Folder to scan"), folder());
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &HygienePage::setFolder);
    dialog->open();
}

void HygienePage::startScan()
{
    if (isScanning())
        return;
    const QString root = folder();
    if (root.isEmpty() || !QFileInfo(root).isDir()) {
        m_message->showError(
                tr("%1 is not a folder: choose the folder to scan.")
                        .arg(root.isEmpty() ? tr("The folder field is empty, so it") : escapeServerText(root)));
        return;
    }
    m_message->clearMessage();
    delete m_job;
    m_job = new SecretScanJob(m_core->environments(), m_core->credentials(), m_core->vault(), this);
    connect(m_job, &SecretScanJob::progress, this, [this](const ScanProgress &progress) {
        m_progressText->setText(tr("%1 folders, %2 files, %3 findings so far — %4")
                                        .arg(progress.directories)
                                        .arg(progress.files)
                                        .arg(progress.findings)
                                        .arg(escapeServerText(progress.directory)));
    });
    connect(m_job, &SecretScanJob::finished, this, &HygienePage::showReport);
    m_scan->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->show();
    m_progressText->setText(tr("Reading the stored secrets from the %1…").arg(m_core->keychain()->backendName()));
    m_job->start({root});
}

void HygienePage::cancelScan()
{
    if (m_job)
        m_job->cancel();
    m_cancel->setEnabled(false);
    m_progressText->setText(tr("Stopping…"));
}

void HygienePage::showReport(const ScanReport &report)
{
    const int keep = selectedIndex();
    m_report = report;
    m_scan->setEnabled(true);
    m_cancel->setEnabled(false);
    m_progress->hide();
    m_findings->clear();
    QMap<Severity, QTreeWidgetItem *> groups;
    QMap<Severity, int> counts;
    for (const ScanFinding &finding : report.findings)
        ++counts[finding.severity()];
    QSet<QString> exposed;
    for (int i = 0; i < report.findings.size(); ++i) {
        const ScanFinding &finding = report.findings.at(i);
        const Severity severity = finding.severity();
        QTreeWidgetItem *&group = groups[severity];
        if (!group) {
            group = new QTreeWidgetItem(m_findings, {severityTitle(severity, counts.value(severity))});
            group->setForeground(0, toneColor(severityTone(severity), palette()));
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            group->setFirstColumnSpanned(true);
            group->setExpanded(true);
        }
        QString where = QDir::toNativeSeparators(finding.path);
        if (finding.line > 0)
            where += QLatin1Char(':') + QString::number(finding.line);
        auto *item = new QTreeWidgetItem(group, {escapeServerText(where), escapeServerText(finding.variable)});
        item->setData(0, kFindingIndexRole, i);
        item->setToolTip(0, escapeServerText(finding.reasons().join(QLatin1Char('\n'))));
        if (finding.matches && finding.matches.slot != SecretSlot::Previous
            && (finding.git == GitState::Tracked || finding.inHistory))
            exposed.insert(finding.matches.environment);
    }
    const ScanStatistics &s = report.statistics;
    QString summary = report.findings.isEmpty() ? tr("No credentials in plain text")
            : report.findings.size() == 1       ? tr("1 finding")
                                                : tr("%1 findings").arg(report.findings.size());
    summary += tr(" in %1 and %2 (%3 s).")
                       .arg(s.files == 1 ? tr("1 file") : tr("%1 files").arg(s.files),
                            s.directories == 1 ? tr("1 folder") : tr("%1 folders").arg(s.directories))
                       .arg(double(s.elapsedMs) / 1000, 0, 'f', 1);
    if (report.cancelled)
        summary = tr("Stopped: ") + summary + tr(" The rest was not scanned.");
    m_progressText->setText(summary);
    if (!report.warnings.isEmpty())
        m_message->showMessage(escapeServerText(report.warnings.join(QLatin1Char('\n'))), MessageLabel::Kind::Warning);
    else if (!report.findings.isEmpty())
        m_message->clearMessage();
    else
        m_message->showMessage(tr("Nothing to fix here."), MessageLabel::Kind::Success);
    Q_EMIT exposedEnvironmentsChanged(exposed);
    if (keep >= 0 && keep < report.findings.size())
        selectFinding(keep);
    else if (!report.findings.isEmpty())
        selectFinding(0);
    showSelected();
    Q_EMIT scanFinished();
}

int HygienePage::selectedIndex() const
{
    const QTreeWidgetItem *item = m_findings->currentItem();
    const QVariant index = item ? item->data(0, kFindingIndexRole) : QVariant();
    return index.isValid() ? index.toInt() : -1;
}

void HygienePage::selectFinding(int index)
{
    for (int g = 0; g < m_findings->topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = m_findings->topLevelItem(g);
        for (int c = 0; c < group->childCount(); ++c) {
            if (group->child(c)->data(0, kFindingIndexRole).toInt() == index) {
                m_findings->setCurrentItem(group->child(c));
                return;
            }
        }
    }
}

void HygienePage::showSelected()
{
    // The remedy buttons are rebuilt for each selection.
    const QList<QWidget *> old = m_remedies->findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly);
    for (QWidget *widget : old)
        widget->deleteLater();
    const int index = selectedIndex();
    if (index < 0) {
        m_details->setText(m_report.findings.isEmpty() ? QString() : tr("Select a finding to see what to do."));
        return;
    }
    const ScanFinding finding = m_report.findings.at(index);
    m_details->setText(escapeServerText(finding.reasons().join(QStringLiteral("; "))) + QLatin1Char('.'));
    for (const Remedy &remedy : remediesFor(finding)) {
        auto *row = new QWidget(m_remedies);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        const QString text = buttonText(remedy.action);
        // A remedy without a button (change the code, have a secret replaced) is still said.
        const bool actionable = !text.isEmpty() && (remedy.action != Remedy::Action::Rotate || finding.matches);
        if (actionable) {
            auto *button = new QPushButton(text, row);
            button->setObjectName(QStringLiteral("remedy%1").arg(int(remedy.action)));
            connect(button, &QPushButton::clicked, this, [this, remedy, finding] { runRemedy(remedy, finding); });
            rowLayout->addWidget(button);
        }
        auto *label = new QLabel(remedy.text, row);
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        rowLayout->addWidget(label, 1);
        m_remedies->layout()->addWidget(row);
    }
}

void HygienePage::runRemedy(const Remedy &remedy, const ScanFinding &finding)
{
    const int index = selectedIndex();
    QString error;
    switch (remedy.action) {
    case Remedy::Action::ImportAndStrip:
        Q_EMIT importRequested(finding.path);
        return;
    case Remedy::Action::Rotate:
        Q_EMIT rotateRequested(finding.matches.environment);
        return;
    case Remedy::Action::Untrack:
        // Copied because the person asked for it; the command holds no secret.
        QApplication::clipboard()->setText(remedy.command);
        m_message->showMessage(tr("Copied: %1").arg(escapeServerText(remedy.command)), MessageLabel::Kind::Info);
        return;
    case Remedy::Action::AddToGitignore:
        if (!addToGitignore(finding.path, &error)) {
            m_message->showError(escapeServerText(error));
            return;
        }
        m_message->showMessage(
                tr("Added %1 to the .gitignore beside it.").arg(escapeServerText(QFileInfo(finding.path).fileName())),
                MessageLabel::Kind::Success);
        if (index >= 0 && m_report.findings[index].git == GitState::Untracked)
            m_report.findings[index].git = GitState::Ignored;
        break;
    case Remedy::Action::RestrictPermissions:
        if (!restrictToOwner(finding.path, &error)) {
            m_message->showError(escapeServerText(error));
            return;
        }
        m_message->showMessage(tr("%1 is now readable by you alone.").arg(escapeServerText(finding.path)),
                               MessageLabel::Kind::Success);
        if (index >= 0)
            m_report.findings[index].mode &= 0700;
        break;
    case Remedy::Action::EditFile:
        return;
    }
    // The finding changed (and may have moved group): show the list again, same selection.
    const MessageLabel::Kind kind = m_message->kind();
    const QString text = m_message->text();
    showReport(m_report);
    m_message->showMessage(text, kind);
}

} // namespace bioepic::ui
