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
 * a prompt and without a secret: the collection's `Locked` property. GNOME Keyring announces a
 * lock or an unlock (CollectionChanged on the service, PropertiesChanged on the collection);
 * either one asks the property again.
 *
 * Unknown when there is no bus, no Secret Service running (none is started for this), no
 * default collection (`ReadAlias` answers "/"), or no answer within @p timeout; it is then
 * reported once and not followed.
 */
void watchDefaultCollectionLock(const QDBusConnection &bus, std::chrono::milliseconds timeout, QObject *context,
                                std::function<void(CollectionLock)> changed);

} // namespace bioepic
