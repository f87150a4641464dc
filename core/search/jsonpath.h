#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace bioepic {

/**
 * @brief Dotted field paths, as MongoDB and the NMDC Runtime API spell them: "lat_lon.latitude"
 * is the member "latitude" of the object "lat_lon". Used for filters and projections in the
 * sandbox, and for the columns of CSV and TSV exports.
 */
namespace jsonpath {

/** @brief The value at @p path, or an undefined value when a step is missing or not an object. */
[[nodiscard]] QJsonValue valueAt(const QJsonObject &object, QStringView path);

/**
 * @brief A copy of @p object with only the given paths, nested as they were ("a.b" keeps
 * {"a": {"b": …}}); paths that are missing are left out. "id" is always kept.
 */
[[nodiscard]] QJsonObject project(const QJsonObject &object, const QStringList &paths);

} // namespace jsonpath
} // namespace bioepic
