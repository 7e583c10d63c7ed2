// libFuzzer target: Socket.IO packet decoding and binary-attachment reassembly. The input is
// split on 0x1e: the first part is the text frame, the others are binary attachments.
#include "socketio/binaryreassembler.h"
#include "socketio/socketpacket.h"

#include <cstdint>
#include <cstdlib>

using namespace socketio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QList<QByteArray> parts = input.split('\x1e');

    auto header = decode(parts.first());
    if (!header)
        return 0;

    SocketPacket packet = header->packet;
    if (header->expectedAttachments > 0) {
        BinaryReassembler reassembler;
        reassembler.start(*header);
        bool done = false;
        for (qsizetype i = 1; i < parts.size() && !done; ++i) {
            auto added = reassembler.addAttachment(parts.at(i));
            if (!added)
                return 0;
            if (added->has_value()) {
                packet = **added;
                done = true;
            }
        }
        if (!done)
            return 0;
        // Placeholders must resolve against the attachments, or fail cleanly.
        (void)reconstruct(packet.data, packet.attachments);
    }

    const EncodedPacket encoded = encode(packet);
    auto again = decode(encoded.text);
    if (!again || again->expectedAttachments != encoded.attachments.size())
        abort();
    return 0;
}
