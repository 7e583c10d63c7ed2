#include "stream/memorytextdocument.h"
#include "stream/writersession.h"

#include "randomedits.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace stream;

namespace {

// Edits `document` and reports the change to `session`, as an editor would.
void edit(MemoryTextDocument &document, WriterSession &session, qsizetype offset, qsizetype length,
          const QString &text)
{
    session.recordChange(makeTextChange(document, offset, length, text));
    document.replace(offset, length, text);
}

QList<StreamMessage> decodeAll(const QSignalSpy &spy)
{
    QList<StreamMessage> messages;
    for (const QList<QVariant> &args : spy) {
        auto decoded = decodeMessage(args.at(0).toJsonObject());
        if (!decoded)
            qFatal("writer sent an invalid message");
        messages.append(*decoded);
    }
    return messages;
}

} // namespace

class tst_WriterSession : public QObject
{
    Q_OBJECT

private slots:
    void flush_withNothingPending_sendsNothing();
    void flush_numbersDeltasWithoutGaps();
    void changes_withinInterval_areBatchedIntoOneDelta();
    void syncRequest_flushesThenSendsOneFull();
    void syncRequest_burst_isCoalesced();
    void syncRequest_soonAfterAFull_waitsForTheSpacing();
    void largeInsertion_underSmallMaxPayload_isSplitAcrossDeltas();
    void largeInsertions_withBreaksAtSliceEdges_applyExactly();
    void largeDocument_underSmallMaxPayload_isSentAsFullParts();
    void cursor_isThrottledToLatest();
    void meta_isSentOnlyOnChange();
};

void tst_WriterSession::flush_withNothingPending_sendsNothing()
{
    MemoryTextDocument document(QStringLiteral("abc"));
    WriterSession session(&document);
    QSignalSpy spy(&session, &WriterSession::messageReady);
    session.flush();
    QTest::qWait(300);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(session.nextVersion(), 0);
}

void tst_WriterSession::flush_numbersDeltasWithoutGaps()
{
    MemoryTextDocument document;
    WriterSession session(&document);
    QSignalSpy spy(&session, &WriterSession::messageReady);
    for (int i = 0; i < 5; ++i) {
        edit(document, session, document.length(), 0, QStringLiteral("x"));
        session.flush();
        session.flush();
    }
    const auto messages = decodeAll(spy);
    QCOMPARE(messages.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(std::get<DeltaMessage>(messages.at(i)).version, i);
    QCOMPARE(session.nextVersion(), 5);
}

void tst_WriterSession::changes_withinInterval_areBatchedIntoOneDelta()
{
    MemoryTextDocument document(QStringLiteral("hello"));
    WriterSession session(&document);
    QCOMPARE(session.flushInterval(), 200);
    QSignalSpy spy(&session, &WriterSession::messageReady);
    edit(document, session, 5, 0, QStringLiteral(" "));
    edit(document, session, 6, 0, QStringLiteral("wörld"));
    edit(document, session, 0, 1, QStringLiteral("H"));
    QCOMPARE(spy.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
    const auto delta = std::get<DeltaMessage>(decodeAll(spy).at(0));
    QCOMPARE(delta.version, 0);
    QCOMPARE(delta.changes.size(), 3);
    MemoryTextDocument watcher(QStringLiteral("hello"));
    for (const ContentChangeEvent &event : delta.changes)
        QVERIFY(applyContentChangeEvent(watcher, event).hasValue());
    QCOMPARE(watcher.text(), QStringLiteral("Hello wörld"));
    QTest::qWait(400);
    QCOMPARE(spy.count(), 1);
}

void tst_WriterSession::syncRequest_flushesThenSendsOneFull()
{
    MemoryTextDocument document(QStringLiteral("a"));
    WriterSession session(&document);
    session.setFlushInterval(60000);
    QSignalSpy spy(&session, &WriterSession::messageReady);
    edit(document, session, 1, 0, QStringLiteral("b"));
    session.handleSyncRequest();
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 10000);
    const auto messages = decodeAll(spy);
    QCOMPARE(std::get<DeltaMessage>(messages.at(0)).version, 0);
    const auto full = std::get<FullMessage>(messages.at(1));
    QCOMPARE(full.version, 1);
    QCOMPARE(full.content, QStringLiteral("ab"));
    QVERIFY(!full.part.has_value());
}

void tst_WriterSession::syncRequest_burst_isCoalesced()
{
    MemoryTextDocument document(QStringLiteral("text"));
    WriterSession session(&document);
    session.setSyncCoalesceInterval(100);
    QSignalSpy spy(&session, &WriterSession::messageReady);
    for (int i = 0; i < 20; ++i)
        session.handleSyncRequest();
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
    QTest::qWait(300);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(std::get<FullMessage>(decodeAll(spy).at(0)).content, QStringLiteral("text"));
    session.handleSyncRequest();
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 10000);
}

void tst_WriterSession::syncRequest_soonAfterAFull_waitsForTheSpacing()
{
    MemoryTextDocument document(QStringLiteral("text"));
    WriterSession session(&document);
    session.setMinFullSpacing(2000);
    QSignalSpy spy(&session, &WriterSession::messageReady);
    session.sendFull();
    QCOMPARE(spy.count(), 1);
    // A wave of requests right after a full: held until the spacing has passed, then one full.
    for (int i = 0; i < 20; ++i)
        session.handleSyncRequest();
    QTest::qWait(300); // well past the 50 ms coalescing, far before the 2 s spacing
    QCOMPARE(spy.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 10000);
    QTest::qWait(100);
    QCOMPARE(spy.count(), 2);
    QCOMPARE(std::get<FullMessage>(decodeAll(spy).at(1)).content, QStringLiteral("text"));
}

void tst_WriterSession::largeInsertion_underSmallMaxPayload_isSplitAcrossDeltas()
{
    QRandomGenerator random(7);
    const QString initial = QStringLiteral("head\r\ntail");
    MemoryTextDocument document(initial);
    WriterSession session(&document);
    session.setMaxMessageBytes(2000);
    QSignalSpy spy(&session, &WriterSession::messageReady);
    QString big;
    while (big.size() < 30000)
        big += streamtest::randomText(random, 50);
    edit(document, session, 4, 0, big);
    edit(document, session, 0, 2, QStringLiteral("😀"));
    session.flush();
    QVERIFY(spy.count() > 15);
    MemoryTextDocument watcher(initial);
    qint64 expectedVersion = 0;
    for (const QList<QVariant> &args : spy) {
        const QJsonObject data = args.at(0).toJsonObject();
        QVERIFY2(encodedSize(data) <= 2000, QByteArray::number(encodedSize(data)).constData());
        const auto delta = std::get<DeltaMessage>(*decodeMessage(data));
        QCOMPARE(delta.version, expectedVersion++);
        for (const ContentChangeEvent &event : delta.changes)
            QVERIFY(applyContentChangeEvent(watcher, event).hasValue());
    }
    QCOMPARE(watcher.text(), document.text());
}

void tst_WriterSession::largeInsertions_withBreaksAtSliceEdges_applyExactly()
{
    // Texts made of line breaks and surrogate pairs, inserted after lone "\r"s and before
    // "\n"s, so that slice edges fall on every kind of boundary.
    static const QString pieces[]
        = {QStringLiteral("\r"), QStringLiteral("\n"), QStringLiteral("\r\n"),
           QStringLiteral("😀"),  QStringLiteral("a"),  QStringLiteral("\u0001")};
    QRandomGenerator random(2718);
    for (int round = 0; round < 300; ++round) {
        const auto randomText = [&](int length) {
            QString text;
            while (text.size() < length)
                text += pieces[random.bounded(int(std::size(pieces)))];
            return text;
        };
        const QString initial = randomText(40);
        MemoryTextDocument document(initial);
        WriterSession session(&document);
        session.setMaxMessageBytes(1024 + random.bounded(512));
        QSignalSpy spy(&session, &WriterSession::messageReady);
        for (int i = 0; i < 3; ++i) {
            qsizetype offset = random.bounded(int(document.length()) + 1);
            if (offset > 0 && offset < document.length()
                && (document.text().at(offset - 1).isHighSurrogate()
                    || (document.text().at(offset - 1) == u'\r'
                        && document.text().at(offset) == u'\n')))
                --offset;
            edit(document, session, offset, 0, randomText(500 + random.bounded(3000)));
        }
        session.flush();
        MemoryTextDocument watcher(initial);
        for (const QList<QVariant> &args : spy) {
            const QJsonObject data = args.at(0).toJsonObject();
            QVERIFY(encodedSize(data) <= session.maxMessageBytes());
            const auto decoded = decodeMessage(data);
            QVERIFY(decoded.hasValue());
            for (const ContentChangeEvent &event : std::get<DeltaMessage>(*decoded).changes) {
                for (const TextChange &change : event.changes) {
                    QVERIFY(!change.text.isEmpty() && !change.text.back().isHighSurrogate());
                    QVERIFY2(applyTextChange(watcher, change).hasValue(),
                             qPrintable(QString::number(round)));
                }
            }
        }
        QCOMPARE(watcher.text(), document.text());
    }
}

void tst_WriterSession::largeDocument_underSmallMaxPayload_isSentAsFullParts()
{
    QRandomGenerator random(11);
    QString content;
    while (content.size() < 20000)
        content += streamtest::randomText(random, 40);
    MemoryTextDocument document(content);
    WriterSession session(&document);
    session.setMaxMessageBytes(3000);
    session.setMeta(QStringLiteral("cpp"), QStringLiteral("big.cpp"));
    QSignalSpy spy(&session, &WriterSession::messageReady);
    session.sendFull();
    QVERIFY(spy.count() > 5);
    QString assembled;
    int parts = 0;
    for (int i = 0; i < spy.count(); ++i) {
        const QJsonObject data = spy.at(i).at(0).toJsonObject();
        QVERIFY(encodedSize(data) <= 3000);
        const auto full = std::get<FullMessage>(*decodeMessage(data));
        QCOMPARE(full.version, 0);
        QCOMPARE(*full.part, i);
        parts = *full.parts;
        QCOMPARE(full.title, std::optional<QString>(QStringLiteral("big.cpp")));
        assembled += full.content;
    }
    QCOMPARE(parts, spy.count());
    QCOMPARE(assembled, content);
}

void tst_WriterSession::cursor_isThrottledToLatest()
{
    MemoryTextDocument document(QStringLiteral("abc\ndef"));
    WriterSession session(&document);
    QSignalSpy spy(&session, &WriterSession::messageReady);
    for (int column = 1; column <= 4; ++column)
        session.setCursor({Selection {1, 1, 1, column}});
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
    const auto cursor = std::get<CursorMessage>(decodeAll(spy).at(0));
    QCOMPARE(cursor.version, 0);
    QCOMPARE(cursor.selections, (QList<Selection> {Selection {1, 1, 1, 4}}));
    session.setCursor({Selection {1, 1, 1, 4}});
    QTest::qWait(400);
    QCOMPARE(spy.count(), 1);
}

void tst_WriterSession::meta_isSentOnlyOnChange()
{
    MemoryTextDocument document;
    WriterSession session(&document);
    QSignalSpy spy(&session, &WriterSession::messageReady);
    session.setMeta(QStringLiteral("cpp"), QStringLiteral("main.cpp"));
    session.setMeta(QStringLiteral("cpp"), QStringLiteral("main.cpp"));
    QCOMPARE(spy.count(), 1);
    const auto meta = std::get<MetaMessage>(decodeAll(spy).at(0));
    QCOMPARE(meta.language, QStringLiteral("cpp"));
    QCOMPARE(meta.title, QStringLiteral("main.cpp"));
    session.setMeta(QStringLiteral("python"), QStringLiteral("main.cpp"));
    QCOMPARE(spy.count(), 2);
}

QTEST_GUILESS_MAIN(tst_WriterSession)
#include "tst_writersession.moc"
