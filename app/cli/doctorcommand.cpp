// bioepic-cred doctor: the step-by-step diagnosis as a checklist.
#include "cliapp.h"
#include "command.h"
#include "coreservices.h"

#include "common/privatefiles.h"

#include "diagnostics/diagnosis.h"
#include "diagnostics/supportreport.h"

#include <QFile>
#include <QJsonDocument>

namespace bioepic::cli {

namespace {

QString mark(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass:
        return QStringLiteral("✓");
    case CheckStatus::Warn:
        return QStringLiteral("!");
    case CheckStatus::Fail:
        return QStringLiteral("✗");
    case CheckStatus::Skipped:
        return QStringLiteral("-");
    case CheckStatus::Pending:
    case CheckStatus::Running:
        return QStringLiteral(" ");
    }
    return {};
}

void doctor(CliApp &app, const QCommandLineParser &parser, const QCommandLineOption &json,
            const QCommandLineOption &report, const QCommandLineOption &fromEnv)
{
    const QString name = parser.positionalArguments().first();
    const bool asJson = parser.isSet(json);
    const QString reportFile = parser.value(report);
    if (parser.isSet(fromEnv) ? !app.useCredentialsFromEnvironment(name) : !app.requireEnvironment(name))
        return;
    CoreServices &core = app.core();
    auto *diagnosis = new Diagnosis(core.diagnosisDeps(), name, &app);
    if (!asJson) {
        app.out() << "Diagnosing \"" << name << "\" (" << core.environments()->find(name)->baseUrl.toString()
                  << "):" << Qt::endl;
        QObject::connect(diagnosis, &Diagnosis::stepChanged, &app, [&app](int, const DiagnosisStep &step) {
            if (step.status == CheckStatus::Running || step.status == CheckStatus::Pending)
                return;
            app.out() << "  " << mark(step.status) << ' ' << step.title;
            if (step.status != CheckStatus::Skipped)
                app.out() << "  (" << step.ms << " ms)";
            app.out() << '\n';
            if (!step.detail.isEmpty())
                app.out() << "      " << (step.status == CheckStatus::Skipped ? QStringLiteral("skipped: ") : QString())
                          << step.detail << '\n';
            if (!step.remedy.isEmpty())
                app.out() << "      what to do: " << step.remedy << '\n';
            app.out().flush();
        });
    }
    QObject::connect(
            diagnosis, &Diagnosis::finished, &app,
            [&app, &core, diagnosis, asJson, reportFile, name](const DiagnosisReport &result) {
                diagnosis->deleteLater();
                if (asJson)
                    app.out() << QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented);
                else
                    app.out() << "\n" << (result.ok() ? "OK: " : "Problem: ") << result.summary << Qt::endl;
                if (!reportFile.isEmpty()) {
                    const QString failure = writePrivateFile(
                            reportFile, supportReport(core.supportReportSources(), name, result).toUtf8());
                    if (!failure.isEmpty()) {
                        app.fail({ErrorClass::Failure,
                                  QStringLiteral("Cannot write the support report %1").arg(reportFile),
                                  {},
                                  failure,
                                  {}});
                        return;
                    }
                    app.info(QStringLiteral("Support report written to %1 (no secrets in it).").arg(reportFile));
                }
                app.finish(exitCodeFor(result.failureClass()));
            });
    diagnosis->start();
}

} // namespace

QList<Command> doctorCommands()
{
    const QCommandLineOption json(
            QStringLiteral("json"),
            QStringLiteral("{\"environment\", \"ok\", \"summary\", \"steps\": [{\"id\", \"status\", \"code\", \"ms\", "
                           "\"detail\", \"remedy\"}]}."));
    const QCommandLineOption report(QStringLiteral("report"),
                                    QStringLiteral("Also write a support report (diagnosis, redacted network log, "
                                                   "versions, settings; no secrets) to mail to an administrator."),
                                    QStringLiteral("FILE"));
    Command doctor;
    doctor.path = {QStringLiteral("doctor")};
    doctor.arguments = QStringLiteral("NAME");
    doctor.minArguments = doctor.maxArguments = 1;
    doctor.takesEnvironment = true;
    doctor.summary = QStringLiteral("the step-by-step diagnosis; exits with the code of the first failed step");
    doctor.description = QStringLiteral(
            "Checks, step by step, everything between this computer and a working token for NAME: settings, "
            "keychain, DNS, TCP, TLS (certificate, issuer, validity, verification errors), health endpoint, token "
            "request (the server's own error text, and what it means), token expiry (source, clock skew), and an "
            "authenticated call. Each step passes, warns, fails or is skipped, with what to do. Exits non-zero when "
            "a step fails, with the exit code of that failure (3 credentials, 4 keychain, 5 network or TLS…).");
    const QCommandLineOption fromEnv = fromEnvironmentOption();
    doctor.options = {json, report, fromEnv};
    doctor.run = [json, report, fromEnv](CliApp &app, const QCommandLineParser &parser) {
        cli::doctor(app, parser, json, report, fromEnv);
    };
    return {doctor};
}

} // namespace bioepic::cli
