#pragma once

#include "engineio/disconnectreason.h"
#include "engineio/enginesession.h"
#include "socketio/binaryreassembler.h"
#include "socketio/socketpacket.h"

#include <QBasicTimer>
#include <QList>
#include <QObject>

namespace socketio {

class Server;
class ServerSocket;

// The Socket.IO side of one Engine.IO session: the namespaces it joined, binary reassembly and
// the connect timeout. Internal to the server; a child of its session.
class ServerClient final : public QObject
{
public:
    ServerClient(Server *server, engineio::EngineSession *session);

    // Sends a packet's frames (the text, then each attachment) while the session is open.
    void send(const EncodedPacket &encoded);
    // Sends a packet prepared once for many clients (a broadcast).
    void sendPrepared(const QList<engineio::PreparedMessage> &messages);
    // Ends the session for a protocol violation ("parse error").
    void fail();
    void closeSession(engineio::DisconnectReason reason);

    engineio::EngineSession *session() const { return m_session; }
    // The socket left its namespace: no more packets for it.
    void forget(ServerSocket *socket) { m_sockets.removeOne(socket); }

private:
    void handleMessage(const QByteArray &data, bool binary);
    // `json`: the packet's JSON payload as received (text packets only).
    void dispatch(const SocketPacket &packet, const QByteArray &json = {});
    void connectNamespace(const SocketPacket &packet);
    void handleClosed(const QString &reason);
    void timerEvent(QTimerEvent *event) override;
    ServerSocket *socketFor(const QString &nsp) const;

    Server *m_server;
    engineio::EngineSession *m_session; // our parent: outlives this client
    // One socket per connected namespace; a client uses few, so a list beats a hash.
    QList<ServerSocket *> m_sockets;
    BinaryReassembler m_reassembler;
    QBasicTimer m_connectTimer; // no QObject per client for a one-off timeout
};

} // namespace socketio
