// What `sandbox` runs in bioepic-cred: the same command line, handed to bioepic-cred-sandbox by
// exec. Every other command then starts without the HTTP server's libraries (QtHttpServer and
// QtWebSockets: 0.4 ms of each start).
#include "cliapp.h"
#include "sandboxoptions.h"

#include "common/helperprogram.h"

#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <vector>

namespace bioepic::cli {

void runSandbox(CliApp &app, const QCommandLineParser &, const SandboxCommandOptions &)
{
    const QString program = helperProgram(QLatin1String(kSandboxProgram));
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
