#pragma once

#include "secretstore.h"

#include <chrono>

namespace bioepic {

/**
 * @brief SecretStore over QtKeychain (Secret Service, macOS Keychain, Windows Credential Manager).
 *
 * Every job runs under a timeout: a locked keyring with a pending prompt, or a Secret Service
 * that never answers, must not hang the caller. QtKeychain runs its jobs one at a time, so one
 * hung job delays all later ones; each of them then times out on its own. There is no
 * plaintext fallback: setInsecureFallback() is never used.
 */
class KeychainStore final : public SecretStore
{
    Q_OBJECT

public:
    explicit KeychainStore(QString service, std::chrono::milliseconds timeout, QObject *parent = nullptr);

    void read(const QString &key, QObject *context, ReadCallback callback) override;
    void write(const QString &key, const QByteArray &value, QObject *context, DoneCallback callback) override;
    void remove(const QString &key, QObject *context, DoneCallback callback) override;
    [[nodiscard]] QString backendName() const override;

    [[nodiscard]] QString service() const { return m_service; }
    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }

private:
    QString m_service;
    std::chrono::milliseconds m_timeout;
};

} // namespace bioepic
