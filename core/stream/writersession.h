#pragma once

#include "stream/streammessage.h"
#include "stream/textchange.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>

namespace stream {

class TextDocument;

// The writer side of a stream: batches the document's changes into versioned deltas, answers
// sync requests with a full, and keeps every message under the server's payload limit.
// It sends nothing itself: the connection glue sends what messageReady carries to room R.
class WriterSession final : public QObject
{
    Q_OBJECT
public:
    // `document` is the writer's document (not owned); it must already contain every change
    // passed to recordChange().
    explicit WriterSession(TextDocument *document, QObject *parent = nullptr);
    ~WriterSession() override;

    // Batching interval of deltas (default 200 ms).
    void setFlushInterval(int ms);
    int flushInterval() const;
    // Sync requests arriving within this time are answered by one full (default 50 ms).
    void setSyncCoalesceInterval(int ms);
    // A full answering sync requests comes at least this long after the previous full (default
    // 500 ms): when a server restarts, thousands of watchers rejoin and ask within a second or
    // two, and one full per coalescing window would each go to the whole room.
    void setMinFullSpacing(int ms);
    // Upper bound on the UTF-8 JSON size of one message's data (default 900,000 bytes):
    // the server's maxPayload minus the sendToRoom envelope.
    void setMaxMessageBytes(qint64 bytes);
    qint64 maxMessageBytes() const;

    // The version the next delta will carry.
    qint64 nextVersion() const;
    QString language() const;
    QString title() const;

    // Records one change as it happens, in the coordinates of the document before that change.
    void recordChange(const TextChange &change);
    // Records one editor event (changes ordered from the end of the document to the start).
    void recordEvent(const ContentChangeEvent &event);
    // The writer's selections; sent throttled, at most once per flush interval.
    void setCursor(const QList<Selection> &selections);
    // Language id and title (file name); a meta message is sent when either changes.
    void setMeta(const QString &language, const QString &title);
    // Carries another document from now on (docs/protocol.md §14 "Switching the active file"):
    // flushes the pending changes of the current one, then sends a full of `document` with the
    // next version plus one (the next delta follows it), `language` and `title` (both, even when
    // empty). `document` is not owned.
    void switchDocument(TextDocument *document, const QString &language, const QString &title);
    TextDocument *document() const;

public slots:
    // Sends pending changes now (one or more deltas, nothing when nothing changed).
    void flush();
    // A watcher asked for a full: flush, then send one full (bursts coalesced).
    void handleSyncRequest();
    // Flush and send a full now, e.g. after the connection was re-established.
    void sendFull();

signals:
    // A message for room R is ready; the glue sends it as the `data` of sendToRoom.
    void messageReady(const QJsonObject &data);
    // A delta went out; `version` is the next version after it.
    void versionChanged(qint64 nextVersion);
    // A full (all its parts) went out.
    void fullSent();

private:
    void emitDelta(const QList<ContentChangeEvent> &events);
    void emitMessage(const StreamMessage &message);
    void scheduleFlush();
    // An event as recorded; for each change, whether it starts right after a lone "\r" (a
    // leading "\n" of its text then joins that line break).
    struct PendingEvent
    {
        ContentChangeEvent event;
        QList<bool> afterLoneCr;
    };
    QList<ContentChangeEvent> splitOversized(const PendingEvent &pending) const;

    TextDocument *m_document;
    QTimer m_flushTimer;
    QTimer m_syncTimer;
    int m_syncCoalesceMs = 50;
    int m_minFullSpacingMs = 500;
    // Since the last full went out; invalid before the first.
    QElapsedTimer m_sinceFull;
    QList<PendingEvent> m_pending;
    qint64 m_nextVersion = 0;
    qint64 m_maxMessageBytes = 900000;
    qint64 m_modelVersionId = 1;
    QList<Selection> m_cursor;
    bool m_cursorPending = false;
    QString m_language;
    QString m_title;
    // The next full carries language and title even when they are empty.
    bool m_forceMeta = false;
};

} // namespace stream
