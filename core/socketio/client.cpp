#include "socketio/client.h"

#include "socketio/backoff.h"
#include "socketio/binaryreassembler.h"
#include "socketio/enginelink.h"

#include <QMap>
#include <QTimer>

#include <algorithm>

namespace socketio {

using engineio::DisconnectReason;

struct Client::Private
{
    explicit Private(Client *client, ClientOptions clientOptions)
        : q(client)
        , options(std::move(clientOptions))
        , backoff(options.reconnectionDelayMs, options.reconnectionDelayMaxMs,
                  options.randomizationFactor)
    { }

    Client *q;
    ClientOptions options;
    ClientState state = ClientState::Disconnected;
    EngineLink *link = nullptr; // a child of q
    bool linkUp = false; // `opened` seen and no `closed` since
    bool skipReconnect = true;
    qint64 maxPayload = 0;
    QTimer reconnectTimer;
    Backoff backoff;
    BinaryReassembler reassembler;
    QMap<QString, Socket *> sockets;

    void setState(ClientState newState);
    void startAttempt();
    void tearDown(bool graceful);
    void onLinkOpened();
    void onLinkClosed(DisconnectReason reason, ClientError error, const QString &detail);
    void scheduleReconnect();
    void onMessage(const QByteArray &data, bool binary);
    void dispatch(const SocketPacket &packet);
};

Client::Client(ClientOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, std::move(options)))
{
    d->link = new EngineLink(this);
    d->reconnectTimer.setSingleShot(true);
    connect(d->link, &EngineLink::opened, this, [this] { d->onLinkOpened(); });
    connect(d->link, &EngineLink::messageReceived, this,
            [this](const QByteArray &data, bool binary) { d->onMessage(data, binary); });
    connect(d->link, &EngineLink::errorOccurred, this, &Client::errorOccurred);
    connect(d->link, &EngineLink::closed, this,
            [this](DisconnectReason reason, ClientError error, const QString &detail) {
                d->onLinkClosed(reason, error, detail);
            });
    connect(&d->reconnectTimer, &QTimer::timeout, this, [this] { d->startAttempt(); });
}

Client::~Client()
{
    d->skipReconnect = true;
    d->link->disconnect(this);
    d->tearDown(false);
    // Sockets are children: make sure they do not call back into a half-destroyed Client.
    for (Socket *socket : std::as_const(d->sockets))
        socket->detach();
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
    return d->link->isOpen() ? d->link->handshake().sid : QString();
}

Socket *Client::socket(const QString &nsp, const QJsonObject &auth)
{
    const QString name = nsp.startsWith(QLatin1Char('/')) ? nsp : QLatin1Char('/') + nsp;
    if (Socket *existing = d->sockets.value(name))
        return existing;
    auto *created = new Socket(this, name, auth);
    d->sockets.insert(name, created);
    if (isLinkOpen())
        created->handleLinkOpened();
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
    const bool wasOpen = isLinkOpen();
    d->skipReconnect = true;
    d->reconnectTimer.stop();
    d->backoff.reset();
    if (wasOpen) {
        for (Socket *socket : std::as_const(d->sockets))
            socket->sendDisconnectIfConnected();
    }
    d->tearDown(true);
    const QString reason = toString(DisconnectReason::IoClientDisconnect);
    if (wasOpen) {
        for (Socket *socket : std::as_const(d->sockets))
            socket->handleLinkDown(reason);
    }
    d->setState(ClientState::Disconnected);
    if (wasOpen)
        emit disconnected(reason);
}

bool Client::isLinkOpen() const
{
    return d->link->isOpen();
}

bool Client::fits(const EncodedPacket &encoded) const
{
    const qint64 limit = d->maxPayload;
    if (limit <= 0)
        return true; // unknown yet
    if (encoded.text.size() + 1 > limit)
        return false;
    return std::all_of(encoded.attachments.cbegin(), encoded.attachments.cend(),
                       [limit](const QByteArray &bytes) { return bytes.size() <= limit; });
}

bool Client::send(const EncodedPacket &encoded)
{
    if (!fits(encoded))
        return false;
    if (!isLinkOpen())
        return true;
    d->link->sendText(encoded.text);
    for (const QByteArray &attachment : encoded.attachments)
        d->link->sendBinary(attachment);
    return true;
}

void Client::reportTooLarge(const EncodedPacket &encoded)
{
    qint64 largest = encoded.text.size() + 1;
    for (const QByteArray &attachment : encoded.attachments)
        largest = std::max<qint64>(largest, attachment.size());
    emit errorOccurred(ClientError::PayloadTooLarge,
                       QStringLiteral("a message of %1 bytes exceeds the server's maxPayload of %2")
                           .arg(largest)
                           .arg(d->maxPayload));
}

void Client::protocolError(const QString &detail)
{
    d->link->fail(DisconnectReason::ParseError, ClientError::ProtocolError, detail);
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
    link->open(options);
}

void Client::Private::tearDown(bool graceful)
{
    link->close(graceful);
    reassembler.reset();
    linkUp = false;
}

void Client::Private::onLinkOpened()
{
    linkUp = true;
    maxPayload = link->handshake().maxPayload;
    backoff.reset();
    setState(ClientState::Connected);
    const QList<Socket *> all = sockets.values();
    for (Socket *socket : all) {
        if (link->isOpen())
            socket->handleLinkOpened();
    }
}

void Client::Private::onLinkClosed(DisconnectReason reason, ClientError error,
                                   const QString &detail)
{
    const bool wasOpen = std::exchange(linkUp, false);
    reassembler.reset();
    if (!detail.isEmpty())
        emit q->errorOccurred(error, detail);
    if (wasOpen) {
        const QString text = toString(reason);
        for (Socket *socket : std::as_const(sockets))
            socket->handleLinkDown(text);
        emit q->disconnected(text);
    }
    // A slot above may have closed or reopened the client.
    if (skipReconnect || link->isActive() || reconnectTimer.isActive())
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

void Client::Private::onMessage(const QByteArray &data, bool binary)
{
    if (binary) {
        auto added = reassembler.addAttachment(data);
        if (!added) {
            q->protocolError(added.error().detail);
            return;
        }
        if (added->has_value())
            dispatch(**added);
        return;
    }
    if (reassembler.isWaiting()) {
        q->protocolError(QStringLiteral("text message while binary attachments were awaited"));
        return;
    }
    auto decoded = decode(data);
    if (!decoded) {
        q->protocolError(decoded.error().detail);
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
    socket->handlePacket(packet);
}

} // namespace socketio
