#include "secretstore.h"

namespace bioepic {

void SecretStore::noteOutcome(const KeychainError &error)
{
    if (!error.ok() && !error.isStoreProblem())
        return; // about one entry (missing, damaged): the store itself is as it was
    const bool changed = error.code != m_storeProblem.code;
    m_storeProblem = error;
    if (changed)
        Q_EMIT storeProblemChanged();
}

void SecretStore::noteUnlocked()
{
    if (m_storeProblem.code == KeychainError::Code::Locked || m_storeProblem.code == KeychainError::Code::NoService)
        noteOutcome({});
}

} // namespace bioepic
