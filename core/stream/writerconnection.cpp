#include "stream/writerconnection.h"

#include "socketio/client.h"
#include "stream/negotiator.h"
#include "stream/roomlink.h"
#include "stream/sessionlinks.h"
#include "stream/sharelink.h"
#include "stream/writersession.h"

#include <QLoggingCategory>

namespace stream {

namespace {
Q_LOGGING_CATEGORY(lcWriter, "codestream.stream.writer", QtWarningMsg)
} // namespace

struct WriterConnection::Private
{
    void setState(ConnectionState newState)
    {
        if (state == newState)
            return;
        state = newState;
        emit q->connectionStateChanged(state);
    }

    void connectTo(const NegotiateResult &result);
    void tearDown();

    WriterConnection *q;
    WriterSession *session;
    Negotiator negotiator;
    std::unique_ptr<socketio::Client> client;
    RoomLink *link = nullptr;
    ConnectionState state = ConnectionState::Idle;
    QUrl origin;
    QUrl shareLink;
    QString roomId;
    bool encrypted = false;
    RoomKey key;
    int watchers = 0;
    int reconnectionDelayMaxMs = 3000;
};

void WriterConnection::Private::tearDown()
{
    negotiator.abort();
    if (link || client)
        emit q->linkClosing();
    delete link;
    link = nullptr;
    if (client) {
        client->close();
        client.reset();
    }
}

void WriterConnection::Private::connectTo(const NegotiateResult &result)
{
    roomId = result.roomId;
    shareLink = ShareLink {origin, roomId, key}.toUrl();
    emit q->shareLinkChanged(shareLink);

    client = makeStreamClient(result, reconnectionDelayMaxMs);
    link = new RoomLink(client.get(), RoomRole::Writer, roomId, result.writerKey, q);
    link->setRoomKey(key);

    QObject::connect(link, &RoomLink::joined, q, [this] { setState(ConnectionState::Connected); });
    serveWriterSession(session, link);
    QObject::connect(link, &RoomLink::joinRefused, q, [this](const QString &error) {
        setState(ConnectionState::Failed);
        emit q->errorOccurred(error);
    });
    // Another socket proved the writer key and took the room: reconnecting would only take it
    // back and forth, so this writer stops (the link goes once the signal has returned).
    QObject::connect(
        link, &RoomLink::displaced, q,
        [this, displacedLink = link](const QString &error) {
            if (link != displacedLink)
                return; // stopped or restarted meanwhile
            tearDown();
            setState(ConnectionState::Failed);
            emit q->errorOccurred(error);
        },
        Qt::QueuedConnection);
    QObject::connect(link, &RoomLink::left, q, [this] { setState(ConnectionState::Reconnecting); });
    QObject::connect(link, &RoomLink::watcherCountChanged, q, [this](int count) {
        if (count == watchers)
            return;
        watchers = count;
        emit q->watcherCountChanged(count);
    });
    QObject::connect(client.get(), &socketio::Client::stateChanged, q,
                     [this](socketio::ClientState clientState) {
                         if (clientState == socketio::ClientState::Reconnecting)
                             setState(ConnectionState::Reconnecting);
                     });
    QObject::connect(client.get(), &socketio::Client::reconnectScheduled, q,
                     &WriterConnection::reconnectScheduled);
    QObject::connect(client.get(), &socketio::Client::errorOccurred, q,
                     [this](socketio::ClientError, const QString &detail) {
                         qCInfo(lcWriter) << "connection:" << detail;
                         if (state != ConnectionState::Connected)
                             emit q->errorOccurred(detail);
                     });
    emit q->linkCreated();
    setState(ConnectionState::Connecting);
    client->open();
}

WriterConnection::WriterConnection(WriterSession *session, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->session = session;
    connect(&d->negotiator, &Negotiator::negotiated, this,
            [this](const NegotiateResult &result) { d->connectTo(result); });
    connect(&d->negotiator, &Negotiator::errorOccurred, this, [this](const QString &message) {
        d->setState(ConnectionState::Failed);
        emit errorOccurred(message);
    });
}

WriterConnection::~WriterConnection()
{
    d->tearDown();
}

void WriterConnection::setReconnectionDelayMax(int ms)
{
    d->reconnectionDelayMaxMs = ms;
}

int WriterConnection::reconnectionDelayMax() const
{
    return d->reconnectionDelayMaxMs;
}

ConnectionState WriterConnection::state() const
{
    return d->state;
}

void WriterConnection::setEncrypted(bool encrypted)
{
    d->encrypted = encrypted;
}

bool WriterConnection::isEncrypted() const
{
    return d->encrypted;
}

QUrl WriterConnection::shareLink() const
{
    return d->shareLink;
}

QUrl WriterConnection::shareLinkWithoutKey() const
{
    if (d->shareLink.isEmpty())
        return {};
    return ShareLink {d->origin, d->roomId, {}}.toUrl();
}

QString WriterConnection::roomId() const
{
    return d->roomId;
}

int WriterConnection::watcherCount() const
{
    return d->watchers;
}

RoomKey WriterConnection::roomKey() const
{
    return d->key;
}

socketio::Client *WriterConnection::client() const
{
    return d->client.get();
}

RoomLink *WriterConnection::roomLink() const
{
    return d->link;
}

void WriterConnection::start(const QUrl &origin)
{
    d->tearDown();
    d->origin = originOf(origin);
    d->key = d->encrypted ? RoomKey::generate() : RoomKey();
    if (d->encrypted && d->key.isNull()) {
        d->setState(ConnectionState::Failed);
        emit errorOccurred(QStringLiteral("no random bytes for the room key"));
        return;
    }
    d->setState(ConnectionState::Negotiating);
    d->negotiator.negotiate(d->origin);
}

void WriterConnection::stop()
{
    d->tearDown();
    d->setState(ConnectionState::Idle);
}

} // namespace stream
