#pragma once

#include <QObject>

#include <functional>

namespace bioepic {

/**
 * @brief Which program answers for the keychain: messages name it and give its own remedy
 * ("unlock the database in KeePassXC" is not what GNOME Keyring needs).
 *
 * The Secret Service API does not say who implements it; the session bus does: the process that
 * owns org.freedesktop.secrets (its name in /proc), or KWallet's own service, which QtKeychain
 * talks to directly in a KDE session.
 */
enum class SecretProvider {
    Unknown, ///< not asked yet, no session bus, or a program we do not know
    GnomeKeyring,
    KeePassXC,
    KWallet,
    Other, ///< some other Secret Service (its process name is kept for messages)
};

/** @brief What detectSecretProvider() found last (Unknown before it answered). */
[[nodiscard]] SecretProvider secretProvider();
/** @brief "KeePassXC", "GNOME Keyring", "KWallet", the process name of another provider, or empty. */
[[nodiscard]] QString secretProviderName();

/**
 * @brief Asks the session bus who provides the Secret Service, once per process, without
 * blocking: @p done runs on a later turn of the event loop (at once when already known, within
 * a short bound otherwise), unless @p context is gone.
 */
void detectSecretProvider(QObject *context, std::function<void()> done);
/**
 * @brief Asks the session bus again, as detectSecretProvider() does the first time: for a Secret
 * Service that appeared after the first answer (KeePassXC opened after the window, or another
 * provider in place of the one that quit). secretProvider() keeps what it said until then.
 */
void redetectSecretProvider(QObject *context, std::function<void()> done);

/** @brief For tests: pretend this provider answered. */
void setSecretProviderForTesting(SecretProvider provider, const QString &name = {});

/** @brief Maps a provider's process name (/proc/PID/comm) to the provider. */
[[nodiscard]] SecretProvider secretProviderFromProcessName(const QString &processName);

} // namespace bioepic
