#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace bioepic {

/** @brief True for 127.0.0.0/8, ::1 and "localhost". */
[[nodiscard]] bool isLoopbackHost(const QString &host);

/**
 * @brief Why a request to @p url must not be sent, or an empty string: anything but https, except
 * plain http to a loopback address (the sandbox). Checked for every request, whatever the source
 * of the URL (a hand-edited settings file included), because requests carry secrets.
 */
[[nodiscard]] QString transportProblem(const QUrl &url);

/** @brief True when @p value can go into an HTTP header as is: no CR, LF or NUL (header injection). */
[[nodiscard]] bool isSafeHeaderValue(const QByteArray &value);

} // namespace bioepic
