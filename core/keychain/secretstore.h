#pragma once

#include "keychainerror.h"

#include <QByteArray>
#include <QObject>

#include <functional>

namespace bioepic {

/**
 * @brief Asynchronous key → bytes store for secrets.
 *
 * Every call answers exactly once, later (never from inside the call), on the calling thread,
 * unless @p context is destroyed first. Implementations: KeychainStore (the OS keychain) and
 * MemoryStore ("this session only").
 */
class SecretStore : public QObject
{
    Q_OBJECT

public:
    using ReadCallback = std::function<void(const KeychainError &error, const QByteArray &value)>;
    using DoneCallback = std::function<void(const KeychainError &error)>;

    using QObject::QObject;

    virtual void read(const QString &key, QObject *context, ReadCallback callback) = 0;
    virtual void write(const QString &key, const QByteArray &value, QObject *context, DoneCallback callback) = 0;
    /** @brief Deleting a missing key reports NotFound or success, depending on the backend. */
    virtual void remove(const QString &key, QObject *context, DoneCallback callback) = 0;
    /** @brief Human name of where the secrets go, for messages. */
    [[nodiscard]] virtual QString backendName() const = 0;

    /**
     * @brief What is known of the store itself, beside each job's own answer: the last failure
     * that is about the store (locked, not reachable, not answering; KeychainError::isStoreProblem())
     * until a job succeeds or the store says it is unlocked again. None (ok()) otherwise.
     */
    [[nodiscard]] const KeychainError &storeProblem() const { return m_storeProblem; }
    /**
     * @brief From now on, also follow whether the store is locked as the store itself announces
     * it, not only as jobs find it (KeychainStore: the Secret Service's default collection).
     */
    virtual void followLockState() {}

Q_SIGNALS:
    /** storeProblem() changed: a window saying where the secrets go says it again. */
    void storeProblemChanged();
    /** backendName() says something else now (the program behind the Secret Service is known anew). */
    void backendChanged();

protected:
    /** Each job's answer: a store problem becomes storeProblem(), a success ends it. */
    void noteOutcome(const KeychainError &error);
    /** The store says it is there and unlocked: a problem of being locked, or gone, is over. */
    void noteUnlocked();

private:
    KeychainError m_storeProblem;
};

} // namespace bioepic
