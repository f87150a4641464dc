#include "secret.h"

#include <QCryptographicHash>
#include <QDebug>

namespace bioepic {

Secret::~Secret()
{
    // Only wipe a buffer nobody else shares; writing into a shared one would detach and wipe a copy.
    if (!m_bytes.isEmpty() && m_bytes.isDetached())
        m_bytes.fill('\0');
}

QString Secret::fingerprint() const
{
    return fingerprintOf(m_bytes);
}

bool Secret::equals(const Secret &other) const
{
    return constantTimeEquals(m_bytes, other.m_bytes);
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

QString fingerprintOf(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return {};
    const QByteArray digest = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
    return QStringLiteral("sha256:") + QString::fromLatin1(digest.left(8));
}

QDebug operator<<(QDebug debug, const Secret &secret)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "Secret(" << (secret.isEmpty() ? "empty" : "is set") << ')';
    return debug;
}

} // namespace bioepic
