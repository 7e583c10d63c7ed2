#pragma once

#include "engineio/enginesession.h"
#include "engineio/httpexchange.h"
#include "socketio/eventack.h"
#include "socketio/socketpacket.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>

class QTimer;

namespace socketio {

class Namespace;
class ServerClient;

// Called with the ack arguments (empty args and timedOut=true on timeout or disconnect).
using ServerAckCallback = std::function<void(bool timedOut, const QVariantList &args)>;

// One client socket in one namespace. Deleted (deleteLater) after `disconnected`.
class ServerSocket final : public QObject
{
    Q_OBJECT
public:
    QString id() const;
    QString nsp() const;
    QJsonObject auth() const;
    const engineio::HttpRequest &handshake() const; // the request that opened the session
    QHostAddress peerAddress() const;
    bool isConnected() const;

    void join(const QString &room);
    void leave(const QString &room);
    QSet<QString> rooms() const;

    bool emitEvent(const QString &event, const QVariantList &args = {}, ServerAckCallback ack = {},
                   int ackTimeoutMs = 10000);

    // Sends DISCONNECT for this namespace; with closeTransport, closes the whole session.
    void disconnectSocket(bool closeTransport = false);

signals:
    // An event from the client; `ack` is callable once when the client asked for an ack.
    void eventReceived(const QString &event, const QVariantList &args,
                       const socketio::EventAck &ack);
    // The same event as JSON, for events without binary attachments; emitted first. QVariant
    // arguments are only built while eventReceived is connected. `json` is the packet's JSON
    // array (event name first) byte for byte as the client wrote it, for relaying arguments
    // unchanged (see jsonArrayObjectMember).
    void jsonEventReceived(const QString &event, const QJsonArray &args,
                           const socketio::EventAck &ack, const QByteArray &json);
    // The socket left its namespace; reason is toString() of an engineio::DisconnectReason:
    // "client namespace disconnect", "server namespace disconnect", "transport close",
    // "transport error", "ping timeout", "parse error", "server shutting down", ...
    void disconnected(const QString &reason);

private:
    friend class ServerClient; // creates sockets, feeds them packets, closes them with the link
    friend class Namespace; // sends a broadcast's prepared frames
    ServerSocket(ServerClient *client, Namespace *nsp, const QString &id, const QJsonObject &auth);
    void sendPacket(const SocketPacket &packet);
    void sendPrepared(const QList<engineio::PreparedMessage> &messages);
    // `json`: the packet's JSON payload as received.
    void handlePacket(const SocketPacket &packet, const QByteArray &json);
    void handleEvent(const SocketPacket &packet, const QByteArray &json);
    void handleAck(const SocketPacket &packet);
    // `reason` is the text of an engineio::DisconnectReason.
    void close(const QString &reason, bool sendDisconnect);

    struct PendingAck
    {
        ServerAckCallback callback;
        QTimer *timer = nullptr;
    };
    QString m_id;
    QPointer<Namespace> m_nsp;
    ServerClient *m_client = nullptr;
    QJsonObject m_auth;
    bool m_connected = false;
    QStringList m_rooms; // a socket is in few rooms: a list is far smaller than a set
    qint64 m_nextAckId = 0;
    QHash<qint64, PendingAck> m_acks;
};

} // namespace socketio
