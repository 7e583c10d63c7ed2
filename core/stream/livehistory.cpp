#include "stream/livehistory.h"

#include <algorithm>
#include <cmath>

namespace stream {

namespace {

// What a message costs in memory once the reader holds it (docs/recording.md §6): the step and
// its index entries, the decoded message and its strings (UTF-16).
constexpr qint64 stepBytes = 128;
constexpr qint64 eventBytes = 96;
constexpr qint64 changeBytes = 96;
constexpr qint64 keyframeOverhead = 64;
// A copy of the document may take at most this share of the bound (1/4), and a part grows by at
// least an eighth of it before the next one starts.
constexpr qint64 keyframeShare = 4;
constexpr qint64 partShare = 8;

qint64 textBytes(const QString &text)
{
    return 2 * qint64(text.size());
}

qint64 keyframeBytes(qsizetype length)
{
    return keyframeOverhead + 2 * qint64(length);
}

qint64 messageBytes(const StreamMessage &message)
{
    if (const auto *delta = std::get_if<DeltaMessage>(&message)) {
        qint64 bytes = stepBytes;
        for (const ContentChangeEvent &event : delta->changes) {
            bytes += eventBytes;
            for (const TextChange &change : event.changes)
                bytes += changeBytes + textBytes(change.text);
        }
        return bytes;
    }
    if (const auto *full = std::get_if<FullMessage>(&message))
        return stepBytes + keyframeBytes(full->content.size())
            + textBytes(full->language.value_or(QString()))
            + textBytes(full->title.value_or(QString()));
    if (const auto *cursor = std::get_if<CursorMessage>(&message))
        return stepBytes / 2 + 32 * qint64(cursor->selections.size());
    if (const auto *meta = std::get_if<MetaMessage>(&message))
        return stepBytes / 2 + textBytes(meta->language) + textBytes(meta->title);
    return 0;
}

} // namespace

LiveHistory::LiveHistory(qint64 maxBytes)
    : m_maxBytes(std::max<qint64>(0, maxBytes))
{
    m_clock.start();
    m_reader.beginAppending();
}

LiveHistory::~LiveHistory() = default;

void LiveHistory::setMaxBytes(qint64 bytes)
{
    m_maxBytes = std::max<qint64>(0, bytes);
    if (m_maxBytes == 0) {
        // Nothing is kept; when the bound grows again, the history starts with a full.
        suspend();
        return;
    }
    enforceBound();
}

void LiveHistory::setKeyframeInterval(qint64 bytes)
{
    m_keyframeInterval = std::max<qint64>(1, bytes);
    adaptKeyframeInterval();
}

void LiveHistory::append(const QJsonObject &data)
{
    appendAt(elapsed(), data);
}

void LiveHistory::appendAt(double seconds, const QJsonObject &data)
{
    if (m_maxBytes <= 0)
        return;
    if (auto message = decodeMessage(data))
        appendAt(seconds, *message);
}

void LiveHistory::append(const StreamMessage &message)
{
    appendAt(elapsed(), message);
}

void LiveHistory::appendAt(double seconds, const StreamMessage &message)
{
    if (m_maxBytes <= 0 || std::holds_alternative<SyncRequest>(message)
        || std::holds_alternative<PresenceMessage>(message))
        return;
    appendMessage(seconds, message);
}

void LiveHistory::clear()
{
    m_firstPart += qint64(m_parts.size()) + 1;
    m_parts.clear();
    m_closedBytes = 0;
    resetCurrentPart();
    m_suspended = false;
    m_droppedParts = 0;
    m_lastTime = 0;
    m_clock.restart();
}

double LiveHistory::elapsed() const
{
    return double(m_clock.nsecsElapsed()) / 1e9;
}

qsizetype LiveHistory::keyframeCount() const
{
    qsizetype count = m_reader.appended().keyframeCount();
    for (const Part &part : m_parts)
        count += part.recording.keyframeCount();
    return count;
}

qsizetype LiveHistory::stepCount() const
{
    qsizetype count = m_reader.appended().stepCount();
    for (const Part &part : m_parts)
        count += part.recording.stepCount();
    return count;
}

void LiveHistory::appendMessage(double seconds, const StreamMessage &message)
{
    const auto *full = std::get_if<FullMessage>(&message);
    // A suspended history starts again from a full: the deltas before it are not needed.
    if (m_suspended && !full)
        return;
    if (std::isfinite(seconds))
        m_lastTime = std::max(m_lastTime, seconds);
    const qint64 bytes = messageBytes(message);
    m_reader.append(m_lastTime, message, bytes);
    m_currentBytes += bytes;
    m_currentGrowth += bytes;
    const qsizetype keyframes = m_reader.appended().keyframeCount();
    if (keyframes > m_currentKeyframes) {
        // A full's keyframe is its content, counted with the message; a delta may have made
        // the reader take a copy of the document.
        if (!full) {
            const qint64 copies
                = (keyframes - m_currentKeyframes) * keyframeBytes(m_reader.appendedLength());
            m_currentBytes += copies;
            m_currentGrowth += copies;
        }
        m_currentKeyframes = keyframes;
        adaptKeyframeInterval();
    }
    if (m_suspended) {
        if (m_reader.appended().stepCount() == 0) {
            // Parts of a full are being collected.
            if (m_currentBytes > m_maxBytes)
                resetCurrentPart();
            return;
        }
        m_suspended = false;
    }
    if (keyframeBytes(m_reader.appendedLength()) > m_maxBytes / keyframeShare) {
        suspend();
        return;
    }
    // A new part costs a copy of the document: only after at least as many bytes as that.
    if (m_currentGrowth >= std::max(m_maxBytes / partShare, m_currentStartBytes)) {
        if (auto snapshot = m_reader.appendedState()) {
            closeCurrentPart();
            startPart(m_lastTime, *snapshot);
        }
    }
    enforceBound();
}

void LiveHistory::startPart(double seconds, const FullMessage &snapshot)
{
    resetCurrentPart();
    m_reader.append(seconds, snapshot, 0);
    m_currentStartBytes = messageBytes(snapshot);
    m_currentBytes = m_currentStartBytes;
    m_currentKeyframes = m_reader.appended().keyframeCount();
    adaptKeyframeInterval();
}

void LiveHistory::adaptKeyframeInterval()
{
    // Copies of a large document would take most of the bound: between two of them go at least
    // as many bytes of deltas as a copy takes, so that they take at most about half of it.
    m_reader.setKeyframeInterval(
        std::max(m_keyframeInterval, keyframeBytes(m_reader.appendedLength())));
}

void LiveHistory::closeCurrentPart()
{
    m_closedBytes += m_currentBytes;
    m_parts.push_back(Part {m_reader.takeAppended(), m_currentBytes});
    resetCurrentPart();
}

void LiveHistory::resetCurrentPart()
{
    m_reader.beginAppending();
    m_currentBytes = 0;
    m_currentStartBytes = 0;
    m_currentGrowth = 0;
    m_currentKeyframes = 0;
}

void LiveHistory::suspend()
{
    m_droppedParts += int(m_parts.size()) + (m_reader.appended().stepCount() > 0 ? 1 : 0);
    m_firstPart += qint64(m_parts.size()) + 1;
    m_parts.clear();
    m_closedBytes = 0;
    resetCurrentPart();
    m_suspended = true;
}

void LiveHistory::enforceBound()
{
    while (byteCount() > m_maxBytes && !m_parts.empty()) {
        m_closedBytes -= m_parts.front().bytes;
        m_parts.pop_front();
        ++m_firstPart;
        ++m_droppedParts;
    }
    if (byteCount() <= m_maxBytes)
        return;
    // The current part alone is too large: start a part from its end and drop it.
    auto snapshot = m_reader.appendedState();
    if (!snapshot || messageBytes(*snapshot) > m_maxBytes / keyframeShare) {
        suspend();
        return;
    }
    closeCurrentPart();
    startPart(m_lastTime, *snapshot);
    enforceBound();
}

const Recording *LiveHistory::partRecording(qint64 part) const
{
    if (part == currentPart())
        return &m_reader.appended();
    if (part >= m_firstPart && part < currentPart())
        return &m_parts.at(std::size_t(part - m_firstPart)).recording;
    return nullptr;
}

HistoryPoint LiveHistory::pointOf(qint64 part, const Recording &recording, qsizetype step) const
{
    const RecordingStep &at = recording.step(step);
    return HistoryPoint {at.time, at.version, part, step};
}

std::optional<HistoryPoint> LiveHistory::firstPoint() const
{
    for (qint64 part = m_firstPart; part <= currentPart(); ++part) {
        const Recording *recording = partRecording(part);
        if (recording->stepCount() > 0)
            return pointOf(part, *recording, 0);
    }
    return std::nullopt;
}

std::optional<HistoryPoint> LiveHistory::lastPoint() const
{
    for (qint64 part = currentPart(); part >= m_firstPart; --part) {
        const Recording *recording = partRecording(part);
        if (recording->stepCount() > 0)
            return pointOf(part, *recording, recording->stepCount() - 1);
    }
    return std::nullopt;
}

double LiveHistory::lastTime() const
{
    return m_lastTime;
}

std::optional<HistoryPoint> LiveHistory::pointAtTime(double seconds) const
{
    if (!(seconds <= m_lastTime))
        return std::nullopt;
    // The newest part that starts at or before `seconds`; it holds every later time up to the
    // start of the next part, whose first state is its own last one.
    for (qint64 part = currentPart(); part >= m_firstPart; --part) {
        const Recording *recording = partRecording(part);
        if (recording->stepCount() == 0 || recording->step(0).time > seconds)
            continue;
        const auto step = recording->stepAtTime(std::min(seconds, recording->duration()));
        if (!step)
            return std::nullopt;
        return pointOf(part, *recording, *step);
    }
    return std::nullopt;
}

std::optional<HistoryPoint> LiveHistory::pointAtVersion(qint64 version) const
{
    for (qint64 part = currentPart(); part >= m_firstPart; --part) {
        const Recording *recording = partRecording(part);
        if (const auto step = recording->stepForVersion(version))
            return pointOf(part, *recording, *step);
    }
    return std::nullopt;
}

std::optional<QString> LiveHistory::textAt(const HistoryPoint &point) const
{
    const Recording *recording = partRecording(point.part);
    if (!recording || point.step < 0 || point.step >= recording->stepCount())
        return std::nullopt;
    return recording->textAtStep(point.step);
}

std::optional<QString> LiveHistory::documentAtTime(double seconds) const
{
    const auto point = pointAtTime(seconds);
    return point ? textAt(*point) : std::nullopt;
}

std::optional<QString> LiveHistory::documentAtVersion(qint64 version) const
{
    const auto point = pointAtVersion(version);
    return point ? textAt(*point) : std::nullopt;
}

} // namespace stream
