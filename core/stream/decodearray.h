#pragma once

#include "stream/textchange.h"
#include "util/expected.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <utility>

// Internal to core/stream: shared by the decoders in textchange.cpp and streammessage.cpp.
namespace stream {

// Decodes object[field], a required JSON array, with T::fromJson on each element. A missing field,
// a value that is not an array, and an element that is not an object are reported against `field`;
// any other element failure is returned as is.
template<typename T>
util::Expected<QList<T>, DecodeFailure> decodeArray(const QJsonObject &object, const QString &field)
{
    const auto it = object.constFind(field);
    if (it == object.constEnd())
        return DecodeFailure {DecodeError::MissingField, field};
    if (!it->isArray())
        return DecodeFailure {DecodeError::WrongType, field};
    const QJsonArray array = it->toArray();
    QList<T> items;
    items.reserve(array.size());
    for (const QJsonValue &value : array) {
        auto item = T::fromJson(value);
        if (!item) {
            if (item.error().error == DecodeError::NotAnObject)
                return DecodeFailure {DecodeError::WrongType, field};
            return item.error();
        }
        items.append(std::move(item).value());
    }
    return items;
}

} // namespace stream
