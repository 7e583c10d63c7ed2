#pragma once

#include "stream/memorytextdocument.h"
#include "stream/recordingheader.h"
#include "stream/streammessage.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace stream {

// One state of a recorded document: the document after delta `version` (F−1 for a full with
// version F), reached at `time` seconds by the event on `line` (docs/recording.md §3).
struct RecordingStep
{
    double time = 0;
    qint64 version = -1;
    int line = 0;
    // True when the document is unknown from this step on (a delta did not apply).
    bool lost = false;
};

// A contiguous range of versions that a recording holds (inclusive).
struct VersionRange
{
    qint64 first = 0;
    qint64 last = 0;
};
// A range of seconds since the start of a recording (inclusive).
struct TimeRange
{
    double first = 0;
    double last = 0;
};

// A loaded .cscast recording with its index of steps and keyframes: the document at any
// version or time it holds is rebuilt from the nearest keyframe. Built by RecordingReader.
class Recording final
{
public:
    const RecordingHeader &header() const { return m_header; }
    // Problems found while loading, each naming its line.
    const QStringList &warnings() const { return m_warnings; }
    // The time of the last event read, in seconds.
    double duration() const { return m_duration; }
    // The number of event lines read (the header excluded).
    int eventCount() const { return m_eventCount; }

    qsizetype stepCount() const { return m_steps.size(); }
    const RecordingStep &step(qsizetype index) const { return m_steps.at(index); }
    // The last step with `version`, or nothing when the recording does not hold it.
    std::optional<qsizetype> stepForVersion(qint64 version) const;
    // The last step at or before `seconds`, or nothing outside the times it holds.
    std::optional<qsizetype> stepAtTime(double seconds) const;
    // The document after a step; nothing for a lost step.
    std::optional<QString> textAtStep(qsizetype index) const;
    // The delta that led to a step, or nullptr for a full's step and a lost step.
    const DeltaMessage *deltaAtStep(qsizetype index) const;

    std::optional<QString> documentAtVersion(qint64 version) const;
    std::optional<QString> documentAtTime(double seconds) const;
    // The document at the end, when it is known there.
    std::optional<QString> finalDocument() const;

    QList<VersionRange> versionRanges() const;
    QList<TimeRange> timeRanges() const;
    // "versions -1–2041, times 0.000–63.512 s", for messages.
    QString describeRanges() const;

    // The recorded cursor messages, and the language and title of meta messages and applied
    // fulls, with their times.
    const QList<std::pair<double, CursorMessage>> &cursors() const { return m_cursors; }
    const QList<std::pair<double, MetaMessage>> &metas() const { return m_metas; }
    qsizetype keyframeCount() const { return m_keyframes.size(); }

private:
    friend class RecordingReader;

    // A step's content: an index into m_deltas for a delta step, -1 for a keyframe step (a full)
    // and for a lost step.
    QList<qint32> m_stepDeltas;
    QList<RecordingStep> m_steps;
    QList<DeltaMessage> m_deltas;
    // (step index, document after that step), sorted by step index. The documents are piece
    // trees that share their buffers with each other (MemoryTextDocument copies).
    QList<std::pair<qsizetype, MemoryTextDocument>> m_keyframes;
    QHash<qint64, qsizetype> m_versionSteps;
    RecordingHeader m_header;
    QStringList m_warnings;
    QList<std::pair<double, CursorMessage>> m_cursors;
    QList<std::pair<double, MetaMessage>> m_metas;
    double m_duration = 0;
    int m_eventCount = 0;
};

} // namespace stream
