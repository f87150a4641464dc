#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;

namespace bioepic {
class CoreServices;
}

namespace bioepic::ui {

class MessageLabel;

/**
 * @brief "Use from scripts": the exact commands that give the selected environment's
 * credentials or token to a script (exec, exec --token-only, token), each with a Copy button,
 * and the ways out of .env files (import one, write a .env.example).
 */
class ScriptsPage final : public QWidget
{
    Q_OBJECT

public:
    enum class Command { Exec, ExecTokenOnly, Token, ExportToken };

    explicit ScriptsPage(CoreServices *core, QWidget *parent = nullptr);

    void setEnvironment(const QString &name);
    /** @brief The command shown for @p which, as it is copied. */
    [[nodiscard]] QString command(Command which) const;
    /** @brief Writes the .env.example of the selected environment to @p path. */
    void saveTemplate(const QString &path);

Q_SIGNALS:
    void importRequested();

private:
    void refresh();
    void chooseTemplateFile();

    CoreServices *m_core;
    QString m_environment;
    QLabel *m_intro;
    QMap<Command, QLineEdit *> m_commands;
    MessageLabel *m_message;
};

/** @brief How to run bioepic-cred from a shell here: its name when on PATH, else its full path, quoted. */
[[nodiscard]] QString cliProgram();

} // namespace bioepic::ui
