#include "helperprogram.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace bioepic {

QString helperProgram(const QString &name)
{
    const QString here = QCoreApplication::applicationDirPath();
    const QStringList candidates{here + QLatin1Char('/') + name,
                                 here + QStringLiteral("/../" BIOEPIC_INSTALL_LIBEXECDIR "/bioepic-credentials/")
                                         + name};
    for (const QString &candidate : candidates) {
        const QFileInfo program(candidate);
        if (program.isFile() && program.isExecutable())
            return program.canonicalFilePath();
    }
    return QDir::cleanPath(candidates.constLast());
}

} // namespace bioepic
