#include "socketio/serverclient.h"

#include "socketio/namespace.h"
#include "socketio/server.h"
#include "socketio/serversocket.h"
#include "util/randomid.h"

#include <QJsonObject>
#include <QTimerEvent>

namespace socketio {

ServerClient::ServerClient(Server *server, engineio::EngineSession *session)
    : QObject(session)
    , m_server(server)
    , m_session(session)
{
    connect(session, &engineio::EngineSession::messageReceived, this, &ServerClient::handleMessage);
    connect(session, &engineio::EngineSession::closed, this, &ServerClient::handleClosed);
    m_connectTimer.start(server->options().connectTimeoutMs, Qt::PreciseTimer, this);
}

void ServerClient::send(const EncodedPacket &encoded)
{
    if (!m_session || !m_session->isOpen())
        return;
    m_session->sendText(encoded.text);
    for (const QByteArray &attachment : encoded.attachments) {
        if (!m_session)
            return;
        m_session->sendBinary(attachment);
    }
}

void ServerClient::sendPrepared(const QList<engineio::PreparedMessage> &messages)
{
    for (const engineio::PreparedMessage &message : messages) {
        if (!m_session || !m_session->isOpen())
            return;
        m_session->sendPrepared(message);
    }
}

void ServerClient::fail()
{
    closeSession(engineio::DisconnectReason::ParseError);
}

void ServerClient::closeSession(engineio::DisconnectReason reason)
{
    if (m_session)
        m_session->close(reason);
}

void ServerClient::handleMessage(const QByteArray &data, bool binary)
{
    if (binary) {
        if (!m_reassembler.isWaiting()) {
            fail();
            return;
        }
        auto packet = m_reassembler.addAttachment(data);
        if (!packet) {
            fail();
            return;
        }
        if (packet->has_value())
            dispatch(**packet);
        return;
    }
    if (m_reassembler.isWaiting()) {
        fail(); // text while the attachments of a binary packet are awaited
        return;
    }
    auto header = decode(data);
    if (!header) {
        fail();
        return;
    }
    if (header->expectedAttachments > 0)
        m_reassembler.start(std::move(header.value()));
    else if (header->packet.type == PacketType::Event && header->payloadOffset > 0)
        dispatch(header->packet, data.sliced(header->payloadOffset));
    else
        dispatch(header->packet);
}

void ServerClient::dispatch(const SocketPacket &packet, const QByteArray &json)
{
    if (packet.type == PacketType::Connect) {
        connectNamespace(packet);
        return;
    }
    if (packet.type == PacketType::ConnectError) {
        fail();
        return;
    }
    if (ServerSocket *socket = socketFor(packet.nsp))
        socket->handlePacket(packet, json);
}

void ServerClient::connectNamespace(const SocketPacket &packet)
{
    if (socketFor(packet.nsp))
        return;
    Namespace *nsp = m_server->findNamespace(packet.nsp);
    const auto refuse = [&](const QString &message) {
        SocketPacket error;
        error.type = PacketType::ConnectError;
        error.nsp = packet.nsp;
        error.data = QJsonObject {{QStringLiteral("message"), message}};
        send(encode(error));
    };
    if (!nsp || nsp->name() != packet.nsp) {
        refuse(QStringLiteral("Invalid namespace"));
        return;
    }
    const QJsonObject auth = packet.data.isObject() ? packet.data.toObject() : QJsonObject();
    const QString refusal = nsp->authorize(auth, m_session->handshake());
    if (!refusal.isEmpty()) {
        refuse(refusal);
        return;
    }
    m_connectTimer.stop();
    auto *socket = new ServerSocket(this, nsp, util::randomId(), auth);
    m_sockets.append(socket);
    SocketPacket reply;
    reply.type = PacketType::Connect;
    reply.nsp = packet.nsp;
    reply.data = QJsonObject {{QStringLiteral("sid"), socket->id()}};
    send(encode(reply));
    emit nsp->connection(socket);
}

void ServerClient::handleClosed(const QString &reason)
{
    m_connectTimer.stop();
    const QList<ServerSocket *> sockets = std::exchange(m_sockets, {});
    for (ServerSocket *socket : sockets)
        socket->close(reason, false);
    m_sockets.clear();
}

void ServerClient::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_connectTimer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    m_connectTimer.stop();
    if (m_sockets.isEmpty() && m_session)
        m_session->close(engineio::DisconnectReason::ConnectTimeout);
}

ServerSocket *ServerClient::socketFor(const QString &nsp) const
{
    for (ServerSocket *socket : m_sockets) {
        if (socket->nsp() == nsp)
            return socket;
    }
    return nullptr;
}

} // namespace socketio
