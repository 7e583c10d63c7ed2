#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

// Socket.IO protocol v5 packet codec: pure functions, no QObject.
// Spec: https://github.com/socketio/socket.io-protocol (v5).
namespace socketio {

enum class PacketType {
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6
};

// One Socket.IO packet. `data` is the JSON payload as it is on the wire: binary attachments
// appear there as {"_placeholder":true,"num":N} and their bytes are in `attachments`.
struct SocketPacket
{
    PacketType type = PacketType::Event;
    QString nsp = QStringLiteral("/");
    std::optional<qint64> id;
    QJsonValue data = QJsonValue::Undefined; // Undefined: no payload on the wire
    QList<QByteArray> attachments;

    friend bool operator==(const SocketPacket &, const SocketPacket &) = default;
};

// Why a packet could not be decoded.
enum class PacketError {
    Empty,
    UnknownType,
    InvalidAttachmentCount, // "5" without "N-", or a negative / absurd count
    InvalidNamespace,
    InvalidId,
    InvalidJson,
    InvalidPayload, // JSON of the wrong shape for the packet type (e.g. EVENT not an array
                    // whose first element is a string, CONNECT not an object)
    InvalidPlaceholder, // a placeholder whose num is out of range
    UnexpectedAttachment, // a binary frame when none was awaited
    TooManyAttachments,
};

struct PacketFailure
{
    PacketError error;
    QString detail;
};

// Encodes a packet: the text frame (header + JSON) followed by its binary attachments, each to
// be sent as its own binary Engine.IO message. BINARY_* types and the "N-" count are chosen from
// `attachments` (an Event with attachments is written as BinaryEvent, an Ack as BinaryAck).
struct EncodedPacket
{
    QByteArray text;
    QList<QByteArray> attachments;
};
EncodedPacket encode(const SocketPacket &packet);

// Decodes the text part. For BINARY_* packets, `expectedAttachments` tells how many binary
// frames must follow; feed them to a BinaryReassembler (binaryreassembler.h).
struct DecodedHeader
{
    SocketPacket packet;
    int expectedAttachments = 0;
    qsizetype payloadOffset = -1; // where the JSON payload starts in the text (-1: none)
};
util::Expected<DecodedHeader, PacketFailure> decode(QByteArrayView text);
// As above with a bound on the attachment count (decode(text) allows 10, like socket.io-parser);
// more fails with TooManyAttachments.
util::Expected<DecodedHeader, PacketFailure> decode(QByteArrayView text, int maxAttachments);

// Converts between application values and wire JSON + attachments. Application values are
// QVariant trees (QVariantList, QVariantMap, QString, numbers, bool, null) in which a QByteArray
// stands for binary data.
// deconstruct: replaces every QByteArray by a placeholder and appends its bytes to attachments.
QJsonValue deconstruct(const QVariant &value, QList<QByteArray> *attachments);
// reconstruct: replaces every valid placeholder by its attachment; fails on a bad placeholder.
util::Expected<QVariant, PacketFailure> reconstruct(const QJsonValue &value,
                                                    const QList<QByteArray> &attachments);

// The JSON text of an EVENT packet whose arguments are already JSON text: `argumentsJson` is
// the comma-separated arguments after the event name, written as they are (the caller vouches
// that they are well-formed JSON; docs/protocol.md §3 relays a writer's data byte for byte).
QByteArray encodeJsonTextEvent(const QString &nsp, const QString &event,
                               QByteArrayView argumentsJson);

// The byte span of the value of member `key` of the object at `index` in the JSON array `array`
// (the payload of an EVENT packet, so index 1 is its first argument). Nothing when the array is
// shorter, that element is not an object, the member is missing or the text is not well-formed
// JSON. A key written with escapes is unescaped before comparing; of duplicate keys the last
// wins, as with JSON.parse and QJsonDocument.
std::optional<QByteArrayView> jsonArrayObjectMember(QByteArrayView array, int index,
                                                    QStringView key);

} // namespace socketio
