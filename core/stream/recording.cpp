#include "stream/recording.h"

#include "stream/memorytextdocument.h"

#include <algorithm>

namespace stream {

std::optional<qsizetype> Recording::stepForVersion(qint64 version) const
{
    const auto it = m_versionSteps.constFind(version);
    if (it == m_versionSteps.constEnd())
        return std::nullopt;
    return *it;
}

std::optional<qsizetype> Recording::stepAtTime(double seconds) const
{
    if (m_steps.isEmpty() || !(seconds >= m_steps.constFirst().time) || seconds > m_duration)
        return std::nullopt;
    const auto it
        = std::upper_bound(m_steps.cbegin(), m_steps.cend(), seconds,
                           [](double t, const RecordingStep &step) { return t < step.time; });
    const qsizetype index = (it - m_steps.cbegin()) - 1;
    if (m_steps.at(index).lost)
        return std::nullopt;
    return index;
}

std::optional<QString> Recording::textAtStep(qsizetype index) const
{
    if (index < 0 || index >= m_steps.size() || m_steps.at(index).lost)
        return std::nullopt;
    // The last keyframe at or before the step; every run of steps after a lost one starts with
    // a full, which is a keyframe, so it lies in the same run.
    const auto it = std::upper_bound(
        m_keyframes.cbegin(), m_keyframes.cend(), index,
        [](qsizetype i, const std::pair<qsizetype, MemoryTextDocument> &keyframe) {
            return i < keyframe.first;
        });
    if (it == m_keyframes.cbegin())
        return std::nullopt;
    const auto &keyframe = *(it - 1);
    if (keyframe.first == index)
        return keyframe.second.text();
    // A copy of the keyframe's piece tree: its buffers are shared, not copied or scanned again.
    MemoryTextDocument document(keyframe.second);
    for (qsizetype i = keyframe.first + 1; i <= index; ++i) {
        const qint32 delta = m_stepDeltas.at(i);
        if (delta < 0)
            return std::nullopt;
        for (const ContentChangeEvent &event : m_deltas.at(delta).changes) {
            // The reader applied the same deltas to the same text when it loaded them.
            if (!applyContentChangeEvent(document, event))
                return std::nullopt;
        }
    }
    return document.text();
}

const DeltaMessage *Recording::deltaAtStep(qsizetype index) const
{
    if (index < 0 || index >= m_stepDeltas.size() || m_stepDeltas.at(index) < 0)
        return nullptr;
    return &m_deltas.at(m_stepDeltas.at(index));
}

std::optional<QString> Recording::documentAtVersion(qint64 version) const
{
    const auto index = stepForVersion(version);
    return index ? textAtStep(*index) : std::nullopt;
}

std::optional<QString> Recording::documentAtTime(double seconds) const
{
    const auto index = stepAtTime(seconds);
    return index ? textAtStep(*index) : std::nullopt;
}

std::optional<QString> Recording::finalDocument() const
{
    if (m_steps.isEmpty())
        return std::nullopt;
    return textAtStep(m_steps.size() - 1);
}

QList<VersionRange> Recording::versionRanges() const
{
    QList<qint64> versions = m_versionSteps.keys();
    std::sort(versions.begin(), versions.end());
    QList<VersionRange> ranges;
    for (qint64 version : std::as_const(versions)) {
        if (!ranges.isEmpty() && ranges.last().last + 1 == version)
            ranges.last().last = version;
        else
            ranges.append({version, version});
    }
    return ranges;
}

QList<TimeRange> Recording::timeRanges() const
{
    QList<TimeRange> ranges;
    bool open = false;
    for (const RecordingStep &step : m_steps) {
        if (step.lost) {
            if (open)
                ranges.last().last = step.time;
            open = false;
        } else if (!open) {
            ranges.append({step.time, m_duration});
            open = true;
        }
    }
    return ranges;
}

QString Recording::describeRanges() const
{
    const QList<VersionRange> versions = versionRanges();
    const QList<TimeRange> times = timeRanges();
    if (versions.isEmpty())
        return QStringLiteral("no document state");
    QStringList versionText;
    for (const VersionRange &range : versions)
        versionText += range.first == range.last
            ? QString::number(range.first)
            : QStringLiteral("%1–%2").arg(range.first).arg(range.last);
    QStringList timeText;
    for (const TimeRange &range : times)
        timeText += QStringLiteral("%1–%2").arg(range.first, 0, 'f', 3).arg(range.last, 0, 'f', 3);
    // A damaged recording may hold thousands of ranges: name the first few.
    constexpr qsizetype shown = 8;
    const auto list = [](QStringList items) {
        const qsizetype more = items.size() - shown;
        if (more > 0) {
            items.resize(shown);
            items.append(QStringLiteral("and %1 more").arg(more));
        }
        return items.join(QStringLiteral(", "));
    };
    return QStringLiteral("versions %1, times %2 s").arg(list(versionText), list(timeText));
}

} // namespace stream
