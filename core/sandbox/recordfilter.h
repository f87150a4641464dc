#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QRegularExpression>
#include <QString>

namespace bioepic {

/**
 * @brief A MongoDB-style filter on fields (dotted paths reach into objects: "lat_lon.latitude"), as
 * the NMDC Runtime API accepts:
 * {"field": value} (equality; an array field matches when it contains the value) and
 * {"field": {"$gt"|"$gte"|"$lt"|"$lte"|"$ne"|"$eq"|"$in"|"$regex": …}}.
 */
class RecordFilter final
{
public:
    /** @brief Parses a filter; on failure returns nullopt and sets @p error to a message naming the field. */
    [[nodiscard]] static std::optional<RecordFilter> parse(const QByteArray &json, QString *error);
    [[nodiscard]] static std::optional<RecordFilter> fromObject(const QJsonObject &object, QString *error);

    [[nodiscard]] bool matches(const QJsonObject &record) const;
    [[nodiscard]] bool isEmpty() const { return m_conditions.isEmpty(); }

private:
    enum class Op { Eq, Ne, Gt, Gte, Lt, Lte, In, Regex };
    struct Condition
    {
        QString field;
        Op op = Op::Eq;
        QJsonValue value;
        QRegularExpression regex;
    };
    [[nodiscard]] static bool test(const Condition &condition, const QJsonValue &actual);

    QList<Condition> m_conditions;
};

} // namespace bioepic
