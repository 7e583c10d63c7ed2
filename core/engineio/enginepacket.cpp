#include "engineio/enginepacket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <climits>

namespace engineio {

namespace {

constexpr char kRecordSeparator = '\x1e';

PacketFailure failure(PacketError error, const QString &detail)
{
    return PacketFailure {error, detail};
}

// A JSON number that is a non-negative integer small enough for its field.
bool readInteger(const QJsonObject &object, const QString &key, qint64 max, qint64 *out)
{
    const QJsonValue value = object.value(key);
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    if (number < 0 || number > double(max) || number != double(qint64(number)))
        return false;
    *out = qint64(number);
    return true;
}

} // namespace

QByteArray encodeFrame(const EnginePacket &packet)
{
    if (packet.binary)
        return packet.data;
    QByteArray frame;
    frame.reserve(packet.data.size() + 1);
    frame.append(char('0' + int(packet.type)));
    frame.append(packet.data);
    return frame;
}

util::Expected<EnginePacket, PacketFailure> decodeTextFrame(QByteArrayView frame)
{
    if (frame.isEmpty())
        return failure(PacketError::Empty, QStringLiteral("empty packet"));
    const char type = frame.front();
    if (type < '0' || type > '6')
        return failure(PacketError::UnknownType,
                       QStringLiteral("unknown packet type 0x%1")
                           .arg(uint(uchar(type)), 2, 16, QLatin1Char('0')));
    return EnginePacket::text(PacketType(type - '0'), frame.sliced(1).toByteArray());
}

util::Expected<EnginePacket, PacketFailure> decodeBinaryFrame(const QByteArray &frame)
{
    // Engine.IO v4 carries only messages in binary frames; an empty one is an empty buffer.
    return EnginePacket::binaryMessage(frame);
}

QByteArray encodePayload(const QList<EnginePacket> &packets)
{
    QByteArray payload;
    for (qsizetype i = 0; i < packets.size(); ++i) {
        if (i > 0)
            payload.append(kRecordSeparator);
        const EnginePacket &packet = packets.at(i);
        if (packet.binary) {
            payload.append('b');
            payload.append(packet.data.toBase64());
        } else {
            payload.append(encodeFrame(packet));
        }
    }
    return payload;
}

util::Expected<QList<EnginePacket>, PacketFailure> decodePayload(QByteArrayView payload)
{
    if (payload.isEmpty())
        return failure(PacketError::Empty, QStringLiteral("empty payload"));
    QList<EnginePacket> packets;
    qsizetype start = 0;
    while (start <= payload.size()) {
        qsizetype end = payload.indexOf(kRecordSeparator, start);
        if (end < 0)
            end = payload.size();
        const QByteArrayView part = payload.sliced(start, end - start);
        if (!part.isEmpty() && part.front() == 'b') {
            const QByteArrayView base64 = part.sliced(1);
            const auto decoded = QByteArray::fromBase64Encoding(
                base64.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
            // A length of 4n+1 cannot come from any byte string.
            if (!decoded || base64.size() % 4 == 1)
                return failure(PacketError::InvalidBase64,
                               QStringLiteral("invalid base64 in packet %1").arg(packets.size()));
            packets.append(EnginePacket::binaryMessage(decoded.decoded));
        } else {
            auto packet = decodeTextFrame(part);
            if (!packet)
                return packet.error();
            packets.append(std::move(packet).value());
        }
        start = end + 1;
    }
    return packets;
}

util::Expected<QList<EnginePacket>, PacketFailure> decodePayload(QByteArrayView payload,
                                                                 qint64 maxPayload)
{
    if (maxPayload > 0 && payload.size() > maxPayload)
        return failure(
            PacketError::TooLarge,
            QStringLiteral("payload of %1 bytes exceeds %2").arg(payload.size()).arg(maxPayload));
    return decodePayload(payload);
}

QByteArray Handshake::toJson() const
{
    // Field order as in the specification's example; values escaped by QJsonDocument.
    const auto json = [](const QJsonValue &value) {
        const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
        return array.mid(1, array.size() - 2);
    };
    QByteArray out = "{\"sid\":" + json(sid) + ",\"upgrades\":"
        + QJsonDocument(QJsonArray::fromStringList(upgrades)).toJson(QJsonDocument::Compact)
        + ",\"pingInterval\":" + QByteArray::number(pingInterval)
        + ",\"pingTimeout\":" + QByteArray::number(pingTimeout)
        + ",\"maxPayload\":" + QByteArray::number(maxPayload) + '}';
    return out;
}

util::Expected<Handshake, PacketFailure> Handshake::fromJson(QByteArrayView json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return failure(PacketError::InvalidHandshake,
                       QStringLiteral("handshake is not a JSON object"));
    const QJsonObject object = document.object();
    Handshake handshake;
    const QJsonValue sid = object.value(QLatin1String("sid"));
    if (!sid.isString() || sid.toString().isEmpty())
        return failure(PacketError::InvalidHandshake, QStringLiteral("handshake without sid"));
    handshake.sid = sid.toString();
    qint64 number = 0;
    if (!readInteger(object, QStringLiteral("pingInterval"), INT_MAX, &number) || number == 0)
        return failure(PacketError::InvalidHandshake,
                       QStringLiteral("handshake without a valid pingInterval"));
    handshake.pingInterval = int(number);
    if (!readInteger(object, QStringLiteral("pingTimeout"), INT_MAX, &number))
        return failure(PacketError::InvalidHandshake,
                       QStringLiteral("handshake without a valid pingTimeout"));
    handshake.pingTimeout = int(number);
    if (!readInteger(object, QStringLiteral("maxPayload"), qint64(1) << 53, &number) || number == 0)
        return failure(PacketError::InvalidHandshake,
                       QStringLiteral("handshake without a valid maxPayload"));
    handshake.maxPayload = number;
    const QJsonValue upgrades = object.value(QLatin1String("upgrades"));
    if (upgrades.isArray()) {
        for (const QJsonValue &upgrade : upgrades.toArray()) {
            if (!upgrade.isString())
                return failure(PacketError::InvalidHandshake,
                               QStringLiteral("handshake upgrades is not a list of strings"));
            handshake.upgrades.append(upgrade.toString());
        }
    } else if (!upgrades.isUndefined()) {
        return failure(PacketError::InvalidHandshake,
                       QStringLiteral("handshake upgrades is not a list"));
    }
    return handshake;
}

} // namespace engineio
