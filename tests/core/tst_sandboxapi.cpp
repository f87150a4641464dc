// The sandbox API as a pure function: both profiles, both grants, errors, paging, filters, knobs.
#include "auth/jwt.h"
#include "fakeclock.h"
#include "sandbox/recordfilter.h"
#include "sandbox/sandboxapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace bioepic;

namespace {

SandboxRequest tokenRequest(const QByteArray &form, const QByteArray &basic = {})
{
    SandboxRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/token");
    request.headers.insert("content-type", "application/x-www-form-urlencoded");
    if (!basic.isEmpty())
        request.headers.insert("authorization", "Basic " + basic.toBase64());
    request.body = form;
    return request;
}

SandboxRequest getRequest(const QString &path, const QString &token,
                          const QList<std::pair<QString, QString>> &query = {})
{
    SandboxRequest request;
    request.method = "GET";
    request.path = path;
    for (const auto &[key, value] : query)
        request.query.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    if (!token.isEmpty())
        request.headers.insert("authorization", "Bearer " + token.toLatin1());
    return request;
}

QJsonObject body(const SandboxReply &reply)
{
    return QJsonDocument::fromJson(reply.body).object();
}

QByteArray header(const SandboxReply &reply, const QByteArray &name)
{
    for (const auto &[key, value] : reply.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace

class TestSandboxApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clientCredentialsInForm();
    void clientCredentialsWithBasic();
    void passwordGrant();
    void tokenErrorsInBothStyles_data();
    void tokenErrorsInBothStyles();
    void nmdcIssuesJwtWithExpiresObject();
    void pagingToTheLastPageWithSingleUseTokens();
    void resourcesKeyUnderNmdcschema();
    void filtersAndProjection_data();
    void filtersAndProjection();
    void invalidFilterIsRejected();
    void recordById();
    void protectedCalls();
    void tokensExpireOnTheServerClock();
    void knobs();
    void revokedClientLosesItsTokens();
    void catalogIsDeterministic();
    void nmdcschemaIsPublicAndFailsAsTheRuntimeDoes();
    void nmdcPagingQuirk();
    void dottedFiltersAndProjections();
    void awkwardIdIsOneSegment();
    void aNewSigningKeyRejectsEveryToken();
    void signingKeyFileSurvivesARestart();
    void fastApiSaysWhyATokenIsRefused();

private:
    QString tokenFor(SandboxApi &api);
    test::FakeClock m_clock;
};

QString TestSandboxApi::tokenFor(SandboxApi &api)
{
    const SandboxReply reply
            = api.handle(tokenRequest("grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret"));
    return body(reply).value(QStringLiteral("access_token")).toString();
}

void TestSandboxApi::clientCredentialsInForm()
{
    SandboxApi api({}, &m_clock);
    const SandboxReply reply
            = api.handle(tokenRequest("grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret"));
    QCOMPARE(reply.status, 200);
    const QJsonObject object = body(reply);
    QVERIFY(object.value(QStringLiteral("access_token")).toString().startsWith(QLatin1String("sbx_")));
    QCOMPARE(object.value(QStringLiteral("token_type")).toString(), QStringLiteral("bearer"));
    QCOMPARE(object.value(QStringLiteral("expires_in")).toInt(), 600);
    QCOMPARE(header(reply, "cache-control"), QByteArray("no-store"));
    QVERIFY(!header(reply, "date").isEmpty());
    QCOMPARE(api.stats().tokensIssued, quint64(1));
}

void TestSandboxApi::clientCredentialsWithBasic()
{
    SandboxApi api({}, &m_clock);
    api.setClient(QStringLiteral("id:with colon"), QStringLiteral("s&cret+plus"));
    // RFC 6749 §2.3.1: form-encode each part before joining with ':'.
    const QByteArray pair = QUrl::toPercentEncoding(QStringLiteral("id:with colon")) + ':'
            + QUrl::toPercentEncoding(QStringLiteral("s&cret+plus"));
    QCOMPARE(api.handle(tokenRequest("grant_type=client_credentials", pair)).status, 200);
    QCOMPARE(api.handle(tokenRequest("grant_type=client_credentials", "id%3Awith%20colon:wrong")).status, 401);
}

void TestSandboxApi::passwordGrant()
{
    SandboxApi api({}, &m_clock);
    QCOMPARE(api.handle(tokenRequest("grant_type=password&username=demo-user&password=demo-password")).status, 200);
    // '+' is a space in form encoding.
    api.setUser(QStringLiteral("ada"), QStringLiteral("two words"));
    QCOMPARE(api.handle(tokenRequest("grant_type=password&username=ada&password=two+words")).status, 200);
}

void TestSandboxApi::tokenErrorsInBothStyles_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QByteArray>("form");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("valueContains");
    QTest::newRow("bioepic wrong secret")
            << "bioepic" << QByteArray("grant_type=client_credentials&client_id=demo-client&client_secret=x") << 401
            << "error"
            << "invalid_client";
    QTest::newRow("bioepic unknown client")
            << "bioepic" << QByteArray("grant_type=client_credentials&client_id=nobody&client_secret=x") << 401
            << "error"
            << "invalid_client";
    QTest::newRow("bioepic wrong password")
            << "bioepic" << QByteArray("grant_type=password&username=demo-user&password=x") << 400 << "error"
            << "invalid_grant";
    QTest::newRow("bioepic bad grant") << "bioepic" << QByteArray("grant_type=implicit") << 400 << "error"
                                       << "unsupported_grant_type";
    QTest::newRow("bioepic missing grant") << "bioepic" << QByteArray("client_id=x") << 400 << "error"
                                           << "invalid_request";
    QTest::newRow("bioepic missing secret")
            << "bioepic" << QByteArray("grant_type=client_credentials&client_id=x") << 400 << "error"
            << "invalid_request";
    QTest::newRow("nmdc wrong secret") << "nmdc"
                                       << QByteArray(
                                                  "grant_type=client_credentials&client_id=demo-client&client_secret=x")
                                       << 401 << "detail"
                                       << "Incorrect client_id or client_secret";
    QTest::newRow("nmdc wrong password") << "nmdc" << QByteArray("grant_type=password&username=demo-user&password=x")
                                         << 401 << "detail"
                                         << "Incorrect username or password";
    QTest::newRow("nmdc bad grant") << "nmdc" << QByteArray("grant_type=implicit") << 422 << "detail"
                                    << "String should match pattern";
    // The NMDC Runtime reads a form without grant_type as client credentials, and fails them.
    QTest::newRow("nmdc missing grant") << "nmdc" << QByteArray("client_id=x") << 401 << "detail"
                                        << "Incorrect client_id or client_secret";
    QTest::newRow("nmdc missing fields") << "nmdc" << QByteArray("grant_type=client_credentials") << 400 << "detail"
                                         << "grant_type client_credentials requires client_id and client_secret";
    QTest::newRow("nmdc password without password")
            << "nmdc" << QByteArray("grant_type=password&username=demo-user") << 400 << "detail"
            << "grant_type password requires username and password";
}

void TestSandboxApi::tokenErrorsInBothStyles()
{
    QFETCH(QString, profile);
    QFETCH(QByteArray, form);
    QFETCH(int, status);
    QFETCH(QString, key);
    QFETCH(QString, valueContains);
    SandboxOptions options;
    options.profile = *sandboxProfileFromName(profile);
    SandboxApi api(options, &m_clock);
    const SandboxReply reply = api.handle(tokenRequest(form));
    QCOMPARE(reply.status, status);
    const QJsonValue value = body(reply).value(key);
    const QString text
            = value.isArray() ? QString::fromUtf8(QJsonDocument(value.toArray()).toJson()) : value.toString();
    QVERIFY2(text.contains(valueContains), qPrintable(text));
    if (status == 401)
        QVERIFY(!header(reply, "www-authenticate").isEmpty());
    QCOMPARE(api.stats().tokensIssued, quint64(0));
}

void TestSandboxApi::nmdcIssuesJwtWithExpiresObject()
{
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    options.tokenLifetimeS = 86400 + 3600 + 90;
    SandboxApi api(options, &m_clock);
    const QJsonObject object = body(
            api.handle(tokenRequest("grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret")));
    QVERIFY(!object.contains(QStringLiteral("expires_in")));
    const QJsonObject expires = object.value(QStringLiteral("expires")).toObject();
    QCOMPARE(expires.value(QStringLiteral("days")).toInt(), 1);
    QCOMPARE(expires.value(QStringLiteral("hours")).toInt(), 1);
    QCOMPARE(expires.value(QStringLiteral("minutes")).toInt(), 1);
    QCOMPARE(expires.value(QStringLiteral("seconds")).toInt(), 30);
    const auto jwt = decodeJwt(object.value(QStringLiteral("access_token")).toString().toLatin1());
    QVERIFY(jwt);
    QCOMPARE(jwt->header.value(QStringLiteral("alg")).toString(), QStringLiteral("HS256"));
    QCOMPARE(jwt->claims.value(QStringLiteral("sub")).toString(), QStringLiteral("client:demo-client"));
    QCOMPARE(qint64(jwt->claims.value(QStringLiteral("exp")).toDouble()),
             m_clock.now().toSecsSinceEpoch() + options.tokenLifetimeS);
}

void TestSandboxApi::pagingToTheLastPageWithSingleUseTokens()
{
    SandboxOptions options;
    options.records = 250;
    SandboxApi api(options, &m_clock);
    const QString token = tokenFor(api);
    QStringList ids;
    QString pageToken;
    int pages = 0;
    QString firstPageToken;
    do {
        QList<std::pair<QString, QString>> query{{QStringLiteral("max_page_size"), QStringLiteral("100")}};
        if (!pageToken.isEmpty())
            query.append({QStringLiteral("page_token"), pageToken});
        const SandboxReply reply = api.handle(getRequest(QStringLiteral("/api/samples"), token, query));
        QCOMPARE(reply.status, 200);
        const QJsonObject object = body(reply);
        for (const QJsonValue &record : object.value(QStringLiteral("results")).toArray())
            ids.append(record.toObject().value(QStringLiteral("id")).toString());
        pageToken = object.value(QStringLiteral("next_page_token")).toString();
        if (pages == 0)
            firstPageToken = pageToken;
        QCOMPARE(object.contains(QStringLiteral("next_page_token")), !pageToken.isEmpty());
        ++pages;
    } while (!pageToken.isEmpty());
    QCOMPARE(pages, 3);
    QCOMPARE(ids.size(), 250);
    QCOMPARE(ids.first(), QStringLiteral("bioepic:smp-000001"));
    QCOMPARE(ids.last(), QStringLiteral("bioepic:smp-000250"));
    QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), 250);

    // Reusing a page token is refused.
    const SandboxReply reused = api.handle(
            getRequest(QStringLiteral("/api/samples"), token, {{QStringLiteral("page_token"), firstPageToken}}));
    QCOMPARE(reused.status, 400);
    QVERIFY(body(reused).value(QStringLiteral("error_description")).toString().contains(QLatin1String("already used")));
}

void TestSandboxApi::resourcesKeyUnderNmdcschema()
{
    SandboxOptions options;
    options.records = 30;
    SandboxApi api(options, &m_clock);
    const QString token = tokenFor(api);
    const QJsonObject object = body(api.handle(getRequest(QStringLiteral("/nmdcschema/studies"), token)));
    QVERIFY(object.contains(QStringLiteral("resources")));
    QVERIFY(!object.contains(QStringLiteral("results")));
    // Last page: the NMDC Runtime leaves next_page_token out.
    QVERIFY(!object.contains(QStringLiteral("next_page_token")));
}

void TestSandboxApi::filtersAndProjection_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("check"); // how each returned record must look
    QTest::newRow("equality") << R"({"ecosystem":"Marine"})"
                              << "ecosystem"
                              << "eq:Marine";
    QTest::newRow("$gt number") << R"({"depth_m":{"$gt":100}})"
                                << "depth_m"
                                << "gt:100";
    QTest::newRow("$lte number") << R"({"ph":{"$lte":4}})"
                                 << "ph"
                                 << "lte:4";
    QTest::newRow("$in strings") << R"({"sequencing_status":{"$in":["failed","pending"]}})"
                                 << "sequencing_status"
                                 << "in:failed,pending";
    QTest::newRow("$ne") << R"({"sequencing_status":{"$ne":"sequenced"}})"
                         << "sequencing_status"
                         << "ne:sequenced";
    QTest::newRow("$regex") << R"({"name":{"$regex":"^Soil sample 1"}})"
                            << "name"
                            << "prefix:Soil sample 1";
    QTest::newRow("array contains") << R"({"tags":"ITS"})"
                                    << "tags"
                                    << "contains:ITS";
    QTest::newRow("date range") << R"({"collection_date":{"$gte":"2024-01-01","$lt":"2025-01-01"}})"
                                << "collection_date"
                                << "prefix:2024-";
}

void TestSandboxApi::filtersAndProjection()
{
    QFETCH(QString, filter);
    QFETCH(QString, field);
    QFETCH(QString, check);
    SandboxOptions options;
    options.records = 2000;
    SandboxApi api(options, &m_clock);
    const QString token = tokenFor(api);
    const SandboxReply reply = api.handle(getRequest(QStringLiteral("/api/samples"), token,
                                                     {{QStringLiteral("filter"), filter},
                                                      {QStringLiteral("projection"), field},
                                                      {QStringLiteral("max_page_size"), QStringLiteral("500")}}));
    QCOMPARE(reply.status, 200);
    const QJsonArray results = body(reply).value(QStringLiteral("results")).toArray();
    QVERIFY2(!results.isEmpty(), "the filter should match something in 2000 samples");
    const QString op = check.section(QLatin1Char(':'), 0, 0);
    const QString operand = check.section(QLatin1Char(':'), 1);
    for (const QJsonValue &item : results) {
        const QJsonObject record = item.toObject();
        QStringList expectedKeys{field, QStringLiteral("id")};
        expectedKeys.sort(); // QJsonObject keeps keys sorted
        QCOMPARE(record.keys(), expectedKeys);
        const QJsonValue value = record.value(field);
        if (op == QLatin1String("eq"))
            QCOMPARE(value.toString(), operand);
        else if (op == QLatin1String("gt"))
            QVERIFY(value.toDouble() > operand.toDouble());
        else if (op == QLatin1String("lte"))
            QVERIFY(value.toDouble() <= operand.toDouble());
        else if (op == QLatin1String("in"))
            QVERIFY(operand.split(QLatin1Char(',')).contains(value.toString()));
        else if (op == QLatin1String("ne"))
            QVERIFY(value.toString() != operand);
        else if (op == QLatin1String("prefix"))
            QVERIFY2(value.toString().startsWith(operand), qPrintable(value.toString()));
        else if (op == QLatin1String("contains"))
            QVERIFY(value.toArray().contains(operand));
    }
}

void TestSandboxApi::invalidFilterIsRejected()
{
    QString error;
    QVERIFY(!RecordFilter::parse("{\"a\": ", &error));
    QVERIFY(error.contains(QLatin1String("character")));
    QVERIFY(!RecordFilter::parse(R"({"a":{"$near":1}})", &error));
    QVERIFY(error.contains(QLatin1String("$near")));
    const QByteArray badRegex = "{\"a\":{\"$regex\":\"(\"}}"; // an unbalanced group
    QVERIFY(!RecordFilter::parse(badRegex, &error));
    QVERIFY(!RecordFilter::parse(R"({"a":{"$in":3}})", &error));
    QVERIFY(!RecordFilter::parse(R"([1])", &error));

    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    SandboxApi api(options, &m_clock);
    const QString token = tokenFor(api);
    const SandboxReply reply = api.handle(getRequest(QStringLiteral("/nmdcschema/samples"), token,
                                                     {{QStringLiteral("filter"), QStringLiteral("{oops")}}));
    QCOMPARE(reply.status, 422);
    QCOMPARE(body(reply).value(QStringLiteral("detail")).toString(),
             QStringLiteral("The given `filter` is not a valid JSON object, which must start with '{' and end with "
                            "'}'."));
    // FastAPI's own validation error: a list of {type, loc, msg, input}.
    const SandboxReply size = api.handle(getRequest(QStringLiteral("/nmdcschema/samples"), token,
                                                    {{QStringLiteral("max_page_size"), QStringLiteral("ten")}}));
    QCOMPARE(size.status, 422);
    const QJsonObject problem = body(size).value(QStringLiteral("detail")).toArray().first().toObject();
    QCOMPARE(problem.value(QStringLiteral("loc")).toArray(),
             (QJsonArray{QStringLiteral("query"), QStringLiteral("max_page_size")}));
    QVERIFY(problem.value(QStringLiteral("msg"))
                    .toString()
                    .startsWith(QLatin1String("Input should be a valid integer")));
}

void TestSandboxApi::recordById()
{
    SandboxApi api({}, &m_clock);
    const QString token = tokenFor(api);
    const SandboxReply reply = api.handle(getRequest(QStringLiteral("/api/samples/bioepic:smp-000042"), token));
    QCOMPARE(reply.status, 200);
    QCOMPARE(body(reply).value(QStringLiteral("id")).toString(), QStringLiteral("bioepic:smp-000042"));
    QCOMPARE(api.handle(getRequest(QStringLiteral("/api/samples/bioepic:smp-999999"), token)).status, 404);
    QCOMPARE(api.handle(getRequest(QStringLiteral("/api/nothing"), token)).status, 404);
}

void TestSandboxApi::protectedCalls()
{
    SandboxApi api({}, &m_clock);
    QCOMPARE(api.handle(getRequest(QStringLiteral("/health"), {})).status, 200);
    QCOMPARE(api.handle(getRequest(QStringLiteral("/version"), {})).status, 200);
    const SandboxReply anonymous = api.handle(getRequest(QStringLiteral("/api/samples"), {}));
    QCOMPARE(anonymous.status, 401);
    QVERIFY(header(anonymous, "www-authenticate").startsWith("Bearer"));
    QCOMPARE(api.handle(getRequest(QStringLiteral("/users/me"), QStringLiteral("sbx_forged"))).status, 401);
    const QString token = tokenFor(api);
    const QJsonObject me = body(api.handle(getRequest(QStringLiteral("/users/me"), token)));
    QCOMPARE(me.value(QStringLiteral("username")).toString(), QStringLiteral("demo-client"));
    const SandboxReply forbidden = api.handle(getRequest(QStringLiteral("/api/restricted"), token));
    QCOMPARE(forbidden.status, 403);
}

void TestSandboxApi::tokensExpireOnTheServerClock()
{
    SandboxOptions options;
    options.tokenLifetimeS = 60;
    SandboxApi api(options, &m_clock);
    const QString token = tokenFor(api);
    m_clock.advance(59);
    QCOMPARE(api.handle(getRequest(QStringLiteral("/users/me"), token)).status, 200);
    m_clock.advance(1);
    const SandboxReply expired = api.handle(getRequest(QStringLiteral("/users/me"), token));
    QCOMPARE(expired.status, 401);
    QVERIFY(body(expired).value(QStringLiteral("error_description")).toString().contains(QLatin1String("expired")));
}

void TestSandboxApi::knobs()
{
    SandboxApi api({}, &m_clock);
    api.setClockSkewS(600);
    const SandboxReply reply = api.handle(getRequest(QStringLiteral("/health"), {}));
    const QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(header(reply, "date")),
                                                   QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    QCOMPARE(QDateTime(date.date(), date.time(), QTimeZone::utc()), m_clock.now().addSecs(600));
    api.setErrorRate(1.0);
    const SandboxReply failing = api.handle(getRequest(QStringLiteral("/health"), {}));
    QCOMPARE(failing.status, 503);
    QCOMPARE(header(failing, "retry-after"), QByteArray("1"));
    QCOMPARE(api.handle(getRequest(QStringLiteral("/sandbox/stats"), {})).status, 200); // control path is never failed
    api.setErrorRate(0);
    api.setLatencyMs(250);
    QCOMPARE(api.latencyMs(), 250);
    api.setJwtExpOffsetS(-300);
    api.setProfile(SandboxProfile::Nmdc);
    const QJsonObject object = body(
            api.handle(tokenRequest("grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret")));
    const auto jwt = decodeJwt(object.value(QStringLiteral("access_token")).toString().toLatin1());
    QCOMPARE(qint64(jwt->claims.value(QStringLiteral("exp")).toDouble()),
             m_clock.now().addSecs(600 + 600 - 300).toSecsSinceEpoch());
    QVERIFY(api.stats().injectedErrors >= 1);
}

void TestSandboxApi::revokedClientLosesItsTokens()
{
    SandboxApi api({}, &m_clock);
    const QString token = tokenFor(api);
    api.revoke(QStringLiteral("demo-client"));
    QCOMPARE(api.handle(getRequest(QStringLiteral("/users/me"), token)).status, 401);
    QCOMPARE(tokenFor(api), QString());
}

void TestSandboxApi::catalogIsDeterministic()
{
    SyntheticCatalog a(1000, 7);
    SyntheticCatalog b(1000, 7);
    SyntheticCatalog c(1000, 8);
    QCOMPARE(a.record(QStringLiteral("samples"), 500), b.record(QStringLiteral("samples"), 500));
    QVERIFY(a.record(QStringLiteral("samples"), 500) != c.record(QStringLiteral("samples"), 500));
    QCOMPARE(a.count(QStringLiteral("studies")), 5);
    QCOMPARE(a.count(QStringLiteral("sites")), 20);
    QCOMPARE(a.indexOf(QStringLiteral("samples"), QStringLiteral("bioepic:smp-000777")), 776);
    QCOMPARE(a.indexOf(QStringLiteral("samples"), QStringLiteral("bioepic:smp-001001")), -1);
    QCOMPARE(a.indexOf(QStringLiteral("samples"), QStringLiteral("bioepic:sty-0001")), -1);
}

void TestSandboxApi::nmdcschemaIsPublicAndFailsAsTheRuntimeDoes()
{
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    options.records = 50;
    SandboxApi api(options, &m_clock);
    // No token needed to read, as on the NMDC Runtime.
    const SandboxReply list = api.handle(getRequest(QStringLiteral("/nmdcschema/biosample_set"), {}));
    QCOMPARE(list.status, 200);
    QCOMPARE(body(list).value(QStringLiteral("resources")).toArray().size(), 20); // the default page
    const SandboxReply unknown = api.handle(getRequest(QStringLiteral("/nmdcschema/nothing_set"), {}));
    QCOMPARE(unknown.status, 400);
    QVERIFY(body(unknown)
                    .value(QStringLiteral("detail"))
                    .toString()
                    .startsWith(QLatin1String("Collection name must be one of ['samples', ")));
    const SandboxReply missing = api.handle(getRequest(QStringLiteral("/nmdcschema/biosample_set/nmdc:bsm-11-x"), {}));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.body, QByteArray(R"({"detail":"Not found"})"));
    const SandboxReply route = api.handle(getRequest(QStringLiteral("/nmdcschema"), {}));
    QCOMPARE(route.status, 404);
    QCOMPARE(route.body, QByteArray(R"({"detail":"Not Found"})"));
    const SandboxReply badToken = api.handle(getRequest(QStringLiteral("/nmdcschema/biosample_set"), {},
                                                        {{QStringLiteral("page_token"), QStringLiteral("nope")}}));
    QCOMPARE(badToken.status, 400);
    QCOMPARE(badToken.body, QByteArray(R"({"detail":"Bad page_token"})"));
    // /users/me needs a token; without one the server says so in its own words.
    const SandboxReply me = api.handle(getRequest(QStringLiteral("/users/me"), {}));
    QCOMPARE(me.status, 401);
    QCOMPARE(body(me).value(QStringLiteral("detail")).toString(),
             QStringLiteral("Access token is invalid or missing. Please log in again."));
    QCOMPARE(body(api.handle(getRequest(QStringLiteral("/users/me"), tokenFor(api)))),
             (QJsonObject{{QStringLiteral("username"), QStringLiteral("demo-client")}}));
    QCOMPARE(api.stats().whoAmIRequests, quint64(2));
}

void TestSandboxApi::nmdcPagingQuirk()
{
    // 40 biosamples (39 + the awkward one) in pages of 20: the second page is full, so it still
    // carries a token, and the third page is empty with none; as the NMDC Runtime pages.
    SandboxOptions options;
    options.records = 39;
    SandboxApi api(options, &m_clock);
    QList<int> sizes;
    QString pageToken;
    do {
        QList<std::pair<QString, QString>> query;
        if (!pageToken.isEmpty())
            query.append({QStringLiteral("page_token"), pageToken});
        const QJsonObject page = body(api.handle(getRequest(QStringLiteral("/nmdcschema/biosample_set"), {}, query)));
        sizes.append(int(page.value(QStringLiteral("resources")).toArray().size()));
        pageToken = page.value(QStringLiteral("next_page_token")).toString();
    } while (!pageToken.isEmpty() && sizes.size() < 10);
    QCOMPARE(sizes, (QList<int>{20, 20, 0}));
}

void TestSandboxApi::dottedFiltersAndProjections()
{
    SandboxOptions options;
    options.records = 200;
    SandboxApi api(options, &m_clock);
    const QJsonObject page = body(api.handle(
            getRequest(QStringLiteral("/nmdcschema/biosample_set"), {},
                       {{QStringLiteral("filter"), QStringLiteral(R"({"env_broad_scale.term.id": "ENVO:00000446"})")},
                        {QStringLiteral("projection"), QStringLiteral("env_broad_scale.term.name, lat_lon.latitude")},
                        {QStringLiteral("max_page_size"), QStringLiteral("0")}})));
    const QJsonArray resources = page.value(QStringLiteral("resources")).toArray();
    QVERIFY(resources.size() > 10);
    for (const QJsonValue &value : resources) {
        const QJsonObject record = value.toObject();
        QCOMPARE(record.keys(),
                 (QStringList{QStringLiteral("env_broad_scale"), QStringLiteral("id"), QStringLiteral("lat_lon")}));
        QCOMPARE(record.value(QStringLiteral("env_broad_scale"))
                         .toObject()
                         .value(QStringLiteral("term"))
                         .toObject()
                         .value(QStringLiteral("name"))
                         .toString(),
                 QStringLiteral("terrestrial biome"));
        QVERIFY(record.value(QStringLiteral("lat_lon")).toObject().value(QStringLiteral("latitude")).isDouble());
    }
    QVERIFY(!page.contains(QStringLiteral("next_page_token"))); // max_page_size 0: everything, one page
    // A record by id takes a projection too.
    const QJsonObject one = body(api.handle(getRequest(QStringLiteral("/nmdcschema/biosample_set/nmdc:bsm-11-000007"),
                                                       {}, {{QStringLiteral("projection"), QStringLiteral("ph")}})));
    QCOMPARE(one.keys(), (QStringList{QStringLiteral("id"), QStringLiteral("ph")}));
}

void TestSandboxApi::awkwardIdIsOneSegment()
{
    SandboxOptions options;
    options.records = 10;
    SandboxApi api(options, &m_clock);
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(QLatin1String(SyntheticCatalog::kAwkwardId)));
    const SandboxReply reply = api.handle(getRequest(QStringLiteral("/nmdcschema/biosample_set/") + encoded, {}));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, SyntheticCatalog::awkwardRecordBytes()); // served as written, "0.0" and all
    // Unencoded, the "/" splits the path: that is no record route at all.
    QCOMPARE(api.handle(getRequest(QStringLiteral("/nmdcschema/biosample_set/nmdc:bsm-11-odd/one"), {})).status, 404);
}

void TestSandboxApi::aNewSigningKeyRejectsEveryToken()
{
    for (const SandboxProfile profile : {SandboxProfile::Bioepic, SandboxProfile::Nmdc}) {
        SandboxOptions options;
        options.profile = profile;
        SandboxApi api(options, &m_clock);
        const QString token = tokenFor(api);
        QCOMPARE(api.handle(getRequest(QStringLiteral("/users/me"), token)).status, 200);
        QCOMPARE(api.rotateSigningKey(), 1);
        const SandboxReply refused = api.handle(getRequest(QStringLiteral("/users/me"), token));
        QCOMPARE(refused.status, 401);
        if (profile == SandboxProfile::Nmdc)
            QCOMPARE(body(refused).value(QStringLiteral("detail")).toString(),
                     QStringLiteral("Access token is invalid. Please log in again."));
        QCOMPARE(api.handle(getRequest(QStringLiteral("/users/me"), tokenFor(api))).status, 200);
    }
    // The control endpoint does the same for a running server.
    SandboxApi api({}, &m_clock);
    const QString token = tokenFor(api);
    SandboxRequest rotate;
    rotate.method = "POST";
    rotate.path = QStringLiteral("/sandbox/rotate-signing-key");
    QCOMPARE(api.handle(rotate).status, 200);
    QCOMPARE(api.handle(getRequest(QStringLiteral("/users/me"), token)).status, 401);
}

void TestSandboxApi::signingKeyFileSurvivesARestart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("key"));
    QByteArray first;
    QByteArray again;
    QString error;
    QVERIFY(SandboxApi::loadSigningKey(path, &first, &error));
    QCOMPARE(QFile(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    QVERIFY(SandboxApi::loadSigningKey(path, &again, &error));
    QCOMPARE(again, first);
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    SandboxApi before(options, &m_clock);
    before.setSigningKey(first);
    const QString token = tokenFor(before);
    SandboxApi restarted(options, &m_clock);
    restarted.setSigningKey(again);
    QCOMPARE(restarted.handle(getRequest(QStringLiteral("/users/me"), token)).status, 200);
    SandboxApi newKey(options, &m_clock);
    QCOMPARE(newKey.handle(getRequest(QStringLiteral("/users/me"), token)).status, 401);
    QFile shortKey(dir.filePath(QStringLiteral("short")));
    QVERIFY(shortKey.open(QIODevice::WriteOnly) && shortKey.write("abc") == 3);
    shortKey.close();
    QVERIFY(!SandboxApi::loadSigningKey(shortKey.fileName(), &again, &error));
    QVERIFY2(error.contains(QLatin1String("fewer than 16 bytes")), qPrintable(error));
}

void TestSandboxApi::fastApiSaysWhyATokenIsRefused()
{
    SandboxOptions options;
    options.profile = SandboxProfile::Nmdc;
    options.tokenLifetimeS = 60;
    SandboxApi api(options, &m_clock);
    const QString expiring = tokenFor(api);
    m_clock.advance(61);
    QCOMPARE(body(api.handle(getRequest(QStringLiteral("/users/me"), expiring))).value(QStringLiteral("detail")),
             QJsonValue(QStringLiteral("Access token has expired. Please log in again.")));
    api.setClient(QStringLiteral("lab"), QStringLiteral("s1"));
    api.addClientSecret(QStringLiteral("lab"), QStringLiteral("s2"));
    const QJsonObject reply
            = body(api.handle(tokenRequest("grant_type=client_credentials&client_id=lab&client_secret=s1")));
    const QString token = reply.value(QStringLiteral("access_token")).toString();
    api.revokeClientSecret(QStringLiteral("lab"), QStringLiteral("s1"));
    QCOMPARE(body(api.handle(getRequest(QStringLiteral("/users/me"), token))).value(QStringLiteral("detail")),
             QJsonValue(QStringLiteral("Access token has been invalidated. Please log in again.")));
}

QTEST_GUILESS_MAIN(TestSandboxApi)
#include "tst_sandboxapi.moc"
