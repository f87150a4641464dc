#pragma once

#include <QDir>
#include <QObject>
#include <QPointer>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>

class QWidget;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class MainWindow;

/**
 * @brief Walks the demo as a newcomer would and saves a screenshot of each stop: the token
 * panel with a live token, the credentials form, a wrong secret rejected inline, the settings,
 * the add dialog refusing a plain-http URL, a verified rotation and the history, the scripts page, a
 * secret scan and a first run. Used by
 * scripts/demo without a display.
 *
 * Runs step by step on timers (no nested event loop); finished(ok) is emitted exactly once.
 */
class DemoTour final : public QObject
{
    Q_OBJECT

public:
    DemoTour(CoreServices *core, MainWindow *window, const QString &directory, QObject *parent = nullptr);

    void start(const QString &environment);
    [[nodiscard]] QStringList savedFiles() const { return m_saved; }

Q_SIGNALS:
    void finished(bool ok, const QString &message);

private:
    using Condition = std::function<bool()>;
    /** Runs @p action once @p ready holds (checked every 100 ms), then the next step. */
    void when(const Condition &ready, const std::function<void()> &action);
    bool save(QWidget *widget, const QString &fileName);
    void showToken();
    void showCredentials();
    void showSettings();
    void search();
    void diagnose();
    void rotate();
    void hygiene();
    void fail(const QString &message);
    void done();

    CoreServices *m_core;
    MainWindow *m_window;
    QDir m_directory;
    QString m_environment;
    QStringList m_saved;
    QTimer m_poll;
    QTimer m_deadline;
    Condition m_ready;
    std::function<void()> m_action;
    QPointer<QWidget> m_dialog;
    QTemporaryDir m_scanned; ///< the project folder the Hygiene stop scans
    bool m_finished = false;
};

} // namespace bioepic::ui
