#pragma once

#include "common/error.h"

#include <QJsonObject>
#include <QString>

namespace bioepic {

struct JsonFileContent
{
    QJsonObject object;
    QByteArray bytes; ///< the file as read (to tell where in it an entry is)
    bool existed = false;
    Error error; ///< set when the file exists but cannot be read or parsed
};

/** @brief The 1-based line and column of byte @p offset in @p bytes. */
[[nodiscard]] std::pair<int, int> lineAndColumn(const QByteArray &bytes, qsizetype offset);

/** @brief Reads a JSON object file. A missing file is not an error (existed = false). */
[[nodiscard]] JsonFileContent readJsonFile(const QString &path);

/**
 * @brief Writes the object atomically (QSaveFile), creating the directory with mode 0700
 * and the file with mode 0600. Never holds secrets, but there is no reason to share it.
 */
[[nodiscard]] Error writeJsonFile(const QString &path, const QJsonObject &object);

} // namespace bioepic
