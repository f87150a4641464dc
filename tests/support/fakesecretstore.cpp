#include "fakesecretstore.h"

namespace bioepic::test {

KeychainError FakeSecretStore::injectedError(const QString &operation, const QString &key) const
{
    ++m_counts[operation];
    auto code = m_failures.constFind(operation);
    if (code == m_failures.constEnd())
        code = m_failures.constFind(QStringLiteral("*"));
    if (code == m_failures.constEnd())
        return {};
    return {*code, operation, key, QStringLiteral("injected by the test")};
}

} // namespace bioepic::test
