#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

// RFC 6455 framing for the server side of a WebSocket: pure functions and an incremental
// reader, no QObject and no I/O.
namespace engineio {

enum class WebSocketOpcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

// Close codes used by the server (RFC 6455 §7.4.1).
enum class WebSocketCloseCode : quint16 {
    Normal = 1000,
    GoingAway = 1001,
    ProtocolError = 1002,
    InvalidPayload = 1007,
    PolicyViolated = 1008,
    TooBig = 1009,
};

// One unmasked, final server frame carrying `payload`. Encode a broadcast once and write the
// same bytes to every recipient.
QByteArray encodeWebSocketFrame(WebSocketOpcode opcode, QByteArrayView payload);
// A close frame with `code` and an optional UTF-8 reason (truncated to fit a control frame).
QByteArray encodeWebSocketClose(WebSocketCloseCode code, QByteArrayView reason = {});

// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key.
QByteArray webSocketAccept(QByteArrayView key);

// A complete message or control frame read from a client.
struct WebSocketMessage
{
    WebSocketOpcode opcode = WebSocketOpcode::Text; // Text, Binary, Close, Ping or Pong
    QByteArray payload; // unmasked; for Close, the code and reason as sent
};

// Reads client frames from a byte stream that may arrive in any split: unmasks them, joins
// fragmented messages, and enforces RFC 6455 (masking, reserved bits, control frame rules,
// UTF-8 text) and a message size limit. After an error it reads nothing more.
class WebSocketFrameReader final
{
public:
    explicit WebSocketFrameReader(qint64 maxMessageBytes);

    // Appends received bytes.
    void append(QByteArrayView bytes);
    // The next complete message, or nothing when more bytes are needed or after an error.
    std::optional<WebSocketMessage> next();

    bool hasError() const { return m_error.has_value(); }
    // The close code to send for the error, and a short detail for logs.
    WebSocketCloseCode errorCode() const { return m_error.value_or(WebSocketCloseCode::Normal); }
    QString errorDetail() const { return m_errorDetail; }
    // Bytes received and not yet returned as messages.
    qint64 bufferedBytes() const { return m_buffer.size() - m_offset + m_fragments.size(); }

private:
    std::optional<WebSocketMessage> fail(WebSocketCloseCode code, const QString &detail);

    qint64 m_maxMessageBytes;
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    QByteArray m_fragments; // a fragmented message being joined
    std::optional<WebSocketOpcode> m_fragmentedOpcode;
    std::optional<WebSocketCloseCode> m_error;
    QString m_errorDetail;
};

} // namespace engineio
