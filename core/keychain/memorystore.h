#pragma once

#include "secretstore.h"

#include <QHash>

namespace bioepic {

/**
 * @brief SecretStore kept in this process's memory only ("use for this session only").
 *
 * Answers asynchronously like the keychain does, so callers cannot come to depend on
 * synchronous answers. Nothing is ever written to disk.
 */
class MemoryStore : public SecretStore
{
    Q_OBJECT

public:
    using SecretStore::SecretStore;

    void read(const QString &key, QObject *context, ReadCallback callback) override;
    void write(const QString &key, const QByteArray &value, QObject *context, DoneCallback callback) override;
    void remove(const QString &key, QObject *context, DoneCallback callback) override;
    [[nodiscard]] QString backendName() const override { return QStringLiteral("session memory"); }

    [[nodiscard]] bool contains(const QString &key) const { return m_values.contains(key); }
    [[nodiscard]] QStringList keys() const { return m_values.keys(); }

protected:
    /** @brief Hook for test fakes: the error to answer with instead of doing the operation. */
    [[nodiscard]] virtual KeychainError injectedError(const QString &operation, const QString &key) const;

private:
    void answerLater(QObject *context, std::function<void()> answer);

    QHash<QString, QByteArray> m_values;
};

} // namespace bioepic
