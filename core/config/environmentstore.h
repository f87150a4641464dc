#pragma once

#include "common/error.h"
#include "environment.h"

#include <QJsonArray>
#include <QObject>

namespace bioepic {

/**
 * @brief The environments and their non-secret settings, in a readable JSON file.
 *
 * Every change re-reads the file first, so the GUI and the CLI can both edit it, and writes
 * it atomically. Nothing in the file is lost by a write: a file that cannot be parsed, or that a
 * newer version wrote, is never overwritten (changes are refused with an error naming the file);
 * unknown keys are written back; an entry that fails validation is kept as it was, flagged with
 * its line (Environment::problem), and never used to send anything. There are no built-in
 * environments: a first run starts from a preset (presets.h), and every environment can be removed.
 */
class EnvironmentStore final : public QObject
{
    Q_OBJECT

public:
    explicit EnvironmentStore(QString filePath, QObject *parent = nullptr);

    /** @brief environments.json under the XDG config dir (QStandardPaths::AppConfigLocation). */
    [[nodiscard]] static QString defaultFilePath();
    [[nodiscard]] QString filePath() const { return m_filePath; }

    /** @brief Re-reads the file; emits changed() when something differs, the load error too. */
    Error reload();
    /** @brief The last load error, if the file is unreadable. */
    [[nodiscard]] Error loadError() const { return m_loadError; }

    [[nodiscard]] QList<Environment> environments() const { return m_environments; }
    [[nodiscard]] QStringList names() const;
    [[nodiscard]] std::optional<Environment> find(const QString &name) const;

    /** @brief Adds a new environment after validation; the error names the failing field. */
    Error add(const Environment &environment);
    /** @brief Replaces the settings of an existing environment (its credential metadata is kept). */
    Error update(const Environment &environment);
    /** @brief Removes an environment (its keychain entries are the credential manager's job). */
    Error remove(const QString &name);
    /** @brief Records (or clears, with stored = false) the metadata of the active credentials. */
    Error setCredentialMetadata(const QString &name, const CredentialMetadata &metadata);

Q_SIGNALS:
    /** The environments changed, or whether (and why) the file cannot be read. */
    void changed();

private:
    /** What the file holds besides usable environments, written back as it was. */
    struct Extras
    {
        int version = 0; ///< 0: no file yet
        QJsonObject topLevel; ///< keys other than "version" and "environments"
        QJsonArray unaddressable; ///< entries without a valid, unique name
    };
    using Mutation = std::function<Error(QList<Environment> &)>;
    Error mutate(const Mutation &mutation);
    Error load(QList<Environment> &into, Extras *extras = nullptr) const;
    Error save(const QList<Environment> &environments, const Extras &extras);

    QString m_filePath;
    QList<Environment> m_environments;
    Error m_loadError;
};

/** @brief "No environment named …", with how to list them: the one message for an unknown name. */
[[nodiscard]] Error unknownEnvironmentError(const QString &name);

/** @brief The first validation problem as an Error (kind Usage), or a clean Error. */
[[nodiscard]] Error toUsageError(const QList<FieldError> &errors);

} // namespace bioepic
