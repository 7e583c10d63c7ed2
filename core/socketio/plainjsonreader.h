#pragma once

#include <QByteArrayView>
#include <QJsonValue>

#include <optional>

namespace socketio {

// A fast reader for the common shape of large Socket.IO payloads: ASCII JSON whose strings
// may hold the escapes QJsonDocument builds one character at a time (a document's "\n").
// Gives the value QJsonDocument::fromJson would give, or nothing for any input outside that
// subset (non-ASCII bytes, fractions or exponents, long integers, duplicate keys, deep nesting,
// objects of more than 256 members) and for every invalid input: the caller then parses with
// QJsonDocument, which decides. Linear in the input's size.
std::optional<QJsonValue> readPlainJson(QByteArrayView text);

} // namespace socketio
