#pragma once

#include "stream/roomkey.h"

#include <QList>
#include <QMainWindow>
#include <QUrl>

class QAction;
class QLabel;
class QsciScintilla;
class QCloseEvent;

namespace stream {
class StreamWatcher;
struct Selection;
enum class WatcherState;
enum class ConnectionState;
} // namespace stream

namespace ui {

class LiveRewind;
class ScintillaDocument;
class SessionRecorder;
class WorkspaceTabs;
struct Preferences;

// A watcher window: a read-only editor that follows a shared room's document, its language and
// title, and (optionally) the writer's cursor.
class WatcherWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit WatcherWindow(const QUrl &shareLink, QWidget *parent = nullptr);
    ~WatcherWindow() override;

    QsciScintilla *editor() const { return m_editor; }
    ScintillaDocument *document() const { return m_document; }
    stream::StreamWatcher *streamWatcher() const { return m_watcher; }
    // The tabs of a workspace stream (docs/protocol.md §14), shown instead of editor() while the
    // writer streams two or more files.
    WorkspaceTabs *workspaceTabs() const { return m_workspace; }
    // The *Record* toggle: records the stream messages as they arrive.
    SessionRecorder *sessionRecorder() const { return m_sessionRecorder; }
    // The history kept to rewind the view, and its timeline (docs/recording.md §6).
    LiveRewind *liveRewind() const { return m_rewind; }
    QUrl shareLink() const { return m_shareLink; }
    // The text shown for the watcher's state: Connecting, Live, Resyncing, Disconnected.
    QString stateText() const;
    QString languageId() const { return m_languageId; }
    // The sentence shown when the link's key does not fit the stream (docs/protocol.md §12),
    // in a banner in the window ("keyBanner") and in the status bar; empty otherwise.
    QString keyMessage() const { return m_keyMessage; }

    // Writes the document to a file; with `error` the reason is returned there, without it a
    // message box shows it.
    bool saveCopy(const QString &fileName, QString *error = nullptr);
    // Applies the editor font, tab width and theme of the preferences.
    void applyPreferences(const Preferences &preferences);

public slots:
    // Scroll along with the writer's changes instead of keeping the reader's place.
    void setFollowWriter(bool follow);
    // Show where the writer's cursor and selection are.
    void setShowWriterCursor(bool show);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private slots:
    void saveCopyInteractive();

private:
    // The editor the reader sees: the past text while rewound, the current tab of a workspace,
    // or the stream's editor.
    QsciScintilla *shownEditor() const;
    void createActions();
    void onStateChanged(stream::WatcherState state);
    void onMetaChanged(const QString &language, const QString &title);
    void onKeyStateChanged(stream::RoomKeyState state);
    void onCursorChanged(const QList<stream::Selection> &selections, qint64 version);
    void paintWriterCursor();
    void updateTitle();

    QsciScintilla *m_editor = nullptr;
    ScintillaDocument *m_document = nullptr;
    stream::StreamWatcher *m_watcher = nullptr;
    QUrl m_shareLink;
    QString m_languageId;
    QString m_title;
    QString m_stateText;
    bool m_followWriter = false;
    bool m_showWriterCursor = true;
    QList<stream::Selection> m_writerSelections;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_versionLabel = nullptr;
    QLabel *m_lockLabel = nullptr;
    QLabel *m_keyBanner = nullptr;
    QString m_keyMessage;
    QAction *m_followAction = nullptr;
    QAction *m_cursorAction = nullptr;
    SessionRecorder *m_sessionRecorder = nullptr;
    LiveRewind *m_rewind = nullptr;
    WorkspaceTabs *m_workspace = nullptr;
};

} // namespace ui
