#pragma once

#include "stream/streammessage.h"
#include "stream/textchange.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace stream {

class TextDocument;

// Connection state of a StreamWriter or StreamWatcher.
enum class ConnectionState {
    Idle, // not started, or stopped
    Negotiating, // GET /negotiate in flight
    Connecting, // opening the Socket.IO connection / joining the room
    Connected, // the room is joined
    Reconnecting, // the connection dropped; reconnecting
    Failed, // negotiate or the connection failed for good (see errorOccurred)
};

// Streams a document to watchers: negotiates with a CodeStream origin, connects, joins the
// writer's room and runs a WriterSession. Used by the desktop writer and `codestream-cli stream`.
class StreamWriter final : public QObject
{
    Q_OBJECT
public:
    // `document` is the writer's document (not owned); report every edit with recordChange().
    explicit StreamWriter(TextDocument *document, QObject *parent = nullptr);
    ~StreamWriter() override;

    void setFlushInterval(int ms);
    // The longest wait between two reconnection attempts (default 3000 ms). Applies to the
    // connection opened by the next start().
    void setReconnectionDelayMax(int ms);
    int reconnectionDelayMax() const;
    ConnectionState connectionState() const;
    // Seal every message end to end with a fresh room key (docs/protocol.md §12); applies to the
    // next start(). Off by default.
    void setEncrypted(bool encrypted);
    bool isEncrypted() const;
    // `<origin>/#<room>`, or `<origin>/#<room>,<key>` when encrypted; empty until negotiate
    // answered.
    QUrl shareLink() const;
    // `<origin>/#<room>` even when encrypted, for passing the key another way.
    QUrl shareLinkWithoutKey() const;
    QString roomId() const;
    int watcherCount() const;
    qint64 nextVersion() const;

    // Records one edit as it happens, in the coordinates of the document before it.
    void recordChange(const TextChange &change);
    void recordEvent(const ContentChangeEvent &event);
    void setCursor(const QList<Selection> &selections);
    void setMeta(const QString &language, const QString &title);

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
    // The server reported a new number of watchers in the room.
    void watcherCountChanged(int watchers);
    // A delta went out; the next delta will carry `nextVersion`.
    void versionChanged(qint64 nextVersion);
    // The session produced a stream message for room R (sent, or queued while the link is down).
    void messageReady(const QJsonObject &data);
    void errorOccurred(const QString &message);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace stream
