// bioepic-cred search: a test search, written as JSON, CSV or TSV.
#include "cliapp.h"
#include "command.h"
#include "coreservices.h"
#include "terminal.h"

#include "search/exporter.h"
#include "search/filterparser.h"
#include "search/searchjob.h"

#include <QFile>
#include <QJsonDocument>

#include <cstdio>
#include <unistd.h>

namespace bioepic::cli {

namespace {

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1) + QStringLiteral(" MB");
}

struct SearchOptions
{
    QCommandLineOption collection{QStringLiteral("collection"),
                                  QStringLiteral("The collection to search (samples, studies, … on the sandbox)."),
                                  QStringLiteral("C")};
    QCommandLineOption filter{QStringLiteral("filter"),
                              QStringLiteral("A JSON object, {\"ecosystem\": \"Soil\", \"ph\": {\"$gt\": 6}}, or "
                                             "\"key: value\" lines (ecosystem: Soil); checked before any request."),
                              QStringLiteral("F")};
    QCommandLineOption fields{QStringLiteral("fields"),
                              QStringLiteral("Only these fields (projection), in this order; id is always included."),
                              QStringLiteral("A,B")};
    QCommandLineOption pageSize{QStringLiteral("page-size"),
                                QStringLiteral("Records per page (default 100, at most 10000)."), QStringLiteral("N")};
    QCommandLineOption limit{QStringLiteral("limit"), QStringLiteral("Stop after N records in all."),
                             QStringLiteral("N")};
    QCommandLineOption allPages{QStringLiteral("all-pages"),
                                QStringLiteral("Follow next_page_token to the last page.")};
    QCommandLineOption maxPages{QStringLiteral("max-pages"),
                                QStringLiteral("Stop after N pages (implies --all-pages)."), QStringLiteral("N")};
    QCommandLineOption id{QStringLiteral("id"), QStringLiteral("Fetch one record by id instead of searching."),
                          QStringLiteral("ID")};
    QCommandLineOption format{QStringLiteral("format"),
                              QStringLiteral("Output format: a JSON array (default), RFC 4180 CSV, or TSV."),
                              QStringLiteral("json|csv|tsv")};
    QCommandLineOption output{QStringLiteral("output"), QStringLiteral("Write to FILE instead of standard output."),
                              QStringLiteral("FILE")};
    QCommandLineOption fromEnv = fromEnvironmentOption();

    [[nodiscard]] QList<QCommandLineOption> list() const
    {
        return {collection, filter, fields, pageSize, limit, allPages, maxPages, id, format, output, fromEnv};
    }
};

void search(CliApp &app, const QCommandLineParser &parser, const SearchOptions &options)
{
    const auto &[collection, filter, fields, pageSize, limit, allPages, maxPages, id, format, output, fromEnv]
            = options;
    if (!parser.isSet(collection)) {
        app.usageError(QStringLiteral("search needs --collection"));
        return;
    }
    SearchRequest request;
    request.environment = parser.positionalArguments().first();
    request.collection = parser.value(collection);
    request.allPages = parser.isSet(allPages) || parser.isSet(maxPages);
    request.byId = parser.isSet(id);
    request.recordId = parser.value(id);
    const ParsedFilter parsed = parseFilter(parser.value(filter));
    if (!parsed.ok()) {
        app.usageError(QStringLiteral("--filter: ") + parsed.error);
        return;
    }
    request.filter = parsed.filter;
    for (const QString &field : parser.value(fields).split(QLatin1Char(','), Qt::SkipEmptyParts))
        request.fields.append(field.trimmed());
    const std::pair<const QCommandLineOption *, int> numbers[] = {{&limit, 0}, {&pageSize, 1}, {&maxPages, 2}};
    for (const auto &[option, which] : numbers) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        const qint64 value = parser.value(*option).toLongLong(&ok);
        if (!ok || value < 1 || (which == 1 && value > 10000)) {
            app.usageError(QStringLiteral("--%1: \"%2\" must be a whole number from 1%3")
                                   .arg(option->names().first(), parser.value(*option),
                                        which == 1 ? QStringLiteral(" to 10000") : QString()));
            return;
        }
        if (which == 0)
            request.limit = value;
        else if (which == 1)
            request.pageSize = int(value);
        else
            request.maxPages = int(value);
    }
    if (!parser.isSet(pageSize))
        request.pageSize = request.limit > 0 && !request.allPages ? int(std::min<qint64>(request.limit, 10000)) : 100;
    if (request.limit > 0 && !parser.isSet(allPages) && !parser.isSet(maxPages))
        request.allPages = true; // --limit alone means "up to N records", across pages
    const auto exportFormat
            = exportFormatFromName(parser.isSet(format) ? parser.value(format) : QStringLiteral("json"));
    if (!exportFormat) {
        app.usageError(QStringLiteral("--format: \"%1\" is not json, csv or tsv").arg(parser.value(format)));
        return;
    }

    // Refused before any output: a script must not take an empty "[]" for an answer.
    if (const QString problem = searchRequestProblem(request); !problem.isEmpty()) {
        app.usageError(problem);
        return;
    }
    if (parser.isSet(fromEnv) ? !app.useCredentialsFromEnvironment(request.environment)
                              : !app.requireEnvironment(request.environment))
        return;
    CoreServices &core = app.core();
    const bool toFile = parser.isSet(output) && parser.value(output) != QLatin1String("-");
    std::shared_ptr<QIODevice> file;
    std::shared_ptr<StandardOutput> standardOutput;
    if (toFile) {
        auto named = std::make_shared<QFile>(parser.value(output));
        if (!named->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            app.fail({ErrorClass::Failure,
                      QStringLiteral("Cannot write %1").arg(named->fileName()),
                      {},
                      named->errorString(),
                      {}});
            return;
        }
        file = named;
    } else {
        app.out().flush();
        standardOutput = std::make_shared<StandardOutput>();
        file = standardOutput;
    }
    // Why writing failed, or nothing ("| head" closing the pipe is not a failure).
    auto writeFailure = [file, standardOutput]() -> QString {
        if (standardOutput)
            return standardOutput->failure();
        auto *named = static_cast<QFile *>(file.get());
        named->flush();
        return named->error() == QFileDevice::NoError ? QString() : named->errorString();
    };
    auto readerGone = [standardOutput] { return standardOutput && standardOutput->readerGone(); };
    // CSV and TSV need their columns before the first row: from --fields, else from every record.
    const bool tabular = *exportFormat != ExportFormat::Json;
    const bool bufferAll = tabular && request.fields.isEmpty();
    QStringList columns = request.fields;
    if (tabular && !columns.isEmpty() && !columns.contains(QStringLiteral("id")))
        columns.prepend(QStringLiteral("id"));
    auto writer = std::make_shared<RecordWriter>(file.get(), *exportFormat, columns);
    auto buffered = std::make_shared<QList<QJsonObject>>();
    const bool interactive = ::isatty(STDERR_FILENO);

    // JSON output copies the server's record bytes through, validated but never re-printed.
    request.rawJson = *exportFormat == ExportFormat::Json;
    auto *job = new SearchJob(core.environments(), core.tokens(), core.http(), request, &app);
    // The reader is done ("| head"): stop asking the server for pages nobody will read.
    QObject::connect(job, &SearchJob::progress, &app, [job, readerGone] {
        if (readerGone())
            job->cancel();
    });
    QObject::connect(
            job, &SearchJob::rawPageReceived, &app,
            [writer](int, const QByteArray &elements, qsizetype count) { writer->writeJsonElements(elements, count); });
    QObject::connect(job, &SearchJob::pageReceived, &app,
                     [writer, buffered, bufferAll](int, const QJsonArray &records) {
                         QList<QJsonObject> objects;
                         objects.reserve(records.size());
                         for (const QJsonValue &value : records)
                             objects.append(value.toObject());
                         if (bufferAll)
                             buffered->append(objects);
                         else
                             writer->write(objects);
                     });
    QObject::connect(job, &SearchJob::progress, &app, [&app, interactive](const SearchProgress &progress) {
        if (interactive)
            app.err() << QStringLiteral("\r  page %1, %2 records, %3, %4 s   ")
                                 .arg(progress.pages)
                                 .arg(progress.records)
                                 .arg(megabytes(progress.bytes))
                                 .arg(double(progress.elapsedMs) / 1000, 0, 'f', 1)
                      << Qt::flush;
    });
    QObject::connect(
            job, &SearchJob::finished, &app,
            [&app, job, file, writer, buffered, bufferAll, exportFormat, interactive, toFile, readerGone, writeFailure,
             outputName = parser.value(output)](const SearchOutcome &outcome) {
                job->deleteLater();
                if (bufferAll) {
                    RecordWriter full(file.get(), *exportFormat, unionOfKeys(*buffered));
                    full.write(*buffered);
                    full.finish();
                } else {
                    writer->finish(); // valid output even after a failure: what arrived, closed
                }
                if (readerGone()) {
                    app.finish(0); // the reader had what it wanted
                    return;
                }
                if (interactive)
                    app.err() << '\n';
                const SearchProgress &totals = outcome.totals;
                app.info(QStringLiteral("%1 record(s) in %2 page(s), %3, %4 s%5%6")
                                 .arg(totals.records)
                                 .arg(totals.pages)
                                 .arg(megabytes(totals.bytes))
                                 .arg(double(totals.elapsedMs) / 1000, 0, 'f', 2)
                                 .arg(outcome.moreAvailable
                                              ? QStringLiteral("; more available (raise --max-pages or --limit)")
                                              : QString())
                                 .arg(toFile ? QStringLiteral("; written to %1").arg(outputName) : QString()));
                if (!outcome.ok()) {
                    app.fail(outcome.error);
                    return;
                }
                if (const QString failure = writeFailure(); !failure.isEmpty()) {
                    app.fail({ErrorClass::Failure, QStringLiteral("Writing the output failed"), {}, failure, {}});
                    return;
                }
                app.finish(0);
            });
    job->start();
}

} // namespace

QList<Command> searchCommands()
{
    const SearchOptions options;
    Command search;
    search.path = {QStringLiteral("search")};
    search.arguments = QStringLiteral("NAME --collection C");
    search.minArguments = search.maxArguments = 1;
    search.takesEnvironment = true;
    search.summary
            = QStringLiteral("a test search with the environment's token: JSON records, or CSV/TSV with a header");
    search.description = QStringLiteral(
            "Runs a search with NAME's token and writes the records: a JSON array by default, copied from the "
            "server's bytes after validation. --page-size is records per page, --limit a cap on records in all.\n\n"
            "A failure on page k keeps pages 1…k-1 in the output, says which page failed, and exits non-zero. Page "
            "tokens are single-use and are never retried.");
    search.options = options.list();
    search.examples = {QStringLiteral("bioepic-cred search prod --collection samples --filter 'ecosystem: Soil' "
                                      "--fields id,name,ph --all-pages --format csv --output soil.csv")};
    search.run = [options](CliApp &app, const QCommandLineParser &parser) { cli::search(app, parser, options); };
    return {search};
}

} // namespace bioepic::cli
