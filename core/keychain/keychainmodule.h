#pragma once

#include <QByteArray>
#include <QMap>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>

namespace bioepic {

/** @brief Secret Service attributes: name → value, stored beside an entry and searchable. */
using SecretAttributes = QMap<QString, QString>;

/** @brief What a direct Secret Service read (KeychainModule::readEntry) found. */
enum class DirectReadOutcome {
    Found, ///< an unlocked item holds the entry: its value comes with it
    NotFound, ///< the Secret Service answered, and no item, locked or not, is the entry
    Timeout, ///< the Secret Service did not answer within the timeout
    /** Only a locked item is the entry: ask QtKeychain, which may unlock it with a prompt; if it
     * then finds nothing, the entry is locked, not missing (libsecret says "not found" for both). */
    Locked,
    Unavailable, ///< anything else (no service, more than one item, an unexpected reply): ask QtKeychain
};

/** @brief Whether the Secret Service's default collection is locked (KeychainModule::watchLock). */
enum class CollectionLock {
    Unknown,
    Unlocked,
    Locked,
    Gone, ///< the Secret Service that ran has left the session bus (quit, or crashed) and cannot be started by it
};

/**
 * @brief Everything that talks to the keychain itself: QtKeychain's jobs and the session-bus calls
 * of the Secret Service. It lives in a module of its own (libbioepic-keychain.so), loaded the
 * first time a command needs the keychain, so that a command that never does (`token --from-env`,
 * `env list`, `sandbox`) does not load QtKeychain, QtDBus, libdbus and libsystemd at start: a
 * tenth of `token --from-env`'s 13 ms went on loading them.
 *
 * Every callback runs later, on the calling thread's event loop, never from within the call.
 * Only types of Qt and the standard library cross: the module holds no code of bioepic_core.
 */
struct KeychainModule
{
    /** Bumped whenever this table changes: a module of another build is refused, not called. */
    static constexpr int kInterfaceVersion = 3;

    enum class JobKind { Read, Write, Remove };
    /** qtkeychainError is a QKeychain::Error; value is a read's bytes. */
    using JobDone = std::function<void(int qtkeychainError, const QString &errorString, const QByteArray &value)>;

    /**
     * Starts one QtKeychain job for (@p service, @p key); @p value and @p asText (store it as text,
     * not base64) only for a write. @p done runs once when QtKeychain finishes it, which may be
     * never: the caller keeps its own timeout. The job deletes itself when it finishes.
     */
    void (*startJob)(JobKind kind, const QString &service, const QString &key, const QByteArray &value, bool asText,
                     JobDone done);
    /**
     * Reads the entry QtKeychain stored as (`server` = @p server, `user` = @p user) straight from
     * the Secret Service on the session bus (why: module/secretservicereader.h). Answers exactly
     * once, within @p timeout, unless @p context is gone.
     */
    void (*readEntry)(const QString &server, const QString &user, std::chrono::milliseconds timeout, QObject *context,
                      std::function<void(DirectReadOutcome, const QByteArray &)> done);
    /** addSecretServiceAttributes() (module/secretserviceattributes.h) on the session bus. */
    void (*addAttributes)(const QString &server, const QString &user, bool binary, const SecretAttributes &extra,
                          std::chrono::milliseconds timeout, QObject *context, std::function<void(bool)> done);
    /**
     * Asks the session bus who owns org.freedesktop.secrets: @p done(pid, false), or (0, true)
     * when there is none and KWallet's own service runs, or (0, false) when neither answers or
     * there is no session bus. Answers exactly once, within @p timeoutMs.
     */
    void (*askProvider)(int timeoutMs, std::function<void(uint pid, bool kwallet)> done);
    /**
     * Follows whether the default collection is locked (module/collectionlockwatch.h): @p changed
     * with the state now, within @p timeout, then on each change, until @p context is gone.
     */
    void (*watchLock)(std::chrono::milliseconds timeout, QObject *context, std::function<void(CollectionLock)> changed);
};

/**
 * @brief The keychain module, loaded on the first call from beside the program
 * (`../<libdir>/bioepic-credentials/libbioepic-keychain.so`, or `BIOEPIC_KEYCHAIN_MODULE`); null
 * when it cannot be loaded, and keychainModuleProblem() says why.
 */
[[nodiscard]] const KeychainModule *keychainModule();
/** @brief Why keychainModule() is null: "looked for" each file tried, with the loader's words. */
[[nodiscard]] QString keychainModuleProblem();

} // namespace bioepic

/**
 * The one symbol the module exports, `bioepic_keychain_module`: its table, or null when
 * @p interfaceVersion is not its own.
 */
using BioepicKeychainModuleEntry = const bioepic::KeychainModule *(*)(int interfaceVersion);
