#include "stream/streamwatcher.h"

#include "socketio/client.h"
#include "stream/filesmessage.h"
#include "stream/negotiator.h"
#include "stream/roomkeycheck.h"
#include "stream/roomlink.h"
#include "stream/sessionlinks.h"
#include "stream/sharelink.h"
#include "stream/workspacereader.h"

#include <QLoggingCategory>
#include <QTimer>

namespace stream {

namespace {
Q_LOGGING_CATEGORY(lcStreamWatcher, "codestream.stream.watcher", QtWarningMsg)
} // namespace

struct StreamWatcher::Private
{
    Private(StreamWatcher *q, TextDocument *document)
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

    StreamWatcher *q;
    WatcherSession session;
    Negotiator negotiator;
    std::unique_ptr<socketio::Client> client;
    RoomLink *link = nullptr;
    ConnectionState state = ConnectionState::Idle;
    QUrl shareLink;
    QString roomId;
    RoomKey key;
    std::unique_ptr<RoomKeyCheck> keyCheck;
    int reconnectionDelayMaxMs = 3000;
    // Workspace mode (docs/protocol.md §14).
    std::unique_ptr<WorkspaceReader> workspace;
    // The next sync request to R-control asks for every file.
    bool syncAll = false;
    // Coalesces the workspace sync requests of file rooms joined at about the same time.
    QTimer workspaceSync;
};

void StreamWatcher::Private::tearDown()
{
    negotiator.abort();
    workspaceSync.stop();
    if (workspace)
        workspace->detach();
    delete link;
    link = nullptr;
    if (client) {
        client->close();
        client.reset();
    }
}

void StreamWatcher::Private::connectTo(const NegotiateResult &result)
{
    client = makeStreamClient(result, reconnectionDelayMaxMs);
    // A watcher always uses the room of its link; negotiate may answer another one.
    link = new RoomLink(client.get(), RoomRole::Watcher, roomId, {}, q);
    link->setRoomKey(key);
    QObject::connect(link, &RoomLink::messageReceived, keyCheck.get(),
                     &RoomKeyCheck::handleReceived);
    QObject::connect(link, &RoomLink::messageRejected, keyCheck.get(),
                     &RoomKeyCheck::handleRejected);

    QObject::connect(&session, &WatcherSession::syncRequested, link, [this] {
        // A workspace watcher asks for every file after each join (docs/protocol.md §14).
        link->send(std::exchange(syncAll, false) ? workspaceSyncRequest()
                                                 : encodeMessage(SyncRequest {}));
    });
    QObject::connect(link, &RoomLink::joined, q, [this] {
        setState(ConnectionState::Connected);
        syncAll = workspace != nullptr;
        session.handleJoined();
    });
    QObject::connect(link, &RoomLink::joinRefused, q, [this](const QString &error) {
        setState(ConnectionState::Failed);
        emit q->errorOccurred(error);
    });
    QObject::connect(link, &RoomLink::messageReceived, q, &StreamWatcher::messageReceived);
    feedWatcherSession(&session, link);
    QObject::connect(link, &RoomLink::left, q, [this] { setState(ConnectionState::Reconnecting); });
    if (workspace) {
        QObject::connect(link, &RoomLink::messageReceived, workspace.get(),
                         [this](const QJsonObject &data) {
                             if (isFilesMessage(data))
                                 workspace->handleFiles(data);
                         });
        workspace->attach(client.get(), roomId, key);
    }
    QObject::connect(client.get(), &socketio::Client::stateChanged, q,
                     [this](socketio::ClientState clientState) {
                         if (clientState == socketio::ClientState::Reconnecting)
                             setState(ConnectionState::Reconnecting);
                     });
    QObject::connect(client.get(), &socketio::Client::reconnectScheduled, q,
                     &StreamWatcher::reconnectScheduled);
    QObject::connect(client.get(), &socketio::Client::errorOccurred, q,
                     [this](socketio::ClientError, const QString &detail) {
                         qCInfo(lcStreamWatcher) << "connection:" << detail;
                         if (state != ConnectionState::Connected)
                             emit q->errorOccurred(detail);
                     });
    setState(ConnectionState::Connecting);
    client->open();
}

StreamWatcher::StreamWatcher(TextDocument *document, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, document))
{
    connect(&d->session, &WatcherSession::stateChanged, this, &StreamWatcher::stateChanged);
    connect(&d->session, &WatcherSession::documentChanged, this, &StreamWatcher::documentChanged);
    connect(&d->session, &WatcherSession::metaChanged, this, &StreamWatcher::metaChanged);
    connect(&d->session, &WatcherSession::cursorChanged, this, &StreamWatcher::cursorChanged);
    connect(&d->session, &WatcherSession::versionChanged, this, &StreamWatcher::versionChanged);
    connect(&d->session, &WatcherSession::messageDecoded, this, &StreamWatcher::messageDecoded);
    connect(&d->negotiator, &Negotiator::negotiated, this,
            [this](const NegotiateResult &result) { d->connectTo(result); });
    d->workspaceSync.setSingleShot(true);
    d->workspaceSync.setInterval(20);
    connect(&d->workspaceSync, &QTimer::timeout, this, [this] {
        if (d->link && d->link->isJoined())
            d->link->send(workspaceSyncRequest());
    });
    connect(&d->negotiator, &Negotiator::errorOccurred, this, [this](const QString &message) {
        d->setState(ConnectionState::Failed);
        emit errorOccurred(message);
    });
}

StreamWatcher::~StreamWatcher()
{
    d->tearDown();
}

ConnectionState StreamWatcher::connectionState() const
{
    return d->state;
}

WatcherState StreamWatcher::watcherState() const
{
    return d->session.state();
}

QUrl StreamWatcher::shareLink() const
{
    return d->shareLink;
}

qint64 StreamWatcher::nextVersion() const
{
    return d->session.nextVersion();
}

QString StreamWatcher::language() const
{
    return d->session.language();
}

QString StreamWatcher::title() const
{
    return d->session.title();
}

RoomKeyState StreamWatcher::keyState() const
{
    return d->keyCheck ? d->keyCheck->state() : RoomKeyState::Unknown;
}

bool StreamWatcher::isEncrypted() const
{
    return !d->key.isNull();
}

int StreamWatcher::failedMessageCount() const
{
    return d->keyCheck ? d->keyCheck->failedCount() : 0;
}

void StreamWatcher::setReconnectionDelayMax(int ms)
{
    d->reconnectionDelayMaxMs = ms;
}

int StreamWatcher::reconnectionDelayMax() const
{
    return d->reconnectionDelayMaxMs;
}

void StreamWatcher::setWorkspaceDocuments(DocumentFactory factory)
{
    d->workspace = std::make_unique<WorkspaceReader>(std::move(factory));
    WorkspaceReader *reader = d->workspace.get();
    connect(reader, &WorkspaceReader::filesChanged, this, &StreamWatcher::filesChanged);
    connect(reader, &WorkspaceReader::fileAdded, this, &StreamWatcher::fileAdded);
    connect(reader, &WorkspaceReader::fileRemoved, this, &StreamWatcher::fileRemoved);
    connect(reader, &WorkspaceReader::fileChanged, this, &StreamWatcher::fileChanged);
    connect(reader, &WorkspaceReader::fileRefused, this, &StreamWatcher::fileRefused);
    connect(reader, &WorkspaceReader::workspaceSyncWanted, &d->workspaceSync,
            qOverload<>(&QTimer::start));
}

bool StreamWatcher::isWorkspace() const
{
    return d->workspace && d->workspace->isWorkspace();
}

QList<WorkspaceFile> StreamWatcher::files() const
{
    return d->workspace ? d->workspace->files() : QList<WorkspaceFile> {};
}

QString StreamWatcher::activeFile() const
{
    return d->workspace ? d->workspace->activeFile() : QString();
}

TextDocument *StreamWatcher::fileDocument(const QString &id) const
{
    return d->workspace ? d->workspace->fileDocument(id) : nullptr;
}

void StreamWatcher::start(const QUrl &shareLink)
{
    d->tearDown();
    if (d->workspace)
        d->workspace->clear();
    auto parsed = parseShareLink(shareLink.toString());
    if (!parsed) {
        d->setState(ConnectionState::Failed);
        emit errorOccurred(describe(parsed.error()));
        return;
    }
    d->shareLink = parsed->toUrl();
    d->roomId = parsed->roomId;
    d->key = parsed->key;
    d->keyCheck = std::make_unique<RoomKeyCheck>(!d->key.isNull());
    connect(d->keyCheck.get(), &RoomKeyCheck::resyncNeeded, &d->session,
            &WatcherSession::requestSync);
    connect(d->keyCheck.get(), &RoomKeyCheck::stateChanged, this, [this](RoomKeyState state) {
        emit keyStateChanged(state);
        const QString message = describe(state);
        if (message.isEmpty())
            return;
        emit errorOccurred(message);
        // Nothing this link can open will come: stop asking the writer for fulls. Queued, as
        // the link that reported it is still on the stack.
        QMetaObject::invokeMethod(this, &StreamWatcher::stop, Qt::QueuedConnection);
    });
    d->setState(ConnectionState::Negotiating);
    d->negotiator.negotiate(parsed->origin, parsed->roomId);
}

void StreamWatcher::stop()
{
    d->tearDown();
    d->session.handleDisconnected();
    d->setState(ConnectionState::Idle);
}

} // namespace stream
