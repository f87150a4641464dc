#include "keychainerror.h"

#include "secretserviceprovider.h"

#include <qt6keychain/keychain.h>

namespace bioepic {

QString keychainBackendName()
{
#if defined(Q_OS_MACOS)
    return QStringLiteral("macOS Keychain");
#elif defined(Q_OS_WIN)
    return QStringLiteral("Windows Credential Manager");
#else
    switch (secretProvider()) {
    case SecretProvider::KWallet:
        return QStringLiteral("KWallet");
    case SecretProvider::GnomeKeyring:
    case SecretProvider::KeePassXC:
    case SecretProvider::Other:
        return QStringLiteral("Secret Service (%1)").arg(secretProviderName());
    case SecretProvider::Unknown:
        break;
    }
    return QStringLiteral("Secret Service (GNOME Keyring, KeePassXC or KWallet over D-Bus)");
#endif
}

KeychainError classifyKeychainError(int qtkeychainError, const QString &message, const QString &operation,
                                    const QString &key)
{
    KeychainError error{KeychainError::Code::Other, operation, key, message};
    switch (static_cast<QKeychain::Error>(qtkeychainError)) {
    case QKeychain::NoError:
        error.code = KeychainError::Code::None;
        return error;
    case QKeychain::EntryNotFound:
        error.code = KeychainError::Code::NotFound;
        return error;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        error.code = KeychainError::Code::Locked;
        return error;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        error.code = KeychainError::Code::NoService;
        return error;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    // QtKeychain reports most Linux failures as OtherError; the message tells them apart.
    if (message.contains(QLatin1String("locked"), Qt::CaseInsensitive))
        error.code = KeychainError::Code::Locked;
    else if (message.contains(QLatin1String("autolaunch D-Bus"), Qt::CaseInsensitive)
             || message.contains(QLatin1String("was not provided by any .service"), Qt::CaseInsensitive)
             || message.contains(QLatin1String("org.freedesktop.DBus.Error"), Qt::CaseInsensitive)
             || message.contains(QLatin1String("D-Bus"), Qt::CaseInsensitive)
             || message.contains(QLatin1String("No such interface"), Qt::CaseInsensitive)
             // GIO's words when the session bus's socket is missing or refuses: no bus to ask.
             || message.startsWith(QLatin1String("Could not connect:"), Qt::CaseInsensitive))
        error.code = KeychainError::Code::NoService;
    else if (message.contains(QLatin1String("Object does not exist at path"), Qt::CaseInsensitive))
        error.code = KeychainError::Code::NotUnlocked;
    else if (message.trimmed().compare(QLatin1String("Unknown error"), Qt::CaseInsensitive) == 0)
        error.code = KeychainError::Code::BackendMissing;
    return error;
}

QString KeychainError::message() const
{
    const QString backend = keychainBackendName();
    switch (code) {
    case Code::None:
        return {};
    case Code::NotFound:
        return QStringLiteral("Nothing is stored under %1 in the %2").arg(key, backend);
    case Code::Locked:
        return QStringLiteral("The %1 is locked: could not %2 %3").arg(backend, operation, key);
    case Code::NoService:
        return QStringLiteral("No keychain is reachable: the %1 is not running or there is no session bus")
                .arg(backend);
    case Code::NotUnlocked:
        return QStringLiteral("The %1 is running but its login keyring has not been created or unlocked").arg(backend);
    case Code::BackendMissing:
        return QStringLiteral("QtKeychain could not use the %1 (libsecret is probably not installed)").arg(backend);
    case Code::ModuleMissing:
        return QStringLiteral("Could not %1 %2: the keychain module of BioEPIC Credentials is missing or does not "
                              "match this program")
                .arg(operation, key);
    case Code::Timeout:
        return QStringLiteral("The %1 did not answer in time while trying to %2 %3").arg(backend, operation, key);
    case Code::Corrupt:
        return QStringLiteral("The keychain entry %1 does not hold credentials written by this program").arg(key);
    case Code::File:
        return QStringLiteral("Could not %1 the token cache file %2").arg(operation, key);
    case Code::Other:
        return QStringLiteral("The %1 failed to %2 %3").arg(backend, operation, key);
    }
    return {};
}

QString KeychainError::remedy() const
{
    switch (code) {
    case Code::None:
    case Code::NotFound:
        return {};
    case Code::Locked:
        switch (secretProvider()) {
        case SecretProvider::KeePassXC:
            return QStringLiteral("Unlock the database in KeePassXC (its window asks for the password) and try again. "
                                  "If it is unlocked, check that Secret Service integration exposes a group of it "
                                  "(Database settings → Secret Service Integration).");
        case SecretProvider::KWallet:
            return QStringLiteral("Open the wallet in KWallet (kwalletmanager5) and try again.");
        default:
            return QStringLiteral(
                    "Unlock the keyring (for example with Seahorse, \"Passwords and Keys\") and try again.");
        }
    case Code::NoService:
        // KeePassXC answered for it in this process: it has quit or crashed since.
        if (secretProvider() == SecretProvider::KeePassXC)
            return QStringLiteral("Open KeePassXC again and unlock its database: this program carries on by itself "
                                  "once it is back.");
        return QStringLiteral("Log in to a desktop session that runs GNOME Keyring, KWallet or KeePassXC (with "
                              "Secret Service integration on), or start one: "
                              "dbus-run-session, then gnome-keyring-daemon --unlock. Until then the GUI can keep "
                              "credentials for this session only, and bioepic-cred can read them with --from-env.");
    case Code::NotUnlocked:
        if (secretProvider() == SecretProvider::KeePassXC)
            return QStringLiteral("KeePassXC answers, but offers no collection: enable Secret Service integration "
                                  "(Tools → Settings → Secret Service Integration), then expose a group of the "
                                  "database (Database settings → Secret Service Integration).");
        return QStringLiteral("Create and unlock the login keyring: printf %s 'a password' | gnome-keyring-daemon "
                              "--unlock --components=secrets (or open Seahorse once).");
    case Code::BackendMissing:
        return QStringLiteral("Install libsecret (apt install libsecret-1-0) and restart the program.");
    case Code::ModuleMissing:
        return QStringLiteral("Reinstall BioEPIC Credentials: libbioepic-keychain.so comes with the program and "
                              "must be the one built with it. Until then bioepic-cred can read credentials with "
                              "--from-env.");
    case Code::Timeout:
        switch (secretProvider()) {
        case SecretProvider::KeePassXC:
            return QStringLiteral("KeePassXC may be showing an \"Access Request\" for this entry (it asks before "
                                  "every overwrite) or its \"Unlock Database\" dialog: answer it in the KeePassXC "
                                  "window and try again. If it asks to unlock a database that is open, no group of "
                                  "it is exposed: Database settings → Secret Service Integration.");
        case SecretProvider::KWallet:
            return QStringLiteral("KWallet may be asking to open the wallet or to allow this program: answer it "
                                  "and try again.");
        default:
            return QStringLiteral("An unlock prompt may be waiting on screen: answer it and try again. Without a "
                                  "display, the keyring must be unlocked beforehand (gnome-keyring-daemon "
                                  "--unlock).");
        }
    case Code::Corrupt:
        return QStringLiteral("Store the credentials again (bioepic-cred login) to replace the entry.");
    case Code::File:
        return QStringLiteral("Check that the folder is yours and writable; the token is used without being cached.");
    case Code::Other:
        return QStringLiteral("Check that the keyring service is running and unlocked, then try again.");
    }
    return {};
}

QString removedEntriesNote()
{
    if (secretProvider() == SecretProvider::KeePassXC)
        return QStringLiteral("KeePassXC keeps deleted entries in the database's recycle bin: empty it (right-click "
                              "\"Recycle Bin\" → Empty) to remove the secrets for good.");
    return {};
}

ErrorClass KeychainError::errorClass() const
{
    switch (code) {
    case Code::None:
        return ErrorClass::None;
    case Code::NotFound:
    case Code::Corrupt:
    case Code::File:
        return ErrorClass::Failure;
    case Code::Locked:
    case Code::NoService:
    case Code::NotUnlocked:
    case Code::BackendMissing:
    case Code::ModuleMissing:
    case Code::Timeout:
    case Code::Other:
        return ErrorClass::KeychainUnavailable;
    }
    return ErrorClass::Failure;
}

bool KeychainError::isStoreProblem() const
{
    // Every way of being unavailable but Other, which may be about one entry as well.
    return errorClass() == ErrorClass::KeychainUnavailable && code != Code::Other;
}

Error KeychainError::toError() const
{
    return {errorClass(), message(), remedy(), backendMessage, {}};
}

} // namespace bioepic
