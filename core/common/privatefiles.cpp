#include "privatefiles.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bioepic {

bool makePrivateDirectory(const QString &path)
{
    // Walk up to the first directory that exists; everything below it is ours to make private.
    QStringList missing;
    QString current = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    while (!current.isEmpty() && !QFileInfo::exists(current)) {
        missing.prepend(current);
        const QString parent = QFileInfo(current).path();
        if (parent == current)
            break;
        current = parent;
    }
    if (!QDir().mkpath(path))
        return false;
    missing.append(path);
    for (const QString &directory : std::as_const(missing))
        ::chmod(QFile::encodeName(directory).constData(), S_IRWXU);
    return true;
}

QString appendToPrivateFile(const QString &path, const QByteArray &bytes)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
                          S_IRUSR | S_IWUSR);
    if (fd < 0) {
        return errno == ELOOP ? QStringLiteral("%1 is a symbolic link; it is not written through").arg(path)
                              : QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
    }
    ::fchmod(fd, S_IRUSR | S_IWUSR);
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + written, size_t(bytes.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const QString error = QString::fromLocal8Bit(std::strerror(errno));
            ::close(fd);
            return QStringLiteral("%1: %2").arg(path, error);
        }
        written += n;
    }
    ::close(fd);
    return {};
}

QString writePrivateFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(bytes) != bytes.size() || !file.commit())
        return file.errorString();
    return {};
}

} // namespace bioepic
