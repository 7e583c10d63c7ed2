#pragma once

#include "stream/textchange.h"
#include "util/expected.h"

#include <QList>
#include <QString>

#include <optional>

// The text a session reads and edits, independent of any editor widget.
namespace stream {

// A 1-based line and column in UTF-16 code units (Monaco's IPosition).
struct TextPosition
{
    int lineNumber = 1;
    int column = 1;

    bool operator==(const TextPosition &) const = default;
};

// The document interface that the stream sessions work on.
//
// Contract for implementations:
// - Offsets and lengths count UTF-16 code units of the text (QString indices).
// - Lines are separated by "\r\n", "\n" or a lone "\r" (a "\r\n" pair is one break); there is
//   always at least one line (an empty document has one empty line). Line indices here are
//   0-based; lineLength() excludes the line break.
// - lineStart() and lineLength() must be cheap (no scan of the document per call): sessions
//   call them for every change.
// - replace() and setText() change the text and nothing else (no normalisation of line breaks).
class TextDocument
{
public:
    virtual ~TextDocument() = default;

    virtual qsizetype length() const = 0;
    virtual QString text() const = 0;
    virtual void setText(const QString &text) = 0;
    virtual int lineCount() const = 0;
    virtual qsizetype lineStart(int line) const = 0;
    virtual qsizetype lineLength(int line) const = 0;
    virtual void replace(qsizetype offset, qsizetype length, const QString &text) = 0;
    // A part of the text. The default copies text(); implementations should override it.
    virtual QString slice(qsizetype offset, qsizetype length) const;

    // The offset of a Monaco position, or nothing when the position is outside the document
    // (line < 1 or > lineCount(), column < 1 or > lineLength + 1).
    std::optional<qsizetype> offsetAt(const TextPosition &position) const;
    // The position of an offset; offsets inside a "\r\n" pair map to the end of the line.
    // Precondition: 0 <= offset <= length(). The default searches lineStart() by bisection.
    virtual TextPosition positionAt(qsizetype offset) const;
};

// Why a change could not be applied: the receiver's document differs from the writer's.
enum class ApplyError {
    RangeOutsideDocument, // a range position is not in the document
    OffsetMismatch, // rangeOffset/rangeLength disagree with the range
};

// Validates `change` against `document` and applies it.
util::Expected<std::monostate, ApplyError> applyTextChange(TextDocument &document,
                                                           const TextChange &change);
// Applies the changes of an event in order; stops at the first failure.
util::Expected<std::monostate, ApplyError> applyContentChangeEvent(TextDocument &document,
                                                                   const ContentChangeEvent &event);

// A change in Monaco coordinates of `document` that replaces [offset, offset + length) by `text`.
// Precondition: the offsets are inside the document and not inside a "\r\n" pair.
TextChange makeTextChange(const TextDocument &document, qsizetype offset, qsizetype length,
                          const QString &text);

// The minimal single replacement that turns `before` into `after` (common prefix and suffix
// removed; never splitting a "\r\n" pair or a surrogate pair), or nothing when they are equal.
struct TextEdit
{
    qsizetype offset = 0;
    qsizetype length = 0;
    QString text;
};
std::optional<TextEdit> diffTexts(const QString &before, const QString &after);

} // namespace stream
