#include "terminal.h"

#include <QFile>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace bioepic::cli {

StandardOutput::StandardOutput(QObject *parent)
    : QIODevice(parent)
{
    setOpenMode(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

bool StandardOutput::readerGone()
{
    if (!m_readerGone) {
        // A pipe whose reader closed reports POLLERR on the write end, so output that is held
        // back until the end (CSV columns) can still stop early.
        pollfd descriptor{STDOUT_FILENO, 0, 0};
        if (::poll(&descriptor, 1, 0) == 1 && (descriptor.revents & POLLERR))
            m_readerGone = true;
    }
    return m_readerGone;
}

qint64 StandardOutput::writeData(const char *data, qint64 size)
{
    if (m_readerGone || !m_failure.isEmpty())
        return -1;
    qint64 written = 0;
    while (written < size) {
        const ssize_t n = ::write(STDOUT_FILENO, data + written, size_t(size - written));
        if (n >= 0) {
            written += n;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno == EPIPE)
            m_readerGone = true;
        else
            m_failure = QString::fromLocal8Bit(std::strerror(errno));
        return -1;
    }
    return written;
}

namespace {

QString chompLine(QByteArray line)
{
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

std::optional<QString> prompt(const QString &text, bool echo, QString *error)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *error = QStringLiteral("there is no terminal to ask on");
        return std::nullopt;
    }
    const QByteArray promptBytes = text.toUtf8();
    [[maybe_unused]] const auto written = ::write(fd, promptBytes.constData(), size_t(promptBytes.size()));

    termios saved{};
    const bool isTerminal = ::tcgetattr(fd, &saved) == 0;
    if (isTerminal && !echo) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL;
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    QByteArray line;
    char c = 0;
    bool gotNewline = false;
    while (::read(fd, &c, 1) == 1) {
        if (c == '\n') {
            gotNewline = true;
            break;
        }
        line.append(c);
    }
    if (isTerminal && !echo)
        ::tcsetattr(fd, TCSAFLUSH, &saved);
    ::close(fd);
    if (!gotNewline && line.isEmpty()) {
        *error = QStringLiteral("no answer (end of input)");
        return std::nullopt;
    }
    QString result = chompLine(line);
    line.fill('\0');
    return result;
}

} // namespace

std::optional<QString> readLineFromStdin(QString *error)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read standard input");
        return std::nullopt;
    }
    QByteArray line = in.readLine();
    if (line.isEmpty()) {
        *error = QStringLiteral("standard input is empty");
        return std::nullopt;
    }
    QString result = chompLine(line);
    line.fill('\0');
    return result;
}

std::optional<QString> promptHidden(const QString &text, QString *error)
{
    return prompt(text, false, error);
}

std::optional<QString> promptVisible(const QString &text, QString *error)
{
    return prompt(text, true, error);
}

} // namespace bioepic::cli
