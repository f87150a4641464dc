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

QTEST_GUILESS_MAIN(TestFiles)
#include "tst_files.moc"
