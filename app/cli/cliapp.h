#pragma once

#include "common/error.h"
#include "config/environment.h"
#include "keychain/credentials.h"

#include <QObject>
#include <QStringList>
#include <QTextStream>

#include <memory>

class QIODevice;

namespace bioepic {
class CoreServices;
}

namespace bioepic::cli {

struct Command;

/**
 * @brief One run of bioepic-cred: finds the command in the table (command.h), parses its
 * options, runs it on the event loop, and finishes exactly once.
 *
 * stdout carries only the result (a token, JSON, a table); messages go to stderr. Every command
 * ends with exactly one finish() call, which emits finished(exit code) (0 ok, 1 failure,
 * 2 usage, 3 rejected, 4 keychain, 5 network, 6 bad response). The program's main() turns that
 * into the process exit; tests run commands in-process and read the streams.
 */
class CliApp final : public QObject
{
    Q_OBJECT

public:
    /** @brief Writes to the process's stdout and stderr. @p arguments include the program name. */
    explicit CliApp(QStringList arguments, QObject *parent = nullptr);
    /** @brief Writes to the given devices (tests). */
    CliApp(QStringList arguments, QIODevice *out, QIODevice *err, QObject *parent = nullptr);
    ~CliApp() override;

    /** @brief Runs the command on the next event-loop turn. */
    void start();

    [[nodiscard]] CoreServices &core();
    [[nodiscard]] QTextStream &out() { return m_out; }
    [[nodiscard]] QTextStream &err() { return m_err; }

    void finish(int exitCode);
    /** @brief Prints the error (message, detail, remedy) to stderr and finishes with its exit code. */
    void fail(const Error &error);
    /** @brief Prints a usage problem, points at the command's help, and finishes with exit code 2. */
    void usageError(const QString &message);
    void info(const QString &message);

    /** @brief The environment called @p name, or nullopt after reporting that there is none (exit 2). */
    std::optional<Environment> requireEnvironment(const QString &name);
    /**
     * @brief Every environment, or nullopt after fail(): a settings file that cannot be read is
     * a failure, not an empty list (a script could not tell the two apart).
     */
    std::optional<QList<Environment>> requireAllEnvironments();
    /**
     * @brief --from-env: @p environment's credentials come from this process's environment
     * (CLIENT_ID/CLIENT_SECRET or USERNAME/PASSWORD, NAME_-prefixed first) for this run only. They
     * and any token stay in memory: nothing is read from or written to the keychain or state.json.
     * Call before anything else uses core(). Returns false after reporting the problem.
     */
    bool useCredentialsFromEnvironment(const QString &environment);
    /** @brief For a pass-through command (exec): the words after "--". */
    [[nodiscard]] QStringList passThroughArguments() const { return m_passThrough; }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] int exitCode() const { return m_exitCode; }

Q_SIGNALS:
    void finished(int exitCode);

private:
    void dispatch();
    void showHelp(const QStringList &topic);
    void runCommand(const Command &command, QStringList arguments);
    [[nodiscard]] bool checkPositional(const Command &command, const QStringList &positional);

    QStringList m_arguments;
    QTextStream m_out;
    QTextStream m_err;
    std::unique_ptr<CoreServices> m_core;
    const Command *m_command = nullptr;
    QStringList m_passThrough;
    bool m_fromEnvironment = false;
    bool m_finished = false;
    int m_exitCode = -1;
};

/** @brief CLIENT_ID/CLIENT_SECRET or USERNAME/PASSWORD from the process environment, NAME_-prefixed first. */
[[nodiscard]] std::optional<Credentials> credentialsFromProcessEnvironment(const QString &environment,
                                                                           AuthMethod preferred, QString *problem);

} // namespace bioepic::cli
