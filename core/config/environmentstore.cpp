#include "environmentstore.h"

#include "common/logging.h"
#include "jsonfile.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QStandardPaths>

namespace bioepic {

namespace {
constexpr int kFormatVersion = 1;

/**
 * The line of @p field in @p name's entry of the settings file @p bytes: found by text, since
 * QJsonDocument keeps no positions. The entry's own line when the field is not written out.
 */
int settingLine(const QByteArray &bytes, const QString &name, const QString &field)
{
    const QRegularExpression entry(QStringLiteral("\"name\"\\s*:\\s*\"%1\"").arg(QRegularExpression::escape(name)));
    const QString text = QString::fromUtf8(bytes);
    const QRegularExpressionMatch at = entry.match(text);
    if (!at.hasMatch())
        return 1;
    // The entry is the object around the name: from its '{' to the matching '}'.
    qsizetype start = text.lastIndexOf(QLatin1Char('{'), at.capturedStart());
    qsizetype end = text.indexOf(QLatin1Char('}'), at.capturedEnd());
    const qsizetype key = text.indexOf(QStringLiteral("\"%1\"").arg(field), std::max<qsizetype>(start, 0));
    const qsizetype where = key >= 0 && (end < 0 || key < end) ? key : at.capturedStart();
    return int(QStringView(text).left(where).count(QLatin1Char('\n'))) + 1;
}

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
{
}

QString EnvironmentStore::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/environments.json");
}

Error EnvironmentStore::load(QList<Environment> &into, Extras *extras) const
{
    const JsonFileContent content = readJsonFile(m_filePath);
    if (!content.error.ok())
        return content.error;
    Extras found;
    found.version = content.existed ? content.object.value(QStringLiteral("version")).toInt(1) : 0;
    for (auto it = content.object.constBegin(); it != content.object.constEnd(); ++it) {
        if (it.key() != QLatin1String("version") && it.key() != QLatin1String("environments"))
            found.topLevel.insert(it.key(), it.value());
    }
    const QString fileName = QFileInfo(m_filePath).fileName();
    QList<Environment> loaded;
    const QJsonArray array = content.object.value(QStringLiteral("environments")).toArray();
    for (const QJsonValue &value : array) {
        Environment env = Environment::fromJson(value.toObject());
        const bool duplicate
                = std::any_of(loaded.cbegin(), loaded.cend(), [&](const Environment &e) { return e.name == env.name; });
        if (!value.isObject() || !validateEnvironmentName(env.name).isEmpty() || duplicate) {
            qCWarning(lcConfig).noquote()
                    << "an entry of" << m_filePath << "has no valid, unique name; it is kept in the file but not used";
            found.unaddressable.append(value);
            continue;
        }
        if (const QList<FieldError> errors = validateEnvironment(env); !errors.isEmpty()) {
            const int line = settingLine(content.bytes, env.name, errors.first().field);
            // The key too: whoever fixes it edits the file.
            env.problem = QStringLiteral("%1 line %2 (%3): %4")
                                  .arg(fileName)
                                  .arg(line)
                                  .arg(errors.first().field, errors.first().message);
            env.original = value.toObject();
            qCWarning(lcConfig).noquote() << env.problem;
        }
        loaded.append(env);
    }
    into = loaded;
    if (extras)
        *extras = found;
    return {};
}

Error EnvironmentStore::reload()
{
    QList<Environment> loaded;
    const Error previous = m_loadError;
    m_loadError = load(loaded);
    if (!m_loadError.ok()) {
        // The environments read last stay; whoever shows the error hears that it came (or changed).
        if (m_loadError.fullText() != previous.fullText())
            Q_EMIT changed();
        return m_loadError;
    }
    if (!sameEnvironments(loaded, m_environments) || !previous.ok()) {
        m_environments = loaded;
        Q_EMIT changed();
    }
    return {};
}

Error EnvironmentStore::save(const QList<Environment> &environments, const Extras &extras)
{
    QJsonArray array;
    for (const Environment &env : environments)
        array.append(env.toJson());
    for (const QJsonValue &entry : extras.unaddressable)
        array.append(entry);
    QJsonObject file = extras.topLevel;
    file.insert(QStringLiteral("version"), kFormatVersion);
    file.insert(QStringLiteral("environments"), array);
    return writeJsonFile(m_filePath, file);
}

Error EnvironmentStore::mutate(const Mutation &mutation)
{
    QList<Environment> current;
    Extras extras;
    if (Error error = load(current, &extras); !error.ok())
        return error;
    if (extras.version > kFormatVersion) {
        return {ErrorClass::Failure,
                QStringLiteral("%1 was written by a newer version of BioEPIC Credentials (format %2; this one "
                               "writes %3), so it is not changed")
                        .arg(m_filePath)
                        .arg(extras.version)
                        .arg(kFormatVersion),
                QStringLiteral("Use the newer version for changes, or move the file away to start afresh."),
                {},
                {}};
    }
    if (Error error = mutation(current); !error.ok())
        return error;
    if (Error error = save(current, extras); !error.ok())
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
        added.problem.clear();
        added.original = {};
        added.baseUrl = parseBaseUrl(environment.baseUrl.toString());
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
                env = environment;
                env.baseUrl = parseBaseUrl(environment.baseUrl.toString());
                env.credentials = keep;
                env.problem.clear(); // validated above: the entry is usable again
                env.original = {};
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
