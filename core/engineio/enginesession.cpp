#include "engineio/enginesession.h"

#include "engineio/engineserver.h"

#include "engineio/websocketconnection.h"

#include <QTimerEvent>

namespace engineio {

namespace {

constexpr QByteArrayView kProbePing = "2probe";
constexpr QByteArrayView kProbePong = "3probe";

HttpResponse payloadResponse(const QByteArray &payload)
{
    return HttpResponse::text(200, payload);
}

// Closes a WebSocket gracefully and deletes it once closed (the connection bounds the wait).
// `keeper` (the server) owns it meanwhile, so nothing outlives the server.
void retireSocket(WebSocketConnection *socket, QObject *keeper)
{
    if (!socket)
        return;
    socket->disconnect();
    socket->setParent(keeper);
    QObject::connect(socket, &WebSocketConnection::disconnected, socket, &QObject::deleteLater);
    if (!socket->isOpen()) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    socket->close();
}

} // namespace

PreparedMessage prepareTextMessage(const QByteArray &utf8)
{
    PreparedMessage message {EnginePacket::text(PacketType::Message, utf8), {}};
    message.frame = encodeWebSocketFrame(WebSocketOpcode::Text, encodeFrame(message.packet));
    return message;
}

PreparedMessage prepareBinaryMessage(const QByteArray &bytes)
{
    PreparedMessage message {EnginePacket::binaryMessage(bytes), {}};
    message.frame = encodeWebSocketFrame(WebSocketOpcode::Binary, bytes);
    return message;
}

EngineSession::EngineSession(EngineServer *server, const QString &sid, const HttpRequest &handshake)
    : QObject(server)
    , m_server(server)
    , m_sid(sid)
    , m_handshake(handshake)
{ }

EngineSession::~EngineSession()
{
    if (m_hasHeldPoll && m_heldPoll)
        m_heldPoll(payloadResponse(encodePayload({EnginePacket::text(PacketType::Close)})));
    // Still our children: a close frame goes out now, and they are deleted with us.
    for (WebSocketConnection *socket : {m_socket, m_probe}) {
        if (socket) {
            socket->disconnect(this);
            socket->close(WebSocketCloseCode::GoingAway);
        }
    }
}

void EngineSession::start(TransportKind transport, WebSocketConnection *socket)
{
    const EngineOptions &options = m_server->options();
    m_transport = transport;
    m_open = true;
    if (socket)
        attachSocket(socket);
    Handshake handshake;
    handshake.sid = m_sid;
    if (transport == TransportKind::Polling && options.allowWebSocket)
        handshake.upgrades = {QStringLiteral("websocket")};
    handshake.pingInterval = options.pingIntervalMs;
    handshake.pingTimeout = options.pingTimeoutMs;
    handshake.maxPayload = options.maxPayload;
    send(EnginePacket::text(PacketType::Open, handshake.toJson()));
    m_server->scheduleHeartbeat(this, options.pingIntervalMs);
    emit m_server->sessionOpened(this);
}

void EngineSession::sendText(const QByteArray &utf8)
{
    send(EnginePacket::text(PacketType::Message, utf8));
}

void EngineSession::sendBinary(const QByteArray &bytes)
{
    send(EnginePacket::binaryMessage(bytes));
}

void EngineSession::sendPrepared(const PreparedMessage &message)
{
    if (!m_open || m_closing)
        return;
    if (m_transport == TransportKind::WebSocket && m_socket) {
        m_socket->writeFrame(message.frame);
        checkBuffer();
        return;
    }
    send(message.packet);
}

qint64 EngineSession::bufferedBytes() const
{
    qint64 bytes = m_outboxBytes;
    if (m_socket)
        bytes += m_socket->bufferedBytes();
    return bytes;
}

void EngineSession::close(DisconnectReason reason)
{
    if (!m_open || m_closing)
        return;
    if (m_transport == TransportKind::Polling && (!m_outbox.isEmpty() || !m_hasHeldPoll)) {
        // As the reference server does: deliver what is queued, then the CLOSE packet on the
        // next poll (or give up after a heartbeat period).
        m_closing = true;
        m_closeReason = reason;
        m_server->cancelHeartbeat(this);
        abandonUpgrade();
        flushPolling();
        const EngineOptions &options = m_server->options();
        m_closeTimer.start(options.pingIntervalMs + options.pingTimeoutMs, this);
        return;
    }
    finish(reason, true);
}

void EngineSession::send(const EnginePacket &packet)
{
    if (!m_open || m_closing)
        return;
    if (m_transport == TransportKind::WebSocket && m_socket) {
        // Straight to the connection: it queues only what the kernel does not take.
        if (packet.binary)
            m_socket->sendBinary(packet.data);
        else
            m_socket->sendText(encodeFrame(packet));
    } else {
        const bool wasEmpty = m_outbox.isEmpty();
        m_outbox.append(packet);
        m_outboxBytes += packet.data.size() + 1;
        // Batch what is sent in one event-loop turn into one poll response.
        if (wasEmpty && m_hasHeldPoll)
            QMetaObject::invokeMethod(this, &EngineSession::flushPolling, Qt::QueuedConnection);
    }
    checkBuffer();
}

void EngineSession::attachSocket(WebSocketConnection *socket)
{
    m_socket = socket;
    socket->setParent(this);
    connect(socket, &WebSocketConnection::textReceived, this, &EngineSession::handleWebSocketText);
    connect(socket, &WebSocketConnection::binaryReceived, this,
            &EngineSession::handleWebSocketBinary);
    connect(socket, &WebSocketConnection::disconnected, this,
            [this] { finish(DisconnectReason::TransportClose, false); });
}

void EngineSession::checkBuffer()
{
    if (!m_open)
        return;
    const qint64 limit = m_server->options().maxBufferedBytes;
    if (m_outboxBytes > limit || (m_socket && m_socket->bufferedMoreThan(limit - m_outboxBytes)))
        finish(DisconnectReason::TransportError, false);
}

void EngineSession::respond(const HttpReply &reply, const HttpRequest &request,
                            const HttpResponse &response)
{
    HttpResponse withCors = response;
    withCors.headers.append(m_server->corsHeaders(request));
    reply(withCors);
}

void EngineSession::flushPolling()
{
    if (!m_open || !m_hasHeldPoll || m_outbox.isEmpty() || m_transport != TransportKind::Polling)
        return;
    const QByteArray payload = encodePayload(m_outbox);
    m_outbox.clear();
    m_outboxBytes = 0;
    const HttpReply reply = std::move(m_heldPoll);
    m_heldPoll = {};
    m_hasHeldPoll = false;
    respond(reply, m_heldPollRequest, payloadResponse(payload));
}

void EngineSession::handlePoll(const HttpRequest &request, const HttpReply &reply)
{
    if (m_hasHeldPoll) {
        // Overlapping GET requests: the client is confused; end the session.
        respond(reply, request, errorResponse(EngineError::BadRequest));
        finish(DisconnectReason::TransportError, true);
        return;
    }
    if (m_closing && m_outbox.isEmpty()) {
        respond(reply, request,
                payloadResponse(encodePayload({EnginePacket::text(PacketType::Close)})));
        finish(m_closeReason, false);
        return;
    }
    m_hasHeldPoll = true;
    m_heldPoll = reply;
    m_heldPollRequest = request;
    m_heldPollRequest.body.clear();
    if (!m_outbox.isEmpty()) {
        flushPolling();
    } else if (m_probed) {
        // The client is upgrading: end its poll cycle right away.
        m_hasHeldPoll = false;
        m_heldPoll = {};
        respond(reply, request,
                payloadResponse(encodePayload({EnginePacket::text(PacketType::Noop)})));
    }
}

void EngineSession::handlePost(const HttpRequest &request, const HttpReply &reply)
{
    if (request.body.size() > m_server->options().maxPayload) {
        respond(reply, request, HttpResponse::text(413, "Payload Too Large"));
        finish(DisconnectReason::TransportError, true);
        return;
    }
    auto packets = decodePayload(request.body);
    if (!packets) {
        respond(reply, request, errorResponse(EngineError::BadRequest));
        finish(DisconnectReason::ParseError, true);
        return;
    }
    respond(reply, request, HttpResponse::text(200, "ok", "text/html"));
    if (m_closing)
        return;
    QPointer<EngineSession> guard(this);
    for (const EnginePacket &packet : std::as_const(packets.value())) {
        if (!guard || !m_open)
            return;
        handlePacket(packet);
    }
}

void EngineSession::handlePacket(const EnginePacket &packet)
{
    switch (packet.type) {
    case PacketType::Message:
        emit messageReceived(packet.data, packet.binary);
        break;
    case PacketType::Pong:
        if (m_awaitingPong) {
            m_awaitingPong = false;
            m_server->scheduleHeartbeat(this, m_server->options().pingIntervalMs);
        }
        break;
    case PacketType::Ping:
        send(EnginePacket::text(PacketType::Pong, packet.data));
        break;
    case PacketType::Close:
        finish(DisconnectReason::TransportClose, false);
        break;
    case PacketType::Open:
    case PacketType::Upgrade:
    case PacketType::Noop:
        break;
    }
}

void EngineSession::handleWebSocketText(const QByteArray &text)
{
    const auto packet = decodeTextFrame(text);
    if (!packet) {
        finish(DisconnectReason::ParseError, true);
        return;
    }
    handlePacket(*packet);
}

void EngineSession::handleWebSocketBinary(const QByteArray &bytes)
{
    const auto packet = decodeBinaryFrame(bytes);
    if (!packet) {
        finish(DisconnectReason::ParseError, true);
        return;
    }
    handlePacket(*packet);
}

void EngineSession::attachProbe(WebSocketConnection *socket)
{
    if (!m_open || m_closing || m_transport != TransportKind::Polling || m_probe) {
        retireSocket(socket, m_server);
        return;
    }
    m_probe = socket;
    m_probed = false;
    socket->setParent(this);
    connect(socket, &WebSocketConnection::textReceived, this, &EngineSession::handleProbeText);
    connect(socket, &WebSocketConnection::binaryReceived, this, &EngineSession::abandonUpgrade);
    connect(socket, &WebSocketConnection::disconnected, this, &EngineSession::abandonUpgrade);
    m_upgradeTimer.start(m_server->options().upgradeTimeoutMs, this);
}

void EngineSession::handleProbeText(const QByteArray &text)
{
    if (text == kProbePing && !m_probed) {
        m_probe->sendText(kProbePong);
        m_probed = true;
        if (m_hasHeldPoll && m_outbox.isEmpty()) {
            const HttpReply reply = std::move(m_heldPoll);
            m_heldPoll = {};
            m_hasHeldPoll = false;
            respond(reply, m_heldPollRequest,
                    payloadResponse(encodePayload({EnginePacket::text(PacketType::Noop)})));
        }
    } else if (text == QByteArrayView("5") && m_probed) {
        completeUpgrade();
    } else {
        abandonUpgrade();
    }
}

void EngineSession::abandonUpgrade()
{
    m_upgradeTimer.stop();
    m_probed = false;
    WebSocketConnection *probe = m_probe;
    m_probe = nullptr;
    retireSocket(probe, m_server);
}

void EngineSession::completeUpgrade()
{
    m_upgradeTimer.stop();
    WebSocketConnection *socket = m_probe;
    m_probe = nullptr;
    m_probed = false;
    socket->disconnect(this);
    m_transport = TransportKind::WebSocket;
    attachSocket(socket);
    if (m_hasHeldPoll) {
        const HttpReply reply = std::move(m_heldPoll);
        m_heldPoll = {};
        m_hasHeldPoll = false;
        respond(reply, m_heldPollRequest,
                payloadResponse(encodePayload({EnginePacket::text(PacketType::Noop)})));
    }
    const QList<EnginePacket> pending = std::exchange(m_outbox, {});
    m_outboxBytes = 0;
    for (const EnginePacket &packet : pending)
        send(packet);
}

void EngineSession::sendPing()
{
    send(EnginePacket::text(PacketType::Ping));
    m_awaitingPong = true;
    m_server->scheduleHeartbeat(this, m_server->options().pingTimeoutMs);
}

void EngineSession::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_upgradeTimer.timerId()) {
        abandonUpgrade();
    } else if (event->timerId() == m_closeTimer.timerId()) {
        m_closeTimer.stop();
        finish(m_closeReason, false);
    } else {
        QObject::timerEvent(event);
    }
}

void EngineSession::heartbeatDue()
{
    if (m_awaitingPong)
        finish(DisconnectReason::PingTimeout, true);
    else
        sendPing();
}

void EngineSession::finish(DisconnectReason reason, bool notifyClient)
{
    if (!m_open)
        return;
    m_open = false;
    m_server->cancelHeartbeat(this);
    m_upgradeTimer.stop();
    m_closeTimer.stop();
    if (m_hasHeldPoll) {
        const HttpReply reply = std::move(m_heldPoll);
        m_heldPoll = {};
        m_hasHeldPoll = false;
        const PacketType type = notifyClient ? PacketType::Close : PacketType::Noop;
        respond(reply, m_heldPollRequest,
                payloadResponse(encodePayload({EnginePacket::text(type)})));
    }
    m_outbox.clear();
    m_outboxBytes = 0;
    WebSocketConnection *socket = m_socket;
    m_socket = nullptr;
    retireSocket(socket, m_server);
    WebSocketConnection *probe = m_probe;
    m_probe = nullptr;
    retireSocket(probe, m_server);
    m_server->forgetSession(this);
    const QString text = toString(reason);
    emit closed(text);
    emit m_server->sessionClosed(this, text);
    deleteLater();
}

} // namespace engineio
