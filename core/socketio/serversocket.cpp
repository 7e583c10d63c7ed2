#include "socketio/serversocket.h"

#include "socketio/namespace.h"
#include "socketio/serverclient.h"

#include <QMetaMethod>
#include <QTimer>

#include <memory>

namespace socketio {

ServerSocket::ServerSocket(ServerClient *client, Namespace *nsp, const QString &id,
                           const QJsonObject &auth)
    : QObject(client)
    , m_id(id)
    , m_nsp(nsp)
    , m_client(client)
    , m_auth(auth)
    , m_connected(true)
{
    nsp->addSocket(this);
}

QString ServerSocket::id() const
{
    return m_id;
}

QString ServerSocket::nsp() const
{
    return m_nsp ? m_nsp->name() : QString();
}

QJsonObject ServerSocket::auth() const
{
    return m_auth;
}

const engineio::HttpRequest &ServerSocket::handshake() const
{
    static const engineio::HttpRequest none;
    engineio::EngineSession *session = m_client ? m_client->session() : nullptr;
    return session ? session->handshake() : none;
}

QHostAddress ServerSocket::peerAddress() const
{
    return handshake().peerAddress;
}

bool ServerSocket::isConnected() const
{
    return m_connected;
}

void ServerSocket::join(const QString &room)
{
    if (!m_connected || !m_nsp || m_rooms.contains(room))
        return;
    m_rooms.append(room);
    m_nsp->addToRoom(this, room);
}

void ServerSocket::leave(const QString &room)
{
    if (!m_rooms.removeOne(room) || !m_nsp)
        return;
    m_nsp->removeFromRoom(this, room);
}

QSet<QString> ServerSocket::rooms() const
{
    return QSet<QString>(m_rooms.cbegin(), m_rooms.cend());
}

bool ServerSocket::emitEvent(const QString &event, const QVariantList &args, ServerAckCallback ack,
                             int ackTimeoutMs)
{
    if (!m_connected)
        return false;
    SocketPacket packet;
    packet.type = PacketType::Event;
    packet.nsp = nsp();
    QJsonArray data {event};
    for (const QJsonValue &value : deconstruct(args, &packet.attachments).toArray())
        data.append(value);
    packet.data = data;
    if (ack) {
        const qint64 id = m_nextAckId++;
        packet.id = id;
        auto *timer = new QTimer(this);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this, [this, id] {
            const PendingAck pending = m_acks.take(id);
            if (pending.timer)
                pending.timer->deleteLater();
            if (pending.callback)
                pending.callback(true, {});
        });
        timer->start(ackTimeoutMs);
        m_acks.insert(id, {std::move(ack), timer});
    }
    sendPacket(packet);
    return true;
}

void ServerSocket::disconnectSocket(bool closeTransport)
{
    ServerClient *client = m_client;
    close(toString(engineio::DisconnectReason::ServerNamespaceDisconnect), true);
    if (closeTransport && client)
        client->closeSession(engineio::DisconnectReason::ForcedClose);
}

void ServerSocket::sendPacket(const SocketPacket &packet)
{
    if (m_client)
        m_client->send(encode(packet));
}

void ServerSocket::sendPrepared(const QList<engineio::PreparedMessage> &messages)
{
    if (m_connected && m_client)
        m_client->sendPrepared(messages);
}

void ServerSocket::handlePacket(const SocketPacket &packet, const QByteArray &json)
{
    switch (packet.type) {
    case PacketType::Event:
    case PacketType::BinaryEvent:
        handleEvent(packet, json);
        break;
    case PacketType::Ack:
    case PacketType::BinaryAck:
        handleAck(packet);
        break;
    case PacketType::Disconnect:
        close(toString(engineio::DisconnectReason::ClientNamespaceDisconnect), false);
        break;
    case PacketType::Connect:
    case PacketType::ConnectError:
        break;
    }
}

void ServerSocket::handleEvent(const SocketPacket &packet, const QByteArray &json)
{
    if (!packet.data.isArray() || packet.data.toArray().isEmpty()) {
        m_client->fail();
        return;
    }
    // QVariant arguments are built only for eventReceived's receivers; JSON receivers get the
    // decoded array as it is (a large payload is not converted twice).
    const bool variantWanted
        = isSignalConnected(QMetaMethod::fromSignal(&ServerSocket::eventReceived));
    std::optional<QVariant> values;
    if (variantWanted || packet.type == PacketType::BinaryEvent) {
        auto reconstructed = reconstruct(packet.data, packet.attachments);
        if (!reconstructed) {
            m_client->fail();
            return;
        }
        values = *reconstructed;
    }
    const QString event = packet.data.toArray().first().toVariant().toString();
    EventAck ack;
    if (packet.id) {
        QPointer<ServerSocket> self(this);
        const qint64 id = *packet.id;
        auto done = std::make_shared<bool>(false);
        ack = [self, id, done](const QVariantList &ackArgs) {
            if (*done || !self || !self->m_connected)
                return;
            *done = true;
            SocketPacket reply;
            reply.type = PacketType::Ack;
            reply.nsp = self->nsp();
            reply.id = id;
            reply.data = deconstruct(ackArgs, &reply.attachments).toArray();
            self->sendPacket(reply);
        };
    }
    if (packet.type == PacketType::Event) {
        QJsonArray args = packet.data.toArray();
        args.removeFirst();
        QPointer<ServerSocket> self(this);
        emit jsonEventReceived(event, args, ack, json);
        if (!self)
            return;
    }
    if (values && variantWanted) {
        QVariantList args = values->toList();
        args.removeFirst();
        emit eventReceived(event, args, ack);
    }
}

void ServerSocket::handleAck(const SocketPacket &packet)
{
    if (!packet.id)
        return;
    const auto it = m_acks.find(*packet.id);
    if (it == m_acks.end())
        return;
    auto values = reconstruct(packet.data, packet.attachments);
    if (!values) {
        m_client->fail();
        return;
    }
    const PendingAck pending = *it;
    m_acks.erase(it);
    pending.timer->deleteLater();
    pending.callback(false, values->toList());
}

void ServerSocket::close(const QString &reason, bool sendDisconnect)
{
    if (!m_connected)
        return;
    if (sendDisconnect) {
        SocketPacket packet;
        packet.type = PacketType::Disconnect;
        packet.nsp = nsp();
        sendPacket(packet);
    }
    m_connected = false;
    if (m_nsp) {
        for (const QString &room : std::as_const(m_rooms))
            m_nsp->removeFromRoom(this, room);
        m_nsp->removeSocket(this);
    }
    m_rooms.clear();
    if (m_client)
        m_client->forget(this);
    const QHash<qint64, PendingAck> acks = std::exchange(m_acks, {});
    for (const PendingAck &pending : acks) {
        pending.timer->deleteLater();
        if (pending.callback)
            pending.callback(true, {});
    }
    emit disconnected(reason);
    deleteLater();
}

} // namespace socketio
