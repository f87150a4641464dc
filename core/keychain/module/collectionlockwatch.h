#pragma once

#include "keychain/keychainmodule.h"

#include <QDBusConnection>

namespace bioepic {

/**
 * @brief Follows whether the Secret Service's default collection (where QtKeychain stores) is
 * locked: @p changed runs with what the service says now, then again each time that changes,
 * until @p context is gone.
 *
 * Why: a locked keyring reads as "not found" through libsecret, and a window that only learns
 * of it from a failed job says nothing until the user acts. The Secret Service says it without
 * a prompt and without a secret: the collection's `Locked` property. GNOME Keyring and KeePassXC
 * announce a lock or an unlock (CollectionChanged on the service, PropertiesChanged on the
 * collection); either one asks the property again, and so does a timer every 30 s, for the
 * announcements a D-Bus connection does not hear (a provider restarted before the watch began).
 *
 * Gone when the Secret Service that ran leaves the bus (KeePassXC quit) and the bus cannot start
 * it again: a job would find nothing to talk to. (One the bus starts on demand, as it does GNOME
 * Keyring, is Unknown: the next job brings it back.) Unknown while there is no Secret Service
 * running (none is started for this: one that starts later is asked then), no default collection
 * (`ReadAlias` answers "/"), or no answer within @p timeout; with no session bus at all, once,
 * and the watch ends.
 */
void watchDefaultCollectionLock(const QDBusConnection &bus, std::chrono::milliseconds timeout, QObject *context,
                                std::function<void(CollectionLock)> changed);

} // namespace bioepic
