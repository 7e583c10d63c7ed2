#pragma once

#include "stream/fullassembler.h"
#include "stream/streammessage.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace stream {

class TextDocument;

// Where a watcher stands (docs/protocol.md §5).
enum class WatcherState {
    Connecting, // not joined yet, or joined and waiting for the first full
    Live, // the document follows the writer
    Resyncing, // a gap or a divergence was seen; a full was requested
    Disconnected, // the connection is down
};

// The watcher side of a stream: applies fulls and versioned deltas to a document, buffers
// out-of-order deltas, drops duplicates and asks for a full when it cannot catch up.
class WatcherSession final : public QObject
{
    Q_OBJECT
public:
    // `document` receives the writer's text (not owned).
    explicit WatcherSession(TextDocument *document, QObject *parent = nullptr);
    ~WatcherSession() override;

    // How long a gap in the delta versions may stay open before a sync request (default 1000).
    void setGapTimeout(int ms);
    // While waiting for a full, the sync request is repeated this often (default 3000).
    void setSyncRetryInterval(int ms);

    WatcherState state() const;
    bool hasBaseline() const;
    // The version of the next delta this watcher expects.
    qint64 nextVersion() const;
    QString language() const;
    QString title() const;
    int bufferedDeltaCount() const;

public slots:
    // Handles one stream message (the `data` of an editorMessage); unknown or invalid ones are
    // ignored.
    void handleMessage(const QJsonObject &data);
    void handleDecodedMessage(const StreamMessage &message);
    // The room was (re)joined: ask for a full.
    void handleJoined();
    // The room was (re)joined and a full was asked for another way (a workspace sync request,
    // docs/protocol.md §14): waits for it, and asks this room only if none comes in time.
    void handleJoinedAwaitingFull();
    // The connection went down.
    void handleDisconnected();
    // Asks for a full now.
    void requestSync();

signals:
    // A sync request should be sent to R-control.
    void syncRequested();
    void stateChanged(stream::WatcherState state);
    // The document was changed by a full or a delta.
    void documentChanged();
    void metaChanged(const QString &language, const QString &title);
    // The writer's selections, valid at `version`.
    void cursorChanged(const QList<stream::Selection> &selections, qint64 version);
    // The expected next delta version changed.
    void versionChanged(qint64 nextVersion);
    // A stream message was decoded, before it is handled (for histories and recorders that need
    // it decoded too).
    void messageDecoded(const stream::StreamMessage &message);

private:
    void applyFull(const FullMessage &full);
    void handleFull(const FullMessage &full);
    void handleDelta(const DeltaMessage &delta);
    bool applyDelta(const DeltaMessage &delta);
    void drainBuffer();
    void setState(WatcherState state);
    void diverged();
    void updateMeta(const std::optional<QString> &language, const std::optional<QString> &title);

    TextDocument *m_document;
    WatcherState m_state = WatcherState::Connecting;
    bool m_hasBaseline = false;
    qint64 m_next = 0;
    QMap<qint64, DeltaMessage> m_buffer;
    QTimer m_gapTimer;
    QTimer m_retryTimer;
    QString m_language;
    QString m_title;

    // A full arriving in parts.
    FullAssembler m_assembler;
};

} // namespace stream
