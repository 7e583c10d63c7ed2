#pragma once

#include "stream/roomkey.h"
#include "stream/streamwriter.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace socketio {
class Client;
} // namespace socketio

namespace stream {

class RoomLink;
class WriterSession;

// The connection of a writer (docs/protocol.md §2, §3, §8, §12): negotiates, opens the Socket.IO
// client, joins R-control with a RoomLink that serves R's WriterSession, and reports the state,
// the watchers and the share link. Shared by StreamWriter and WorkspaceWriter.
class WriterConnection final : public QObject
{
    Q_OBJECT
public:
    // `session` is R's session (not owned); it must outlive the connection.
    explicit WriterConnection(WriterSession *session, QObject *parent = nullptr);
    ~WriterConnection() override;

    void setReconnectionDelayMax(int ms);
    int reconnectionDelayMax() const;
    ConnectionState state() const;
    void setEncrypted(bool encrypted);
    bool isEncrypted() const;
    QUrl shareLink() const;
    QUrl shareLinkWithoutKey() const;
    QString roomId() const;
    int watcherCount() const;
    // The key of the running stream (null when not encrypted).
    RoomKey roomKey() const;
    // The client and R's link of the running stream, or nullptr.
    socketio::Client *client() const;
    RoomLink *roomLink() const;

public slots:
    void start(const QUrl &origin);
    // Disconnects (pending changes are the caller's to flush first).
    void stop();

signals:
    void shareLinkChanged(const QUrl &link);
    void connectionStateChanged(stream::ConnectionState state);
    // The connection is down; reconnection attempt `attempt` starts in `delayMs`.
    void reconnectScheduled(int attempt, int delayMs);
    void watcherCountChanged(int watchers);
    void errorOccurred(const QString &message);
    // The client and R's link were just made (not opened yet): more links may join the client.
    void linkCreated();
    // R's link and the client are about to be deleted.
    void linkClosing();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace stream
