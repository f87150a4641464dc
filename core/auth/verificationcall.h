#pragma once

#include "config/environment.h"
#include "net/httpclient.h"
#include "token.h"

namespace bioepic {

/** @brief The authenticated call that proves a token works, and what to call it in messages. */
struct VerificationCall
{
    HttpRequest request;
    QString description; ///< "who-am-I" or "a one-record search in samples"
};

/**
 * @brief Who-am-I when the profile has one, else a one-record search in the profile's
 * verification collection; nullopt when it has neither. Used by rotation and diagnosis alike.
 */
[[nodiscard]] std::optional<VerificationCall> verificationCall(const Environment &environment, const Token &token);

} // namespace bioepic
