#include "secretserviceprovider.h"

#include "keychainmodule.h"

#include <QFile>
#include <QPointer>
#include <QTimer>

namespace bioepic {

namespace {

struct ProviderState
{
    enum class Phase { NotAsked, Asking, Known } phase = Phase::NotAsked;
    int question = 0; ///< which ask is the current one: a late answer to an earlier one is dropped
    SecretProvider provider = SecretProvider::Unknown;
    QString name;
    QList<std::pair<QPointer<QObject>, std::function<void()>>> waiters;
};

ProviderState &state()
{
    static ProviderState instance;
    return instance;
}

/** A bus that answers nothing must not hold a message back for long. */
constexpr int kAskTimeoutMs = 1000;

QString displayName(SecretProvider provider, const QString &processName)
{
    switch (provider) {
    case SecretProvider::GnomeKeyring:
        return QStringLiteral("GNOME Keyring");
    case SecretProvider::KeePassXC:
        return QStringLiteral("KeePassXC");
    case SecretProvider::KWallet:
        return QStringLiteral("KWallet");
    case SecretProvider::Other:
        return processName;
    case SecretProvider::Unknown:
        break;
    }
    return {};
}

void settle(int question, SecretProvider provider, const QString &processName)
{
    ProviderState &s = state();
    if (s.phase == ProviderState::Phase::Known || question != s.question)
        return;
    s.phase = ProviderState::Phase::Known;
    s.provider = provider;
    s.name = displayName(provider, processName);
    const auto waiters = std::exchange(s.waiters, {});
    for (const auto &[context, done] : waiters) {
        if (context)
            done();
    }
}

QString processName(uint pid)
{
    QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
    if (!comm.open(QIODevice::ReadOnly))
        return {};
    // A process names itself: printable ASCII only, bounded, before it reaches a message.
    QString name;
    for (const char c : comm.read(64).trimmed()) {
        if (c >= 0x20 && c < 0x7f)
            name.append(QLatin1Char(c));
    }
    return name;
}

} // namespace

SecretProvider secretProviderFromProcessName(const QString &name)
{
    if (name.startsWith(QLatin1String("gnome-keyring")))
        return SecretProvider::GnomeKeyring;
    if (name.startsWith(QLatin1String("keepassxc"), Qt::CaseInsensitive))
        return SecretProvider::KeePassXC;
    if (name.startsWith(QLatin1String("kwalletd")) || name.startsWith(QLatin1String("ksecretd")))
        return SecretProvider::KWallet;
    return name.isEmpty() ? SecretProvider::Unknown : SecretProvider::Other;
}

SecretProvider secretProvider()
{
    return state().provider;
}

QString secretProviderName()
{
    return state().name;
}

void setSecretProviderForTesting(SecretProvider provider, const QString &name)
{
    ProviderState &s = state();
    s.phase = ProviderState::Phase::Known;
    s.provider = provider;
    s.name = name.isEmpty() ? displayName(provider, name) : name;
}

namespace {

/** Asks the bus, as question number state().question; waiters are told when it settles. */
void ask()
{
    ProviderState &s = state();
    s.phase = ProviderState::Phase::Asking;
    const int question = ++s.question;
    const KeychainModule *module = keychainModule();
    if (!module) {
        QTimer::singleShot(0, [question] { settle(question, SecretProvider::Unknown, {}); });
        return;
    }
    QTimer::singleShot(kAskTimeoutMs, [question] { settle(question, SecretProvider::Unknown, {}); });
    module->askProvider(kAskTimeoutMs, [question](uint pid, bool kwallet) {
        if (kwallet) {
            settle(question, SecretProvider::KWallet, {});
            return;
        }
        const QString name = pid != 0 ? processName(pid) : QString();
        settle(question, secretProviderFromProcessName(name), name);
    });
}

} // namespace

void detectSecretProvider(QObject *context, std::function<void()> done)
{
    ProviderState &s = state();
    if (s.phase == ProviderState::Phase::Known) {
        QTimer::singleShot(0, context, std::move(done));
        return;
    }
    s.waiters.append({QPointer<QObject>(context), std::move(done)});
    if (s.phase == ProviderState::Phase::NotAsked)
        ask();
}

void redetectSecretProvider(QObject *context, std::function<void()> done)
{
    ProviderState &s = state();
    s.waiters.append({QPointer<QObject>(context), std::move(done)});
    if (s.phase != ProviderState::Phase::Asking)
        ask(); // what was known stays until the answer replaces it
}

} // namespace bioepic
