#include "stream/memorytextdocument.h"

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

} // namespace stream
