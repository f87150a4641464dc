#pragma once

#include "secretscan.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <memory>

namespace bioepic {

class CredentialManager;
class CredentialVault;
class EnvironmentStore;

/**
 * @brief One scan for plaintext credentials, as the GUI and the CLI run it: reads the stored
 * secrets of every environment from the keychain (asynchronously; the active, previous and staged
 * slots the settings say are filled, so empty slots cost no keychain call), then walks the trees on a worker thread.
 * finished() comes exactly once, on the thread that owns the job, whether the scan completed, was cancelled or the
 * keychain failed (the scan then still runs, and a warning says which comparisons were not made).
 *
 * The secrets stay in this process's memory for the scan only, and never leave it.
 */
class SecretScanJob final : public QObject
{
    Q_OBJECT

public:
    SecretScanJob(EnvironmentStore *environments, CredentialManager *credentials, CredentialVault *vault,
                  QObject *parent = nullptr);
    ~SecretScanJob() override;

    void start(const QStringList &roots, const ScanLimits &limits = {});
    /** @brief Stops at the next file; finished() still comes, with cancelled set. */
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(const bioepic::ScanProgress &progress);
    void finished(const bioepic::ScanReport &report);

private:
    void readNext();
    void walk();

    EnvironmentStore *m_environments;
    CredentialManager *m_credentials;
    CredentialVault *m_vault;
    QStringList m_roots;
    ScanLimits m_limits;
    QList<std::pair<QString, SecretSlot>> m_toRead;
    QList<KnownSecret> m_known;
    QStringList m_keychainWarnings;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QPointer<QThread> m_thread;
    bool m_running = false;
};

} // namespace bioepic
