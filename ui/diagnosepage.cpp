#include "diagnosepage.h"

#include "networklogmodel.h"

#include "common/privatefiles.h"
#include "coreservices.h"
#include "diagnostics/supportreport.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bioepic::ui {

namespace {

std::pair<QString, QColor> markFor(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pending:
        return {QStringLiteral("○"), QColor(0x9e, 0x9e, 0x9e)};
    case CheckStatus::Running:
        return {QStringLiteral("◔"), QColor(0x15, 0x65, 0xc0)};
    case CheckStatus::Pass:
        return {QStringLiteral("✔"), QColor(0x2e, 0x7d, 0x32)};
    case CheckStatus::Warn:
        return {QStringLiteral("!"), QColor(0xd9, 0x8c, 0x10)};
    case CheckStatus::Fail:
        return {QStringLiteral("✘"), QColor(0xb3, 0x26, 0x1e)};
    case CheckStatus::Skipped:
        return {QStringLiteral("–"), QColor(0x9e, 0x9e, 0x9e)};
    }
    return {};
}

} // namespace

DiagnosePage::DiagnosePage(CoreServices *core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_summary(new QLabel(this))
    , m_run(new QPushButton(tr("&Run diagnosis"), this))
    , m_save(new QPushButton(tr("Save support re&port…"), this))
    , m_checklist(new QTreeWidget(this))
    , m_logModel(new NetworkLogModel(core->networkLog(), this))
    , m_logFilter(new NetworkLogFilter(this))
    , m_log(new QTableView(this))
    , m_allEnvironments(new QCheckBox(tr("All environments"), this))
    , m_failuresOnly(new QCheckBox(tr("Failures only"), this))
    , m_logDetail(new QPlainTextEdit(this))
{
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("diagnosisSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont summaryFont = m_summary->font();
    summaryFont.setBold(true);
    summaryFont.setPointSizeF(summaryFont.pointSizeF() * 1.1);
    m_summary->setFont(summaryFont);
    m_run->setObjectName(QStringLiteral("runDiagnosis"));
    m_save->setObjectName(QStringLiteral("saveReport"));
    m_checklist->setObjectName(QStringLiteral("checklist"));
    m_checklist->setColumnCount(3);
    m_checklist->setHeaderLabels({QString(), tr("Check"), tr("Time")});
    m_checklist->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_checklist->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_checklist->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_checklist->header()->setStretchLastSection(false);
    m_checklist->setWordWrap(true);
    m_checklist->setUniformRowHeights(false);
    m_checklist->setAlternatingRowColors(false);

    m_logFilter->setSourceModel(m_logModel);
    m_log->setModel(m_logFilter);
    m_log->setObjectName(QStringLiteral("networkLog"));
    m_log->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_log->setSelectionMode(QAbstractItemView::SingleSelection);
    m_log->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_log->verticalHeader()->hide();
    m_log->setWordWrap(false);
    m_log->verticalHeader()->setDefaultSectionSize(m_log->fontMetrics().height() + 6);
    m_log->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_log->horizontalHeader()->setSectionResizeMode(NetworkLogModel::Url, QHeaderView::Stretch);
    m_logDetail->setReadOnly(true);
    m_logDetail->setObjectName(QStringLiteral("logDetail"));
    m_logDetail->setPlaceholderText(tr("Select a request: its redacted headers and bodies show here"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_logDetail->setFont(mono);

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_run);
    top->addWidget(m_save);

    auto *logBox = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    auto *logBar = new QHBoxLayout;
    logBar->addWidget(
            new QLabel(tr("Network log (redacted: no Authorization, form secrets, tokens or queries)"), logBox), 1);
    logBar->addWidget(m_allEnvironments);
    logBar->addWidget(m_failuresOnly);
    logLayout->addLayout(logBar);
    auto *logSplitter = new QSplitter(Qt::Horizontal, logBox);
    logSplitter->addWidget(m_log);
    logSplitter->addWidget(m_logDetail);
    logSplitter->setStretchFactor(0, 3);
    logSplitter->setStretchFactor(1, 2);
    logLayout->addWidget(logSplitter);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_checklist);
    splitter->addWidget(logBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(m_run, &QPushButton::clicked, this, &DiagnosePage::run);
    connect(m_save, &QPushButton::clicked, this, &DiagnosePage::chooseReportFile);
    connect(m_allEnvironments, &QCheckBox::toggled, this,
            [this](bool all) { m_logFilter->setEnvironment(all ? QString() : m_environment); });
    connect(m_failuresOnly, &QCheckBox::toggled, m_logFilter, &NetworkLogFilter::setFailuresOnly);
    connect(m_log->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DiagnosePage::showLogEntry);
    resetChecklist();
}

void DiagnosePage::setEnvironment(const QString &name)
{
    if (name == m_environment)
        return;
    if (isRunning())
        m_diagnosis->cancel();
    m_environment = name;
    m_last.reset();
    if (!m_allEnvironments->isChecked())
        m_logFilter->setEnvironment(name);
    resetChecklist();
}

void DiagnosePage::resetChecklist()
{
    m_checklist->clear();
    const QStringList ids = Diagnosis::stepIds();
    const QStringList titles = Diagnosis::stepTitles();
    for (int i = 0; i < ids.size(); ++i) {
        const auto [mark, color] = markFor(CheckStatus::Pending);
        auto *item = new QTreeWidgetItem(m_checklist, {mark, titles.at(i), QString()});
        item->setForeground(0, color);
        item->setData(0, Qt::UserRole, ids.at(i));
        item->setData(0, Qt::AccessibleTextRole, tr("pending"));
    }
    m_summary->setText(m_environment.isEmpty() ? QString()
                                               : tr("Run the diagnosis to check %1 step by step.").arg(m_environment));
    m_summary->setStyleSheet(QString());
}

void DiagnosePage::run()
{
    if (isRunning() || m_environment.isEmpty())
        return;
    resetChecklist();
    m_summary->setText(tr("Checking %1…").arg(m_environment));
    m_run->setEnabled(false);
    m_diagnosis = new Diagnosis(m_core->diagnosisDeps(), m_environment, this);
    connect(m_diagnosis, &Diagnosis::stepChanged, this, &DiagnosePage::onStep);
    connect(m_diagnosis, &Diagnosis::finished, this, &DiagnosePage::onFinished);
    m_diagnosis->start();
}

void DiagnosePage::onStep(int index, const DiagnosisStep &step)
{
    QTreeWidgetItem *item = m_checklist->topLevelItem(index);
    if (!item)
        return;
    const auto [mark, color] = markFor(step.status);
    item->setText(0, mark);
    item->setForeground(0, color);
    item->setData(0, Qt::AccessibleTextRole, checkStatusName(step.status));
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(0, bold);
    item->setText(2,
                  step.status == CheckStatus::Skipped || step.status == CheckStatus::Running
                          ? QString()
                          : tr("%1 ms").arg(step.ms));
    qDeleteAll(item->takeChildren());
    if (!step.detail.isEmpty()) {
        auto *detail = new QTreeWidgetItem(
                item,
                {QString(), step.status == CheckStatus::Skipped ? tr("Skipped: %1").arg(step.detail) : step.detail});
        detail->setToolTip(1, step.detail);
    }
    if (!step.remedy.isEmpty()) {
        auto *remedy = new QTreeWidgetItem(item, {QString(), tr("What to do: %1").arg(step.remedy)});
        remedy->setForeground(1, QColor(0x0d, 0x47, 0xa1));
        remedy->setToolTip(1, step.remedy);
    }
    // Problems open by themselves; the rest stay folded.
    item->setExpanded(step.status == CheckStatus::Fail || step.status == CheckStatus::Warn);
}

void DiagnosePage::onFinished(const DiagnosisReport &report)
{
    m_last = report;
    m_diagnosis->deleteLater();
    m_run->setEnabled(true);
    m_run->setText(tr("&Run again"));
    const bool warnings = std::any_of(report.steps.cbegin(), report.steps.cend(),
                                      [](const DiagnosisStep &step) { return step.status == CheckStatus::Warn; });
    m_summary->setText(report.summary);
    m_summary->setStyleSheet(!report.ok()       ? QStringLiteral("color: #b3261e;")
                                     : warnings ? QStringLiteral("color: #8a5a00;")
                                                : QStringLiteral("color: #2e7d32;"));
    Q_EMIT diagnosisFinished(report);
}

void DiagnosePage::showLogEntry()
{
    const QModelIndex current = m_logFilter->mapToSource(m_log->currentIndex());
    const auto entry = m_logModel->entryAt(current.row());
    m_logDetail->setPlainText(entry ? describeLogEntry(*entry) : QString());
}

void DiagnosePage::chooseReportFile()
{
    auto *dialog = new QFileDialog(this, tr("Save support report"),
                                   QStringLiteral("bioepic-support-%1.txt").arg(m_environment), tr("Text (*.txt)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { saveReport(path); });
    dialog->open();
}

bool DiagnosePage::saveReport(const QString &path)
{
    if (!m_last) {
        // Diagnose first, then write: the report is about what was just seen.
        connect(
                this, &DiagnosePage::diagnosisFinished, this, [this, path] { saveReport(path); },
                Qt::SingleShotConnection);
        run();
        return true;
    }
    const QString failure
            = writePrivateFile(path, supportReport(m_core->supportReportSources(), m_environment, *m_last).toUtf8());
    if (!failure.isEmpty()) {
        m_summary->setText(tr("Cannot write %1: %2").arg(path, failure));
        m_summary->setStyleSheet(QStringLiteral("color: #b3261e;"));
        return false;
    }
    m_summary->setText(m_last->summary + tr(" — support report saved to %1").arg(path));
    return true;
}

} // namespace bioepic::ui
