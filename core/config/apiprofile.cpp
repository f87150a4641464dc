#include "apiprofile.h"

#include <QCoreApplication>
#include <QHash>
#include <QUrl>

namespace bioepic {

namespace {
const QString kTokenPath = QStringLiteral("token_path");
const QString kSearchPath = QStringLiteral("search_path");
const QString kResultsKey = QStringLiteral("results_key");
const QString kNextTokenKey = QStringLiteral("next_token_key");
const QString kPageTokenParam = QStringLiteral("page_token_param");
const QString kHealthPath = QStringLiteral("health_path");
const QString kWhoAmIPath = QStringLiteral("who_am_i_path");
const QString kExampleCollection = QStringLiteral("example_collection");
const QString kMintClientPath = QStringLiteral("mint_client_path");
const QString kResetSecretPath = QStringLiteral("reset_secret_path");
} // namespace

std::optional<ApiProfile> ApiProfile::builtin(const QString &name)
{
    if (name == QLatin1String("bioepic")) {
        return ApiProfile{QStringLiteral("bioepic"), QStringLiteral("/token"), QStringLiteral("/api/{collection}"),
                          QStringLiteral("results"), QStringLiteral("next_page_token"), QStringLiteral("page_token"),
                          QString(), QString(),
                          // The collection the library's own documentation searches.
                          QStringLiteral("samples"),
                          // No server-side rotation until the BioEPIC server has it.
                          QString(), QString()};
    }
    if (name == QLatin1String("nmdc")) {
        return ApiProfile{QStringLiteral("nmdc"), QStringLiteral("/token"), QStringLiteral("/nmdcschema/{collection}"),
                          QStringLiteral("resources"), QStringLiteral("next_page_token"), QStringLiteral("page_token"),
                          QStringLiteral("/health"), QStringLiteral("/users/me"), QStringLiteral("biosample_set"),
                          // nmdc_runtime/api/endpoints/sites.py and the admin site_clients endpoint.
                          QStringLiteral("/sites/{site_id}:generateCredentials"),
                          QStringLiteral("/admin/site_clients/{client_id}")};
    }
    return std::nullopt;
}

QStringList ApiProfile::builtinNames()
{
    return {QStringLiteral("bioepic"), QStringLiteral("nmdc")};
}

QString ApiProfile::title(const QString &name)
{
    if (name == QLatin1String("bioepic"))
        return QCoreApplication::translate("ApiProfile", "BioEPIC API");
    if (name == QLatin1String("nmdc"))
        return QCoreApplication::translate("ApiProfile", "NMDC Runtime API");
    return name;
}

QString ApiProfile::fieldLabel(const QString &key)
{
    static const QHash<QString, const char *> labels{
            {kTokenPath, QT_TRANSLATE_NOOP("ApiProfile", "Token path")},
            {kSearchPath, QT_TRANSLATE_NOOP("ApiProfile", "Search path")},
            {kResultsKey, QT_TRANSLATE_NOOP("ApiProfile", "Results key")},
            {kNextTokenKey, QT_TRANSLATE_NOOP("ApiProfile", "Next-page token key")},
            {kPageTokenParam, QT_TRANSLATE_NOOP("ApiProfile", "Page token parameter")},
            {kHealthPath, QT_TRANSLATE_NOOP("ApiProfile", "Health path")},
            {kWhoAmIPath, QT_TRANSLATE_NOOP("ApiProfile", "Who-am-I path")},
            {kExampleCollection, QT_TRANSLATE_NOOP("ApiProfile", "Example collection")},
            {kMintClientPath, QT_TRANSLATE_NOOP("ApiProfile", "Mint-client path")},
            {kResetSecretPath, QT_TRANSLATE_NOOP("ApiProfile", "Reset-secret path")},
    };
    const char *label = labels.value(key);
    return label ? QCoreApplication::translate("ApiProfile", label) : key;
}

QStringList ApiProfile::overrideKeys()
{
    return {kTokenPath,  kSearchPath, kResultsKey,        kNextTokenKey,   kPageTokenParam,
            kHealthPath, kWhoAmIPath, kExampleCollection, kMintClientPath, kResetSecretPath};
}

QString ApiProfile::field(const QString &key) const
{
    if (key == kTokenPath)
        return tokenPath;
    if (key == kSearchPath)
        return searchPath;
    if (key == kResultsKey)
        return resultsKey;
    if (key == kNextTokenKey)
        return nextTokenKey;
    if (key == kPageTokenParam)
        return pageTokenParam;
    if (key == kHealthPath)
        return healthPath;
    if (key == kWhoAmIPath)
        return whoAmIPath;
    if (key == kExampleCollection)
        return exampleCollection;
    if (key == kMintClientPath)
        return mintClientPath;
    if (key == kResetSecretPath)
        return resetSecretPath;
    return {};
}

void ApiProfile::setField(const QString &key, const QString &value)
{
    if (key == kTokenPath)
        tokenPath = value;
    else if (key == kSearchPath)
        searchPath = value;
    else if (key == kResultsKey)
        resultsKey = value;
    else if (key == kNextTokenKey)
        nextTokenKey = value;
    else if (key == kPageTokenParam)
        pageTokenParam = value;
    else if (key == kHealthPath)
        healthPath = value;
    else if (key == kWhoAmIPath)
        whoAmIPath = value;
    else if (key == kExampleCollection)
        exampleCollection = value;
    else if (key == kMintClientPath)
        mintClientPath = value;
    else if (key == kResetSecretPath)
        resetSecretPath = value;
}

ApiProfile ApiProfile::withOverrides(const QMap<QString, QString> &overrides) const
{
    ApiProfile result = *this;
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it)
        result.setField(it.key(), it.value());
    return result;
}

QString ApiProfile::searchPathFor(const QString &collection) const
{
    QString path = searchPath;
    // A decoded path: QUrl::setPath() percent-encodes it once, when the URL is built.
    path.replace(QStringLiteral("{collection}"), collection);
    return path;
}

} // namespace bioepic
