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
};

} // namespace bioepic
