// What `sandbox` runs in bioepic-cred: the same command line, handed to bioepic-cred-sandbox by
// exec. Every other command then starts without the HTTP server's libraries (QtHttpServer and
// QtWebSockets: 0.4 ms of each start).
#include "cliapp.h"
#include "sandboxoptions.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <vector>

namespace bioepic::cli {

namespace {

/** Beside bioepic-cred (the build tree), else where the package puts it. */
QString sandboxProgram()
{
    const QString here = QCoreApplication::applicationDirPath();
    const QStringList candidates{
            here + QStringLiteral("/bioepic-cred-sandbox"),
            here + QStringLiteral("/../" BIOEPIC_INSTALL_LIBEXECDIR "/bioepic-credentials/bioepic-cred-sandbox")};
    for (const QString &candidate : candidates) {
        const QFileInfo program(candidate);
        if (program.isFile() && program.isExecutable())
            return program.canonicalFilePath();
    }
    return QDir::cleanPath(candidates.constLast());
}

} // namespace

void runSandbox(CliApp &app, const QCommandLineParser &, const SandboxCommandOptions &)
{
    const QString program = sandboxProgram();
    // The same arguments, the same process (its pid, its stdout): whoever started it sees no step.
    QList<QByteArray> arguments{QFile::encodeName(program)};
    const QStringList given = QCoreApplication::arguments();
    for (qsizetype i = 1; i < given.size(); ++i)
        arguments.append(given.at(i).toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &argument : arguments)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    ::execv(argv.front(), argv.data());
    const int error = errno;
    app.fail({ErrorClass::Failure,
              QStringLiteral("Could not start the sandbox program %1: %2")
                      .arg(program, QString::fromLocal8Bit(std::strerror(error))),
              QStringLiteral("Reinstall bioepic-credentials, or run the sandbox from the GUI (bioepic-credentials "
                             "--demo)."),
              {},
              {}});
}

} // namespace bioepic::cli
