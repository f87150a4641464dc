#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace bioepic {

/**
 * @brief How a server of the BioEPIC shape lays out its API (docs/ARCHITECTURE.md, "API profiles").
 *
 * Two built-in profiles, "bioepic" and "nmdc"; each field can be overridden per environment
 * through the keys listed in overrideKeys().
 */
struct ApiProfile
{
    QString name;
    QString tokenPath; ///< POST, form-encoded
    QString searchPath; ///< contains "{collection}"
    QString resultsKey; ///< "results" or "resources"
    QString nextTokenKey; ///< key of the next page token in a search reply
    QString pageTokenParam; ///< query parameter that carries it back
    QString healthPath; ///< empty when the server has none
    /**
     * GET with a token: the call that proves a token works (the NMDC Runtime's /users/me). Empty
     * when the server has none: tokens are then "verified by the token request only", because a
     * public endpoint (NMDC's /nmdcschema reads) answers whatever token it is sent.
     */
    QString whoAmIPath;
    QString exampleCollection; ///< the collection the search page starts with
    /**
     * Server-side rotation (the NMDC Runtime's site administration), both empty when the server
     * has none: POST, with a site administrator's token, mints a new client for "{site_id}"…
     */
    QString mintClientPath;
    /** …and PATCH {"secret": …} replaces the secret of the client "{client_id}" in place. */
    QString resetSecretPath;

    /** @brief The profile with this built-in name; nullopt for an unknown name. */
    [[nodiscard]] static std::optional<ApiProfile> builtin(const QString &name);
    [[nodiscard]] static QStringList builtinNames();
    /** @brief What people call a built-in profile: "BioEPIC API", "NMDC Runtime API". */
    [[nodiscard]] static QString title(const QString &name);
    /** @brief A profile field's name for people ("Token path") for an override key ("token_path"). */
    [[nodiscard]] static QString fieldLabel(const QString &key);
    /** @brief Keys accepted in an environment's profile_overrides, in display order. */
    [[nodiscard]] static QStringList overrideKeys();

    [[nodiscard]] QString field(const QString &key) const;
    void setField(const QString &key, const QString &value);
    /** @brief Copy of this profile with the given overrides applied (unknown keys ignored). */
    [[nodiscard]] ApiProfile withOverrides(const QMap<QString, QString> &overrides) const;

    /** @brief searchPath with the collection filled in (decoded; QUrl encodes it). */
    [[nodiscard]] QString searchPathFor(const QString &collection) const;
};

} // namespace bioepic
