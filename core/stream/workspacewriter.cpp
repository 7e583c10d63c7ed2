#include "stream/workspacewriter.h"

#include "stream/filesmessage.h"
#include "stream/memorytextdocument.h"
#include "stream/roomlink.h"
#include "stream/sessionlinks.h"
#include "stream/writerconnection.h"
#include "stream/writersession.h"

#include <vector>

namespace stream {

namespace {

// One open file: its document, its session and, while connected, the link to its room `R/F`.
struct FileEntry
{
    WorkspaceFile info;
    TextDocument *document = nullptr;
    std::unique_ptr<WriterSession> session;
    RoomLink *link = nullptr;
};

} // namespace

struct WorkspaceWriter::Private
{
    explicit Private(WorkspaceWriter *q)
        : q(q)
        , session(&empty)
        , connection(&session)
    { }

    FileEntry *find(const QString &id) const
    {
        for (const auto &entry : files) {
            if (entry->info.id == id)
                return entry.get();
        }
        return nullptr;
    }

    void openLink(FileEntry *entry);
    void openLinks();
    void closeLinks();
    void sendFiles();
    void activate(FileEntry *entry);

    WorkspaceWriter *q;
    // R's document while no file is open.
    MemoryTextDocument empty;
    // R's session: the active document.
    WriterSession session;
    WriterConnection connection;
    std::vector<std::unique_ptr<FileEntry>> files;
    QString active;
    int nextId = 1;
    int flushIntervalMs = 200;
};

void WorkspaceWriter::Private::openLink(FileEntry *entry)
{
    socketio::Client *client = connection.client();
    if (!client || entry->link)
        return;
    // docs/protocol.md §14: the file room `R/F`; its writer_key is that of R, so none is sent.
    entry->link = new RoomLink(client, RoomRole::Writer,
                               fileRoom(connection.roomId(), entry->info.id), {}, q);
    entry->link->setRoomKey(connection.roomKey());
    serveWriterSession(entry->session.get(), entry->link);
    QObject::connect(entry->link, &RoomLink::joinRefused, q, &WorkspaceWriter::errorOccurred);
}

void WorkspaceWriter::Private::openLinks()
{
    RoomLink *link = connection.roomLink();
    // {"data":"sync","files":"all"} also asks for every file (§14 "Syncing a workspace"); R's full
    // and the files message answer it through serveWriterSession() and fullSent.
    QObject::connect(link, &RoomLink::messageReceived, q, [this](const QJsonObject &data) {
        if (!isWorkspaceSyncRequest(data))
            return;
        for (const auto &entry : files)
            entry->session->handleSyncRequest();
    });
    for (const auto &entry : files)
        openLink(entry.get());
}

void WorkspaceWriter::Private::closeLinks()
{
    for (const auto &entry : files) {
        delete entry->link;
        entry->link = nullptr;
    }
}

void WorkspaceWriter::Private::sendFiles()
{
    FilesMessage message;
    message.active = active;
    for (const auto &entry : files)
        message.files.append(entry->info);
    const QJsonObject data = encodeFilesMessage(message);
    emit q->messageReady(data);
    if (RoomLink *link = connection.roomLink())
        link->send(data);
}

void WorkspaceWriter::Private::activate(FileEntry *entry)
{
    active = entry ? entry->info.id : QString();
    // §14 "Switching the active file": a full of the new document with R's next version; the
    // files message follows it (fullSent).
    if (entry)
        session.switchDocument(entry->document, entry->info.language, entry->info.title);
    else
        session.switchDocument(&empty, {}, {});
}

WorkspaceWriter::WorkspaceWriter(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
{
    connect(&d->session, &WriterSession::versionChanged, this, &WorkspaceWriter::versionChanged);
    connect(&d->session, &WriterSession::messageReady, this, &WorkspaceWriter::messageReady);
    connect(&d->session, &WriterSession::fullSent, this, [this] { d->sendFiles(); });
    connect(&d->connection, &WriterConnection::shareLinkChanged, this,
            &WorkspaceWriter::shareLinkChanged);
    connect(&d->connection, &WriterConnection::connectionStateChanged, this,
            &WorkspaceWriter::connectionStateChanged);
    connect(&d->connection, &WriterConnection::reconnectScheduled, this,
            &WorkspaceWriter::reconnectScheduled);
    connect(&d->connection, &WriterConnection::watcherCountChanged, this,
            &WorkspaceWriter::watcherCountChanged);
    connect(&d->connection, &WriterConnection::errorOccurred, this,
            &WorkspaceWriter::errorOccurred);
    connect(&d->connection, &WriterConnection::linkCreated, this, [this] { d->openLinks(); });
    connect(&d->connection, &WriterConnection::linkClosing, this, [this] { d->closeLinks(); });
}

WorkspaceWriter::~WorkspaceWriter()
{
    d->connection.stop();
}

void WorkspaceWriter::setFlushInterval(int ms)
{
    d->flushIntervalMs = ms;
    d->session.setFlushInterval(ms);
    for (const auto &entry : d->files)
        entry->session->setFlushInterval(ms);
}

void WorkspaceWriter::setReconnectionDelayMax(int ms)
{
    d->connection.setReconnectionDelayMax(ms);
}

int WorkspaceWriter::reconnectionDelayMax() const
{
    return d->connection.reconnectionDelayMax();
}

ConnectionState WorkspaceWriter::connectionState() const
{
    return d->connection.state();
}

void WorkspaceWriter::setEncrypted(bool encrypted)
{
    d->connection.setEncrypted(encrypted);
}

bool WorkspaceWriter::isEncrypted() const
{
    return d->connection.isEncrypted();
}

QUrl WorkspaceWriter::shareLink() const
{
    return d->connection.shareLink();
}

QUrl WorkspaceWriter::shareLinkWithoutKey() const
{
    return d->connection.shareLinkWithoutKey();
}

QString WorkspaceWriter::roomId() const
{
    return d->connection.roomId();
}

int WorkspaceWriter::watcherCount() const
{
    return d->connection.watcherCount();
}

qint64 WorkspaceWriter::nextVersion() const
{
    return d->session.nextVersion();
}

QString WorkspaceWriter::addFile(TextDocument *document, const QString &title,
                                 const QString &language)
{
    if (!document) {
        emit errorOccurred(QStringLiteral("no document for %1").arg(title));
        return {};
    }
    if (int(d->files.size()) >= workspace::maxFiles) {
        emit errorOccurred(QStringLiteral("a workspace holds at most %1 files; %2 not added")
                               .arg(workspace::maxFiles)
                               .arg(title));
        return {};
    }
    if (!isValidFileTitle(title)) {
        emit errorOccurred(QStringLiteral("a file title must be 1 to %1 characters long")
                               .arg(workspace::maxTitleLength));
        return {};
    }
    auto entry = std::make_unique<FileEntry>();
    entry->info = {QStringLiteral("f%1").arg(d->nextId++), title, language};
    entry->document = document;
    entry->session = std::make_unique<WriterSession>(document);
    entry->session->setFlushInterval(d->flushIntervalMs);
    entry->session->setMeta(language, title);
    FileEntry *added = entry.get();
    d->files.push_back(std::move(entry));
    d->openLink(added);
    if (d->active.isEmpty())
        d->activate(added);
    else
        d->sendFiles();
    emit filesChanged();
    return added->info.id;
}

void WorkspaceWriter::removeFile(const QString &id)
{
    auto it = std::find_if(d->files.begin(), d->files.end(),
                           [&id](const auto &entry) { return entry->info.id == id; });
    if (it == d->files.end())
        return;
    std::unique_ptr<FileEntry> removed = std::move(*it);
    it = d->files.erase(it);
    if (d->active == id) {
        FileEntry *next = nullptr;
        if (it != d->files.end())
            next = it->get();
        else if (!d->files.empty())
            next = d->files.back().get();
        d->activate(next);
    } else {
        d->sendFiles();
    }
    delete removed->link;
    emit filesChanged();
}

void WorkspaceWriter::setFileMeta(const QString &id, const QString &title, const QString &language)
{
    FileEntry *entry = d->find(id);
    if (!entry)
        return;
    if (!isValidFileTitle(title)) {
        emit errorOccurred(QStringLiteral("a file title must be 1 to %1 characters long")
                               .arg(workspace::maxTitleLength));
        return;
    }
    if (entry->info.title == title && entry->info.language == language)
        return;
    entry->info.title = title;
    entry->info.language = language;
    entry->session->setMeta(language, title);
    if (d->active == id)
        d->session.setMeta(language, title);
    d->sendFiles();
    emit filesChanged();
}

void WorkspaceWriter::setActiveFile(const QString &id)
{
    FileEntry *entry = d->find(id);
    if (!entry || d->active == id)
        return;
    d->activate(entry);
    emit filesChanged();
}

QString WorkspaceWriter::activeFile() const
{
    return d->active;
}

QList<WorkspaceFile> WorkspaceWriter::files() const
{
    QList<WorkspaceFile> list;
    for (const auto &entry : d->files)
        list.append(entry->info);
    return list;
}

void WorkspaceWriter::recordChange(const QString &id, const TextChange &change)
{
    ContentChangeEvent event;
    event.changes.append(change);
    recordEvent(id, event);
}

void WorkspaceWriter::recordEvent(const QString &id, const ContentChangeEvent &event)
{
    FileEntry *entry = d->find(id);
    if (!entry)
        return;
    entry->session->recordEvent(event);
    // docs/protocol.md §14: the active file's edits travel twice, in R and in `R/F`.
    if (d->active == id)
        d->session.recordEvent(event);
}

void WorkspaceWriter::setCursor(const QString &id, const QList<Selection> &selections)
{
    FileEntry *entry = d->find(id);
    if (!entry)
        return;
    entry->session->setCursor(selections);
    if (d->active == id)
        d->session.setCursor(selections);
}

void WorkspaceWriter::start(const QUrl &origin)
{
    d->connection.start(origin);
}

void WorkspaceWriter::stop()
{
    flush();
    d->connection.stop();
}

void WorkspaceWriter::flush()
{
    d->session.flush();
    for (const auto &entry : d->files)
        entry->session->flush();
}

} // namespace stream
