#include "stream/writersession.h"

#include "stream/textdocument.h"

#include <QJsonArray>

#include <algorithm>

namespace stream {

namespace {

// Upper bound of the compact-JSON UTF-8 size of one UTF-16 unit inside a string.
int jsonCost(QChar c)
{
    const char16_t u = c.unicode();
    if (u == u'"' || u == u'\\')
        return 2;
    if (u < 0x20)
        return (u == u'\n' || u == u'\r' || u == u'\t' || u == u'\b' || u == u'\f') ? 2 : 6;
    if (u < 0x7f)
        return 1;
    if (c.isSurrogate())
        return 3; // a pair is 4 bytes; a lone surrogate may become a 3-byte replacement
    if (u < 0x800)
        return 2;
    return 3;
}

bool isOneByte(char16_t u)
{
    return u >= 0x20 && u < 0x7f && u != u'"' && u != u'\\';
}

// The length of the longest prefix of `text` from `from` whose JSON cost fits `budget`,
// never splitting a surrogate pair and never ending on a "\r" unless that is the end of the text.
// Returns at least one code point so that progress is always made.
qsizetype chunkLength(const QString &text, qsizetype from, qint64 budget)
{
    qint64 cost = 0;
    qsizetype i = from;
    const qsizetype size = text.size();
    const auto *units = reinterpret_cast<const char16_t *>(text.constData());
    while (i < size) {
        const char16_t u = units[i];
        // A run of printable ASCII other than '"' and '\\' (most of a document): one byte each,
        // as far as the budget goes (at least one unit at `from`).
        if (isOneByte(u)) {
            if (cost >= budget && i > from)
                break;
            const qsizetype limit
                = std::min<qsizetype>(size, i + std::max<qint64>(budget - cost, 1));
            qsizetype j = i + 1;
            while (j < limit && isOneByte(units[j]))
                ++j;
            cost += j - i;
            i = j;
            continue;
        }
        qsizetype step = 1;
        if (QChar::isHighSurrogate(u) && i + 1 < size && QChar::isLowSurrogate(units[i + 1]))
            step = 2;
        qint64 stepCost = 0;
        for (qsizetype k = 0; k < step; ++k)
            stepCost += jsonCost(QChar(units[i + k]));
        if (cost + stepCost > budget && i > from)
            break;
        cost += stepCost;
        i += step;
    }
    // A slice ending in "\r" could pair with a "\n" that follows it in the document, which
    // would move the position where the next slice goes.
    qsizetype end = i;
    while (end < size && end - from > 1 && text.at(end - 1) == u'\r')
        --end;
    if (end < size && text.at(end - 1) == u'\r') {
        end = i;
        while (end < size && text.at(end - 1) == u'\r')
            ++end;
        if (end < size && text.at(end - 1).isHighSurrogate())
            ++end;
    }
    return end - from;
}

// The position right after `text` inserted at `start`.
TextPosition advance(TextPosition start, const QString &text)
{
    qsizetype lastBreakEnd = -1;
    int breaks = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\r') {
            if (i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            ++breaks;
            lastBreakEnd = i + 1;
        } else if (c == u'\n') {
            ++breaks;
            lastBreakEnd = i + 1;
        }
    }
    if (breaks == 0)
        return TextPosition {start.lineNumber, start.column + int(text.size())};
    return TextPosition {start.lineNumber + breaks, int(text.size() - lastBreakEnd) + 1};
}

// Room left for the envelope, the numbers and the event fields around a text.
constexpr qint64 envelopeReserve = 512;

} // namespace

WriterSession::WriterSession(TextDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(200);
    m_syncTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &WriterSession::flush);
    connect(&m_syncTimer, &QTimer::timeout, this, &WriterSession::sendFull);
}

WriterSession::~WriterSession() = default;

void WriterSession::setFlushInterval(int ms)
{
    m_flushTimer.setInterval(std::max(0, ms));
}

int WriterSession::flushInterval() const
{
    return m_flushTimer.interval();
}

void WriterSession::setSyncCoalesceInterval(int ms)
{
    m_syncCoalesceMs = std::max(0, ms);
}

void WriterSession::setMinFullSpacing(int ms)
{
    m_minFullSpacingMs = std::max(0, ms);
}

void WriterSession::setMaxMessageBytes(qint64 bytes)
{
    m_maxMessageBytes = std::max<qint64>(bytes, 2 * envelopeReserve);
}

qint64 WriterSession::maxMessageBytes() const
{
    return m_maxMessageBytes;
}

qint64 WriterSession::nextVersion() const
{
    return m_nextVersion;
}

QString WriterSession::language() const
{
    return m_language;
}

QString WriterSession::title() const
{
    return m_title;
}

void WriterSession::recordChange(const TextChange &change)
{
    ContentChangeEvent event;
    event.changes.append(change);
    recordEvent(event);
}

void WriterSession::recordEvent(const ContentChangeEvent &event)
{
    if (event.changes.isEmpty())
        return;
    PendingEvent pending {event, QList<bool>(event.changes.size(), false)};
    pending.event.versionId = ++m_modelVersionId;
    // Only a text that may be split later needs to know what precedes it.
    const qint64 splitThreshold = (m_maxMessageBytes - envelopeReserve) / 8;
    for (qsizetype i = 0; i < event.changes.size(); ++i) {
        const TextChange &change = event.changes.at(i);
        if (change.rangeOffset > 0 && change.text.startsWith(u'\n')
            && change.text.size() > splitThreshold && change.rangeOffset <= m_document->length())
            pending.afterLoneCr[i] = m_document->slice(change.rangeOffset - 1, 1) == u"\r";
    }
    m_pending.append(std::move(pending));
    scheduleFlush();
}

void WriterSession::setCursor(const QList<Selection> &selections)
{
    if (selections == m_cursor && !m_cursorPending)
        return;
    m_cursor = selections;
    m_cursorPending = true;
    scheduleFlush();
}

void WriterSession::setMeta(const QString &language, const QString &title)
{
    if (language == m_language && title == m_title)
        return;
    m_language = language;
    m_title = title;
    emitMessage(MetaMessage {m_language, m_title});
}

void WriterSession::switchDocument(TextDocument *document, const QString &language,
                                   const QString &title)
{
    flush();
    // The switch uses up a version: the original sample's page applies a full only when its
    // version is above the last one it saw, which may be that of a full of the previous document
    // at the same version (docs/protocol.md §14 "Switching the active file").
    ++m_nextVersion;
    emit versionChanged(m_nextVersion);
    m_document = document;
    m_language = language;
    m_title = title;
    m_forceMeta = true;
    sendFull();
}

TextDocument *WriterSession::document() const
{
    return m_document;
}

void WriterSession::scheduleFlush()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void WriterSession::flush()
{
    m_flushTimer.stop();
    if (!m_pending.isEmpty()) {
        const QList<PendingEvent> pending = std::exchange(m_pending, {});
        const qint64 limit = m_maxMessageBytes - envelopeReserve;
        QList<ContentChangeEvent> batch;
        qint64 batchSize = 0;
        for (const PendingEvent &event : pending) {
            for (const ContentChangeEvent &piece : splitOversized(event)) {
                const qint64 size = encodedSize(piece.toJson()) + 1;
                if (!batch.isEmpty() && batchSize + size > limit) {
                    emitDelta(batch);
                    batch.clear();
                    batchSize = 0;
                }
                batch.append(piece);
                batchSize += size;
            }
        }
        if (!batch.isEmpty())
            emitDelta(batch);
    }
    if (m_cursorPending) {
        m_cursorPending = false;
        emitMessage(CursorMessage {m_nextVersion, m_cursor});
    }
}

QList<ContentChangeEvent> WriterSession::splitOversized(const PendingEvent &pending) const
{
    const ContentChangeEvent &event = pending.event;
    const qint64 limit = m_maxMessageBytes - envelopeReserve;
    if (encodedSize(event.toJson()) <= limit)
        return {event};
    // The changes of one event apply one after another, so each may travel as its own event.
    QList<ContentChangeEvent> pieces;
    for (qsizetype changeIndex = 0; changeIndex < event.changes.size(); ++changeIndex) {
        const TextChange &change = event.changes.at(changeIndex);
        ContentChangeEvent single = event;
        single.changes = {change};
        if (encodedSize(single.toJson()) <= limit) {
            pieces.append(single);
            continue;
        }
        // A large text: the first piece replaces the range with the text's beginning, each
        // following piece inserts the next slice right after the previous one.
        const qint64 textBudget = limit - encodedSize(ContentChangeEvent {}.toJson())
            - encodedSize(change.toJson())
            + encodedSize(QJsonObject {{QStringLiteral("t"), change.text}}) - 64;
        TextPosition position {change.range.startLineNumber, change.range.startColumn};
        qint64 offset = change.rangeOffset;
        qsizetype from = 0;
        bool first = true;
        while (first || from < change.text.size()) {
            const qsizetype length = chunkLength(change.text, from, textBudget);
            const QString slice = change.text.mid(from, length);
            TextChange piece;
            if (first) {
                piece.range = change.range;
                piece.rangeLength = change.rangeLength;
            } else {
                piece.range = TextRange {position.lineNumber, position.column, position.lineNumber,
                                         position.column};
                piece.rangeLength = 0;
            }
            piece.rangeOffset = offset;
            piece.text = slice;
            single.changes = {piece};
            pieces.append(single);
            if (first && pending.afterLoneCr.at(changeIndex)) {
                // The leading "\n" joins the "\r" before it: no new line starts there.
                position = advance(position, slice.mid(1));
            } else {
                position = advance(position, slice);
            }
            offset += slice.size();
            from += length;
            first = false;
        }
    }
    return pieces;
}

void WriterSession::emitDelta(const QList<ContentChangeEvent> &events)
{
    DeltaMessage delta {m_nextVersion, events};
    ++m_nextVersion;
    emitMessage(delta);
    emit versionChanged(m_nextVersion);
}

void WriterSession::emitMessage(const StreamMessage &message)
{
    emit messageReady(encodeMessage(message));
}

void WriterSession::handleSyncRequest()
{
    if (m_syncTimer.isActive())
        return;
    qint64 delay = m_syncCoalesceMs;
    if (m_sinceFull.isValid())
        delay = std::max(delay, m_minFullSpacingMs - m_sinceFull.elapsed());
    m_syncTimer.start(int(delay));
}

void WriterSession::sendFull()
{
    m_syncTimer.stop();
    m_sinceFull.start();
    flush();
    const QString content = m_document->text();
    FullMessage full;
    full.version = m_nextVersion;
    if (!m_language.isEmpty() || m_forceMeta)
        full.language = m_language;
    if (!m_title.isEmpty() || m_forceMeta)
        full.title = m_title;
    m_forceMeta = false;
    const qint64 head = encodedSize(encodeMessage(full)) + 64;
    const qint64 contentBudget = m_maxMessageBytes - head - envelopeReserve;
    QList<QString> slices;
    qsizetype from = 0;
    qint64 total = 0;
    // Whether it fits one message: stop counting once it does not.
    for (const QChar c : content) {
        total += jsonCost(c);
        if (total > contentBudget)
            break;
    }
    if (total <= contentBudget) {
        slices.append(content);
    } else {
        while (from < content.size()) {
            const qsizetype length = chunkLength(content, from, contentBudget);
            // Views of `content`, which outlives them: every part is encoded (copied into its
            // message) before this function returns.
            slices.append(QString::fromRawData(content.constData() + from, length));
            from += length;
        }
    }
    if (slices.size() == 1) {
        full.content = slices.constFirst();
        emitMessage(full);
        emit fullSent();
        return;
    }
    for (int i = 0; i < slices.size(); ++i) {
        FullMessage part = full;
        part.content = slices.at(i);
        part.part = i;
        part.parts = int(slices.size());
        emitMessage(part);
    }
    emit fullSent();
}

} // namespace stream
