#include "stream/memorytextdocument.h"

#include <QRandomGenerator>
#include <QTest>

using namespace stream;

namespace {

// Line starts by a plain scan, to check the incremental index against.
QList<qsizetype> naiveLineStarts(const QString &text)
{
    QList<qsizetype> starts {0};
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'\r') {
            if (i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            starts.append(i + 1);
        } else if (text.at(i) == u'\n') {
            starts.append(i + 1);
        }
    }
    return starts;
}

void verifyIndex(const MemoryTextDocument &document)
{
    const QList<qsizetype> expected = naiveLineStarts(document.text());
    QCOMPARE(document.lineCount(), int(expected.size()));
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(document.lineStart(i), expected.at(i));
}

QString randomPiece(QRandomGenerator &random)
{
    static const QString alphabet = QStringLiteral("ab \t\r\n\r\né中😀\n");
    QString piece;
    const int length = random.bounded(6);
    for (int i = 0; i < length; ++i) {
        const qsizetype at = random.bounded(alphabet.size());
        QChar c = alphabet.at(at);
        if (c.isHighSurrogate()) {
            piece += alphabet.mid(at, 2);
        } else if (c.isLowSurrogate()) {
            piece += alphabet.mid(at - 1, 2);
        } else {
            piece += c;
        }
    }
    return piece;
}

TextChange change(int sl, int sc, int el, int ec, qint64 offset, qint64 length, const QString &text)
{
    return TextChange {TextRange {sl, sc, el, ec}, offset, length, text};
}

} // namespace

class tst_TextDocument : public QObject
{
    Q_OBJECT

private slots:
    void lines_withEveryLineBreakKind_areCounted_data();
    void lines_withEveryLineBreakKind_areCounted();
    void offsetAt_outsideDocument_isRejected();
    void positionAt_withSurrogatePair_countsTwoUnits();
    void applyChange_data();
    void applyChange();
    void applyChange_outsideDocument_reportsDivergence();
    void applyChange_withWrongOffset_reportsDivergence();
    void replace_randomEdits_keepLineIndexExact();
    void diffTexts_data();
    void diffTexts();
    void diffTexts_randomPairs_roundTripThroughMonacoCoordinates();
};

void tst_TextDocument::lines_withEveryLineBreakKind_areCounted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("lines");
    QTest::addColumn<QList<qsizetype>>("lengths");
    QTest::newRow("empty") << QString() << 1 << QList<qsizetype> {0};
    QTest::newRow("lf") << QStringLiteral("ab\ncd") << 2 << QList<qsizetype> {2, 2};
    QTest::newRow("crlf") << QStringLiteral("ab\r\ncd\r\n") << 3 << QList<qsizetype> {2, 2, 0};
    QTest::newRow("lone cr") << QStringLiteral("ab\rcd") << 2 << QList<qsizetype> {2, 2};
    QTest::newRow("cr cr lf") << QStringLiteral("\r\r\n") << 3 << QList<qsizetype> {0, 0, 0};
    QTest::newRow("lf cr") << QStringLiteral("\n\r") << 3 << QList<qsizetype> {0, 0, 0};
    QTest::newRow("empty lines") << QStringLiteral("\n\n\n") << 4 << QList<qsizetype> {0, 0, 0, 0};
    QTest::newRow("tabs") << QStringLiteral("\tx\t\n\t") << 2 << QList<qsizetype> {3, 1};
    QTest::newRow("emoji") << QStringLiteral("😀\n中é") << 2 << QList<qsizetype> {2, 2};
}

void tst_TextDocument::lines_withEveryLineBreakKind_areCounted()
{
    QFETCH(QString, text);
    QFETCH(int, lines);
    QFETCH(QList<qsizetype>, lengths);
    MemoryTextDocument document(text);
    QCOMPARE(document.lineCount(), lines);
    for (int i = 0; i < lines; ++i)
        QCOMPARE(document.lineLength(i), lengths.at(i));
    QCOMPARE(document.length(), text.size());
}

void tst_TextDocument::offsetAt_outsideDocument_isRejected()
{
    MemoryTextDocument document(QStringLiteral("ab\r\ncd"));
    QCOMPARE(document.offsetAt({1, 1}), std::optional<qsizetype>(0));
    QCOMPARE(document.offsetAt({1, 3}), std::optional<qsizetype>(2));
    QCOMPARE(document.offsetAt({2, 1}), std::optional<qsizetype>(4));
    QCOMPARE(document.offsetAt({2, 3}), std::optional<qsizetype>(6));
    QVERIFY(!document.offsetAt({1, 4}));
    QVERIFY(!document.offsetAt({2, 4}));
    QVERIFY(!document.offsetAt({3, 1}));
    QVERIFY(!document.offsetAt({0, 1}));
    QVERIFY(!document.offsetAt({1, 0}));
}

void tst_TextDocument::positionAt_withSurrogatePair_countsTwoUnits()
{
    MemoryTextDocument document(QStringLiteral("a😀b\n😀"));
    QCOMPARE(document.positionAt(0), (TextPosition {1, 1}));
    QCOMPARE(document.positionAt(3), (TextPosition {1, 4}));
    QCOMPARE(document.positionAt(4), (TextPosition {1, 5}));
    QCOMPARE(document.positionAt(5), (TextPosition {2, 1}));
    QCOMPARE(document.positionAt(7), (TextPosition {2, 3}));
}

void tst_TextDocument::applyChange_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<TextChange>("change");
    QTest::addColumn<QString>("after");

    QTest::newRow("ascii insert") << QStringLiteral("hello world")
                                  << change(1, 6, 1, 6, 5, 0, QStringLiteral(","))
                                  << QStringLiteral("hello, world");
    QTest::newRow("latin1 replace") << QStringLiteral("caf\u00e9 cr\u00e8me")
                                    << change(1, 6, 1, 11, 5, 5, QStringLiteral("th\u00e9"))
                                    << QStringLiteral("caf\u00e9 th\u00e9");
    QTest::newRow("cjk delete") << QStringLiteral("中文字\n测试")
                                << change(1, 2, 2, 2, 1, 4, QString()) << QStringLiteral("中试");
    QTest::newRow("emoji after surrogate pair")
        << QStringLiteral("😀x") << change(1, 3, 1, 4, 2, 1, QStringLiteral("🎉"))
        << QStringLiteral("😀🎉");
    QTest::newRow("crlf line join")
        << QStringLiteral("ab\r\ncd") << change(1, 3, 2, 1, 2, 2, QString())
        << QStringLiteral("abcd");
    QTest::newRow("lone cr then lf forms crlf")
        << QStringLiteral("a\rb") << change(2, 1, 2, 1, 2, 0, QStringLiteral("\n"))
        << QStringLiteral("a\r\nb");
    QTest::newRow("tabs") << QStringLiteral("\tx") << change(1, 2, 1, 2, 1, 0, QStringLiteral("\t"))
                          << QStringLiteral("\t\tx");
    QTest::newRow("empty lines") << QStringLiteral("\n\n\n")
                                 << change(3, 1, 3, 1, 2, 0, QStringLiteral("mid"))
                                 << QStringLiteral("\n\nmid\n");
    QTest::newRow("very start") << QStringLiteral("abc")
                                << change(1, 1, 1, 1, 0, 0, QStringLiteral("//\n"))
                                << QStringLiteral("//\nabc");
    QTest::newRow("very end") << QStringLiteral("abc\n")
                              << change(2, 1, 2, 1, 4, 0, QStringLiteral("end"))
                              << QStringLiteral("abc\nend");
    QTest::newRow("whole document")
        << QStringLiteral("x\r\ny") << change(1, 1, 2, 2, 0, 4, QString()) << QString();
    QTest::newRow("into empty document")
        << QString() << change(1, 1, 1, 1, 0, 0, QStringLiteral("😀\r\n"))
        << QStringLiteral("😀\r\n");
}

void tst_TextDocument::applyChange()
{
    QFETCH(QString, before);
    QFETCH(TextChange, change);
    QFETCH(QString, after);
    MemoryTextDocument document(before);
    auto applied = applyTextChange(document, change);
    QVERIFY(applied.hasValue());
    QCOMPARE(document.text(), after);
    verifyIndex(document);
}

void tst_TextDocument::applyChange_outsideDocument_reportsDivergence()
{
    MemoryTextDocument document(QStringLiteral("ab\ncd"));
    auto applied = applyTextChange(document, change(3, 1, 3, 1, 5, 0, QStringLiteral("x")));
    QVERIFY(!applied.hasValue());
    QCOMPARE(applied.error(), ApplyError::RangeOutsideDocument);
    applied = applyTextChange(document, change(1, 1, 1, 9, 0, 8, QString()));
    QVERIFY(!applied.hasValue());
    QCOMPARE(applied.error(), ApplyError::RangeOutsideDocument);
    QCOMPARE(document.text(), QStringLiteral("ab\ncd"));
}

void tst_TextDocument::applyChange_withWrongOffset_reportsDivergence()
{
    MemoryTextDocument document(QStringLiteral("ab\ncd"));
    auto applied = applyTextChange(document, change(2, 1, 2, 2, 2, 1, QString()));
    QVERIFY(!applied.hasValue());
    QCOMPARE(applied.error(), ApplyError::OffsetMismatch);
    applied = applyTextChange(document, change(2, 1, 2, 2, 3, 2, QString()));
    QVERIFY(!applied.hasValue());
    QCOMPARE(applied.error(), ApplyError::OffsetMismatch);
    QCOMPARE(document.text(), QStringLiteral("ab\ncd"));
}

void tst_TextDocument::replace_randomEdits_keepLineIndexExact()
{
    QRandomGenerator random(20261127);
    MemoryTextDocument document;
    QString reference;
    for (int round = 0; round < 5000; ++round) {
        const qsizetype offset = random.bounded(int(reference.size()) + 1);
        const qsizetype length = random.bounded(int(reference.size() - offset) + 1) % 8;
        const QString text = randomPiece(random);
        reference.replace(offset, length, text);
        document.replace(offset, length, text);
        QCOMPARE(document.text(), reference);
        const QList<qsizetype> expected = naiveLineStarts(reference);
        QCOMPARE(document.lineCount(), int(expected.size()));
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(document.lineStart(i), expected.at(i));
        if (reference.size() > 400) {
            reference = reference.left(100);
            document.setText(reference);
        }
    }
}

void tst_TextDocument::diffTexts_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<qsizetype>("length");
    QTest::addColumn<QString>("text");
    QTest::newRow("insert middle")
        << QStringLiteral("abcd") << QStringLiteral("abXcd") << 2LL << 0LL << QStringLiteral("X");
    QTest::newRow("delete end") << QStringLiteral("abcd") << QStringLiteral("ab") << 2LL << 2LL
                                << QString();
    QTest::newRow("replace start")
        << QStringLiteral("abcd") << QStringLiteral("xbcd") << 0LL << 1LL << QStringLiteral("x");
    QTest::newRow("crlf to cr keeps pair whole")
        << QStringLiteral("a\r\nb") << QStringLiteral("a\rb") << 1LL << 2LL << QStringLiteral("\r");
    QTest::newRow("surrogate pair kept whole")
        << QStringLiteral("😀") << QStringLiteral("😁") << 0LL << 2LL << QStringLiteral("😁");
    QTest::newRow("lf to crlf") << QStringLiteral("a\nb") << QStringLiteral("a\r\nb") << 1LL << 0LL
                                << QStringLiteral("\r");
}

void tst_TextDocument::diffTexts()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(qsizetype, offset);
    QFETCH(qsizetype, length);
    QFETCH(QString, text);
    const auto edit = stream::diffTexts(before, after);
    QVERIFY(edit.has_value());
    QCOMPARE(edit->offset, offset);
    QCOMPARE(edit->length, length);
    QCOMPARE(edit->text, text);
    QVERIFY(!stream::diffTexts(before, before).has_value());
}

void tst_TextDocument::diffTexts_randomPairs_roundTripThroughMonacoCoordinates()
{
    QRandomGenerator random(42);
    for (int round = 0; round < 5000; ++round) {
        QString before;
        const int pieces = random.bounded(5);
        for (int i = 0; i < pieces; ++i)
            before += randomPiece(random);
        QString after = before;
        const qsizetype offset = random.bounded(int(after.size()) + 1);
        const qsizetype length = random.bounded(int(after.size() - offset) + 1);
        after.replace(offset, length, randomPiece(random));
        if (after.size() > 0 && after.at(0).isLowSurrogate())
            continue;
        const auto edit = stream::diffTexts(before, after);
        if (!edit) {
            QCOMPARE(before, after);
            continue;
        }
        MemoryTextDocument writer(before);
        const TextChange monaco = makeTextChange(writer, edit->offset, edit->length, edit->text);
        MemoryTextDocument watcher(before);
        auto applied = applyTextChange(watcher, monaco);
        QVERIFY2(applied.hasValue(), before.toUtf8().toHex().constData());
        QCOMPARE(watcher.text(), after);
    }
}

QTEST_GUILESS_MAIN(tst_TextDocument)
#include "tst_textdocument.moc"
