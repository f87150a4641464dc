#pragma once

#include "common/error.h"
#include "config/dotenv.h"
#include "keychain/credentials.h"

#include <QObject>
#include <QPointer>

namespace bioepic {

class CredentialManager;
class CredentialVault;
class EnvironmentStore;

/** @brief One environment's credentials found in a .env file. */
struct DotenvFinding
{
    QString environment;
    Credentials credentials;
    QString identityKey; ///< "CLIENT_ID", "PROD_USERNAME"…
    QString secretKey; ///< "CLIENT_SECRET", "PROD_PASSWORD"…
    int identityLine = 0;
    int secretLine = 0;
};

/** @brief What importing a .env file would do, before anything is done. Holds the secrets found. */
struct DotenvPlan
{
    QString file;
    DotenvDocument document;
    QByteArray bytes; ///< the file as read: stripping refuses to go on if it changed meanwhile
    QList<DotenvFinding> findings;
    QStringList problems; ///< why the import cannot go ahead (nothing is done when there is one)
    QStringList notes; ///< what was seen and left alone
    QStringList wouldReplace; ///< environments whose other stored credentials block the import (see replace)

    [[nodiscard]] bool ok() const { return problems.isEmpty() && !findings.isEmpty(); }
};

/**
 * @brief Reads @p file and works out which environments its credentials belong to, as the
 * seed library's users write them: CLIENT_ID/CLIENT_SECRET or USERNAME/PASSWORD for the
 * environment named by @p environment (or the file's ENV), and PROD_…, DEV_… — any existing
 * environment's name as a prefix — for that environment. Refuses to replace other stored
 * credentials unless @p replace.
 */
[[nodiscard]] DotenvPlan planDotenvImport(const QString &file, const QString &environment,
                                          const EnvironmentStore &environments, const CredentialManager &credentials,
                                          bool replace);

/** @brief The outcome of a DotenvImport. */
struct DotenvImportResult
{
    Error error;
    QStringList imported; ///< environments whose credentials are stored and read back equal
    bool stripped = false;
    QStringList strippedKeys;
};

/**
 * @brief Moves the credentials of a DotenvPlan into the keychain, then optionally out of the file.
 *
 * @code
 *   for each finding: login (verified with a token request, and who-am-I, unless verify is off)
 *                     ─► read the active slot back ─► equal to what was found?
 *   all equal and strip? ─► the file unchanged since it was read? ─► rewrite it atomically, with
 *                           its permissions, without the secret lines and with a comment saying
 *                           where they went ─► parse the result: secrets gone, the rest the same
 * @endcode
 * Any failure stops the import and leaves the file byte for byte as it was (what was already
 * stored stays stored, and is said). finished() is emitted exactly once.
 */
class DotenvImport final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool verify = true; ///< a token request (and who-am-I) before storing
        bool strip = false;
        /**
         * False: the credentials were imported by an earlier run (the GUI asks before stripping);
         * they are only read back and compared, then the file is stripped.
         */
        bool store = true;
    };

    DotenvImport(CredentialManager *credentials, CredentialVault *vault, DotenvPlan plan, Options options,
                 QObject *parent = nullptr);

    void start();
    [[nodiscard]] const DotenvPlan &plan() const { return m_plan; }

Q_SIGNALS:
    /** @brief An environment's credentials are stored and read back equal. */
    void imported(const QString &environment, const QString &fingerprint, bool verified);
    void finished(const bioepic::DotenvImportResult &result);

private:
    void importNext(int index);
    void readBack(int index);
    void strip();
    void finish(const Error &error);

    CredentialManager *m_credentials;
    CredentialVault *m_vault;
    DotenvPlan m_plan;
    Options m_options;
    DotenvImportResult m_result;
    bool m_finished = false;
};

/**
 * @brief A .env.example for @p environment (empty: a placeholder name): the variable names the
 * seed's scripts read, without values, and the exec line to use instead of filling them in.
 */
[[nodiscard]] QString dotenvTemplate(const QString &environment, AuthMethod method);

/** @brief The comment left in a .env file where secrets were removed. */
[[nodiscard]] QStringList strippedComment(const QStringList &keys, const QStringList &environments,
                                          const QDateTime &at);

} // namespace bioepic

Q_DECLARE_METATYPE(bioepic::DotenvImportResult)
