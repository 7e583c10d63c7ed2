#include "stream/memorytextdocument.h"
#include "stream/recorder.h"
#include "stream/recording.h"
#include "stream/recordingreader.h"
#include "stream/writersession.h"

#include "randomedits.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace stream;

namespace {

const QByteArray headerLine = R"({"cscast":1,"title":"a.txt","language":"plaintext"})";

QByteArray eventLine(double t, const StreamMessage &message)
{
    const QJsonObject payload = encodeMessage(message);
    return QJsonDocument(QJsonArray {t, payload.value(QLatin1String("type")), payload})
        .toJson(QJsonDocument::Compact);
}

// A delta that inserts `text` at offset `offset` of `document` (and applies it there).
DeltaMessage insertDelta(MemoryTextDocument &document, qint64 version, qsizetype offset,
                         const QString &text)
{
    ContentChangeEvent event;
    event.changes.append(makeTextChange(document, offset, 0, text));
    event.versionId = version + 1;
    document.replace(offset, 0, text);
    return DeltaMessage {version, {event}};
}

util::Expected<Recording, QString> readBytes(const QByteArray &bytes, qint64 maxLine = 0)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    RecordingReader reader;
    if (maxLine > 0)
        reader.setMaxLineBytes(maxLine);
    return reader.read(&buffer);
}

bool hasWarning(const Recording &recording, const QString &fragment)
{
    for (const QString &warning : recording.warnings())
        if (warning.contains(fragment))
            return true;
    return false;
}

// Lines 1 (header), 2 (full "abc" at version 0), 3…12 (deltas 0…9 appending the digits).
QList<QByteArray> simpleLines()
{
    QList<QByteArray> lines {headerLine};
    MemoryTextDocument document(QStringLiteral("abc"));
    lines.append(eventLine(0.5, FullMessage {0, QStringLiteral("abc")}));
    for (int v = 0; v < 10; ++v)
        lines.append(
            eventLine(1.0 + v, insertDelta(document, v, document.length(), QString::number(v))));
    return lines;
}

QByteArray joined(const QList<QByteArray> &lines)
{
    QByteArray bytes;
    for (const QByteArray &line : lines)
        bytes += line + '\n';
    return bytes;
}

} // namespace

class tst_Recording : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void header_roundTrip_keepsEveryField();
    void header_garbageOrNewerVersion_isRefused_data();
    void header_garbageOrNewerVersion_isRefused();
    void recorder_writerSessionStream_readsBackEveryVersion();
    void reader_simpleStream_versionsAndTimes();
    void reader_truncatedLastLine_loadsUpToDamageWithWarningNamingLine();
    void reader_lastLineWithoutLineEnd_isKept();
    void reader_garbageLine_stopsThereWithWarning_data();
    void reader_garbageLine_stopsThereWithWarning();
    void reader_overlongLine_isDamageWithoutReadingIt();
    void reader_duplicateVersion_warnsAndIgnores();
    void reader_outOfOrderDeltas_areAppliedInVersionOrder();
    void reader_deltaThatDoesNotApply_documentUnknownUntilNextFull();
    void reader_fullInParts_isAssembled();
    void reader_missingVersionAtEnd_warns();
    void recorder_fullDisk_reportsErrorOnce();
    void recorder_notRecordedTypes_areSkipped();
    void recorder_stalledDisk_recordNeverWaits();
    void reader_manyDivergences_warningsAndRangesStayShort();
};

void tst_Recording::header_roundTrip_keepsEveryField()
{
    RecordingHeader header;
    header.title = QStringLiteral("main.cpp");
    header.language = QStringLiteral("cpp");
    header.startTime = QDateTime(QDate(2026, 12, 1), QTime(17, 46, 39, 123), Qt::UTC);
    header.appVersion = QStringLiteral("codestream-cli 1.0");
    const QByteArray line = header.toJsonLine();
    QVERIFY(line.contains("\"start\":\"2026-12-01T17:46:39.123Z\""));
    auto parsed = RecordingHeader::fromJsonLine(line);
    QVERIFY(parsed);
    QCOMPARE(*parsed, header);
}

void tst_Recording::header_garbageOrNewerVersion_isRefused_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("error");
    QTest::newRow("garbage") << QByteArray("\x01\x02zz") << QStringLiteral("not a recording");
    QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a recording");
    QTest::newRow("no version") << QByteArray("{\"title\":\"x\"}")
                                << QStringLiteral("not a recording");
    QTest::newRow("newer") << QByteArray("{\"cscast\":2}") << QStringLiteral("newer");
    QTest::newRow("huge version") << QByteArray("{\"cscast\":1e300}")
                                  << QStringLiteral("invalid format version");
    QTest::newRow("bad start") << QByteArray("{\"cscast\":1,\"start\":\"yesterday\"}")
                               << QStringLiteral("start time");
    QTest::newRow("title type") << QByteArray("{\"cscast\":1,\"title\":5}")
                                << QStringLiteral("wrong type");
}

void tst_Recording::header_garbageOrNewerVersion_isRefused()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, error);
    auto recording = readBytes(line + "\n" + eventLine(0, FullMessage {0, QStringLiteral("x")}));
    QVERIFY(!recording);
    QVERIFY2(recording.error().contains(error), qPrintable(recording.error()));
    QVERIFY(!readBytes(QByteArray()));
}

void tst_Recording::recorder_writerSessionStream_readsBackEveryVersion()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("session.cscast"));
    MemoryTextDocument document(QStringLiteral("start\r\n"));
    WriterSession session(&document);
    session.setFlushInterval(1000000);
    session.setMaxMessageBytes(4000);
    Recorder recorder;
    recorder.setFlushInterval(20);
    QSignalSpy errors(&recorder, &Recorder::errorOccurred);
    RecordingHeader header;
    header.title = QStringLiteral("start.txt");
    QVERIFY(recorder.open(path, header));
    double t = 0;
    connect(&session, &WriterSession::messageReady, &recorder,
            [&](const QJsonObject &data) { recorder.recordAt(t, data); });
    recorder.recordAt(0, encodeMessage(FullMessage {0, document.text()}));

    QRandomGenerator random(99);
    QMap<qint64, QString> expected;
    expected.insert(-1, document.text());
    for (int i = 0; i < 600; ++i) {
        const auto e
            = streamtest::randomEdit(random, document.text(), random.bounded(40) == 0 ? 3000 : 12);
        session.recordChange(makeTextChange(document, e.offset, e.length, e.text));
        document.replace(e.offset, e.length, e.text);
        if (random.bounded(3) == 0) {
            t += 0.01;
            session.flush();
            if (session.nextVersion() > 0)
                expected.insert(session.nextVersion() - 1, document.text());
        }
    }
    t += 0.01;
    session.flush();
    expected.insert(session.nextVersion() - 1, document.text());
    recorder.close();
    QCOMPARE(errors.count(), 0);

    RecordingReader reader;
    reader.setKeyframeInterval(8000);
    auto recording = reader.readFile(path);
    QVERIFY2(recording, qPrintable(recording ? QString() : recording.error()));
    QVERIFY2(recording->warnings().isEmpty(), qPrintable(recording->warnings().join(u'\n')));
    QCOMPARE(recording->header().title, QStringLiteral("start.txt"));
    QVERIFY(recording->header().startTime.isValid());
    QVERIFY(recording->keyframeCount() > 3);
    QCOMPARE(recording->versionRanges().size(), 1);
    QCOMPARE(recording->versionRanges().first().first, -1);
    QCOMPARE(recording->versionRanges().first().last, session.nextVersion() - 1);
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QCOMPARE(recording->documentAtVersion(it.key()), std::optional<QString>(it.value()));
    QCOMPARE(recording->finalDocument(), std::optional<QString>(document.text()));
    // Every version, not only the flushed ones, is rebuilt the same way from any keyframe.
    for (qint64 v = 0; v < session.nextVersion(); ++v)
        QVERIFY(recording->documentAtVersion(v).has_value());
}

void tst_Recording::reader_simpleStream_versionsAndTimes()
{
    auto recording = readBytes(joined(simpleLines()));
    QVERIFY(recording);
    QVERIFY(recording->warnings().isEmpty());
    QCOMPARE(recording->eventCount(), 11);
    QCOMPARE(recording->duration(), 10.0);
    QCOMPARE(recording->documentAtVersion(-1), std::optional<QString>(QStringLiteral("abc")));
    QCOMPARE(recording->documentAtVersion(3), std::optional<QString>(QStringLiteral("abc0123")));
    QVERIFY(!recording->documentAtVersion(10));
    QVERIFY(!recording->documentAtVersion(-2));
    QVERIFY(!recording->documentAtTime(0.4));
    QCOMPARE(recording->documentAtTime(0.5), std::optional<QString>(QStringLiteral("abc")));
    QCOMPARE(recording->documentAtTime(2.99), std::optional<QString>(QStringLiteral("abc01")));
    QCOMPARE(recording->documentAtTime(3.0), std::optional<QString>(QStringLiteral("abc012")));
    QCOMPARE(recording->documentAtTime(10.0),
             std::optional<QString>(QStringLiteral("abc0123456789")));
    QVERIFY(!recording->documentAtTime(10.5));
    QCOMPARE(recording->describeRanges(), QStringLiteral("versions -1–9, times 0.500–10.000 s"));
}

void tst_Recording::reader_truncatedLastLine_loadsUpToDamageWithWarningNamingLine()
{
    QByteArray bytes = joined(simpleLines());
    bytes.chop(7); // line 12 loses its end: "…]}]\n" and a few characters of JSON
    auto recording = readBytes(bytes);
    QVERIFY(recording);
    QCOMPARE(recording->warnings().size(), 1);
    QVERIFY2(recording->warnings().first().startsWith(QLatin1String("line 12: cut short")),
             qPrintable(recording->warnings().first()));
    QCOMPARE(recording->finalDocument(), std::optional<QString>(QStringLiteral("abc012345678")));
    QCOMPARE(recording->versionRanges().last().last, 8);
}

void tst_Recording::reader_lastLineWithoutLineEnd_isKept()
{
    QByteArray bytes = joined(simpleLines());
    bytes.chop(1);
    auto recording = readBytes(bytes);
    QVERIFY(recording);
    QVERIFY(recording->warnings().isEmpty());
    QCOMPARE(recording->finalDocument(), std::optional<QString>(QStringLiteral("abc0123456789")));
}

void tst_Recording::reader_garbageLine_stopsThereWithWarning_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("warning");
    QTest::newRow("garbage") << QByteArray("\xff\xfe{[") << QStringLiteral("not valid JSON");
    QTest::newRow("object") << QByteArray("{}") << QStringLiteral("not a [t, kind, payload]");
    QTest::newRow("two elements") << QByteArray("[1,\"delta\"]")
                                  << QStringLiteral("not a [t, kind, payload]");
    QTest::newRow("negative time")
        << QByteArray("[-1,\"meta\",{\"type\":\"meta\"}]") << QStringLiteral("not a number");
    QTest::newRow("time backwards")
        << QByteArray("[3.5,\"meta\",{\"type\":\"meta\"}]") << QStringLiteral("backwards");
    QTest::newRow("kind number") << QByteArray("[6,5,{}]") << QStringLiteral("kind is not");
    QTest::newRow("kind mismatch")
        << QByteArray("[6,\"full\",{\"type\":\"meta\"}]") << QStringLiteral("differs");
    QTest::newRow("invalid delta")
        << QByteArray("[6,\"delta\",{\"type\":\"delta\",\"version\":-4,\"changes\":[]}]")
        << QStringLiteral("invalid delta message");
}

void tst_Recording::reader_garbageLine_stopsThereWithWarning()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, warning);
    QList<QByteArray> lines = simpleLines();
    lines.insert(6, line); // after delta 3 (line 6), at t = 5: becomes line 7
    auto recording = readBytes(joined(lines));
    QVERIFY(recording);
    QCOMPARE(recording->warnings().size(), 1);
    QVERIFY2(recording->warnings().first().startsWith(QLatin1String("line 7: ")),
             qPrintable(recording->warnings().first()));
    QVERIFY2(recording->warnings().first().contains(warning),
             qPrintable(recording->warnings().first()));
    QCOMPARE(recording->finalDocument(), std::optional<QString>(QStringLiteral("abc0123")));
}

void tst_Recording::reader_overlongLine_isDamageWithoutReadingIt()
{
    QList<QByteArray> lines = simpleLines();
    lines.insert(4, eventLine(2.5, FullMessage {2, QString(5000, u'x')}));
    auto recording = readBytes(joined(lines), 1000);
    QVERIFY(recording);
    QCOMPARE(recording->warnings().size(), 1);
    QVERIFY2(recording->warnings().first().startsWith(QLatin1String("line 5: longer than 1000")),
             qPrintable(recording->warnings().first()));
    QCOMPARE(recording->finalDocument(), std::optional<QString>(QStringLiteral("abc01")));

    // The same without a line end anywhere: the reader stops after the limit.
    QByteArray endless = headerLine + '\n' + QByteArray(100000, '[');
    recording = readBytes(endless, 1000);
    QVERIFY(recording);
    QVERIFY(hasWarning(*recording, QStringLiteral("line 2: longer than 1000")));
    QCOMPARE(recording->stepCount(), 0);
}

void tst_Recording::reader_duplicateVersion_warnsAndIgnores()
{
    QList<QByteArray> lines = simpleLines();
    MemoryTextDocument other(QStringLiteral("abc"));
    lines.insert(6, eventLine(4.5, insertDelta(other, 1, 0, QStringLiteral("zz"))));
    auto recording = readBytes(joined(lines));
    QVERIFY(recording);
    QCOMPARE(recording->warnings().size(), 1);
    QVERIFY2(recording->warnings().first().contains(QLatin1String("line 7: delta 1 comes after "
                                                                  "version 3 (out of order)")),
             qPrintable(recording->warnings().first()));
    QCOMPARE(recording->finalDocument(), std::optional<QString>(QStringLiteral("abc0123456789")));
}

void tst_Recording::reader_outOfOrderDeltas_areAppliedInVersionOrder()
{
    QList<QByteArray> lines = simpleLines();
    // Deltas 2 (line 5) and 3 (line 6) swapped; times must not decrease, so both at t = 3.
    QByteArray delta2 = lines.at(4);
    QByteArray delta3 = lines.at(5);
    delta2.replace("[3,", "[4,");
    lines[4] = delta3;
    lines[5] = delta2;
    auto recording = readBytes(joined(lines));
    QVERIFY(recording);
    QVERIFY2(recording->warnings().isEmpty(), qPrintable(recording->warnings().join(u'\n')));
    QCOMPARE(recording->documentAtVersion(3), std::optional<QString>(QStringLiteral("abc0123")));
    QCOMPARE(recording->step(*recording->stepForVersion(2)).time, 4.0);
    QCOMPARE(recording->step(*recording->stepForVersion(2)).line, 6);
    QCOMPARE(recording->finalDocument(), std::optional<QString>(QStringLiteral("abc0123456789")));
}

void tst_Recording::reader_deltaThatDoesNotApply_documentUnknownUntilNextFull()
{
    QList<QByteArray> lines = simpleLines();
    MemoryTextDocument other(QString(500, u'y'));
    const DeltaMessage bad = insertDelta(other, 4, 400, QStringLiteral("!"));
    lines[6] = eventLine(5, bad); // line 7: delta 4 against another document
    lines.insert(9, eventLine(7.5, FullMessage {7, QStringLiteral("abc0123456")})); // line 10
    auto recording = readBytes(joined(lines));
    QVERIFY(recording);
    QVERIFY2(hasWarning(*recording,
                        QStringLiteral("line 7: delta 4 does not apply (a range is "
                                       "outside the document)")),
             qPrintable(recording->warnings().join(u'\n')));
    QCOMPARE(recording->documentAtVersion(3), std::optional<QString>(QStringLiteral("abc0123")));
    QVERIFY(!recording->documentAtVersion(4));
    QVERIFY(!recording->documentAtVersion(5));
    QVERIFY(!recording->documentAtTime(6.0));
    QCOMPARE(recording->documentAtTime(4.9), std::optional<QString>(QStringLiteral("abc0123")));
    QCOMPARE(recording->documentAtVersion(6), std::optional<QString>(QStringLiteral("abc0123456")));
    QCOMPARE(recording->documentAtTime(7.5), std::optional<QString>(QStringLiteral("abc0123456")));
    // Deltas 5 and 6 (lines 8, 9) came while the document was unknown; 7…9 apply to the full.
    QCOMPARE(recording->finalDocument(), std::optional<QString>(QStringLiteral("abc0123456789")));
    QCOMPARE(recording->versionRanges().size(), 2);
    QVERIFY(recording->describeRanges().startsWith(QStringLiteral("versions -1–3, 6–9")));
}

void tst_Recording::reader_fullInParts_isAssembled()
{
    QList<QByteArray> lines {headerLine};
    FullMessage part0 {5, QStringLiteral("hello ")};
    part0.part = 0;
    part0.parts = 2;
    FullMessage part1 {5, QStringLiteral("wörld 😀")};
    part1.part = 1;
    part1.parts = 2;
    lines.append(eventLine(1, part1));
    lines.append(eventLine(2, part0));
    auto recording = readBytes(joined(lines));
    QVERIFY(recording);
    QVERIFY(recording->warnings().isEmpty());
    QCOMPARE(recording->documentAtVersion(4),
             std::optional<QString>(QStringLiteral("hello wörld 😀")));
    QCOMPARE(recording->step(0).time, 2.0);
    QVERIFY(!recording->documentAtTime(1.5));

    lines.removeLast();
    recording = readBytes(joined(lines));
    QVERIFY(recording);
    QVERIFY(hasWarning(*recording, QStringLiteral("incomplete: 1 of 2 parts")));
    QVERIFY(hasWarning(*recording, QStringLiteral("no document state")));
}

void tst_Recording::reader_missingVersionAtEnd_warns()
{
    QList<QByteArray> lines = simpleLines();
    lines.removeAt(5); // delta 3
    auto recording = readBytes(joined(lines));
    QVERIFY(recording);
    QVERIFY2(hasWarning(*recording,
                        QStringLiteral("version 3 is missing; 6 later deltas (from "
                                       "line 6)")),
             qPrintable(recording->warnings().join(u'\n')));
    QCOMPARE(recording->finalDocument(), std::optional<QString>(QStringLiteral("abc012")));
}

void tst_Recording::recorder_fullDisk_reportsErrorOnce()
{
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full");
    Recorder recorder;
    recorder.setFlushInterval(10);
    QSignalSpy errors(&recorder, &Recorder::errorOccurred);
    QVERIFY(recorder.open(QStringLiteral("/dev/full"), RecordingHeader()));
    recorder.record(encodeMessage(FullMessage {0, QStringLiteral("x")}));
    QTRY_COMPARE(errors.count(), 1);
    recorder.record(encodeMessage(FullMessage {1, QStringLiteral("y")}));
    recorder.flush();
    QTest::qWait(100);
    QCOMPARE(errors.count(), 1);
    QVERIFY(errors.first().first().toString().contains(QLatin1String("cannot write")));

    // An error found while close() writes the rest is reported before close() returns.
    Recorder closing;
    closing.setFlushInterval(60000);
    QSignalSpy closingErrors(&closing, &Recorder::errorOccurred);
    QVERIFY(closing.open(QStringLiteral("/dev/full"), RecordingHeader()));
    closing.record(encodeMessage(FullMessage {0, QStringLiteral("x")}));
    closing.close();
    QCOMPARE(closingErrors.count(), 1);

    Recorder unwritable;
    QVERIFY(!unwritable.open(QStringLiteral("/nonexistent-dir/x.cscast"), RecordingHeader()));
    QVERIFY(!unwritable.errorString().isEmpty());
}

void tst_Recording::recorder_notRecordedTypes_areSkipped()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.cscast"));
    Recorder recorder;
    QVERIFY(recorder.open(path, RecordingHeader()));
    recorder.recordAt(0.25, encodeMessage(FullMessage {0, QStringLiteral("a\r\nb")}));
    recorder.recordAt(0.5, encodeMessage(PresenceMessage {3}));
    recorder.recordAt(0.75, encodeMessage(SyncRequest {}));
    recorder.recordAt(1.0, encodeMessage(MetaMessage {QStringLiteral("go"), QStringLiteral("m")}));
    recorder.close();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 4); // header, full, meta, and the empty rest after the last line end
    QCOMPARE(lines.at(1),
             QByteArray(R"([0.25,"full",{"content":"a\r\nb","type":"full","version":0}])"));
    QCOMPARE(lines.at(3), QByteArray());
    auto recording = RecordingReader().readFile(path);
    QVERIFY(recording);
    QCOMPARE(recording->metas().size(), 1);
    QCOMPARE(recording->metas().first().second.language, QStringLiteral("go"));
}

void tst_Recording::recorder_stalledDisk_recordNeverWaits()
{
    // A pipe whose reader does not read until the test lets it stands for a disk that does not
    // take writes. If record() waited for the disk, the loop below would never end (the test
    // times out); no clock decides.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fifo = dir.filePath(QStringLiteral("disk"));
    const QString copy = dir.filePath(QStringLiteral("copy.cscast"));
    const QString go = dir.filePath(QStringLiteral("go"));
    if (::mkfifo(QFile::encodeName(fifo).constData(), 0600) != 0)
        QSKIP("mkfifo failed");
    QProcess reader;
    reader.start(QStringLiteral("sh"),
                 {QStringLiteral("-c"),
                  QStringLiteral("exec 3<\"$1\"; while [ ! -e \"$3\" ]; do sleep 0.05; done; "
                                 "cat <&3 >\"$2\""),
                  QStringLiteral("sh"), fifo, copy, go});
    QVERIFY(reader.waitForStarted(10000));

    Recorder recorder;
    recorder.setFlushInterval(10);
    QSignalSpy errors(&recorder, &Recorder::errorOccurred);
    QVERIFY(recorder.open(fifo, RecordingHeader()));
    recorder.recordAt(0, encodeMessage(FullMessage {0, QString()}));
    MemoryTextDocument document;
    QElapsedTimer stalled;
    stalled.start();
    qint64 slowest = 0;
    constexpr int count = 20000; // about 6 MB: far more than the pipe holds
    for (int v = 0; v < count; ++v) {
        const QJsonObject message = encodeMessage(insertDelta(
            document, v, document.length(), QStringLiteral("line %1 héllo 😀\r\n").arg(v)));
        QElapsedTimer call;
        call.start();
        recorder.recordAt(0.001 * v, message);
        slowest = std::max(slowest, call.nsecsElapsed());
    }
    qInfo("%d messages recorded in %lld ms while the disk stalled; slowest record() %lld us", count,
          stalled.elapsed(), slowest / 1000);
    QVERIFY(reader.state() == QProcess::Running); // the disk is still stalled
    QVERIFY(!QFileInfo::exists(copy));
    QFile goFile(go);
    QVERIFY(goFile.open(QIODevice::WriteOnly));
    goFile.close();
    recorder.close(); // waits for the disk
    QVERIFY(reader.waitForFinished(30000));
    QCOMPARE(errors.count(), 0);
    auto recording = RecordingReader().readFile(copy);
    QVERIFY(recording);
    QVERIFY(recording->warnings().isEmpty());
    QCOMPARE(recording->eventCount(), count + 1);
    QCOMPARE(recording->finalDocument(), std::optional<QString>(document.text()));
}

void tst_Recording::reader_manyDivergences_warningsAndRangesStayShort()
{
    QList<QByteArray> lines {headerLine};
    MemoryTextDocument elsewhere(QString(100, u'z'));
    const DeltaMessage bad = insertDelta(elsewhere, 0, 90, QStringLiteral("?"));
    for (int i = 0; i < 150; ++i) {
        lines.append(eventLine(i, FullMessage {2 * i, QStringLiteral("a")}));
        DeltaMessage delta = bad;
        delta.version = 2 * i;
        lines.append(eventLine(i + 0.5, delta));
    }
    auto recording = readBytes(joined(lines));
    QVERIFY(recording);
    QCOMPARE(recording->warnings().size(), 101);
    QCOMPARE(recording->warnings().last(), QStringLiteral("… and 50 more warnings"));
    QCOMPARE(recording->versionRanges().size(), 150);
    const QString ranges = recording->describeRanges();
    QVERIFY2(ranges.startsWith(QStringLiteral("versions -1, 1, 3, 5, 7, 9, 11, 13, and 142 more, "
                                              "times 0.000–0.500, 1.000–1.500")),
             qPrintable(ranges));
    QVERIFY(ranges.size() < 300);
}

QTEST_GUILESS_MAIN(tst_Recording)
#include "tst_recording.moc"
