#include "socketio/socket.h"

#include "engineio/disconnectreason.h"
#include "socketio/client.h"

#include <QHash>
#include <QList>
#include <QMetaMethod>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <optional>

namespace socketio {

namespace {

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

    bool canSend() const { return client && client->isLinkOpen(); }
    // Sends through the client; a packet over maxPayload is reported instead.
    bool send(const EncodedPacket &encoded);
    void sendConnect();
    void onConnect(const SocketPacket &packet);
    void onEvent(const SocketPacket &packet);
    void onAck(const SocketPacket &packet);
    void flushQueue();
    void enqueue(QueuedEmit emitted);
    // Removes the ack and calls its callback with `error` (it is called at most once).
    void failAck(qint64 id, AckError error);
    // Takes the pending ack `id` (if still pending) and calls it with `error` and `args`.
    void resolveAck(qint64 id, AckError error, const QVariantList &args);
    void failSentAcks(AckError error);
    void leave(const QString &reason);
    EventAck makeAckFunction(qint64 ackId);
};

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

bool Socket::emitJsonTextEvent(const QString &event, QByteArrayView argumentsJson)
{
    if (!d->client)
        return false;
    EncodedPacket encoded;
    encoded.text = encodeJsonTextEvent(d->nsp, event, argumentsJson);
    return emitEncoded(std::move(encoded), std::nullopt, {}, 0);
}

bool Socket::emitPacket(SocketPacket packet, AckCallback ack, int ackTimeoutMs)
{
    std::optional<qint64> ackId;
    if (ack) {
        ackId = d->nextAckId++;
        packet.id = ackId;
    }
    return emitEncoded(encode(packet), ackId, std::move(ack), ackTimeoutMs);
}

bool Socket::emitEncoded(EncodedPacket encoded, std::optional<qint64> ackId, AckCallback ack,
                         int ackTimeoutMs)
{
    Client *client = d->client;
    QueuedEmit emitted {std::move(encoded), ackId};

    if (!client->fits(emitted.encoded)) {
        client->reportTooLarge(emitted.encoded);
        if (ack)
            ack(AckError::PayloadTooLarge, {});
        return false;
    }
    const bool sendNow = d->connected && d->canSend();
    if (!sendNow && client->options().maxQueuedEmits <= 0) {
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
        client->send(emitted.encoded);
    else
        d->enqueue(std::move(emitted));
    return true;
}

void Socket::connectToNamespace()
{
    d->active = true;
    if (d->canSend() && !d->connected)
        d->sendConnect();
}

void Socket::disconnectFromNamespace()
{
    d->active = false;
    sendDisconnectIfConnected();
    d->leave(toString(engineio::DisconnectReason::IoClientDisconnect));
}

void Socket::handleLinkOpened()
{
    if (d->active && d->canSend())
        d->sendConnect();
}

void Socket::handlePacket(const SocketPacket &packet)
{
    switch (packet.type) {
    case PacketType::Connect:
        d->onConnect(packet);
        return;
    case PacketType::ConnectError:
        // As socket.io-client: no further automatic CONNECT for this namespace.
        d->active = false;
        d->connected = false;
        d->id.clear();
        emit connectError(packet.data);
        return;
    case PacketType::Disconnect:
        d->active = false;
        d->leave(toString(engineio::DisconnectReason::IoServerDisconnect));
        return;
    case PacketType::Event:
    case PacketType::BinaryEvent:
        d->onEvent(packet);
        return;
    case PacketType::Ack:
    case PacketType::BinaryAck:
        d->onAck(packet);
        return;
    }
}

void Socket::handleLinkDown(const QString &reason)
{
    d->leave(reason);
}

void Socket::sendDisconnectIfConnected()
{
    if (!d->connected || !d->client)
        return;
    SocketPacket packet;
    packet.type = PacketType::Disconnect;
    packet.nsp = d->nsp;
    d->client->send(encode(packet));
}

void Socket::detach()
{
    d->client = nullptr;
}

bool Socket::Private::send(const EncodedPacket &encoded)
{
    if (client->send(encoded))
        return true;
    client->reportTooLarge(encoded);
    return false;
}

void Socket::Private::sendConnect()
{
    SocketPacket packet;
    packet.type = PacketType::Connect;
    packet.nsp = nsp;
    if (!auth.isEmpty())
        packet.data = auth;
    send(encode(packet));
}

void Socket::Private::onConnect(const SocketPacket &packet)
{
    const QJsonValue sid = packet.data.toObject().value(QLatin1String("sid"));
    if (!sid.isString()) {
        client->protocolError(QStringLiteral("CONNECT without a sid"));
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
}

void Socket::Private::onEvent(const SocketPacket &packet)
{
    const bool variantWanted
        = q->isSignalConnected(QMetaMethod::fromSignal(&Socket::eventReceived));
    std::optional<QVariant> args;
    if (variantWanted || packet.type == PacketType::BinaryEvent) {
        auto reconstructed = reconstruct(packet.data, packet.attachments);
        if (!reconstructed) {
            client->protocolError(reconstructed.error().detail);
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
}

void Socket::Private::onAck(const SocketPacket &packet)
{
    auto args = reconstruct(packet.data, packet.attachments);
    if (!args) {
        client->protocolError(args.error().detail);
        return;
    }
    // Not found: timed out already, or never asked.
    resolveAck(*packet.id, AckError::None, args->toList());
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
        socket->d->send(encode(packet));
    };
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
    while (!queue.isEmpty() && connected && canSend()) {
        QueuedEmit next = queue.takeFirst();
        if (!send(next.encoded)) {
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
    resolveAck(ackId, error, {});
}

void Socket::Private::resolveAck(qint64 ackId, AckError error, const QVariantList &args)
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
        pending.callback(error, args);
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
