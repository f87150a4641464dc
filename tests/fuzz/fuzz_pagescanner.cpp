// libFuzzer target: the one-pass page scanner, checked against Qt's own JSON parser: whatever the
// scanner accepts, QJsonDocument must read to the same records.
#include "search/pagescanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace bioepic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const ScannedPage page = scanPage(body, QStringLiteral("results"), QStringLiteral("next_page_token"));
    if (page.ok()) {
        const QJsonDocument parsed = QJsonDocument::fromJson(body);
        if (!parsed.isObject())
            __builtin_trap();
        const QJsonArray results = parsed.object().value(QStringLiteral("results")).toArray();
        if (results.size() != page.count())
            __builtin_trap();
        const QByteArray elements = "[" + page.elements(body, page.count()).toByteArray() + "]";
        if (QJsonDocument::fromJson(elements).array() != results)
            __builtin_trap();
    }
    (void)scanObject(body);
    return 0;
}
