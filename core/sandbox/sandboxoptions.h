#pragma once

#include <QString>
#include <QStringList>

namespace bioepic {

/** @brief Which real server the sandbox imitates: token reply shape and error style. */
enum class SandboxProfile { Bioepic, Nmdc };
[[nodiscard]] QString sandboxProfileName(SandboxProfile profile);
[[nodiscard]] std::optional<SandboxProfile> sandboxProfileFromName(const QString &name);

/** @brief The published demo credentials of the sandbox (documented in the README). */
namespace sandboxdemo {
inline constexpr char kClientId[] = "demo-client";
inline constexpr char kClientSecret[] = "demo-secret";
/** @brief A second valid secret of the demo client, so a rotation can be tried. */
inline constexpr char kRotatedClientSecret[] = "demo-secret-2";
inline constexpr char kUsername[] = "demo-user";
inline constexpr char kPassword[] = "demo-password";
/** @brief The site the demo client belongs to; demo-user administers it (NMDC sites and site clients). */
inline constexpr char kSiteId[] = "demo-site";
/** @brief A user who administers nothing: the server's 403s can be tried with it. */
inline constexpr char kViewerUsername[] = "demo-viewer";
inline constexpr char kViewerPassword[] = "demo-viewer-password";
/** @brief The NMDC Runtime's allowance that lets a user replace a site client's secret. */
inline constexpr char kManageSiteClients[] = "/admin/site_clients";
/** @brief The collection every demo client is denied (HTTP 403), to show "no permission". */
inline constexpr char kRestrictedCollection[] = "restricted";
} // namespace sandboxdemo

/** @brief Everything that shapes the sandbox API. Knobs can change while it runs (SandboxApi setters). */
struct SandboxOptions
{
    quint16 port = 0; ///< 0: any free port
    int records = 10000; ///< size of "samples"; studies and sites scale with it
    int tokenLifetimeS = 600; ///< short by default, so expiry is visible in a demo
    SandboxProfile profile = SandboxProfile::Bioepic;
    bool jwtTokens = false; ///< issue JWTs in the bioepic profile too (nmdc always does)
    int jwtExpOffsetS = 0; ///< make the JWT exp disagree with the stated lifetime by this much
    // fault knobs
    int latencyMs = 0;
    double errorRate = 0.0; ///< fraction of requests answered 503
    int clockSkewS = 0; ///< server clock minus real time
    quint64 seed = 20261128;
    QString tlsCertificateFile; ///< PEM; with tlsKeyFile, serve https instead of http
    QString tlsKeyFile;
    /**
     * The JWT signing key lives in this file (created with a random key when missing): a restart
     * with the same file keeps issued tokens valid, with another file (or a new key) rejects them,
     * as a real server restarted with a new secret does. Empty: a new key per run.
     */
    QString signingKeyFile;
    bool withDemoAccounts = true;
};

} // namespace bioepic
