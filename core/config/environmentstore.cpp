#include "environmentstore.h"

#include "common/logging.h"
#include "jsonfile.h"

#include <QJsonArray>
#include <QStandardPaths>

namespace bioepic {

namespace {
constexpr int kFormatVersion = 1;

bool sameEnvironments(const QList<Environment> &a, const QList<Environment> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).toJson() != b.at(i).toJson())
            return false;
    }
    return true;
}
} // namespace

Error unknownEnvironmentError(const QString &name)
{
    return {ErrorClass::Usage,
            QStringLiteral("No environment named \"%1\"").arg(name),
            QStringLiteral("List them with: bioepic-cred env list"),
            {},
            QStringLiteral("name")};
}

Error toUsageError(const QList<FieldError> &errors)
{
    if (errors.isEmpty())
        return {};
    QStringList others;
    for (qsizetype i = 1; i < errors.size(); ++i)
        others.append(errors.at(i).message);
    return {ErrorClass::Usage, errors.first().message, {}, others.join(QStringLiteral("; ")), errors.first().field};
}

EnvironmentStore::EnvironmentStore(QString filePath, QObject *parent)
    : QObject(parent)
    , m_filePath(std::move(filePath))
    , m_environments(Environment::builtins())
{
}

QString EnvironmentStore::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/environments.json");
}

Error EnvironmentStore::load(QList<Environment> &into) const
{
    const JsonFileContent content = readJsonFile(m_filePath);
    if (!content.error.ok())
        return content.error;
    QList<Environment> loaded;
    const QJsonArray array = content.object.value(QStringLiteral("environments")).toArray();
    for (const QJsonValue &value : array) {
        Environment env = Environment::fromJson(value.toObject());
        if (!validateEnvironmentName(env.name).isEmpty()) {
            qCWarning(lcConfig) << "skipping an environment with an invalid name in" << m_filePath;
            continue;
        }
        const bool duplicate
                = std::any_of(loaded.cbegin(), loaded.cend(), [&](const Environment &e) { return e.name == env.name; });
        if (!duplicate)
            loaded.append(env);
    }
    // prod and dev always exist, first, in that order.
    const QList<Environment> builtins = Environment::builtins();
    for (auto it = builtins.crbegin(); it != builtins.crend(); ++it) {
        const auto found
                = std::find_if(loaded.begin(), loaded.end(), [&](const Environment &e) { return e.name == it->name; });
        Environment env = found == loaded.end() ? *it : *found;
        env.builtIn = true;
        if (found != loaded.end())
            loaded.erase(found);
        loaded.prepend(env);
    }
    into = loaded;
    return {};
}

Error EnvironmentStore::reload()
{
    QList<Environment> loaded;
    m_loadError = load(loaded);
    if (!m_loadError.ok())
        return m_loadError;
    if (!sameEnvironments(loaded, m_environments)) {
        m_environments = loaded;
        Q_EMIT changed();
    }
    return {};
}

Error EnvironmentStore::save(const QList<Environment> &environments)
{
    QJsonArray array;
    for (const Environment &env : environments)
        array.append(env.toJson());
    return writeJsonFile(
            m_filePath,
            QJsonObject{{QStringLiteral("version"), kFormatVersion}, {QStringLiteral("environments"), array}});
}

Error EnvironmentStore::mutate(const Mutation &mutation)
{
    QList<Environment> current;
    if (Error error = load(current); !error.ok())
        return error;
    if (Error error = mutation(current); !error.ok())
        return error;
    if (Error error = save(current); !error.ok())
        return error;
    const bool differs = !sameEnvironments(current, m_environments);
    m_environments = current;
    m_loadError = {};
    if (differs)
        Q_EMIT changed();
    return {};
}

QStringList EnvironmentStore::names() const
{
    QStringList result;
    for (const Environment &env : m_environments)
        result.append(env.name);
    return result;
}

std::optional<Environment> EnvironmentStore::find(const QString &name) const
{
    for (const Environment &env : m_environments) {
        if (env.name == name)
            return env;
    }
    return std::nullopt;
}

Error EnvironmentStore::add(const Environment &environment)
{
    if (Error error = toUsageError(validateEnvironment(environment)); !error.ok())
        return error;
    return mutate([&](QList<Environment> &list) -> Error {
        for (const Environment &env : std::as_const(list)) {
            if (env.name == environment.name) {
                return {ErrorClass::Usage,
                        QStringLiteral("An environment named \"%1\" already exists").arg(env.name),
                        QStringLiteral("Choose another name, or change it with: bioepic-cred env edit %1")
                                .arg(env.name),
                        {},
                        QStringLiteral("name")};
            }
        }
        Environment added = environment;
        added.baseUrl = parseBaseUrl(environment.baseUrl.toString());
        added.builtIn = false;
        added.credentials = {};
        list.append(added);
        return {};
    });
}

Error EnvironmentStore::update(const Environment &environment)
{
    if (Error error = toUsageError(validateEnvironment(environment)); !error.ok())
        return error;
    return mutate([&](QList<Environment> &list) -> Error {
        for (Environment &env : list) {
            if (env.name == environment.name) {
                const CredentialMetadata keep = env.credentials;
                const bool builtIn = env.builtIn;
                env = environment;
                env.baseUrl = parseBaseUrl(environment.baseUrl.toString());
                env.credentials = keep;
                env.builtIn = builtIn;
                return {};
            }
        }
        return unknownEnvironmentError(environment.name);
    });
}

Error EnvironmentStore::remove(const QString &name)
{
    return mutate([&](QList<Environment> &list) -> Error {
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list.at(i).name != name)
                continue;
            if (list.at(i).builtIn) {
                return {ErrorClass::Usage,
                        QStringLiteral("\"%1\" is a built-in environment and cannot be removed").arg(name),
                        QStringLiteral("Edit its base URL instead, or remove its credentials."),
                        {},
                        QStringLiteral("name")};
            }
            list.removeAt(i);
            return {};
        }
        return unknownEnvironmentError(name);
    });
}

Error EnvironmentStore::setCredentialMetadata(const QString &name, const CredentialMetadata &metadata)
{
    return mutate([&](QList<Environment> &list) -> Error {
        for (Environment &env : list) {
            if (env.name == name) {
                env.credentials = metadata.stored ? metadata : CredentialMetadata{};
                return {};
            }
        }
        return unknownEnvironmentError(name);
    });
}

} // namespace bioepic
