#pragma once

#include "sandbox/sandboxserver.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace bioepic {
struct CoreOptions;
class CoreServices;
class SecretStore;
struct KeychainError;
} // namespace bioepic

namespace bioepic::test {

/** @brief A random secret that cannot appear anywhere by chance. */
[[nodiscard]] QString randomSecret(const QString &prefix = QStringLiteral("sec"));

/** @brief A running sandbox on loopback, with one client whose secret is unique to this test run. */
struct SandboxFixture
{
    explicit SandboxFixture(SandboxOptions options = {}, const Clock *clock = nullptr);
    std::unique_ptr<SandboxServer> server;
    QString clientId = QStringLiteral("test-client");
    QString clientSecret;
    [[nodiscard]] QUrl baseUrl() const { return server->baseUrl(); }
    [[nodiscard]] SandboxApi &api() { return server->api(); }
};

/** @brief Where a CLI or core under test keeps its files; removed at the end. */
struct TempHome
{
    TempHome();
    QTemporaryDir dir;
    [[nodiscard]] QString configHome() const { return dir.filePath(QStringLiteral("config")); }
    [[nodiscard]] QString dataHome() const { return dir.filePath(QStringLiteral("data")); }
    [[nodiscard]] QString settingsFile() const
    {
        return configHome() + QStringLiteral("/bioepic-credentials/environments.json");
    }
    [[nodiscard]] QString stateFile() const { return dataHome() + QStringLiteral("/bioepic-credentials/state.json"); }
};

/** @brief A core's options for @p home's files and the real keychain under @p keychainService. */
[[nodiscard]] CoreOptions coreOptions(const TempHome &home, const QString &keychainService);

/**
 * @brief True when a real Secret Service is reachable (scripts/test runs every test inside a
 * private gnome-keyring). When BIOEPIC_REQUIRE_KEYRING=1, its absence is a failure, not a skip.
 */
[[nodiscard]] bool keyringAvailable();
[[nodiscard]] bool keyringRequired();

/** @brief Every place under @p root where one of @p needles occurs, as "file: needle-name". */
[[nodiscard]] QStringList scanTree(const QString &root, const QList<QByteArray> &needles);
[[nodiscard]] QStringList scanBytes(const QString &where, const QByteArray &haystack, const QList<QByteArray> &needles);

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool finished = false;
    qint64 elapsedMs = 0;
};

/**
 * @brief Runs bin/bioepic-cred with @p arguments; the event loop keeps turning meanwhile, so a
 * sandbox in this process keeps answering the child.
 */
[[nodiscard]] CliRun runCli(const QStringList &arguments, const QProcessEnvironment &environment,
                            const QByteArray &standardInput = {}, int timeoutMs = 30000);
/** @brief Runs any @p program as runCli() runs bioepic-cred (a shell pipeline around it…). */
[[nodiscard]] CliRun runProgram(const QString &program, const QStringList &arguments,
                                const QProcessEnvironment &environment, const QByteArray &standardInput = {},
                                int timeoutMs = 30000);
/**
 * @brief The environment a CLI under test runs in: this test's homes and keychain service, no
 * credential variables of the caller's, debug logging on (so secret scans cover the logs too).
 */
[[nodiscard]] QProcessEnvironment cliEnvironment(const TempHome &home, const QString &keychainService);
/** @brief The keys secret-tool lists for a keychain service, one "attribute.user = KEY" line each (never values);
 * aborts the test if secret-tool keeps failing. */
[[nodiscard]] QByteArray secretToolSearch(const QString &service);
/**
 * @brief Adds environment "lab" for @p sandbox to @p core and stores the sandbox client's
 * credentials for it, without verification (a failure fails the calling test).
 */
void addLab(CoreServices &core, const SandboxFixture &sandbox, int refreshBufferS = 300);

/**
 * @brief Writes "value" to @p key of @p store, or reads it, and waits for the answer: the job's
 * error, or an Other "no answer" after 15 s (no answer fails a test as a wrong one would).
 */
[[nodiscard]] KeychainError writeEntry(SecretStore &store, const QString &key);
[[nodiscard]] KeychainError readEntry(SecretStore &store, const QString &key);

/** @brief Where tests save their screenshots ($BIOEPIC_TEST_OUTPUT/screenshots), made if missing. */
[[nodiscard]] QString screenshotDir();
/** @brief Path of a program built next to the tests (bin/NAME). */
[[nodiscard]] QString builtProgram(const QString &name);

} // namespace bioepic::test

#define BIOEPIC_REQUIRE_KEYRING()                                                                                      \
    do {                                                                                                               \
        if (!bioepic::test::keyringAvailable()) {                                                                      \
            if (bioepic::test::keyringRequired())                                                                      \
                QFAIL("BIOEPIC_REQUIRE_KEYRING is set but no Secret Service is reachable");                            \
            QSKIP("no Secret Service here; scripts/test runs this inside a private gnome-keyring");                    \
        }                                                                                                              \
    } while (false)
