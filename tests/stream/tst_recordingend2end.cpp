#include "server/embeddedserver.h"
#include "stream/memorytextdocument.h"
#include "stream/recorder.h"
#include "stream/recordingreader.h"
#include "stream/streamwriter.h"
#include "stream/writersession.h"

#include "cliprocess.h"
#include "nodeprocess.h"
#include "randomedits.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace stream;

using namespace clitest;

namespace {

// Runs `codestream-cli replay` and returns its exit code, stdout in `output`.
int replay(const QStringList &args, QByteArray *output, QByteArray *error = nullptr)
{
    QProcess process;
    process.start(cliPath(), QStringList {QStringLiteral("replay")} + args);
    if (!process.waitForFinished(30000))
        return -1;
    *output = process.readAllStandardOutput();
    if (error)
        *error = process.readAllStandardError();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

// One editor event of two changes, the later one first (docs/protocol.md §4), applied to
// `document` and reported to `writer`. False when the two could not be combined safely.
bool multiChangeEvent(QRandomGenerator &random, MemoryTextDocument &document, StreamWriter &writer)
{
    const QString text = document.text();
    auto later = streamtest::randomEdit(random, text);
    auto earlier = streamtest::randomEdit(random, text);
    if (earlier.offset > later.offset)
        std::swap(earlier, later);
    earlier.length = std::min(earlier.length, later.offset - earlier.offset);
    // A later change that joins a "\r" before it with a "\n" would move the end of the earlier
    // change inside a line break pair.
    if (earlier.offset + earlier.length == later.offset && later.offset > 0
        && text.at(later.offset - 1) == u'\r')
        return false;
    ContentChangeEvent event;
    event.changes.append(makeTextChange(document, later.offset, later.length, later.text));
    event.changes.append(makeTextChange(document, earlier.offset, earlier.length, earlier.text));
    document.replace(later.offset, later.length, later.text);
    document.replace(earlier.offset, earlier.length, earlier.text);
    writer.recordEvent(event);
    return true;
}

} // namespace

class tst_RecordingEndToEnd : public QObject
{
    Q_OBJECT

private slots:
    void watchRecord_randomEdits_replayMatchesWriterAtEveryVersion();
    void streamRecord_followedFile_replayEndsWithFile();
    void replay_usage_exitCodes();
    void replayServe_stockSocketIoWatcher_endsByteEqual();
    void replayServe_encrypted_watcherWithKeyEndsByteEqual();
};

void tst_RecordingEndToEnd::watchRecord_randomEdits_replayMatchesWriterAtEveryVersion()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString rec = dir.filePath(QStringLiteral("session.cscast"));
    const QString out = dir.filePath(QStringLiteral("out.txt"));
    server::EmbeddedServerOptions options;
    options.port = 0;
    server::EmbeddedServer server(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));

    MemoryTextDocument document(QStringLiteral("// start\r\nint main() {}\n"));
    StreamWriter writer(&document);
    writer.setFlushInterval(1000000); // deltas go out only on flush(): every version is known
    writer.setMeta(QStringLiteral("cpp"), QStringLiteral("main.cpp"));
    QSignalSpy errors(&writer, &StreamWriter::errorOccurred);
    writer.start(server.origin());
    QTRY_COMPARE_WITH_TIMEOUT(writer.connectionState(), ConnectionState::Connected, 20000);

    QProcess watcher;
    watcher.setProcessChannelMode(QProcess::ForwardedOutputChannel);
    watcher.start(cliPath(),
                  {QStringLiteral("watch"), writer.shareLink().toString(),
                   QStringLiteral("--record"), rec, QStringLiteral("--output"), out});
    QVERIFY(watcher.waitForStarted(10000));
    QTRY_COMPARE_WITH_TIMEOUT(readAll(out), document.text().toUtf8(), 20000);

    QRandomGenerator random(1414);
    QMap<qint64, QString> expected;
    QMap<qint64, double> sentAt;
    QElapsedTimer clock;
    clock.start();
    int multiChangeEvents = 0;
    for (int i = 0; i < 2400; ++i) {
        if (random.bounded(4) == 0 && multiChangeEvent(random, document, writer)) {
            ++multiChangeEvents;
        } else {
            const auto e = streamtest::randomEdit(random, document.text(),
                                                  random.bounded(60) == 0 ? 600 : 12);
            writer.recordChange(makeTextChange(document, e.offset, e.length, e.text));
            document.replace(e.offset, e.length, e.text);
        }
        if (document.length() > 12000) {
            writer.recordChange(makeTextChange(document, 0, 6000, QString()));
            document.replace(0, 6000, QString());
        }
        if (random.bounded(3) == 0) {
            writer.flush();
            expected.insert(writer.nextVersion() - 1, document.text());
            sentAt.insert(writer.nextVersion() - 1, clock.elapsed() / 1000.0);
            QTest::qWait(2 + random.bounded(8));
        }
    }
    writer.flush();
    expected.insert(writer.nextVersion() - 1, document.text());
    const qint64 lastVersion = writer.nextVersion() - 1;
    QTRY_VERIFY_WITH_TIMEOUT(readAll(out) == document.text().toUtf8(), 30000);
    terminate(watcher);
    QCOMPARE(watcher.exitCode(), 0);
    QCOMPARE(errors.count(), 0);
    qInfo("%d edits (%d multi-change events), %lld deltas, %lld versions saved, %.1f s", 2400,
          multiChangeEvents, lastVersion + 1, qint64(expected.size()), clock.elapsed() / 1000.0);

    // In process: every saved version.
    RecordingReader reader;
    reader.setKeyframeInterval(64 * 1024);
    auto recording = reader.readFile(rec);
    QVERIFY2(recording, qPrintable(recording ? QString() : recording.error()));
    QVERIFY2(recording->warnings().isEmpty(), qPrintable(recording->warnings().join(u'\n')));
    QVERIFY(recording->keyframeCount() > 2);
    QCOMPARE(recording->versionRanges().size(), 1);
    QCOMPARE(recording->versionRanges().first().last, lastVersion);
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QVERIFY2(recording->documentAtVersion(it.key()) == it.value(),
                 qPrintable(QStringLiteral("version %1").arg(it.key())));
    // Receive times follow the writer's clock.
    const qint64 firstSaved = sentAt.firstKey();
    const double recordedSpan = recording->step(*recording->stepForVersion(sentAt.lastKey())).time
        - recording->step(*recording->stepForVersion(firstSaved)).time;
    const double sentSpan = sentAt.last() - sentAt.first();
    QVERIFY2(qAbs(recordedSpan - sentSpan) < 0.5,
             qPrintable(QStringLiteral("%1 vs %2").arg(recordedSpan).arg(sentSpan)));

    // Through the command line: versions spread over the stream, times between two steps, the
    // end.
    QByteArray text;
    QByteArray log;
    const QList<qint64> versions = expected.keys();
    for (int i = 0; i < 12; ++i) {
        const qint64 version = versions.at(i * (versions.size() - 1) / 11);
        QCOMPARE(replay({rec, QStringLiteral("--version"), QString::number(version)}, &text), 0);
        QVERIFY2(text == expected.value(version).toUtf8(),
                 qPrintable(QStringLiteral("version %1").arg(version)));
    }
    int timeChecks = 0;
    for (int i = 0; i < versions.size() && timeChecks < 8; i += versions.size() / 16) {
        const qint64 version = versions.at(i);
        const qsizetype step = *recording->stepForVersion(version);
        if (step + 1 >= recording->stepCount())
            continue;
        const double from = recording->step(step).time;
        const double to = recording->step(step + 1).time;
        if (to - from < 0.002)
            continue;
        const QString at = QString::number((from + to) / 2, 'f', 6);
        QCOMPARE(replay({rec, QStringLiteral("--time"), at}, &text, &log), 0);
        QVERIFY2(text == expected.value(version).toUtf8(), qPrintable(at));
        QVERIFY2(log.contains(QByteArray("version " + QByteArray::number(version) + " at")),
                 log.constData());
        ++timeChecks;
    }
    QVERIFY(timeChecks >= 4);
    QCOMPARE(
        replay({rec, QStringLiteral("--output"), dir.filePath(QStringLiteral("end.txt"))}, &text),
        0);
    QCOMPARE(readAll(dir.filePath(QStringLiteral("end.txt"))), document.text().toUtf8());
    QCOMPARE(
        replay({rec, QStringLiteral("--version"), QString::number(lastVersion + 1)}, &text, &log),
        2);
    QVERIFY2(log.contains(QByteArray("it holds versions -1–" + QByteArray::number(lastVersion))),
             log.constData());
}

void tst_RecordingEndToEnd::streamRecord_followedFile_replayEndsWithFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = dir.filePath(QStringLiteral("notes.py"));
    const QString rec = dir.filePath(QStringLiteral("writer.cscast"));
    QString text = QStringLiteral("def f():\r\n    return '😀'\n");
    {
        QFile file(source);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
    }
    QProcess streamer;
    streamer.start(cliPath(),
                   {QStringLiteral("stream"), source, QStringLiteral("--port"), QStringLiteral("0"),
                    QStringLiteral("--interval"), QStringLiteral("20"), QStringLiteral("--record"),
                    rec});
    QVERIFY(streamer.waitForStarted(10000));
    QByteArray shareLine;
    QTRY_VERIFY_WITH_TIMEOUT((shareLine += streamer.readAllStandardOutput()).contains("share: "),
                             20000);
    QRandomGenerator random(8);
    for (int round = 0; round < 10; ++round) {
        const auto edit = streamtest::randomEdit(random, text, 20);
        text.replace(edit.offset, edit.length, edit.text);
        QFile file(source);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text.toUtf8());
        file.close();
        QTest::qWait(120);
    }
    terminate(streamer);
    QCOMPARE(streamer.exitCode(), 0);
    auto recording = RecordingReader().readFile(rec);
    QVERIFY(recording);
    QVERIFY2(recording->warnings().isEmpty(), qPrintable(recording->warnings().join(u'\n')));
    QCOMPARE(recording->header().title, QStringLiteral("notes.py"));
    QCOMPARE(recording->header().language, QStringLiteral("python"));
    QCOMPARE(recording->step(0).time < 0.1, true);
    QCOMPARE(recording->step(0).version, -1);
    QCOMPARE(recording->finalDocument(), std::optional<QString>(text));
}

void tst_RecordingEndToEnd::replay_usage_exitCodes()
{
    QTemporaryDir dir;
    const QString rec = dir.filePath(QStringLiteral("r.cscast"));
    QFile file(rec);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
        "{\"cscast\":1}\n[1.5,\"full\",{\"type\":\"full\",\"version\":3,\"content\":\"x\"}]\n"
        "[2,\"meta\",{\"type\":\"meta\"}]\n[3,");
    file.close();
    QByteArray text;
    QByteArray log;
    QCOMPARE(replay({rec}, &text, &log), 0);
    QCOMPARE(text, QByteArray("x"));
    QVERIFY2(log.contains("warning: line 4: cut short"), log.constData());
    QCOMPARE(replay({rec, QStringLiteral("--time"), QStringLiteral("1")}, &text, &log), 2);
    QVERIFY2(log.contains("does not hold time 1 s; it holds versions 2, times 1.500–2.000 s"),
             log.constData());
    QCOMPARE(replay({rec, QStringLiteral("--version"), QStringLiteral("2"),
                     QStringLiteral("--time"), QStringLiteral("1")},
                    &text, &log),
             2);
    QVERIFY(log.contains("exclude each other"));
    QCOMPARE(replay({dir.filePath(QStringLiteral("none"))}, &text, &log), 1);
    QCOMPARE(replay({QStringLiteral("/dev/null")}, &text, &log), 1);
    QVERIFY2(log.contains("empty"), log.constData());
}

void tst_RecordingEndToEnd::replayServe_stockSocketIoWatcher_endsByteEqual()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString rec = dir.filePath(QStringLiteral("served.cscast"));
    const QString out = dir.filePath(QStringLiteral("node.txt"));
    MemoryTextDocument document(QStringLiteral("first\r\nsecond 😀\n"));
    {
        WriterSession session(&document);
        session.setFlushInterval(1000000);
        Recorder recorder;
        RecordingHeader header;
        header.title = QStringLiteral("served.txt");
        QVERIFY(recorder.open(rec, header));
        double t = 0;
        connect(&session, &WriterSession::messageReady, &recorder,
                [&](const QJsonObject &data) { recorder.recordAt(t, data); });
        recorder.recordAt(0, encodeMessage(FullMessage {0, document.text()}));
        QRandomGenerator random(77);
        for (int i = 0; i < 900; ++i) {
            const auto e = streamtest::randomEdit(random, document.text());
            session.recordChange(makeTextChange(document, e.offset, e.length, e.text));
            document.replace(e.offset, e.length, e.text);
            if (i % 3 == 0) {
                // One idle minute in the middle: served, it is shortened to 3 s.
                t += i == 450 ? 60.0 : 0.004;
                session.flush();
            }
        }
        t += 0.01;
        session.flush();
    }

    QElapsedTimer clock;
    clock.start();
    QProcess server;
    server.start(cliPath(),
                 {QStringLiteral("replay"), rec, QStringLiteral("--serve"),
                  QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--speed"),
                  QStringLiteral("2")});
    QVERIFY(server.waitForStarted(10000));
    QByteArray stdoutBytes;
    QTRY_VERIFY_WITH_TIMEOUT((stdoutBytes += server.readAllStandardOutput()).contains("\n"), 20000);
    QVERIFY2(stdoutBytes.startsWith("share: "), stdoutBytes.constData());
    const QUrl link(QString::fromUtf8(stdoutBytes.mid(7).trimmed()));
    QUrl origin = link;
    origin.setFragment(QString());
    origin.setPath(QString());

    NodeProcess node;
    QVERIFY(node.start(QStringLiteral("interop-peer.js"),
                       {QStringLiteral("watcher"), QStringLiteral("--origin"),
                        origin.toString(QUrl::RemoveFragment), QStringLiteral("--room"),
                        link.fragment(), QStringLiteral("--output"), out}));
    QVERIFY(!node.waitForLine(QStringLiteral("joined")).isNull());
    QTRY_VERIFY_WITH_TIMEOUT(readAll(out) == document.text().toUtf8(), 30000);
    QCOMPARE(readAll(out), document.text().toUtf8());
    // About 64 s recorded; at 2x with the idle minute shortened to 3 s it plays in about 2 s.
    QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
    terminate(server);
    QCOMPARE(server.exitCode(), 0);
    QVERIFY2(server.readAllStandardError().contains("replay: end of the recording"),
             "the replay did not reach its end");
}

void tst_RecordingEndToEnd::replayServe_encrypted_watcherWithKeyEndsByteEqual()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString rec = dir.filePath(QStringLiteral("sealed.cscast"));
    const QString out = dir.filePath(QStringLiteral("watched.txt"));
    MemoryTextDocument document(QStringLiteral("secret\r\nplan 😀\n"));
    {
        WriterSession session(&document);
        session.setFlushInterval(1000000);
        Recorder recorder;
        QVERIFY(recorder.open(rec, RecordingHeader {}));
        double t = 0;
        connect(&session, &WriterSession::messageReady, &recorder,
                [&](const QJsonObject &data) { recorder.recordAt(t, data); });
        recorder.recordAt(0, encodeMessage(FullMessage {0, document.text()}));
        QRandomGenerator random(15);
        for (int i = 0; i < 200; ++i) {
            const auto e = streamtest::randomEdit(random, document.text());
            session.recordChange(makeTextChange(document, e.offset, e.length, e.text));
            document.replace(e.offset, e.length, e.text);
            t += 0.002;
            session.flush();
        }
    }

    QProcess server;
    server.start(cliPath(),
                 {QStringLiteral("replay"), rec, QStringLiteral("--serve"),
                  QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--encrypt")});
    QVERIFY(server.waitForStarted(10000));
    QByteArray stdoutBytes;
    QTRY_VERIFY_WITH_TIMEOUT((stdoutBytes += server.readAllStandardOutput()).contains("\n"), 20000);
    QVERIFY2(stdoutBytes.startsWith("share: "), stdoutBytes.constData());
    const QString link = QString::fromUtf8(stdoutBytes.mid(7).trimmed());
    // The key travels in the fragment after a comma: 43 base64url characters.
    const QString fragment = QUrl(link).fragment();
    QVERIFY2(fragment.contains(u','), qPrintable(link));
    QCOMPARE(fragment.section(u',', -1).size(), 43);

    QProcess watcher;
    watcher.start(cliPath(), {QStringLiteral("watch"), link, QStringLiteral("--output"), out});
    QVERIFY(watcher.waitForStarted(10000));
    QTRY_COMPARE_WITH_TIMEOUT(readAll(out), document.text().toUtf8(), 30000);
    terminate(watcher);
    QCOMPARE(watcher.exitCode(), 0);
    terminate(server);
    QCOMPARE(server.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_RecordingEndToEnd)
#include "tst_recordingend2end.moc"
