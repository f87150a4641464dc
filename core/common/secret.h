#pragma once

#include <QByteArray>
#include <QString>

class QDebug;

namespace bioepic {

/**
 * @brief Bytes that must never be shown: a client secret, a password, an access token.
 *
 * There is no implicit conversion to or from strings. The value comes out only through
 * reveal(), at the one place where it is sent or stored. QDebug prints "(is set)".
 */
class Secret final
{
public:
    Secret() = default;
    explicit Secret(QByteArray bytes)
        : m_bytes(std::move(bytes))
    {
    }
    static Secret fromString(const QString &text) { return Secret(text.toUtf8()); }

    Secret(const Secret &) = default;
    Secret(Secret &&) noexcept = default;
    Secret &operator=(const Secret &) = default;
    Secret &operator=(Secret &&) noexcept = default;
    ~Secret();

    [[nodiscard]] bool isEmpty() const { return m_bytes.isEmpty(); }
    [[nodiscard]] qsizetype size() const { return m_bytes.size(); }
    /** @brief The raw bytes. Call only where the secret is sent or written to the keychain. */
    [[nodiscard]] const QByteArray &reveal() const { return m_bytes; }
    [[nodiscard]] QString revealString() const { return QString::fromUtf8(m_bytes); }
    /** @brief "sha256:" + 8 hex digits; safe to show, log and compare. */
    [[nodiscard]] QString fingerprint() const;

    /** @brief Constant-time comparison. */
    [[nodiscard]] bool equals(const Secret &other) const;

private:
    QByteArray m_bytes;
};

/** @brief Whether @p a and @p b are equal, in a time that depends on their length only. */
[[nodiscard]] bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

/** @brief "sha256:" + the first 8 hex digits of SHA-256(bytes). Empty input gives an empty string. */
[[nodiscard]] QString fingerprintOf(const QByteArray &bytes);

QDebug operator<<(QDebug debug, const Secret &secret);

} // namespace bioepic
