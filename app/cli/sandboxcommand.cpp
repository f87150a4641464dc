// bioepic-cred sandbox: its entry in the command table. What runs it: sandboxoptions.h.
#include "command.h"
#include "sandboxoptions.h"

namespace bioepic::cli {

QList<Command> sandboxCommands()
{
    const SandboxCommandOptions options;
    Command sandbox;
    sandbox.path = {QStringLiteral("sandbox")};
    sandbox.summary = QStringLiteral("run the local sandbox API in the foreground");
    sandbox.description = QStringLiteral(
            "Runs the sandbox API on 127.0.0.1 in the foreground (Ctrl-C stops it). It speaks both API profiles; "
            "try it with the demo credentials it prints.");
    sandbox.options = options.list();
    sandbox.examples = {QStringLiteral("bioepic-cred sandbox --port 8080 --profile nmdc --token-lifetime 60")};
    sandbox.run = [options](CliApp &app, const QCommandLineParser &parser) { runSandbox(app, parser, options); };
    return {sandbox};
}

} // namespace bioepic::cli
