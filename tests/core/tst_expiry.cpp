// Expiry resolution: expires_in → expires{} → JWT exp → 3600 default, skew, disagreement, buffer.
#include "auth/token.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace bioepic;

namespace {

const QDateTime kNow(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());

QByteArray jwtWith(const QJsonObject &claims)
{
    const auto part = [](const QJsonObject &object) {
        return QJsonDocument(object)
                .toJson(QJsonDocument::Compact)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return part({{QStringLiteral("alg"), QStringLiteral("HS256")}}) + '.' + part(claims) + ".c2lnbmF0dXJl";
}

QJsonObject reply(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class TestExpiry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resolve_data();
    void resolve();
    void stateFollowsTheClock();
    void infoRoundTripsThroughJson();
};

void TestExpiry::resolve_data()
{
    QTest::addColumn<QJsonObject>("reply");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<qint64>("serverOffsetS"); // Date header minus local time; 0 = no header
    QTest::addColumn<int>("bufferS");
    QTest::addColumn<QString>("source");
    QTest::addColumn<qint64>("lifetimeS");
    QTest::addColumn<qint64>("refreshBeforeExpiryS");
    QTest::addColumn<QString>("warningContains"); // empty: no warning expected

    const QByteArray opaque = "opaque-token";
    const qint64 now = kNow.toSecsSinceEpoch();

    QTest::newRow("expires_in") << reply(R"({"access_token":"x","expires_in":3600})") << opaque << 0LL << 300
                                << "expires_in" << 3600LL << 300LL << "";
    QTest::newRow("expires_in as numeric string")
            << reply(R"({"expires_in":"1800"})") << opaque << 0LL << 300 << "expires_in" << 1800LL << 300LL << "";
    QTest::newRow("buffer capped at half a short lifetime")
            << reply(R"({"expires_in":120})") << opaque << 0LL << 300 << "expires_in" << 120LL << 60LL << "";
    QTest::newRow("zero buffer") << reply(R"({"expires_in":600})") << opaque << 0LL << 0 << "expires_in" << 600LL << 0LL
                                 << "";
    QTest::newRow("expires_in zero is ignored") << reply(R"({"expires_in":0})") << opaque << 0LL << 300 << "default"
                                                << 3600LL << 300LL << "ignored \"expires_in\"";
    QTest::newRow("expires_in negative is ignored") << reply(R"({"expires_in":-5})") << opaque << 0LL << 300
                                                    << "default" << 3600LL << 300LL << "ignored \"expires_in\"";
    QTest::newRow("expires_in garbage is ignored") << reply(R"({"expires_in":"soon"})") << opaque << 0LL << 300
                                                   << "default" << 3600LL << 300LL << "ignored \"expires_in\"";
    QTest::newRow("expires_in null means absent") << reply(R"({"expires_in":null})") << opaque << 0LL << 300
                                                  << "default" << 3600LL << 300LL << "stated no expiry";
    QTest::newRow("NMDC expires object, one day") << reply(R"({"expires":{"days":1,"hours":0,"minutes":0}})") << opaque
                                                  << 0LL << 300 << "expires" << 86400LL << 300LL << "";
    QTest::newRow("NMDC expires object with seconds") << reply(R"({"expires":{"minutes":10,"seconds":30}})") << opaque
                                                      << 0LL << 300 << "expires" << 630LL << 300LL << "";
    QTest::newRow("NMDC expires object, empty") << reply(R"({"expires":{}})") << opaque << 0LL << 300 << "default"
                                                << 3600LL << 300LL << "ignored \"expires\"";
    QTest::newRow("NMDC expires object, negative") << reply(R"({"expires":{"hours":-1}})") << opaque << 0LL << 300
                                                   << "default" << 3600LL << 300LL << "ignored \"expires\"";
    QTest::newRow("expires_in wins over expires") << reply(R"({"expires_in":600,"expires":{"minutes":10}})") << opaque
                                                  << 0LL << 300 << "expires_in" << 600LL << 300LL << "";
    QTest::newRow("JWT exp only") << QJsonObject() << jwtWith({{QStringLiteral("exp"), now + 900}}) << 0LL << 300
                                  << "jwt" << 900LL << 300LL << "";
    QTest::newRow("JWT exp disagrees with expires_in")
            << reply(R"({"expires_in":3600})") << jwtWith({{QStringLiteral("exp"), now + 600}}) << 0LL << 300
            << "expires_in" << 3600LL << 300LL << "disagree by 3000 s";
    QTest::newRow("JWT exp agrees within 60 s")
            << reply(R"({"expires_in":3600})") << jwtWith({{QStringLiteral("exp"), now + 3630}}) << 0LL << 300
            << "expires_in" << 3600LL << 300LL << "";
    QTest::newRow("JWT exp not a number") << QJsonObject() << jwtWith({{QStringLiteral("exp"), QStringLiteral("x")}})
                                          << 0LL << 300 << "default" << 3600LL << 300LL << "not a date in seconds";
    QTest::newRow("JWT exp out of any range") << QJsonObject() << jwtWith({{QStringLiteral("exp"), 1e300}}) << 0LL
                                              << 300 << "default" << 3600LL << 300LL << "not a date in seconds";
    QTest::newRow("expires object of a million years")
            << QJsonObject{{QStringLiteral("expires"), QJsonObject{{QStringLiteral("days"), 3.65e8}}}} << opaque << 0LL
            << 300 << "default" << 3600LL << 300LL << "more than ten years";
    QTest::newRow("nothing at all") << QJsonObject() << opaque << 0LL << 300 << "default" << 3600LL << 300LL
                                    << "a guess";
    QTest::newRow("three dots but not a JWT")
            << QJsonObject() << QByteArray("a.b.c") << 0LL << 300 << "default" << 3600LL << 300LL << "a guess";
    // The server is 5 minutes ahead: its JWT exp (server time + 600) is 600 s away on our clock too.
    QTest::newRow("skewed server, JWT exp read on server time")
            << QJsonObject() << jwtWith({{QStringLiteral("exp"), now + 300 + 600}}) << 300LL << 300 << "jwt" << 600LL
            << 300LL << "300 s ahead of";
    QTest::newRow("skewed server, expires_in unaffected") << reply(R"({"expires_in":600})") << opaque << -200LL << 300
                                                          << "expires_in" << 600LL << 300LL << "200 s behind";
    QTest::newRow("small skew is tolerated") << QJsonObject() << jwtWith({{QStringLiteral("exp"), now + 600}}) << 30LL
                                             << 300 << "jwt" << 600LL << 300LL << "";
    QTest::newRow("JWT already expired") << QJsonObject() << jwtWith({{QStringLiteral("exp"), now - 10}}) << 0LL << 300
                                         << "jwt" << -10LL << 0LL << "already expired";
}

void TestExpiry::resolve()
{
    QFETCH(QJsonObject, reply);
    QFETCH(QByteArray, token);
    QFETCH(qint64, serverOffsetS);
    QFETCH(int, bufferS);
    QFETCH(QString, source);
    QFETCH(qint64, lifetimeS);
    QFETCH(qint64, refreshBeforeExpiryS);
    QFETCH(QString, warningContains);

    const QDateTime serverDate = serverOffsetS ? kNow.addSecs(serverOffsetS) : QDateTime();
    const TokenInfo info = resolveExpiry({reply, token, kNow, serverDate, bufferS});

    QCOMPARE(expirySourceName(info.expirySource), source);
    QCOMPARE(info.issuedAt, kNow);
    QCOMPARE(kNow.secsTo(info.expiresAt), lifetimeS);
    QCOMPARE(info.refreshAt.secsTo(info.expiresAt), refreshBeforeExpiryS);
    QCOMPARE(info.clockSkewS, serverOffsetS);
    QCOMPARE(info.fingerprint, fingerprintOf(token));
    const QString warnings = info.warnings.join(QLatin1Char('|'));
    if (warningContains.isEmpty())
        QVERIFY2(info.warnings.isEmpty(), qPrintable(warnings));
    else
        QVERIFY2(warnings.contains(warningContains), qPrintable(warnings));
}

void TestExpiry::stateFollowsTheClock()
{
    const TokenInfo info = resolveExpiry({reply(R"({"expires_in":600})"), "t", kNow, {}, 300});
    QCOMPARE(TokenInfo().stateAt(kNow), TokenState::None);
    QCOMPARE(info.stateAt(kNow), TokenState::Valid);
    QCOMPARE(info.stateAt(kNow.addSecs(299)), TokenState::Valid);
    QCOMPARE(info.stateAt(kNow.addSecs(300)), TokenState::RefreshDue);
    QCOMPARE(info.stateAt(kNow.addSecs(599)), TokenState::RefreshDue);
    QCOMPARE(info.stateAt(kNow.addSecs(600)), TokenState::Expired);
}

void TestExpiry::infoRoundTripsThroughJson()
{
    const TokenInfo info = resolveExpiry({reply(R"({"expires_in":"oops"})"), "tok", kNow, kNow.addSecs(120), 300});
    const TokenInfo copy = TokenInfo::fromJson(info.toJson());
    QCOMPARE(copy.issuedAt, info.issuedAt);
    QCOMPARE(copy.expiresAt, info.expiresAt);
    QCOMPARE(copy.refreshAt, info.refreshAt);
    QCOMPARE(copy.expirySource, info.expirySource);
    QCOMPARE(copy.clockSkewS, info.clockSkewS);
    QCOMPARE(copy.warnings, info.warnings);
    QCOMPARE(copy.fingerprint, info.fingerprint);
    QVERIFY(!QJsonDocument(info.toJson()).toJson().contains("tok\""));
}

QTEST_GUILESS_MAIN(TestExpiry)
#include "tst_expiry.moc"
