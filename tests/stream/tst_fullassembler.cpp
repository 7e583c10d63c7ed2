// Assembling the parts of a large full (docs/protocol.md §6), shared by the watcher and the
// recording reader.
#include "stream/fullassembler.h"

#include <QTest>

using namespace stream;

class tst_FullAssembler : public QObject
{
    Q_OBJECT

private slots:
    void parts_inAnyOrder_assembleOnce();
    void repeatedPart_isIgnored();
    void partOfAnotherFull_startsOver();
    void partIndexOutOfRange_isIgnored();
};

namespace {

FullMessage part(qint64 version, int index, int parts, const QString &content)
{
    FullMessage full {version, content};
    full.part = index;
    full.parts = parts;
    if (index == 0) {
        full.language = QStringLiteral("cpp");
        full.title = QStringLiteral("main.cpp");
    }
    return full;
}

} // namespace

void tst_FullAssembler::parts_inAnyOrder_assembleOnce()
{
    FullAssembler assembler;
    QVERIFY(!assembler.add(part(7, 2, 3, QStringLiteral("ghi"))));
    QVERIFY(!assembler.add(part(7, 0, 3, QStringLiteral("abc"))));
    QVERIFY(assembler.isCollecting());
    QCOMPARE(assembler.received(), 2);
    const auto whole = assembler.add(part(7, 1, 3, QStringLiteral("def")));
    QVERIFY(whole);
    QCOMPARE(whole->content, QStringLiteral("abcdefghi"));
    QCOMPARE(whole->version, 7);
    QCOMPARE(whole->language, QStringLiteral("cpp"));
    QCOMPARE(whole->title, QStringLiteral("main.cpp"));
    QVERIFY(!whole->part);
    QVERIFY(!whole->parts);
    QVERIFY(!assembler.isCollecting());
}

void tst_FullAssembler::repeatedPart_isIgnored()
{
    FullAssembler assembler;
    QVERIFY(!assembler.add(part(1, 0, 2, QStringLiteral("a"))));
    QVERIFY(!assembler.add(part(1, 0, 2, QStringLiteral("x"))));
    QCOMPARE(assembler.received(), 1);
    const auto whole = assembler.add(part(1, 1, 2, QStringLiteral("b")));
    QVERIFY(whole);
    QCOMPARE(whole->content, QStringLiteral("ab"));
}

void tst_FullAssembler::partOfAnotherFull_startsOver()
{
    FullAssembler assembler;
    QVERIFY(!assembler.add(part(1, 0, 2, QStringLiteral("old"))));
    QVERIFY(assembler.replacesIncomplete(part(2, 1, 2, QStringLiteral("new"))));
    QVERIFY(assembler.replacesIncomplete(part(1, 1, 3, QStringLiteral("new"))));
    QVERIFY(!assembler.replacesIncomplete(part(1, 1, 2, QStringLiteral("new"))));
    QVERIFY(!assembler.add(part(2, 1, 2, QStringLiteral("B"))));
    QCOMPARE(assembler.version(), 2);
    QCOMPARE(assembler.received(), 1);
    const auto whole = assembler.add(part(2, 0, 2, QStringLiteral("A")));
    QVERIFY(whole);
    QCOMPARE(whole->content, QStringLiteral("AB"));
}

void tst_FullAssembler::partIndexOutOfRange_isIgnored()
{
    FullAssembler assembler;
    QVERIFY(!assembler.add(part(1, 5, 2, QStringLiteral("x"))));
    QVERIFY(!assembler.add(part(1, -1, 2, QStringLiteral("x"))));
    QCOMPARE(assembler.received(), 0);
    QVERIFY(!assembler.replacesIncomplete(part(9, 0, 2, QStringLiteral("y"))));
}

QTEST_GUILESS_MAIN(tst_FullAssembler)
#include "tst_fullassembler.moc"
