// .env files as python-dotenv reads them: each row is also read by python-dotenv itself (Debian's
// python3-dotenv) and the two must agree; and stripping keys keeps every other byte.
#include "config/dotenv.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace bioepic;

namespace {

const QHash<QString, QString> kProcessEnvironment{{QStringLiteral("BIOEPIC_TEST_VAR"), QStringLiteral("from-env")},
                                                  {QStringLiteral("A"), QStringLiteral("env-wins")}};

/** What python-dotenv's load_dotenv() would put in the environment, or nullopt without python-dotenv. */
std::optional<QJsonObject> pythonDotenv(const QByteArray &bytes)
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin")});
    if (python.isEmpty())
        return std::nullopt;
    QProcess process;
    QProcessEnvironment environment;
    for (auto it = kProcessEnvironment.cbegin(); it != kProcessEnvironment.cend(); ++it)
        environment.insert(it.key(), it.value());
    process.setProcessEnvironment(environment);
    // dotenv_values() with the environment of load_dotenv(override=False) for ${VAR} expansion.
    process.start(python,
                  {QStringLiteral("-c"),
                   QStringLiteral("import io, json, sys\n"
                                  "from dotenv import dotenv_values\n"
                                  "text = sys.stdin.buffer.read().decode('utf-8')\n"
                                  "values = dotenv_values(stream=io.StringIO(text))\n"
                                  "print(json.dumps({k: v for k, v in values.items() if v is not None}))\n")});
    process.write(bytes);
    process.closeWriteChannel();
    if (!process.waitForFinished(10000) || process.exitCode() != 0) {
        if (process.readAllStandardError().contains("No module named 'dotenv'"))
            return std::nullopt;
        qWarning() << "python-dotenv failed:" << process.readAllStandardError();
        return QJsonObject{{QStringLiteral("error"), true}};
    }
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

QJsonObject toJson(const QHash<QString, QString> &values)
{
    QJsonObject object;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

} // namespace

class TestDotenv : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asPythonDotenvReadsIt_data();
    void asPythonDotenvReadsIt();
    void byteOrderMarkAndLines();
    void strippingKeepsEverythingElse();
};

void TestDotenv::asPythonDotenvReadsIt_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QByteArray>("expected"); // JSON of what the script would see

    QTest::newRow("the seed's file") << QByteArray("ENV=prod\nCLIENT_ID=abc\nCLIENT_SECRET=s3cr3t\n")
                                     << QByteArray(R"({"ENV":"prod","CLIENT_ID":"abc","CLIENT_SECRET":"s3cr3t"})");
    QTest::newRow("comments") << QByteArray("# a comment\nX=1 # trailing\nY=2#not-a-comment\n  # indented\n")
                              << QByteArray(R"({"X":"1","Y":"2#not-a-comment"})");
    QTest::newRow("export prefix") << QByteArray("export X=1\nexport\tY = 2\nexportZ=3\n")
                                   << QByteArray(R"({"X":"1","Y":"2","exportZ":"3"})");
    QTest::newRow("single quotes") << QByteArray(R"(X='a b'
Y='it\'s'
Z='back\\slash'
W='no \n escape'
)") << QByteArray(R"({"X":"a b","Y":"it's","Z":"back\\slash","W":"no \\n escape"})");
    QTest::newRow("double quotes") << QByteArray(R"(X="a\tb"
Y="line\nbreak"
Z="quote \" inside"
W="hash # inside"
)") << QByteArray(R"({"X":"a\tb","Y":"line\nbreak","Z":"quote \" inside","W":"hash # inside"})");
    QTest::newRow("multi-line values") << QByteArray("X=\"first\nsecond\"\nY='one\r\ntwo'\nZ=after\n")
                                       << QByteArray(R"({"X":"first\nsecond","Y":"one\r\ntwo","Z":"after"})");
    QTest::newRow("CRLF") << QByteArray("X=1\r\nY=two words\r\n") << QByteArray(R"({"X":"1","Y":"two words"})");
    QTest::newRow("CR only") << QByteArray("X=1\rY=2\r") << QByteArray(R"({"X":"1","Y":"2"})");
    QTest::newRow("duplicates: last wins") << QByteArray("X=1\nX=2\n") << QByteArray(R"({"X":"2"})");
    QTest::newRow("a bare key unsets") << QByteArray("X=1\nX\n") << QByteArray(R"({})");
    QTest::newRow("empty values") << QByteArray("X=\nY=''\nZ=\"\"\n") << QByteArray(R"({"X":"","Y":"","Z":""})");
    QTest::newRow("expansion") << QByteArray("B=hello\nC=${B} world\nD=${MISSING:-fallback}\nE=${BIOEPIC_TEST_VAR}\n"
                                             "F='${B}'\nG=${A}\n")
                               << QByteArray(R"({"B":"hello","C":"hello world","D":"fallback","E":"from-env",)"
                                             R"("F":"hello","G":"env-wins"})");
    QTest::newRow("spaces around =") << QByteArray("X = 1\n  Y=  2  \n") << QByteArray(R"({"X":"1","Y":"2"})");
    QTest::newRow("a broken line is skipped")
            << QByteArray("X=1\nthis line is broken\nY=2\n") << QByteArray(R"({"X":"1","Y":"2"})");
    QTest::newRow("junk after a quoted value") << QByteArray("X=\"ok\" junk\nY=2\n") << QByteArray(R"({"Y":"2"})");
    QTest::newRow("quoted key") << QByteArray("'X Y'=1\n") << QByteArray(R"({"X Y":"1"})");
    QTest::newRow("no final newline") << QByteArray("X=1\nY=2") << QByteArray(R"({"X":"1","Y":"2"})");
    QTest::newRow("unicode") << QByteArray("X=grüße\nY=\"日本\"\n") << QByteArray(R"({"X":"grüße","Y":"日本"})");
    QTest::newRow("dollar without braces") << QByteArray("X=pa$$word\n") << QByteArray(R"({"X":"pa$$word"})");
}

void TestDotenv::asPythonDotenvReadsIt()
{
    QFETCH(QByteArray, file);
    QFETCH(QByteArray, expected);
    const QJsonObject ours = toJson(parseDotenv(file, kProcessEnvironment).values());
    QCOMPARE(ours, QJsonDocument::fromJson(expected).object());
    const auto theirs = pythonDotenv(file);
    if (!theirs) {
        if (qEnvironmentVariableIntValue("BIOEPIC_REQUIRE_KEYRING"))
            QFAIL("python3-dotenv is missing (scripts/test installs it)");
        QSKIP("python3-dotenv is not installed here");
    }
    QCOMPARE(ours, *theirs);
}

void TestDotenv::byteOrderMarkAndLines()
{
    const DotenvDocument document
            = parseDotenv("\xEF\xBB\xBF# header\r\nENV=dev\r\n\r\nCLIENT_SECRET=\"multi\r\nline\"\r\nX=1\r\n");
    QVERIFY(document.hadBom);
    QCOMPARE(document.values().value(QStringLiteral("ENV")), QStringLiteral("dev")); // not "\xfeffENV"
    QCOMPARE(document.last(QStringLiteral("CLIENT_SECRET"))->line, 4);
    QCOMPARE(document.last(QStringLiteral("X"))->line, 6);
    QVERIFY(parseDotenv("X=\"open\nY=1\n").unparsedLines.contains(1));
}

void TestDotenv::strippingKeepsEverythingElse()
{
    const QByteArray original = "\xEF\xBB\xBF# my project\r\nENV=prod\r\nCLIENT_ID=abc\r\n\r\n"
                                "CLIENT_SECRET=\"two\r\nlines\"  # secret\r\nDEBUG=1\r\nCLIENT_SECRET=again\r\n";
    const DotenvDocument document = parseDotenv(original);
    const QByteArray stripped = withoutKeys(document, {QStringLiteral("CLIENT_SECRET")},
                                            {QStringLiteral("moved to the keychain"), QStringLiteral("second line")});
    QCOMPARE(stripped,
             QByteArray("\xEF\xBB\xBF# my project\r\nENV=prod\r\nCLIENT_ID=abc\r\n\r\n"
                        "# moved to the keychain\r\n# second line\r\nDEBUG=1\r\n"));
    const DotenvDocument after = parseDotenv(stripped);
    QVERIFY(!after.values().contains(QStringLiteral("CLIENT_SECRET")));
    QCOMPARE(after.values().value(QStringLiteral("DEBUG")), QStringLiteral("1"));
    // Nothing to strip: the same bytes.
    QCOMPARE(withoutKeys(document, {QStringLiteral("PASSWORD")}, {QStringLiteral("x")}), original);
}

QTEST_GUILESS_MAIN(TestDotenv)
#include "tst_dotenv.moc"
