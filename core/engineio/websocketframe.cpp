#include "engineio/websocketframe.h"

#include <QCryptographicHash>
#include <QStringDecoder>

#include <cstring>

namespace engineio {

namespace {

constexpr quint8 kFin = 0x80;
constexpr quint8 kReservedBits = 0x70;
constexpr quint8 kMasked = 0x80;
constexpr qsizetype kMaxControlPayload = 125;

bool isControl(quint8 opcode)
{
    return opcode & 0x8;
}

bool isKnown(quint8 opcode)
{
    switch (WebSocketOpcode(opcode)) {
    case WebSocketOpcode::Continuation:
    case WebSocketOpcode::Text:
    case WebSocketOpcode::Binary:
    case WebSocketOpcode::Close:
    case WebSocketOpcode::Ping:
    case WebSocketOpcode::Pong:
        return true;
    }
    return false;
}

bool isValidUtf8(QByteArrayView bytes)
{
    // Pure ASCII is the common case (Engine.IO packets, JSON with escapes).
    bool ascii = true;
    for (const char c : bytes) {
        if (quint8(c) & 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii)
        return true;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    Q_UNUSED(text);
    return !decoder.hasError();
}

void unmask(char *data, qsizetype size, const quint8 mask[4])
{
    quint32 word;
    std::memcpy(&word, mask, 4);
    quint64 wide = (quint64(word) << 32) | word;
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 chunk;
        std::memcpy(&chunk, data + i, 8);
        chunk ^= wide;
        std::memcpy(data + i, &chunk, 8);
    }
    for (; i < size; ++i)
        data[i] = char(data[i] ^ mask[i % 4]);
}

} // namespace

QByteArray encodeWebSocketFrame(WebSocketOpcode opcode, QByteArrayView payload)
{
    const qsizetype size = payload.size();
    QByteArray frame;
    frame.reserve(size + 10);
    frame.append(char(kFin | quint8(opcode)));
    if (size < 126) {
        frame.append(char(size));
    } else if (size <= 0xFFFF) {
        frame.append(char(126));
        frame.append(char(size >> 8));
        frame.append(char(size & 0xFF));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(size) >> shift) & 0xFF));
    }
    frame.append(payload);
    return frame;
}

QByteArray encodeWebSocketClose(WebSocketCloseCode code, QByteArrayView reason)
{
    QByteArray payload;
    payload.append(char(quint16(code) >> 8));
    payload.append(char(quint16(code) & 0xFF));
    payload.append(reason.first(qMin(reason.size(), kMaxControlPayload - 2)));
    return encodeWebSocketFrame(WebSocketOpcode::Close, payload);
}

QByteArray webSocketAccept(QByteArrayView key)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(key.trimmed());
    hash.addData(QByteArrayView("258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
    return hash.result().toBase64();
}

WebSocketFrameReader::WebSocketFrameReader(qint64 maxMessageBytes)
    : m_maxMessageBytes(maxMessageBytes)
{ }

void WebSocketFrameReader::append(QByteArrayView bytes)
{
    if (m_error)
        return;
    if (m_offset > 0 && m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    } else if (m_offset > 4096 && m_offset * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    m_buffer.append(bytes);
}

std::optional<WebSocketMessage> WebSocketFrameReader::fail(WebSocketCloseCode code,
                                                           const QString &detail)
{
    m_error = code;
    m_errorDetail = detail;
    m_buffer.clear();
    m_fragments.clear();
    m_offset = 0;
    return std::nullopt;
}

std::optional<WebSocketMessage> WebSocketFrameReader::next()
{
    while (!m_error) {
        const qsizetype available = m_buffer.size() - m_offset;
        if (available < 2)
            return std::nullopt;
        const auto *head = reinterpret_cast<const quint8 *>(m_buffer.constData() + m_offset);
        const bool fin = head[0] & kFin;
        const quint8 opcode = head[0] & 0x0F;
        if (head[0] & kReservedBits)
            return fail(WebSocketCloseCode::ProtocolError, QStringLiteral("reserved bits set"));
        if (!isKnown(opcode))
            return fail(WebSocketCloseCode::ProtocolError, QStringLiteral("unknown opcode"));
        if (!(head[1] & kMasked))
            return fail(WebSocketCloseCode::ProtocolError, QStringLiteral("unmasked frame"));
        quint64 length = head[1] & 0x7F;
        qsizetype headerSize = 2;
        if (length == 126) {
            headerSize = 4;
            if (available < headerSize)
                return std::nullopt;
            length = (quint64(head[2]) << 8) | head[3];
        } else if (length == 127) {
            headerSize = 10;
            if (available < headerSize)
                return std::nullopt;
            length = 0;
            for (int i = 2; i < 10; ++i)
                length = (length << 8) | head[i];
            if (length >> 63)
                return fail(WebSocketCloseCode::ProtocolError, QStringLiteral("invalid length"));
        }
        if (isControl(opcode) && (!fin || length > quint64(kMaxControlPayload)))
            return fail(WebSocketCloseCode::ProtocolError,
                        QStringLiteral("fragmented or oversized control frame"));
        const quint64 messageSize = quint64(m_fragments.size()) + length;
        if (m_maxMessageBytes > 0 && messageSize > quint64(m_maxMessageBytes))
            return fail(WebSocketCloseCode::TooBig, QStringLiteral("message too big"));
        const qsizetype total = headerSize + 4 + qsizetype(length);
        if (available < total)
            return std::nullopt;

        quint8 mask[4];
        std::memcpy(mask, head + headerSize, 4);
        QByteArray payload(m_buffer.constData() + m_offset + headerSize + 4, qsizetype(length));
        m_offset += total;
        unmask(payload.data(), payload.size(), mask);

        if (isControl(opcode)) {
            if (WebSocketOpcode(opcode) == WebSocketOpcode::Close && payload.size() == 1)
                return fail(WebSocketCloseCode::ProtocolError, QStringLiteral("invalid close"));
            return WebSocketMessage {WebSocketOpcode(opcode), payload};
        }
        if (WebSocketOpcode(opcode) == WebSocketOpcode::Continuation) {
            if (!m_fragmentedOpcode)
                return fail(WebSocketCloseCode::ProtocolError,
                            QStringLiteral("continuation without a message"));
            m_fragments.append(payload);
        } else {
            if (m_fragmentedOpcode)
                return fail(WebSocketCloseCode::ProtocolError,
                            QStringLiteral("new message inside a fragmented one"));
            if (fin) {
                if (WebSocketOpcode(opcode) == WebSocketOpcode::Text && !isValidUtf8(payload))
                    return fail(WebSocketCloseCode::InvalidPayload,
                                QStringLiteral("invalid UTF-8 in a text message"));
                return WebSocketMessage {WebSocketOpcode(opcode), payload};
            }
            m_fragmentedOpcode = WebSocketOpcode(opcode);
            m_fragments = payload;
        }
        if (fin) {
            WebSocketMessage message {*m_fragmentedOpcode, std::exchange(m_fragments, {})};
            m_fragmentedOpcode.reset();
            if (message.opcode == WebSocketOpcode::Text && !isValidUtf8(message.payload))
                return fail(WebSocketCloseCode::InvalidPayload,
                            QStringLiteral("invalid UTF-8 in a text message"));
            return message;
        }
    }
    return std::nullopt;
}

} // namespace engineio
