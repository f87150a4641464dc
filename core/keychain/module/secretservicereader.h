#pragma once

#include "keychain/keychainmodule.h"

#include <QDBusConnection>

namespace bioepic {

/**
 * @brief Reads the entry QtKeychain stored as (`server` = @p server, `user` = @p user) straight
 * from the Secret Service over the session bus, without QtKeychain and libsecret.
 *
 * Why: a read through QtKeychain loads libsecret with GIO and libgcrypt, opens a second bus
 * connection and agrees a Diffie-Hellman session key: a cached `bioepic-cred token` took 24 ms
 * that way, 13 ms this way (`secret-tool lookup` of the same item: 15 ms). Here it is three
 * calls on the session bus Qt already has: the two searches QtKeychain makes (`type` =
 * plaintext, then base64) and OpenSession, all at once, then GetSecret.
 *
 * The session is `plain`: the value crosses the session bus unencrypted, as the Secret Service
 * specification allows for a trusted transport. The session bus is the user's own; whoever can
 * watch it can ask the Secret Service for the same item, so a negotiated key would hide the
 * value from no one who could see it. Anything this cannot settle (a locked item, which needs
 * a prompt; a provider without plain sessions; a reply of the wrong shape) is Unavailable, and
 * the caller asks QtKeychain, which handles it as before.
 *
 * KeychainStore asks this way only when the Secret Service is GNOME Keyring: KeePassXC 2.7.4
 * crashed (a null pointer in one of its pooled threads) when clients read this way while others
 * wrote and were killed mid-write, which QtKeychain's reads never made it do.
 *
 * Asks on @p bus (the session bus: secretServiceBus()). Answers exactly once, later, unless
 * @p context is gone; within @p timeout.
 */
void readSecretServiceEntry(const QDBusConnection &bus, const QString &server, const QString &user,
                            std::chrono::milliseconds timeout, QObject *context,
                            std::function<void(DirectReadOutcome, const QByteArray &)> done);

} // namespace bioepic
