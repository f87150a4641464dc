#pragma once

#include "common/error.h"
#include "token.h"

#include <QHash>
#include <QStringList>

#include <functional>

namespace bioepic {

/** @brief The last known token of an environment, without the token, and the last failure. */
struct TokenStatus
{
    TokenInfo info;
    QString lastError; ///< message of the last failed refresh, cleared by a success
    QString lastErrorRemedy; ///< what to do about it, when there is something to say
    QDateTime lastErrorAt;
    /** The token the server refused (401 to a call made with it); a new token clears this. */
    QString rejectedFingerprint;
    QDateTime rejectedAt;
    QString rejectedReason; ///< the server's words

    [[nodiscard]] bool isRejected() const
    {
        return !rejectedFingerprint.isEmpty() && rejectedFingerprint == info.fingerprint;
    }
};

/**
 * @brief Token metadata per environment in state.json (XDG data dir), so that `status` and the
 * environment list can show expiry without unlocking the keychain. Holds no token. With an
 * empty file path it lives in memory only. TokenService alone writes it, and says so (tokenChanged);
 * what another process wrote is found by reload().
 */
class TokenStatusStore final
{
public:
    explicit TokenStatusStore(QString filePath);
    [[nodiscard]] static QString defaultFilePath();

    /** @brief Reads the file again (another process may have written it); returns the environments that changed. */
    QStringList reload();
    [[nodiscard]] QString filePath() const { return m_filePath; }
    [[nodiscard]] TokenStatus status(const QString &environment) const;
    void setToken(const QString &environment, const TokenInfo &info);
    /** @brief Records a failed refresh: the error's message and what to do about it. */
    void setError(const QString &environment, const Error &error, const QDateTime &at);
    /** @brief Records that the server refused the token with this fingerprint. */
    void setRejected(const QString &environment, const QString &fingerprint, const QString &reason,
                     const QDateTime &at);
    /** @brief The server accepted the token after all (a check succeeded): forget a rejection. */
    void clearRejected(const QString &environment);
    void clear(const QString &environment);

private:
    void update(const QString &environment, const std::function<void(TokenStatus &)> &change, bool remove = false);

    QString m_filePath;
    QHash<QString, TokenStatus> m_status;
};

} // namespace bioepic
