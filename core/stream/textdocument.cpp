#include "stream/textdocument.h"

#include <algorithm>

namespace stream {

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

namespace {

// Whether `offset` falls between the two halves of a surrogate pair: Monaco never names such a
// position, so a change that does comes from a document that differs from ours.
bool splitsSurrogatePair(const TextDocument &document, qsizetype offset)
{
    if (offset <= 0 || offset >= document.length())
        return false;
    const QString around = document.slice(offset - 1, 2);
    return around.size() == 2 && around.at(0).isHighSurrogate() && around.at(1).isLowSurrogate();
}

} // namespace

util::Expected<std::monostate, ApplyError> applyTextChange(TextDocument &document,
                                                           const TextChange &change)
{
    const auto start
        = document.offsetAt(TextPosition {change.range.startLineNumber, change.range.startColumn});
    const auto end
        = document.offsetAt(TextPosition {change.range.endLineNumber, change.range.endColumn});
    if (!start || !end || *end < *start || splitsSurrogatePair(document, *start)
        || splitsSurrogatePair(document, *end))
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
