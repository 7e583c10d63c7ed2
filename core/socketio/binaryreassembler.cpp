#include "socketio/binaryreassembler.h"

namespace socketio {

void BinaryReassembler::start(DecodedHeader header)
{
    header.packet.attachments.clear();
    if (header.expectedAttachments <= 0) {
        m_pending.reset();
        return;
    }
    m_pending = std::move(header);
}

util::Expected<std::optional<SocketPacket>, PacketFailure>
BinaryReassembler::addAttachment(const QByteArray &bytes)
{
    if (!m_pending)
        return PacketFailure {PacketError::UnexpectedAttachment,
                              QStringLiteral("binary data when no packet awaits attachments")};
    m_pending->packet.attachments.append(bytes);
    if (m_pending->packet.attachments.size() < m_pending->expectedAttachments)
        return std::optional<SocketPacket>();
    SocketPacket packet = std::move(m_pending->packet);
    m_pending.reset();
    return std::optional<SocketPacket>(std::move(packet));
}

} // namespace socketio
