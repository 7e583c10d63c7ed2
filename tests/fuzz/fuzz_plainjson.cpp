// libFuzzer target: the plain JSON reader that the server and clients use for large Socket.IO
// payloads (socketio::readPlainJson). Differential: whenever it gives a value, QJsonDocument must
// give the same one for the same bytes; whatever it declines, QJsonDocument decides anyway.
#include "socketio/plainjsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<QJsonValue> plain = socketio::readPlainJson(input);
    if (!plain)
        return 0;
    // Any JSON value, as the Socket.IO codec reads one: wrapped in an array for QJsonDocument.
    QByteArray wrapped;
    wrapped.append('[');
    wrapped.append(input);
    wrapped.append(']');
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        std::abort(); // the reader accepted what Qt refuses
    const QJsonValue expected = document.array().first();
    if (*plain != expected)
        std::abort(); // the reader gave another value than Qt
    return 0;
}
