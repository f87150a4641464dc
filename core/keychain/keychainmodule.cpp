#include "keychainmodule.h"

#include "common/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibrary>

#include <memory>

#ifdef BIOEPIC_KEYCHAIN_LINKED_IN
extern "C" const bioepic::KeychainModule *bioepic_keychain_module(int interfaceVersion);
#endif

namespace bioepic {

namespace {

struct LoadedModule
{
    /**
     * Never unloaded, nor deleted (a QLibrary destroyed after Qt's library store at exit is not
     * safe): QtKeychain's jobs and D-Bus replies may still be in flight at exit.
     */
    QLibrary *library = nullptr;
    const KeychainModule *table = nullptr;
    QString problem;
};

#ifndef BIOEPIC_KEYCHAIN_LINKED_IN
/** Where to look: the override, or beside the program (in bin/, or in libexec/bioepic-credentials/). */
QStringList candidatePaths()
{
    const QString override = qEnvironmentVariable("BIOEPIC_KEYCHAIN_MODULE");
    if (!override.isEmpty())
        return {override};
    // Every program (and test) makes its QCoreApplication before the first keychain call.
    const QString programDir = QCoreApplication::applicationDirPath();
    QStringList paths;
    for (const char *relative : {BIOEPIC_KEYCHAIN_MODULE_RELATIVE_DIR, BIOEPIC_KEYCHAIN_MODULE_RELATIVE_DIR_LIBEXEC}) {
        const QString path = QDir::cleanPath(programDir + QLatin1Char('/') + QLatin1String(relative)
                                             + QStringLiteral("/libbioepic-keychain.so"));
        if (!paths.contains(path))
            paths << path;
    }
    return paths;
}
#endif

LoadedModule load()
{
    LoadedModule loaded;
#ifdef BIOEPIC_KEYCHAIN_LINKED_IN
    // macOS and Windows: linked into the program (core/CMakeLists.txt says why).
    loaded.table = bioepic_keychain_module(KeychainModule::kInterfaceVersion);
    return loaded;
#else
    QStringList tried;
    for (const QString &path : candidatePaths()) {
        if (!QFileInfo::exists(path)) {
            tried << QStringLiteral("%1 (no such file)").arg(path);
            continue;
        }
        auto library = std::make_unique<QLibrary>(path);
        library->setLoadHints(QLibrary::PreventUnloadHint);
        const auto entry = reinterpret_cast<BioepicKeychainModuleEntry>(library->resolve("bioepic_keychain_module"));
        if (!entry) {
            tried << QStringLiteral("%1 (%2)").arg(path, library->errorString());
            continue;
        }
        loaded.table = entry(KeychainModule::kInterfaceVersion);
        if (loaded.table) {
            loaded.library = library.release();
            qCDebug(lcKeychain) << "keychain module" << path;
            return loaded;
        }
        tried << QStringLiteral("%1 (from another version of BioEPIC Credentials)").arg(path);
    }
    loaded.problem = QStringLiteral("looked for %1").arg(tried.join(QStringLiteral("; ")));
    qCDebug(lcKeychain).noquote() << "no keychain module:" << loaded.problem;
    return loaded;
#endif
}

const LoadedModule &loadedModule()
{
    static const LoadedModule module = load();
    return module;
}

} // namespace

const KeychainModule *keychainModule()
{
    return loadedModule().table;
}

QString keychainModuleProblem()
{
    return loadedModule().problem;
}

} // namespace bioepic
