#pragma once

#include <QByteArray>
#include <QString>

namespace bioepic {

/**
 * @brief Creates @p path with its missing parents and makes it (and every directory this call
 * created) mode 0700: what the app keeps is nobody else's business, even without secrets in it.
 */
bool makePrivateDirectory(const QString &path);

/**
 * @brief Appends @p bytes to @p path (created 0600), refusing to follow a symbolic link: a link
 * planted in the app's directory cannot redirect the write elsewhere. Returns an empty string,
 * or why it failed.
 */
[[nodiscard]] QString appendToPrivateFile(const QString &path, const QByteArray &bytes);

/** @brief Writes @p bytes to @p path atomically (a temporary file, then a rename), mode 0600. */
[[nodiscard]] QString writePrivateFile(const QString &path, const QByteArray &bytes);

} // namespace bioepic
