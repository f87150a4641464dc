// Redaction: what the network log, debug lines and support reports may show.
#include "net/networklog.h"
#include "net/redaction.h"

#include "common/secret.h"

#include <QTest>
#include <QTimeZone>

using namespace bioepic;

class TestRedaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headers_data();
    void headers();
    void urls_data();
    void urls();
    void formBodies_data();
    void formBodies();
    void tokenReplies();
    void scrubEchoedSecrets();
    void secretDebugOutput();
    void logIsBounded();
};

void TestRedaction::headers_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("bearer") << QByteArray("Authorization") << QByteArray("Bearer tok123")
                            << QByteArray("Bearer <redacted ") + fingerprintOf("tok123").toUtf8() + '>';
    QTest::newRow("basic") << QByteArray("authorization") << QByteArray("Basic ZGVtbzpzZWNyZXQ=")
                           << QByteArray("Basic <redacted>");
    QTest::newRow("cookie") << QByteArray("Cookie") << QByteArray("session=abc") << QByteArray("<redacted>");
    QTest::newRow("set-cookie") << QByteArray("Set-Cookie") << QByteArray("session=abc; HttpOnly")
                                << QByteArray("<redacted>");
    QTest::newRow("api key") << QByteArray("X-API-Key") << QByteArray("k-123") << QByteArray("<redacted>");
    QTest::newRow("proxy") << QByteArray("Proxy-Authorization") << QByteArray("Basic eA==") << QByteArray("<redacted>");
    QTest::newRow("harmless") << QByteArray("Content-Type") << QByteArray("application/json")
                              << QByteArray("application/json");
}

void TestRedaction::headers()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(redaction::headerValue(name, value), expected);
}

void TestRedaction::urls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::newRow("query dropped") << "https://api.example.org/api/samples?filter=%7B%7D&page_token=T"
                                   << "https://api.example.org/api/samples";
    QTest::newRow("user info dropped") << "https://me:pw@api.example.org/token"
                                       << "https://api.example.org/token";
    QTest::newRow("fragment dropped") << "https://api.example.org/x#y"
                                      << "https://api.example.org/x";
    QTest::newRow("port kept") << "http://127.0.0.1:8765/token"
                               << "http://127.0.0.1:8765/token";
}

void TestRedaction::urls()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QCOMPARE(redaction::url(QUrl(url)), expected);
}

void TestRedaction::formBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("client credentials") << QByteArray(
            "grant_type=client_credentials&client_id=demo&client_secret=s3cr3t%21")
                                        << "grant_type=client_credentials, client_id=demo, client_secret=<redacted>";
    QTest::newRow("password") << QByteArray("grant_type=password&username=ada&password=hunter2")
                              << "grant_type=password, username=ada, password=<redacted>";
    QTest::newRow("unknown fields are redacted")
            << QByteArray("assertion=eyJ&refresh_token=r") << "assertion=<redacted>, refresh_token=<redacted>";
}

void TestRedaction::formBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    const QString shown = redaction::formBody(body);
    QCOMPARE(shown, expected);
    QVERIFY(!shown.contains(QLatin1String("s3cr3t")));
    QVERIFY(!shown.contains(QLatin1String("hunter2")));
}

void TestRedaction::tokenReplies()
{
    const QByteArray reply
            = R"({"access_token":"AT-123456","refresh_token":"RT-999","token_type":"bearer","expires_in":3600})";
    const QString shown = redaction::tokenReply(reply);
    QVERIFY(!shown.contains(QLatin1String("AT-123456")));
    QVERIFY(!shown.contains(QLatin1String("RT-999")));
    QVERIFY(shown.contains(fingerprintOf("AT-123456")));
    QVERIFY(shown.contains(QLatin1String("\"expires_in\":3600")));
    QVERIFY(shown.contains(QLatin1String("bearer")));
    QCOMPARE(redaction::tokenReply("not json at all"), QStringLiteral("<15 bytes, not JSON>"));
    const QString nested = redaction::errorExcerpt(R"({"detail":[{"token":"leak-me","msg":"bad"}]})");
    QVERIFY2(!nested.contains(QLatin1String("leak-me")), qPrintable(nested));
}

void TestRedaction::scrubEchoedSecrets()
{
    const QList<QByteArray> secrets{"p@ss word!", "abc"};
    const QByteArray body = R"({"error_description":"secret p@ss word! or p%40ss%20word%21 is wrong; abc stays"})";
    const QByteArray scrubbed = redaction::scrub(body, secrets);
    QVERIFY(!scrubbed.contains("p@ss word!"));
    QVERIFY(!scrubbed.contains("p%40ss%20word%21"));
    QVERIFY(scrubbed.contains("abc stays")); // too short to scrub without destroying text
}

void TestRedaction::secretDebugOutput()
{
    const Secret secret = Secret::fromString(QStringLiteral("super-secret-value"));
    QString printed;
    QDebug(&printed) << secret;
    QCOMPARE(printed.trimmed(), QStringLiteral("Secret(is set)"));
    QVERIFY(secret.fingerprint().startsWith(QLatin1String("sha256:")));
    QCOMPARE(secret.fingerprint().size(), 15);
    QVERIFY(secret.equals(Secret::fromString(QStringLiteral("super-secret-value"))));
    QVERIFY(!secret.equals(Secret::fromString(QStringLiteral("super-secret-valuE"))));
}

void TestRedaction::logIsBounded()
{
    NetworkLog log(3);
    for (int i = 0; i < 5; ++i)
        log.begin({});
    const QList<NetworkLogEntry> entries = log.entries();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.first().id, quint64(3));
    log.finish(5, [](NetworkLogEntry &entry) { entry.httpStatus = 401; });
    QVERIFY(log.entry(5)->failed());
    QVERIFY(!log.entry(1));
}

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
