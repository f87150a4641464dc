#pragma once

namespace bioepic {

/**
 * @brief Keeps a long-lived process that uses QtKeychain (its libsecret backend) working through
 * what its Secret Service does while it runs. Called before every QtKeychain job; does its work
 * once per process.
 *
 * **Provider restarts.** libsecret keeps one proxy of the Secret Service with its session for the
 * whole process. A provider that restarts (KeePassXC quit and opened again, gnome-keyring after a
 * crash) no longer knows that session, and every later write failed with "The session wrapping
 * the secret does not exist" until the program was restarted. When the Secret Service's name
 * changes owner, libsecret's proxy is dropped (`secret_service_disconnect()`, when libsecret is
 * loaded): the next job opens a new one.
 *
 * **Collection signals.** libsecret 0.20.5 updates the `Collections` and `Items` lists its proxies
 * cache from the Service's `CollectionCreated/Deleted/Changed` and the Collection's
 * `ItemCreated/Deleted/Changed` signals, and dereferences a list that is not cached: a NULL
 * GVariant, SIGSEGV in `g_variant_iter_init`. KeePassXC sends a burst of them as it closes its
 * database, so every program that had used the keychain crashed when KeePassXC quit. Nothing
 * QtKeychain asks of libsecret (store, look up and clear by attributes) reads those lists: each
 * is a D-Bus call of its own. So those two interfaces' signals are dropped from libsecret's
 * connection (the process's shared GDBus session connection, a message filter) before any proxy
 * sees them. Qt's own session bus connection, where this module's lock watch listens, is
 * another connection and hears them all; so do Prompt signals, which libsecret waits on.
 */
void prepareLibsecret();

} // namespace bioepic
