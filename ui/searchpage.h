#pragma once

#include "search/recentsearches.h"
#include "search/searchjob.h" // complete types: signals carry SearchOutcome by value

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class MessageLabel;
class SearchResultsModel;
class SearchResultsView;

/**
 * @brief Test searches for one environment: a form (collection, filter, fields, page size,
 * one page or all, or one record by id; Enter in any line runs it), a results table that grows
 * page by page, Next page, a raw JSON view of the selected record, counts and timing, Cancel,
 * and Export (JSON, CSV, TSV) of the rows as shown: filtered, sorted, in the columns' order.
 */
class SearchPage final : public QWidget
{
    Q_OBJECT

public:
    explicit SearchPage(CoreServices *core, QWidget *parent = nullptr);

    void setEnvironment(const QString &name);
    void run();
    /** @brief The page after the last one fetched (its next_page_token), added to the table. */
    void nextPage();
    void cancel();
    /** @brief Writes the results to @p path in the format its extension names (.json, .csv, .tsv). */
    bool exportTo(const QString &path);
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] SearchResultsModel *resultsModel() const { return m_model; }
    [[nodiscard]] SearchResultsView *resultsView() const { return m_proxy; }

Q_SIGNALS:
    void searchFinished(const bioepic::SearchOutcome &outcome);

private:
    void onFinished(const SearchOutcome &outcome);
    void onProgress(const SearchProgress &progress);
    void showProgress();
    /** Hands the pages that arrived since the last batch to the table. */
    void flushPages();
    void showSelectedRecord();
    void loadRecent(int index);
    void refreshRecent();
    void chooseExportFile();
    void setRunning(bool running);
    void updateShownCount();
    /** Starts @p request; @p append keeps the rows already shown (Next page). */
    void startJob(const SearchRequest &request, bool append);

    CoreServices *m_core;
    RecentSearches m_recent;
    QString m_environment;
    QComboBox *m_recentBox;
    QComboBox *m_collection;
    QPlainTextEdit *m_filter;
    MessageLabel *m_filterError;
    QLineEdit *m_fields;
    QSpinBox *m_pageSize;
    QCheckBox *m_allPages;
    QSpinBox *m_maxPages;
    QLineEdit *m_recordId;
    QPushButton *m_run;
    QPushButton *m_next;
    QPushButton *m_cancel;
    QPushButton *m_export;
    QLabel *m_progress;
    QLabel *m_shown;
    MessageLabel *m_message;
    QLineEdit *m_tableFilter;
    SearchResultsModel *m_model;
    SearchResultsView *m_proxy;
    QTableView *m_table;
    QPlainTextEdit *m_raw;
    QPointer<SearchJob> m_job;
    SearchRequest m_lastRequest; ///< what the rows shown came from; Next page continues it
    QString m_nextPageToken; ///< empty: nothing more to fetch
    int m_pagesShown = 0;
    SearchProgress m_lastProgress;
    QElapsedTimer m_progressShown; ///< when the counts were last shown
    QTimer m_progressTimer; ///< shows the latest counts when they were held back
    QTimer m_rowsTimer; ///< shows the row count when rows arrived
    QList<QByteArray> m_pendingPages; ///< arrived, not yet in the table
    QTimer m_pagesTimer; ///< hands them over
};

} // namespace bioepic::ui
