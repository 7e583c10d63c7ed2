#pragma once

#include "preferences.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QLineEdit;
class QLockFile;
class QMenu;
class QsciScintilla;

namespace server {
class EmbeddedServer;
}
namespace stream {
class StreamWriter;
enum class ConnectionState;
} // namespace stream

namespace ui {

class ScintillaDocument;
class WatcherWindow;
struct EditorChange;

// The writer window, CodeStream's main window: a code editor whose text can be streamed to
// watchers, either through a session hosted on an embedded server or through a remote server.
class WriterWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit WriterWindow(QWidget *parent = nullptr);
    ~WriterWindow() override;

    QsciScintilla *editor() const { return m_editor; }
    ScintillaDocument *document() const { return m_document; }
    stream::StreamWriter *streamWriter() const { return m_writer; }
    server::EmbeddedServer *embeddedServer() const { return m_server.get(); }
    QString currentFile() const { return m_currentFile; }
    // The Monaco language id of the document ("plaintext" when unknown).
    QString languageId() const { return m_languageId; }
    QUrl shareLink() const { return m_shareLink; }
    // The connection state as the status bar shows it.
    QString connectionText() const;
    bool isStreaming() const { return m_writer != nullptr; }
    QList<WatcherWindow *> watcherWindows() const;

    // Loads or saves a file. With `error` the reason is returned there; without it, it is shown
    // in a message box. A failed save leaves the file on disk as it was.
    bool loadFile(const QString &fileName, QString *error = nullptr);
    bool saveFile(const QString &fileName, QString *error = nullptr);

    // Hosts a session: starts an embedded server on `bindAddress`, at `port` or the next free
    // port after it (0: any free port), then streams to it.
    bool hostSession(const QHostAddress &bindAddress, quint16 port, QString *error = nullptr);
    // Streams to a CodeStream server at `origin` (e.g. http://example.com:3000).
    void streamToServer(const QUrl &origin);
    // Opens a watcher window on a share link; nullptr (and a message) when the link is invalid.
    WatcherWindow *watchSharedRoom(const QString &link, QString *error = nullptr);

    // The preferences this window follows; applyPreferences() changes them live.
    Preferences preferences() const { return m_preferences; }
    void applyPreferences(const Preferences &preferences);

    // The folder that holds the recovery files of unsaved documents.
    static QString recoveryDirectory();
    // This window's recovery file (it exists only while there are unsaved changes).
    QString recoveryFileName() const;
    // How often unsaved changes are written to the recovery file (default 10 s).
    void setAutosaveInterval(int ms);
    // Offers to restore the recovery files that a session which did not close properly left
    // behind; the first one accepted is restored into this window, further ones into new
    // windows. Returns how many were restored.
    int offerRecovery();
    // Whether the document has changes that are not saved to its file.
    bool hasUnsavedChanges() const;

public slots:
    void stopStreaming();
    void copyShareLink();
    // Asks for a share link and opens a watcher window on it; nullptr when cancelled.
    WatcherWindow *watchSharedRoomInteractive();
    // Shows the preferences dialog and applies what was chosen to every window.
    void editPreferences();
    // Writes unsaved changes to the recovery file now.
    bool autosave();

signals:
    // Streaming started and the share link is known: fires once per started stream.
    void shareLinkReady(const QUrl &link);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private slots:
    void newFile();
    void open();
    bool save();
    bool saveAs();
    void about();
    void hostSessionInteractive();
    void streamToServerInteractive();
    void zoomIn();
    void zoomOut();
    void zoomReset();

private:
    void createActions();
    void createStatusBar();
    void createShareDock();
    void readSettings();
    void writeSettings();
    bool maybeSave();
    void setCurrentFile(const QString &fileName);
    void setLanguage(const QString &languageId);
    void updateRecentFileActions();
    void prependToRecentFiles(const QString &fileName);
    void startWriter(const QUrl &origin);
    void onEditorChange(const EditorChange &change);
    void sendCursor();
    void onShareLinkChanged(const QUrl &link);
    void onConnectionStateChanged(stream::ConnectionState state);
    void updateConnectionLabel();
    void updateStreamingActions();
    QString title() const;
    void removeRecoveryFile();
    void restoreRecovered(const QString &fileName, const QString &text);

    QsciScintilla *m_editor = nullptr;
    ScintillaDocument *m_document = nullptr;
    std::unique_ptr<server::EmbeddedServer> m_server;
    stream::StreamWriter *m_writer = nullptr;
    stream::ConnectionState m_connectionState {};
    QTimer m_reconnectTimer;
    QElapsedTimer m_offlineSince;
    bool m_networkShare = false;
    bool m_linkAnnounced = false;
    QUrl m_shareLink;
    QString m_currentFile;
    QString m_languageId;
    bool m_large = false;
    bool m_cursorScheduled = false;
    QList<QPointer<WatcherWindow>> m_watchers;

    QMenu *m_recentMenu = nullptr;
    QList<QAction *> m_recentActions;
    QAction *m_stopAction = nullptr;
    QAction *m_copyLinkAction = nullptr;
    QAction *m_hostAction = nullptr;
    QAction *m_streamAction = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_roomLabel = nullptr;
    QLabel *m_watchersLabel = nullptr;
    QLabel *m_versionLabel = nullptr;
    QDockWidget *m_shareDock = nullptr;
    QLineEdit *m_linkEdit = nullptr;
    QLabel *m_qrLabel = nullptr;

    Preferences m_preferences;
    QTimer m_autosaveTimer;
    bool m_autosaveDirty = false;
    bool m_restoredUnsaved = false; // text restored from a recovery file, not yet saved
    QString m_recoveryId;
    std::unique_ptr<QLockFile> m_recoveryLock;
};

// A translated, human-readable name of a connection state.
QString connectionStateText(stream::ConnectionState state);

} // namespace ui
