// libFuzzer target: the settings loader, whatever a hand edit left in environments.json; a
// change written afterwards must keep every entry it could not use.
#include "config/environmentstore.h"

#include <QFile>
#include <QTemporaryDir>

using namespace bioepic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("environments.json"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return 0;
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    EnvironmentStore store(path);
    if (!store.reload().ok())
        return 0;
    for (const Environment &env : store.environments())
        (void)env.toJson();
    Environment added;
    added.name = QStringLiteral("fuzz-added");
    added.baseUrl = QUrl(QStringLiteral("https://api.example.org"));
    (void)store.add(added);
    return 0;
}
