#include "scriptspage.h"

#include "messagelabel.h"
#include "theme.h"

#include "common/privatefiles.h"
#include "common/shellquote.h"
#include "coreservices.h"
#include "credentials/dotenvimport.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace bioepic::ui {

QString cliProgram()
{
    // Looked up once: a search of $PATH on every refresh of the page costs a stat per directory.
    static const QString program = [] {
        const QString name = QStringLiteral("bioepic-cred");
        if (!QStandardPaths::findExecutable(name).isEmpty())
            return name;
        // Not installed: the one built beside this program.
        const QString beside = QCoreApplication::applicationDirPath() + QLatin1Char('/') + name;
        return QFileInfo(beside).isExecutable() ? shellQuoted(beside) : name;
    }();
    return program;
}

ScriptsPage::ScriptsPage(CoreServices *core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_intro(new QLabel(this))
    , m_message(new MessageLabel(this))
{
    m_intro->setWordWrap(true);
    m_intro->setTextFormat(Qt::PlainText);
    m_intro->setObjectName(QStringLiteral("scriptsIntro"));

    struct Row
    {
        Command which;
        QString label;
        QString objectName;
    };
    const Row rows[]
            = {{Command::Exec, tr("Run a script with the credentials and a valid token:"), QStringLiteral("exec")},
               {Command::ExecTokenOnly, tr("Only the token (the script never sees the secret):"),
                QStringLiteral("execTokenOnly")},
               {Command::Token, tr("Print a valid token (refreshed when due):"), QStringLiteral("token")},
               {Command::ExportToken, tr("Put it in the shell's environment:"), QStringLiteral("exportToken")}};
    auto *grid = new QGridLayout;
    grid->setColumnStretch(0, 1);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    int line = 0;
    for (const Row &row : rows) {
        auto *label = new QLabel(row.label, this);
        label->setWordWrap(true);
        auto *field = new QLineEdit(this);
        field->setReadOnly(true);
        field->setFont(fixed);
        field->setObjectName(row.objectName + QStringLiteral("Command"));
        field->setAccessibleName(row.label);
        auto *copy = new QPushButton(tr("Copy"), this);
        copy->setObjectName(QStringLiteral("copy") + row.objectName.at(0).toUpper() + row.objectName.mid(1));
        copy->setAccessibleName(tr("Copy: %1").arg(row.label));
        connect(copy, &QPushButton::clicked, this, [this, field] {
            // A command, not a secret: no clearing timer is needed.
            QGuiApplication::clipboard()->setText(field->text());
            m_message->showMessage(tr("Copied: %1").arg(field->text()), MessageLabel::Kind::Success);
        });
        m_commands.insert(row.which, field);
        grid->addWidget(label, line++, 0, 1, 2);
        grid->addWidget(field, line, 0);
        grid->addWidget(copy, line++, 1);
    }

    auto *variables = new QLabel(
            tr("exec sets ENV, CLIENT_ID and CLIENT_SECRET (or USERNAME and PASSWORD), the same with the "
               "environment's prefix (PROD_CLIENT_ID…), BIOEPIC_API_BASE_URL, BIOEPIC_ACCESS_TOKEN and "
               "BIOEPIC_TOKEN_EXPIRES_AT, for the script alone; nothing is written to disk. load_dotenv() does not "
               "replace variables that are already set, so an old .env beside the script no longer matters."),
            this);
    variables->setWordWrap(true);
    variables->setObjectName(QStringLiteral("execVariables"));
    variables->setStyleSheet(toneStyle(Tone::Muted, palette()));

    auto *importButton = new QPushButton(tr("&Import a .env file…"), this);
    importButton->setObjectName(QStringLiteral("importDotenv"));
    auto *templateButton = new QPushButton(tr("Write .env.e&xample…"), this);
    templateButton->setObjectName(QStringLiteral("writeTemplate"));
    templateButton->setToolTip(tr("The variable names your scripts read, without values, and the exec line"));
    connect(importButton, &QPushButton::clicked, this, &ScriptsPage::importRequested);
    connect(templateButton, &QPushButton::clicked, this, &ScriptsPage::chooseTemplateFile);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(importButton);
    buttons->addWidget(templateButton);
    buttons->addStretch(1);

    m_message->setObjectName(QStringLiteral("scriptsMessage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(grid);
    layout->addWidget(variables);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addStretch(1);

    connect(m_core->credentials(), &CredentialManager::credentialsChanged, this, &ScriptsPage::refresh);
}

void ScriptsPage::setEnvironment(const QString &name)
{
    m_environment = name;
    m_message->clearMessage();
    refresh();
}

QString ScriptsPage::command(Command which) const
{
    const QString program = cliProgram();
    const QString name = shellQuoted(m_environment.isEmpty() ? QStringLiteral("NAME") : m_environment);
    switch (which) {
    case Command::Exec:
        return QStringLiteral("%1 exec %2 -- python your_script.py").arg(program, name);
    case Command::ExecTokenOnly:
        return QStringLiteral("%1 exec %2 --token-only -- python your_script.py").arg(program, name);
    case Command::Token:
        return QStringLiteral("%1 token %2").arg(program, name);
    case Command::ExportToken:
        return QStringLiteral("export BIOEPIC_ACCESS_TOKEN=\"$(%1 token %2)\"").arg(program, name);
    }
    return {};
}

void ScriptsPage::refresh()
{
    for (auto it = m_commands.cbegin(); it != m_commands.cend(); ++it) {
        QLineEdit *field = it.value();
        field->setText(command(it.key()));
        field->setCursorPosition(0); // a narrow window shows the start of the command
        field->setToolTip(field->text());
    }
    const bool stored = !m_environment.isEmpty() && m_core->credentials()->hasCredentials(m_environment);
    m_intro->setText(stored ? tr("Your scripts can get the credentials of %1 from the keychain instead of a .env "
                                 "file. Run them through one of these commands:")
                                      .arg(m_environment)
                            : tr("%1 has no stored credentials yet: enter them on the Credentials tab, or import the "
                                 ".env file your scripts use now. Then run the scripts with:")
                                      .arg(m_environment));
}

void ScriptsPage::chooseTemplateFile()
{
    auto *dialog = new QFileDialog(this, tr("Write .env.example"), QStringLiteral(".env.example"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &ScriptsPage::saveTemplate);
    dialog->open();
}

void ScriptsPage::saveTemplate(const QString &path)
{
    const auto env = m_core->environments()->find(m_environment);
    if (!env)
        return;
    const CredentialMetadata stored = m_core->credentials()->metadata(env->name);
    const QByteArray text = dotenvTemplate(env->name, stored.stored ? stored.method : env->defaultMethod).toUtf8();
    if (const QString failure = writePrivateFile(path, text); !failure.isEmpty()) {
        m_message->showError(tr("Cannot write %1: %2").arg(path, failure));
        return;
    }
    m_message->showMessage(tr("Wrote %1: the variable names, no values.").arg(path), MessageLabel::Kind::Success);
}

} // namespace bioepic::ui
