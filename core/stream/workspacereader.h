#pragma once

#include "stream/filesmessage.h"
#include "stream/roomkey.h"
#include "stream/workspacefile.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace socketio {
class Client;
} // namespace socketio

namespace stream {

class TextDocument;

// The file rooms of a workspace stream on the watcher side (docs/protocol.md §14): follows the
// `files` message of R, keeps one document and WatcherSession per file and joins every `R/F` on
// the watcher's client. Part of StreamWatcher's workspace mode.
class WorkspaceReader final : public QObject
{
    Q_OBJECT
public:
    using DocumentFactory = std::function<TextDocument *(const WorkspaceFile &file)>;

    explicit WorkspaceReader(DocumentFactory factory, QObject *parent = nullptr);
    ~WorkspaceReader() override;

    // Joins the file rooms of stream `roomId` on `client` (not owned), now and for every file that
    // comes; messages are sealed and opened with `key` when it is not null.
    void attach(socketio::Client *client, const QString &roomId, const RoomKey &key);
    // Leaves every file room (the client goes away); the documents stay.
    void detach();
    // Forgets every file (fileRemoved for each).
    void clear();

    bool isWorkspace() const;
    QList<WorkspaceFile> files() const;
    QString activeFile() const;
    TextDocument *fileDocument(const QString &id) const;

public slots:
    // A `files` message from R.
    void handleFiles(const QJsonObject &data);

signals:
    void filesChanged();
    void fileAdded(const stream::WorkspaceFile &file);
    void fileRemoved(const QString &id);
    void fileChanged(const QString &id);
    void fileRefused(const QString &title, const QString &reason);
    // A file room was (re)joined, or a file needs a full: one workspace sync request to
    // R-control should follow (docs/protocol.md §14 "Syncing a workspace"), for all the files
    // that want one at that time.
    void workspaceSyncWanted();

private:
    struct Entry;
    Entry *find(const QString &id) const;
    void openLink(Entry *entry);
    void remove(const QString &id);
    void refuse(const QString &id, const QString &title, const QString &reason);
    void checkHeldSize(const QString &id);

    DocumentFactory m_factory;
    socketio::Client *m_client = nullptr;
    QString m_roomId;
    RoomKey m_key;
    std::vector<std::unique_ptr<Entry>> m_files;
    QString m_active;
    bool m_workspace = false;
    // Ids already reported as refused (reported once).
    QSet<QString> m_refused;
    // Ids not kept for good (no document, or over the size limit).
    QSet<QString> m_dropped;
};

} // namespace stream
