// bioepic-cred completion: the shell completion scripts, generated from the command table.
#include "cliapp.h"
#include "command.h"
#include "reference.h"

namespace bioepic::cli {

QList<Command> completionCommands()
{
    Command completion;
    completion.path = {QStringLiteral("completion")};
    completion.arguments = QStringLiteral("bash|zsh");
    completion.minArguments = completion.maxArguments = 1;
    completion.summary = QStringLiteral("print the shell completion script for bash or zsh");
    completion.description = QStringLiteral(
            "Completes commands, options, their values and environment names. The Debian package installs both "
            "scripts; from a build, load one into the running shell.");
    completion.examples = {QStringLiteral("source <(bioepic-cred completion bash)"),
                           QStringLiteral("bioepic-cred completion zsh > \"${fpath[1]}/_bioepic-cred\"")};
    completion.run = [](CliApp &app, const QCommandLineParser &parser) {
        const QString shell = parser.positionalArguments().first();
        if (shell == QLatin1String("bash")) {
            app.out() << reference::bashCompletion();
        } else if (shell == QLatin1String("zsh")) {
            app.out() << reference::zshCompletion();
        } else {
            app.usageError(QStringLiteral("no completion for \"%1\": use bash or zsh").arg(shell));
            return;
        }
        app.finish(0);
    };
    return {completion};
}

} // namespace bioepic::cli
