// libFuzzer target: the server's WebSocket frame reader. Any byte stream, split at any point,
// yields the same messages or the same error, never a message over the limit, and a message
// read back from a freshly masked frame is unchanged.
#include "engineio/websocketframe.h"

#include <QList>

#include <cstdint>
#include <cstdlib>

using namespace engineio;

namespace {

constexpr qint64 kLimit = 4096;

struct Outcome
{
    QList<WebSocketMessage> messages;
    bool error = false;
    WebSocketCloseCode code = WebSocketCloseCode::Normal;
};

Outcome readAll(QByteArrayView input, qsizetype split)
{
    Outcome outcome;
    WebSocketFrameReader reader(kLimit);
    const auto drain = [&] {
        while (auto message = reader.next()) {
            if (message->payload.size() > kLimit)
                abort();
            outcome.messages.append(*message);
        }
    };
    reader.append(input.first(split));
    drain();
    reader.append(input.sliced(split));
    drain();
    outcome.error = reader.hasError();
    outcome.code = reader.errorCode();
    return outcome;
}

QByteArray maskedClientFrame(const WebSocketMessage &message)
{
    QByteArray frame = encodeWebSocketFrame(message.opcode, message.payload);
    // Turn the server frame into a client frame: set the mask bit and insert a mask.
    const qsizetype header = frame.size() - message.payload.size();
    frame[1] = char(frame.at(1) | 0x80);
    const QByteArray mask("\x5a\xa5\x0f\xf0", 4);
    QByteArray masked = frame.left(header) + mask;
    for (qsizetype i = 0; i < message.payload.size(); ++i)
        masked.append(char(message.payload.at(i) ^ mask.at(i % 4)));
    return masked;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const Outcome whole = readAll(input, input.size());
    const Outcome split = readAll(input, input.isEmpty() ? 0 : qsizetype(data[0]) % input.size());
    if (whole.error != split.error || whole.code != split.code
        || whole.messages.size() != split.messages.size())
        abort();
    for (qsizetype i = 0; i < whole.messages.size(); ++i) {
        const WebSocketMessage &message = whole.messages.at(i);
        if (message.opcode != split.messages.at(i).opcode
            || message.payload != split.messages.at(i).payload)
            abort();
        WebSocketFrameReader again(kLimit);
        again.append(maskedClientFrame(message));
        const auto reread = again.next();
        if (!reread || reread->opcode != message.opcode || reread->payload != message.payload)
            abort();
    }
    return 0;
}
