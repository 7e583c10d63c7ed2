#pragma once

#include "stream/roomkey.h"
#include "stream/streamwriter.h"
#include "stream/textchange.h"
#include "stream/watchersession.h"
#include "stream/workspacefile.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace stream {

class TextDocument;

// Watches a stream: parses a share link, negotiates, connects, joins room R and runs a
// WatcherSession on a document. Used by the desktop watcher and `codestream-cli watch`.
class StreamWatcher final : public QObject
{
    Q_OBJECT
public:
    // Makes the document of one workspace file; the caller owns it.
    using DocumentFactory = std::function<TextDocument *(const WorkspaceFile &file)>;

    // `document` receives the writer's text (not owned).
    explicit StreamWatcher(TextDocument *document, QObject *parent = nullptr);
    ~StreamWatcher() override;

    ConnectionState connectionState() const;
    WatcherState watcherState() const;
    QUrl shareLink() const;
    qint64 nextVersion() const;
    QString language() const;
    QString title() const;
    // Whether the opened link's key fits the room (docs/protocol.md §12).
    RoomKeyState keyState() const;
    // Whether the opened link carries a key.
    bool isEncrypted() const;
    // Sealed messages dropped because they failed authentication (each answered by a resync).
    int failedMessageCount() const;

    // The longest wait between two reconnection attempts (default 3000 ms). Applies to the
    // connection opened by the next start().
    void setReconnectionDelayMax(int ms);
    int reconnectionDelayMax() const;

    // Workspace mode (docs/protocol.md §14): also joins every file room and keeps one document
    // per file, made by `factory` (owned by the caller). Call before start(). Room R is still
    // shown in the document given to the constructor.
    void setWorkspaceDocuments(DocumentFactory factory);
    // A `files` message has arrived.
    bool isWorkspace() const;
    // The writer's open files, in its order (only those kept: see fileRefused).
    QList<WorkspaceFile> files() const;
    QString activeFile() const;
    // The document of file `id`, or nullptr.
    TextDocument *fileDocument(const QString &id) const;

public slots:
    // Starts watching `<origin>/#<room>[,<key>]`; errorOccurred when the link is not valid.
    void start(const QUrl &shareLink);
    void stop();

signals:
    void connectionStateChanged(stream::ConnectionState state);
    // The connection is down; reconnection attempt `attempt` starts in `delayMs`.
    void reconnectScheduled(int attempt, int delayMs);
    void stateChanged(stream::WatcherState state);
    void documentChanged();
    void metaChanged(const QString &language, const QString &title);
    void cursorChanged(const QList<stream::Selection> &selections, qint64 version);
    void versionChanged(qint64 nextVersion);
    // A stream message arrived from room R, as received (before the session handles it).
    void messageReceived(const QJsonObject &data);
    // The same message of room R once decoded (a message that does not decode is not reported).
    void messageDecoded(const stream::StreamMessage &message);
    void errorOccurred(const QString &message);
    // What is known about the key changed; Missing, Mismatch and Unneeded also raise
    // errorOccurred with describe(state).
    void keyStateChanged(stream::RoomKeyState state);
    // The list of files, a title or language, or the active id changed (workspace mode).
    void filesChanged();
    // A file was opened by the writer; its document exists (fileDocument()).
    void fileAdded(const stream::WorkspaceFile &file);
    // A file was closed; after this its document is no longer used and its owner may delete it.
    void fileRemoved(const QString &id);
    // That file's text changed.
    void fileChanged(const QString &id);
    // A file was not kept: a title or id refused, or a limit of §14 reached.
    void fileRefused(const QString &title, const QString &reason);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace stream
