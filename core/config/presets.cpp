#include "presets.h"

#include <QCoreApplication>

namespace bioepic {

Environment EnvironmentPreset::makeEnvironment(const QString &name, const QString &url) const
{
    Environment env;
    env.name = name;
    env.baseUrl = parseBaseUrl(url.isEmpty() ? baseUrl : url);
    env.profileName = profileName;
    return env;
}

const QList<EnvironmentPreset> &EnvironmentPreset::all()
{
    // The NMDC Runtime is the one public server of this shape; its two deployments are real hosts.
    // BioEPIC's own servers have no published address yet, so the user types it.
    static const QList<EnvironmentPreset> presets{
            {QStringLiteral("nmdc"), QCoreApplication::translate("EnvironmentPreset", "NMDC Runtime (production)"),
             QCoreApplication::translate(
                     "EnvironmentPreset",
                     "The National Microbiome Data Collaborative's public API. Its searches need no "
                     "login; a site client or user account gets tokens."),
             QStringLiteral("nmdc"), QStringLiteral("https://api.microbiomedata.org"), QStringLiteral("nmdc")},
            {QStringLiteral("nmdc-dev"), QCoreApplication::translate("EnvironmentPreset", "NMDC Runtime (development)"),
             QCoreApplication::translate("EnvironmentPreset",
                                         "The NMDC's development deployment, for trying changes before production."),
             QStringLiteral("nmdc-dev"), QStringLiteral("https://api-dev.microbiomedata.org"), QStringLiteral("nmdc")},
            {QStringLiteral("bioepic"), QCoreApplication::translate("EnvironmentPreset", "BioEPIC data API"),
             QCoreApplication::translate("EnvironmentPreset",
                                         "A BioEPIC server: type the address your administrator gave you."),
             QStringLiteral("bioepic"), QString(), QStringLiteral("bioepic")},
            {QStringLiteral("custom"), QCoreApplication::translate("EnvironmentPreset", "Another server"),
             QCoreApplication::translate("EnvironmentPreset",
                                         "Any server of the same shape: choose its profile and paths in the settings."),
             QStringLiteral("lab"), QString(), QStringLiteral("bioepic")},
    };
    return presets;
}

std::optional<EnvironmentPreset> EnvironmentPreset::find(const QString &id)
{
    for (const EnvironmentPreset &preset : all()) {
        if (preset.id == id)
            return preset;
    }
    return std::nullopt;
}

QStringList EnvironmentPreset::ids()
{
    QStringList result;
    for (const EnvironmentPreset &preset : all())
        result.append(preset.id);
    return result;
}

} // namespace bioepic
