#include "stream/streamwriter.h"

#include "socketio/client.h"
#include "stream/negotiator.h"
#include "stream/roomlink.h"
#include "stream/sharelink.h"
#include "stream/writersession.h"

#include <QLoggingCategory>
#include <QUrlQuery>

namespace stream {

namespace {
Q_LOGGING_CATEGORY(lcWriter, "codestream.stream.writer", QtWarningMsg)
} // namespace

struct StreamWriter::Private
{
    Private(StreamWriter *q, TextDocument *document)
        : q(q)
        , session(document)
    { }

    void setState(ConnectionState newState)
    {
        if (state == newState)
            return;
        state = newState;
        emit q->connectionStateChanged(state);
    }

    void connectTo(const NegotiateResult &result);
    void tearDown();

    StreamWriter *q;
    WriterSession session;
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

void StreamWriter::Private::tearDown()
{
    negotiator.abort();
    delete link;
    link = nullptr;
    if (client) {
        client->close();
        client.reset();
    }
}

void StreamWriter::Private::connectTo(const NegotiateResult &result)
{
    roomId = result.roomId;
    shareLink = ShareLink {origin, roomId, key}.toUrl();
    emit q->shareLinkChanged(shareLink);

    socketio::ClientOptions options;
    options.url = result.url;
    options.path = result.path;
    if (!result.token.isEmpty())
        options.query.addQueryItem(QStringLiteral("access_token"),
                                   QString::fromLatin1(QUrl::toPercentEncoding(result.token)));
    options.reconnectionDelayMs = 500;
    options.reconnectionDelayMaxMs = reconnectionDelayMaxMs;
    client = std::make_unique<socketio::Client>(options);
    link = new RoomLink(client.get(), RoomRole::Writer, roomId, result.writerKey, q);
    link->setRoomKey(key);

    QObject::connect(&session, &WriterSession::messageReady, link, &RoomLink::send);
    QObject::connect(link, &RoomLink::joined, q, [this] {
        if (link->maxDataBytes() > 0)
            session.setMaxMessageBytes(link->maxDataBytes());
        setState(ConnectionState::Connected);
        // Watchers may have missed what was sent while the link was down.
        session.sendFull();
    });
    QObject::connect(link, &RoomLink::joinRefused, q, [this](const QString &error) {
        setState(ConnectionState::Failed);
        emit q->errorOccurred(error);
    });
    QObject::connect(link, &RoomLink::left, q, [this] { setState(ConnectionState::Reconnecting); });
    QObject::connect(link, &RoomLink::messageReceived, q, [this](const QJsonObject &data) {
        auto message = decodeMessage(data);
        if (message && std::holds_alternative<SyncRequest>(*message))
            session.handleSyncRequest();
    });
    // A sealed request that does not open comes from a watcher with another key or none: the
    // sealed full it gets tells it so (docs/protocol.md §12).
    QObject::connect(link, &RoomLink::messageRejected, &session,
                     [this] { session.handleSyncRequest(); });
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
                     &StreamWriter::reconnectScheduled);
    QObject::connect(client.get(), &socketio::Client::errorOccurred, q,
                     [this](socketio::ClientError, const QString &detail) {
                         qCInfo(lcWriter) << "connection:" << detail;
                         if (state != ConnectionState::Connected)
                             emit q->errorOccurred(detail);
                     });
    setState(ConnectionState::Connecting);
    client->open();
}

StreamWriter::StreamWriter(TextDocument *document, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, document))
{
    connect(&d->session, &WriterSession::versionChanged, this, &StreamWriter::versionChanged);
    connect(&d->session, &WriterSession::messageReady, this, &StreamWriter::messageReady);
    connect(&d->negotiator, &Negotiator::negotiated, this,
            [this](const NegotiateResult &result) { d->connectTo(result); });
    connect(&d->negotiator, &Negotiator::errorOccurred, this, [this](const QString &message) {
        d->setState(ConnectionState::Failed);
        emit errorOccurred(message);
    });
}

StreamWriter::~StreamWriter()
{
    d->tearDown();
}

void StreamWriter::setFlushInterval(int ms)
{
    d->session.setFlushInterval(ms);
}

void StreamWriter::setReconnectionDelayMax(int ms)
{
    d->reconnectionDelayMaxMs = ms;
}

int StreamWriter::reconnectionDelayMax() const
{
    return d->reconnectionDelayMaxMs;
}

ConnectionState StreamWriter::connectionState() const
{
    return d->state;
}

void StreamWriter::setEncrypted(bool encrypted)
{
    d->encrypted = encrypted;
}

bool StreamWriter::isEncrypted() const
{
    return d->encrypted;
}

QUrl StreamWriter::shareLink() const
{
    return d->shareLink;
}

QUrl StreamWriter::shareLinkWithoutKey() const
{
    if (d->shareLink.isEmpty())
        return {};
    return ShareLink {d->origin, d->roomId, {}}.toUrl();
}

QString StreamWriter::roomId() const
{
    return d->roomId;
}

int StreamWriter::watcherCount() const
{
    return d->watchers;
}

qint64 StreamWriter::nextVersion() const
{
    return d->session.nextVersion();
}

void StreamWriter::recordChange(const TextChange &change)
{
    d->session.recordChange(change);
}

void StreamWriter::recordEvent(const ContentChangeEvent &event)
{
    d->session.recordEvent(event);
}

void StreamWriter::setCursor(const QList<Selection> &selections)
{
    d->session.setCursor(selections);
}

void StreamWriter::setMeta(const QString &language, const QString &title)
{
    d->session.setMeta(language, title);
}

void StreamWriter::start(const QUrl &origin)
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

void StreamWriter::stop()
{
    d->session.flush();
    d->tearDown();
    d->setState(ConnectionState::Idle);
}

void StreamWriter::flush()
{
    d->session.flush();
}

} // namespace stream
