#include "stream/workspacereader.h"

#include "stream/roomlink.h"
#include "stream/sessionlinks.h"
#include "stream/textdocument.h"
#include "stream/watchersession.h"

#include <QLoggingCategory>

namespace stream {

namespace {
Q_LOGGING_CATEGORY(lcWorkspace, "codestream.stream.workspace", QtWarningMsg)
} // namespace

struct WorkspaceReader::Entry
{
    WorkspaceFile info;
    TextDocument *document = nullptr;
    std::unique_ptr<WatcherSession> session;
    RoomLink *link = nullptr;
};

WorkspaceReader::WorkspaceReader(DocumentFactory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
{ }

WorkspaceReader::~WorkspaceReader()
{
    detach();
}

void WorkspaceReader::attach(socketio::Client *client, const QString &roomId, const RoomKey &key)
{
    detach();
    m_client = client;
    m_roomId = roomId;
    m_key = key;
    for (const auto &entry : m_files)
        openLink(entry.get());
}

void WorkspaceReader::detach()
{
    for (const auto &entry : m_files) {
        delete entry->link;
        entry->link = nullptr;
        entry->session->handleDisconnected();
    }
    m_client = nullptr;
}

void WorkspaceReader::clear()
{
    while (!m_files.empty())
        remove(m_files.front()->info.id);
    m_active.clear();
    m_workspace = false;
    m_refused.clear();
    m_dropped.clear();
}

bool WorkspaceReader::isWorkspace() const
{
    return m_workspace;
}

QList<WorkspaceFile> WorkspaceReader::files() const
{
    QList<WorkspaceFile> list;
    for (const auto &entry : m_files)
        list.append(entry->info);
    return list;
}

QString WorkspaceReader::activeFile() const
{
    return m_active;
}

TextDocument *WorkspaceReader::fileDocument(const QString &id) const
{
    const Entry *entry = find(id);
    return entry ? entry->document : nullptr;
}

WorkspaceReader::Entry *WorkspaceReader::find(const QString &id) const
{
    for (const auto &entry : m_files) {
        if (entry->info.id == id)
            return entry.get();
    }
    return nullptr;
}

void WorkspaceReader::openLink(Entry *entry)
{
    if (!m_client || entry->link)
        return;
    const QString id = entry->info.id;
    entry->link = new RoomLink(m_client, RoomRole::Watcher, fileRoom(m_roomId, id), {}, this);
    // Sealed with the stream's key and the associated data `R/F` (§14).
    entry->link->setRoomKey(m_key);
    WatcherSession *session = entry->session.get();
    feedWatcherSession(session, entry->link);
    // Every sync request of a file is the workspace sync request to R-control (§14 "Syncing a
    // workspace"): the session waits for the full it brings and repeats it when none comes.
    connect(entry->link, &RoomLink::joined, session, [this, session] {
        session->handleJoinedAwaitingFull();
        emit workspaceSyncWanted();
    });
    connect(session, &WatcherSession::syncRequested, this, &WorkspaceReader::workspaceSyncWanted);
    // A sealed message that does not open is dropped and answered with a resync (§12).
    connect(entry->link, &RoomLink::messageRejected, session, &WatcherSession::requestSync);
    connect(entry->link, &RoomLink::joinRefused, this, [this, id](const QString &error) {
        const Entry *refused = find(id);
        emit fileRefused(refused ? refused->info.title : id, error);
    });
}

void WorkspaceReader::handleFiles(const QJsonObject &data)
{
    auto message = decodeFilesMessage(data);
    if (!message) {
        qCInfo(lcWorkspace) << "ignored a files message:" << message.error().field;
        return;
    }
    if (message->files.size() > workspace::maxFiles) {
        emit fileRefused(QString(),
                         QStringLiteral("the writer lists %1 files, more than the %2 a workspace "
                                        "may hold; the list is ignored")
                             .arg(message->files.size())
                             .arg(workspace::maxFiles));
        return;
    }
    m_workspace = true;
    bool changed = false;
    QSet<QString> listed;
    std::vector<std::unique_ptr<Entry>> ordered;
    for (const WorkspaceFile &file : std::as_const(message->files)) {
        if (!isValidFileId(file.id) || listed.contains(file.id)) {
            refuse(file.id, file.title, QStringLiteral("invalid or repeated file id"));
            continue;
        }
        listed.insert(file.id);
        if (!isValidFileTitle(file.title)) {
            refuse(file.id, file.title,
                   QStringLiteral("a title must be 1 to %1 characters long")
                       .arg(workspace::maxTitleLength));
            continue;
        }
        if (m_dropped.contains(file.id))
            continue;
        auto it = std::find_if(m_files.begin(), m_files.end(),
                               [&file](const auto &entry) { return entry->info.id == file.id; });
        if (it != m_files.end()) {
            if ((*it)->info != file) {
                (*it)->info = file;
                changed = true;
            }
            ordered.push_back(std::move(*it));
            m_files.erase(it);
            continue;
        }
        TextDocument *document = m_factory ? m_factory(file) : nullptr;
        if (!document) {
            m_dropped.insert(file.id);
            refuse(file.id, file.title, QStringLiteral("no document for this file"));
            continue;
        }
        auto entry = std::make_unique<Entry>();
        entry->info = file;
        entry->document = document;
        entry->session = std::make_unique<WatcherSession>(document);
        const QString id = file.id;
        connect(entry->session.get(), &WatcherSession::documentChanged, this, [this, id] {
            emit fileChanged(id);
            checkHeldSize(id);
        });
        ordered.push_back(std::move(entry));
        changed = true;
        emit fileAdded(file);
    }
    // What is left was closed by the writer.
    std::vector<std::unique_ptr<Entry>> closed = std::exchange(m_files, std::move(ordered));
    for (const auto &entry : closed) {
        delete entry->link;
        entry->link = nullptr;
        emit fileRemoved(entry->info.id);
        changed = true;
    }
    closed.clear();
    for (const auto &entry : m_files)
        openLink(entry.get());
    if (m_active != message->active) {
        m_active = message->active;
        changed = true;
    }
    if (changed)
        emit filesChanged();
}

void WorkspaceReader::remove(const QString &id)
{
    auto it = std::find_if(m_files.begin(), m_files.end(),
                           [&id](const auto &entry) { return entry->info.id == id; });
    if (it == m_files.end())
        return;
    std::unique_ptr<Entry> entry = std::move(*it);
    m_files.erase(it);
    delete entry->link;
    entry->link = nullptr;
    emit fileRemoved(id);
}

void WorkspaceReader::refuse(const QString &id, const QString &title, const QString &reason)
{
    if (m_refused.contains(id))
        return;
    m_refused.insert(id);
    qCInfo(lcWorkspace) << "refused file" << id << reason;
    emit fileRefused(title, reason);
}

void WorkspaceReader::checkHeldSize(const QString &id)
{
    qint64 held = 0;
    for (const auto &entry : m_files)
        held += entry->document->length();
    if (held <= workspace::maxHeldUnits)
        return;
    const Entry *entry = find(id);
    const QString title = entry ? entry->info.title : id;
    // Queued: the session that reported the change is still on the stack.
    QMetaObject::invokeMethod(
        this,
        [this, id, title] {
            remove(id);
            m_dropped.insert(id);
            refuse(id, title,
                   QStringLiteral("the workspace exceeds 512 MiB; this file is not kept"));
            emit filesChanged();
        },
        Qt::QueuedConnection);
}

} // namespace stream
