// The command table of bioepic-cred, in-process: every option it declares is in --help, the man
// page and both completions; the README's command table is the generated one; the generated
// scripts and man page are well-formed; mistyped commands and options get a suggestion.
#include "cliapp.h"
#include "command.h"
#include "reference.h"

#include <QBuffer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace bioepic;
using namespace bioepic::cli;

namespace {

struct InProcessRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

/** Runs a command that needs no keychain or network, in this process. */
InProcessRun runInProcess(const QStringList &arguments)
{
    QBuffer out;
    QBuffer err;
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    CliApp app(QStringList{QStringLiteral("bioepic-cred")} + arguments, &out, &err);
    QSignalSpy finished(&app, &CliApp::finished);
    app.start();
    if (!finished.wait(5000))
        qFatal("bioepic-cred %s did not finish", qPrintable(arguments.join(QLatin1Char(' '))));
    return {finished.first().first().toInt(), QString::fromUtf8(out.data()), QString::fromUtf8(err.data())};
}

QString longName(const QCommandLineOption &option)
{
    QString longest;
    for (const QString &name : option.names())
        longest = name.size() > longest.size() ? name : longest;
    return longest;
}

/** The first stderr line of a tool, or what went wrong running it. */
QString toolComplaint(const QString &program, const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.start(program, arguments);
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(10000))
        return QStringLiteral("%1 did not finish").arg(program);
    const QByteArray err = process.readAllStandardError().trimmed();
    if (process.exitCode() != 0 || !err.isEmpty())
        return QStringLiteral("%1 exit %2: %3").arg(program).arg(process.exitCode()).arg(QString::fromUtf8(err));
    return {};
}

} // namespace

class TestCommandTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyOptionIsDocumentedEverywhere();
    void readmeTableIsTheGeneratedOne();
    void generatedFilesAreWellFormed();
    void typosGetASuggestion_data();
    void typosGetASuggestion();
    void helpForEveryCommand();
};

void TestCommandTable::everyOptionIsDocumentedEverywhere()
{
    const QString man = reference::manPage();
    const QString bash = reference::bashCompletion();
    const QString zsh = reference::zshCompletion();
    QVERIFY(!commands().isEmpty());
    for (const Command &command : commands()) {
        const QString help = reference::help(command);
        QVERIFY2(reference::overview().contains(QStringLiteral("  ") + command.name()), qPrintable(command.name()));
        QVERIFY2(man.contains(QStringLiteral(".SS \"")
                              + command.name().replace(QLatin1Char('-'), QStringLiteral("\\-"))),
                 qPrintable(command.name()));
        QVERIFY2(bash.contains(QStringLiteral("\"%1\") options=").arg(command.name())), qPrintable(command.name()));
        QVERIFY2(zsh.contains(QStringLiteral("\"%1\") _arguments").arg(command.name())), qPrintable(command.name()));
        QVERIFY2(!command.summary.isEmpty() && !command.description.isEmpty(), qPrintable(command.name()));
        for (const QCommandLineOption &option : command.options) {
            const QString name = QStringLiteral("--") + longName(option);
            const QString where = command.name() + QLatin1Char(' ') + name;
            QVERIFY2(!option.description().isEmpty(), qPrintable(where));
            QVERIFY2(help.contains(name), qPrintable(where + QStringLiteral(" in --help")));
            QVERIFY2(man.contains(QString(name).replace(QLatin1Char('-'), QStringLiteral("\\-"))),
                     qPrintable(where + QStringLiteral(" in the man page")));
            QVERIFY2(bash.contains(name), qPrintable(where + QStringLiteral(" in the bash completion")));
            QVERIFY2(zsh.contains(QStringLiteral("'") + name + QLatin1Char('[')),
                     qPrintable(where + QStringLiteral(" in the zsh completion")));
        }
    }
}

void TestCommandTable::readmeTableIsTheGeneratedOne()
{
    QFile readme(QStringLiteral(BIOEPIC_SOURCE_DIR "/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(readme.readAll());
    const QString begin = QStringLiteral("<!-- commands:begin");
    const QString end = QStringLiteral("<!-- commands:end -->");
    const qsizetype from = text.indexOf(QLatin1Char('\n'), text.indexOf(begin)) + 1;
    const qsizetype to = text.indexOf(end);
    QVERIFY2(from > 0 && to > from, "README.md has no commands:begin/commands:end markers");
    const QString inReadme = text.mid(from, to - from);
    QVERIFY2(inReadme == reference::markdownTable(),
             qPrintable(QStringLiteral("README.md's command table is out of date: run scripts/update-docs. It should "
                                       "be:\n")
                        + reference::markdownTable()));
}

void TestCommandTable::generatedFilesAreWellFormed()
{
    QVERIFY2(toolComplaint(QStringLiteral("bash"), {QStringLiteral("-n")}, reference::bashCompletion().toUtf8())
                     .isEmpty(),
             "bash -n");
    if (!QStandardPaths::findExecutable(QStringLiteral("zsh")).isEmpty()) {
        const QString complaint
                = toolComplaint(QStringLiteral("zsh"), {QStringLiteral("-n")}, reference::zshCompletion().toUtf8());
        QVERIFY2(complaint.isEmpty(), qPrintable(complaint));
    } else if (qEnvironmentVariableIntValue("BIOEPIC_REQUIRE_KEYRING")) {
        QFAIL("zsh is missing (scripts/test installs it)");
    }
    const QString groff = toolComplaint(
            QStringLiteral("groff"),
            {QStringLiteral("-Kutf8"), QStringLiteral("-man"), QStringLiteral("-ww"), QStringLiteral("-z")},
            reference::manPage().toUtf8());
    QVERIFY2(groff.isEmpty(), qPrintable(groff));
}

void TestCommandTable::typosGetASuggestion_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("command") << QStringList{QStringLiteral("tokn")}
                             << QStringLiteral("unknown command \"tokn\" (did you mean token?)");
    QTest::newRow("subcommand") << QStringList{QStringLiteral("env"), QStringLiteral("lst")}
                                << QStringLiteral("unknown env command \"lst\" (did you mean list?)");
    QTest::newRow("option") << QStringList{QStringLiteral("env"), QStringLiteral("list"), QStringLiteral("--jsn")}
                            << QStringLiteral("env list has no option --jsn (did you mean --json?)");
    QTest::newRow("nothing close") << QStringList{QStringLiteral("frobnicate")}
                                   << QStringLiteral("unknown command \"frobnicate\"\n");
    QTest::newRow("missing argument") << QStringList{QStringLiteral("token")} << QStringLiteral("token needs NAME");
    QTest::newRow("too many") << QStringList{QStringLiteral("status"), QStringLiteral("a"), QStringLiteral("b")}
                              << QStringLiteral("status takes [NAME], not \"a b\"");
}

void TestCommandTable::typosGetASuggestion()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const InProcessRun run = runInProcess(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void TestCommandTable::helpForEveryCommand()
{
    for (const Command &command : commands()) {
        const InProcessRun asked = runInProcess(QStringList{QStringLiteral("help")} + command.path);
        QCOMPARE(asked.exitCode, 0);
        QCOMPARE(asked.out, reference::help(command));
        const InProcessRun flag = runInProcess(command.path + QStringList{QStringLiteral("--help")});
        QCOMPARE(flag.exitCode, 0);
        QCOMPARE(flag.out, asked.out);
    }
}

QTEST_GUILESS_MAIN(TestCommandTable)
#include "tst_commandtable.moc"
