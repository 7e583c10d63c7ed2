#include "playerwindow.h"
#include "windowregistry.h"

#include "stream/memorytextdocument.h"
#include "stream/recorder.h"
#include "stream/streammessage.h"
#include "stream/textchange.h"
#include "stream/writersession.h"

#include <QFile>
#include <QMap>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace stream;

namespace {

// A recording of a WriterSession's stream with known documents per version and times.
struct TestRecording
{
    QString path;
    QMap<qint64, QString> documents; // version → document after it
    QMap<qint64, double> times; // version → recorded time
    QString initial;
    QString finalText;
};

bool writeRecording(const QString &path, TestRecording *out)
{
    MemoryTextDocument document(QStringLiteral("int main()\r\n{\r\n}\r\n"));
    WriterSession session(&document);
    session.setFlushInterval(1000000);
    session.setMeta(QStringLiteral("cpp"), QStringLiteral("main.cpp"));
    Recorder recorder;
    RecordingHeader header;
    header.title = QStringLiteral("main.cpp");
    header.language = QStringLiteral("cpp");
    header.startTime = QDateTime::currentDateTimeUtc();
    header.appVersion = QStringLiteral("test");
    if (!recorder.open(path, header))
        return false;
    double now = 0;
    FullMessage start {session.nextVersion(), document.text()};
    start.language = QStringLiteral("cpp");
    start.title = QStringLiteral("main.cpp");
    recorder.recordAt(now, encodeMessage(start));
    out->initial = document.text();
    QObject::connect(&session, &WriterSession::messageReady, &recorder,
                     [&](const QJsonObject &data) { recorder.recordAt(now, data); });
    const QStringList words {QStringLiteral("x"), QStringLiteral("😀"), QStringLiteral("ä\r\n"),
                             QStringLiteral("return 0;"), QString()};
    for (int i = 0; i < 40; ++i) {
        now += i == 20 ? 12.0 : 0.25; // one idle gap
        const qsizetype offset = (i * 7) % (document.length() + 1);
        qsizetype length = i % 5 == 4 ? std::min<qsizetype>(2, document.length() - offset) : 0;
        // Never split a surrogate pair or a CRLF.
        auto unsafe = [&](qsizetype at) {
            return at > 0 && at < document.length()
                && ((document.text().at(at - 1) == u'\r' && document.text().at(at) == u'\n')
                    || document.text().at(at).isLowSurrogate());
        };
        qsizetype at = offset;
        while (unsafe(at))
            ++at;
        if (unsafe(at + length) || at + length > document.length())
            length = 0;
        const QString text = words.at(i % words.size());
        const TextChange change = makeTextChange(document, at, length, text);
        document.replace(at, length, text);
        session.recordChange(change);
        session.flush();
        out->documents.insert(session.nextVersion() - 1, document.text());
        out->times.insert(session.nextVersion() - 1, now);
    }
    recorder.close();
    out->path = path;
    out->finalText = document.text();
    return true;
}

} // namespace

class tst_PlayerWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void seek_versionsAndTimes_showRecordedDocument();
    void play_sixteenTimes_endsWithFinalDocument();
    void step_nextAndPrevious_followVersions();
    void save_writesCurrentDocument();
    void open_garbage_showsReaderError();
    void open_truncated_showsWarningInStatusBar();
    void registry_opensRecordingFromCommandLine();

private:
    QTemporaryDir m_dir;
    TestRecording m_recording;
};

void tst_PlayerWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(writeRecording(m_dir.filePath(QStringLiteral("session.cscast")), &m_recording));
    QCOMPARE(m_recording.documents.size(), 40);
}

void tst_PlayerWindow::seek_versionsAndTimes_showRecordedDocument()
{
    ui::PlayerWindow player;
    QString error;
    QVERIFY2(player.openRecording(m_recording.path, &error), qPrintable(error));
    QVERIFY(player.recording()->warnings().isEmpty());
    QCOMPARE(player.documentText(), m_recording.initial);
    // Backwards and forwards, far and near.
    for (const qint64 version : {30, 3, 4, 5, 39, 0, 21, 20, 19}) {
        QVERIFY(player.seekToVersion(version));
        QCOMPARE(player.currentVersion(), version);
        QCOMPARE(player.documentText(), m_recording.documents.value(version));
    }
    QVERIFY(!player.seekToVersion(1000));
    for (const qint64 version : {25, 2, 10, 39}) {
        // Half way to the next change: still this version.
        player.seekToTime(m_recording.times.value(version) + 0.1);
        QCOMPARE(player.currentVersion(), version);
        QCOMPARE(player.documentText(), m_recording.documents.value(version));
    }
    player.seekToTime(0);
    QCOMPARE(player.documentText(), m_recording.initial);
}

void tst_PlayerWindow::play_sixteenTimes_endsWithFinalDocument()
{
    ui::PlayerWindow player;
    QVERIFY(player.openRecording(m_recording.path));
    player.setSpeed(100); // clamped
    QCOMPARE(player.speed(), 16.0);
    QVERIFY(player.skipsIdleGaps());
    QSignalSpy finished(&player, &ui::PlayerWindow::playbackFinished);
    QSignalSpy positions(&player, &ui::PlayerWindow::positionChanged);
    player.play();
    QVERIFY(player.isPlaying());
    QVERIFY(finished.wait(20000));
    QVERIFY(!player.isPlaying());
    QCOMPARE(player.documentText(), m_recording.finalText);
    QCOMPARE(player.currentVersion(), m_recording.documents.lastKey());
    QVERIFY(positions.count() >= 20);
    // Paused in the middle, it stays there.
    QVERIFY(player.seekToVersion(5));
    player.pause();
    QCOMPARE(player.documentText(), m_recording.documents.value(5));
}

void tst_PlayerWindow::step_nextAndPrevious_followVersions()
{
    ui::PlayerWindow player;
    QVERIFY(player.openRecording(m_recording.path));
    const qint64 first = player.currentVersion();
    player.stepNext();
    QCOMPARE(player.currentVersion(), first + 1);
    QCOMPARE(player.documentText(), m_recording.documents.value(first + 1));
    player.stepNext();
    player.stepNext();
    QCOMPARE(player.documentText(), m_recording.documents.value(first + 3));
    player.stepPrevious();
    QCOMPARE(player.currentVersion(), first + 2);
    QCOMPARE(player.documentText(), m_recording.documents.value(first + 2));
    QVERIFY(player.seekToVersion(39));
    player.stepNext(); // at the end: stays
    QCOMPARE(player.currentVersion(), 39);
    QCOMPARE(player.documentText(), m_recording.finalText);
}

void tst_PlayerWindow::save_writesCurrentDocument()
{
    ui::PlayerWindow player;
    QVERIFY(player.openRecording(m_recording.path));
    QVERIFY(player.seekToVersion(17));
    const QString out = m_dir.filePath(QStringLiteral("v17.cpp"));
    QString error;
    QVERIFY2(player.saveDocument(out, &error), qPrintable(error));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), m_recording.documents.value(17));
}

void tst_PlayerWindow::open_garbage_showsReaderError()
{
    const QString path = m_dir.filePath(QStringLiteral("garbage.cscast"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a recording\n");
    file.close();
    ui::PlayerWindow player;
    QString error;
    QVERIFY(!player.openRecording(path, &error));
    QVERIFY(!error.isEmpty());
    ui::WindowRegistry registry;
    QVERIFY(!registry.openPlayerWindow(path, nullptr, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(registry.playerWindows().isEmpty());
}

void tst_PlayerWindow::open_truncated_showsWarningInStatusBar()
{
    QFile source(m_recording.path);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QByteArray bytes = source.readAll();
    bytes.append("[99.5,\"delta\",{\"type\":\"delta\",\"vers");
    const QString path = m_dir.filePath(QStringLiteral("truncated.cscast"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
    file.close();
    ui::PlayerWindow player;
    QString error;
    QVERIFY2(player.openRecording(path, &error), qPrintable(error));
    QVERIFY(!player.recording()->warnings().isEmpty());
    const QString message = player.statusBar()->currentMessage();
    QVERIFY2(message.contains(player.recording()->warnings().first()), qPrintable(message));
    QVERIFY(player.seekToVersion(39));
    QCOMPARE(player.documentText(), m_recording.finalText);
}

void tst_PlayerWindow::registry_opensRecordingFromCommandLine()
{
    ui::WindowRegistry registry;
    ui::StartupRequest request;
    request.file = m_recording.path;
    QString error;
    QCOMPARE(registry.openStartupWindows(request, &error), ui::StartupResult::Running);
    QCOMPARE(registry.writerWindows().size(), 0);
    QCOMPARE(registry.playerWindows().size(), 1);
    QCOMPARE(registry.playerWindows().first()->documentText(), m_recording.initial);
}

QTEST_MAIN(tst_PlayerWindow)
#include "tst_playerwindow.moc"
