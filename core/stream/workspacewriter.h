#pragma once

#include "stream/streamwriter.h"
#include "stream/textchange.h"
#include "stream/workspacefile.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace stream {

class TextDocument;

// Streams a set of open documents as a workspace (docs/protocol.md §14): room R carries the
// active document (so every §5 watcher sees it), each file its own room `R/F`, and R the `files`
// message that lists them. Used by the desktop writer and `codestream-cli stream FILE...`.
class WorkspaceWriter final : public QObject
{
    Q_OBJECT
public:
    explicit WorkspaceWriter(QObject *parent = nullptr);
    ~WorkspaceWriter() override;

    void setFlushInterval(int ms);
    // The longest wait between two reconnection attempts (default 3000 ms). Applies to the
    // connection opened by the next start().
    void setReconnectionDelayMax(int ms);
    int reconnectionDelayMax() const;
    ConnectionState connectionState() const;
    // Seal every message end to end with a fresh room key (docs/protocol.md §12, §14); applies
    // to the next start(). Off by default.
    void setEncrypted(bool encrypted);
    bool isEncrypted() const;
    // `<origin>/#<room>`, or `<origin>/#<room>,<key>` when encrypted; empty until negotiate
    // answered.
    QUrl shareLink() const;
    // `<origin>/#<room>` even when encrypted, for passing the key another way.
    QUrl shareLinkWithoutKey() const;
    QString roomId() const;
    int watcherCount() const;
    // The version R's next delta will carry.
    qint64 nextVersion() const;

    // Adds an open file; `document` is not owned and must stay valid until removeFile() or the
    // writer's destruction. Returns the new id, or an empty string (and errorOccurred) when
    // refused by the limits of §14. The first file becomes active.
    QString addFile(TextDocument *document, const QString &title, const QString &language);
    // Closes a file; when it was active, the next one (or the previous) becomes active.
    void removeFile(const QString &id);
    // Renames a file or changes its language; errorOccurred when the title is refused (§14).
    void setFileMeta(const QString &id, const QString &title, const QString &language);
    // Makes a file the one that R carries (docs/protocol.md §14 "Switching the active file").
    void setActiveFile(const QString &id);
    QString activeFile() const;
    // The open files in the order they were added.
    QList<WorkspaceFile> files() const;

    // Records one edit of file `id` as it happens, in the coordinates of its document before it.
    void recordChange(const QString &id, const TextChange &change);
    void recordEvent(const QString &id, const ContentChangeEvent &event);
    void setCursor(const QString &id, const QList<Selection> &selections);

public slots:
    // Negotiates with `origin` (e.g. http://127.0.0.1:3000) and starts streaming.
    void start(const QUrl &origin);
    // Sends pending changes, then disconnects.
    void stop();
    // Sends pending changes now.
    void flush();

signals:
    void shareLinkChanged(const QUrl &link);
    void connectionStateChanged(stream::ConnectionState state);
    // The connection is down; reconnection attempt `attempt` starts in `delayMs`.
    void reconnectScheduled(int attempt, int delayMs);
    // The server reported a new number of watchers in room R.
    void watcherCountChanged(int watchers);
    // A delta went out to R; R's next delta will carry `nextVersion`.
    void versionChanged(qint64 nextVersion);
    // A stream message for room R was produced (sent, or dropped while the link is down): for
    // recorders.
    void messageReady(const QJsonObject &data);
    // A file was added, removed or renamed, or another one became active.
    void filesChanged();
    void errorOccurred(const QString &message);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace stream
