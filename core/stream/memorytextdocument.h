#pragma once

#include "stream/textdocument.h"

#include <QString>
#include <QStringView>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace stream {

// An in-memory TextDocument kept as a piece tree, after VS Code's text buffer: the text is a
// sequence of pieces of buffers (the text given to setText(), then buffers of inserted text that
// grow only at their end), held in a balanced tree (a treap) whose nodes carry their subtree's
// UTF-16 length and line-break count. replace(), lineStart(), lineLength() and positionAt() cost
// O(log pieces); the tree is rebuilt from text() when the pieces or the inserted text outgrow
// the document. A copy costs O(pieces): it shares the buffers, and the copy and the original
// each append later insertions to a buffer of their own (snapshots, e.g. a recording's keyframes).
class MemoryTextDocument final : public TextDocument
{
public:
    explicit MemoryTextDocument(const QString &text = {});
    MemoryTextDocument(const MemoryTextDocument &) = default;
    MemoryTextDocument &operator=(const MemoryTextDocument &) = default;
    MemoryTextDocument(MemoryTextDocument &&) = default;
    MemoryTextDocument &operator=(MemoryTextDocument &&) = default;
    ~MemoryTextDocument() override = default;

    qsizetype length() const override;
    QString text() const override;
    void setText(const QString &text) override;
    int lineCount() const override;
    qsizetype lineStart(int line) const override;
    qsizetype lineLength(int line) const override;
    void replace(qsizetype offset, qsizetype length, const QString &text) override;
    QString slice(qsizetype offset, qsizetype length) const override;
    TextPosition positionAt(qsizetype offset) const override;

    // Calls `visit` with the pieces of the text in order, views into the buffers that stay valid
    // until the next change; stops when it returns false. Reads the text without assembling it.
    void forEachPiece(const std::function<bool(QStringView)> &visit) const;
    // How many pieces the text is cut into.
    qsizetype pieceCount() const { return m_pieceCount; }
    // How many UTF-16 units the buffers hold: the text given to setText() and every insertion.
    qsizetype bufferedLength() const;
    // How many bytes a copy of this document adds (its pieces; the buffers are shared).
    qsizetype copyBytes() const;

private:
    // An immutable buffer (the last one takes appends while no copy shares it) and the positions of
    // its line-break characters: every "\n", and every "\r" not followed by "\n" in the buffer (a
    // final "\r" included).
    struct Buffer
    {
        QString text;
        std::vector<qsizetype> breaks;
    };

    // A piece [start, start + length) of a buffer, and the aggregates of its subtree. A piece
    // counts a final "\r" as a break; where the next piece starts with "\n", the sum drops it.
    struct Node
    {
        qsizetype start = 0;
        qsizetype length = 0;
        qsizetype breaks = 0;
        qsizetype subtreeLength = 0;
        qsizetype subtreeBreaks = 0;
        int left = -1;
        int right = -1;
        quint32 priority = 0;
        int buffer = 0;
        bool startsWithLf = false;
        bool endsWithCr = false;
        bool subtreeStartsWithLf = false;
        bool subtreeEndsWithCr = false;
    };

    int newNode(int buffer, qsizetype start, qsizetype length);
    void setPiece(int node, qsizetype start, qsizetype length);
    void freeSubtree(int node);
    void update(int node);
    std::pair<int, int> split(int node, qsizetype offset);
    int merge(int left, int right);
    bool extendInsertedPiece(qsizetype offset, qsizetype addedStart, qsizetype addedLength);
    qsizetype appendInserted(const QString &text);
    qsizetype breakEnd(const Node &node, qsizetype k) const;
    qsizetype breaksBefore(qsizetype offset) const;
    QChar charAt(qsizetype offset) const;
    void appendRange(int node, qsizetype base, qsizetype from, qsizetype to, QString &out) const;

    // [0] holds the text given to setText(), the others inserted text.
    std::vector<std::shared_ptr<Buffer>> m_buffers;
    qsizetype m_insertedLength = 0;
    std::vector<Node> m_nodes;
    std::vector<int> m_freeNodes;
    int m_root = -1;
    qsizetype m_pieceCount = 0;
    quint32 m_random = 0x9e3779b9u;
};

} // namespace stream
