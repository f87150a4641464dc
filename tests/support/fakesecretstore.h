#pragma once

#include "keychain/memorystore.h"

#include <QHash>
#include <QSet>

namespace bioepic::test {

/**
 * @brief A MemoryStore that can be told to fail: every operation of a kind, or one key,
 * with a chosen KeychainError code. Counts operations so tests can assert what was touched.
 */
class FakeSecretStore final : public MemoryStore
{
    Q_OBJECT

public:
    using MemoryStore::MemoryStore;

    /** @brief Fail every @p operation ("read", "write", "delete" or "*") with @p code. */
    void failOperation(const QString &operation, KeychainError::Code code) { m_failures.insert(operation, code); }
    /** @brief Fail every operation on @p key ("lab/active"…) with @p code. */
    void failKey(const QString &key, KeychainError::Code code) { m_keyFailures.insert(key, code); }
    /** @brief Writes of @p key are never answered, as a keychain waiting on a dialog nobody sees. */
    void hangWrites(const QString &key) { m_hangingWrites.insert(key); }
    /** @brief Every write is done and answered @p ms later, as a real keychain's D-Bus round trip. */
    void delayWrites(int ms) { m_writeDelayMs = ms; }
    void clearFailures()
    {
        m_failures.clear();
        m_keyFailures.clear();
        m_hangingWrites.clear();
    }
    void write(const QString &key, const QByteArray &value, QObject *context, DoneCallback callback) override;
    [[nodiscard]] int count(const QString &operation) const { return m_counts.value(operation); }
    /** @brief Writes to a key that held a value: what KeePassXC asks the user about, every time. */
    [[nodiscard]] QStringList overwrites() const { return m_overwrites; }
    [[nodiscard]] QString backendName() const override { return QStringLiteral("fake keychain"); }

protected:
    [[nodiscard]] KeychainError injectedError(const QString &operation, const QString &key) const override;

private:
    QHash<QString, KeychainError::Code> m_failures;
    QHash<QString, KeychainError::Code> m_keyFailures;
    QSet<QString> m_hangingWrites;
    int m_writeDelayMs = 0;
    QList<DoneCallback> m_unanswered; ///< kept, never called
    mutable QHash<QString, int> m_counts;
    QStringList m_overwrites;
};

} // namespace bioepic::test
