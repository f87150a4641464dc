#include "recentsearches.h"

#include "common/logging.h"
#include "config/jsonfile.h"

#include <QJsonArray>

namespace bioepic {

namespace {
constexpr int kKeep = 12;
}

QString SavedSearch::title() const
{
    QString text = environment + QStringLiteral(" · ") + collection;
    const QString oneLineFilter = filter.simplified();
    if (!oneLineFilter.isEmpty())
        text += QStringLiteral(" · ")
                + (oneLineFilter.size() > 40 ? oneLineFilter.left(40) + QStringLiteral("…") : oneLineFilter);
    return text;
}

QJsonObject SavedSearch::toJson() const
{
    return {{QStringLiteral("environment"), environment}, {QStringLiteral("collection"), collection},
            {QStringLiteral("filter"), filter},           {QStringLiteral("fields"), fields},
            {QStringLiteral("page_size"), pageSize},      {QStringLiteral("all_pages"), allPages},
            {QStringLiteral("max_pages"), maxPages}};
}

SavedSearch SavedSearch::fromJson(const QJsonObject &object)
{
    SavedSearch search;
    search.environment = object.value(QStringLiteral("environment")).toString();
    search.collection = object.value(QStringLiteral("collection")).toString();
    search.filter = object.value(QStringLiteral("filter")).toString();
    search.fields = object.value(QStringLiteral("fields")).toString();
    search.pageSize = object.value(QStringLiteral("page_size")).toInt(100);
    search.allPages = object.value(QStringLiteral("all_pages")).toBool();
    search.maxPages = object.value(QStringLiteral("max_pages")).toInt();
    return search;
}

RecentSearches::RecentSearches(QString filePath)
    : m_filePath(std::move(filePath))
{
}

QList<SavedSearch> RecentSearches::all() const
{
    QList<SavedSearch> searches;
    const JsonFileContent content = readJsonFile(m_filePath);
    for (const QJsonValue &value : content.object.value(QStringLiteral("searches")).toArray())
        searches.append(SavedSearch::fromJson(value.toObject()));
    return searches;
}

void RecentSearches::remember(const SavedSearch &search)
{
    QList<SavedSearch> searches = all();
    searches.removeAll(search);
    searches.prepend(search);
    while (searches.size() > kKeep)
        searches.removeLast();
    QJsonArray array;
    for (const SavedSearch &saved : std::as_const(searches))
        array.append(saved.toJson());
    if (const Error error = writeJsonFile(m_filePath, {{QStringLiteral("searches"), array}}); !error.ok())
        qCWarning(lcConfig) << "cannot save recent searches:" << error.message;
}

} // namespace bioepic
