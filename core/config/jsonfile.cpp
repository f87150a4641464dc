#include "jsonfile.h"

#include "common/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

namespace bioepic {

std::pair<int, int> lineAndColumn(const QByteArray &bytes, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, bytes.size());
    const QByteArrayView before(bytes.constData(), offset);
    const int line = int(before.count('\n')) + 1;
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    return {line, int(QString::fromUtf8(before.sliced(lineStart)).size()) + 1};
}

JsonFileContent readJsonFile(const QString &path)
{
    JsonFileContent content;
    QFile file(path);
    if (!file.exists())
        return content;
    content.existed = true;
    if (!file.open(QIODevice::ReadOnly)) {
        content.error = {ErrorClass::Failure,
                         QStringLiteral("Cannot read %1").arg(path),
                         QStringLiteral("Check the file's permissions."),
                         file.errorString(),
                         {}};
        return content;
    }
    QJsonParseError parseError;
    content.bytes = file.readAll();
    const QJsonDocument document = QJsonDocument::fromJson(content.bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        const auto [line, column] = lineAndColumn(content.bytes, parseError.offset);
        const QString what = parseError.error != QJsonParseError::NoError
                ? QStringLiteral("%1 (line %2, column %3)").arg(parseError.errorString()).arg(line).arg(column)
                : QStringLiteral("the top level is not a JSON object");
        content.error = {ErrorClass::Failure,
                         QStringLiteral("%1 is not valid JSON: %2").arg(path, what),
                         QStringLiteral("Fix the file by hand or move it away; it is left untouched until then."),
                         {},
                         {}};
        return content;
    }
    content.object = document.object();
    return content;
}

Error writeJsonFile(const QString &path, const QJsonObject &object)
{
    const QString directory = QFileInfo(path).absolutePath();
    if (!makePrivateDirectory(directory)) {
        return {ErrorClass::Failure,
                QStringLiteral("Cannot create the directory %1").arg(directory),
                QStringLiteral("Check that the parent directory is writable."),
                {},
                {}};
    }
    if (const QString failure = writePrivateFile(path, QJsonDocument(object).toJson(QJsonDocument::Indented));
        !failure.isEmpty()) {
        return {ErrorClass::Failure,
                QStringLiteral("Cannot write %1").arg(path),
                QStringLiteral("Check that the directory is writable and the disk is not full."),
                failure,
                {}};
    }
    return {};
}

} // namespace bioepic
