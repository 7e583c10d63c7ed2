#include "stream/textchange.h"

#include "stream/decodearray.h"

#include <QJsonArray>
#include <QJsonValue>

#include <cmath>

namespace stream {

namespace {

using Failure = DecodeFailure;

constexpr double maxSafeInteger = 9007199254740991.0; // 2^53 - 1

// Reads an integer field >= minimum; JSON numbers must be integral.
util::Expected<qint64, Failure> readInteger(const QJsonObject &object, const QString &field,
                                            qint64 minimum, qint64 maximum = qint64(maxSafeInteger))
{
    const auto it = object.constFind(field);
    if (it == object.constEnd())
        return Failure {DecodeError::MissingField, field};
    if (!it->isDouble())
        return Failure {DecodeError::WrongType, field};
    const double number = it->toDouble();
    if (!std::isfinite(number) || std::trunc(number) != number)
        return Failure {DecodeError::WrongType, field};
    if (number < double(minimum) || number > double(maximum))
        return Failure {DecodeError::OutOfRange, field};
    return qint64(number);
}

util::Expected<bool, Failure> readBool(const QJsonObject &object, const QString &field,
                                       bool fallback)
{
    const auto it = object.constFind(field);
    if (it == object.constEnd())
        return fallback;
    if (!it->isBool())
        return Failure {DecodeError::WrongType, field};
    return it->toBool();
}

constexpr qint64 maxLineOrColumn = 0x7fffffff;

} // namespace

QJsonObject TextRange::toJson() const
{
    return QJsonObject {
        {QStringLiteral("startLineNumber"), startLineNumber},
        {QStringLiteral("startColumn"), startColumn},
        {QStringLiteral("endLineNumber"), endLineNumber},
        {QStringLiteral("endColumn"), endColumn},
    };
}

util::Expected<TextRange, DecodeFailure> TextRange::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return Failure {DecodeError::NotAnObject, QStringLiteral("range")};
    const QJsonObject object = value.toObject();
    TextRange range;
    int *targets[]
        = {&range.startLineNumber, &range.startColumn, &range.endLineNumber, &range.endColumn};
    const QString names[] = {QStringLiteral("startLineNumber"), QStringLiteral("startColumn"),
                             QStringLiteral("endLineNumber"), QStringLiteral("endColumn")};
    for (int i = 0; i < 4; ++i) {
        auto number = readInteger(object, names[i], 1, maxLineOrColumn);
        if (!number)
            return number.error();
        *targets[i] = int(*number);
    }
    if (range.endLineNumber < range.startLineNumber
        || (range.endLineNumber == range.startLineNumber && range.endColumn < range.startColumn))
        return Failure {DecodeError::InvalidRange, QStringLiteral("range")};
    return range;
}

QJsonObject TextChange::toJson() const
{
    return QJsonObject {
        {QStringLiteral("range"), range.toJson()},
        {QStringLiteral("rangeOffset"), rangeOffset},
        {QStringLiteral("rangeLength"), rangeLength},
        {QStringLiteral("text"), text},
    };
}

util::Expected<TextChange, DecodeFailure> TextChange::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return Failure {DecodeError::NotAnObject, QStringLiteral("changes")};
    const QJsonObject object = value.toObject();
    TextChange change;
    const auto rangeIt = object.constFind(QStringLiteral("range"));
    if (rangeIt == object.constEnd())
        return Failure {DecodeError::MissingField, QStringLiteral("range")};
    auto range = TextRange::fromJson(*rangeIt);
    if (!range) {
        if (range.error().error == DecodeError::NotAnObject)
            return Failure {DecodeError::WrongType, QStringLiteral("range")};
        return range.error();
    }
    change.range = *range;
    auto offset = readInteger(object, QStringLiteral("rangeOffset"), 0);
    if (!offset)
        return offset.error();
    change.rangeOffset = *offset;
    auto length = readInteger(object, QStringLiteral("rangeLength"), 0);
    if (!length)
        return length.error();
    change.rangeLength = *length;
    const auto textIt = object.constFind(QStringLiteral("text"));
    if (textIt == object.constEnd())
        return Failure {DecodeError::MissingField, QStringLiteral("text")};
    if (!textIt->isString())
        return Failure {DecodeError::WrongType, QStringLiteral("text")};
    change.text = textIt->toString();
    return change;
}

QJsonObject ContentChangeEvent::toJson() const
{
    QJsonArray array;
    for (const TextChange &change : changes)
        array.append(change.toJson());
    return QJsonObject {
        {QStringLiteral("changes"), array},           {QStringLiteral("eol"), eol},
        {QStringLiteral("versionId"), versionId},     {QStringLiteral("isUndoing"), isUndoing},
        {QStringLiteral("isRedoing"), isRedoing},     {QStringLiteral("isFlush"), isFlush},
        {QStringLiteral("isEolChange"), isEolChange},
    };
}

util::Expected<ContentChangeEvent, DecodeFailure>
ContentChangeEvent::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return Failure {DecodeError::NotAnObject, QStringLiteral("changes")};
    const QJsonObject object = value.toObject();
    ContentChangeEvent event;
    auto changes = decodeArray<TextChange>(object, QStringLiteral("changes"));
    if (!changes)
        return changes.error();
    event.changes = std::move(changes).value();
    // The event fields besides `changes` are informative; when present they must be well-typed.
    const auto eolIt = object.constFind(QStringLiteral("eol"));
    if (eolIt != object.constEnd()) {
        if (!eolIt->isString())
            return Failure {DecodeError::WrongType, QStringLiteral("eol")};
        event.eol = eolIt->toString();
    }
    if (object.contains(QStringLiteral("versionId"))) {
        auto versionId = readInteger(object, QStringLiteral("versionId"), 0);
        if (!versionId)
            return versionId.error();
        event.versionId = *versionId;
    }
    bool *flags[] = {&event.isUndoing, &event.isRedoing, &event.isFlush, &event.isEolChange};
    const QString flagNames[] = {QStringLiteral("isUndoing"), QStringLiteral("isRedoing"),
                                 QStringLiteral("isFlush"), QStringLiteral("isEolChange")};
    for (int i = 0; i < 4; ++i) {
        auto flag = readBool(object, flagNames[i], false);
        if (!flag)
            return flag.error();
        *flags[i] = *flag;
    }
    return event;
}

QJsonObject Selection::toJson() const
{
    return QJsonObject {
        {QStringLiteral("selectionStartLineNumber"), selectionStartLineNumber},
        {QStringLiteral("selectionStartColumn"), selectionStartColumn},
        {QStringLiteral("positionLineNumber"), positionLineNumber},
        {QStringLiteral("positionColumn"), positionColumn},
    };
}

util::Expected<Selection, DecodeFailure> Selection::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return Failure {DecodeError::WrongType, QStringLiteral("selections")};
    const QJsonObject object = value.toObject();
    Selection selection;
    int *targets[] = {&selection.selectionStartLineNumber, &selection.selectionStartColumn,
                      &selection.positionLineNumber, &selection.positionColumn};
    const QString names[]
        = {QStringLiteral("selectionStartLineNumber"), QStringLiteral("selectionStartColumn"),
           QStringLiteral("positionLineNumber"), QStringLiteral("positionColumn")};
    for (int i = 0; i < 4; ++i) {
        auto number = readInteger(object, names[i], 1, maxLineOrColumn);
        if (!number)
            return number.error();
        *targets[i] = int(*number);
    }
    return selection;
}

QString describe(const DecodeFailure &failure)
{
    QString what;
    switch (failure.error) {
    case DecodeError::NotAnObject:
        what = QStringLiteral("not a JSON object");
        break;
    case DecodeError::MissingField:
        what = QStringLiteral("missing field");
        break;
    case DecodeError::WrongType:
        what = QStringLiteral("wrong type");
        break;
    case DecodeError::OutOfRange:
        what = QStringLiteral("out of range");
        break;
    case DecodeError::InvalidRange:
        what = QStringLiteral("range ends before it starts");
        break;
    case DecodeError::UnknownType:
        what = QStringLiteral("unknown message type");
        break;
    case DecodeError::InvalidParts:
        what = QStringLiteral("inconsistent part/parts");
        break;
    }
    return failure.field.isEmpty() ? what : what + QStringLiteral(": ") + failure.field;
}

} // namespace stream
