#include "testsupport.h"

#include "coreservices.h"
#include "keychain/secretstore.h"

#include <algorithm>
#include <optional>

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <unistd.h>

namespace bioepic::test {

QString randomSecret(const QString &prefix)
{
    QByteArray bytes(18, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(QRandomGenerator::global()->bounded(256));
    return prefix + QLatin1Char('-')
            + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

SandboxFixture::SandboxFixture(SandboxOptions options, const Clock *clock)
    : server(std::make_unique<SandboxServer>(options, clock))
    , clientSecret(randomSecret())
{
    QString problem;
    if (!server->start(&problem))
        qFatal("sandbox did not start: %s", qPrintable(problem));
    server->api().setClient(clientId, clientSecret);
}

TempHome::TempHome()
{
    dir.setAutoRemove(true);
}

bool keyringAvailable()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return false;
    QDBusConnection bus = QDBusConnection::sessionBus();
    return bus.isConnected() && bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets"));
}

bool keyringRequired()
{
    return qEnvironmentVariableIntValue("BIOEPIC_REQUIRE_KEYRING") == 1;
}

QStringList scanBytes(const QString &where, const QByteArray &haystack, const QList<QByteArray> &needles)
{
    QStringList hits;
    for (const QByteArray &needle : needles) {
        if (!needle.isEmpty() && haystack.contains(needle))
            hits.append(where + QStringLiteral(": contains a secret starting ") + QString::fromLatin1(needle.left(6)));
    }
    return hits;
}

QStringList scanTree(const QString &root, const QList<QByteArray> &needles)
{
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            hits += scanBytes(path, file.readAll(), needles);
    }
    return hits;
}

CoreOptions coreOptions(const TempHome &home, const QString &keychainService)
{
    CoreOptions options;
    options.settingsFile = home.settingsFile();
    options.stateFile = home.stateFile();
    options.historyDirectory = home.dataHome() + QStringLiteral("/bioepic-credentials/history");
    options.keychainService = keychainService;
    return options;
}

void addLab(CoreServices &core, const SandboxFixture &sandbox, int refreshBufferS)
{
    Environment env;
    env.name = QStringLiteral("lab");
    env.baseUrl = sandbox.baseUrl();
    env.refreshBufferS = refreshBufferS;
    QVERIFY(core.environments()->add(env).ok());
    Credentials credentials;
    credentials.identity = sandbox.clientId;
    credentials.secret = Secret::fromString(sandbox.clientSecret);
    bool done = false;
    core.credentials()->login(QStringLiteral("lab"), credentials, false, &core, [&](const LoginResult &result) {
        done = true;
        QVERIFY2(result.error.ok(), qPrintable(result.error.fullText()));
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
}

namespace {

KeychainError noAnswer()
{
    return {KeychainError::Code::Other, QStringLiteral("job"), {}, QStringLiteral("no answer")};
}

} // namespace

KeychainError writeEntry(SecretStore &store, const QString &key)
{
    std::optional<KeychainError> answer;
    store.write(key, "value", &store, [&answer](const KeychainError &error) { answer = error; });
    return QTest::qWaitFor([&answer] { return answer.has_value(); }, 15000) ? *answer : noAnswer();
}

KeychainError readEntry(SecretStore &store, const QString &key)
{
    std::optional<KeychainError> answer;
    store.read(key, &store, [&answer](const KeychainError &error, const QByteArray &) { answer = error; });
    return QTest::qWaitFor([&answer] { return answer.has_value(); }, 15000) ? *answer : noAnswer();
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("BIOEPIC_TEST_OUTPUT", QDir::tempPath()) + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

QString builtProgram(const QString &name)
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/../bin/") + name;
}

QProcessEnvironment cliEnvironment(const TempHome &home, const QString &keychainService)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.configHome());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.dataHome());
    environment.insert(QStringLiteral("BIOEPIC_KEYCHAIN_SERVICE"), keychainService);
    environment.insert(QStringLiteral("BIOEPIC_KEYCHAIN_TIMEOUT_MS"), QStringLiteral("10000"));
    for (const char *name : {"ENV", "CLIENT_ID", "CLIENT_SECRET", "USERNAME", "PASSWORD"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("bioepic.*.debug=true"));
    return environment;
}

QByteArray secretToolSearch(const QString &service)
{
    // Every entry has a service (its title) of its own: list QtKeychain's entries and keep the
    // keys that belong to @p service, one "attribute.user = <key>" line each, sorted. (secret-tool
    // prints attributes on stderr and the rest on stdout, so an item's lines cannot be regrouped.)
    // "search --all" fails as a whole ("No such secret item") when another test deletes an item
    // between the search and the read of its secret; tests run side by side, so ask again.
    QByteArray failure;
    for (int attempt = 0; attempt < 20; ++attempt) {
        QProcess tool;
        tool.start(QStringLiteral("secret-tool"),
                   {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("xdg:schema"),
                    QStringLiteral("org.qt.keychain")});
        tool.waitForFinished(10000);
        const QByteArray listing = tool.readAllStandardError();
        if (tool.exitStatus() != QProcess::NormalExit || tool.exitCode() != 0) {
            failure = listing.trimmed();
            QTest::qWait(50);
            continue;
        }
        QList<QByteArray> keys;
        const QByteArray prefix = "attribute.user = " + service.toUtf8() + '/';
        for (const QByteArray &line : listing.split('\n')) {
            if (line.startsWith(prefix))
                keys.append(line);
        }
        std::sort(keys.begin(), keys.end());
        return keys.join('\n');
    }
    // An empty answer here would let a test that expects an entry gone pass by accident.
    qFatal("secret-tool search kept failing: %s", failure.constData());
}

CliRun runCli(const QStringList &arguments, const QProcessEnvironment &environment, const QByteArray &standardInput,
              int timeoutMs)
{
    return runProgram(builtProgram(QStringLiteral("bioepic-cred")), arguments, environment, standardInput, timeoutMs);
}

CliRun runProgram(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
                  const QByteArray &standardInput, int timeoutMs)
{
    CliRun run;
    QProcess process;
    process.setProcessEnvironment(environment);
    // A new session has no controlling terminal: a prompt fails at once instead of waiting for a person.
    process.setChildProcessModifier([] { ::setsid(); });
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return run;
    if (!standardInput.isEmpty())
        process.write(standardInput);
    process.closeWriteChannel();
    QSignalSpy finished(&process, &QProcess::finished);
    // Turn the event loop (not a blocking wait): the sandbox serving the child lives in this thread.
    run.finished = finished.wait(timeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.elapsedMs = timer.elapsed();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace bioepic::test
