#include "stream/textdocument.h"

#include <algorithm>

namespace stream {

namespace {

// Appends the starts of the lines that begin inside (from, to] of `text`: every offset right
// after a line break that ends at or before `to`.
void scanLineStarts(const QString &text, qsizetype from, qsizetype to, QList<qsizetype> &out)
{
    const QChar *data = text.constData();
    const qsizetype size = text.size();
    for (qsizetype i = from; i < to; ++i) {
        const char16_t c = data[i].unicode();
        if (c == u'\n') {
            out.append(i + 1);
        } else if (c == u'\r') {
            if (i + 1 < size && data[i + 1] == u'\n')
                ++i;
            out.append(i + 1);
        }
    }
}

} // namespace

std::optional<qsizetype> TextDocument::offsetAt(const TextPosition &position) const
{
    if (position.lineNumber < 1 || position.lineNumber > lineCount() || position.column < 1)
        return std::nullopt;
    const int line = position.lineNumber - 1;
    if (position.column - 1 > lineLength(line))
        return std::nullopt;
    return lineStart(line) + position.column - 1;
}

TextPosition TextDocument::positionAt(qsizetype offset) const
{
    int low = 0;
    int high = lineCount() - 1;
    while (low < high) {
        const int mid = low + (high - low + 1) / 2;
        if (lineStart(mid) <= offset)
            low = mid;
        else
            high = mid - 1;
    }
    const qsizetype column = std::min(offset - lineStart(low), lineLength(low));
    return TextPosition {low + 1, int(column) + 1};
}

QString TextDocument::slice(qsizetype offset, qsizetype length) const
{
    return text().mid(offset, length);
}

QString MemoryTextDocument::slice(qsizetype offset, qsizetype length) const
{
    return m_text.mid(offset, length);
}

MemoryTextDocument::MemoryTextDocument(const QString &text)
{
    setText(text);
}

void MemoryTextDocument::setText(const QString &text)
{
    m_text = text;
    m_lineStarts.clear();
    m_lineStarts.append(0);
    scanLineStarts(m_text, 0, m_text.size(), m_lineStarts);
}

qsizetype MemoryTextDocument::lineLength(int line) const
{
    const qsizetype start = m_lineStarts.at(line);
    if (line + 1 >= m_lineStarts.size())
        return m_text.size() - start;
    const qsizetype next = m_lineStarts.at(line + 1);
    qsizetype breakLength = 1;
    if (next - 2 >= start && m_text.at(next - 1) == u'\n' && m_text.at(next - 2) == u'\r')
        breakLength = 2;
    return next - breakLength - start;
}

int MemoryTextDocument::lineOfOffset(qsizetype offset) const
{
    const auto it = std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), offset);
    return int(it - m_lineStarts.cbegin()) - 1;
}

void MemoryTextDocument::replace(qsizetype offset, qsizetype length, const QString &text)
{
    Q_ASSERT(offset >= 0 && length >= 0 && offset + length <= m_text.size());
    // Lines whose breaks may change: from the line holding the character before the edit (a
    // "\r" there may pair with an inserted "\n") to the line holding the end of the edit.
    const int first = lineOfOffset(std::max<qsizetype>(offset - 1, 0));
    const int last = lineOfOffset(offset + length);
    const bool lastIsFinal = last + 1 >= m_lineStarts.size();
    const qsizetype regionStart = m_lineStarts.at(first);
    const qsizetype regionEndOld = lastIsFinal ? m_text.size() : m_lineStarts.at(last + 1);
    const qsizetype delta = text.size() - length;

    m_text.replace(offset, length, text);

    QList<qsizetype> starts;
    scanLineStarts(m_text, regionStart, regionEndOld + delta, starts);
    if (!lastIsFinal) {
        // The last scanned start is the (shifted) start of line last + 1, which is kept.
        Q_ASSERT(!starts.isEmpty() && starts.constLast() == regionEndOld + delta);
        starts.removeLast();
    }
    if (delta != 0) {
        for (qsizetype i = last + 1; i < m_lineStarts.size(); ++i)
            m_lineStarts[i] += delta;
    }
    const qsizetype removed = last - first;
    if (removed == starts.size()) {
        std::copy(starts.cbegin(), starts.cend(), m_lineStarts.begin() + first + 1);
    } else {
        m_lineStarts.remove(first + 1, removed);
        m_lineStarts.insert(first + 1, starts.size(), 0);
        std::copy(starts.cbegin(), starts.cend(), m_lineStarts.begin() + first + 1);
    }
}

util::Expected<std::monostate, ApplyError> applyTextChange(TextDocument &document,
                                                           const TextChange &change)
{
    const auto start
        = document.offsetAt(TextPosition {change.range.startLineNumber, change.range.startColumn});
    const auto end
        = document.offsetAt(TextPosition {change.range.endLineNumber, change.range.endColumn});
    if (!start || !end || *end < *start)
        return ApplyError::RangeOutsideDocument;
    if (*start != change.rangeOffset || *end - *start != change.rangeLength)
        return ApplyError::OffsetMismatch;
    document.replace(*start, *end - *start, change.text);
    return std::monostate();
}

util::Expected<std::monostate, ApplyError> applyContentChangeEvent(TextDocument &document,
                                                                   const ContentChangeEvent &event)
{
    for (const TextChange &change : event.changes) {
        auto applied = applyTextChange(document, change);
        if (!applied)
            return applied;
    }
    return std::monostate();
}

TextChange makeTextChange(const TextDocument &document, qsizetype offset, qsizetype length,
                          const QString &text)
{
    const TextPosition start = document.positionAt(offset);
    const TextPosition end = length == 0 ? start : document.positionAt(offset + length);
    TextChange change;
    change.range = TextRange {start.lineNumber, start.column, end.lineNumber, end.column};
    change.rangeOffset = offset;
    change.rangeLength = length;
    change.text = text;
    return change;
}

std::optional<TextEdit> diffTexts(const QString &before, const QString &after)
{
    const qsizetype minSize = std::min(before.size(), after.size());
    const QChar *b = before.constData();
    const QChar *a = after.constData();
    qsizetype prefix = 0;
    while (prefix < minSize && b[prefix] == a[prefix])
        ++prefix;
    if (prefix == before.size() && prefix == after.size())
        return std::nullopt;
    qsizetype suffix = 0;
    while (suffix < minSize - prefix
           && b[before.size() - 1 - suffix] == a[after.size() - 1 - suffix])
        ++suffix;

    // Never cut a surrogate pair or a "\r\n" pair of the old text.
    for (bool moved = true; moved;) {
        moved = false;
        if (prefix > 0 && prefix < before.size()
            && ((b[prefix - 1].isHighSurrogate() && b[prefix].isLowSurrogate())
                || (b[prefix - 1] == u'\r' && b[prefix] == u'\n'))) {
            --prefix;
            moved = true;
        }
        if (prefix > 0 && prefix < after.size() && a[prefix - 1].isHighSurrogate()
            && a[prefix].isLowSurrogate()) {
            --prefix;
            moved = true;
        }
        const qsizetype end = before.size() - suffix;
        if (suffix > 0 && end > 0
            && ((b[end - 1].isHighSurrogate() && b[end].isLowSurrogate())
                || (b[end - 1] == u'\r' && b[end] == u'\n'))) {
            --suffix;
            moved = true;
        }
        const qsizetype afterEnd = after.size() - suffix;
        if (suffix > 0 && afterEnd > 0 && a[afterEnd - 1].isHighSurrogate()
            && a[afterEnd].isLowSurrogate()) {
            --suffix;
            moved = true;
        }
    }
    TextEdit edit;
    edit.offset = prefix;
    edit.length = before.size() - suffix - prefix;
    edit.text = after.mid(prefix, after.size() - suffix - prefix);
    return edit;
}

} // namespace stream
