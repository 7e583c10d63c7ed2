#include "stream/recordingreader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace stream {

namespace {

constexpr int maxWarnings = 100;
// As the watcher (docs/protocol.md §5).
constexpr qsizetype maxBufferedDeltas = 20000;
constexpr qint64 readChunkBytes = 1 << 20;

QString describe(ApplyError error)
{
    switch (error) {
    case ApplyError::RangeOutsideDocument:
        return QStringLiteral("a range is outside the document");
    case ApplyError::OffsetMismatch:
        return QStringLiteral("an offset disagrees with its range");
    }
    return {};
}

bool isKnownKind(const QString &kind)
{
    return kind == QLatin1String("delta") || kind == QLatin1String("full")
        || kind == QLatin1String("cursor") || kind == QLatin1String("meta");
}

} // namespace

RecordingReader::RecordingReader()
    : m_maxLineBytes(maxRecordingLineBytes)
{ }

RecordingReader::~RecordingReader() = default;

void RecordingReader::setKeyframeInterval(qint64 bytes)
{
    m_keyframeInterval = std::max<qint64>(1, bytes);
}

void RecordingReader::setMaxLineBytes(qint64 bytes)
{
    m_maxLineBytes = std::max<qint64>(1, bytes);
}

void RecordingReader::reset()
{
    m_recording = Recording();
    m_document.setText(QString());
    m_buffer.clear();
    m_lineStart = 0;
    m_scanned = 0;
    m_lineNumber = 0;
    m_suppressedWarnings = 0;
    m_hasBaseline = false;
    m_next = 0;
    m_bytesSinceKeyframe = 0;
    m_pending.clear();
    m_assembler.clear();
}

util::Expected<Recording, QString> RecordingReader::readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
    return read(&file);
}

RecordingReader::LineStatus RecordingReader::nextLine(QIODevice *device, QByteArray *line)
{
    // A line may end in "\r\n": one byte more than the limit.
    const qint64 limit = m_maxLineBytes + 1;
    for (;;) {
        const qsizetype end = m_buffer.indexOf('\n', m_scanned);
        if (end >= 0) {
            if (end - m_lineStart > limit) {
                ++m_lineNumber;
                return LineStatus::TooLong;
            }
            *line = m_buffer.sliced(m_lineStart, end - m_lineStart);
            if (line->endsWith('\r'))
                line->chop(1);
            m_lineStart = end + 1;
            m_scanned = m_lineStart;
            ++m_lineNumber;
            return LineStatus::Line;
        }
        m_scanned = m_buffer.size();
        if (m_scanned - m_lineStart > limit) {
            ++m_lineNumber;
            return LineStatus::TooLong;
        }
        if (m_lineStart > 0) {
            m_buffer.remove(0, m_lineStart);
            m_scanned -= m_lineStart;
            m_lineStart = 0;
        }
        const QByteArray chunk = device->read(readChunkBytes);
        if (chunk.isEmpty()) {
            if (m_buffer.size() == m_lineStart)
                return LineStatus::End;
            *line = m_buffer.sliced(m_lineStart);
            m_lineStart = m_buffer.size();
            m_scanned = m_lineStart;
            ++m_lineNumber;
            return LineStatus::LastLine;
        }
        m_buffer += chunk;
    }
}

util::Expected<Recording, QString> RecordingReader::read(QIODevice *device)
{
    reset();
    QByteArray line;
    LineStatus status = nextLine(device, &line);
    if (status == LineStatus::End)
        return QStringLiteral("the file is empty");
    if (status == LineStatus::TooLong)
        return QStringLiteral("the first line is not a recording header");
    auto header = RecordingHeader::fromJsonLine(line);
    if (!header)
        return header.error();
    m_recording.m_header = *header;

    for (;;) {
        status = nextLine(device, &line);
        if (status == LineStatus::End)
            break;
        if (status == LineStatus::TooLong) {
            damage(QStringLiteral("line %1: longer than %2 bytes")
                       .arg(m_lineNumber)
                       .arg(m_maxLineBytes));
            break;
        }
        if (line.trimmed().isEmpty())
            continue;
        if (!handleEvent(line, status == LineStatus::LastLine))
            break;
    }
    finish();
    Recording result = std::move(m_recording);
    reset();
    return result;
}

void RecordingReader::beginAppending(const RecordingHeader &header)
{
    reset();
    m_recording.m_header = header;
}

void RecordingReader::append(double seconds, const StreamMessage &message, qint64 bytes)
{
    const double time = std::isfinite(seconds) ? std::max(seconds, m_recording.m_duration)
                                               : m_recording.m_duration;
    m_recording.m_duration = time;
    ++m_recording.m_eventCount;
    ++m_lineNumber;
    if (const auto *delta = std::get_if<DeltaMessage>(&message))
        handleDelta(*delta, time, bytes);
    else if (const auto *full = std::get_if<FullMessage>(&message))
        handleFull(*full, time);
    else if (const auto *cursor = std::get_if<CursorMessage>(&message))
        m_recording.m_cursors.append({time, *cursor});
    else if (const auto *meta = std::get_if<MetaMessage>(&message))
        m_recording.m_metas.append({time, *meta});
}

std::optional<FullMessage> RecordingReader::appendedState() const
{
    if (!m_hasBaseline || !m_pending.isEmpty() || m_assembler.isCollecting())
        return std::nullopt;
    FullMessage full {m_next, m_document.text()};
    if (!m_recording.m_metas.isEmpty()) {
        full.language = m_recording.m_metas.last().second.language;
        full.title = m_recording.m_metas.last().second.title;
    }
    return full;
}

Recording RecordingReader::takeAppended()
{
    Recording result = std::move(m_recording);
    reset();
    return result;
}

bool RecordingReader::handleEvent(const QByteArray &line, bool lastWithoutEnd)
{
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        damage(lastWithoutEnd
                   ? QStringLiteral("line %1: cut short (no line end, not complete JSON)")
                         .arg(m_lineNumber)
                   : QStringLiteral("line %1: not valid JSON (%2 at offset %3)")
                         .arg(m_lineNumber)
                         .arg(parseError.errorString())
                         .arg(parseError.offset));
        return false;
    }
    const QJsonArray event = json.array();
    if (!json.isArray() || event.size() != 3) {
        damage(QStringLiteral("line %1: not a [t, kind, payload] array").arg(m_lineNumber));
        return false;
    }
    const double time = event.at(0).toDouble(-1);
    if (!event.at(0).isDouble() || !std::isfinite(time) || time < 0) {
        damage(QStringLiteral("line %1: the time is not a number ≥ 0").arg(m_lineNumber));
        return false;
    }
    if (time < m_recording.m_duration) {
        damage(QStringLiteral("line %1: the time goes backwards (%2 after %3)")
                   .arg(m_lineNumber)
                   .arg(time)
                   .arg(m_recording.m_duration));
        return false;
    }
    if (!event.at(1).isString() || !event.at(2).isObject()) {
        damage(QStringLiteral("line %1: the kind is not a string or the payload not an object")
                   .arg(m_lineNumber));
        return false;
    }
    const QString kind = event.at(1).toString();
    const QJsonObject payload = event.at(2).toObject();
    m_recording.m_duration = time;
    ++m_recording.m_eventCount;
    if (!isKnownKind(kind))
        return true;
    if (payload.value(QLatin1String("type")).toString() != kind) {
        damage(QStringLiteral("line %1: the kind '%2' differs from the payload's type")
                   .arg(m_lineNumber)
                   .arg(kind));
        return false;
    }
    auto message = decodeMessage(payload);
    if (!message) {
        damage(QStringLiteral("line %1: invalid %2 message (%3)")
                   .arg(m_lineNumber)
                   .arg(kind, stream::describe(message.error())));
        return false;
    }
    if (const auto *delta = std::get_if<DeltaMessage>(&*message))
        handleDelta(*delta, time, line.size());
    else if (const auto *full = std::get_if<FullMessage>(&*message))
        handleFull(*full, time);
    else if (const auto *cursor = std::get_if<CursorMessage>(&*message))
        m_recording.m_cursors.append({time, *cursor});
    else if (const auto *meta = std::get_if<MetaMessage>(&*message))
        m_recording.m_metas.append({time, *meta});
    return true;
}

void RecordingReader::handleFull(const FullMessage &full, double time)
{
    if (!full.parts || *full.parts <= 1) {
        applyFull(full, time);
        return;
    }
    // Parts are collected as the watcher collects them (docs/protocol.md §6).
    if (m_assembler.replacesIncomplete(full))
        warn(QStringLiteral("line %1: an incomplete full (version %2) was replaced by "
                            "another one")
                 .arg(m_lineNumber)
                 .arg(m_assembler.version()));
    if (auto whole = m_assembler.add(full))
        applyFull(*whole, time);
}

void RecordingReader::applyFull(const FullMessage &full, double time)
{
    if (m_hasBaseline && full.version < m_next) {
        warn(QStringLiteral("line %1: full with version %2 is older than the document (version "
                            "%3); ignored")
                 .arg(m_lineNumber)
                 .arg(full.version)
                 .arg(m_next));
        return;
    }
    m_document.setText(full.content);
    if (full.language || full.title) {
        const MetaMessage previous
            = m_recording.m_metas.isEmpty() ? MetaMessage() : m_recording.m_metas.last().second;
        m_recording.m_metas.append({time,
                                    MetaMessage {full.language.value_or(previous.language),
                                                 full.title.value_or(previous.title)}});
    }
    m_hasBaseline = true;
    m_next = full.version;
    addStep(time, full.version - 1, m_lineNumber, -1);
    m_recording.m_keyframes.append({m_recording.m_steps.size() - 1, m_document});
    m_bytesSinceKeyframe = 0;
    drainBuffer(time);
}

void RecordingReader::handleDelta(const DeltaMessage &delta, double time, qint64 bytes)
{
    if (m_pending.size() >= maxBufferedDeltas) {
        warn(QStringLiteral("line %1: more than %2 deltas wait for version %3; they are dropped")
                 .arg(m_lineNumber)
                 .arg(maxBufferedDeltas)
                 .arg(m_next));
        m_pending.clear();
        if (m_hasBaseline)
            loseDocument(time, m_next, m_lineNumber);
    }
    const BufferedDelta buffered {delta, m_lineNumber, bytes};
    if (!m_hasBaseline || delta.version > m_next) {
        m_pending.insert(delta.version, buffered);
        return;
    }
    if (delta.version < m_next) {
        warn(QStringLiteral("line %1: delta %2 comes after version %3 (out of order); ignored")
                 .arg(m_lineNumber)
                 .arg(delta.version)
                 .arg(m_next - 1));
        return;
    }
    if (applyDelta(buffered, time))
        drainBuffer(time);
}

bool RecordingReader::applyDelta(const BufferedDelta &buffered, double time)
{
    for (const ContentChangeEvent &event : buffered.delta.changes) {
        auto applied = applyContentChangeEvent(m_document, event);
        if (!applied) {
            warn(QStringLiteral("line %1: delta %2 does not apply (%3); the document is unknown "
                                "until the next full")
                     .arg(buffered.line)
                     .arg(buffered.delta.version)
                     .arg(describe(applied.error())));
            loseDocument(time, buffered.delta.version, buffered.line);
            return false;
        }
    }
    m_next = buffered.delta.version + 1;
    m_recording.m_deltas.append(buffered.delta);
    addStep(time, buffered.delta.version, buffered.line, qint32(m_recording.m_deltas.size() - 1));
    m_bytesSinceKeyframe += buffered.bytes;
    // A keyframe is a copy of the piece tree, which shares the text: it costs its pieces. Spacing
    // keyframes by at least half that cost keeps them within twice the file's size.
    if (m_bytesSinceKeyframe >= std::max<qint64>(m_keyframeInterval, m_document.copyBytes() / 2)) {
        m_recording.m_keyframes.append({m_recording.m_steps.size() - 1, m_document});
        m_bytesSinceKeyframe = 0;
    }
    return true;
}

void RecordingReader::drainBuffer(double time)
{
    while (!m_pending.isEmpty() && m_hasBaseline) {
        auto it = m_pending.begin();
        if (it.key() < m_next) {
            m_pending.erase(it);
            continue;
        }
        if (it.key() > m_next)
            break;
        const BufferedDelta buffered = it.value();
        m_pending.erase(it);
        if (!applyDelta(buffered, time))
            return;
    }
}

void RecordingReader::addStep(double time, qint64 version, int line, qint32 delta, bool lost)
{
    m_recording.m_steps.append({time, version, line, lost});
    m_recording.m_stepDeltas.append(delta);
    if (!lost)
        m_recording.m_versionSteps.insert(version, m_recording.m_steps.size() - 1);
}

void RecordingReader::loseDocument(double time, qint64 version, int line)
{
    m_hasBaseline = false;
    addStep(time, version, line, -1, true);
}

void RecordingReader::warn(const QString &message)
{
    if (m_recording.m_warnings.size() < maxWarnings)
        m_recording.m_warnings.append(message);
    else
        ++m_suppressedWarnings;
}

void RecordingReader::damage(const QString &message)
{
    m_recording.m_warnings.append(message + QStringLiteral("; the rest of the file is ignored"));
}

void RecordingReader::finish()
{
    if (m_hasBaseline && !m_pending.isEmpty())
        warn(QStringLiteral("version %1 is missing; %2 later deltas (from line %3) are not "
                            "applied")
                 .arg(m_next)
                 .arg(m_pending.size())
                 .arg(m_pending.first().line));
    if (m_assembler.isCollecting())
        warn(QStringLiteral("a full (version %1) is incomplete: %2 of %3 parts")
                 .arg(m_assembler.version())
                 .arg(m_assembler.received())
                 .arg(m_assembler.expected()));
    if (m_recording.m_steps.isEmpty())
        warn(QStringLiteral("the recording holds no full: no document state"));
    if (m_suppressedWarnings > 0)
        m_recording.m_warnings.append(
            QStringLiteral("… and %1 more warnings").arg(m_suppressedWarnings));
}

} // namespace stream
