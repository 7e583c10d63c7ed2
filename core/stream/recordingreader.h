#pragma once

#include "stream/fullassembler.h"
#include "stream/memorytextdocument.h"
#include "stream/recording.h"
#include "util/expected.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

class QIODevice;

namespace stream {

// Loads a .cscast recording (docs/recording.md §3): validates every line, applies the stream
// with the watcher's state machine and builds the index of steps and keyframes. Damage stops the
// load at the damaged line with a warning; what comes before it is kept.
class RecordingReader final
{
public:
    RecordingReader();
    ~RecordingReader();

    // A keyframe is taken after this many bytes of applied delta lines (default 256 KiB), or half
    // the memory the keyframe takes (MemoryTextDocument::copyBytes()) when that is larger.
    void setKeyframeInterval(qint64 bytes);
    // The longest line accepted (default maxRecordingLineBytes); tests lower it.
    void setMaxLineBytes(qint64 bytes);

    // Reads a whole recording; the error says why it is not one (unreadable, no header).
    util::Expected<Recording, QString> read(QIODevice *device);
    util::Expected<Recording, QString> readFile(const QString &path);

    // Appending, for a recording kept in memory as its messages arrive (a live history,
    // docs/recording.md §6): starts an empty recording.
    void beginAppending(const RecordingHeader &header = {});
    // Handles one stream message received at `seconds` (clamped to the previous message's time)
    // as an event line of `bytes` bytes would be.
    void append(double seconds, const StreamMessage &message, qint64 bytes);
    // The recording appended so far.
    const Recording &appended() const { return m_recording; }
    // The appended document as a full carrying the next version, when it is known, no delta
    // waits for a missing version and no full is half assembled: a state that a new recording
    // can start from. Costs a copy of the text.
    std::optional<FullMessage> appendedState() const;
    // The length of the appended document in UTF-16 units.
    qsizetype appendedLength() const { return m_document.length(); }
    // Ends appending: the recording appended, and the reader is empty again.
    Recording takeAppended();

private:
    enum class LineStatus { Line, LastLine, TooLong, End };
    struct BufferedDelta
    {
        DeltaMessage delta;
        int line = 0;
        qint64 bytes = 0;
    };

    void reset();
    LineStatus nextLine(QIODevice *device, QByteArray *line);
    // Handles one event line; false (with the damage warning added) when it is damaged.
    bool handleEvent(const QByteArray &line, bool lastWithoutEnd);
    void handleFull(const FullMessage &full, double time);
    void applyFull(const FullMessage &full, double time);
    void handleDelta(const DeltaMessage &delta, double time, qint64 bytes);
    bool applyDelta(const BufferedDelta &buffered, double time);
    void drainBuffer(double time);
    void addStep(double time, qint64 version, int line, qint32 delta, bool lost = false);
    void loseDocument(double time, qint64 version, int line);
    void warn(const QString &message);
    void damage(const QString &message);
    void finish();

    qint64 m_keyframeInterval = 256 * 1024;
    qint64 m_maxLineBytes;

    // The state of one read.
    Recording m_recording;
    MemoryTextDocument m_document;
    QByteArray m_buffer;
    qsizetype m_lineStart = 0;
    qsizetype m_scanned = 0;
    int m_lineNumber = 0;
    int m_suppressedWarnings = 0;
    bool m_hasBaseline = false;
    qint64 m_next = 0;
    qint64 m_bytesSinceKeyframe = 0;
    QMap<qint64, BufferedDelta> m_pending;
    FullAssembler m_assembler;
};

} // namespace stream
