#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace bioepic {

/**
 * @brief What may be shown of a request or reply in a log, a support report or a debug line.
 *
 * The rules: no query strings, no Authorization or cookie values, no form field values except
 * a short allow-list (grant_type, client_id, username, scope), no token values (only their
 * fingerprints), and no request secret echoed back by a server.
 */
namespace redaction {

/** @brief scheme://host[:port]/path, without user info, query or fragment. */
[[nodiscard]] QString url(const QUrl &url);
/** @brief The value to show for a header; secrets become "<redacted>" (Bearer keeps the token fingerprint). */
[[nodiscard]] QByteArray headerValue(const QByteArray &name, const QByteArray &value);
/** @brief A form body as "field=value, field=<redacted>". */
[[nodiscard]] QString formBody(const QByteArray &body);
/** @brief A token endpoint reply with every token replaced by its fingerprint. */
[[nodiscard]] QString tokenReply(const QByteArray &body);
/** @brief A short, safe excerpt of an error reply (tokens replaced by fingerprints, at most 300 chars). */
[[nodiscard]] QString errorExcerpt(const QByteArray &body);
/** @brief Replaces every occurrence of each secret (of 4 bytes or more) with "<redacted>". */
[[nodiscard]] QByteArray scrub(QByteArray text, const QList<QByteArray> &secrets);

} // namespace redaction
} // namespace bioepic
