#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

// Engine.IO protocol v4 packet codec: pure functions on bytes, no QObject.
// Spec: https://github.com/socketio/engine.io-protocol (v4).
namespace engineio {

enum class PacketType {
    Open = 0,
    Close = 1,
    Ping = 2,
    Pong = 3,
    Message = 4,
    Upgrade = 5,
    Noop = 6
};

// One Engine.IO packet. For a text packet, data is the UTF-8 text after the type digit;
// for a binary packet (Message only), data holds the raw bytes.
struct EnginePacket
{
    PacketType type = PacketType::Noop;
    QByteArray data;
    bool binary = false;

    static EnginePacket text(PacketType type, const QByteArray &data = {})
    {
        return {type, data, false};
    }
    static EnginePacket binaryMessage(const QByteArray &bytes)
    {
        return {PacketType::Message, bytes, true};
    }
    friend bool operator==(const EnginePacket &, const EnginePacket &) = default;
};

// Why a packet or payload could not be decoded.
enum class PacketError {
    Empty, // no bytes at all
    UnknownType, // the type character is not 0-6
    InvalidBase64, // a "b..." polling packet whose body is not base64
    BinaryNotMessage, // a binary frame can only carry a message
    TooLarge, // larger than the maxPayload in force
    InvalidHandshake, // an OPEN packet whose JSON lacks sid/pingInterval/pingTimeout/maxPayload
};

// An error and a human-readable detail, for logs and close reasons.
struct PacketFailure
{
    PacketError error;
    QString detail;
};

// WebSocket transport: one packet per frame.
// Text frame: type digit + data. Binary frame: raw bytes of a binary message.
QByteArray encodeFrame(const EnginePacket &packet);
util::Expected<EnginePacket, PacketFailure> decodeTextFrame(QByteArrayView frame);
util::Expected<EnginePacket, PacketFailure> decodeBinaryFrame(const QByteArray &frame);

// HTTP long-polling payload: packets separated by the record separator 0x1e; a binary
// packet is written as 'b' + base64 of its bytes.
QByteArray encodePayload(const QList<EnginePacket> &packets);
util::Expected<QList<EnginePacket>, PacketFailure> decodePayload(QByteArrayView payload);
// As above, failing with TooLarge when the payload exceeds maxPayload bytes (<= 0: no limit).
util::Expected<QList<EnginePacket>, PacketFailure> decodePayload(QByteArrayView payload,
                                                                 qint64 maxPayload);

// The JSON body of the OPEN packet (handshake), in both directions.
struct Handshake
{
    QString sid;
    QStringList upgrades;
    int pingInterval = 25000;
    int pingTimeout = 20000;
    qint64 maxPayload = 1000000;

    QByteArray toJson() const;
    static util::Expected<Handshake, PacketFailure> fromJson(QByteArrayView json);
};

} // namespace engineio
