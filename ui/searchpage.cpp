#include "searchpage.h"

#include "messagelabel.h"
#include "searchresultsmodel.h"

#include "coreservices.h"
#include "search/exporter.h"
#include "search/filterparser.h"
#include "search/searchjob.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTextBlock>
#include <QVBoxLayout>

namespace bioepic::ui {

namespace {
/**
 * The row numbers. Qt's header measures the text of 200 of its sections to size itself, again after
 * every page of rows; this one knows its widest number has as many digits as the row count.
 */
class RowNumberHeader final : public QHeaderView
{
public:
    explicit RowNumberHeader(QWidget *parent)
        : QHeaderView(Qt::Vertical, parent)
    {
        setSectionsClickable(false);
        setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }

    [[nodiscard]] QSize sizeHint() const override
    {
        const int digits = int(QString::number(std::max(1, count())).size());
        return {fontMetrics().horizontalAdvance(QString(digits, QLatin1Char('9'))) + 12, defaultSectionSize()};
    }
};
} // namespace

SearchPage::SearchPage(CoreServices *core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    // Beside the token state, in the data dir (a test's private one, too).
    , m_recent(QFileInfo(core->tokenStatus()->filePath()).path() + QStringLiteral("/recent-searches.json"))
    , m_recentBox(new QComboBox(this))
    , m_collection(new QComboBox(this))
    , m_filter(new QPlainTextEdit(this))
    , m_filterError(new MessageLabel(this))
    , m_fields(new QLineEdit(this))
    , m_pageSize(new QSpinBox(this))
    , m_allPages(new QCheckBox(tr("&All pages"), this))
    , m_maxPages(new QSpinBox(this))
    , m_recordId(new QLineEdit(this))
    , m_run(new QPushButton(tr("&Search"), this))
    , m_next(new QPushButton(tr("&Next page"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_export(new QPushButton(tr("E&xport…"), this))
    , m_progress(new QLabel(this))
    , m_shown(new QLabel(this))
    , m_message(new MessageLabel(this))
    , m_tableFilter(new QLineEdit(this))
    , m_model(new SearchResultsModel(this))
    , m_proxy(new SearchResultsView(this))
    , m_table(new QTableView(this))
    , m_raw(new QPlainTextEdit(this))
{
    m_recentBox->setObjectName(QStringLiteral("recentSearches"));
    m_recentBox->setPlaceholderText(tr("Recent searches"));
    m_recentBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_recentBox->setMinimumContentsLength(12);
    m_collection->setEditable(true);
    m_collection->setObjectName(QStringLiteral("collection"));
    m_collection->addItems({QStringLiteral("samples"), QStringLiteral("studies"), QStringLiteral("sites")});
    m_collection->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_collection->setMinimumContentsLength(12);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(
            tr("{\"ecosystem\": \"Soil\", \"ph\": {\"$gt\": 6}}   or one per line:   ecosystem: Soil"));
    m_filter->setTabChangesFocus(true);
    // Two lines in a small window, five when there is room (a filter is a few lines; longer ones
    // scroll): the rest of a tall window goes to the results, not to an empty text box (it took
    // 190 px of 800 before).
    const int filterLine = m_filter->fontMetrics().lineSpacing();
    m_filter->setMinimumHeight(filterLine * 2 + 12);
    m_filter->setMaximumHeight(filterLine * 5 + 12);
    m_filter->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_filterError->setObjectName(QStringLiteral("filterError"));
    m_fields->setObjectName(QStringLiteral("fields"));
    m_fields->setPlaceholderText(tr("all fields, or e.g. name,ecosystem,ph"));
    m_fields->setClearButtonEnabled(true);
    m_pageSize->setObjectName(QStringLiteral("pageSize"));
    m_pageSize->setRange(1, 10000);
    m_pageSize->setValue(100);
    m_pageSize->setSuffix(tr(" records"));
    m_pageSize->setToolTip(tr("Records per page: the max_page_size the server is asked for"));
    m_allPages->setObjectName(QStringLiteral("allPages"));
    m_maxPages->setObjectName(QStringLiteral("maxPages"));
    m_maxPages->setRange(0, 100000);
    m_maxPages->setSpecialValueText(tr("no page cap"));
    m_maxPages->setPrefix(tr("at most "));
    m_maxPages->setSuffix(tr(" pages"));
    m_maxPages->setAccessibleName(tr("Page cap"));
    m_recordId->setObjectName(QStringLiteral("recordId"));
    m_recordId->setPlaceholderText(tr("optional: one record by its id"));
    m_recordId->setClearButtonEnabled(true);
    m_run->setObjectName(QStringLiteral("runSearch"));
    m_run->setDefault(true);
    m_next->setObjectName(QStringLiteral("nextPage"));
    m_next->setToolTip(tr("Fetch the page after the last one shown"));
    m_export->setObjectName(QStringLiteral("export"));
    m_progress->setObjectName(QStringLiteral("searchProgress"));
    m_progress->setWordWrap(true);
    m_shown->setObjectName(QStringLiteral("shownCount"));
    m_message->setObjectName(QStringLiteral("searchMessage"));
    m_tableFilter->setObjectName(QStringLiteral("tableFilter"));
    m_tableFilter->setPlaceholderText(tr("Filter the rows shown…"));
    m_tableFilter->setAccessibleName(tr("Filter the rows shown"));
    m_tableFilter->setClearButtonEnabled(true);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(SearchResultsModel::SortRole);
    m_table->setVerticalHeader(new RowNumberHeader(m_table));
    m_table->setModel(m_proxy);
    m_table->setObjectName(QStringLiteral("results"));
    m_table->setAccessibleName(tr("Search results"));
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // server order until a header is clicked
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setDefaultSectionSize(130);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    // A useful table even on a small window: the page scrolls before the table shrinks below this.
    m_table->setMinimumHeight(m_table->verticalHeader()->defaultSectionSize() * 5 + 30);
    m_raw->setReadOnly(true);
    m_raw->setObjectName(QStringLiteral("rawRecord"));
    m_raw->setAccessibleName(tr("The selected record as JSON"));
    m_raw->setPlaceholderText(tr("Select a row to see the record as JSON"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_raw->setFont(mono);

    auto label = [this](const QString &text, QWidget *buddy) {
        auto *title = new QLabel(text, this);
        title->setBuddy(buddy);
        return title;
    };
    // Four rows: what to search, how to filter it, what to bring back and how much.
    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 2);
    grid->setColumnStretch(3, 1);
    grid->addWidget(label(tr("C&ollection:"), m_collection), 0, 0);
    grid->addWidget(m_collection, 0, 1);
    grid->addWidget(label(tr("&Recent:"), m_recentBox), 0, 2);
    grid->addWidget(m_recentBox, 0, 3);
    grid->addWidget(label(tr("&Filter:"), m_filter), 1, 0, Qt::AlignTop);
    auto *filterColumn = new QVBoxLayout;
    filterColumn->setSpacing(2);
    filterColumn->addWidget(m_filter, 1);
    filterColumn->addWidget(m_filterError);
    grid->addLayout(filterColumn, 1, 1, 1, 3);
    grid->addWidget(label(tr("F&ields:"), m_fields), 2, 0);
    grid->addWidget(m_fields, 2, 1);
    grid->addWidget(label(tr("Record i&d:"), m_recordId), 2, 2);
    grid->addWidget(m_recordId, 2, 3);
    grid->addWidget(label(tr("Page si&ze:"), m_pageSize), 3, 0);
    auto *paging = new QHBoxLayout;
    paging->addWidget(m_pageSize);
    paging->addSpacing(12);
    paging->addWidget(m_allPages);
    paging->addWidget(m_maxPages);
    paging->addStretch(1);
    grid->addLayout(paging, 3, 1, 1, 3);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_next);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_export);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("searchSplitter"));
    splitter->setChildrenCollapsible(false);
    auto *tableSide = new QWidget(splitter);
    auto *tableLayout = new QVBoxLayout(tableSide);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    auto *tableBar = new QHBoxLayout;
    tableBar->addWidget(m_tableFilter, 1);
    tableBar->addWidget(m_shown);
    tableLayout->addLayout(tableBar);
    tableLayout->addWidget(m_table, 1);
    splitter->addWidget(tableSide);
    splitter->addWidget(m_raw);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    connect(m_run, &QPushButton::clicked, this, &SearchPage::run);
    connect(m_next, &QPushButton::clicked, this, &SearchPage::nextPage);
    connect(m_cancel, &QPushButton::clicked, this, &SearchPage::cancel);
    // Enter in any one-line field runs the search, as in a search box.
    connect(m_fields, &QLineEdit::returnPressed, this, &SearchPage::run);
    connect(m_recordId, &QLineEdit::returnPressed, this, &SearchPage::run);
    connect(m_collection->lineEdit(), &QLineEdit::returnPressed, this, &SearchPage::run);
    // Export is offered only when there is something to export (a new environment clears the table).
    auto updateRows = [this] {
        m_export->setEnabled(!isRunning() && m_proxy->rowCount() > 0);
        updateShownCount();
    };
    // Rows can come a thousand a second: their count is shown at most ten times a second.
    m_rowsTimer.setSingleShot(true);
    m_rowsTimer.setInterval(100);
    connect(&m_rowsTimer, &QTimer::timeout, this, updateRows);
    auto rowsChanged = [this] {
        if (!m_rowsTimer.isActive())
            m_rowsTimer.start();
    };
    connect(m_proxy, &QAbstractItemModel::modelReset, this, updateRows);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, rowsChanged);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, rowsChanged);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, rowsChanged);
    m_pagesTimer.setSingleShot(true);
    m_pagesTimer.setInterval(100);
    connect(&m_pagesTimer, &QTimer::timeout, this, &SearchPage::flushPages);
    m_progressTimer.setSingleShot(true);
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        m_progressShown.start();
        showProgress();
    });
    connect(m_export, &QPushButton::clicked, this, &SearchPage::chooseExportFile);
    connect(m_allPages, &QCheckBox::toggled, m_maxPages, &QWidget::setEnabled);
    connect(m_tableFilter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SearchPage::showSelectedRecord);
    connect(m_recentBox, &QComboBox::activated, this, &SearchPage::loadRecent);
    connect(m_filter, &QPlainTextEdit::textChanged, m_filterError, &MessageLabel::clearMessage);
    m_maxPages->setEnabled(false);
    setRunning(false);
    refreshRecent();
}

void SearchPage::setEnvironment(const QString &name)
{
    if (name == m_environment)
        return;
    if (m_job && !m_job->isFinished()) {
        // The search of the environment shown before goes on to its end unseen, then is deleted.
        disconnect(m_job, nullptr, this, nullptr);
        disconnect(m_job, nullptr, m_model, nullptr);
        connect(m_job, &SearchJob::finished, m_job, &QObject::deleteLater);
        m_job->cancel();
        m_job.clear();
    }
    m_environment = name;
    m_pendingPages.clear();
    m_pagesTimer.stop();
    m_model->clear();
    m_raw->clear();
    m_progress->clear();
    m_message->clearMessage();
    m_nextPageToken.clear();
    m_pagesShown = 0;
    setRunning(false);
    // The collections a profile verifies with are a good first guess.
    if (const auto env = m_core->environments()->find(name);
        env && !env->profile().exampleCollection.isEmpty() && m_collection->currentText().isEmpty())
        m_collection->setEditText(env->profile().exampleCollection);
}

bool SearchPage::isRunning() const
{
    return m_job && !m_job->isFinished();
}

void SearchPage::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_next->setEnabled(!running && !m_nextPageToken.isEmpty());
    m_cancel->setVisible(running);
    m_export->setEnabled(!running && m_proxy->rowCount() > 0);
}

void SearchPage::updateShownCount()
{
    const int all = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    m_shown->setText(all == 0               ? QString()
                             : shown == all ? tr("%n record(s)", nullptr, all)
                                            : tr("%1 of %2 shown").arg(shown).arg(all));
}

void SearchPage::run()
{
    if (isRunning() || m_environment.isEmpty())
        return;
    m_message->clearMessage();
    // Check the filter before any request; say where it is wrong.
    const ParsedFilter filter = parseFilter(m_filter->toPlainText());
    if (!filter.ok()) {
        m_filterError->showError(filter.error);
        QTextCursor cursor(m_filter->document()->findBlockByLineNumber(filter.line - 1));
        cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::max(0, filter.column - 1));
        m_filter->setTextCursor(cursor);
        m_filter->setFocus();
        return;
    }
    SearchRequest request;
    request.environment = m_environment;
    request.collection = m_collection->currentText().trimmed();
    request.filter = filter.filter;
    for (const QString &field : m_fields->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        request.fields.append(field.trimmed());
    request.pageSize = m_pageSize->value();
    request.allPages = m_allPages->isChecked();
    request.maxPages = request.allPages ? m_maxPages->value() : 0;
    request.recordId = m_recordId->text().trimmed();
    request.byId = !request.recordId.isEmpty();

    SavedSearch saved{m_environment,    request.collection, m_filter->toPlainText(), m_fields->text(),
                      request.pageSize, request.allPages,   request.maxPages};
    if (!request.collection.isEmpty()) {
        m_recent.remember(saved);
        refreshRecent();
    }
    startJob(request, false);
}

void SearchPage::nextPage()
{
    if (isRunning() || m_nextPageToken.isEmpty())
        return;
    SearchRequest request = m_lastRequest;
    request.pageToken = m_nextPageToken;
    request.allPages = false; // one more page
    startJob(request, true);
}

void SearchPage::startJob(const SearchRequest &request, bool append)
{
    m_pendingPages.clear();
    m_pagesTimer.stop();
    if (!append) {
        m_model->clear(request.fields);
        m_raw->clear();
        m_pagesShown = 0;
    }
    m_lastRequest = request;
    m_nextPageToken.clear();
    m_message->clearMessage();
    m_progress->setText(tr("Searching…"));
    // Raw pages: the table keeps the server's validated bytes, not a parsed document per record.
    SearchRequest raw = request;
    raw.rawJson = true;
    m_job = new SearchJob(m_core->environments(), m_core->tokens(), m_core->http(), raw, this);
    connect(m_job, &SearchJob::rawPageReceived, m_model, [this](int, const QByteArray &elements, qsizetype) {
        // Pages go to the table in batches, ten a second at the most: each insertion makes the
        // table lay itself out and paint, whatever its size. The first page shows at once.
        m_pendingPages.append(elements);
        if (m_model->rowCount() == 0)
            flushPages();
        else if (!m_pagesTimer.isActive())
            m_pagesTimer.start();
    });
    connect(m_job, &SearchJob::progress, this, &SearchPage::onProgress);
    connect(m_job, &SearchJob::finished, this, &SearchPage::onFinished);
    setRunning(true);
    m_job->start();
}

void SearchPage::cancel()
{
    if (isRunning())
        m_job->cancel();
}

void SearchPage::onProgress(const SearchProgress &progress)
{
    // Pages can come a thousand a second: the counts are shown at most ten times a second.
    m_lastProgress = progress;
    if (!m_progressShown.isValid() || m_progressShown.elapsed() >= 100 || !isRunning()) {
        m_progressShown.start();
        showProgress();
    } else if (!m_progressTimer.isActive()) {
        m_progressTimer.start();
    }
}

void SearchPage::flushPages()
{
    m_pagesTimer.stop();
    if (m_pendingPages.isEmpty())
        return;
    const QList<QByteArray> pages = std::exchange(m_pendingPages, {});
    m_model->appendPages(pages);
}

void SearchPage::showProgress()
{
    const SearchProgress &progress = m_lastProgress;
    m_progress->setText(tr("%1 page(s) · %2 record(s) · %3 KB · %4 s")
                                .arg(m_pagesShown + progress.pages)
                                .arg(m_model->rowCount())
                                .arg(progress.bytes / 1024)
                                .arg(double(progress.elapsedMs) / 1000, 0, 'f', 2));
}

void SearchPage::onFinished(const SearchOutcome &outcome)
{
    m_job->deleteLater();
    flushPages();
    m_progressTimer.stop();
    m_lastProgress = outcome.totals;
    showProgress();
    m_pagesShown += outcome.totals.pages;
    m_nextPageToken = outcome.ok() ? outcome.nextPageToken : QString();
    setRunning(false);
    updateShownCount();
    const qint64 kept = outcome.totals.records;
    if (outcome.canceled) {
        m_message->showMessage(tr("Canceled. The %n record(s) already fetched are kept.", nullptr, int(kept)),
                               MessageLabel::Kind::Info);
    } else if (!outcome.ok()) {
        m_message->showError(outcome.failedPage > 1
                                     ? tr("%1\nThe %2 record(s) of the pages before are kept; a page token is never "
                                          "retried, so run the search again to continue.")
                                               .arg(outcome.error.fullText())
                                               .arg(kept)
                                     : outcome.error.fullText());
    } else if (outcome.moreAvailable) {
        m_message->showMessage(tr("More results are available: Next page fetches one more, All pages the rest."),
                               MessageLabel::Kind::Info);
    }
    if (m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
        m_table->selectRow(0);
    Q_EMIT searchFinished(outcome);
}

void SearchPage::showSelectedRecord()
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    m_raw->setPlainText(current.isValid() ? QString::fromUtf8(
                                QJsonDocument(m_model->record(current.row())).toJson(QJsonDocument::Indented))
                                          : QString());
}

void SearchPage::refreshRecent()
{
    m_recentBox->clear();
    for (const SavedSearch &search : m_recent.all())
        m_recentBox->addItem(search.title());
    m_recentBox->setCurrentIndex(-1);
}

void SearchPage::loadRecent(int index)
{
    const QList<SavedSearch> searches = m_recent.all();
    if (index < 0 || index >= searches.size())
        return;
    const SavedSearch &search = searches.at(index);
    m_collection->setEditText(search.collection);
    m_filter->setPlainText(search.filter);
    m_fields->setText(search.fields);
    m_pageSize->setValue(search.pageSize);
    m_allPages->setChecked(search.allPages);
    m_maxPages->setValue(search.maxPages);
    m_recordId->clear();
}

void SearchPage::chooseExportFile()
{
    // Asynchronous: open(), not exec(), so nothing waits in a nested event loop.
    auto *dialog = new QFileDialog(this, tr("Export results"),
                                   QStringLiteral("%1-%2.csv").arg(m_environment, m_collection->currentText()),
                                   tr("CSV (*.csv);;TSV (*.tsv);;JSON (*.json)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { exportTo(path); });
    dialog->open();
}

bool SearchPage::exportTo(const QString &path)
{
    const auto format = exportFormatFromName(QFileInfo(path).suffix());
    if (!format) {
        m_message->showError(tr("Choose a file ending in .json, .csv or .tsv."));
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        m_message->showError(tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    // What the table shows: its filter, its sort and its columns' order.
    const QList<QJsonObject> shown = m_proxy->shownRecords();
    // The fields asked for (dotted paths reach into nested values, as the CLI's do), else the columns.
    QStringList columns = m_lastRequest.fields;
    if (columns.isEmpty()) {
        const QHeaderView *header = m_table->horizontalHeader();
        for (int visual = 0; visual < header->count(); ++visual)
            columns.append(m_model->columns().at(header->logicalIndex(visual)));
    }
    RecordWriter writer(&file, *format, columns);
    writer.write(shown);
    writer.finish();
    if (!file.commit()) {
        m_message->showError(tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    m_message->showMessage(shown.size() == m_model->rowCount()
                                   ? tr("Exported %n record(s) to %1.", nullptr, int(shown.size())).arg(path)
                                   : tr("Exported the %1 record(s) shown (of %2) to %3.")
                                             .arg(shown.size())
                                             .arg(m_model->rowCount())
                                             .arg(path),
                           MessageLabel::Kind::Success);
    return true;
}

} // namespace bioepic::ui
