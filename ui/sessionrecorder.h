#pragma once

#include "stream/recordingheader.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QWidget;

namespace stream {
class Recorder;
}

namespace ui {

class WatcherWindow;
class WriterWindow;

// A checkable "record" action of a window: it asks for a .cscast file and records the stream
// messages of the window's session there (docs/recording.md) until it is unchecked. The
// stream::Recorder writes on its own thread, so the window never waits for the disk.
class SessionRecorder final : public QObject
{
    Q_OBJECT
public:
    // What a recording starts with: its header, and the document as a full message when the
    // session already has one.
    struct Start
    {
        stream::RecordingHeader header;
        std::optional<QJsonObject> baseline;
        // The connection of the session's messages to record().
        QMetaObject::Connection connection;
    };
    // Fills in the start of a recording and connects the session's messages to record().
    using Begin = std::function<Start(SessionRecorder *)>;

    SessionRecorder(const QString &actionText, QWidget *window, Begin begin);
    ~SessionRecorder() override;

    // *Session → Record Session…* of a writer window: records the WorkspaceWriter's room R messages
    // while it streams (the action is enabled only then; the recording ends with the stream).
    static SessionRecorder *forWriter(WriterWindow *window);
    // *Record* of a watcher window: records the stream messages as they arrive.
    static SessionRecorder *forWatcher(WatcherWindow *window);

    QAction *action() const { return m_action; }
    bool isRecording() const;
    QString path() const { return m_path; }

    // Starts recording to `path` without asking; false with the reason in `error`.
    bool start(const QString &path, QString *error = nullptr);

public slots:
    // Records one stream message (ignored when not recording).
    void record(const QJsonObject &message);
    // Writes what is buffered, closes the file and unchecks the action.
    void stop();

signals:
    // Recording started (true) or stopped (false).
    void recordingChanged(bool recording);
    // Something to tell the user in the status bar.
    void statusMessage(const QString &message);

private:
    void onTriggered(bool checked);

    QWidget *m_window = nullptr;
    QAction *m_action = nullptr;
    Begin m_begin;
    std::unique_ptr<stream::Recorder> m_recorder;
    QMetaObject::Connection m_connection;
    QString m_path;
};

} // namespace ui
