// bioepic-cred: the command-line companion. Composition root only: the commands live beside it.
#include "cliapp.h"
#include "coreservices.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    bioepic::setApplicationIdentity();
    bioepic::cli::CliApp cli(QCoreApplication::arguments());
    cli.start();
    return QCoreApplication::exec();
}
