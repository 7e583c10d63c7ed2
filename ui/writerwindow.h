#pragma once

#include "documenttab.h"
#include "documenttabs.h"
#include "preferences.h"
#include "recoverystorage.h"
#include "streamingcontroller.h"
#include "windowregistry.h"

#include <QHostAddress>
#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QUrl>

class QAction;
class QsciScintilla;

namespace stream {
class WorkspaceWriter;
}

namespace ui {

class ScintillaDocument;
class SessionRecorder;
class SharePanel;
class WatcherWindow;

// The writer window, CodeStream's main window: a code editor with a tab per open document, whose
// documents can be streamed to watchers as a workspace (docs/protocol.md §14), either through a
// session hosted on an embedded server or through a remote server.
class WriterWindow final : public QMainWindow
{
    Q_OBJECT
public:
    // The windows this one opens (watchers, recovered documents) go to `registry`; without one,
    // the window keeps its own and closes them with itself.
    explicit WriterWindow(WindowRegistry *registry = nullptr, QWidget *parent = nullptr);
    ~WriterWindow() override;

    // The tabs, and the current tab's editor and document.
    DocumentTabs *tabs() const { return m_tabs; }
    QsciScintilla *editor() const { return m_tabs->currentDocument()->editor(); }
    ScintillaDocument *document() const { return m_tabs->currentDocument()->document(); }
    StreamingController *streaming() const { return m_streaming; }
    // *Session → Record Session…*.
    SessionRecorder *sessionRecorder() const { return m_sessionRecorder; }
    RecoveryStorage *recovery() const { return m_recovery; }
    WindowRegistry *windowRegistry();
    stream::WorkspaceWriter *streamWriter() const { return m_streaming->writer(); }
    server::EmbeddedServer *embeddedServer() const { return m_streaming->embeddedServer(); }
    // The current tab's file (empty when untitled) and Monaco language id ("plaintext" when
    // unknown).
    QString currentFile() const { return m_tabs->currentDocument()->fileName(); }
    QString languageId() const { return m_tabs->currentDocument()->languageId(); }
    QUrl shareLink() const { return m_streaming->shareLink(); }
    // The connection state as the status bar shows it.
    QString connectionText() const { return m_streaming->connectionText(); }
    bool isStreaming() const { return m_streaming->isStreaming(); }
    // The watcher windows of this window's registry.
    QList<WatcherWindow *> watcherWindows() { return windowRegistry()->watcherWindows(); }

    // Opens a file in a tab of its own (focusing its tab when it is open already; reusing the
    // current tab when it is untitled, unmodified and empty), or saves the current tab. With
    // `error` the reason is returned there; without it, it is shown in a message box. A failed
    // save leaves the file on disk as it was.
    bool loadFile(const QString &fileName, QString *error = nullptr);
    bool saveFile(const QString &fileName, QString *error = nullptr);

    // Hosts a session: starts an embedded server on `bindAddress`, at `port` or the next free
    // port after it (0: any free port), then streams to it.
    bool hostSession(const QHostAddress &bindAddress, quint16 port, QString *error = nullptr);
    // Streams to a CodeStream server at `origin` (e.g. http://example.com:3000).
    void streamToServer(const QUrl &origin) { m_streaming->streamTo(origin); }
    // Opens a watcher window on a share link; nullptr (and a message) when the link is invalid.
    WatcherWindow *watchSharedRoom(const QString &link, QString *error = nullptr)
    {
        return windowRegistry()->openWatcherWindow(link, this, error);
    }

    // The preferences this window follows; applyPreferences() changes them live.
    Preferences preferences() const { return m_preferences; }
    void applyPreferences(const Preferences &preferences);

    // The folder that holds the recovery files of unsaved documents.
    static QString recoveryDirectory() { return RecoveryStorage::recoveryDirectory(); }
    // The current tab's recovery file (it exists only while there are unsaved changes).
    QString recoveryFileName() const { return m_recovery->recoveryFileName(); }
    // How often unsaved changes are written to the recovery file (default 10 s).
    void setAutosaveInterval(int ms) { m_recovery->setAutosaveInterval(ms); }
    // Offers to restore the recovery files a session which did not close properly left behind
    // (see RecoveryStorage::offerRecovery()). Returns how many were restored.
    int offerRecovery() { return m_recovery->offerRecovery(); }
    // Shows text recovered from a recovery file as an unsaved document in a tab.
    void restoreRecovered(const QString &fileName, const QString &text);
    // Whether any tab has changes that are not saved to its file.
    bool hasUnsavedChanges() const;

public slots:
    void stopStreaming() { m_streaming->stop(); }
    // Asks for a share link and opens a watcher window on it; nullptr when cancelled.
    WatcherWindow *watchSharedRoomInteractive()
    {
        return windowRegistry()->openWatcherWindowInteractive(this);
    }
    // Shows the preferences dialog and applies what was chosen to every window.
    void editPreferences();
    // Writes unsaved changes to the recovery files now.
    bool autosave() { return m_recovery->autosave(); }
    // Opens a new untitled tab.
    void newFile();
    // Closes `tab` (the current one by default), asking first when it has unsaved changes;
    // false when that was cancelled.
    bool closeTab(ui::DocumentTab *tab = nullptr);

signals:
    // Streaming started and the share link is known: fires once per started stream.
    void shareLinkReady(const QUrl &link);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private slots:
    void open();
    bool save();
    bool saveAs();
    void about();
    void hostSessionInteractive();
    void streamToServerInteractive();
    // Stores the choice of a dialog's "Encrypt end to end" in the preferences.
    void rememberEncrypt(bool encrypt);

private:
    void createActions();
    void createStatusBar();
    void connectTabs();
    void readSettings();
    void writeSettings();
    bool maybeSave(DocumentTab *tab);
    void onDocumentAdded(DocumentTab *tab);
    void updateStreamTitles();
    void updateWindowFile();

    DocumentTabs *m_tabs = nullptr;
    StreamingController *m_streaming = nullptr;
    RecoveryStorage *m_recovery = nullptr;
    QPointer<WindowRegistry> m_registry;
    int m_zoom = 0;

    QAction *m_stopAction = nullptr;
    SessionRecorder *m_sessionRecorder = nullptr;
    SharePanel *m_sharePanel = nullptr;

    Preferences m_preferences;
};

} // namespace ui
