#pragma once

#include "environment.h"

#include <QList>
#include <QString>

namespace bioepic {

/**
 * @brief A starting point for a new environment: a server people actually use, with its profile.
 *
 * There are no built-in environments (a placeholder host that never resolves helps nobody); a
 * first run offers these instead, and every environment made from one can be edited or removed.
 * A preset without a base URL (BioEPIC, custom) asks the user to type it.
 */
struct EnvironmentPreset
{
    QString id; ///< "nmdc", "nmdc-dev", "bioepic", "custom": the CLI's --preset value
    QString title; ///< "NMDC Runtime (production)"
    QString description; ///< one sentence for the first-run page
    QString suggestedName; ///< a valid environment name
    QString baseUrl; ///< empty: the user types it
    QString profileName;

    [[nodiscard]] bool needsUrl() const { return baseUrl.isEmpty(); }
    /** @brief An environment named @p name from this preset; @p url replaces the preset's base URL when given. */
    [[nodiscard]] Environment makeEnvironment(const QString &name, const QString &url = {}) const;

    [[nodiscard]] static const QList<EnvironmentPreset> &all();
    [[nodiscard]] static std::optional<EnvironmentPreset> find(const QString &id);
    [[nodiscard]] static QStringList ids();
};

} // namespace bioepic
