#pragma once

#include <QSslConfiguration>
#include <QString>

namespace bioepic {

/**
 * @brief The TLS configuration of every connection: the system's CAs plus, when set, the
 * environment's CA bundle. Peer verification is always on; there is no switch to turn it off.
 */
[[nodiscard]] QSslConfiguration sslConfigurationFor(const QString &caBundle);

} // namespace bioepic
