#include "diagnosepage.h"

#include "networklogmodel.h"
#include "steplist.h"

#include "common/privatefiles.h"
#include "coreservices.h"
#include "diagnostics/supportreport.h"

#include <QApplication>
#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace bioepic::ui {

namespace {
StepList::State stepState(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pending:
        return StepList::State::Pending;
    case CheckStatus::Running:
        return StepList::State::Running;
    case CheckStatus::Pass:
        return StepList::State::Pass;
    case CheckStatus::Warn:
        return StepList::State::Warn;
    case CheckStatus::Fail:
        return StepList::State::Fail;
    case CheckStatus::Skipped:
        return StepList::State::Skipped;
    }
    return StepList::State::Pending;
}
} // namespace

DiagnosePage::DiagnosePage(CoreServices *core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_summary(new QLabel(this))
    , m_run(new QPushButton(tr("&Run diagnosis"), this))
    , m_save(new QPushButton(tr("Save support re&port…"), this))
    , m_checklist(new StepList(this))
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
    m_checklist->setAccessibleName(tr("Diagnosis steps"));

    m_logFilter->setSourceModel(m_logModel);
    m_log->setModel(m_logFilter);
    m_log->setObjectName(QStringLiteral("networkLog"));
    m_log->setAccessibleName(tr("Network log"));
    m_log->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_log->setSelectionMode(QAbstractItemView::SingleSelection);
    m_log->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_log->verticalHeader()->hide();
    m_log->setWordWrap(false);
    m_log->verticalHeader()->setDefaultSectionSize(m_log->fontMetrics().height() + 6);
    // Widths from what each column holds, set once: sizing to contents would lay out the text of
    // every row (up to the log's 1,000) again on each request a search makes.
    QHeaderView *header = m_log->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(NetworkLogModel::Path, QHeaderView::Stretch);
    const QFontMetrics cells = m_log->fontMetrics();
    const QFontMetrics titles = header->fontMetrics();
    const std::pair<NetworkLogModel::Column, QString> samples[]
            = {{NetworkLogModel::Time, QStringLiteral("00:00:00.000")},
               {NetworkLogModel::Environment, QStringLiteral("environment")},
               {NetworkLogModel::Method, QStringLiteral("DELETE")},
               {NetworkLogModel::Status, QStringLiteral("timed out")},
               {NetworkLogModel::Duration, QStringLiteral("99999 ms")},
               {NetworkLogModel::Bytes, QStringLiteral("9999999")},
               {NetworkLogModel::Id, QStringLiteral("#99999")}};
    // The width the log needs to show every column without scrolling sideways (a path like
    // /api/biosamples in the stretched one): the splitter gives it that much first.
    int logWidth = std::max(cells.horizontalAdvance(QStringLiteral("/api/biosamples")),
                            titles.horizontalAdvance(
                                    m_logModel->headerData(NetworkLogModel::Path, Qt::Horizontal).toString()))
            + 16 + 2 * m_log->frameWidth() + m_log->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    for (const auto &[column, sample] : samples) {
        const int width = std::max(cells.horizontalAdvance(sample),
                                   titles.horizontalAdvance(m_logModel->headerData(column, Qt::Horizontal).toString()))
                + 16;
        header->resizeSection(column, width);
        logWidth += width;
    }
    // None may collapse below its title, the log empty or not.
    header->setMinimumSectionSize(titles.horizontalAdvance(QStringLiteral("Duration")) + 16);
    m_log->setMinimumHeight(m_log->verticalHeader()->defaultSectionSize() * 3 + header->sizeHint().height() + 4);
    m_logDetail->setReadOnly(true);
    m_logDetail->setObjectName(QStringLiteral("logDetail"));
    m_logDetail->setAccessibleName(tr("Request details"));
    m_logDetail->setPlaceholderText(tr("Select a request: its redacted headers and bodies show here"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_logDetail->setFont(mono);

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_run, 0, Qt::AlignTop);
    top->addWidget(m_save, 0, Qt::AlignTop);

    // The checklist scrolls by itself, so that a long remedy never pushes the log out of sight.
    auto *checklistArea = new QScrollArea(this);
    checklistArea->setObjectName(QStringLiteral("checklistArea"));
    checklistArea->setWidgetResizable(true);
    checklistArea->setWidget(m_checklist);
    checklistArea->setMinimumHeight(m_checklist->fontMetrics().height() * 6);

    auto *logBox = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    auto *logBar = new QHBoxLayout;
    auto *logTitle = new QLabel(tr("<b>Network log</b> — redacted: no Authorization, form secrets, tokens or queries"),
                                logBox);
    logTitle->setObjectName(QStringLiteral("networkLogTitle"));
    logTitle->setWordWrap(true);
    logBar->addWidget(logTitle, 1);
    logBar->addWidget(m_allEnvironments, 0, Qt::AlignTop);
    logBar->addWidget(m_failuresOnly, 0, Qt::AlignTop);
    logLayout->addLayout(logBar);
    auto *logSplitter = new QSplitter(Qt::Horizontal, logBox);
    logSplitter->setObjectName(QStringLiteral("logSplitter"));
    logSplitter->addWidget(m_log);
    logSplitter->addWidget(m_logDetail);
    logSplitter->setStretchFactor(0, 3);
    logSplitter->setStretchFactor(1, 2);
    logSplitter->setChildrenCollapsible(false);
    // The details get what is left, the first time (a size the user drags to is kept instead).
    logSplitter->setSizes({logWidth, m_logDetail->fontMetrics().averageCharWidth() * 32});
    logLayout->addWidget(logSplitter, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("diagnoseSplitter"));
    splitter->addWidget(checklistArea);
    splitter->addWidget(logBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    // All nine steps in view when there is room; the log below gets the rest.
    splitter->setSizes({m_checklist->fontMetrics().height() * 9 * 2, m_checklist->fontMetrics().height() * 12});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(m_run, &QPushButton::clicked, this, &DiagnosePage::run);
    connect(m_save, &QPushButton::clicked, this, &DiagnosePage::chooseReportFile);
    connect(m_allEnvironments, &QCheckBox::toggled, this,
            [this](bool all) { m_logFilter->setEnvironment(all ? QString() : m_environment); });
    connect(m_failuresOnly, &QCheckBox::toggled, m_logFilter, &NetworkLogFilter::setFailuresOnly);
    connect(m_log->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DiagnosePage::showLogEntry);
    connect(ThemeWatcher::instance(), &ThemeWatcher::changed, m_summary, [this] {
        if (m_summaryTone)
            m_summary->setStyleSheet(toneStyle(*m_summaryTone, QApplication::palette(this)));
    });
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
    m_checklist->setSteps(Diagnosis::stepTitles());
    m_summary->setText(m_environment.isEmpty() ? QString()
                                               : tr("Run the diagnosis to check %1 step by step.").arg(m_environment));
    m_summaryTone.reset();
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
    const bool timed = step.status != CheckStatus::Skipped && step.status != CheckStatus::Running
            && step.status != CheckStatus::Pending;
    QStringList lines;
    if (!step.detail.isEmpty())
        lines.append(step.status == CheckStatus::Skipped ? tr("Skipped: %1").arg(step.detail) : step.detail);
    m_checklist->setStep(index, stepState(step.status), timed ? tr("%1 ms").arg(step.ms) : QString(), lines,
                         step.remedy);
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
    m_summaryTone = !report.ok() ? Tone::Error : warnings ? Tone::Warning : Tone::Success;
    m_summary->setStyleSheet(toneStyle(*m_summaryTone, QApplication::palette(this)));
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
        m_summaryTone = Tone::Error;
        m_summary->setStyleSheet(toneStyle(*m_summaryTone, QApplication::palette(this)));
        return false;
    }
    m_summary->setText(m_last->summary + tr(" — support report saved to %1").arg(path));
    return true;
}

} // namespace bioepic::ui
