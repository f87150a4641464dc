// Searches: filter parsing, the page scanner, exports, and SearchJob against the real sandbox.
#include "coreservices.h"
#include "fakeclock.h"
#include "fakesecretstore.h"
#include "sandbox/syntheticcatalog.h"
#include "search/exporter.h"
#include "search/filterparser.h"
#include "search/pagescanner.h"
#include "search/searchjob.h"
#include "testsupport.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace bioepic;

namespace {

struct Rig
{
    Rig(test::FakeClock *clock, test::SandboxFixture &sandbox, const QString &profile = QStringLiteral("bioepic"))
    {
        CoreOptions options;
        options.settingsFile = home.settingsFile();
        options.stateFile = home.stateFile();
        options.keychainOverride = &store;
        options.clock = clock;
        core = std::make_unique<CoreServices>(options);
        Environment env;
        env.name = QStringLiteral("lab");
        env.baseUrl = sandbox.baseUrl();
        env.profileName = profile;
        if (!core->environments()->add(env).ok())
            qFatal("cannot add lab");
        Credentials credentials;
        credentials.identity = sandbox.clientId;
        credentials.secret = Secret::fromString(sandbox.clientSecret);
        bool done = false;
        core->credentials()->login(QStringLiteral("lab"), credentials, false, core.get(),
                                   [&](const LoginResult &) { done = true; });
        if (!QTest::qWaitFor([&] { return done; }, 10000))
            qFatal("login did not finish");
    }

    struct Run
    {
        SearchOutcome outcome;
        QList<QJsonObject> records;
        QByteArray raw; ///< rawJson mode: the elements joined with ','
        int pages = 0;
        int finishedCount = 0;
    };

    Run search(SearchRequest request, const std::function<void(SearchJob *, int)> &afterPage = {})
    {
        request.environment = QStringLiteral("lab");
        SearchJob job(core->environments(), core->tokens(), core->http(), request);
        Run run;
        QObject::connect(&job, &SearchJob::pageReceived, &job, [&](int page, const QJsonArray &records) {
            for (const QJsonValue &value : records)
                run.records.append(value.toObject());
            run.pages = page;
            if (afterPage)
                afterPage(&job, page);
        });
        QObject::connect(&job, &SearchJob::rawPageReceived, &job, [&](int page, const QByteArray &elements, qsizetype) {
            if (!run.raw.isEmpty() && !elements.isEmpty())
                run.raw += ',';
            run.raw += elements; // copies: the bytes are only valid during the call
            run.pages = page;
            if (afterPage)
                afterPage(&job, page);
        });
        QObject::connect(&job, &SearchJob::finished, &job, [&](const SearchOutcome &outcome) {
            run.outcome = outcome;
            ++run.finishedCount;
        });
        job.start();
        if (!QTest::qWaitFor([&] { return run.finishedCount > 0; }, 20000))
            qFatal("the search did not finish");
        QTest::qWait(20);
        if (run.finishedCount != 1)
            qFatal("finished %d times", run.finishedCount);
        return run;
    }

    test::TempHome home;
    test::FakeSecretStore store;
    std::unique_ptr<CoreServices> core;
};

} // namespace

class TestSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filters_data();
    void filters();
    void scanner_data();
    void scanner();
    void recordsAndMembersOfValidatedBytes_data();
    void recordsAndMembersOfValidatedBytes();
    void csvAndTsvEscaping_data();
    void csvAndTsvEscaping();
    void spreadsheetCellsAreSafe();
    void jsonExportIsOneArray();
    void pagesToTheLastPage();
    void rawModeMatchesParsedMode();
    void resourcesKeyOfTheNmdcProfile();
    void filterAndProjection();
    void oneRecordById();
    void nmdcRecordByIdAsTheServerSentIt();
    void csvColumnsReachIntoObjects();
    void rejectedTokenIsMarkedThenReplaced();
    void pageCapAndLimit();
    void unauthorizedFirstPageRefreshesOnce();
    void failureOnPageKKeepsEarlierPages();
    void cancelAfterTheFirstPage();
    void unusablePages();
};

void TestSearch::recordsAndMembersOfValidatedBytes_data()
{
    QTest::addColumn<QByteArray>("page"); // a whole search page, scanned first
    QTest::addColumn<QStringList>("keysOfFirst"); // the first record's keys
    QTest::addColumn<QStringList>("valuesOfFirst"); // its values' bytes
    QTest::addColumn<int>("records");
    QTest::newRow("flat") << QByteArray(R"({"results":[{"id":"a","ph":6.5,"ok":true,"x":null},{"id":"b"}]})")
                          << QStringList{QStringLiteral("id"), QStringLiteral("ph"), QStringLiteral("ok"),
                                         QStringLiteral("x")}
                          << QStringList{QStringLiteral("\"a\""), QStringLiteral("6.5"), QStringLiteral("true"),
                                         QStringLiteral("null")}
                          << 2;
    QTest::newRow("a number last") << QByteArray(R"({"results":[{"n":-1.5e3},{"n":0}]})")
                                   << QStringList{QStringLiteral("n")} << QStringList{QStringLiteral("-1.5e3")} << 2;
    QTest::newRow("braces, commas and quotes in strings")
            << QByteArray(R"({"results":[{"s":"a},{\"b\":[1,2]","t":{"u":"}"}},{"s":"]"}]})")
            << QStringList{QStringLiteral("s"), QStringLiteral("t")}
            << QStringList{QStringLiteral(R"("a},{\"b\":[1,2]")"), QStringLiteral(R"({"u":"}"})")} << 2;
    QTest::newRow("nested arrays and spaces")
            << QByteArray("{\"results\": [ {\"a\" : [ [1, {\"b\": [2]}], 3 ] , \"c\":\"d\"} ,\n {} ] }")
            << QStringList{QStringLiteral("a"), QStringLiteral("c")}
            << QStringList{QStringLiteral(R"([ [1, {"b": [2]}], 3 ])"), QStringLiteral("\"d\"")} << 2;
    QTest::newRow("escaped key") << QByteArray(R"({"results":[{"k\u00e9y":"v"}]})")
                                 << QStringList{QStringLiteral("kéy")} << QStringList{QStringLiteral("\"v\"")} << 1;
}

void TestSearch::recordsAndMembersOfValidatedBytes()
{
    QFETCH(QByteArray, page);
    QFETCH(QStringList, keysOfFirst);
    QFETCH(QStringList, valuesOfFirst);
    QFETCH(int, records);
    const ScannedPage scanned = scanPage(page, QStringLiteral("results"), QStringLiteral("next_page_token"));
    QVERIFY2(scanned.ok(), qPrintable(scanned.error));
    const QByteArray elements = scanned.elements(page, scanned.count()).toByteArray();
    const QList<QByteArrayView> split = splitElements(elements);
    QCOMPARE(split.size(), records);
    // Each record is exactly what Qt's parser sees as that record.
    const QJsonArray parsed = QJsonDocument::fromJson(page).object().value(QStringLiteral("results")).toArray();
    for (qsizetype i = 0; i < split.size(); ++i)
        QCOMPARE(QJsonDocument::fromJson(split.at(i).toByteArray()).object(), parsed.at(i).toObject());
    QStringList keys;
    QStringList values;
    for (const JsonMember &member : objectMembers(split.first())) {
        keys.append(member.key());
        values.append(QString::fromUtf8(member.value));
    }
    QCOMPARE(keys, keysOfFirst);
    QCOMPARE(values, valuesOfFirst);
    const QByteArray escaped = "\"a\\\"b\\u00e9\""; // "a\"b\u00e9"
    const QString decoded = jsonStringText(escaped);
    QCOMPARE(decoded, QStringLiteral("a\"bé"));
}

void TestSearch::filters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("json"); // expected compact filter; empty when an error is expected
    QTest::addColumn<QString>("errorAt"); // "line,column" of the expected error
    QTest::newRow("empty") << "  " << QByteArray() << "";
    QTest::newRow("JSON") << R"({"ph": {"$gt": 6}})" << QByteArray(R"({"ph":{"$gt":6}})") << "";
    // Qt's parser stops just after the character it cannot use.
    QTest::newRow("JSON error position") << "{\n  \"ph\": {\"$gt\": }\n}" << QByteArray() << "2,18";
    QTest::newRow("JSON not an object") << "[1, 2]" << QByteArray() << "1,1";
    QTest::newRow("lines") << "ecosystem: Soil\nph: 6.5\nsequenced: true\nsite_id: null"
                           << QByteArray(R"({"ecosystem":"Soil","ph":6.5,"sequenced":true,"site_id":null})") << "";
    QTest::newRow("lines with JSON values")
            << "tags: [\"16S\", \"ITS\"]\ndepth_m: {\"$lt\": 10}\nname: \"42\""
            << QByteArray(R"({"depth_m":{"$lt":10},"name":"42","tags":["16S","ITS"]})") << "";
    QTest::newRow("comments and blank lines") << "# soils only\n\necosystem: Soil\n"
                                              << QByteArray(R"({"ecosystem":"Soil"})") << "";
    QTest::newRow("bare words with spaces")
            << "habitat: forest floor" << QByteArray(R"({"habitat":"forest floor"})") << "";
    QTest::newRow("no colon") << "ecosystem Soil" << QByteArray() << "1,1";
    QTest::newRow("empty value") << "ecosystem:" << QByteArray() << "1,11";
    QTest::newRow("duplicate key") << "a: 1\n a: 2" << QByteArray() << "2,2";
    QTest::newRow("bad key") << "ph level: 7" << QByteArray() << "1,1";
    QTest::newRow("broken JSON value") << "tags: [\"16S\"" << QByteArray() << "1,6";
}

void TestSearch::filters()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, json);
    QFETCH(QString, errorAt);
    const ParsedFilter parsed = parseFilter(text);
    if (errorAt.isEmpty()) {
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.toQuery(), json);
    } else {
        QVERIFY(!parsed.ok());
        QCOMPARE(QStringLiteral("%1,%2").arg(parsed.line).arg(parsed.column), errorAt);
        QVERIFY(parsed.error.startsWith(QStringLiteral("line %1, column %2: ").arg(parsed.line).arg(parsed.column)));
    }
}

void TestSearch::scanner_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("count"); // -1: invalid
    QTest::addColumn<QString>("next");
    QTest::addColumn<QString>("errorContains");
    QTest::newRow("page") << QByteArray(
            R"({"results":[{"id":"a"},{"id":"b","x":[1,{"y":null}]}],"next_page_token":"T1"})")
                          << 2 << "T1"
                          << "";
    QTest::newRow("last page, null token")
            << QByteArray(R"({"next_page_token":null,"results":[{"id":"a"}]})") << 1 << ""
            << "";
    QTest::newRow("whitespace everywhere")
            << QByteArray(" {\n \"results\" : [ {\"id\" : 1} , { } ] ,\n\"x\":-1.5e3 }\n") << 2 << ""
            << "";
    QTest::newRow("escaped token and strings")
            << QByteArray(R"({"results":[{"s":"q\"\\\/\b\f\n\r\t\u00e9"}],"next_page_token":"a\u0041"})") << 1 << "aA"
            << "";
    QTest::newRow("empty results") << QByteArray(R"({"results":[]})") << 0 << ""
                                   << "";
    QTest::newRow("no results key") << QByteArray(R"({"resources":[]})") << -1 << ""
                                    << "no \"results\" list";
    QTest::newRow("results not a list") << QByteArray(R"({"results":{}})") << -1 << ""
                                        << "not a list";
    QTest::newRow("records must be objects") << QByteArray(R"({"results":[1,2]})") << -1 << ""
                                             << "other than records";
    QTest::newRow("truncated") << QByteArray(R"({"results":[{"id":"a"})") << -1 << ""
                               << "expected";
    QTest::newRow("trailing garbage") << QByteArray(R"({"results":[]} x)") << -1 << ""
                                      << "after the JSON object";
    QTest::newRow("bad literal") << QByteArray(R"({"results":[{"a":tru}]})") << -1 << ""
                                 << "expected a value";
    QTest::newRow("bad escape") << QByteArray(R"({"results":[{"a":"\x"}]})") << -1 << ""
                                << "bad escape";
    QTest::newRow("control character") << QByteArray("{\"results\":[{\"a\":\"\x01\"}]}") << -1 << ""
                                       << "control character";
    QTest::newRow("UTF-8, 2 to 4 bytes") << QByteArray(
            "{\"results\":[{\"a\":\"Z\xc3\xbcrich \xe6\x9d\xb1 \xf0\x9f\xa7\xab\"}]}")
                                         << 1 << ""
                                         << "";
    QTest::newRow("invalid UTF-8 byte") << QByteArray("{\"results\":[{\"a\":\"\xff\"}]}") << -1 << ""
                                        << "invalid UTF-8";
    QTest::newRow("overlong UTF-8") << QByteArray("{\"results\":[{\"a\":\"\xc0\xaf\"}]}") << -1 << ""
                                    << "invalid UTF-8";
    QTest::newRow("UTF-8 surrogate") << QByteArray("{\"results\":[{\"a\":\"\xed\xa0\x80\"}]}") << -1 << ""
                                     << "invalid UTF-8";
    QTest::newRow("truncated UTF-8") << QByteArray("{\"results\":[{\"a\":\"\xe2\x82\"}]}") << -1 << ""
                                     << "invalid UTF-8";
    QTest::newRow("past U+10FFFF") << QByteArray("{\"results\":[{\"a\":\"\xf4\x90\x80\x80\"}]}") << -1 << ""
                                   << "invalid UTF-8";
    QTest::newRow("number beyond a double") << QByteArray(R"({"results":[{"a":5555e5555555}]})") << -1 << ""
                                            << "too large";
    QTest::newRow("leading zero") << QByteArray(R"({"results":[{"a":01}]})") << -1 << ""
                                  << "expected";
    QTest::newRow("HTML") << QByteArray("<html>oops</html>") << -1 << ""
                          << "a JSON object";
    QTest::newRow("too deep") << QByteArray(R"({"results":[{"a":)") + QByteArray(300, '[') + QByteArray(300, ']')
                    + "}]}" << -1
                              << ""
                              << "nested too deeply";
}

void TestSearch::scanner()
{
    QFETCH(QByteArray, body);
    QFETCH(int, count);
    QFETCH(QString, next);
    QFETCH(QString, errorContains);
    const ScannedPage page = scanPage(body, QStringLiteral("results"), QStringLiteral("next_page_token"));
    if (count < 0) {
        QVERIFY(!page.ok());
        QVERIFY2(page.error.contains(errorContains), qPrintable(page.error));
        QVERIFY(page.errorOffset >= 0);
        return;
    }
    QVERIFY2(page.ok(), qPrintable(page.error));
    QCOMPARE(page.count(), count);
    QCOMPARE(page.nextToken, next);
    // The elements are exactly the records: wrapped in brackets they parse to the same array.
    const QByteArray wrapped = "[" + page.elements(body, count).toByteArray() + "]";
    QCOMPARE(QJsonDocument::fromJson(wrapped).array(),
             QJsonDocument::fromJson(body).object().value(QStringLiteral("results")).toArray());
    if (count == 2) {
        const QByteArray first = "[" + page.elements(body, 1).toByteArray() + "]";
        QCOMPARE(QJsonDocument::fromJson(first).array().size(), 1);
    }
}

void TestSearch::csvAndTsvEscaping_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("csv");
    QTest::addColumn<QString>("tsv");
    QTest::newRow("plain") << "Soil"
                           << "Soil"
                           << "Soil";
    QTest::newRow("comma") << "a,b"
                           << "\"a,b\""
                           << "a,b";
    QTest::newRow("quotes") << "say \"hi\""
                            << "\"say \"\"hi\"\"\""
                            << "say \"hi\"";
    QTest::newRow("newline") << "two\nlines"
                             << "\"two\nlines\""
                             << "two\\nlines";
    QTest::newRow("carriage return") << "a\r\nb"
                                     << "\"a\r\nb\""
                                     << "a\\r\\nb";
    QTest::newRow("tab") << "a\tb"
                         << "a\tb"
                         << "a\\tb";
    QTest::newRow("backslash") << "C:\\x"
                               << "C:\\x"
                               << "C:\\\\x";
    QTest::newRow("unicode") << "Zürich 東京 🧫"
                             << "Zürich 東京 🧫"
                             << "Zürich 東京 🧫";
}

void TestSearch::csvAndTsvEscaping()
{
    QFETCH(QString, value);
    QFETCH(QString, csv);
    QFETCH(QString, tsv);
    QCOMPARE(csvField(value), csv);
    QCOMPARE(tsvField(value), tsv);

    const QList<QJsonObject> records{{{QStringLiteral("id"), QStringLiteral("r1")}, {QStringLiteral("v"), value}},
                                     {{QStringLiteral("id"), QStringLiteral("r2")},
                                      {QStringLiteral("nested"), QJsonObject{{QStringLiteral("a"), 1}}}}};
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    RecordWriter writer(&buffer, ExportFormat::Csv, unionOfKeys(records));
    writer.write(records);
    writer.finish();
    const QString text = QString::fromUtf8(buffer.data());
    QCOMPARE(text, QStringLiteral("id,v,nested\r\nr1,%1,\r\nr2,,\"{\"\"a\"\":1}\"\r\n").arg(csv));
}

void TestSearch::spreadsheetCellsAreSafe()
{
    // Text that a spreadsheet would run as a formula becomes plain text; numbers stay numbers.
    QCOMPARE(spreadsheetSafe(QStringLiteral("=HYPERLINK(\"http://evil\")")),
             QStringLiteral("'=HYPERLINK(\"http://evil\")"));
    QCOMPARE(spreadsheetSafe(QStringLiteral("+1")), QStringLiteral("'+1"));
    QCOMPARE(spreadsheetSafe(QStringLiteral("-2+3")), QStringLiteral("'-2+3"));
    QCOMPARE(spreadsheetSafe(QStringLiteral("@SUM(A1)")), QStringLiteral("'@SUM(A1)"));
    QCOMPARE(spreadsheetSafe(QStringLiteral("\t=1")), QStringLiteral("'\t=1"));
    QCOMPARE(spreadsheetSafe(-5), QStringLiteral("-5"));
    QCOMPARE(spreadsheetSafe(QStringLiteral("a=b")), QStringLiteral("a=b"));
    // NUL, ESC and friends are shown, not written raw.
    QCOMPARE(csvField(QStringLiteral("a\x1b[2Jb")), QStringLiteral("a\\x1b[2Jb"));
    QCOMPARE(tsvField(QString(QChar(0)) + QStringLiteral("x")), QStringLiteral("\\x00x"));

    const QList<QJsonObject> records{
            {{QStringLiteral("id"), QStringLiteral("=cmd|' /C calc'!A0")}, {QStringLiteral("depth"), -1.5}}};
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    RecordWriter writer(&buffer, ExportFormat::Csv, unionOfKeys(records));
    writer.write(records);
    writer.finish();
    QCOMPARE(buffer.data(), QByteArray("id,depth\r\n'=cmd|' /C calc'!A0,-1.5\r\n"));
}

void TestSearch::jsonExportIsOneArray()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    RecordWriter writer(&buffer, ExportFormat::Json);
    writer.writeJsonElements(R"({"id":1},{"id":2})", 2);
    writer.writeJsonElements({}, 0);
    writer.write({{{QStringLiteral("id"), 3}}});
    writer.finish();
    writer.finish();
    QCOMPARE(QJsonDocument::fromJson(buffer.data()).array().size(), 3);
    QBuffer empty;
    empty.open(QIODevice::WriteOnly);
    RecordWriter none(&empty, ExportFormat::Json);
    none.finish();
    QCOMPARE(empty.data().trimmed(), QByteArray("[]"));
    QCOMPARE(unionOfKeys({{{QStringLiteral("b"), 1}, {QStringLiteral("id"), 2}}, {{QStringLiteral("a"), 3}}}),
             (QStringList{QStringLiteral("id"), QStringLiteral("b"), QStringLiteral("a")}));
}

void TestSearch::pagesToTheLastPage()
{
    test::FakeClock clock;
    SandboxOptions options;
    options.records = 250;
    test::SandboxFixture sandbox(options, &clock);
    Rig rig(&clock, sandbox);
    SearchRequest request;
    request.collection = QStringLiteral("samples");
    request.pageSize = 100;
    request.allPages = true;
    const Rig::Run run = rig.search(request);
    QVERIFY2(run.outcome.ok(), qPrintable(run.outcome.error.fullText()));
    QCOMPARE(run.pages, 3);
    QCOMPARE(run.records.size(), 250);
    QCOMPARE(run.outcome.totals.records, 250);
    QCOMPARE(run.outcome.totals.pages, 3);
    QVERIFY(!run.outcome.moreAvailable);
    QCOMPARE(run.records.last().value(QStringLiteral("id")).toString(), QStringLiteral("bioepic:smp-000250"));
    // Each single-use page token was used exactly once: one request per page.
    QCOMPARE(sandbox.api().stats().searchRequests, quint64(3));
}

void TestSearch::rawModeMatchesParsedMode()
{
    test::FakeClock clock;
    SandboxOptions options;
    options.records = 230;
    test::SandboxFixture sandbox(options, &clock);
    Rig rig(&clock, sandbox);
    SearchRequest request;
    request.collection = QStringLiteral("samples");
    request.pageSize = 100;
    request.allPages = true;
    const Rig::Run parsed = rig.search(request);
    request.rawJson = true;
    const Rig::Run raw = rig.search(request);
    QVERIFY(raw.outcome.ok());
    QJsonArray fromRaw = QJsonDocument::fromJson("[" + raw.raw + "]").array();
    QCOMPARE(fromRaw.size(), 230);
    for (int i = 0; i < fromRaw.size(); ++i)
        QCOMPARE(fromRaw.at(i).toObject(), parsed.records.at(i));
    request.limit = 150; // truncation inside a page
    const Rig::Run limited = rig.search(request);
    QCOMPARE(QJsonDocument::fromJson("[" + limited.raw + "]").array().size(), 150);
    QVERIFY(limited.outcome.moreAvailable);
}

void TestSearch::resourcesKeyOfTheNmdcProfile()
{
    test::FakeClock clock;
    SandboxOptions options;
    options.records = 1000;
    options.profile = SandboxProfile::Nmdc;
    test::SandboxFixture sandbox(options, &clock);
    Rig rig(&clock, sandbox, QStringLiteral("nmdc"));
    SearchRequest request;
    request.collection = QStringLiteral("studies");
    request.allPages = true;
    for (bool raw : {false, true}) {
        request.rawJson = raw;
        const Rig::Run run = rig.search(request);
        QVERIFY2(run.outcome.ok(), qPrintable(run.outcome.error.fullText()));
        QCOMPARE(run.outcome.totals.records, 5);
    }
    // The wrong profile is caught, with the keys the server did send.
    Environment env = *rig.core->environments()->find(QStringLiteral("lab"));
    env.profileOverrides.insert(QStringLiteral("search_path"), QStringLiteral("/api/{collection}"));
    QVERIFY(rig.core->environments()->update(env).ok());
    const Rig::Run wrong = rig.search(request);
    QCOMPARE(wrong.outcome.apiError.code, ApiError::Code::BadResponse);
    QVERIFY2(wrong.outcome.error.detail.contains(QLatin1String("its keys: ")), qPrintable(wrong.outcome.error.detail));
}

void TestSearch::filterAndProjection()
{
    test::FakeClock clock;
    SandboxOptions options;
    options.records = 2000;
    test::SandboxFixture sandbox(options, &clock);
    Rig rig(&clock, sandbox);
    SearchRequest request;
    request.collection = QStringLiteral("samples");
    request.filter = parseFilter(QStringLiteral("ecosystem: Soil\nph: {\"$gte\": 8}")).filter;
    request.fields = {QStringLiteral("ecosystem"), QStringLiteral("ph")};
    request.pageSize = 50;
    request.allPages = true;
    const Rig::Run run = rig.search(request);
    QVERIFY(run.outcome.ok());
    QVERIFY(!run.records.isEmpty());
    for (const QJsonObject &record : run.records) {
        QCOMPARE(record.size(), 3);
        QCOMPARE(record.value(QStringLiteral("ecosystem")).toString(), QStringLiteral("Soil"));
        QVERIFY(record.value(QStringLiteral("ph")).toDouble() >= 8);
    }
}

void TestSearch::oneRecordById()
{
    test::FakeClock clock;
    test::SandboxFixture sandbox({}, &clock);
    Rig rig(&clock, sandbox);
    SearchRequest request;
    request.collection = QStringLiteral("samples");
    request.byId = true;
    request.recordId = QStringLiteral("bioepic:smp-000123");
    const Rig::Run run = rig.search(request);
    QVERIFY2(run.outcome.ok(), qPrintable(run.outcome.error.fullText()));
    QCOMPARE(run.records.size(), 1);
    QCOMPARE(run.records.first().value(QStringLiteral("id")).toString(), request.recordId);
    request.recordId = QStringLiteral("bioepic:smp-999999");
    const Rig::Run missing = rig.search(request);
    QCOMPARE(missing.outcome.apiError.code, ApiError::Code::NotFound);
    QCOMPARE(missing.outcome.failedPage, 1);
    // The collection answers, so it is the record that is missing: exit 1, not "bad server".
    QVERIFY(missing.outcome.recordMissing);
    QCOMPARE(missing.outcome.error.kind, ErrorClass::Failure);
    QVERIFY2(missing.outcome.error.message.contains(
                     QLatin1String("No record with id \"bioepic:smp-999999\" in samples")),
             qPrintable(missing.outcome.error.message));
    // Nothing climbs out of the collection's path, and an empty id is not a search.
    for (const QString &id : {QString(), QStringLiteral("."), QStringLiteral("..")}) {
        request.recordId = id;
        QCOMPARE(rig.search(request).outcome.error.kind, ErrorClass::Usage);
    }
    request.recordId = QStringLiteral("x");
    // Not one path segment; a name ending in a line break among them (a pattern's "$" let it by).
    for (const QString &collection : {QStringLiteral("../token"), QStringLiteral("samples\n"),
                                      QStringLiteral("-samples"), QStringLiteral("sam ples")}) {
        request.collection = collection;
        QCOMPARE(rig.search(request).outcome.error.kind, ErrorClass::Usage);
        QVERIFY(!searchRequestProblem(request).isEmpty());
    }
    request.collection = QStringLiteral("Sample_set-2");
    QCOMPARE(searchRequestProblem(request), QString());
}

void TestSearch::nmdcRecordByIdAsTheServerSentIt()
{
    // The nmdc profile: a record whose id holds '/', '?', '#' and a space is one path segment,
    // and JSON output is the server's bytes ("0.0", its own key order), not a re-encoding.
    test::FakeClock clock;
    SandboxOptions options;
    options.records = 20;
    test::SandboxFixture sandbox(options, &clock);
    Rig rig(&clock, sandbox, QStringLiteral("nmdc"));
    SearchRequest request;
    request.collection = QStringLiteral("biosample_set");
    request.byId = true;
    request.recordId = QLatin1String(SyntheticCatalog::kAwkwardId);
    request.rawJson = true;
    const Rig::Run raw = rig.search(request);
    QVERIFY2(raw.outcome.ok(), qPrintable(raw.outcome.error.fullText()));
    QCOMPARE(raw.raw, SyntheticCatalog::awkwardRecordBytes());
    // Fields go along as the projection, dotted ones included.
    request.rawJson = false;
    request.recordId = QStringLiteral("nmdc:bsm-11-000003");
    request.fields = {QStringLiteral("env_broad_scale.term.id"), QStringLiteral("ph")};
    const Rig::Run projected = rig.search(request);
    QVERIFY2(projected.outcome.ok(), qPrintable(projected.outcome.error.fullText()));
    QCOMPARE(projected.records.first().keys(),
             (QStringList{QStringLiteral("env_broad_scale"), QStringLiteral("id"), QStringLiteral("ph")}));
    // A record that is not there: 404 {"detail": "Not found"}, and the collection answers.
    request.recordId = QStringLiteral("nmdc:bsm-11-nope");
    const Rig::Run missing = rig.search(request);
    QVERIFY(missing.outcome.recordMissing);
    QCOMPARE(exitCodeFor(missing.outcome.error.kind), 1);
    // The wrong profile (the bioepic paths on an nmdc collection name): the collection does not
    // answer either, so the 404 means a wrong URL or profile.
    Environment env = *rig.core->environments()->find(QStringLiteral("lab"));
    env.profileOverrides.insert(QStringLiteral("search_path"), QStringLiteral("/v2/{collection}"));
    QVERIFY(rig.core->environments()->update(env).ok());
    const Rig::Run wrong = rig.search(request);
    QVERIFY(!wrong.outcome.recordMissing);
    QCOMPARE(exitCodeFor(wrong.outcome.error.kind), 6);
}

void TestSearch::csvColumnsReachIntoObjects()
{
    const QList<QJsonObject> records{
            QJsonDocument::fromJson(R"({"id":"a","env_broad_scale":{"term":{"id":"ENVO:1"}},"ph":7})").object(),
            QJsonDocument::fromJson(R"({"id":"b","env_broad_scale":{"term":{}}})").object()};
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    RecordWriter writer(&buffer, ExportFormat::Csv,
                        {QStringLiteral("id"), QStringLiteral("env_broad_scale.term.id"), QStringLiteral("ph")});
    writer.write(records);
    writer.finish();
    QCOMPARE(buffer.data(), QByteArray("id,env_broad_scale.term.id,ph\r\na,ENVO:1,7\r\nb,,\r\n"));
}

void TestSearch::rejectedTokenIsMarkedThenReplaced()
{
    // The server stops accepting the cached token (a new signing key): the first page's 401 marks
    // it rejected before the one refresh, and the search still succeeds.
    test::FakeClock clock;
    SandboxOptions options;
    options.records = 30;
    test::SandboxFixture sandbox(options, &clock);
    Rig rig(&clock, sandbox);
    SearchRequest request;
    request.collection = QStringLiteral("samples");
    QVERIFY(rig.search(request).outcome.ok());
    const QString first = rig.core->tokens()->cachedToken(QStringLiteral("lab"))->info.fingerprint;
    sandbox.api().rotateSigningKey();
    QSignalSpy changed(rig.core->tokens(), &TokenService::tokenChanged);
    QStringList statesSeen;
    QObject::connect(rig.core->tokens(), &TokenService::tokenChanged, rig.core.get(),
                     [&] { statesSeen.append(tokenStateName(rig.core->tokens()->state(QStringLiteral("lab")))); });
    const Rig::Run run = rig.search(request);
    QVERIFY2(run.outcome.ok(), qPrintable(run.outcome.error.fullText()));
    QCOMPARE(statesSeen.first(), QStringLiteral("rejected"));
    QCOMPARE(rig.core->tokens()->state(QStringLiteral("lab")), TokenState::Valid);
    QVERIFY(rig.core->tokens()->cachedToken(QStringLiteral("lab"))->info.fingerprint != first);
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(2));
}

void TestSearch::pageCapAndLimit()
{
    test::FakeClock clock;
    SandboxOptions options;
    options.records = 1000;
    test::SandboxFixture sandbox(options, &clock);
    Rig rig(&clock, sandbox);
    SearchRequest request;
    request.collection = QStringLiteral("samples");
    request.pageSize = 100;
    request.allPages = true;
    request.maxPages = 3;
    const Rig::Run capped = rig.search(request);
    QCOMPARE(capped.pages, 3);
    QCOMPARE(capped.records.size(), 300);
    QVERIFY(capped.outcome.moreAvailable);
    request.maxPages = 0;
    request.limit = 250;
    const Rig::Run limited = rig.search(request);
    QCOMPARE(limited.records.size(), 250);
    QCOMPARE(limited.pages, 3);
    QVERIFY(limited.outcome.moreAvailable);
}

void TestSearch::unauthorizedFirstPageRefreshesOnce()
{
    test::FakeClock serverClock;
    test::FakeClock clientClock;
    SandboxOptions options;
    options.records = 50;
    test::SandboxFixture sandbox(options, &serverClock);
    Rig rig(&clientClock, sandbox);
    SearchRequest request;
    request.collection = QStringLiteral("samples");
    QVERIFY(rig.search(request).outcome.ok()); // gets and caches a token
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(1));
    serverClock.advance(3600); // the server thinks the cached token expired; the client does not
    const Rig::Run run = rig.search(request);
    QVERIFY2(run.outcome.ok(), qPrintable(run.outcome.error.fullText()));
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(2)); // refreshed exactly once
    // A server that keeps refusing: one refresh, then the error.
    sandbox.api().setTokenLifetimeS(1);
    serverClock.advance(700); // past the cached token's expiry too
    const Rig::Run refused = [&] {
        // Every new token is already expired by the time it is used.
        QObject::connect(rig.core->tokens(), &TokenService::tokenChanged, rig.core.get(),
                         [&] { serverClock.advance(5); });
        return rig.search(request);
    }();
    QCOMPARE(refused.outcome.apiError.code, ApiError::Code::TokenExpired);
    QCOMPARE(sandbox.api().stats().tokenRequests, quint64(3));
}

void TestSearch::failureOnPageKKeepsEarlierPages()
{
    test::FakeClock clock;
    SandboxOptions options;
    options.records = 500;
    test::SandboxFixture sandbox(options, &clock);
    Rig rig(&clock, sandbox);
    SearchRequest request;
    request.collection = QStringLiteral("samples");
    request.pageSize = 100;
    request.allPages = true;
    const Rig::Run run = rig.search(request, [&](SearchJob *, int page) {
        // Page 3 is already on its way (asked for before page 2 was handed out); the server,
        // which answers on this thread, fails it.
        if (page == 2)
            sandbox.api().setErrorRate(1.0);
    });
    QCOMPARE(run.outcome.failedPage, 3);
    QCOMPARE(run.records.size(), 200);
    QCOMPARE(run.outcome.totals.records, 200);
    QVERIFY2(run.outcome.error.message.contains(QLatin1String("Page 3 failed after 2 page(s) with 200 record(s)")),
             qPrintable(run.outcome.error.message));
    QCOMPARE(exitCodeFor(run.outcome.error.kind), 6);
    // The single-use page token was sent once and never retried.
    QCOMPARE(sandbox.api().stats().searchRequests, quint64(2));
    QCOMPARE(sandbox.api().stats().injectedErrors, quint64(1));
}

void TestSearch::cancelAfterTheFirstPage()
{
    test::FakeClock clock;
    SandboxOptions options;
    options.records = 1000;
    test::SandboxFixture sandbox(options, &clock);
    sandbox.api().setLatencyMs(100);
    Rig rig(&clock, sandbox);
    SearchRequest request;
    request.collection = QStringLiteral("samples");
    request.pageSize = 100;
    request.allPages = true;
    const Rig::Run run = rig.search(request, [](SearchJob *job, int page) {
        if (page == 1)
            job->cancel();
    });
    QVERIFY(run.outcome.canceled);
    QCOMPARE(run.records.size(), 100);
    QTest::qWait(150);
}

void TestSearch::unusablePages()
{
    test::FakeClock clock;
    test::SandboxFixture sandbox({}, &clock);
    Rig rig(&clock, sandbox);
    SearchRequest request;
    request.collection = QStringLiteral("restricted");
    QCOMPARE(rig.search(request).outcome.apiError.code, ApiError::Code::Forbidden);
    request.collection = QStringLiteral("nothing");
    QCOMPARE(rig.search(request).outcome.apiError.code, ApiError::Code::NotFound);
    request.collection.clear();
    QCOMPARE(rig.search(request).outcome.error.kind, ErrorClass::Usage);
}

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_search.moc"
