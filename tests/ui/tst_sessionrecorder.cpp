#include "scintilladocument.h"
#include "sessionrecorder.h"
#include "watcherwindow.h"
#include "writerwindow.h"

#include "stream/recordingreader.h"
#include "stream/streamwatcher.h"
#include "stream/streamwriter.h"
#include "stream/workspacewriter.h"

#include <QAction>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <Qsci/qsciscintilla.h>

using namespace Qt::StringLiterals;

namespace {

// A few edits of every kind (insertions with non-ASCII text and CRLF, deletions of lines,
// typing), with the event loop running between them.
void edit(QsciScintilla *editor, QRandomGenerator &random, int count)
{
    const QStringList texts {u"x"_s, u"😀 "_s, u"äö\r\n"_s, u"return 0;\n"_s, u"{}"_s};
    for (int i = 0; i < count; ++i) {
        const int lines = editor->lines();
        const int line = int(random.bounded(lines));
        switch (random.bounded(4)) {
        case 0:
            editor->insertAt(texts.at(int(random.bounded(texts.size()))), line, 0);
            break;
        case 1:
            editor->append(texts.at(int(random.bounded(texts.size()))));
            break;
        case 2:
            if (lines > 3 && line + 1 < lines) {
                editor->setSelection(line, 0, line + 1, 0);
                editor->removeSelectedText();
            }
            break;
        default:
            editor->setCursorPosition(line, 0);
            QTest::keyClicks(editor->viewport(), u"ab"_s);
            break;
        }
        QCoreApplication::processEvents();
    }
}

stream::Recording readBack(const QString &path)
{
    stream::RecordingReader reader;
    auto recording = reader.readFile(path);
    if (!recording)
        qWarning("%s", qPrintable(recording.error()));
    return recording ? std::move(*recording) : stream::Recording();
}

} // namespace

class tst_SessionRecorder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void writerAndWatcher_recordSession_finalDocumentEqualsWriter();
    void recordAction_disabledWithoutStream();
    void watcherClosed_whileRecording_recordingIsComplete();

private:
    QTemporaryDir m_dir;
};

void tst_SessionRecorder::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_SessionRecorder::writerAndWatcher_recordSession_finalDocumentEqualsWriter()
{
    ui::WriterWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QsciScintilla *editor = window.editor();
    editor->setText(u"int main()\r\n{\r\n}\r\n"_s);
    QString error;
    QVERIFY2(window.hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(window.streamWriter()->connectionState(),
                              stream::ConnectionState::Connected, 20000);
    ui::SessionRecorder *writerRecorder = window.sessionRecorder();
    QVERIFY(writerRecorder->action()->isEnabled());
    QVERIFY(writerRecorder->action()->isCheckable());

    ui::WatcherWindow watcher(window.shareLink());
    QTRY_COMPARE_WITH_TIMEOUT(watcher.streamWatcher()->watcherState(), stream::WatcherState::Live,
                              20000);
    QRandomGenerator random(14);
    edit(editor, random, 20);
    QTRY_COMPARE_WITH_TIMEOUT(watcher.document()->text(), window.document()->text(), 20000);

    // Both start in the middle of the session, after edits.
    const QString writerPath = m_dir.filePath(u"writer.cscast"_s);
    const QString watcherPath = m_dir.filePath(u"watcher.cscast"_s);
    QSignalSpy writerChanged(writerRecorder, &ui::SessionRecorder::recordingChanged);
    QVERIFY2(writerRecorder->start(writerPath, &error), qPrintable(error));
    QVERIFY(writerRecorder->action()->isChecked());
    QCOMPARE(writerChanged.count(), 1);
    edit(editor, random, 10);
    QVERIFY2(watcher.sessionRecorder()->start(watcherPath, &error), qPrintable(error));
    edit(editor, random, 60);
    QTRY_COMPARE_WITH_TIMEOUT(watcher.document()->text(), window.document()->text(), 20000);
    const QString expected = window.document()->text();

    watcher.sessionRecorder()->stop();
    QVERIFY(!watcher.sessionRecorder()->action()->isChecked());
    // The writer's recording ends with the stream.
    window.stopStreaming();
    QVERIFY(!writerRecorder->isRecording());
    QVERIFY(!writerRecorder->action()->isChecked());
    QVERIFY(!writerRecorder->action()->isEnabled());
    QCOMPARE(writerChanged.count(), 2);

    for (const QString &path : {writerPath, watcherPath}) {
        const stream::Recording recording = readBack(path);
        QVERIFY2(recording.warnings().isEmpty(), qPrintable(recording.warnings().join(u'\n')));
        QVERIFY2(recording.stepCount() >= 2, qPrintable(path)); // the baseline and deltas
        QCOMPARE(recording.finalDocument(), std::optional<QString>(expected));
    }
    QCOMPARE(readBack(writerPath).header().language, window.languageId());
    editor->setModified(false);
}

void tst_SessionRecorder::recordAction_disabledWithoutStream()
{
    ui::WriterWindow window;
    QVERIFY(!window.sessionRecorder()->action()->isEnabled());
    // Without a stream there is nothing to record; unwritable paths are refused.
    QString error;
    ui::WatcherWindow watcher(QUrl(u"http://127.0.0.1:1/#room"_s));
    QVERIFY(!watcher.sessionRecorder()->start(m_dir.filePath(u"missing/dir/x.cscast"_s), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!watcher.sessionRecorder()->isRecording());
}

void tst_SessionRecorder::watcherClosed_whileRecording_recordingIsComplete()
{
    ui::WriterWindow window;
    window.editor()->setText(u"first\nsecond\n"_s);
    QString error;
    QVERIFY2(window.hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(window.streamWriter()->connectionState(),
                              stream::ConnectionState::Connected, 20000);
    const QString path = m_dir.filePath(u"closed.cscast"_s);
    {
        ui::WatcherWindow watcher(window.shareLink());
        // Recording from before the first full.
        QVERIFY2(watcher.sessionRecorder()->start(path, &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(watcher.document()->text(), window.document()->text(), 20000);
        window.editor()->append(u"third 😀\n"_s);
        QTRY_COMPARE_WITH_TIMEOUT(watcher.document()->text(), window.document()->text(), 20000);
    }
    const stream::Recording recording = readBack(path);
    QVERIFY2(recording.warnings().isEmpty(), qPrintable(recording.warnings().join(u'\n')));
    QCOMPARE(recording.finalDocument(), std::optional<QString>(window.document()->text()));
    window.stopStreaming();
    window.editor()->setModified(false);
}

QTEST_MAIN(tst_SessionRecorder)
#include "tst_sessionrecorder.moc"
