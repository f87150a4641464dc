#pragma once

#include "keychain/keychainmodule.h"

namespace bioepic {

/**
 * @brief Adds @p extra to the attributes of the Secret Service entry QtKeychain stored as
 * (`server` = @p server, `user` = @p user), so a person can find it by what it is
 * (`secret-tool search environment lab`, KeePassXC's advanced attributes, Seahorse).
 *
 * QtKeychain 0.13 sets only `user`, `server` and `type`; the Secret Service lets a client set an
 * item's Attributes property, which needs no secret and asks nothing. A later write of the same
 * entry by QtKeychain replaces the item with its three attributes: call this after every write.
 * Attribute values are not secret (a keyring may store them unencrypted): names, slots, client ids.
 *
 * Best effort and bounded by @p timeout: @p done(true) when every matching unlocked item carries
 * them, done(false) otherwise (no Secret Service, a locked or vanished item, no answer in time).
 * Answers exactly once, later, unless @p context is gone.
 */
void addSecretServiceAttributes(const QString &server, const QString &user, bool binary, const SecretAttributes &extra,
                                std::chrono::milliseconds timeout, QObject *context, std::function<void(bool)> done);

} // namespace bioepic
