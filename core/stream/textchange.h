#pragma once

#include "util/expected.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// Value types of the CodeStream delta model (docs/protocol.md §4), shaped like Monaco's
// IModelContentChange / IModelContentChangedEvent. Lines and columns are 1-based; columns,
// offsets and lengths count UTF-16 code units.
namespace stream {

// Why a JSON value was rejected by one of the stream decoders.
enum class DecodeError {
    NotAnObject, // the value is not a JSON object
    MissingField, // a required field is absent
    WrongType, // a field has the wrong JSON type (or is not an integer)
    OutOfRange, // a number is out of range: negative version, line < 1, column < 1, ...
    InvalidRange, // a range ends before it starts
    UnknownType, // "type" names no known stream message
    InvalidParts, // part/parts of a full are inconsistent
};

// A decode error and the field it concerns.
struct DecodeFailure
{
    DecodeError error = DecodeError::NotAnObject;
    QString field;

    bool operator==(const DecodeFailure &) const = default;
};

// A range in a document: [start, end), 1-based lines and columns in UTF-16 units.
struct TextRange
{
    int startLineNumber = 1;
    int startColumn = 1;
    int endLineNumber = 1;
    int endColumn = 1;

    bool operator==(const TextRange &) const = default;
    QJsonObject toJson() const;
    static util::Expected<TextRange, DecodeFailure> fromJson(const QJsonValue &value);
};

// One replacement: the text in `range` (rangeOffset, rangeLength in UTF-16 units) becomes `text`.
struct TextChange
{
    TextRange range;
    qint64 rangeOffset = 0;
    qint64 rangeLength = 0;
    QString text;

    bool operator==(const TextChange &) const = default;
    QJsonObject toJson() const;
    static util::Expected<TextChange, DecodeFailure> fromJson(const QJsonValue &value);
};

// One editor event: changes against the document before the event, ordered from the end of the
// document to the beginning, so that they may be applied one after another.
struct ContentChangeEvent
{
    QList<TextChange> changes;
    QString eol = QStringLiteral("\n");
    qint64 versionId = 0;
    bool isUndoing = false;
    bool isRedoing = false;
    bool isFlush = false;
    bool isEolChange = false;

    bool operator==(const ContentChangeEvent &) const = default;
    QJsonObject toJson() const;
    static util::Expected<ContentChangeEvent, DecodeFailure> fromJson(const QJsonValue &value);
};

// A selection as Monaco's ISelection: anchor (selectionStart*) and caret (position*).
struct Selection
{
    int selectionStartLineNumber = 1;
    int selectionStartColumn = 1;
    int positionLineNumber = 1;
    int positionColumn = 1;

    bool operator==(const Selection &) const = default;
    QJsonObject toJson() const;
    static util::Expected<Selection, DecodeFailure> fromJson(const QJsonValue &value);
};

// A readable one-line description of a decode failure, for logs.
QString describe(const DecodeFailure &failure);

} // namespace stream
