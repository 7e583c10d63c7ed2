#pragma once

#include "stream/roomkey.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>

namespace socketio {
class Client;
class Socket;
} // namespace socketio

namespace stream {

class MessageSealer;

// Which side of a stream a RoomLink serves.
enum class RoomRole {
    Writer, // joins R-control, sends to R
    Watcher, // joins R, sends to R-control
};

// Why RoomLink dropped an incoming stream message (docs/protocol.md §12).
enum class RejectedMessage {
    SealedWithoutKey, // a sealed message, and this link has no key
    AuthenticationFailed, // a sealed message that does not open with this link's key
    NotSealed, // a watcher with a key got a stream message that is not sealed
};

// The CodeStream room protocol on a Socket.IO client (docs/protocol.md §3): joins the right room on
// every (re)connect, waits for ackJoinRoom, sends stream messages with sendToRoom and hands
// incoming editorMessage payloads on. With a room key it seals what it sends and opens what it
// receives (§12); the key itself never leaves the process. Several links may share one client:
// a link of a file room `R/F` tags what it sends with `"file": F` and takes only messages so
// tagged, any other link only untagged ones (§14 "One connection, several rooms").
class RoomLink final : public QObject
{
    Q_OBJECT
public:
    // `client` is not owned and must outlive the link.
    RoomLink(socketio::Client *client, RoomRole role, const QString &roomId,
             const QString &writerKey = {}, QObject *parent = nullptr);
    ~RoomLink() override;

    RoomRole role() const;
    QString roomId() const;
    // The room joined: R-control for a writer, R for a watcher.
    QString joinedRoom() const;
    // The room sent to: R for a writer, R-control for a watcher.
    QString targetRoom() const;
    bool isJoined() const;
    // The largest `data` (UTF-8 JSON bytes) that fits the server's maxPayload, or 0 before the
    // first handshake. With a key: the largest plaintext whose sealed form fits.
    qint64 maxDataBytes() const;

    // Seals every message sent from now on and opens every one received; a null key turns
    // encryption off.
    void setRoomKey(const RoomKey &key);
    bool isEncrypted() const;
    // Stream messages dropped so far (see messageRejected).
    int rejectedCount() const;
    // Sealed messages opened so far.
    int openedCount() const;

public slots:
    // Sends a stream message to the target room. Returns false when it could not be sent.
    bool send(const QJsonObject &data);

signals:
    // The server acknowledged the join (after every connect and reconnect).
    void joined();
    // The server refused the join.
    void joinRefused(const QString &error);
    // The server gave this writer's room to another socket that proved the writer key
    // (docs/protocol.md §7): this link no longer owns the stream and must not rejoin.
    void displaced(const QString &error);
    // The link is down; a rejoin follows on reconnect.
    void left();
    // A stream message from the room (the `data` of an editorMessage).
    void messageReceived(const QJsonObject &data);
    // A stream message was dropped: it could not be opened, or it should have been sealed.
    void messageRejected(stream::RejectedMessage reason);
    // A presence message from the server: this many watchers are in R.
    void watcherCountChanged(int watchers);

private:
    void join();
    void handleEvent(const QString &event, const QJsonArray &args);
    void handleStreamMessage(const QJsonObject &data);
    void reject(RejectedMessage reason);

    socketio::Client *m_client;
    socketio::Socket *m_socket;
    RoomRole m_role;
    QString m_roomId;
    QString m_writerKey;
    // F for a file room `R/F` (docs/protocol.md §14), else empty.
    QString m_fileId;
    bool m_joinSent = false;
    bool m_joined = false;
    std::unique_ptr<MessageSealer> m_sealer;
    // {"room_id":"<target room>","data": — the sendToRoom argument up to its data.
    QByteArray m_argumentHead;
    int m_rejected = 0;
    int m_opened = 0;
};

} // namespace stream
