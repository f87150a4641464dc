#include "fakesecretstore.h"

#include <QPointer>
#include <QTimer>

namespace bioepic::test {

KeychainError FakeSecretStore::injectedError(const QString &operation, const QString &key) const
{
    ++m_counts[operation];
    if (const auto keyCode = m_keyFailures.constFind(key); keyCode != m_keyFailures.constEnd())
        return {*keyCode, operation, key, QStringLiteral("injected by the test")};
    auto code = m_failures.constFind(operation);
    if (code == m_failures.constEnd())
        code = m_failures.constFind(QStringLiteral("*"));
    if (code == m_failures.constEnd())
        return {};
    return {*code, operation, key, QStringLiteral("injected by the test")};
}

void FakeSecretStore::write(const QString &key, const QByteArray &value, QObject *context, DoneCallback callback)
{
    if (contains(key))
        m_overwrites.append(key);
    if (m_hangingWrites.contains(key)) {
        ++m_counts[QStringLiteral("write")];
        m_unanswered.append(std::move(callback));
        return;
    }
    if (m_writeDelayMs > 0) {
        QPointer<QObject> guard(context);
        QTimer::singleShot(m_writeDelayMs, this, [this, key, value, guard, callback = std::move(callback)]() mutable {
            if (guard)
                MemoryStore::write(key, value, guard, std::move(callback));
        });
        return;
    }
    MemoryStore::write(key, value, context, std::move(callback));
}

} // namespace bioepic::test
