// libFuzzer target: Engine.IO frame, payload and handshake decoding. A decoded packet must
// survive an encode/decode round trip unchanged.
#include "engineio/enginepacket.h"

#include <cstdint>
#include <cstdlib>

using namespace engineio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));

    if (auto packet = decodeTextFrame(input)) {
        auto again = decodeTextFrame(encodeFrame(*packet));
        if (!again || !(*again == *packet))
            abort();
    }
    if (auto packet = decodeBinaryFrame(input)) {
        auto again = decodeBinaryFrame(encodeFrame(*packet));
        if (!again || !(*again == *packet))
            abort();
    }
    if (auto packets = decodePayload(input)) {
        auto again = decodePayload(encodePayload(*packets));
        if (!again || *again != *packets)
            abort();
    }
    (void)decodePayload(input, 64);
    (void)Handshake::fromJson(input);
    return 0;
}
