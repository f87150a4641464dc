#include "dotenvimport.h"

#include "config/environmentstore.h"
#include "credentialmanager.h"
#include "keychain/credentialvault.h"

#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTimer>

namespace bioepic {

namespace {

struct Names
{
    QString clientId;
    QString clientSecret;
    QString username;
    QString password;
};

Names namesWithPrefix(const QString &prefix)
{
    return {prefix + QStringLiteral("CLIENT_ID"), prefix + QStringLiteral("CLIENT_SECRET"),
            prefix + QStringLiteral("USERNAME"), prefix + QStringLiteral("PASSWORD")};
}

QString prefixOf(const QString &environment)
{
    return environment.toUpper().replace(QLatin1Char('-'), QLatin1Char('_')) + QLatin1Char('_');
}

QHash<QString, QString> processEnvironment()
{
    QHash<QString, QString> values;
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &key : environment.keys())
        values.insert(key, environment.value(key));
    return values;
}

/** The credentials a group of names holds, or a problem; nullopt and no problem when it holds none. */
std::optional<DotenvFinding> findingFor(const DotenvDocument &document, const Names &names, const QString &environment,
                                        AuthMethod preferred, QStringList *problems, QStringList *notes)
{
    const QHash<QString, QString> values = document.values();
    auto present = [&](const QString &key) { return !values.value(key).isEmpty(); };
    auto line = [&](const QString &key) { return document.last(key) ? document.last(key)->line : 0; };
    const bool client = present(names.clientId) && present(names.clientSecret);
    const bool user = present(names.username) && present(names.password);
    for (const auto &[identity, secret] :
         {std::pair{names.clientId, names.clientSecret}, std::pair{names.username, names.password}}) {
        // A secret alone cannot be used; an identifier alone is what a stripped file keeps.
        if (present(secret) && !present(identity)) {
            problems->append(QStringLiteral("%1 (line %2) has no %3 beside it; add it or remove %1")
                                     .arg(secret)
                                     .arg(line(secret))
                                     .arg(identity));
            return std::nullopt;
        }
        if (present(identity) && !present(secret))
            notes->append(QStringLiteral("%1 (line %2) has no %3: nothing to import for it")
                                  .arg(identity)
                                  .arg(line(identity))
                                  .arg(secret));
    }
    if (!client && !user)
        return std::nullopt;
    const bool useClient = client && (!user || preferred == AuthMethod::ClientCredentials);
    if (client && user) {
        notes->append(QStringLiteral("both %1 and %2 are set for %3: importing the %4, the other pair stays in "
                                     "the file")
                              .arg(names.clientId, names.username, environment,
                                   useClient ? QStringLiteral("client credentials")
                                             : QStringLiteral("user name and "
                                                              "password")));
    }
    DotenvFinding finding;
    finding.environment = environment;
    finding.identityKey = useClient ? names.clientId : names.username;
    finding.secretKey = useClient ? names.clientSecret : names.password;
    finding.identityLine = line(finding.identityKey);
    finding.secretLine = line(finding.secretKey);
    finding.credentials.method = useClient ? AuthMethod::ClientCredentials : AuthMethod::Password;
    finding.credentials.identity = values.value(finding.identityKey);
    finding.credentials.secret = Secret::fromString(values.value(finding.secretKey));
    return finding;
}

} // namespace

QStringList strippedComment(const QStringList &keys, const QStringList &environments, const QDateTime &at)
{
    return {QStringLiteral("%1 moved to the OS keychain by bioepic-cred on %2 (environment %3).")
                    .arg(keys.join(QStringLiteral(", ")), at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd")),
                         environments.join(QStringLiteral(", "))),
            QStringLiteral("Run scripts with: bioepic-cred exec %1 -- python your_script.py")
                    .arg(environments.first())};
}

QString dotenvTemplate(const QString &environment, AuthMethod method)
{
    const QString shown = environment.isEmpty() ? QStringLiteral("NAME") : environment;
    QString text
            = QStringLiteral("# Written by bioepic-cred: the names your scripts read, without values.\n"
                             "# The values live in the OS keychain. Instead of filling them in, run scripts with:\n"
                             "#   bioepic-cred exec %1 -- python your_script.py\n"
                             "# which sets these for the script alone, and BIOEPIC_ACCESS_TOKEN with a valid "
                             "token.\n")
                      .arg(shown);
    text += QStringLiteral("ENV=%1\n").arg(environment);
    text += method == AuthMethod::ClientCredentials ? QStringLiteral("CLIENT_ID=\nCLIENT_SECRET=\n")
                                                    : QStringLiteral("USERNAME=\nPASSWORD=\n");
    return text;
}

DotenvPlan planDotenvImport(const QString &file, const QString &environment, const EnvironmentStore &environments,
                            const CredentialManager &credentials, bool replace)
{
    DotenvPlan plan;
    plan.file = file;
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly)) {
        plan.problems.append(QStringLiteral("cannot read %1: %2").arg(file, input.errorString()));
        return plan;
    }
    plan.bytes = input.readAll();
    plan.document = parseDotenv(plan.bytes, processEnvironment());
    for (const int line : std::as_const(plan.document.unparsedLines))
        plan.notes.append(QStringLiteral("line %1 is not a KEY=value statement; python-dotenv skips it too").arg(line));
    const QHash<QString, QString> values = plan.document.values();

    // Unprefixed names belong to --env, else to the file's ENV.
    const QString unprefixedEnvironment
            = !environment.isEmpty() ? environment : values.value(QStringLiteral("ENV")).toLower();
    QHash<QString, Names> groups;
    groups.insert(unprefixedEnvironment, namesWithPrefix(QString()));
    QSet<QString> known;
    for (const Environment &env : environments.environments()) {
        known.insert(prefixOf(env.name));
        if (!groups.contains(env.name))
            groups.insert(env.name, namesWithPrefix(prefixOf(env.name)));
        else if (env.name == unprefixedEnvironment)
            groups.insert(env.name + QStringLiteral(" (prefixed)"), namesWithPrefix(prefixOf(env.name)));
    }
    // PREFIX_CLIENT_SECRET for an environment that does not exist: say so rather than ignore it.
    static const QRegularExpression prefixed(
            QStringLiteral("^([A-Z0-9_]+_)(CLIENT_ID|CLIENT_SECRET|USERNAME|PASSWORD)$"));
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const QRegularExpressionMatch match = prefixed.match(it.key());
        if (match.hasMatch() && !it.value().isEmpty() && !known.contains(match.captured(1))) {
            const QString name = match.captured(1).chopped(1).toLower().replace(QLatin1Char('_'), QLatin1Char('-'));
            plan.problems.append(QStringLiteral("%1 (line %2): there is no environment \"%3\"; add it first: "
                                                "bioepic-cred env add %3 --base-url URL")
                                         .arg(it.key())
                                         .arg(plan.document.last(it.key())->line)
                                         .arg(name));
        }
    }
    QSet<QString> targets;
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        const QString target = it.key().section(QLatin1Char(' '), 0, 0);
        const auto env = environments.find(target);
        const bool unprefixed = it->clientId == QLatin1String("CLIENT_ID");
        auto finding = findingFor(plan.document, *it, target, env ? env->defaultMethod : AuthMethod::ClientCredentials,
                                  &plan.problems, &plan.notes);
        if (!finding)
            continue;
        if (target.isEmpty()) {
            plan.problems.append(QStringLiteral("%1 (line %2) belongs to no environment: the file sets no ENV; pass "
                                                "--env NAME")
                                         .arg(finding->secretKey)
                                         .arg(finding->secretLine));
            continue;
        }
        if (!env) {
            plan.problems.append(
                    QStringLiteral("%1 (line %2) is for %3, but there is no environment \"%4\"; add it "
                                   "first: bioepic-cred env add %4 --base-url URL")
                            .arg(finding->secretKey)
                            .arg(finding->secretLine)
                            .arg(unprefixed && environment.isEmpty() ? QStringLiteral("ENV=") + target : target,
                                 target));
            continue;
        }
        if (targets.contains(target)) {
            plan.problems.append(QStringLiteral("two sets of credentials are for \"%1\" (%2 and another); keep one")
                                         .arg(target, finding->secretKey));
            continue;
        }
        targets.insert(target);
        const CredentialMetadata stored = credentials.metadata(target);
        if (stored.stored && stored.fingerprint != finding->credentials.fingerprint() && !replace) {
            plan.wouldReplace.append(target);
            plan.problems.append(QStringLiteral("\"%1\" already has other credentials stored (%2 %3); importing would "
                                                "replace them: pass --replace, or rotate instead")
                                         .arg(target, stored.identity, stored.fingerprint));
            continue;
        }
        plan.findings.append(*finding);
    }
    std::sort(plan.findings.begin(), plan.findings.end(),
              [](const DotenvFinding &a, const DotenvFinding &b) { return a.secretLine < b.secretLine; });
    if (plan.findings.isEmpty() && plan.problems.isEmpty())
        plan.problems.append(QStringLiteral("%1 holds no credentials: no CLIENT_ID/CLIENT_SECRET or USERNAME/PASSWORD "
                                            "pair with values")
                                     .arg(file));
    return plan;
}

DotenvImport::DotenvImport(CredentialManager *credentials, CredentialVault *vault, DotenvPlan plan, Options options,
                           QObject *parent)
    : QObject(parent)
    , m_credentials(credentials)
    , m_vault(vault)
    , m_plan(std::move(plan))
    , m_options(options)
{
}

void DotenvImport::start()
{
    if (!m_plan.ok()) {
        const Error error{ErrorClass::Failure,
                          m_plan.problems.isEmpty()
                                  ? QStringLiteral("Nothing to import")
                                  : QStringLiteral("Cannot import %1: %2")
                                            .arg(m_plan.file, m_plan.problems.join(QStringLiteral("; "))),
                          QStringLiteral("Nothing was stored and the file was not changed."),
                          {},
                          {}};
        QTimer::singleShot(0, this, [this, error] { finish(error); });
        return;
    }
    QTimer::singleShot(0, this, [this] { importNext(0); });
}

void DotenvImport::importNext(int index)
{
    if (index >= m_plan.findings.size()) {
        if (m_options.strip)
            strip();
        else
            finish({});
        return;
    }
    if (!m_options.store) {
        readBack(index);
        return;
    }
    const DotenvFinding &finding = m_plan.findings.at(index);
    m_credentials->loginAs(QStringLiteral("import"), finding.environment, finding.credentials, m_options.verify, this,
                           [this, index](const LoginResult &result) {
                               if (!result.error.ok()) {
                                   finish(result.error);
                                   return;
                               }
                               readBack(index);
                           });
}

void DotenvImport::readBack(int index)
{
    const DotenvFinding &finding = m_plan.findings.at(index);
    m_vault->readCredentials(
            finding.environment, SecretSlot::Active, this,
            [this, index](const KeychainError &error, const std::optional<Credentials> &stored) {
                const DotenvFinding &found = m_plan.findings.at(index);
                if (!error.ok()) {
                    Error failure = error.toError();
                    failure.message = QStringLiteral("Stored %1, but could not read it back: %2")
                                              .arg(found.environment, failure.message);
                    finish(failure);
                    return;
                }
                if (stored->identity != found.credentials.identity
                    || !stored->secret.equals(found.credentials.secret)) {
                    finish({ErrorClass::KeychainUnavailable,
                            QStringLiteral("The keychain gave back other credentials for %1 than were stored")
                                    .arg(found.environment),
                            QStringLiteral("The file was left as it is. Check the keychain, then import again."),
                            {},
                            {}});
                    return;
                }
                m_result.imported.append(found.environment);
                Q_EMIT imported(found.environment, found.credentials.fingerprint(), m_options.verify);
                importNext(index + 1);
            });
}

void DotenvImport::strip()
{
    // Write through a symbolic link to the file it names, keeping the link.
    const QFileInfo info(m_plan.file);
    const QString target = info.isSymLink() ? info.canonicalFilePath() : m_plan.file;
    QFile current(target);
    if (!current.open(QIODevice::ReadOnly) || current.readAll() != m_plan.bytes) {
        finish({ErrorClass::Failure,
                QStringLiteral("%1 changed while the credentials were imported; it was not stripped").arg(m_plan.file),
                QStringLiteral("The credentials are in the keychain. Import again with --strip to remove them from "
                               "the file."),
                {},
                {}});
        return;
    }
    current.close();
    // Kept lines go back as they were only if decoding and encoding again gives the same bytes.
    if ((m_plan.document.hadBom ? QByteArray("\xEF\xBB\xBF") : QByteArray()) + m_plan.document.text.toUtf8()
        != m_plan.bytes) {
        finish({ErrorClass::Failure,
                QStringLiteral("%1 is not plain UTF-8; it was not stripped").arg(m_plan.file),
                QStringLiteral("The credentials are in the keychain. Remove the secret lines by hand."),
                {},
                {}});
        return;
    }
    QSet<QString> keys;
    QStringList environments;
    for (const DotenvFinding &finding : std::as_const(m_plan.findings)) {
        keys.insert(finding.secretKey);
        environments.append(finding.environment);
    }
    QStringList sortedKeys(keys.cbegin(), keys.cend());
    sortedKeys.sort();
    const QByteArray rewritten = withoutKeys(m_plan.document, keys,
                                             strippedComment(sortedKeys, environments, QDateTime::currentDateTime()));
    // Check the result before it replaces anything: the secrets gone, every other value the same.
    const DotenvDocument after = parseDotenv(rewritten, {});
    const QHash<QString, QString> before = parseDotenv(m_plan.bytes, {}).values();
    QHash<QString, QString> expected = before;
    for (const QString &key : std::as_const(keys))
        expected.remove(key);
    if (after.values() != expected) {
        finish({ErrorClass::Failure,
                QStringLiteral("Stripping %1 would have changed other values; it was not stripped").arg(m_plan.file),
                QStringLiteral("The credentials are in the keychain. Remove the secret lines by hand."),
                {},
                {}});
        return;
    }
    QSaveFile output(target);
    const QFileDevice::Permissions permissions = QFileInfo(target).permissions();
    if (!output.open(QIODevice::WriteOnly) || !output.setPermissions(permissions) || output.write(rewritten) < 0
        || !output.commit()) {
        finish({ErrorClass::Failure,
                QStringLiteral("Cannot rewrite %1: %2").arg(m_plan.file, output.errorString()),
                QStringLiteral("The file is unchanged and the credentials are in the keychain."),
                {},
                {}});
        return;
    }
    m_result.stripped = true;
    m_result.strippedKeys = sortedKeys;
    finish({});
}

void DotenvImport::finish(const Error &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result.error = error;
    if (!error.ok() && !m_result.imported.isEmpty()) {
        m_result.error.remedy = QStringLiteral("Already stored: %1. %2")
                                        .arg(m_result.imported.join(QStringLiteral(", ")), m_result.error.remedy);
    }
    Q_EMIT finished(m_result);
}

} // namespace bioepic
