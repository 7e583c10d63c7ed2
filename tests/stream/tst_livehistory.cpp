#include "stream/livehistory.h"
#include "stream/memorytextdocument.h"
#include "stream/watchersession.h"
#include "stream/writersession.h"

#include "randomedits.h"

#include <QJsonArray>
#include <QMap>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace stream;

namespace {

// A writer typing random edits: every message it sends is handed to `sink` with its time, and
// the writer's text after every version is kept as the expected document.
class TypingWriter
{
public:
    explicit TypingWriter(quint32 seed, const QString &start = QStringLiteral("start\r\n"))
        : m_document(start)
        , m_session(&m_document)
        , m_random(seed)
    {
        m_session.setFlushInterval(1000000);
        m_session.setMaxMessageBytes(4000);
        QObject::connect(&m_session, &WriterSession::messageReady, &m_session,
                         [this](const QJsonObject &data) {
                             m_messages.append({m_time, data});
                         });
        m_expected.insert(-1, m_document.text());
        m_session.sendFull();
    }

    // Types `count` random edits; every third one is flushed as a delta, a tenth of a second
    // after the previous one. Occasionally moves the cursor or sends a full.
    void type(int count, int largeEvery = 40)
    {
        for (int i = 0; i < count; ++i) {
            const auto e = streamtest::randomEdit(m_random, m_document.text(),
                                                  m_random.bounded(largeEvery) == 0 ? 3000 : 12);
            m_session.recordChange(makeTextChange(m_document, e.offset, e.length, e.text));
            m_document.replace(e.offset, e.length, e.text);
            if (m_random.bounded(3) == 0)
                flush();
            if (m_random.bounded(50) == 0)
                m_session.setCursor({Selection {1, 1, 1, 2}});
            if (m_random.bounded(400) == 0) {
                flush();
                m_session.sendFull();
            }
        }
        flush();
    }

    void flush()
    {
        m_time += 0.1;
        m_session.flush();
        if (m_session.nextVersion() > 0)
            m_expected.insert(m_session.nextVersion() - 1, m_document.text());
        m_times.append({m_time, m_session.nextVersion() - 1});
    }

    // The messages sent since the last call, with their times.
    QList<std::pair<double, QJsonObject>> takeMessages() { return std::exchange(m_messages, {}); }
    const QMap<qint64, QString> &expected() const { return m_expected; }
    // (time, version) after every flush.
    const QList<std::pair<double, qint64>> &times() const { return m_times; }
    QString text() const { return m_document.text(); }
    double time() const { return m_time; }

private:
    MemoryTextDocument m_document;
    WriterSession m_session;
    QRandomGenerator m_random;
    double m_time = 0;
    QList<std::pair<double, QJsonObject>> m_messages;
    QMap<qint64, QString> m_expected;
    QList<std::pair<double, qint64>> m_times;
};

// The version the writer had reached at `seconds` (the last flush at or before it).
qint64 versionAt(const QList<std::pair<double, qint64>> &times, double seconds)
{
    qint64 version = -1;
    for (const auto &[time, v] : times) {
        if (time > seconds)
            break;
        version = v;
    }
    return version;
}

} // namespace

class tst_LiveHistory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void seek_everyVersionAndTime_matchesWriterAndIndependentReplay();
    void bound_small_staysWithinAndKeepsFromAKeyframe();
    void outOfOrderDuplicatesAndParts_followTheWatcher();
    void documentTooLarge_suspends_thenResumesWithAFullThatFits();
    void largeDocument_nearAQuarterOfTheBound_isKeptWithinTheBound();
    void maxBytes_zeroKeepsNothing_loweringDropsAtOnce();
    void garbageAndOtherMessages_areIgnored();
    void cursorFlood_staysWithinBound();
    void pointAtStaleOrCleared_givesNothing();
};

void tst_LiveHistory::seek_everyVersionAndTime_matchesWriterAndIndependentReplay()
{
    TypingWriter writer(7);
    LiveHistory history;
    history.setKeyframeInterval(6000);
    MemoryTextDocument replayed;
    WatcherSession watcher(&replayed);
    writer.type(1500);
    for (const auto &[time, data] : writer.takeMessages()) {
        history.appendAt(time, data);
        watcher.handleMessage(data);
    }
    QCOMPARE(watcher.state(), WatcherState::Live);
    QCOMPARE(replayed.text(), writer.text());
    QVERIFY(history.keyframeCount() > 5);
    QCOMPARE(history.droppedParts(), 0);
    QVERIFY(history.byteCount() > 0);
    QVERIFY(history.byteCount() <= history.maxBytes());

    const auto first = history.firstPoint();
    const auto last = history.lastPoint();
    QVERIFY(first && last);
    QCOMPARE(first->version, -1);
    QCOMPARE(last->version, writer.expected().lastKey());
    QCOMPARE(history.textAt(*last), std::optional<QString>(replayed.text()));
    for (auto it = writer.expected().cbegin(); it != writer.expected().cend(); ++it)
        QCOMPARE(history.documentAtVersion(it.key()), std::optional<QString>(it.value()));
    QRandomGenerator random(3);
    for (int i = 0; i < 300; ++i) {
        const double seconds = random.bounded(writer.time());
        const qint64 version = versionAt(writer.times(), seconds);
        const auto point = history.pointAtTime(seconds);
        QVERIFY(point);
        QCOMPARE(point->version, version);
        QVERIFY(point->time <= seconds);
        QCOMPARE(history.textAt(*point), std::optional<QString>(writer.expected().value(version)));
    }
    QVERIFY(!history.pointAtTime(writer.time() + 1));
    QVERIFY(!history.pointAtVersion(writer.expected().lastKey() + 1));
}

void tst_LiveHistory::bound_small_staysWithinAndKeepsFromAKeyframe()
{
    TypingWriter writer(11);
    constexpr qint64 bound = 400 * 1024;
    LiveHistory history(bound);
    history.setKeyframeInterval(8000);
    qint64 highest = 0;
    for (int round = 0; round < 40; ++round) {
        writer.type(200, 1000000);
        for (const auto &[time, data] : writer.takeMessages()) {
            history.appendAt(time, data);
            QVERIFY2(history.byteCount() <= bound,
                     qPrintable(QStringLiteral("%1 bytes").arg(history.byteCount())));
            highest = std::max(highest, history.byteCount());
        }
    }
    QVERIFY(!history.isSuspended());
    QVERIFY(history.droppedParts() > 0);
    QVERIFY(history.partCount() > 2);
    // Most of the bound is used: parts are dropped one eighth at a time.
    QVERIFY2(highest > bound / 2, qPrintable(QString::number(highest)));

    // The oldest state kept is a keyframe: it is rebuilt without anything before it.
    const auto first = history.firstPoint();
    QVERIFY(first);
    QCOMPARE(first->step, 0);
    QVERIFY(first->version > 0);
    QVERIFY(!history.pointAtVersion(first->version - 1));
    QVERIFY(!history.pointAtTime(first->time - 0.05));
    QCOMPARE(history.textAt(*first),
             std::optional<QString>(writer.expected().value(first->version)));
    const qint64 lastVersion = writer.expected().lastKey();
    QCOMPARE(history.lastPoint()->version, lastVersion);
    for (qint64 v = first->version; v <= lastVersion; ++v)
        QCOMPARE(history.documentAtVersion(v), std::optional<QString>(writer.expected().value(v)));
    QRandomGenerator random(5);
    for (int i = 0; i < 200; ++i) {
        const double seconds = first->time + random.bounded(writer.time() - first->time);
        const qint64 version = versionAt(writer.times(), seconds);
        QCOMPARE(history.documentAtTime(seconds),
                 std::optional<QString>(writer.expected().value(version)));
    }
}

void tst_LiveHistory::outOfOrderDuplicatesAndParts_followTheWatcher()
{
    // A start text larger than a message: every full travels in parts.
    TypingWriter writer(23, QString(9000, u'x') + QStringLiteral("\n"));
    LiveHistory history;
    history.setKeyframeInterval(5000);
    MemoryTextDocument replayed;
    WatcherSession watcher(&replayed);
    writer.type(800);
    QList<std::pair<double, QJsonObject>> messages = writer.takeMessages();
    // Swap neighbours and repeat some messages, keeping the times in order.
    QRandomGenerator random(8);
    for (qsizetype i = 1; i + 1 < messages.size(); ++i) {
        if (random.bounded(10) == 0)
            std::swap(messages[i].second, messages[i + 1].second);
        else if (random.bounded(20) == 0)
            messages.insert(i + 1, messages.at(i));
    }
    for (const auto &[time, data] : messages) {
        history.appendAt(time, data);
        watcher.handleMessage(data);
    }
    QCOMPARE(replayed.text(), writer.text());
    QCOMPARE(history.textAt(*history.lastPoint()), std::optional<QString>(writer.text()));
    for (auto it = writer.expected().cbegin(); it != writer.expected().cend(); ++it)
        QCOMPARE(history.documentAtVersion(it.key()), std::optional<QString>(it.value()));
}

void tst_LiveHistory::documentTooLarge_suspends_thenResumesWithAFullThatFits()
{
    LiveHistory history(80 * 1024);
    // A keyframe of 12,000 UTF-16 units takes 24 KB: more than a quarter of the bound.
    history.appendAt(0, encodeMessage(FullMessage {0, QString(12000, u'a')}));
    QVERIFY(history.isSuspended());
    QCOMPARE(history.byteCount(), 0);
    QVERIFY(!history.firstPoint());
    MemoryTextDocument document(QString(12000, u'a'));
    ContentChangeEvent event;
    event.changes.append(makeTextChange(document, 0, 0, QStringLiteral("b")));
    history.appendAt(1, encodeMessage(DeltaMessage {0, {event}}));
    QCOMPARE(history.byteCount(), 0);

    history.appendAt(2, encodeMessage(FullMessage {5, QStringLiteral("small")}));
    QVERIFY(!history.isSuspended());
    QCOMPARE(history.documentAtVersion(4), std::optional<QString>(QStringLiteral("small")));
    QCOMPARE(history.documentAtTime(2.0), std::optional<QString>(QStringLiteral("small")));
    QVERIFY(history.byteCount() > 0);
    QVERIFY(history.byteCount() <= history.maxBytes());
}

void tst_LiveHistory::largeDocument_nearAQuarterOfTheBound_isKeptWithinTheBound()
{
    // A copy of the start text takes about 16 KB of the 80 KB bound; fulls come in parts.
    TypingWriter writer(41, QString(8000, u'y'));
    constexpr qint64 bound = 80 * 1024;
    LiveHistory history(bound);
    history.setKeyframeInterval(1000);
    for (int round = 0; round < 10; ++round) {
        writer.type(100, 1000000);
        for (const auto &[time, data] : writer.takeMessages()) {
            history.appendAt(time, data);
            QVERIFY2(history.byteCount() <= bound,
                     qPrintable(QStringLiteral("%1 bytes").arg(history.byteCount())));
            QVERIFY(!history.isSuspended());
        }
    }
    QVERIFY(history.droppedParts() > 0);
    const auto first = history.firstPoint();
    QVERIFY(first);
    for (qint64 v = first->version; v <= writer.expected().lastKey(); ++v)
        QCOMPARE(history.documentAtVersion(v), std::optional<QString>(writer.expected().value(v)));
}

void tst_LiveHistory::maxBytes_zeroKeepsNothing_loweringDropsAtOnce()
{
    TypingWriter writer(31);
    LiveHistory history;
    history.setKeyframeInterval(4000);
    writer.type(3000, 1000000);
    for (const auto &[time, data] : writer.takeMessages())
        history.appendAt(time, data);
    const qint64 before = history.byteCount();
    QVERIFY2(before > 100 * 1024, qPrintable(QString::number(before)));
    history.setMaxBytes(before / 2);
    // The history was one part: it starts again from a keyframe of its end.
    QVERIFY(history.byteCount() <= before / 2);
    QCOMPARE(history.textAt(*history.firstPoint()), std::optional<QString>(writer.text()));

    history.setMaxBytes(0);
    QCOMPARE(history.byteCount(), 0);
    writer.type(30);
    for (const auto &[time, data] : writer.takeMessages())
        history.appendAt(time, data);
    QCOMPARE(history.byteCount(), 0);
    QVERIFY(!history.firstPoint());

    // Turned on again, it starts with the next full.
    history.setMaxBytes(defaultLiveHistoryBytes);
    history.appendAt(writer.time(),
                     encodeMessage(FullMessage {writer.expected().lastKey() + 1, writer.text()}));
    writer.type(30);
    for (const auto &[time, data] : writer.takeMessages())
        history.appendAt(time, data);
    QCOMPARE(history.textAt(*history.lastPoint()), std::optional<QString>(writer.text()));
}

void tst_LiveHistory::garbageAndOtherMessages_areIgnored()
{
    LiveHistory history;
    history.appendAt(0, QJsonObject {{QStringLiteral("type"), QStringLiteral("files")}});
    history.appendAt(0,
                     QJsonObject {{QStringLiteral("type"), QStringLiteral("delta")},
                                  {QStringLiteral("version"), -4}});
    history.appendAt(0,
                     QJsonObject {{QStringLiteral("type"), QStringLiteral("presence")},
                                  {QStringLiteral("watchers"), 3}});
    history.appendAt(0, QJsonObject {});
    history.appendAt(std::nan(""), encodeMessage(FullMessage {0, QStringLiteral("abc")}));
    QCOMPARE(history.stepCount(), 1);
    QCOMPARE(history.documentAtVersion(-1), std::optional<QString>(QStringLiteral("abc")));
    // A delta that does not fit: the document is unknown from there until the next full.
    ContentChangeEvent event;
    event.changes.append(TextChange {{5, 1, 5, 1}, 100, 0, QStringLiteral("x")});
    history.appendAt(1, encodeMessage(DeltaMessage {0, {event}}));
    QVERIFY(!history.documentAtTime(1.5));
    QVERIFY(history.documentAtTime(0.5));
    history.appendAt(2, encodeMessage(FullMessage {3, QStringLiteral("def")}));
    QCOMPARE(history.documentAtTime(2), std::optional<QString>(QStringLiteral("def")));
}

void tst_LiveHistory::cursorFlood_staysWithinBound()
{
    constexpr qint64 bound = 64 * 1024;
    LiveHistory history(bound);
    history.appendAt(0, encodeMessage(FullMessage {0, QStringLiteral("abc\ndef\n")}));
    for (int i = 0; i < 20000; ++i) {
        history.appendAt(i * 0.001, encodeMessage(CursorMessage {0, {Selection {1, 1, 2, 2}}}));
        QVERIFY(history.byteCount() <= bound);
    }
    QVERIFY(history.droppedParts() > 0);
    QCOMPARE(history.documentAtTime(history.lastTime()),
             std::optional<QString>(QStringLiteral("abc\ndef\n")));
}

void tst_LiveHistory::pointAtStaleOrCleared_givesNothing()
{
    LiveHistory history;
    history.appendAt(0, encodeMessage(FullMessage {0, QStringLiteral("abc")}));
    const auto point = history.pointAtVersion(-1);
    QVERIFY(point);
    HistoryPoint wrong = *point;
    wrong.step = 7;
    QVERIFY(!history.textAt(wrong));
    history.clear();
    QVERIFY(!history.textAt(*point));
    QVERIFY(!history.firstPoint());
    QCOMPARE(history.byteCount(), 0);
    QVERIFY(history.elapsed() < 60);
}

QTEST_GUILESS_MAIN(tst_LiveHistory)
#include "tst_livehistory.moc"
