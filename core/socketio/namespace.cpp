#include "socketio/namespace.h"

#include "socketio/server.h"
#include "socketio/serversocket.h"
#include "socketio/socketpacket.h"

namespace socketio {

Namespace::Namespace(Server *server, const QString &name)
    : QObject(server)
    , m_server(server)
    , m_name(name)
{ }

QString Namespace::name() const
{
    return m_name;
}

void Namespace::setAuthorizer(Authorizer authorizer)
{
    m_authorizer = std::move(authorizer);
}

QString Namespace::authorize(const QJsonObject &auth, const engineio::HttpRequest &handshake) const
{
    return m_authorizer ? m_authorizer(auth, handshake) : QString();
}

QList<ServerSocket *> Namespace::sockets() const
{
    return m_sockets.values();
}

int Namespace::roomSize(const QString &room) const
{
    const auto it = m_rooms.constFind(room);
    return it == m_rooms.cend() ? 0 : int(it->size());
}

void Namespace::broadcast(const QString &room, const QString &event, const QVariantList &args,
                          const ServerSocket *except)
{
    QList<QByteArray> attachments;
    const QJsonArray json = deconstruct(args, &attachments).toArray();
    broadcastPacket(room, event, json, attachments, except);
}

void Namespace::broadcastJson(const QString &room, const QString &event, const QJsonArray &args,
                              const ServerSocket *except)
{
    broadcastPacket(room, event, args, {}, except);
}

void Namespace::broadcastPacket(const QString &room, const QString &event, const QJsonArray &args,
                                const QList<QByteArray> &attachments, const ServerSocket *except)
{
    if (!room.isEmpty() && !m_rooms.contains(room))
        return;
    SocketPacket packet;
    packet.type = PacketType::Event;
    packet.nsp = m_name;
    QJsonArray data {event};
    for (const QJsonValue &value : args)
        data.append(value);
    packet.data = data;
    packet.attachments = attachments;
    // Encoded once, framed once: every recipient gets the same bytes.
    const EncodedPacket encoded = encode(packet);
    QList<engineio::PreparedMessage> prepared {engineio::prepareTextMessage(encoded.text)};
    for (const QByteArray &attachment : encoded.attachments)
        prepared.append(engineio::prepareBinaryMessage(attachment));
    sendToRoom(room, prepared, except);
}

void Namespace::broadcastJsonText(const QString &room, const QString &event,
                                  QByteArrayView argumentsJson, const ServerSocket *except)
{
    if (!room.isEmpty() && !m_rooms.contains(room))
        return;
    sendToRoom(room,
               {engineio::prepareTextMessage(encodeJsonTextEvent(m_name, event, argumentsJson))},
               except);
}

void Namespace::sendToRoom(const QString &room, const QList<engineio::PreparedMessage> &prepared,
                           const ServerSocket *except)
{
    QList<ServerSocket *> targets;
    if (room.isEmpty()) {
        targets = m_sockets.values();
    } else {
        const auto it = m_rooms.constFind(room);
        if (it == m_rooms.cend())
            return;
        targets = it->values();
    }
    // Each write reactor gets the frames once, with its share of the recipients.
    engineio::EngineServer *engine = m_server->engine();
    engine->beginBroadcast();
    for (ServerSocket *socket : std::as_const(targets)) {
        if (socket != except)
            socket->sendPrepared(prepared);
    }
    engine->endBroadcast();
}

void Namespace::addSocket(ServerSocket *socket)
{
    m_sockets.insert(socket->id(), socket);
}

void Namespace::removeSocket(ServerSocket *socket)
{
    m_sockets.remove(socket->id());
}

void Namespace::addToRoom(ServerSocket *socket, const QString &room)
{
    m_rooms[room].insert(socket);
}

void Namespace::removeFromRoom(ServerSocket *socket, const QString &room)
{
    const auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    it->remove(socket);
    if (it->isEmpty())
        m_rooms.erase(it);
}

} // namespace socketio
