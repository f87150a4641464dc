#pragma once

#include "common/error.h"
#include "config/environment.h"

#include <QCommandLineParser>
#include <QObject>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace bioepic {
class CoreServices;
}

namespace bioepic::cli {

/**
 * @brief One run of bioepic-cred: parses the command, runs it on the event loop, exits once.
 *
 * stdout carries only the result (a token, JSON, a table); messages go to stderr. Every command
 * ends with exactly one finish() call, which sets the exit code (DESIGN.md §3).
 */
class CliApp final : public QObject
{
    Q_OBJECT

public:
    explicit CliApp(QStringList arguments, QObject *parent = nullptr);
    ~CliApp() override;

    /** @brief Runs the command on the next event-loop turn. */
    void start();

    [[nodiscard]] CoreServices &core();
    [[nodiscard]] QTextStream &out() { return m_out; }
    [[nodiscard]] QTextStream &err() { return m_err; }

    void finish(int exitCode);
    /** @brief Prints the error (message, detail, remedy) to stderr and finishes with its exit code. */
    void fail(const Error &error);
    /** @brief Prints a usage problem and finishes with exit code 2. */
    void usageError(const QString &message, const QString &command = {});
    void info(const QString &message);

    /**
     * @brief Parses a command's options. On a problem, reports it (exit 2) and returns false.
     * Options that look like secrets get a specific message: secrets are never taken from argv.
     */
    bool parse(QCommandLineParser &parser, const QString &command, const QStringList &arguments);
    /** @brief The environment called @p name, or nullopt after reporting that there is none (exit 2). */
    std::optional<Environment> requireEnvironment(const QString &name);
    [[nodiscard]] bool isFinished() const { return m_finished; }

private:
    void dispatch();

    QStringList m_arguments;
    QTextStream m_out;
    QTextStream m_err;
    std::unique_ptr<CoreServices> m_core;
    bool m_finished = false;
};

/** @brief The help text of a command (or the overview for an empty name). */
[[nodiscard]] QString usageText(const QString &command);

// Commands; each ends with exactly one app.finish().
void runEnv(CliApp &app, const QStringList &arguments);
void runLogin(CliApp &app, const QStringList &arguments);
void runStatus(CliApp &app, const QStringList &arguments);
void runToken(CliApp &app, const QStringList &arguments);
void runSandbox(CliApp &app, const QStringList &arguments);
void runRotate(CliApp &app, const QStringList &arguments);
void runRollback(CliApp &app, const QStringList &arguments);
void runHistory(CliApp &app, const QStringList &arguments);
void runSearch(CliApp &app, const QStringList &arguments);
void runDoctor(CliApp &app, const QStringList &arguments);

} // namespace bioepic::cli
