// The search results table's model: pages kept as bytes, columns in the order asked for, the
// model's own sort, and pages arriving while sorted merged into place.
#include "searchresultsmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QTest>

using namespace bioepic::ui;

namespace {
/** A page of records {"id": "r<first+i>", "ph": <value>, "name": "...", "meta": {...}} as elements. */
QByteArray page(int first, const QList<double> &ph)
{
    QByteArray elements;
    for (qsizetype i = 0; i < ph.size(); ++i) {
        if (i)
            elements += ',';
        elements += QStringLiteral(R"({"name":"Sample %1","ph":%2,"id":"r%1","meta":{"k":[1,"}"]}})")
                            .arg(first + int(i))
                            .arg(ph.at(i))
                            .toUtf8();
    }
    return elements;
}

QList<double> column(const SearchResultsModel &model, int column)
{
    QList<double> values;
    for (int row = 0; row < model.rowCount(); ++row)
        values.append(model.index(row, column).data(SearchResultsModel::SortRole).toDouble());
    return values;
}
} // namespace

class TestSearchResultsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void columnsInTheOrderAsked();
    void cellsAsPeopleReadThem();
    void sortThenMergeNewPages();
};

void TestSearchResultsModel::columnsInTheOrderAsked()
{
    SearchResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.clear({QStringLiteral("ph"), QStringLiteral("meta.k"), QStringLiteral("absent")});
    model.appendElements(page(0, {6.5, 7}));
    // Asked for first, in that order (a dotted field as its top-level key), then id, then the rest.
    QCOMPARE(model.columns(),
             (QStringList{QStringLiteral("ph"), QStringLiteral("meta"), QStringLiteral("id"), QStringLiteral("name")}));
    model.clear();
    model.appendElements(page(0, {6.5}));
    QCOMPARE(model.columns().first(), QStringLiteral("id"));
    // A key first seen on a later page adds a column at the end.
    model.appendElements(QByteArray(R"({"id":"x","extra":1})"));
    QCOMPARE(model.columns().last(), QStringLiteral("extra"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, int(model.columns().indexOf(QStringLiteral("name")))).data().toString(), QString());
}

void TestSearchResultsModel::cellsAsPeopleReadThem()
{
    SearchResultsModel model;
    model.appendElements(QByteArray(R"({"id":"a\"b","n":12.50,"t":true,"z":null,"o":{"k":[1,"}"]},"c":"\u001b[2J"})"));
    const auto cell = [&](const char *key) {
        return model.index(0, int(model.columns().indexOf(QLatin1String(key)))).data().toString();
    };
    QCOMPARE(cell("id"), QStringLiteral("a\"b")); // unquoted, escapes decoded
    QCOMPARE(cell("n"), QStringLiteral("12.50")); // as the server wrote it
    QCOMPARE(cell("t"), QStringLiteral("true"));
    QCOMPARE(cell("z"), QString());
    QCOMPARE(cell("o"), QStringLiteral(R"({"k":[1,"}"]})"));
    QVERIFY(!cell("c").contains(QChar(0x1b))); // server text never reaches the screen raw
    QCOMPARE(model.record(0).value(QStringLiteral("n")).toDouble(), 12.5);
    QCOMPARE(model.recordBytes(0).front(), '{');
    QVERIFY(model.bytesHeld() > 0);
}

void TestSearchResultsModel::sortThenMergeNewPages()
{
    SearchResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendElements(page(0, {5, 9, 1, 7}));
    const int ph = int(model.columns().indexOf(QStringLiteral("ph")));
    const QPersistentModelIndex nine = model.index(1, ph);
    model.sort(ph, Qt::DescendingOrder);
    QCOMPARE(column(model, ph), (QList<double>{9, 7, 5, 1}));
    QCOMPARE(nine.row(), 0); // a selection follows its row
    // Pages that arrive while sorted go into place, several at once.
    model.appendPages({page(10, {8, 2}), page(20, {10, 0, 6})});
    QCOMPARE(column(model, ph), (QList<double>{10, 9, 8, 7, 6, 5, 2, 1, 0}));
    QCOMPARE(nine.row(), 1);
    model.sort(ph, Qt::AscendingOrder);
    QCOMPARE(column(model, ph), (QList<double>{0, 1, 2, 5, 6, 7, 8, 9, 10}));
    // Text sorts without regard to case; equal keys keep the server's order.
    SearchResultsModel names;
    names.appendElements(QByteArray(R"({"id":"b","v":"beta"},{"id":"a","v":"Alpha"},{"id":"c","v":"alpha"})"));
    names.sort(int(names.columns().indexOf(QStringLiteral("v"))), Qt::AscendingOrder);
    QCOMPARE(names.index(0, 0).data().toString(), QStringLiteral("a"));
    QCOMPARE(names.index(1, 0).data().toString(), QStringLiteral("c"));
    QCOMPARE(names.index(2, 0).data().toString(), QStringLiteral("b"));
}

QTEST_GUILESS_MAIN(TestSearchResultsModel)
#include "tst_searchresultsmodel.moc"
