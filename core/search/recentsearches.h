#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace bioepic {

/** @brief A search as typed, to run again. Holds no secret (no token, no credentials). */
struct SavedSearch
{
    QString environment;
    QString collection;
    QString filter; ///< as typed (JSON or key: value lines)
    QString fields;
    int pageSize = 100;
    bool allPages = false;
    int maxPages = 0;

    [[nodiscard]] QString title() const;
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static SavedSearch fromJson(const QJsonObject &object);
    bool operator==(const SavedSearch &other) const = default;
};

/** @brief The last searches (newest first, at most 12), kept in a small JSON file in the data dir. */
class RecentSearches final
{
public:
    explicit RecentSearches(QString filePath);

    [[nodiscard]] QList<SavedSearch> all() const;
    /** @brief Moves @p search to the front (adding it if new) and saves. */
    void remember(const SavedSearch &search);

private:
    QString m_filePath;
};

} // namespace bioepic
