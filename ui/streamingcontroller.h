#pragma once

#include "preferences.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <vector>

namespace server {
class EmbeddedServer;
}
namespace stream {
class WorkspaceWriter;
enum class ConnectionState;
} // namespace stream

namespace ui {

class ScintillaDocument;
struct EditorChange;

// The streaming of one writer's documents as a workspace (docs/protocol.md §14): hosts a session
// on an embedded server (on the next free port when the asked one is taken) or streams to a
// remote server, sends every document's edits and cursor, which documents are open and which one
// is active, stops, follows the reconnect policy of the preferences and tells the window what to
// show. Room R carries the active document, so watchers that know no workspaces see it.
class StreamingController final : public QObject
{
    Q_OBJECT
public:
    explicit StreamingController(QObject *parent = nullptr);
    ~StreamingController() override;

    // The running stream's writer and hosted server; nullptr when there is none.
    stream::WorkspaceWriter *writer() const { return m_writer; }
    server::EmbeddedServer *embeddedServer() const { return m_server.get(); }
    bool isStreaming() const { return m_writer != nullptr; }
    // Whether the running stream is end-to-end encrypted (the preference when it started).
    bool isEncrypted() const;
    // The link watchers open (with the LAN address when the session is hosted for the network).
    QUrl shareLink() const { return m_shareLink; }
    stream::ConnectionState connectionState() const { return m_connectionState; }
    // The connection state as the status bar shows it, with the time offline while reconnecting.
    QString connectionText() const;

    // Follows the flush interval, the reconnect policy and, for the next stream, the encryption
    // of `preferences`.
    void applyPreferences(const Preferences &preferences);
    // The open documents, in the order of the writer's tabs (not owned; remove a document before
    // it is deleted). The first one added is active until setActiveDocument() says otherwise.
    void addDocument(ScintillaDocument *document, const QString &title, const QString &languageId);
    void removeDocument(ScintillaDocument *document);
    // A document's title (its path in the workspace, `/`-separated) and language (Monaco id).
    void setDocumentMeta(ScintillaDocument *document, const QString &title,
                         const QString &languageId);
    // The document the writer is looking at: room R carries it.
    void setActiveDocument(ScintillaDocument *document);
    ScintillaDocument *activeDocument() const { return m_active; }
    // The document's file id in the running stream; empty when not streaming (or refused).
    QString fileId(ScintillaDocument *document) const;

    // Stops any stream, starts an embedded server on `bindAddress`, at `port` or the next free
    // port after it (0: any free port), then streams to it. On failure `error` says why.
    bool host(const QHostAddress &bindAddress, quint16 port, QString *error);
    // Stops any stream and streams to the CodeStream server at `origin`.
    void streamTo(const QUrl &origin);

public slots:
    // Stops streaming and the hosted server, if any.
    void stop();

signals:
    // A stream started (true) or stopped (false).
    void streamingChanged(bool streaming);
    // The share link became known or changed; empty when streaming stopped.
    void shareLinkChanged(const QUrl &link);
    // A started stream's share link is known: fires once per started stream.
    void shareLinkReady(const QUrl &link);
    // The text connectionText() returns changed (or, while offline, another second passed).
    void connectionTextChanged(const QString &text);
    // The number of watchers in the room changed.
    void watcherCountChanged(int watchers);
    // The document version the watchers follow changed.
    void versionChanged(qint64 version);
    // The stream, the server or the reconnect policy has something to tell the user.
    void errorOccurred(const QString &message);

private:
    // One open document and its file in the running stream.
    struct Entry
    {
        ScintillaDocument *document = nullptr;
        QString title;
        QString languageId;
        QString id; // empty when not streaming
        bool cursorScheduled = false;
        QList<QMetaObject::Connection> connections;
    };

    Entry *entryOf(const ScintillaDocument *document) const;
    void addFile(Entry *entry);
    void startWriter(const QUrl &origin);
    void onEditorChange(Entry *entry, const EditorChange &change);
    void sendCursor(Entry *entry);
    void onShareLinkChanged(const QUrl &link);
    void onConnectionStateChanged(stream::ConnectionState state);

    std::vector<std::unique_ptr<Entry>> m_documents;
    ScintillaDocument *m_active = nullptr;
    std::unique_ptr<server::EmbeddedServer> m_server;
    stream::WorkspaceWriter *m_writer = nullptr;
    stream::ConnectionState m_connectionState {};
    QTimer m_reconnectTimer;
    QElapsedTimer m_offlineSince;
    bool m_networkShare = false;
    bool m_linkAnnounced = false;
    QUrl m_shareLink;
    Preferences m_preferences;
};

// A translated, human-readable name of a connection state.
QString connectionStateText(stream::ConnectionState state);

} // namespace ui
