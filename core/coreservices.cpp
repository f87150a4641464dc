#include "coreservices.h"

#include "common/privatefiles.h"
#include "keychain/keychainstore.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace bioepic {

void setApplicationIdentity()
{
    // QStandardPaths: ~/.config/bioepic-credentials and ~/.local/share/bioepic-credentials for both programs.
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setApplicationName(QStringLiteral("bioepic-credentials"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BIOEPIC_VERSION));
}

CoreOptions CoreOptions::fromProcessEnvironment()
{
    CoreOptions options;
    bool ok = false;
    const int timeout = qEnvironmentVariableIntValue("BIOEPIC_KEYCHAIN_TIMEOUT_MS", &ok);
    if (ok && timeout > 0)
        options.keychainTimeout = std::chrono::milliseconds(timeout);
    const QString service = qEnvironmentVariable("BIOEPIC_KEYCHAIN_SERVICE");
    if (!service.isEmpty())
        options.keychainService = service;
    return options;
}

CoreServices::CoreServices(CoreOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(m_options.clock ? m_options.clock : &m_systemClock)
    , m_http(&m_network, &m_log, m_clock)
    , m_environments(m_options.settingsFile.isEmpty() ? EnvironmentStore::defaultFilePath() : m_options.settingsFile)
    , m_tokenStatus(m_options.tokenStateInMemory            ? QString()
                            : m_options.stateFile.isEmpty() ? TokenStatusStore::defaultFilePath()
                                                            : m_options.stateFile)
    , m_history(!m_options.historyDirectory.isEmpty()    ? m_options.historyDirectory
                        : !m_options.stateFile.isEmpty() ? QFileInfo(m_options.stateFile).path()
                                + QStringLiteral("/history") // beside an explicit state file
                                                         : HistoryStore::defaultDirectory())
    , m_ownedKeychain(m_options.keychainOverride
                              ? nullptr
                              : std::make_unique<KeychainStore>(m_options.keychainService, m_options.keychainTimeout))
    , m_keychain(m_options.keychainOverride ? m_options.keychainOverride : m_ownedKeychain.get())
    , m_vault(m_keychain, &m_session, m_options.keychainService)
    , m_tokenClient(&m_http)
    , m_tokens(&m_environments, &m_vault, &m_tokenClient, &m_tokenStatus, m_clock)
    , m_credentials(&m_environments, &m_vault, &m_tokenClient, &m_tokens, &m_history, m_clock)
{
    m_network.setAutoDeleteReplies(false);
    m_environments.reload();
    // Processes that share the keychain (the GUI, scripts) take turns refreshing a token.
    m_tokens.setLockDirectory(QFileInfo(m_environments.filePath()).absolutePath() + QStringLiteral("/locks"));
    // Cached tokens beside the token state, sealed under the installation key: a refresh writes
    // nothing to the keychain.
    if (!m_options.tokenStateInMemory)
        m_vault.setTokenCacheDirectory(QFileInfo(m_tokenStatus.filePath()).absolutePath() + QStringLiteral("/tokens"));
}

CoreServices::~CoreServices() = default;

void CoreServices::followOtherProcesses()
{
    if (m_sharedFiles)
        return;
    m_sharedFiles = std::make_unique<QFileSystemWatcher>();
    for (const QString &folder : sharedFolders())
        makePrivateDirectory(folder); // watched before the file is first written
    watchSharedFiles();
    m_history.noticeChangesElsewhere(); // what each history file is now, to tell later changes by
    // A write is a few events (the temporary file, the rename): one read after them.
    m_rereadSoon.setSingleShot(true);
    m_rereadSoon.setInterval(100);
    connect(m_sharedFiles.get(), &QFileSystemWatcher::directoryChanged, &m_rereadSoon, qOverload<>(&QTimer::start));
    connect(m_sharedFiles.get(), &QFileSystemWatcher::fileChanged, &m_rereadSoon, qOverload<>(&QTimer::start));
    connect(&m_rereadSoon, &QTimer::timeout, this, [this] {
        watchSharedFiles(); // a file replaced by a rename is a new file; a folder may be gone or back
        m_environments.reload();
        m_tokens.takeStatusChanges(m_tokenStatus.reload());
        m_history.noticeChangesElsewhere(); // a failed rotation by a script changes only its history
    });
}

QStringList CoreServices::sharedFiles() const
{
    QStringList files{m_environments.filePath()};
    if (!m_tokenStatus.filePath().isEmpty())
        files.append(m_tokenStatus.filePath());
    return files;
}

QStringList CoreServices::sharedFolders() const
{
    QStringList folders{m_history.directory()}; // a new file there: an environment's first entry
    for (const QString &file : sharedFiles()) {
        const QString folder = QFileInfo(file).absolutePath();
        if (!folders.contains(folder))
            folders.append(folder);
    }
    return folders;
}

void CoreServices::watchSharedFiles()
{
    // The folders see a file replaced by a rename (how this program writes) or made; the files
    // themselves, an edit in place (how many editors save). A folder someone removed (to start
    // afresh, say) is no longer watched, so the nearest folder above it is, until it is back.
    QStringList folders;
    for (QString folder : sharedFolders()) {
        while (!QFileInfo(folder).isDir() && QFileInfo(folder).path() != folder)
            folder = QFileInfo(folder).path();
        if (!folders.contains(folder))
            folders.append(folder);
    }
    const QStringList watchedFolders = m_sharedFiles->directories();
    for (const QString &folder : watchedFolders) {
        if (!folders.contains(folder))
            m_sharedFiles->removePath(folder);
    }
    for (const QString &folder : std::as_const(folders)) {
        if (!watchedFolders.contains(folder))
            m_sharedFiles->addPath(folder);
    }
    const QStringList watched = m_sharedFiles->files();
    // History files are appended to in place: only a watch on the file itself sees that.
    for (const QString &file : sharedFiles() + m_history.files()) {
        if (!watched.contains(file) && QFileInfo::exists(file))
            m_sharedFiles->addPath(file);
    }
}

RotationDeps CoreServices::rotationDeps()
{
    return {&m_environments, &m_vault, &m_tokenClient, &m_http, &m_tokens, &m_credentials, &m_history, m_clock};
}

DiagnosisDeps CoreServices::diagnosisDeps()
{
    return {m_clock, &m_environments, &m_credentials, &m_vault, &m_tokenClient, &m_tokens, &m_http, m_keychain};
}

SupportReportSources CoreServices::supportReportSources()
{
    return {m_clock, &m_environments, &m_tokens, &m_log, m_keychain};
}

} // namespace bioepic
