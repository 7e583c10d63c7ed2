#pragma once

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

public slots:
    void stopStreaming();
    void copyShareLink();

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
    void watchSharedRoomInteractive();
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
    qint64 m_editVersion = 1;
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
};

// A translated, human-readable name of a connection state.
QString connectionStateText(stream::ConnectionState state);

} // namespace ui
