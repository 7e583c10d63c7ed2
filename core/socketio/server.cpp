#include "socketio/server.h"

#include "engineio/enginesession.h"
#include "util/randomid.h"

#include <QBasicTimer>
#include <QJsonArray>
#include <QMetaMethod>
#include <QTimer>
#include <QTimerEvent>

namespace socketio {

namespace {

QString normalizedNamespace(const QString &nsp)
{
    if (nsp.isEmpty())
        return QStringLiteral("/");
    return nsp.startsWith(QLatin1Char('/')) ? nsp : QLatin1Char('/') + nsp;
}

engineio::EngineOptions engineOptions(const ServerOptions &options)
{
    engineio::EngineOptions engine;
    engine.paths = options.paths;
    engine.pingIntervalMs = options.pingIntervalMs;
    engine.pingTimeoutMs = options.pingTimeoutMs;
    engine.maxPayload = options.maxPayload;
    engine.upgradeTimeoutMs = options.upgradeTimeoutMs;
    engine.allowPolling = options.allowPolling;
    engine.allowWebSocket = options.allowWebSocket;
    engine.corsOrigin = options.corsOrigin;
    engine.maxBufferedBytes = options.maxBufferedBytes;
    return engine;
}

// The JSON array of an EVENT or ACK: values replaced by placeholders, bytes into attachments.
QJsonArray deconstructAll(const QVariantList &values, QList<QByteArray> *attachments)
{
    QJsonArray array;
    for (const QVariant &value : values)
        array.append(deconstruct(value, attachments));
    return array;
}

} // namespace

// The Socket.IO side of one Engine.IO session: the namespaces it joined, binary reassembly and
// the connect timeout.
class ServerClient final : public QObject
{
public:
    ServerClient(Server *server, engineio::EngineSession *session)
        : QObject(session)
        , m_server(server)
        , m_session(session)
    {
        connect(session, &engineio::EngineSession::messageReceived, this,
                &ServerClient::handleMessage);
        connect(session, &engineio::EngineSession::closed, this, &ServerClient::handleClosed);
        m_connectTimer.start(server->m_options.connectTimeoutMs, Qt::PreciseTimer, this);
    }

    void send(const EncodedPacket &encoded)
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

    // Sends a packet prepared once for many clients (a broadcast).
    void sendPrepared(const QList<engineio::PreparedMessage> &messages)
    {
        for (const engineio::PreparedMessage &message : messages) {
            if (!m_session || !m_session->isOpen())
                return;
            m_session->sendPrepared(message);
        }
    }

    void fail() { closeSession(engineio::DisconnectReason::ParseError); }

    void closeSession(engineio::DisconnectReason reason)
    {
        if (m_session)
            m_session->close(reason);
    }

    engineio::EngineSession *session() const { return m_session; }
    void forget(ServerSocket *socket) { m_sockets.removeOne(socket); }

private:
    void handleMessage(const QByteArray &data, bool binary)
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
        else
            dispatch(header->packet);
    }

    void dispatch(const SocketPacket &packet)
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
            socket->handlePacket(packet);
    }

    void connectNamespace(const SocketPacket &packet)
    {
        if (socketFor(packet.nsp))
            return;
        Namespace *nsp = m_server->m_namespaces.value(packet.nsp);
        const auto refuse = [&](const QString &message) {
            SocketPacket error;
            error.type = PacketType::ConnectError;
            error.nsp = packet.nsp;
            error.data = QJsonObject {{QStringLiteral("message"), message}};
            send(encode(error));
        };
        if (!nsp) {
            refuse(QStringLiteral("Invalid namespace"));
            return;
        }
        const QJsonObject auth = packet.data.isObject() ? packet.data.toObject() : QJsonObject();
        if (nsp->m_authorizer) {
            const QString refusal = nsp->m_authorizer(auth, m_session->handshake());
            if (!refusal.isEmpty()) {
                refuse(refusal);
                return;
            }
        }
        m_connectTimer.stop();
        auto *socket = new ServerSocket();
        socket->setParent(this);
        socket->m_id = util::randomId();
        socket->m_nsp = nsp;
        socket->m_client = this;
        socket->m_auth = auth;
        socket->m_connected = true;
        m_sockets.append(socket);
        nsp->addSocket(socket);
        SocketPacket reply;
        reply.type = PacketType::Connect;
        reply.nsp = packet.nsp;
        reply.data = QJsonObject {{QStringLiteral("sid"), socket->m_id}};
        send(encode(reply));
        emit nsp->connection(socket);
    }

    void handleClosed(const QString &reason)
    {
        m_connectTimer.stop();
        const QList<ServerSocket *> sockets = std::exchange(m_sockets, {});
        for (ServerSocket *socket : sockets)
            socket->close(reason, false);
        m_sockets.clear();
    }

    void timerEvent(QTimerEvent *event) override
    {
        if (event->timerId() != m_connectTimer.timerId()) {
            QObject::timerEvent(event);
            return;
        }
        m_connectTimer.stop();
        if (m_sockets.isEmpty() && m_session)
            m_session->close(engineio::DisconnectReason::ConnectTimeout);
    }

    ServerSocket *socketFor(const QString &nsp) const
    {
        for (ServerSocket *socket : m_sockets) {
            if (socket->nsp() == nsp)
                return socket;
        }
        return nullptr;
    }

    Server *m_server;
    engineio::EngineSession *m_session; // our parent: outlives this client
    // One socket per connected namespace; a client uses few, so a list beats a hash.
    QList<ServerSocket *> m_sockets;
    BinaryReassembler m_reassembler;
    QBasicTimer m_connectTimer; // no QObject per client for a one-off timeout
};

// ---- Server

Server::Server(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_engine = new engineio::EngineServer(engineOptions(m_options), this);
    connect(m_engine, &engineio::EngineServer::sessionOpened, this, &Server::handleSessionOpened);
    of(QStringLiteral("/"));
}

Server::~Server()
{
    m_engine->disconnect(this);
}

const ServerOptions &Server::options() const
{
    return m_options;
}

engineio::EngineServer *Server::engine() const
{
    return m_engine;
}

bool Server::handlesPath(const QString &path) const
{
    return m_engine->handlesPath(path);
}

void Server::handleHttpRequest(const engineio::HttpRequest &request,
                               const engineio::HttpReply &reply)
{
    m_engine->handleHttpRequest(request, reply);
}

std::optional<engineio::HttpResponse>
Server::verifyWebSocketUpgrade(const engineio::HttpRequest &request) const
{
    return m_engine->verifyWebSocketUpgrade(request);
}

void Server::handleWebSocket(engineio::WebSocketConnection *socket)
{
    m_engine->handleWebSocket(socket);
}

Namespace *Server::of(const QString &nsp)
{
    const QString name = normalizedNamespace(nsp);
    Namespace *ns = m_namespaces.value(name);
    if (!ns) {
        ns = new Namespace(this, name);
        m_namespaces.insert(name, ns);
    }
    return ns;
}

bool Server::hasNamespace(const QString &nsp) const
{
    return m_namespaces.contains(normalizedNamespace(nsp));
}

int Server::sessionCount() const
{
    return m_engine->sessionCount();
}

void Server::closeAll()
{
    m_engine->closeAll(engineio::DisconnectReason::ServerShuttingDown);
}

void Server::handleSessionOpened(engineio::EngineSession *session)
{
    new ServerClient(this, session);
}

// ---- Namespace

Namespace::Namespace(Server *server, const QString &name)
    : QObject(server)
    , m_name(name)
{ }

QString Namespace::name() const
{
    return m_name;
}

void Namespace::setAuthorizer(
    std::function<QString(const QJsonObject &auth, const engineio::HttpRequest &handshake)>
        authorizer)
{
    m_authorizer = std::move(authorizer);
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
    QJsonArray json;
    for (const QJsonValue &value : deconstructAll(args, &attachments))
        json.append(value);
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
    SocketPacket packet;
    packet.type = PacketType::Event;
    packet.nsp = m_name;
    QJsonArray data {event};
    for (const QJsonValue &value : args)
        data.append(value);
    packet.data = data;
    packet.attachments = attachments;
    QList<ServerSocket *> targets;
    if (room.isEmpty()) {
        targets = m_sockets.values();
    } else {
        const auto it = m_rooms.constFind(room);
        if (it == m_rooms.cend())
            return;
        targets = it->values();
    }
    // Encoded once, framed once: every recipient gets the same bytes.
    const EncodedPacket encoded = encode(packet);
    QList<engineio::PreparedMessage> prepared {engineio::prepareTextMessage(encoded.text)};
    for (const QByteArray &attachment : encoded.attachments)
        prepared.append(engineio::prepareBinaryMessage(attachment));
    for (ServerSocket *socket : std::as_const(targets)) {
        if (socket != except && socket->m_connected)
            socket->m_client->sendPrepared(prepared);
    }
}

void Namespace::addSocket(ServerSocket *socket)
{
    m_sockets.insert(socket->m_id, socket);
}

void Namespace::removeSocket(ServerSocket *socket)
{
    m_sockets.remove(socket->m_id);
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

// ---- ServerSocket

ServerSocket::ServerSocket() = default;

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
    for (const QJsonValue &value : deconstructAll(args, &packet.attachments))
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

void ServerSocket::handlePacket(const SocketPacket &packet)
{
    switch (packet.type) {
    case PacketType::Event:
    case PacketType::BinaryEvent: {
        if (!packet.data.isArray() || packet.data.toArray().isEmpty()) {
            m_client->fail();
            return;
        }
        // QVariant arguments are built only for eventReceived's receivers; JSON receivers get
        // the decoded array as it is (a large payload is not converted twice).
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
        std::function<void(const QVariantList &)> ack;
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
                reply.data = deconstructAll(ackArgs, &reply.attachments);
                self->sendPacket(reply);
            };
        }
        if (packet.type == PacketType::Event) {
            QJsonArray args = packet.data.toArray();
            args.removeFirst();
            QPointer<ServerSocket> self(this);
            emit jsonEventReceived(event, args, ack);
            if (!self)
                return;
        }
        if (values && variantWanted) {
            QVariantList args = values->toList();
            args.removeFirst();
            emit eventReceived(event, args, ack);
        }
        break;
    }
    case PacketType::Ack:
    case PacketType::BinaryAck: {
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
        break;
    }
    case PacketType::Disconnect:
        close(toString(engineio::DisconnectReason::ClientNamespaceDisconnect), false);
        break;
    case PacketType::Connect:
    case PacketType::ConnectError:
        break;
    }
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
