#include "stream/memorytextdocument.h"

#include <QStringView>

#include <algorithm>

namespace stream {

namespace {

constexpr int OriginalBuffer = 0;

// Rebuild when the pieces or the inserted text outgrow the document by these margins: the
// rebuild is O(document) and comes after O(document) edits, so it adds O(1) per edit.
constexpr qsizetype RebuildPieces = 4096;
constexpr qsizetype RebuildInserted = 1024 * 1024;

// Appends to `breaks` the line-break characters of text[from, text.size()) (see Buffer).
void scanBreaks(const QString &text, qsizetype from, std::vector<qsizetype> &breaks)
{
    const QChar *data = text.constData();
    const qsizetype size = text.size();
    for (qsizetype i = from; i < size; ++i) {
        const char16_t c = data[i].unicode();
        if (c == u'\n' || (c == u'\r' && (i + 1 == size || data[i + 1] != u'\n')))
            breaks.push_back(i);
    }
}

} // namespace

MemoryTextDocument::MemoryTextDocument(const QString &text)
{
    setText(text);
}

qsizetype MemoryTextDocument::bufferedLength() const
{
    return m_buffers[OriginalBuffer]->text.size() + m_insertedLength;
}

qsizetype MemoryTextDocument::copyBytes() const
{
    return qsizetype(sizeof(MemoryTextDocument) + m_nodes.size() * sizeof(Node)
                     + m_freeNodes.size() * sizeof(int)
                     + m_buffers.size() * sizeof(std::shared_ptr<Buffer>));
}

qsizetype MemoryTextDocument::length() const
{
    return m_root < 0 ? 0 : m_nodes[m_root].subtreeLength;
}

int MemoryTextDocument::lineCount() const
{
    return m_root < 0 ? 1 : int(m_nodes[m_root].subtreeBreaks) + 1;
}

void MemoryTextDocument::setText(const QString &text)
{
    std::vector<Node>().swap(m_nodes);
    std::vector<int>().swap(m_freeNodes);
    m_pieceCount = 0;
    auto original = std::make_shared<Buffer>();
    original->text = text;
    scanBreaks(original->text, 0, original->breaks);
    m_buffers.clear();
    m_buffers.push_back(std::move(original));
    m_insertedLength = 0;
    m_root = text.isEmpty() ? -1 : newNode(OriginalBuffer, 0, text.size());
}

QString MemoryTextDocument::text() const
{
    if (m_root < 0)
        return QString();
    const Node &root = m_nodes[m_root];
    // One piece that is a whole buffer: share it.
    const QString &whole = m_buffers[root.buffer]->text;
    if (m_pieceCount == 1 && root.start == 0 && root.length == whole.size())
        return whole;
    QString out;
    out.reserve(root.subtreeLength);
    appendRange(m_root, 0, 0, root.subtreeLength, out);
    return out;
}

void MemoryTextDocument::forEachPiece(const std::function<bool(QStringView)> &visit) const
{
    // In order, with a stack of the nodes whose left subtree is being visited.
    std::vector<int> path;
    int node = m_root;
    while (node >= 0 || !path.empty()) {
        for (; node >= 0; node = m_nodes[node].left)
            path.push_back(node);
        const Node &n = m_nodes[path.back()];
        path.pop_back();
        if (!visit(QStringView(m_buffers[n.buffer]->text).mid(n.start, n.length)))
            return;
        node = n.right;
    }
}

QString MemoryTextDocument::slice(qsizetype offset, qsizetype length) const
{
    // The bounds of QString::mid(): a negative length runs to the end, a negative offset
    // shortens the length.
    const qsizetype size = this->length();
    QString out;
    if (offset > size)
        return out;
    if (offset < 0) {
        if (length >= 0 && length + offset < size)
            length = std::max<qsizetype>(length + offset, 0);
        else
            length = size;
        offset = 0;
    } else if (length < 0 || length > size - offset) {
        length = size - offset;
    }
    if (length == 0)
        return out;
    out.reserve(length);
    appendRange(m_root, 0, offset, offset + length, out);
    return out;
}

void MemoryTextDocument::appendRange(int node, qsizetype base, qsizetype from, qsizetype to,
                                     QString &out) const
{
    if (node < 0)
        return;
    const Node &n = m_nodes[node];
    const qsizetype pieceBase = base + (n.left < 0 ? 0 : m_nodes[n.left].subtreeLength);
    const qsizetype pieceEnd = pieceBase + n.length;
    if (from < pieceBase)
        appendRange(n.left, base, from, to, out);
    if (from < pieceEnd && to > pieceBase) {
        const qsizetype start = std::max(from, pieceBase);
        const qsizetype end = std::min(to, pieceEnd);
        out.append(
            QStringView(m_buffers[n.buffer]->text).mid(n.start + start - pieceBase, end - start));
    }
    if (to > pieceEnd)
        appendRange(n.right, pieceEnd, from, to, out);
}

qsizetype MemoryTextDocument::lineStart(int line) const
{
    Q_ASSERT(line >= 0 && line < lineCount());
    if (line <= 0)
        return 0;
    // Find the line-th break; a subtree's count drops its final "\r" when "\n" follows it.
    qsizetype k = line;
    qsizetype base = 0;
    bool followedByLf = false;
    int node = m_root;
    while (node >= 0) {
        const Node &n = m_nodes[node];
        if (n.left >= 0) {
            const Node &left = m_nodes[n.left];
            const qsizetype leftBreaks
                = left.subtreeBreaks - (left.subtreeEndsWithCr && n.startsWithLf ? 1 : 0);
            if (k <= leftBreaks) {
                followedByLf = n.startsWithLf;
                node = n.left;
                continue;
            }
            k -= leftBreaks;
            base += left.subtreeLength;
        }
        const bool lfNext = n.right >= 0 ? m_nodes[n.right].subtreeStartsWithLf : followedByLf;
        const qsizetype own = n.breaks - (n.endsWithCr && lfNext ? 1 : 0);
        if (k <= own)
            return base + breakEnd(n, k);
        k -= own;
        base += n.length;
        node = n.right;
    }
    Q_ASSERT(false);
    return length();
}

qsizetype MemoryTextDocument::breakEnd(const Node &node, qsizetype k) const
{
    const std::vector<qsizetype> &breaks = m_buffers[node.buffer]->breaks;
    const auto first = std::lower_bound(breaks.cbegin(), breaks.cend(), node.start);
    const qsizetype index = qsizetype(first - breaks.cbegin()) + k - 1;
    if (index < qsizetype(breaks.size()) && breaks[index] < node.start + node.length)
        return breaks[index] + 1 - node.start;
    // The piece's final "\r", which the buffer pairs with a "\n" outside the piece.
    return node.length;
}

qsizetype MemoryTextDocument::breaksBefore(qsizetype offset) const
{
    // Sum the breaks of text[0, offset) from the left, then drop a final "\r" that the character
    // at `offset` pairs with.
    qsizetype count = 0;
    bool endsWithCr = false;
    qsizetype remaining = offset;
    int node = m_root;
    while (node >= 0 && remaining > 0) {
        const Node &n = m_nodes[node];
        if (n.left >= 0) {
            const Node &left = m_nodes[n.left];
            if (remaining < left.subtreeLength) {
                node = n.left;
                continue;
            }
            count += left.subtreeBreaks - (endsWithCr && left.subtreeStartsWithLf ? 1 : 0);
            endsWithCr = left.subtreeEndsWithCr;
            remaining -= left.subtreeLength;
            if (remaining == 0)
                break;
        }
        count -= endsWithCr && n.startsWithLf ? 1 : 0;
        if (remaining < n.length) {
            const Buffer &buffer = *m_buffers[n.buffer];
            const qsizetype end = n.start + remaining;
            const auto first
                = std::lower_bound(buffer.breaks.cbegin(), buffer.breaks.cend(), n.start);
            const auto last = std::lower_bound(first, buffer.breaks.cend(), end);
            count += qsizetype(last - first);
            endsWithCr = buffer.text.at(end - 1) == u'\r';
            // A "\r" whose "\n" the buffer holds right after it is not in the index.
            if (endsWithCr && buffer.text.at(end) == u'\n')
                ++count;
            break;
        }
        count += n.breaks;
        endsWithCr = n.endsWithCr;
        remaining -= n.length;
        node = n.right;
    }
    if (endsWithCr && offset < length() && charAt(offset) == u'\n')
        --count;
    return count;
}

TextPosition MemoryTextDocument::positionAt(qsizetype offset) const
{
    Q_ASSERT(offset >= 0 && offset <= length());
    const int line = int(breaksBefore(offset));
    qsizetype column = offset - lineStart(line);
    // Inside a "\r\n" pair: the end of the line.
    if (column > 0 && offset < length() && charAt(offset) == u'\n' && charAt(offset - 1) == u'\r')
        --column;
    return TextPosition {line + 1, int(column) + 1};
}

QChar MemoryTextDocument::charAt(qsizetype offset) const
{
    int node = m_root;
    while (node >= 0) {
        const Node &n = m_nodes[node];
        const qsizetype leftLength = n.left < 0 ? 0 : m_nodes[n.left].subtreeLength;
        if (offset < leftLength) {
            node = n.left;
            continue;
        }
        offset -= leftLength;
        if (offset < n.length)
            return m_buffers[n.buffer]->text.at(n.start + offset);
        offset -= n.length;
        node = n.right;
    }
    Q_ASSERT(false);
    return QChar();
}

qsizetype MemoryTextDocument::lineLength(int line) const
{
    const qsizetype start = lineStart(line);
    if (line + 1 >= lineCount())
        return length() - start;
    const qsizetype next = lineStart(line + 1);
    qsizetype breakLength = 1;
    if (next - 2 >= start && charAt(next - 1) == u'\n' && charAt(next - 2) == u'\r')
        breakLength = 2;
    return next - breakLength - start;
}

void MemoryTextDocument::replace(qsizetype offset, qsizetype length, const QString &text)
{
    Q_ASSERT(offset >= 0 && length >= 0 && offset + length <= this->length());
    if (length == 0 && text.isEmpty())
        return;
    qsizetype addedStart = 0;
    if (!text.isEmpty())
        addedStart = appendInserted(text);
    if (length == 0 && extendInsertedPiece(offset, addedStart, text.size()))
        return;
    const auto [left, rest] = split(m_root, offset);
    const auto [removed, right] = split(rest, length);
    freeSubtree(removed);
    const int piece
        = text.isEmpty() ? -1 : newNode(int(m_buffers.size()) - 1, addedStart, text.size());
    m_root = merge(merge(left, piece), right);

    const qsizetype size = this->length();
    if (m_pieceCount > RebuildPieces + size / 64 || m_insertedLength > RebuildInserted + size / 2)
        setText(this->text());
}

qsizetype MemoryTextDocument::appendInserted(const QString &text)
{
    // Buffer 0 is the text given to setText(); a buffer that a copy shares is left as it is.
    if (m_buffers.size() == 1 || m_buffers.back().use_count() > 1)
        m_buffers.push_back(std::make_shared<Buffer>());
    m_insertedLength += text.size();
    Buffer &inserted = *m_buffers.back();
    const qsizetype start = inserted.text.size();
    // A final "\r" that the new text's "\n" completes is no longer a break of its own.
    if (start > 0 && inserted.text.at(start - 1) == u'\r' && text.at(0) == u'\n') {
        Q_ASSERT(!inserted.breaks.empty() && inserted.breaks.back() == start - 1);
        inserted.breaks.pop_back();
    }
    inserted.text.append(text);
    scanBreaks(inserted.text, start, inserted.breaks);
    return start;
}

bool MemoryTextDocument::extendInsertedPiece(qsizetype offset, qsizetype addedStart,
                                             qsizetype addedLength)
{
    // Typing: the piece that ends at `offset` may be the end of the inserted buffer.
    if (offset == 0 || m_root < 0)
        return false;
    int path[128];
    int depth = 0;
    qsizetype position = offset - 1;
    int node = m_root;
    while (node >= 0 && depth < 128) {
        path[depth++] = node;
        const Node &n = m_nodes[node];
        const qsizetype leftLength = n.left < 0 ? 0 : m_nodes[n.left].subtreeLength;
        if (position < leftLength) {
            node = n.left;
            continue;
        }
        position -= leftLength;
        if (position < n.length)
            break;
        position -= n.length;
        node = n.right;
    }
    if (node < 0 || depth == 128)
        return false;
    const Node &n = m_nodes[node];
    if (n.buffer != int(m_buffers.size()) - 1 || position + 1 != n.length
        || n.start + n.length != addedStart)
        return false;
    setPiece(node, n.start, n.length + addedLength);
    while (depth > 0)
        update(path[--depth]);
    return true;
}

int MemoryTextDocument::newNode(int buffer, qsizetype start, qsizetype length)
{
    int node;
    if (m_freeNodes.empty()) {
        node = int(m_nodes.size());
        m_nodes.emplace_back();
    } else {
        node = m_freeNodes.back();
        m_freeNodes.pop_back();
        m_nodes[node] = Node();
    }
    // xorshift32: the priorities only have to be independent of the edits.
    m_random ^= m_random << 13;
    m_random ^= m_random >> 17;
    m_random ^= m_random << 5;
    m_nodes[node].priority = m_random;
    m_nodes[node].buffer = buffer;
    setPiece(node, start, length);
    ++m_pieceCount;
    return node;
}

void MemoryTextDocument::setPiece(int node, qsizetype start, qsizetype length)
{
    Q_ASSERT(length > 0);
    Node &n = m_nodes[node];
    const Buffer &buffer = *m_buffers[n.buffer];
    const qsizetype end = start + length;
    const auto first = std::lower_bound(buffer.breaks.cbegin(), buffer.breaks.cend(), start);
    const auto last = std::lower_bound(first, buffer.breaks.cend(), end);
    n.start = start;
    n.length = length;
    n.startsWithLf = buffer.text.at(start) == u'\n';
    n.endsWithCr = buffer.text.at(end - 1) == u'\r';
    n.breaks = qsizetype(last - first);
    if (n.endsWithCr && end < buffer.text.size() && buffer.text.at(end) == u'\n')
        ++n.breaks;
    update(node);
}

void MemoryTextDocument::freeSubtree(int node)
{
    if (node < 0)
        return;
    freeSubtree(m_nodes[node].left);
    freeSubtree(m_nodes[node].right);
    m_freeNodes.push_back(node);
    --m_pieceCount;
}

void MemoryTextDocument::update(int node)
{
    Node &n = m_nodes[node];
    qsizetype length = n.length;
    qsizetype breaks = n.breaks;
    bool startsWithLf = n.startsWithLf;
    bool endsWithCr = n.endsWithCr;
    if (n.left >= 0) {
        const Node &left = m_nodes[n.left];
        length += left.subtreeLength;
        breaks += left.subtreeBreaks - (left.subtreeEndsWithCr && startsWithLf ? 1 : 0);
        startsWithLf = left.subtreeStartsWithLf;
    }
    if (n.right >= 0) {
        const Node &right = m_nodes[n.right];
        length += right.subtreeLength;
        breaks += right.subtreeBreaks - (endsWithCr && right.subtreeStartsWithLf ? 1 : 0);
        endsWithCr = right.subtreeEndsWithCr;
    }
    n.subtreeLength = length;
    n.subtreeBreaks = breaks;
    n.subtreeStartsWithLf = startsWithLf;
    n.subtreeEndsWithCr = endsWithCr;
}

std::pair<int, int> MemoryTextDocument::split(int node, qsizetype offset)
{
    if (node < 0)
        return {-1, -1};
    const int leftChild = m_nodes[node].left;
    const qsizetype leftLength = leftChild < 0 ? 0 : m_nodes[leftChild].subtreeLength;
    if (offset <= leftLength) {
        const auto [first, second] = split(leftChild, offset);
        m_nodes[node].left = second;
        update(node);
        return {first, node};
    }
    const qsizetype inPiece = offset - leftLength;
    const qsizetype pieceLength = m_nodes[node].length;
    if (inPiece >= pieceLength) {
        const auto [first, second] = split(m_nodes[node].right, inPiece - pieceLength);
        m_nodes[node].right = first;
        update(node);
        return {node, second};
    }
    // The offset cuts this piece: the node keeps its head, a new node takes the tail.
    const int tail
        = newNode(m_nodes[node].buffer, m_nodes[node].start + inPiece, pieceLength - inPiece);
    const int rightChild = m_nodes[node].right;
    m_nodes[node].right = -1;
    setPiece(node, m_nodes[node].start, inPiece);
    return {node, merge(tail, rightChild)};
}

int MemoryTextDocument::merge(int left, int right)
{
    if (left < 0)
        return right;
    if (right < 0)
        return left;
    if (m_nodes[left].priority > m_nodes[right].priority) {
        const int merged = merge(m_nodes[left].right, right);
        m_nodes[left].right = merged;
        update(left);
        return left;
    }
    const int merged = merge(left, m_nodes[right].left);
    m_nodes[right].left = merged;
    update(right);
    return right;
}

} // namespace stream
