#pragma once

#include "stream/recording.h"
#include "stream/recordingreader.h"
#include "stream/streammessage.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QString>

#include <deque>
#include <optional>

namespace stream {

// The default bound of a watcher's live history: 64 MiB.
inline constexpr qint64 defaultLiveHistoryBytes = 64LL * 1024 * 1024;

// A state of the document that a live history holds: the document after delta `version`
// (docs/recording.md §3), reached `time` seconds after the history started. `part` and `step`
// locate it inside the history.
struct HistoryPoint
{
    double time = 0;
    qint64 version = -1;
    qint64 part = 0;
    qsizetype step = 0;

    bool operator==(const HistoryPoint &) const = default;
};

// What a watcher has received since it joined, kept in memory so that the document can be shown
// as it was at any earlier time or version (docs/recording.md §6). The history is a chain of
// in-memory recordings (parts), each built by a RecordingReader as the messages arrive and each
// starting with a keyframe: a seek copies the nearest keyframe and applies at most one keyframe
// interval of deltas. It counts the bytes its messages and keyframes take and, past its bound,
// drops its oldest parts, so that what is kept always starts with a keyframe.
class LiveHistory final
{
public:
    explicit LiveHistory(qint64 maxBytes = defaultLiveHistoryBytes);
    ~LiveHistory();

    // The most bytes the history holds (as byteCount() counts them); 0 keeps nothing. Lowering
    // it drops the oldest parts at once.
    void setMaxBytes(qint64 bytes);
    qint64 maxBytes() const { return m_maxBytes; }
    // Bytes of deltas between two keyframes inside a part (default 1 MiB, or what a keyframe
    // takes when that is more).
    void setKeyframeInterval(qint64 bytes);

    // Adds a stream message as received (the `data` of an editorMessage of room R) at the
    // history's own clock; messages that are not delta, full, cursor or meta are ignored.
    void append(const QJsonObject &data);
    // The same at `seconds` since the history started (not before the previous message).
    void appendAt(double seconds, const QJsonObject &data);
    // Adds a message that is already decoded (StreamWatcher::messageDecoded), at the history's
    // own clock or at `seconds`.
    void append(const StreamMessage &message);
    void appendAt(double seconds, const StreamMessage &message);
    // Forgets everything and restarts the clock.
    void clear();

    // Seconds on the history's clock.
    double elapsed() const;
    // The bytes held: the messages (their decoded size in memory) and the keyframes.
    qint64 byteCount() const { return m_closedBytes + m_currentBytes; }
    // How many parts the history has dropped since it started (each from a keyframe on).
    int droppedParts() const { return m_droppedParts; }
    int partCount() const { return int(m_parts.size()) + 1; }
    qsizetype keyframeCount() const;
    qsizetype stepCount() const;
    // True while the history keeps nothing and waits for a full to start again: after it was
    // off (a bound of 0), after a gap it could not close within its bound, or while the
    // document is too large for it (a keyframe would take more than a quarter of the bound).
    bool isSuspended() const { return m_suspended; }

    // The oldest and the newest state held (the newest may be one where the document is
    // unknown); nothing when the history holds no state.
    std::optional<HistoryPoint> firstPoint() const;
    std::optional<HistoryPoint> lastPoint() const;
    // The time of the last message appended.
    double lastTime() const;
    // The last state at or before `seconds`; nothing outside the history or where the document
    // is unknown.
    std::optional<HistoryPoint> pointAtTime(double seconds) const;
    // The newest state with `version`; nothing when the history does not hold it.
    std::optional<HistoryPoint> pointAtVersion(qint64 version) const;
    // The document at a point; nothing when the point is no longer held or the document was
    // unknown there.
    std::optional<QString> textAt(const HistoryPoint &point) const;
    std::optional<QString> documentAtTime(double seconds) const;
    std::optional<QString> documentAtVersion(qint64 version) const;

private:
    struct Part
    {
        Recording recording;
        qint64 bytes = 0;
    };

    void appendMessage(double seconds, const StreamMessage &message);
    void startPart(double seconds, const FullMessage &snapshot);
    void adaptKeyframeInterval();
    void closeCurrentPart();
    void resetCurrentPart();
    void suspend();
    void enforceBound();
    qint64 currentPart() const { return m_firstPart + qint64(m_parts.size()); }
    const Recording *partRecording(qint64 part) const;
    HistoryPoint pointOf(qint64 part, const Recording &recording, qsizetype step) const;

    qint64 m_maxBytes;
    qint64 m_keyframeInterval = 1 << 20;
    QElapsedTimer m_clock;
    // The closed parts, oldest first; part ids count up from m_firstPart.
    std::deque<Part> m_parts;
    qint64 m_firstPart = 0;
    qint64 m_closedBytes = 0;
    // The current part, being appended to.
    RecordingReader m_reader;
    qint64 m_currentBytes = 0;
    // The bytes of the keyframe the current part started with, and of what came after it.
    qint64 m_currentStartBytes = 0;
    qint64 m_currentGrowth = 0;
    qsizetype m_currentKeyframes = 0;
    double m_lastTime = 0;
    bool m_suspended = false;
    int m_droppedParts = 0;
};

} // namespace stream
