#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace bioepic {

/** @brief A parsed search filter, or where and why it could not be read. */
struct ParsedFilter
{
    QJsonObject filter; ///< empty for "no filter"
    QString error; ///< empty when the input was understood
    int line = 0; ///< 1-based position of the problem
    int column = 0;

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
    /** @brief Compact JSON for the filter query parameter; empty for no filter. */
    [[nodiscard]] QByteArray toQuery() const;
};

/**
 * @brief Reads what a user typed as a filter, before any request is made.
 *
 * Either a JSON object ({"ecosystem": "Soil", "ph": {"$gt": 6}}), or `key: value` lines as a
 * shorthand for a flat object: values are JSON where they parse as JSON (numbers, true, false,
 * null, "quoted", [arrays], {objects}) and plain strings otherwise. `#` starts a comment line.
 * Errors give the line and column.
 */
[[nodiscard]] ParsedFilter parseFilter(const QString &text);

} // namespace bioepic
