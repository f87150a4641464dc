#pragma once

#include "auth/tokenclient.h"
#include "auth/tokenservice.h"
#include "auth/tokenstatusstore.h"
#include "common/clock.h"
#include "config/environmentstore.h"
#include "credentials/credentialmanager.h"
#include "credentials/historystore.h"
#include "credentials/rotationflow.h"
#include "diagnostics/diagnosis.h"
#include "diagnostics/supportreport.h"
#include "keychain/credentialvault.h"
#include "keychain/memorystore.h"
#include "net/httpclient.h"
#include "net/networklog.h"

#include <QFileSystemWatcher>
#include <QNetworkAccessManager>
#include <QTimer>

#include <chrono>
#include <memory>

namespace bioepic {

/** @brief Where the services keep things; the defaults are the real, per-user places. */
struct CoreOptions
{
    QString settingsFile; ///< default: EnvironmentStore::defaultFilePath()
    QString stateFile; ///< default: TokenStatusStore::defaultFilePath()
    QString historyDirectory; ///< default: HistoryStore::defaultDirectory()
    QString keychainService = QStringLiteral("bioepic-credentials");
    std::chrono::milliseconds keychainTimeout{20000};
    SecretStore *keychainOverride = nullptr; ///< tests: a fake instead of the OS keychain (not owned)
    const Clock *clock = nullptr; ///< tests: a fake clock (not owned)
    /** Token metadata in memory only, never in state.json (bioepic-cred --from-env). */
    bool tokenStateInMemory = false;

    /**
     * @brief The defaults, adjusted by BIOEPIC_KEYCHAIN_TIMEOUT_MS (troubleshooting and tests)
     * and BIOEPIC_KEYCHAIN_SERVICE (a separate namespace of keychain entries, for tests).
     */
    [[nodiscard]] static CoreOptions fromProcessEnvironment();
};

/** @brief Sets the application name that QStandardPaths uses; call before creating CoreServices. */
void setApplicationIdentity();

/**
 * @brief The core object graph, created once by each program (GUI and CLI) and shared by
 * everything it shows or runs. Owns every service; nothing here touches Widgets.
 */
class CoreServices final : public QObject
{
    Q_OBJECT

public:
    explicit CoreServices(CoreOptions options, QObject *parent = nullptr);
    ~CoreServices() override;

    [[nodiscard]] const CoreOptions &options() const { return m_options; }
    [[nodiscard]] const Clock *clock() const { return m_clock; }
    [[nodiscard]] QNetworkAccessManager *networkManager() { return &m_network; }
    [[nodiscard]] NetworkLog *networkLog() { return &m_log; }
    [[nodiscard]] HttpClient *http() { return &m_http; }
    [[nodiscard]] EnvironmentStore *environments() { return &m_environments; }
    [[nodiscard]] TokenStatusStore *tokenStatus() { return &m_tokenStatus; }
    [[nodiscard]] SecretStore *keychain() { return m_keychain; }
    [[nodiscard]] MemoryStore *sessionStore() { return &m_session; }
    [[nodiscard]] CredentialVault *vault() { return &m_vault; }
    [[nodiscard]] TokenClient *tokenClient() { return &m_tokenClient; }
    [[nodiscard]] TokenService *tokens() { return &m_tokens; }
    [[nodiscard]] CredentialManager *credentials() { return &m_credentials; }
    [[nodiscard]] HistoryStore *history() { return &m_history; }
    /**
     * @brief Shows what other processes (scripts, another window) write while this one runs: the
     * settings and state.json are read again when they change, and a history file that changed
     * is announced (HistoryStore::appended). The GUI calls it.
     */
    void followOtherProcesses();
    /** @brief What a RotationFlow needs, all from this object graph. */
    [[nodiscard]] RotationDeps rotationDeps();
    /** @brief What a Diagnosis needs. */
    [[nodiscard]] DiagnosisDeps diagnosisDeps();
    /** @brief What a support report reads. */
    [[nodiscard]] SupportReportSources supportReportSources();

private:
    /** The files other processes write too: the settings and state.json (when it is a file). */
    [[nodiscard]] QStringList sharedFiles() const;
    /** The folders that hold them and the history files. */
    [[nodiscard]] QStringList sharedFolders() const;
    /** Watches those folders and files that exist and are not watched yet (a rename makes a new file). */
    void watchSharedFiles();

    CoreOptions m_options;
    SystemClock m_systemClock;
    const Clock *m_clock;
    QNetworkAccessManager m_network;
    NetworkLog m_log;
    HttpClient m_http;
    EnvironmentStore m_environments;
    TokenStatusStore m_tokenStatus;
    HistoryStore m_history;
    std::unique_ptr<SecretStore> m_ownedKeychain;
    SecretStore *m_keychain;
    MemoryStore m_session;
    CredentialVault m_vault;
    TokenClient m_tokenClient;
    TokenService m_tokens;
    CredentialManager m_credentials;
    std::unique_ptr<QFileSystemWatcher> m_sharedFiles; ///< followOtherProcesses()
    QTimer m_rereadSoon;
};

} // namespace bioepic
