// bioepic-cred doctor: the step-by-step diagnosis as a checklist.
#include "cliapp.h"
#include "coreservices.h"

#include "diagnostics/diagnosis.h"
#include "diagnostics/supportreport.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

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

} // namespace

void runDoctor(CliApp &app, const QStringList &arguments)
{
    const QString command = QStringLiteral("doctor");
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Machine-readable output."));
    const QCommandLineOption report(QStringLiteral("report"), QStringLiteral("Save a support report."),
                                    QStringLiteral("file"));
    parser.addOptions({json, report});
    if (!app.parse(parser, command, arguments))
        return;
    if (parser.positionalArguments().size() != 1) {
        app.usageError(QStringLiteral("doctor needs exactly one environment NAME"), command);
        return;
    }
    const QString name = parser.positionalArguments().first();
    const bool asJson = parser.isSet(json);
    const QString reportFile = parser.value(report);
    if (!app.requireEnvironment(name))
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
                    QSaveFile file(reportFile);
                    if (!file.open(QIODevice::WriteOnly)
                        || file.write(supportReport(core.supportReportSources(), name, result).toUtf8()) < 0
                        || !file.commit()) {
                        app.fail({ErrorClass::Failure,
                                  QStringLiteral("Cannot write the support report %1").arg(reportFile),
                                  {},
                                  file.errorString(),
                                  {}});
                        return;
                    }
                    app.info(QStringLiteral("Support report written to %1 (no secrets in it).").arg(reportFile));
                }
                app.finish(exitCodeFor(result.failureClass()));
            });
    diagnosis->start();
}

} // namespace bioepic::cli
