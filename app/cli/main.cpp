// bioepic-cred: the command-line companion. Composition root only: the commands live in bioepic_cli.
#include "cliapp.h"
#include "coreservices.h"

#include <QCoreApplication>

#include <csignal>

int main(int argc, char *argv[])
{
    // A closed pipe ("| head") is an EPIPE to handle, not a signal that kills mid-write.
    std::signal(SIGPIPE, SIG_IGN);
    QCoreApplication app(argc, argv);
    bioepic::setApplicationIdentity();
    bioepic::cli::CliApp cli(QCoreApplication::arguments());
    QObject::connect(&cli, &bioepic::cli::CliApp::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    cli.start();
    return QCoreApplication::exec();
}
