// libFuzzer target: the .env reader and the stripper: removing keys keeps every other value.
#include "config/dotenv.h"

#include <QSet>

using namespace bioepic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    // Stripping is only ever done to files that decode and encode back to the same bytes
    // (DotenvImport refuses others): hold the stripper to that promise.
    const bool plainUtf8 = QString::fromUtf8(bytes).toUtf8() == bytes;
    const DotenvDocument document = parseDotenv(bytes, {{QStringLiteral("HOME"), QStringLiteral("/home/x")}});
    QHash<QString, QString> values = document.values();
    // A line python-dotenv cannot parse may swallow the lines after it once a key below is
    // removed; DotenvImport checks the result and refuses such a strip. Here: files that parse.
    if (values.isEmpty() || !plainUtf8 || !document.unparsedLines.isEmpty())
        return 0;
    // Every key in turn, in a fixed order (QHash's order changes from run to run).
    QStringList keys = values.keys();
    keys.sort();
    for (const QString &key : std::as_const(keys)) {
        const QByteArray stripped = withoutKeys(document, {key}, {QStringLiteral("moved")});
        QHash<QString, QString> expected = values;
        expected.remove(key);
        const QHash<QString, QString> after
                = parseDotenv(stripped, {{QStringLiteral("HOME"), QStringLiteral("/home/x")}}).values();
        // Variable expansion can make a removed key's value reach another one: only compare when
        // nothing refers to another variable.
        if (!bytes.contains("${") && after != expected)
            __builtin_trap();
    }
    return 0;
}
