// What the app writes is its user's alone: directories 0700, files 0600, and no write follows a
// symbolic link planted where the app keeps its files.
#include "common/privatefiles.h"
#include "config/jsonfile.h"
#include "credentials/historystore.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace bioepic;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat info = {};
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return info.st_mode & 07777;
}

} // namespace

class TestFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void directoriesAndFilesArePrivate();
    void historyDoesNotFollowALink();
    void historyKeepsNoFingerprintOfAFailure();
    void historyWrittenElsewhereIsAnnouncedOnce();
};

void TestFiles::directoriesAndFilesArePrivate()
{
    QTemporaryDir root;
    const QString settings = root.filePath(QStringLiteral("config/bioepic-credentials/environments.json"));
    QVERIFY(writeJsonFile(settings, QJsonObject{{QStringLiteral("version"), 1}}).ok());
    QCOMPARE(modeOf(settings), mode_t(0600));
    QCOMPARE(modeOf(root.filePath(QStringLiteral("config/bioepic-credentials"))), mode_t(0700));
    QCOMPARE(modeOf(root.filePath(QStringLiteral("config"))), mode_t(0700)); // created here, so ours

    HistoryStore history(root.filePath(QStringLiteral("data/bioepic-credentials/history")));
    QVERIFY(history.append(QStringLiteral("lab"),
                           {QDateTime::currentDateTimeUtc(),
                            QStringLiteral("login"),
                            QStringLiteral("ok"),
                            {},
                            {},
                            {},
                            {},
                            QStringLiteral("id")}));
    QCOMPARE(modeOf(history.filePath(QStringLiteral("lab"))), mode_t(0600));
    QCOMPARE(modeOf(root.filePath(QStringLiteral("data/bioepic-credentials/history"))), mode_t(0700));
    QCOMPARE(modeOf(root.filePath(QStringLiteral("data/bioepic-credentials"))), mode_t(0700));

    const QString report = root.filePath(QStringLiteral("report.txt"));
    QVERIFY(writePrivateFile(report, "report").isEmpty());
    QCOMPARE(modeOf(report), mode_t(0600));
}

void TestFiles::historyDoesNotFollowALink()
{
    QTemporaryDir root;
    HistoryStore history(root.filePath(QStringLiteral("history")));
    QVERIFY(makePrivateDirectory(root.filePath(QStringLiteral("history"))));
    const QString target = root.filePath(QStringLiteral("elsewhere"));
    QFile file(target);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("untouched\n");
    file.close();
    QVERIFY(QFile::link(target, history.filePath(QStringLiteral("lab"))));
    QVERIFY(!history.append(
            QStringLiteral("lab"),
            {QDateTime::currentDateTimeUtc(), QStringLiteral("login"), QStringLiteral("ok"), {}, {}, {}, {}, {}}));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("untouched\n"));
}

void TestFiles::historyKeepsNoFingerprintOfAFailure()
{
    QTemporaryDir root;
    HistoryStore history(root.filePath(QStringLiteral("history")));
    QVERIFY(history.append(QStringLiteral("lab"),
                           {QDateTime::currentDateTimeUtc(), QStringLiteral("rotate"), QStringLiteral("failed"),
                            QStringLiteral("token"), QStringLiteral("hmac:00000001"), QStringLiteral("hmac:00000002"),
                            QStringLiteral("rejected"), QStringLiteral("id")}));
    const HistoryEntry entry = history.entries(QStringLiteral("lab")).first();
    QCOMPARE(entry.oldFingerprint, QStringLiteral("hmac:00000001"));
    QVERIFY(entry.newFingerprint.isEmpty());
}

void TestFiles::historyWrittenElsewhereIsAnnouncedOnce()
{
    // Two stores on one folder stand for the GUI and a script.
    QTemporaryDir root;
    const QString folder = root.filePath(QStringLiteral("history"));
    HistoryStore gui(folder), script(folder);
    const HistoryEntry failed{QDateTime::currentDateTimeUtc(),
                              QStringLiteral("rotate"),
                              QStringLiteral("failed"),
                              QStringLiteral("token"),
                              {},
                              {},
                              QStringLiteral("rejected"),
                              QStringLiteral("id")};
    QVERIFY(script.append(QStringLiteral("lab"), failed));
    QSignalSpy announced(&gui, &HistoryStore::appended);
    gui.noticeChangesElsewhere(); // the first look: every file is news
    QCOMPARE(announced.size(), 1);
    gui.noticeChangesElsewhere();
    QCOMPARE(announced.size(), 1);

    // The script appends to an existing file and starts another: both announced, once.
    QVERIFY(script.append(QStringLiteral("lab"), failed));
    QVERIFY(script.append(QStringLiteral("other"), failed));
    gui.noticeChangesElsewhere();
    QCOMPARE(announced.size(), 3);
    QStringList names{announced.at(1).at(0).toString(), announced.at(2).at(0).toString()};
    names.sort();
    QCOMPARE(names, QStringList({QStringLiteral("lab"), QStringLiteral("other")}));
    gui.noticeChangesElsewhere();
    QCOMPARE(announced.size(), 3);

    // Its own append is announced as it writes, and not again when it looks.
    QVERIFY(gui.append(QStringLiteral("lab"), failed));
    QCOMPARE(announced.size(), 4);
    gui.noticeChangesElsewhere();
    QCOMPARE(announced.size(), 4);

    // A file removed with its environment empties that history.
    QVERIFY(QFile::remove(gui.filePath(QStringLiteral("other"))));
    gui.noticeChangesElsewhere();
    QCOMPARE(announced.size(), 5);
    QCOMPARE(announced.last().at(0).toString(), QStringLiteral("other"));
    QVERIFY(gui.entries(QStringLiteral("other")).isEmpty());
}

QTEST_GUILESS_MAIN(TestFiles)
#include "tst_files.moc"
