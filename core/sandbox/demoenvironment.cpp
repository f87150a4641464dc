#include "demoenvironment.h"

#include "config/environmentstore.h"
#include "credentials/credentialmanager.h"

namespace bioepic {

DemoEnvironment::DemoEnvironment(EnvironmentStore *environments, CredentialManager *credentials, QObject *parent)
    : QObject(parent)
    , m_environments(environments)
    , m_credentials(credentials)
{
    connect(&m_host, &SandboxHost::started, this, &DemoEnvironment::configure);
    connect(&m_host, &SandboxHost::failed, this, [this](const QString &message) {
        Q_EMIT failed({ErrorClass::Network, QStringLiteral("The sandbox could not start: ") + message, {}, {}, {}});
    });
}

void DemoEnvironment::start(const SandboxOptions &options)
{
    m_host.start(options);
}

void DemoEnvironment::configure(const QUrl &baseUrl)
{
    const QString name = QString::fromLatin1(kEnvironmentName);
    Environment env;
    env.name = name;
    env.baseUrl = baseUrl; // the port changes from run to run
    // The sandbox answers who-am-I whatever the profile: with it, logins, rotations and the
    // diagnosis prove the token on the server instead of trusting the token request alone.
    env.profileOverrides.insert(QStringLiteral("who_am_i_path"), QStringLiteral("/users/me"));
    const Error error = m_environments->find(name) ? m_environments->update(env) : m_environments->add(env);
    if (!error.ok()) {
        Q_EMIT failed(error);
        return;
    }
    login(false);
}

void DemoEnvironment::login(bool sessionOnly)
{
    const QString name = QString::fromLatin1(kEnvironmentName);
    m_credentials->setSessionOnly(name, sessionOnly);
    Credentials demo;
    demo.method = AuthMethod::ClientCredentials;
    demo.identity = QString::fromLatin1(sandboxdemo::kClientId);
    demo.secret = Secret(QByteArray(sandboxdemo::kClientSecret));
    m_credentials->login(name, demo, true, this, [this, name, sessionOnly](const LoginResult &result) {
        if (result.error.kind == ErrorClass::KeychainUnavailable && !sessionOnly) {
            // No keychain here (a bare container, no session bus): the demo still works, in memory.
            login(true);
            return;
        }
        if (!result.error.ok()) {
            Q_EMIT failed(result.error);
            return;
        }
        Q_EMIT ready(name, sessionOnly);
    });
}

} // namespace bioepic
