#include "secretscanjob.h"

#include "config/environmentstore.h"
#include "credentials/credentialmanager.h"
#include "keychain/credentialvault.h"

namespace bioepic {

SecretScanJob::SecretScanJob(EnvironmentStore *environments, CredentialManager *credentials, CredentialVault *vault,
                             QObject *parent)
    : QObject(parent)
    , m_environments(environments)
    , m_credentials(credentials)
    , m_vault(vault)
{
}

SecretScanJob::~SecretScanJob()
{
    if (m_cancel)
        m_cancel->store(true);
    if (m_thread) {
        // The walk polls the flag between files: this is a short wait, not a hang.
        m_thread->wait();
        delete m_thread;
    }
}

void SecretScanJob::start(const QStringList &roots, const ScanLimits &limits)
{
    Q_ASSERT(!m_running);
    m_running = true;
    m_roots = roots;
    m_limits = limits;
    m_known.clear();
    m_keychainWarnings.clear();
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_toRead.clear();
    // Active first: when two slots hold the same secret, the finding names the one in use.
    for (const SecretSlot slot : {SecretSlot::Active, SecretSlot::Staged, SecretSlot::Previous}) {
        for (const QString &environment : m_environments->names()) {
            const CredentialMetadata meta = m_credentials->metadata(environment);
            const bool filled = slot == SecretSlot::Active ? meta.stored
                    : slot == SecretSlot::Staged           ? meta.hasPending()
                                                           : meta.hasPrevious();
            if (filled)
                m_toRead.append({environment, slot});
        }
    }
    QMetaObject::invokeMethod(this, &SecretScanJob::readNext, Qt::QueuedConnection);
}

void SecretScanJob::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void SecretScanJob::readNext()
{
    if (m_cancel->load() || m_toRead.isEmpty()) {
        walk();
        return;
    }
    // Named copies, not a structured binding: a lambda cannot capture those before C++20's clang 16.
    const QString environment = m_toRead.first().first;
    const SecretSlot slot = m_toRead.takeFirst().second;
    m_vault->readCredentials(
            environment, slot, this,
            [this, environment, slot](const KeychainError &error, const std::optional<Credentials> &credentials) {
                if (credentials && !credentials->secret.isEmpty()) {
                    m_known.append(KnownSecret{environment, slot, credentials->secret});
                } else if (!error.ok() && !error.isNotFound()) {
                    m_keychainWarnings << QStringLiteral("the %1 secret of %2 could not be read "
                                                         "(%3): it was not looked for")
                                                  .arg(slotName(slot), environment, error.message());
                    // A locked keychain answers the same for every slot: ask once.
                    if (error.code == KeychainError::Code::Locked || error.code == KeychainError::Code::NoService
                        || error.code == KeychainError::Code::Timeout)
                        m_toRead.clear();
                }
                readNext();
            });
}

void SecretScanJob::walk()
{
    const QPointer<SecretScanJob> self(this);
    const auto cancel = m_cancel;
    if (m_thread) { // an earlier run's, already finished
        m_thread->wait();
        delete m_thread;
    }
    m_thread = QThread::create(
            [self, cancel, roots = m_roots, known = m_known, limits = m_limits, warnings = m_keychainWarnings] {
                ScanReport report = scanForSecrets(roots, known, limits, *cancel, [&](const ScanProgress &progress) {
                    QMetaObject::invokeMethod(
                            self,
                            [self, progress] {
                                if (self)
                                    Q_EMIT self->progress(progress);
                            },
                            Qt::QueuedConnection);
                });
                report.warnings = warnings + report.warnings;
                QMetaObject::invokeMethod(
                        self,
                        [self, report] {
                            if (!self)
                                return;
                            self->m_running = false;
                            Q_EMIT self->finished(report);
                        },
                        Qt::QueuedConnection);
            });
    m_known.clear(); // the thread holds its own copy, dropped when it ends
    m_thread->start();
}

} // namespace bioepic
