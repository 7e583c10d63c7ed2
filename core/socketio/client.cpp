#include "socketio/client.h"

#include <QMetaMethod>

#include "engineio/enginepacket.h"
#include "socketio/backoff.h"
#include "socketio/socketpacket.h"

#include <QJsonArray>
#include <QMap>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <memory>

namespace socketio {

namespace {

// Whether every Engine.IO message of an encoded packet fits in maxPayload (0: unknown yet).
bool fits(const EncodedPacket &encoded, qint64 maxPayload)
{
    if (maxPayload <= 0)
        return true;
    if (encoded.text.size() + 1 > maxPayload)
        return false;
    return std::all_of(
        encoded.attachments.cbegin(), encoded.attachments.cend(),
        [maxPayload](const QByteArray &bytes) { return bytes.size() <= maxPayload; });
}

QString eventName(const QJsonValue &value)
{
    return value.isString() ? value.toString() : QString::number(value.toDouble());
}

} // namespace

// An ack the server has not answered yet.
struct PendingAck
{
    AckCallback callback;
    QTimer *timer = nullptr;
    bool sent = false;
};

// An emit waiting for its namespace to connect.
struct QueuedEmit
{
    EncodedPacket encoded;
    std::optional<qint64> ackId;
};

struct Socket::Private
{
    Socket *q = nullptr;
    Client *client = nullptr;
    QString nsp;
    QJsonObject auth;
    bool active = true; // CONNECT on every (re)open
    bool connected = false;
    QString id;
    qint64 nextAckId = 0;
    QHash<qint64, PendingAck> acks;
    QList<QueuedEmit> queue;

    void sendConnect();
    void onPacket(const SocketPacket &packet);
    void onLinkDown(const QString &reason);
    void flushQueue();
    void enqueue(QueuedEmit emitted);
    // Removes the ack and calls its callback with `error` (it is called at most once).
    void failAck(qint64 id, AckError error);
    void failSentAcks(AckError error);
    void leave(const QString &reason);
    EventAck makeAckFunction(qint64 ackId);
};

struct Client::Private
{
    Client *q = nullptr;
    ClientOptions options;
    ClientState state = ClientState::Disconnected;
    QWebSocket *webSocket = nullptr;
    bool linkOpen = false; // Engine.IO handshake done on webSocket
    bool skipReconnect = true;
    bool tlsErrorReported = false;
    engineio::Handshake handshake;
    qint64 maxPayload = 0;
    QTimer pingTimer;
    QTimer openTimer;
    QTimer reconnectTimer;
    Backoff backoff {0, 0, 0.0};
    BinaryReassembler reassembler;
    QMap<QString, Socket *> sockets;

    QUrl engineUrl() const;
    void setState(ClientState newState);
    void startAttempt();
    void tearDown(bool graceful);
    void onLinkFailure(const QString &reason, ClientError error, const QString &detail);
    void scheduleReconnect();
    void protocolError(const QString &detail);
    void onTextMessage(const QByteArray &frame);
    void onBinaryMessage(const QByteArray &frame);
    void onSocketText(const QByteArray &text);
    void dispatch(const SocketPacket &packet);
    void onHandshake(const QByteArray &json);
    void resetPingWatchdog();
    bool canSend() const { return webSocket && linkOpen; }
    // Sends a packet's frames; false (nothing sent) when one exceeds maxPayload.
    bool send(const EncodedPacket &encoded);
    void reportTooLarge(const EncodedPacket &encoded);
};

// ---------------------------------------------------------------------------------------------
// Client

Client::Client(ClientOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->options = std::move(options);
    d->backoff = Backoff(d->options.reconnectionDelayMs, d->options.reconnectionDelayMaxMs,
                         d->options.randomizationFactor);
    d->pingTimer.setSingleShot(true);
    d->openTimer.setSingleShot(true);
    d->reconnectTimer.setSingleShot(true);
    connect(&d->pingTimer, &QTimer::timeout, this, [this] {
        const QString detail = QStringLiteral("no ping from the server within %1 ms")
                                   .arg(d->handshake.pingInterval + d->handshake.pingTimeout);
        d->onLinkFailure(QStringLiteral("ping timeout"), ClientError::PingTimeout, detail);
    });
    connect(&d->openTimer, &QTimer::timeout, this, [this] {
        d->onLinkFailure(
            QStringLiteral("timeout"), ClientError::ConnectFailed,
            QStringLiteral("connection not open after %1 ms").arg(d->options.openTimeoutMs));
    });
    connect(&d->reconnectTimer, &QTimer::timeout, this, [this] { d->startAttempt(); });
}

Client::~Client()
{
    d->skipReconnect = true;
    d->tearDown(false);
    // Sockets are children: make sure they do not call back into a half-destroyed Client.
    for (Socket *socket : std::as_const(d->sockets))
        socket->d->client = nullptr;
}

const ClientOptions &Client::options() const
{
    return d->options;
}

ClientState Client::state() const
{
    return d->state;
}

qint64 Client::maxPayload() const
{
    return d->maxPayload;
}

QString Client::sid() const
{
    return d->linkOpen ? d->handshake.sid : QString();
}

Socket *Client::socket(const QString &nsp, const QJsonObject &auth)
{
    const QString name = nsp.startsWith(QLatin1Char('/')) ? nsp : QLatin1Char('/') + nsp;
    if (Socket *existing = d->sockets.value(name))
        return existing;
    auto *created = new Socket(this, name, auth);
    d->sockets.insert(name, created);
    if (d->canSend())
        created->d->sendConnect();
    return created;
}

void Client::open()
{
    if (d->state != ClientState::Disconnected)
        return;
    d->skipReconnect = false;
    d->backoff.reset();
    d->setState(ClientState::Connecting);
    d->startAttempt();
}

void Client::close()
{
    const bool wasOpen = d->linkOpen;
    d->skipReconnect = true;
    d->reconnectTimer.stop();
    d->backoff.reset();
    if (wasOpen) {
        for (Socket *socket : std::as_const(d->sockets)) {
            if (socket->d->connected) {
                SocketPacket packet;
                packet.type = PacketType::Disconnect;
                packet.nsp = socket->d->nsp;
                d->send(encode(packet));
            }
        }
    }
    d->tearDown(true);
    const QString reason = QStringLiteral("io client disconnect");
    if (wasOpen) {
        for (Socket *socket : std::as_const(d->sockets))
            socket->d->onLinkDown(reason);
    }
    d->setState(ClientState::Disconnected);
    if (wasOpen)
        emit disconnected(reason);
}

QUrl Client::Private::engineUrl() const
{
    QUrl url = options.url;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss"))
        url.setScheme(QStringLiteral("wss"));
    else
        url.setScheme(QStringLiteral("ws"));
    QString path = options.path.isEmpty() ? QStringLiteral("/socket.io/") : options.path;
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    if (!path.endsWith(QLatin1Char('/')))
        path.append(QLatin1Char('/'));
    url.setPath(path);
    QUrlQuery query = options.query;
    query.removeAllQueryItems(QStringLiteral("EIO"));
    query.removeAllQueryItems(QStringLiteral("transport"));
    query.addQueryItem(QStringLiteral("EIO"), QStringLiteral("4"));
    query.addQueryItem(QStringLiteral("transport"), QStringLiteral("websocket"));
    url.setQuery(query);
    url.setFragment(QString());
    return url;
}

void Client::Private::setState(ClientState newState)
{
    if (state == newState)
        return;
    state = newState;
    emit q->stateChanged(newState);
}

void Client::Private::startAttempt()
{
    tearDown(false);
    tlsErrorReported = false;
    webSocket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, q);
    QWebSocket *ws = webSocket;

    QObject::connect(ws, &QWebSocket::textMessageReceived, q,
                     [this](const QString &message) { onTextMessage(message.toUtf8()); });
    QObject::connect(ws, &QWebSocket::binaryMessageReceived, q,
                     [this](const QByteArray &message) { onBinaryMessage(message); });
    QObject::connect(ws, &QWebSocket::disconnected, q, [this] {
        onLinkFailure(QStringLiteral("transport close"),
                      linkOpen ? ClientError::TransportClosed : ClientError::ConnectFailed,
                      QStringLiteral("connection closed"));
    });
    QObject::connect(ws, &QWebSocket::sslErrors, q, [this](const QList<QSslError> &errors) {
        QStringList details;
        for (const QSslError &error : errors)
            details.append(error.errorString());
        tlsErrorReported = true;
        // Never ignored: the handshake fails and the error path below tears the socket down.
        emit q->errorOccurred(ClientError::TlsError, details.join(QStringLiteral("; ")));
    });
    // Qt 6.4: after a failed opening handshake QWebSocket reports the error but does not
    // disconnect; every error therefore ends the attempt here (tearDown aborts the socket).
    QObject::connect(
        ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q,
        [this, ws](QAbstractSocket::SocketError error) {
            const QString detail = ws->errorString();
            if (error == QAbstractSocket::SslHandshakeFailedError
                || error == QAbstractSocket::SslInternalError
                || error == QAbstractSocket::SslInvalidUserDataError) {
                if (!tlsErrorReported) {
                    tlsErrorReported = true;
                    emit q->errorOccurred(ClientError::TlsError, detail);
                }
                onLinkFailure(QStringLiteral("transport error"), ClientError::TlsError, QString());
                return;
            }
            if (error == QAbstractSocket::RemoteHostClosedError && linkOpen) {
                onLinkFailure(QStringLiteral("transport close"), ClientError::TransportClosed,
                              detail);
                return;
            }
            onLinkFailure(QStringLiteral("transport error"),
                          linkOpen ? ClientError::TransportClosed : ClientError::ConnectFailed,
                          detail);
        });

    QNetworkRequest request(engineUrl());
    for (const auto &header : std::as_const(options.headers))
        request.setRawHeader(header.first, header.second);
    if (!options.trustedCertificates.isEmpty()) {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.addCaCertificates(options.trustedCertificates);
        request.setSslConfiguration(configuration);
        ws->setSslConfiguration(configuration);
    }
    if (options.openTimeoutMs > 0)
        openTimer.start(options.openTimeoutMs);
    ws->open(request);
}

void Client::Private::tearDown(bool graceful)
{
    pingTimer.stop();
    openTimer.stop();
    reassembler.reset();
    linkOpen = false;
    if (!webSocket)
        return;
    QWebSocket *ws = webSocket;
    webSocket = nullptr;
    QObject::disconnect(ws, nullptr, q, nullptr);
    if (graceful && ws->state() == QAbstractSocket::ConnectedState) {
        // Let the close frame go out; the socket deletes itself when the server answers.
        QObject::connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
        QTimer::singleShot(2000, ws, [ws] { ws->abort(); });
        ws->setParent(nullptr);
        QObject::connect(q, &QObject::destroyed, ws, &QObject::deleteLater);
        ws->close(QWebSocketProtocol::CloseCodeNormal);
        return;
    }
    ws->abort();
    ws->deleteLater();
}

void Client::Private::onLinkFailure(const QString &reason, ClientError error, const QString &detail)
{
    if (!webSocket && !linkOpen)
        return; // already handled for this attempt
    const bool wasOpen = linkOpen;
    tearDown(false);
    if (!detail.isEmpty())
        emit q->errorOccurred(error, detail);
    if (wasOpen) {
        for (Socket *socket : std::as_const(sockets))
            socket->d->onLinkDown(reason);
        emit q->disconnected(reason);
    }
    // A slot above may have closed or reopened the client.
    if (skipReconnect || webSocket || reconnectTimer.isActive())
        return;
    scheduleReconnect();
}

void Client::Private::scheduleReconnect()
{
    if (!options.reconnection) {
        skipReconnect = true;
        setState(ClientState::Disconnected);
        return;
    }
    if (options.reconnectionAttempts >= 0 && backoff.attempts() >= options.reconnectionAttempts) {
        const int attempts = backoff.attempts();
        backoff.reset();
        skipReconnect = true;
        setState(ClientState::Disconnected);
        emit q->errorOccurred(
            ClientError::ConnectFailed,
            QStringLiteral("gave up after %1 reconnection attempts").arg(attempts));
        return;
    }
    const int delay = backoff.nextDelay();
    setState(ClientState::Reconnecting);
    reconnectTimer.start(delay);
    emit q->reconnectScheduled(backoff.attempts(), delay);
}

void Client::Private::protocolError(const QString &detail)
{
    emit q->errorOccurred(ClientError::ProtocolError, detail);
    onLinkFailure(QStringLiteral("parse error"), ClientError::ProtocolError, QString());
}

void Client::Private::resetPingWatchdog()
{
    pingTimer.start(handshake.pingInterval + handshake.pingTimeout);
}

void Client::Private::onHandshake(const QByteArray &json)
{
    auto parsed = engineio::Handshake::fromJson(json);
    if (!parsed) {
        protocolError(parsed.error().detail);
        return;
    }
    handshake = std::move(parsed).value();
    maxPayload = handshake.maxPayload;
    linkOpen = true;
    openTimer.stop();
    backoff.reset();
    resetPingWatchdog();
    setState(ClientState::Connected);
    const QList<Socket *> all = sockets.values();
    for (Socket *socket : all) {
        if (canSend() && socket->d->active)
            socket->d->sendConnect();
    }
}

void Client::Private::onTextMessage(const QByteArray &frame)
{
    auto decoded = engineio::decodeTextFrame(frame);
    if (!decoded) {
        protocolError(decoded.error().detail);
        return;
    }
    const engineio::EnginePacket &packet = *decoded;
    if (!linkOpen) {
        if (packet.type != engineio::PacketType::Open) {
            protocolError(QStringLiteral("expected the OPEN packet first"));
            return;
        }
        onHandshake(packet.data);
        return;
    }
    switch (packet.type) {
    case engineio::PacketType::Ping:
        resetPingWatchdog();
        webSocket->sendTextMessage(QStringLiteral("3"));
        break;
    case engineio::PacketType::Message:
        onSocketText(packet.data);
        break;
    case engineio::PacketType::Close:
        onLinkFailure(QStringLiteral("transport close"), ClientError::TransportClosed,
                      QStringLiteral("the server closed the connection"));
        break;
    case engineio::PacketType::Open:
        protocolError(QStringLiteral("second OPEN packet"));
        break;
    case engineio::PacketType::Pong:
    case engineio::PacketType::Upgrade:
    case engineio::PacketType::Noop:
        break;
    }
}

void Client::Private::onBinaryMessage(const QByteArray &frame)
{
    if (!linkOpen) {
        protocolError(QStringLiteral("binary message before the OPEN packet"));
        return;
    }
    auto added = reassembler.addAttachment(frame);
    if (!added) {
        protocolError(added.error().detail);
        return;
    }
    if (added->has_value())
        dispatch(**added);
}

void Client::Private::onSocketText(const QByteArray &text)
{
    if (reassembler.isWaiting()) {
        protocolError(QStringLiteral("text message while binary attachments were awaited"));
        return;
    }
    auto decoded = decode(text);
    if (!decoded) {
        protocolError(decoded.error().detail);
        return;
    }
    if (decoded->expectedAttachments > 0) {
        reassembler.start(std::move(decoded).value());
        return;
    }
    dispatch(decoded->packet);
}

void Client::Private::dispatch(const SocketPacket &packet)
{
    Socket *socket = sockets.value(packet.nsp);
    if (!socket)
        return; // a namespace this client never asked for
    socket->d->onPacket(packet);
}

bool Client::Private::send(const EncodedPacket &encoded)
{
    if (!fits(encoded, maxPayload))
        return false;
    if (!canSend())
        return true;
    webSocket->sendTextMessage(QString::fromUtf8("4" + encoded.text));
    for (const QByteArray &attachment : encoded.attachments)
        webSocket->sendBinaryMessage(attachment);
    return true;
}

void Client::Private::reportTooLarge(const EncodedPacket &encoded)
{
    qint64 largest = encoded.text.size() + 1;
    for (const QByteArray &attachment : encoded.attachments)
        largest = std::max<qint64>(largest, attachment.size());
    emit q->errorOccurred(
        ClientError::PayloadTooLarge,
        QStringLiteral("a message of %1 bytes exceeds the server's maxPayload of %2")
            .arg(largest)
            .arg(maxPayload));
}

// ---------------------------------------------------------------------------------------------
// Socket

Socket::Socket(Client *client, const QString &nsp, const QJsonObject &auth)
    : QObject(client)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->client = client;
    d->nsp = nsp;
    d->auth = auth;
}

Socket::~Socket() = default;

QString Socket::nsp() const
{
    return d->nsp;
}

bool Socket::isConnected() const
{
    return d->connected;
}

QString Socket::id() const
{
    return d->id;
}

void Socket::setAuth(const QJsonObject &auth)
{
    d->auth = auth;
}

bool Socket::emitEvent(const QString &event, const QVariantList &args, AckCallback ack,
                       int ackTimeoutMs)
{
    if (!d->client)
        return false;
    QVariantList all;
    all.reserve(args.size() + 1);
    all.append(event);
    all.append(args);
    SocketPacket packet;
    packet.type = PacketType::Event;
    packet.nsp = d->nsp;
    packet.data = deconstruct(all, &packet.attachments);
    return emitPacket(std::move(packet), std::move(ack), ackTimeoutMs);
}

bool Socket::emitJsonEvent(const QString &event, const QJsonArray &args, AckCallback ack,
                           int ackTimeoutMs)
{
    if (!d->client)
        return false;
    QJsonArray all {event};
    for (const QJsonValue &arg : args)
        all.append(arg);
    SocketPacket packet;
    packet.type = PacketType::Event;
    packet.nsp = d->nsp;
    packet.data = all;
    return emitPacket(std::move(packet), std::move(ack), ackTimeoutMs);
}

bool Socket::emitPacket(SocketPacket packet, AckCallback ack, int ackTimeoutMs)
{
    Client::Private *link = d->client->d.get();
    std::optional<qint64> ackId;
    if (ack) {
        ackId = d->nextAckId++;
        packet.id = ackId;
    }
    QueuedEmit emitted {encode(packet), ackId};

    if (!fits(emitted.encoded, link->maxPayload)) {
        link->reportTooLarge(emitted.encoded);
        if (ack)
            ack(AckError::PayloadTooLarge, {});
        return false;
    }
    const bool sendNow = d->connected && link->canSend();
    if (!sendNow && d->client->options().maxQueuedEmits <= 0) {
        if (ack)
            ack(AckError::Dropped, {});
        return false;
    }
    if (ackId) {
        PendingAck pending;
        pending.callback = std::move(ack);
        if (ackTimeoutMs > 0) {
            pending.timer = new QTimer(this);
            pending.timer->setSingleShot(true);
            const qint64 id = *ackId;
            connect(pending.timer, &QTimer::timeout, this, [this, id] {
                d->queue.removeIf([id](const QueuedEmit &queued) { return queued.ackId == id; });
                d->failAck(id, AckError::Timeout);
            });
            pending.timer->start(ackTimeoutMs);
        }
        pending.sent = sendNow;
        d->acks.insert(*ackId, std::move(pending));
    }
    if (sendNow)
        link->send(emitted.encoded);
    else
        d->enqueue(std::move(emitted));
    return true;
}

void Socket::connectToNamespace()
{
    d->active = true;
    if (d->client && d->client->d->canSend() && !d->connected)
        d->sendConnect();
}

void Socket::disconnectFromNamespace()
{
    d->active = false;
    if (d->connected && d->client) {
        SocketPacket packet;
        packet.type = PacketType::Disconnect;
        packet.nsp = d->nsp;
        d->client->d->send(encode(packet));
    }
    d->leave(QStringLiteral("io client disconnect"));
}

void Socket::Private::sendConnect()
{
    SocketPacket packet;
    packet.type = PacketType::Connect;
    packet.nsp = nsp;
    if (!auth.isEmpty())
        packet.data = auth;
    const EncodedPacket encoded = encode(packet);
    if (!client->d->send(encoded))
        client->d->reportTooLarge(encoded);
}

void Socket::Private::onPacket(const SocketPacket &packet)
{
    Client::Private *link = client->d.get();
    switch (packet.type) {
    case PacketType::Connect: {
        const QJsonValue sid = packet.data.toObject().value(QLatin1String("sid"));
        if (!sid.isString()) {
            link->protocolError(QStringLiteral("CONNECT without a sid"));
            return;
        }
        id = sid.toString();
        if (connected)
            return;
        connected = true;
        // Buffered emits go out before anything sent from a connected() slot (as in
        // socket.io-client).
        flushQueue();
        emit q->connected();
        return;
    }
    case PacketType::ConnectError:
        // As socket.io-client: no further automatic CONNECT for this namespace.
        active = false;
        connected = false;
        id.clear();
        emit q->connectError(packet.data);
        return;
    case PacketType::Disconnect:
        active = false;
        leave(QStringLiteral("io server disconnect"));
        return;
    case PacketType::Event:
    case PacketType::BinaryEvent: {
        const bool variantWanted
            = q->isSignalConnected(QMetaMethod::fromSignal(&Socket::eventReceived));
        std::optional<QVariant> args;
        if (variantWanted || packet.type == PacketType::BinaryEvent) {
            auto reconstructed = reconstruct(packet.data, packet.attachments);
            if (!reconstructed) {
                link->protocolError(reconstructed.error().detail);
                return;
            }
            args = *reconstructed;
        }
        if (!connected)
            return; // the server sends events only after CONNECT
        const QString name = eventName(packet.data.toArray().at(0));
        const auto ack = packet.id ? makeAckFunction(*packet.id) : EventAck();
        if (packet.type == PacketType::Event) {
            QJsonArray json = packet.data.toArray();
            json.removeFirst();
            QPointer<Socket> self(q);
            emit q->jsonEventReceived(name, json, ack);
            if (!self)
                return;
        }
        if (args) {
            QVariantList list = args->toList();
            list.removeFirst();
            emit q->eventReceived(name, list, ack);
        }
        return;
    }
    case PacketType::Ack:
    case PacketType::BinaryAck: {
        auto args = reconstruct(packet.data, packet.attachments);
        if (!args) {
            link->protocolError(args.error().detail);
            return;
        }
        const auto it = acks.find(*packet.id);
        if (it == acks.end())
            return; // timed out already, or never asked
        PendingAck pending = std::move(it.value());
        acks.erase(it);
        if (pending.timer) {
            pending.timer->stop();
            pending.timer->deleteLater();
        }
        if (pending.callback)
            pending.callback(AckError::None, args->toList());
        return;
    }
    }
}

EventAck Socket::Private::makeAckFunction(qint64 ackId)
{
    auto answered = std::make_shared<bool>(false);
    QPointer<Socket> socket(q);
    return [socket, ackId, answered](const QVariantList &args) {
        if (*answered || !socket || !socket->d->client || !socket->d->connected)
            return;
        *answered = true;
        SocketPacket packet;
        packet.type = PacketType::Ack;
        packet.nsp = socket->d->nsp;
        packet.id = ackId;
        packet.data = deconstruct(args, &packet.attachments);
        const EncodedPacket encoded = encode(packet);
        if (!socket->d->client->d->send(encoded))
            socket->d->client->d->reportTooLarge(encoded);
    };
}

void Socket::Private::onLinkDown(const QString &reason)
{
    leave(reason);
}

void Socket::Private::leave(const QString &reason)
{
    const bool wasConnected = connected;
    connected = false;
    id.clear();
    failSentAcks(AckError::Disconnected);
    if (wasConnected)
        emit q->disconnected(reason);
}

void Socket::Private::flushQueue()
{
    while (!queue.isEmpty() && connected && client && client->d->canSend()) {
        QueuedEmit next = queue.takeFirst();
        if (!client->d->send(next.encoded)) {
            client->d->reportTooLarge(next.encoded);
            if (next.ackId)
                failAck(*next.ackId, AckError::PayloadTooLarge);
            continue;
        }
        if (next.ackId) {
            const auto it = acks.find(*next.ackId);
            if (it != acks.end())
                it->sent = true;
        }
    }
}

void Socket::Private::enqueue(QueuedEmit emitted)
{
    const int limit = client->options().maxQueuedEmits;
    while (!queue.isEmpty() && queue.size() >= limit) {
        const QueuedEmit dropped = queue.takeFirst();
        if (dropped.ackId)
            failAck(*dropped.ackId, AckError::Dropped);
    }
    queue.append(std::move(emitted));
}

void Socket::Private::failAck(qint64 ackId, AckError error)
{
    const auto it = acks.find(ackId);
    if (it == acks.end())
        return;
    PendingAck pending = std::move(it.value());
    acks.erase(it);
    if (pending.timer) {
        pending.timer->stop();
        pending.timer->deleteLater();
    }
    if (pending.callback)
        pending.callback(error, {});
}

void Socket::Private::failSentAcks(AckError error)
{
    QList<qint64> ids;
    for (auto it = acks.cbegin(); it != acks.cend(); ++it) {
        if (it->sent)
            ids.append(it.key());
    }
    std::sort(ids.begin(), ids.end());
    for (qint64 ackId : std::as_const(ids))
        failAck(ackId, error);
}

} // namespace socketio
