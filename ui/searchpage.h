#pragma once

#include "search/recentsearches.h"
#include "search/searchjob.h" // complete types: signals carry SearchOutcome by value

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class MessageLabel;
class SearchResultsModel;

/**
 * @brief Test searches for one environment: a form (collection, filter, fields, page size,
 * one page or all, or one record by id), a results table that grows page by page, a raw JSON
 * view of the selected record, counts and timing, Cancel, and Export (JSON, CSV, TSV).
 */
class SearchPage final : public QWidget
{
    Q_OBJECT

public:
    explicit SearchPage(CoreServices *core, QWidget *parent = nullptr);

    void setEnvironment(const QString &name);
    void run();
    void cancel();
    /** @brief Writes the results to @p path in the format its extension names (.json, .csv, .tsv). */
    bool exportTo(const QString &path);
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] SearchResultsModel *resultsModel() const { return m_model; }

Q_SIGNALS:
    void searchFinished(const bioepic::SearchOutcome &outcome);

private:
    void onFinished(const SearchOutcome &outcome);
    void onProgress(const SearchProgress &progress);
    void showSelectedRecord();
    void loadRecent(int index);
    void refreshRecent();
    void chooseExportFile();
    void setRunning(bool running);

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
    QPushButton *m_cancel;
    QPushButton *m_export;
    QLabel *m_progress;
    MessageLabel *m_message;
    QLineEdit *m_tableFilter;
    SearchResultsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QPlainTextEdit *m_raw;
    QPointer<SearchJob> m_job;
};

} // namespace bioepic::ui
