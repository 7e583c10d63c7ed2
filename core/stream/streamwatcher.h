#pragma once

#include "stream/roomkey.h"
#include "stream/streamwriter.h"
#include "stream/textchange.h"
#include "stream/watchersession.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace stream {

class TextDocument;

// Watches a stream: parses a share link, negotiates, connects, joins room R and runs a
// WatcherSession on a document. Used by the desktop watcher and `codestream-cli watch`.
class StreamWatcher final : public QObject
{
    Q_OBJECT
public:
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
    void errorOccurred(const QString &message);
    // What is known about the key changed; Missing, Mismatch and Unneeded also raise
    // errorOccurred with describe(state).
    void keyStateChanged(stream::RoomKeyState state);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace stream
