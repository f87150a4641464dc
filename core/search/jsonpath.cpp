#include "jsonpath.h"

namespace bioepic::jsonpath {

namespace {

void insertAt(QJsonObject &into, const QList<QStringView> &steps, qsizetype step, const QJsonValue &value)
{
    const QString key = steps.at(step).toString();
    if (step == steps.size() - 1) {
        into.insert(key, value);
        return;
    }
    QJsonObject child = into.value(key).toObject();
    insertAt(child, steps, step + 1, value);
    into.insert(key, child);
}

} // namespace

QJsonValue valueAt(const QJsonObject &object, QStringView path)
{
    QJsonValue current(object);
    for (const QStringView step : path.split(u'.')) {
        if (!current.isObject())
            return QJsonValue(QJsonValue::Undefined);
        current = current.toObject().value(step);
    }
    return current;
}

QJsonObject project(const QJsonObject &object, const QStringList &paths)
{
    QJsonObject projected;
    if (object.contains(QLatin1String("id")))
        projected.insert(QStringLiteral("id"), object.value(QLatin1String("id")));
    for (const QString &path : paths) {
        const QJsonValue value = valueAt(object, path);
        if (!value.isUndefined())
            insertAt(projected, QStringView(path).split(u'.'), 0, value);
    }
    return projected;
}

} // namespace bioepic::jsonpath
