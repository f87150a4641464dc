// bioepic-cred against a hostile server and a hand-edited settings file: every reply bounded in
// size and time, nothing from the server reaching a header or a terminal raw, nothing sent over
// plain http. Credentials come from the process environment (--from-env), so no keychain is
// touched except where the keychain is the point.
#include "hostileserver.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

#include <sys/resource.h>

using namespace bioepic;
using Reply = test::HostileServer::Reply;
using Mode = test::HostileServer::Mode;

namespace {

constexpr char kGoodToken[] = R"({"access_token":"good-token-123","token_type":"bearer","expires_in":600})";

#if defined(__SANITIZE_ADDRESS__)
constexpr long kPeakLimitMiB = 600; // ASan's shadow memory comes on top
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr long kPeakLimitMiB = 600;
#else
constexpr long kPeakLimitMiB = 200;
#endif
#else
constexpr long kPeakLimitMiB = 200;
#endif

/** Peak resident memory of any child waited for so far, in MiB (a 2 GiB body read whole is far above the limit). */
long childPeakMiB()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss / 1024;
}

bool hasControlBytes(const QByteArray &bytes)
{
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\n') || u == 0x7f)
            return true;
    }
    return false;
}

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void endlessTokenReplyIsCutOff();
    void endlessSearchPageIsCutOff();
    void tricklingServerMeetsTheDeadline();
    void tokenWithALineBreakIsRefused();
    void controlCharactersAreEscaped();
    void rateLimitSaysWhenToRetry();
    void lyingGzipAndXml();
    void plainHttpInTheSettingsFileSendsNothing();
    void damagedSettingsFileLosesNothing();
    void pathsFromUserInput();
    void lockedKeychainIsNotMissingCredentials();
    void invalidUtf8FailsInEveryFormat();

private:
    test::CliRun cli(const QStringList &arguments, int timeoutMs = 30000);
    void writeSettings(const QByteArray &json);
    [[nodiscard]] QByteArray settings() const;

    test::HostileServer m_server;
    test::TempHome m_home;
    QProcessEnvironment m_environment;
};

void TestHostile::initTestCase()
{
    QVERIFY2(QFile::exists(test::builtProgram(QStringLiteral("bioepic-cred"))), "build bioepic-cred first");
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.configHome());
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home.dataHome());
    m_environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
    m_environment.insert(QStringLiteral("CLIENT_ID"), QStringLiteral("hostile-client"));
    m_environment.insert(QStringLiteral("CLIENT_SECRET"), QStringLiteral("not-a-real-secret"));
    m_environment.remove(QStringLiteral("QT_LOGGING_RULES"));
    const QString url = m_server.baseUrl().toString();
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("evil"), QStringLiteral("--base-url"),
                  url, QStringLiteral("--timeout"), QStringLiteral("3"), QStringLiteral("--max-page-mb"),
                  QStringLiteral("8")})
                     .exitCode,
             0);
}

test::CliRun TestHostile::cli(const QStringList &arguments, int timeoutMs)
{
    return test::runCli(arguments, m_environment, {}, timeoutMs);
}

void TestHostile::writeSettings(const QByteArray &json)
{
    QFile file(m_home.settingsFile());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(json);
}

QByteArray TestHostile::settings() const
{
    QFile file(m_home.settingsFile());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestHostile::endlessTokenReplyIsCutOff()
{
    // {"access_token":"aaaa… without end: a token reply may be 1 MiB, never more.
    Reply reply;
    reply.headers = {{"Content-Type", "application/json"}};
    reply.body = QByteArray(1024 * 1024, 'a');
    reply.body.prepend(R"({"access_token":")");
    reply.mode = Mode::Endless;
    m_server.setReply("/token", reply);
    const test::CliRun run = cli({QStringLiteral("token"), QStringLiteral("evil"), QStringLiteral("--from-env")});
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(run.err.contains("too large") && run.err.contains("1 MiB"), run.err.constData());
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.elapsedMs < 10000, qPrintable(QString::number(run.elapsedMs)));
    QVERIFY2(childPeakMiB() < kPeakLimitMiB, qPrintable(QString::number(childPeakMiB())));
    // The client hung up early: less than the 4 GiB the server would send (what is in flight
    // when it notices depends on the machine; the client's own memory is the bound that matters).
    QVERIFY2(m_server.endlessBytesSent() < qint64(3) * 1024 * 1024 * 1024,
             qPrintable(QString::number(m_server.endlessBytesSent())));
}

void TestHostile::endlessSearchPageIsCutOff()
{
    m_server.setReply("/token", test::HostileServer::json(kGoodToken));
    Reply page;
    page.headers = {{"Content-Type", "application/json"}};
    page.body = QByteArray(R"({"id":"x","pad":")") + QByteArray(1024 * 1024, 'b') + R"("},)";
    page.mode = Mode::Endless;
    m_server.setReply("/api/samples", page);
    const qint64 before = m_server.endlessBytesSent();
    const test::CliRun run = cli({QStringLiteral("search"), QStringLiteral("evil"), QStringLiteral("--from-env"),
                                  QStringLiteral("--collection"), QStringLiteral("samples")});
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(run.err.contains("8 MiB"), run.err.constData());
    QVERIFY2(childPeakMiB() < kPeakLimitMiB, qPrintable(QString::number(childPeakMiB())));
    QVERIFY(m_server.endlessBytesSent() - before < qint64(3) * 1024 * 1024 * 1024);
}

void TestHostile::tricklingServerMeetsTheDeadline()
{
    // A byte every 100 ms never trips a transfer timeout; the 3 s deadline of the whole request does.
    Reply reply = test::HostileServer::json(QByteArray(kGoodToken) + QByteArray(200, ' '));
    reply.mode = Mode::Trickle;
    reply.intervalMs = 100;
    m_server.setReply("/token", reply);
    const test::CliRun run = cli({QStringLiteral("token"), QStringLiteral("evil"), QStringLiteral("--from-env")});
    QCOMPARE(run.exitCode, 5);
    QVERIFY2(run.err.contains("within 3 s"), run.err.constData());
    QVERIFY2(run.elapsedMs < 8000, qPrintable(QString::number(run.elapsedMs)));
}

void TestHostile::tokenWithALineBreakIsRefused()
{
    m_server.setReply("/token", test::HostileServer::json(R"({"access_token":"abc\r\nX-Injected: yes"})"));
    m_server.setReply("/api/samples", test::HostileServer::json(R"({"results":[]})"));
    const qsizetype before = m_server.requests().size();
    const test::CliRun run = cli({QStringLiteral("search"), QStringLiteral("evil"), QStringLiteral("--from-env"),
                                  QStringLiteral("--collection"), QStringLiteral("samples")});
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(run.err.contains("RFC 6750"), run.err.constData());
    // The token request was the last one: no request carried the token, let alone a forged header.
    QCOMPARE(m_server.requests().size(), before + 1);
    QCOMPARE(m_server.requests().last().path, QByteArray("/token"));
    for (const auto &request : m_server.requests())
        QVERIFY(!request.head.contains("X-Injected"));
}

void TestHostile::controlCharactersAreEscaped()
{
    const QByteArray hostile
            = R"({"error":"invalid_client\u001b[31m","error_description":"\u001b[2J\u001b]0;owned\u0007)"
              R"(gone\nerror: forged line\r\u009b1m"})";
    m_server.setReply("/token", test::HostileServer::json(hostile, 401));
    test::CliRun run = cli({QStringLiteral("token"), QStringLiteral("evil"), QStringLiteral("--from-env")});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(!hasControlBytes(run.err), run.err.toHex(' ').constData());
    QVERIFY2(run.err.contains("\\x1b[2J\\x1b]0;owned\\x07gone\\nerror: forged line\\r\\x9b1m"), run.err.constData());
    run = cli({QStringLiteral("doctor"), QStringLiteral("evil"), QStringLiteral("--from-env")});
    QVERIFY(run.exitCode != 0);
    QVERIFY2(!hasControlBytes(run.out + run.err), QByteArray(run.out + run.err).constData());

    // The keychain path: the failure goes into history, and history replays it escaped.
    if (!test::keyringAvailable())
        return;
    QProcessEnvironment keyring = m_environment;
    keyring.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS"));
    keyring.insert(QStringLiteral("BIOEPIC_KEYCHAIN_SERVICE"), test::randomSecret(QStringLiteral("bioepic-hostile")));
    run = test::runCli({QStringLiteral("login"), QStringLiteral("evil"), QStringLiteral("--client-id"),
                        QStringLiteral("x"), QStringLiteral("--secret-stdin")},
                       keyring, "whatever\n");
    QCOMPARE(run.exitCode, 3);
    QVERIFY(!hasControlBytes(run.err));
    run = test::runCli({QStringLiteral("history"), QStringLiteral("evil")}, keyring);
    QVERIFY2(run.out.contains("forged line"), run.out.constData());
    QVERIFY2(!hasControlBytes(run.out + run.err), run.out.constData());
}

void TestHostile::rateLimitSaysWhenToRetry()
{
    Reply reply = test::HostileServer::json(R"({"detail":"slow down"})", 429);
    reply.headers.append(std::pair<QByteArray, QByteArray>("Retry-After", "30"));
    m_server.setReply("/token", reply);
    const test::CliRun run = cli({QStringLiteral("token"), QStringLiteral("evil"), QStringLiteral("--from-env")});
    QCOMPARE(run.exitCode, 5);
    QVERIFY2(run.err.contains("retry in 30 s"), run.err.constData());
}

void TestHostile::lyingGzipAndXml()
{
    Reply gzip = test::HostileServer::json("this is not gzip at all, whatever the header says");
    gzip.headers.append(std::pair<QByteArray, QByteArray>("Content-Encoding", "gzip"));
    m_server.setReply("/token", gzip);
    test::CliRun run = cli({QStringLiteral("token"), QStringLiteral("evil"), QStringLiteral("--from-env")});
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(run.err.contains("decompress"), run.err.constData());

    m_server.setReply("/token", test::HostileServer::json(R"(<?xml version="1.0"?><token>abc</token>)"));
    run = cli({QStringLiteral("token"), QStringLiteral("evil"), QStringLiteral("--from-env")});
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(run.err.contains("XML"), run.err.constData());
}

void TestHostile::plainHttpInTheSettingsFileSendsNothing()
{
    const QByteArray before = settings();
    // A hand edit env add would have refused: plain http to a host that is not loopback.
    writeSettings(R"({
    "version": 1,
    "environments": [
        {
            "name": "remote",
            "base_url": "http://api.example.invalid",
            "profile": "bioepic"
        }
    ]
}
)");
    for (const QString &command : {QStringLiteral("token"), QStringLiteral("search")}) {
        QStringList arguments{command, QStringLiteral("remote"), QStringLiteral("--from-env")};
        if (command == QLatin1String("search"))
            arguments += {QStringLiteral("--collection"), QStringLiteral("samples")};
        const test::CliRun run = cli(arguments);
        // Exit 2 (a setting to fix), not 5: a request to .invalid would have failed to resolve.
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("environments.json line 6") && run.err.contains("plain http"), run.err.constData());
        QVERIFY(run.err.contains("Nothing was sent"));
    }
    const test::CliRun list = cli({QStringLiteral("env"), QStringLiteral("list")});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.err.contains("remote cannot be used until fixed"));
    // Fixing it through the CLI makes it usable again.
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("edit"), QStringLiteral("remote"), QStringLiteral("--base-url"),
                  m_server.baseUrl().toString()})
                     .exitCode,
             0);
    QVERIFY(!cli({QStringLiteral("env"), QStringLiteral("list")}).err.contains("cannot be used"));
    writeSettings(before);
}

void TestHostile::damagedSettingsFileLosesNothing()
{
    const QByteArray before = settings();
    // Not JSON at all: line and column, exit 1, and the file left alone.
    writeSettings("{\n  \"version\": 1,\n  \"environments\": [ oops ]\n}\n");
    test::CliRun run = cli({QStringLiteral("token"), QStringLiteral("evil"), QStringLiteral("--from-env")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("not valid JSON") && run.err.contains("line 3, column"), run.err.constData());
    QVERIFY(!run.err.contains("No environment named"));
    run = cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("other"), QStringLiteral("--base-url"),
               QStringLiteral("https://api.example.org")});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(settings(), QByteArray("{\n  \"version\": 1,\n  \"environments\": [ oops ]\n}\n"));
    // Listing is not "no environments yet", exit 0: a script could not tell that from an empty list.
    for (const QStringList &listing :
         {QStringList{QStringLiteral("env"), QStringLiteral("list")},
          QStringList{QStringLiteral("env"), QStringLiteral("list"), QStringLiteral("--json")},
          QStringList{QStringLiteral("env"), QStringLiteral("list"), QStringLiteral("--names")},
          QStringList{QStringLiteral("status"), QStringLiteral("--json")}}) {
        run = cli(listing);
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QCOMPARE(run.err.count("not valid JSON"), 1); // said once, as the error
        QVERIFY2(!run.err.contains("No environments yet"), run.err.constData());
    }

    // Unknown keys, an entry that fails validation and one without a name survive a write.
    writeSettings(R"({"version": 1, "comment": "kept",
      "environments": [
        {"name": "kept", "base_url": "https://api.example.org", "future_field": {"x": 1}},
        {"name": "broken", "base_url": "https://api.example.org", "timeout_s": 0},
        {"base_url": "https://nameless.example.org"}
      ]})");
    QCOMPARE(cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("another"), QStringLiteral("--base-url"),
                  QStringLiteral("https://api.example.org")})
                     .exitCode,
             0);
    const QJsonObject written = QJsonDocument::fromJson(settings()).object();
    QCOMPARE(written.value(QStringLiteral("comment")).toString(), QStringLiteral("kept"));
    const QJsonArray entries = written.value(QStringLiteral("environments")).toArray();
    QByteArray all = QJsonDocument(entries).toJson(QJsonDocument::Compact);
    QVERIFY2(all.contains(R"("future_field":{"x":1})"), all.constData());
    QVERIFY2(all.contains(R"("timeout_s":0)"), all.constData());
    QVERIFY2(all.contains("nameless.example.org"), all.constData());
    QVERIFY(all.contains(R"("name":"another")"));
    run = cli({QStringLiteral("env"), QStringLiteral("list"), QStringLiteral("--json")});
    QVERIFY2(run.out.contains("(timeout_s): the timeout must be between"), run.out.constData());

    // A newer format is read but never overwritten.
    writeSettings(R"({"version": 99, "environments": [{"name": "future", "base_url": "https://api.example.org"}]})");
    const QByteArray newer = settings();
    run = cli({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("x"), QStringLiteral("--base-url"),
               QStringLiteral("https://api.example.org")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("newer version"), run.err.constData());
    QCOMPARE(settings(), newer);
    QVERIFY(cli({QStringLiteral("env"), QStringLiteral("list")}).out.contains("future"));
    writeSettings(before);
}

void TestHostile::pathsFromUserInput()
{
    m_server.setReply("/token", test::HostileServer::json(kGoodToken));
    m_server.setReply("/api/samples", test::HostileServer::json(R"({"results":[]})"));
    const qsizetype before = m_server.requests().size();
    for (const QString &id : {QStringLiteral("../../token"), QStringLiteral(".."), QStringLiteral("."), QString()}) {
        const test::CliRun run
                = cli({QStringLiteral("search"), QStringLiteral("evil"), QStringLiteral("--from-env"),
                       QStringLiteral("--collection"), QStringLiteral("samples"), QStringLiteral("--id"), id});
        if (id.contains(QLatin1Char('/'))) {
            // One path segment, '/' encoded: never GET /token with the bearer token.
            for (qsizetype i = before; i < m_server.requests().size(); ++i) {
                const auto &request = m_server.requests().at(i);
                QVERIFY2(!(request.method == "GET" && request.path.startsWith("/token")), request.path.constData());
            }
            bool encoded = false;
            for (qsizetype i = before; i < m_server.requests().size(); ++i)
                encoded = encoded || m_server.requests().at(i).path == "/api/samples/..%2F..%2Ftoken";
            QVERIFY(encoded);
        } else {
            QCOMPARE(run.exitCode, 2);
        }
    }
    const test::CliRun run = cli({QStringLiteral("search"), QStringLiteral("evil"), QStringLiteral("--from-env"),
                                  QStringLiteral("--collection"), QStringLiteral("../token")});
    QCOMPARE(run.exitCode, 2);
    // Refused before any output (no "[]" a script could take for an answer, no request), and
    // what was typed comes back escaped: no escape sequence reaches the terminal.
    const qsizetype asked = m_server.requests().size();
    const test::CliRun typed = cli({QStringLiteral("search"), QStringLiteral("evil"), QStringLiteral("--from-env"),
                                    QStringLiteral("--collection"), QStringLiteral("samples\x1b]0;owned\a\n")});
    QCOMPARE(typed.exitCode, 2);
    QCOMPARE(typed.out, QByteArray());
    QCOMPARE(m_server.requests().size(), asked);
    QVERIFY2(typed.err.contains("\"samples\\x1b]0;owned\\x07\\n\" is not a collection name"), typed.err.constData());
    QVERIFY(!typed.err.contains('\x1b'));
    // The same for a name that matches nothing, and for an unknown option.
    for (const QStringList &arguments :
         {QStringList{QStringLiteral("token"), QStringLiteral("ev\x1b[2Jil\n")},
          QStringList{QStringLiteral("token"), QStringLiteral("evil"), QStringLiteral("--\x1b[2J")}}) {
        const test::CliRun refused = cli(arguments);
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains("\\x1b[2J"), refused.err.constData());
        QVERIFY2(!refused.err.contains('\x1b') && refused.err.count('\n') <= 3, refused.err.constData());
    }
}

void TestHostile::lockedKeychainIsNotMissingCredentials()
{
    // Its own private keyring, since it gets locked (and a locked gnome-keyring cannot be
    // unlocked again without a prompt); the CLI runs inside it.
    const QString keyring = QStringLiteral(BIOEPIC_SOURCE_DIR "/scripts/lib/keyring.sh");
    if (QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon")).isEmpty()) {
        if (test::keyringRequired())
            QFAIL("gnome-keyring-daemon is missing");
        QSKIP("no gnome-keyring here");
    }
    const QString script = QStringLiteral(R"(
set -u
cred=$1; url=$2
"$cred" env add lab --base-url "$url" >/dev/null 2>&1
printf 'secret\n' | "$cred" login lab --client-id someone --secret-stdin --no-verify >/dev/null 2>&1 || echo "login failed"
# The entry removed behind the program's back: "missing", exit 1.
secret-tool clear user bioepic-credentials/lab/active
"$cred" token lab 2>&1; echo "missing-exit=$?"
printf 'secret\n' | "$cred" login lab --client-id someone --secret-stdin --no-verify >/dev/null 2>&1
# Locked: reads answer "not found", but this is not missing: exit 4.
dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
    org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
"$cred" token lab 2>&1; echo "locked-exit=$?"
# Nothing is written in place of what is locked (the trace names every failed write).
writes=$(QT_LOGGING_RULES='bioepic.keychain.info=true' "$cred" token lab 2>&1 | grep -c 'keychain "write"'); echo "writes-while-locked=$writes"
printf 'other\n' | "$cred" rotate lab --client-id someone --secret-stdin --no-verify 2>&1; echo "rotate-exit=$?"
)");
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("QT_LOGGING_RULES"));
    environment.remove(QStringLiteral("BIOEPIC_KEYCHAIN_SERVICE"));
    const test::CliRun run
            = test::runProgram(keyring,
                               {QStringLiteral("bash"), QStringLiteral("-c"), script, QStringLiteral("script"),
                                test::builtProgram(QStringLiteral("bioepic-cred")), m_server.baseUrl().toString()},
                               environment, {}, 90000);
    QVERIFY(run.finished);
    const QByteArray out = run.out;
    QVERIFY2(!out.contains("login failed"), out.constData());
    QVERIFY2(out.contains("missing-exit=1"), out.constData());
    QVERIFY2(out.contains("removed outside this program"), out.constData());
    QVERIFY2(out.contains("locked-exit=4"), out.constData());
    // The token's read needs the installation key first, and says so.
    QVERIFY2(out.contains("is locked: could not read bioepic-credentials/fingerprint-key"), out.constData());
    QVERIFY2(out.contains("is locked: could not read bioepic-credentials/lab/active"), out.constData());
    // Told by the search, not by a probe's failed write: the installation key is never recreated.
    QVERIFY2(out.contains("detail: the item is in a locked collection"), out.constData());
    QVERIFY2(out.contains("writes-while-locked=0"), out.constData());
    QVERIFY2(out.contains("rotate-exit=4"), out.constData());
    QVERIFY2(!out.contains("No credentials are stored"), out.constData());
    // Each failure said once, by the command: no log line of the keychain's beside it.
    QVERIFY2(!out.contains("bioepic.keychain"), out.constData());
    QCOMPARE(out.count("error: "), 3);
}

void TestHostile::invalidUtf8FailsInEveryFormat()
{
    m_server.setReply("/token", test::HostileServer::json(kGoodToken));
    m_server.setReply("/api/samples", test::HostileServer::json("{\"results\":[{\"id\":\"a\xff\xfe\"}]}"));
    for (const QString &format : {QStringLiteral("json"), QStringLiteral("csv"), QStringLiteral("tsv")}) {
        const test::CliRun run
                = cli({QStringLiteral("search"), QStringLiteral("evil"), QStringLiteral("--from-env"),
                       QStringLiteral("--collection"), QStringLiteral("samples"), QStringLiteral("--format"), format});
        QCOMPARE(run.exitCode, 6);
        QVERIFY2(run.err.contains("UTF-8"), run.err.constData());
        QVERIFY(!run.out.contains("\xff"));
    }
}

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
