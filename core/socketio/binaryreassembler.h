#pragma once

#include "socketio/socketpacket.h"
#include "util/expected.h"

#include <QByteArray>

#include <optional>

namespace socketio {

// Collects the binary frames that follow a BINARY_EVENT/BINARY_ACK and yields the complete
// packet once all have arrived.
class BinaryReassembler final
{
public:
    // Starts waiting for the attachments of `header` (expectedAttachments > 0).
    void start(DecodedHeader header);
    bool isWaiting() const { return m_pending.has_value(); }
    // Adds one binary frame. Returns the finished packet when it was the last one, nothing while
    // more are expected, or an error (no packet awaited, or too many frames).
    util::Expected<std::optional<SocketPacket>, PacketFailure>
    addAttachment(const QByteArray &bytes);
    void reset() { m_pending.reset(); }

private:
    std::optional<DecodedHeader> m_pending;
};

} // namespace socketio
