#include "sessionrecorder.h"

#include "scintilladocument.h"
#include "streamingcontroller.h"
#include "watcherwindow.h"
#include "writerwindow.h"

#include "stream/recorder.h"
#include "stream/streammessage.h"
#include "stream/streamwatcher.h"
#include "stream/workspacewriter.h"

#include <QAction>
#include <QCoreApplication>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QWidget>

namespace ui {

namespace {

stream::RecordingHeader makeHeader(const QString &title, const QString &language)
{
    stream::RecordingHeader header;
    header.title = title;
    header.language = language;
    header.startTime = QDateTime::currentDateTimeUtc();
    header.appVersion = QStringLiteral("codestream ") + QCoreApplication::applicationVersion();
    return header;
}

QJsonObject fullMessage(qint64 version, const QString &text, const QString &language,
                        const QString &title)
{
    stream::FullMessage full {version, text};
    full.language = language;
    full.title = title;
    return stream::encodeMessage(full);
}

} // namespace

SessionRecorder::SessionRecorder(const QString &actionText, QWidget *window, Begin begin)
    : QObject(window)
    , m_window(window)
    , m_action(new QAction(actionText, this))
    , m_begin(std::move(begin))
{
    m_action->setCheckable(true);
    connect(m_action, &QAction::triggered, this, &SessionRecorder::onTriggered);
}

SessionRecorder::~SessionRecorder()
{
    // Closes the file without telling the window, which may be going away too.
    disconnect(m_connection);
    if (m_recorder)
        m_recorder->close();
}

SessionRecorder *SessionRecorder::forWriter(WriterWindow *window)
{
    auto *recorder
        = new SessionRecorder(tr("&Record Session…"), window, [window](SessionRecorder *self) {
              Start start;
              const QString title = window->currentFile().isEmpty()
                  ? QStringLiteral("untitled")
                  : QFileInfo(window->currentFile()).fileName();
              start.header = makeHeader(title, window->languageId());
              stream::WorkspaceWriter *writer = window->streamWriter();
              if (!writer)
                  return start;
              // Everything typed so far goes out first, so that the full stands before the next
              // delta.
              window->document()->flush();
              writer->flush();
              start.baseline = fullMessage(writer->nextVersion(), window->document()->text(),
                                           window->languageId(), title);
              start.connection = connect(writer, &stream::WorkspaceWriter::messageReady, self,
                                         &SessionRecorder::record);
              return start;
          });
    recorder->action()->setStatusTip(tr("Record the session to a .cscast file"));
    recorder->action()->setEnabled(window->isStreaming());
    connect(window->streaming(), &StreamingController::streamingChanged, recorder,
            [recorder](bool streaming) {
                // A new stream starts its versions again: a recording holds one stream.
                recorder->stop();
                recorder->action()->setEnabled(streaming);
            });
    return recorder;
}

SessionRecorder *SessionRecorder::forWatcher(WatcherWindow *window)
{
    auto *recorder = new SessionRecorder(tr("&Record"), window, [window](SessionRecorder *self) {
        Start start;
        stream::StreamWatcher *watcher = window->streamWatcher();
        start.header = makeHeader(watcher->title(), watcher->language());
        if (watcher->watcherState() == stream::WatcherState::Live)
            start.baseline = fullMessage(watcher->nextVersion(), window->document()->text(),
                                         watcher->language(), watcher->title());
        start.connection = connect(watcher, &stream::StreamWatcher::messageReceived, self,
                                   &SessionRecorder::record);
        return start;
    });
    recorder->action()->setStatusTip(tr("Record what arrives to a .cscast file"));
    return recorder;
}

bool SessionRecorder::isRecording() const
{
    return m_recorder != nullptr;
}

bool SessionRecorder::start(const QString &path, QString *error)
{
    stop();
    auto recorder = std::make_unique<stream::Recorder>();
    Start begin = m_begin(this);
    if (!recorder->open(path, begin.header)) {
        const QString message = tr("Cannot record to %1: %2").arg(path, recorder->errorString());
        disconnect(begin.connection);
        m_action->setChecked(false);
        if (error)
            *error = message;
        emit statusMessage(message);
        return false;
    }
    m_recorder = std::move(recorder);
    m_connection = begin.connection;
    if (begin.baseline)
        m_recorder->record(*begin.baseline);
    connect(m_recorder.get(), &stream::Recorder::errorOccurred, this, [this](const QString &e) {
        emit statusMessage(tr("Recording stopped: %1").arg(e));
        stop();
    });
    m_path = path;
    m_action->setChecked(true);
    emit statusMessage(tr("Recording to %1").arg(path));
    emit recordingChanged(true);
    return true;
}

void SessionRecorder::record(const QJsonObject &message)
{
    if (m_recorder)
        m_recorder->record(message);
}

void SessionRecorder::stop()
{
    m_action->setChecked(false);
    if (!m_recorder)
        return;
    disconnect(m_connection);
    std::unique_ptr<stream::Recorder> recorder = std::move(m_recorder);
    disconnect(recorder.get(), nullptr, this, nullptr);
    recorder->close();
    emit statusMessage(tr("Recording saved to %1").arg(m_path));
    emit recordingChanged(false);
}

void SessionRecorder::onTriggered(bool checked)
{
    if (!checked) {
        stop();
        return;
    }
    m_action->setChecked(false);
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Record Session"), QString(),
        QCoreApplication::translate("ui::WindowRegistry",
                                    "CodeStream recordings (*.cscast);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!start(path, &error))
        QMessageBox::warning(m_window, tr("Record Session"), error);
}

} // namespace ui
