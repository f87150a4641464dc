#include "recordfilter.h"

#include "search/jsonpath.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace bioepic {

namespace {

/** -1, 0, 1, or nullopt when the two values cannot be ordered (different types). */
std::optional<int> compare(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble()) {
        const double x = a.toDouble();
        const double y = b.toDouble();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.isString() && b.isString()) {
        const int c = a.toString().compare(b.toString());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    if (a.isBool() && b.isBool())
        return int(a.toBool()) - int(b.toBool());
    return std::nullopt;
}

bool equalValues(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble();
    return a == b;
}

} // namespace

std::optional<RecordFilter> RecordFilter::parse(const QByteArray &json, QString *error)
{
    if (json.trimmed().isEmpty())
        return RecordFilter{};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("filter is not valid JSON: %1 at character %2")
                         .arg(parseError.errorString())
                         .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("filter must be a JSON object");
        return std::nullopt;
    }
    return fromObject(document.object(), error);
}

std::optional<RecordFilter> RecordFilter::fromObject(const QJsonObject &object, QString *error)
{
    static const QHash<QString, Op> operators{{QStringLiteral("$eq"), Op::Eq}, {QStringLiteral("$ne"), Op::Ne},
                                              {QStringLiteral("$gt"), Op::Gt}, {QStringLiteral("$gte"), Op::Gte},
                                              {QStringLiteral("$lt"), Op::Lt}, {QStringLiteral("$lte"), Op::Lte},
                                              {QStringLiteral("$in"), Op::In}, {QStringLiteral("$regex"), Op::Regex}};
    RecordFilter filter;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString field = it.key();
        if (field.startsWith(QLatin1Char('$'))) {
            *error = QStringLiteral("top-level operator %1 is not supported; filter on fields").arg(field);
            return std::nullopt;
        }
        const QJsonValue value = it.value();
        const QJsonObject operatorObject = value.toObject();
        // {"field": {"$op": …}} is an operator object; {"field": {"a": 1}} is equality with an object.
        const bool isOperatorObject = value.isObject() && !operatorObject.isEmpty()
                && operatorObject.constBegin().key().startsWith(QLatin1Char('$'));
        if (!isOperatorObject) {
            filter.m_conditions.append({field, Op::Eq, value, {}});
            continue;
        }
        for (auto op = operatorObject.constBegin(); op != operatorObject.constEnd(); ++op) {
            const auto found = operators.constFind(op.key());
            if (found == operators.constEnd()) {
                *error = QStringLiteral("operator %1 on field \"%2\" is not supported (use $eq, $ne, $gt, $gte, $lt, "
                                        "$lte, $in, $regex)")
                                 .arg(op.key(), field);
                return std::nullopt;
            }
            Condition condition{field, *found, op.value(), {}};
            if (*found == Op::In && !op.value().isArray()) {
                *error = QStringLiteral("$in on field \"%1\" needs an array").arg(field);
                return std::nullopt;
            }
            if (*found == Op::Regex) {
                if (!op.value().isString()) {
                    *error = QStringLiteral("$regex on field \"%1\" needs a string").arg(field);
                    return std::nullopt;
                }
                condition.regex = QRegularExpression(op.value().toString());
                if (!condition.regex.isValid()) {
                    *error = QStringLiteral("$regex on field \"%1\" is invalid: %2")
                                     .arg(field, condition.regex.errorString());
                    return std::nullopt;
                }
            }
            filter.m_conditions.append(condition);
        }
    }
    return filter;
}

bool RecordFilter::test(const Condition &condition, const QJsonValue &actual)
{
    // An array field matches when any element matches (MongoDB semantics), except for $ne.
    if (actual.isArray() && condition.op != Op::Ne) {
        const QJsonArray array = actual.toArray();
        return std::any_of(array.begin(), array.end(),
                           [&](const QJsonValue &element) { return test(condition, element); });
    }
    switch (condition.op) {
    case Op::Eq:
        return equalValues(actual, condition.value);
    case Op::Ne:
        if (actual.isArray()) {
            const QJsonArray array = actual.toArray();
            return std::none_of(array.begin(), array.end(),
                                [&](const QJsonValue &element) { return equalValues(element, condition.value); });
        }
        return !equalValues(actual, condition.value);
    case Op::Gt:
        return compare(actual, condition.value).value_or(0) > 0;
    case Op::Gte:
        return compare(actual, condition.value).value_or(-1) >= 0;
    case Op::Lt:
        return compare(actual, condition.value).value_or(0) < 0;
    case Op::Lte:
        return compare(actual, condition.value).value_or(1) <= 0;
    case Op::In: {
        const QJsonArray candidates = condition.value.toArray();
        return std::any_of(candidates.begin(), candidates.end(),
                           [&](const QJsonValue &candidate) { return equalValues(actual, candidate); });
    }
    case Op::Regex:
        return actual.isString() && condition.regex.match(actual.toString()).hasMatch();
    }
    return false;
}

bool RecordFilter::matches(const QJsonObject &record) const
{
    for (const Condition &condition : m_conditions) {
        if (!test(condition, jsonpath::valueAt(record, condition.field)))
            return false;
    }
    return true;
}

} // namespace bioepic
