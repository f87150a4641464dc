#include "memorystore.h"

#include <QPointer>
#include <QTimer>

namespace bioepic {

KeychainError MemoryStore::injectedError(const QString &, const QString &) const
{
    return {};
}

void MemoryStore::answerLater(QObject *context, std::function<void()> answer)
{
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, this, [guard, answer = std::move(answer)] {
        if (guard)
            answer();
    });
}

void MemoryStore::read(const QString &key, QObject *context, ReadCallback callback)
{
    const KeychainError injected = injectedError(QStringLiteral("read"), key);
    KeychainError error = injected;
    QByteArray value;
    if (injected.ok()) {
        const auto it = m_values.constFind(key);
        if (it == m_values.constEnd())
            error = {KeychainError::Code::NotFound, QStringLiteral("read"), key, QStringLiteral("Entry not found")};
        else
            value = *it;
    }
    answerLater(context, [callback = std::move(callback), error, value] { callback(error, value); });
}

void MemoryStore::write(const QString &key, const QByteArray &value, QObject *context, DoneCallback callback)
{
    const KeychainError error = injectedError(QStringLiteral("write"), key);
    if (error.ok())
        m_values.insert(key, value);
    answerLater(context, [callback = std::move(callback), error] { callback(error); });
}

void MemoryStore::remove(const QString &key, QObject *context, DoneCallback callback)
{
    KeychainError error = injectedError(QStringLiteral("delete"), key);
    if (error.ok() && !m_values.remove(key))
        error = {KeychainError::Code::NotFound, QStringLiteral("delete"), key, QStringLiteral("Entry not found")};
    answerLater(context, [callback = std::move(callback), error] { callback(error); });
}

} // namespace bioepic
