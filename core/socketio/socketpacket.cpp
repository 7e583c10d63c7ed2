#include "socketio/socketpacket.h"

#include "socketio/plainjsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <array>

namespace socketio {

namespace {

// socket.io-parser's default for maxAttachments.
constexpr int kDefaultMaxAttachments = 10;
// Ids are JavaScript numbers: integers beyond 2^53 lose precision.
constexpr qint64 kMaxId = (qint64(1) << 53) - 1;
// Payloads from this size on are first given to readPlainJson().
constexpr qsizetype kPlainJsonMinBytes = 8 * 1024;

PacketFailure failure(PacketError error, const QString &detail)
{
    return PacketFailure {error, detail};
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Serializes any JSON value compactly (QJsonDocument only takes arrays and objects).
QByteArray toJson(const QJsonValue &value)
{
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    const QByteArray wrapped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

// Parses any JSON value; returns Undefined on error.
QJsonValue parseJson(QByteArrayView text, QString *error)
{
    // Large payloads (a document's full in parts): QJsonDocument decodes a string with escapes
    // one character at a time; the plain reader takes the common shape, QJsonDocument the rest.
    if (text.size() >= kPlainJsonMinBytes) {
        if (auto value = readPlainJson(text))
            return *value;
    }
    QByteArray wrapped;
    wrapped.reserve(text.size() + 2);
    wrapped.append('[');
    wrapped.append(text);
    wrapped.append(']');
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = parseError.errorString();
        return QJsonValue::Undefined;
    }
    const QJsonArray array = document.array();
    if (array.size() != 1) {
        *error = QStringLiteral("not a single JSON value");
        return QJsonValue::Undefined;
    }
    return array.first();
}

bool isReservedEvent(const QString &name)
{
    static const std::array<QLatin1String, 6> reserved
        = {QLatin1String("connect"),     QLatin1String("connect_error"),
           QLatin1String("disconnect"),  QLatin1String("disconnecting"),
           QLatin1String("newListener"), QLatin1String("removeListener")};
    for (const QLatin1String &r : reserved) {
        if (name == r)
            return true;
    }
    return false;
}

// socket.io-parser's Decoder.isPayloadValid, for a payload that is present.
bool isPayloadValid(PacketType type, const QJsonValue &payload)
{
    switch (type) {
    case PacketType::Connect:
        return payload.isObject();
    case PacketType::Disconnect:
        return false;
    case PacketType::ConnectError:
        return payload.isString() || payload.isObject();
    case PacketType::Event:
    case PacketType::BinaryEvent: {
        if (!payload.isArray())
            return false;
        const QJsonValue first = payload.toArray().at(0);
        return first.isDouble() || (first.isString() && !isReservedEvent(first.toString()));
    }
    case PacketType::Ack:
    case PacketType::BinaryAck:
        return payload.isArray();
    }
    return false;
}

bool isPlaceholder(const QJsonObject &object)
{
    return object.value(QLatin1String("_placeholder")) == QJsonValue(true);
}

QJsonValue deconstructValue(const QVariant &value, QList<QByteArray> *attachments)
{
    switch (value.metaType().id()) {
    case QMetaType::QByteArray: {
        const QJsonObject placeholder {{QStringLiteral("_placeholder"), true},
                                       {QStringLiteral("num"), int(attachments->size())}};
        attachments->append(value.toByteArray());
        return placeholder;
    }
    case QMetaType::QVariantList: {
        QJsonArray array;
        for (const QVariant &item : value.toList())
            array.append(deconstructValue(item, attachments));
        return array;
    }
    case QMetaType::QVariantMap: {
        QJsonObject object;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            object.insert(it.key(), deconstructValue(it.value(), attachments));
        return object;
    }
    case QMetaType::QVariantHash: {
        QJsonObject object;
        const QVariantHash hash = value.toHash();
        for (auto it = hash.cbegin(); it != hash.cend(); ++it)
            object.insert(it.key(), deconstructValue(it.value(), attachments));
        return object;
    }
    case QMetaType::UnknownType:
        return QJsonValue::Null;
    default:
        return QJsonValue::fromVariant(value);
    }
}

util::Expected<QVariant, PacketFailure> reconstructValue(const QJsonValue &value,
                                                         const QList<QByteArray> &attachments)
{
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        QVariantList list;
        list.reserve(array.size());
        for (const QJsonValue &item : array) {
            auto converted = reconstructValue(item, attachments);
            if (!converted)
                return converted.error();
            list.append(std::move(converted).value());
        }
        return QVariant(list);
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (isPlaceholder(object)) {
            const QJsonValue num = object.value(QLatin1String("num"));
            const double n = num.toDouble(-1);
            if (!num.isDouble() || n < 0 || n >= double(attachments.size()) || n != double(int(n)))
                return failure(PacketError::InvalidPlaceholder,
                               QStringLiteral("placeholder %1 with %2 attachments")
                                   .arg(QString::fromUtf8(toJson(num)))
                                   .arg(attachments.size()));
            return QVariant(attachments.at(int(n)));
        }
        QVariantMap map;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            auto converted = reconstructValue(it.value(), attachments);
            if (!converted)
                return converted.error();
            map.insert(it.key(), std::move(converted).value());
        }
        return QVariant(map);
    }
    return value.toVariant();
}

// Walks well-formed JSON text without building values: finds byte spans for the relay.
class JsonScanner final
{
public:
    explicit JsonScanner(QByteArrayView text)
        : m_text(text)
    { }

    qsizetype pos() const { return m_pos; }
    void skipSpace()
    {
        while (m_pos < m_text.size()
               && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n'
                   || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    bool consume(char c)
    {
        skipSpace();
        if (m_pos >= m_text.size() || m_text[m_pos] != c)
            return false;
        ++m_pos;
        return true;
    }
    // A string at the current position, quotes included.
    bool skipString()
    {
        if (m_pos >= m_text.size() || m_text[m_pos] != '"')
            return false;
        ++m_pos;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '"')
                return true;
            if (c == '\\') {
                if (m_pos >= m_text.size())
                    return false;
                ++m_pos;
            } else if (uchar(c) < 0x20) {
                return false;
            }
        }
        return false;
    }
    bool skipValue(int depth = 0)
    {
        skipSpace();
        if (m_pos >= m_text.size())
            return false;
        const char c = m_text[m_pos];
        if (c == '"')
            return skipString();
        if (c == '{' || c == '[') {
            if (depth >= kMaxDepth)
                return false;
            const char close = c == '{' ? '}' : ']';
            ++m_pos;
            if (consume(close))
                return true;
            do {
                if (c == '{') {
                    skipSpace();
                    if (!skipString() || !consume(':'))
                        return false;
                }
                if (!skipValue(depth + 1))
                    return false;
            } while (consume(','));
            return consume(close);
        }
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && isScalarChar(m_text[m_pos]))
            ++m_pos;
        return m_pos > start;
    }

private:
    static constexpr int kMaxDepth = 1024;
    static bool isScalarChar(char c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.'
            || c == 'E';
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

// Whether the JSON string `quoted` (quotes included) spells `key`.
bool jsonStringEquals(QByteArrayView quoted, QStringView key)
{
    const QByteArrayView inner = quoted.sliced(1, quoted.size() - 2);
    if (!inner.contains('\\'))
        return QString::fromUtf8(inner) == key;
    QString error;
    const QJsonValue value = parseJson(quoted, &error);
    return value.isString() && value.toString() == key;
}

} // namespace

EncodedPacket encode(const SocketPacket &packet)
{
    PacketType type = packet.type;
    const bool binary = !packet.attachments.isEmpty();
    if (binary && type == PacketType::Event)
        type = PacketType::BinaryEvent;
    else if (binary && type == PacketType::Ack)
        type = PacketType::BinaryAck;
    else if (!binary && type == PacketType::BinaryEvent)
        type = PacketType::Event;
    else if (!binary && type == PacketType::BinaryAck)
        type = PacketType::Ack;

    EncodedPacket encoded;
    encoded.text.append(char('0' + int(type)));
    if (type == PacketType::BinaryEvent || type == PacketType::BinaryAck) {
        encoded.text.append(QByteArray::number(packet.attachments.size()));
        encoded.text.append('-');
        encoded.attachments = packet.attachments;
    }
    if (!packet.nsp.isEmpty() && packet.nsp != QLatin1String("/")) {
        encoded.text.append(packet.nsp.toUtf8());
        encoded.text.append(',');
    }
    if (packet.id)
        encoded.text.append(QByteArray::number(*packet.id));
    if (!packet.data.isUndefined())
        encoded.text.append(toJson(packet.data));
    return encoded;
}

util::Expected<DecodedHeader, PacketFailure> decode(QByteArrayView text)
{
    return decode(text, kDefaultMaxAttachments);
}

util::Expected<DecodedHeader, PacketFailure> decode(QByteArrayView text, int maxAttachments)
{
    if (text.isEmpty())
        return failure(PacketError::Empty, QStringLiteral("empty packet"));
    const char typeChar = text.front();
    if (typeChar < '0' || typeChar > '6')
        return failure(PacketError::UnknownType, QStringLiteral("unknown packet type"));

    DecodedHeader header;
    SocketPacket &packet = header.packet;
    packet.type = PacketType(typeChar - '0');
    qsizetype i = 1;

    if (packet.type == PacketType::BinaryEvent || packet.type == PacketType::BinaryAck) {
        const qsizetype start = i;
        while (i < text.size() && isDigit(text.at(i)))
            ++i;
        if (i == start || i >= text.size() || text.at(i) != '-' || i - start > 9)
            return failure(PacketError::InvalidAttachmentCount,
                           QStringLiteral("illegal attachment count"));
        const int count = text.sliced(start, i - start).toByteArray().toInt();
        if (count < 1)
            return failure(PacketError::InvalidAttachmentCount,
                           QStringLiteral("illegal attachment count"));
        if (count > maxAttachments)
            return failure(PacketError::TooManyAttachments,
                           QStringLiteral("%1 attachments, at most %2 allowed")
                               .arg(count)
                               .arg(maxAttachments));
        header.expectedAttachments = count;
        ++i; // '-'
    }

    if (i < text.size() && text.at(i) == '/') {
        const qsizetype start = i;
        const qsizetype comma = text.indexOf(',', i);
        const qsizetype end = comma < 0 ? text.size() : comma;
        const QByteArrayView nsp = text.sliced(start, end - start);
        // Without a comma the namespace must be the whole rest ("1/admin"); JSON after it
        // means the separator is missing.
        if (comma < 0 && (nsp.contains('[') || nsp.contains('{') || nsp.contains('"')))
            return failure(PacketError::InvalidNamespace,
                           QStringLiteral("namespace not followed by a comma"));
        const QString decoded = QString::fromUtf8(nsp);
        if (decoded.toUtf8() != nsp)
            return failure(PacketError::InvalidNamespace, QStringLiteral("namespace not UTF-8"));
        packet.nsp = decoded;
        i = comma < 0 ? end : end + 1;
    }

    if (i < text.size() && isDigit(text.at(i))) {
        const qsizetype start = i;
        while (i < text.size() && isDigit(text.at(i)))
            ++i;
        bool ok = false;
        const qint64 id
            = i - start <= 16 ? text.sliced(start, i - start).toByteArray().toLongLong(&ok) : 0;
        if (!ok || id > kMaxId)
            return failure(PacketError::InvalidId, QStringLiteral("ack id out of range"));
        packet.id = id;
    }

    if (i < text.size()) {
        QString error;
        const QJsonValue payload = parseJson(text.sliced(i), &error);
        if (payload.isUndefined())
            return failure(PacketError::InvalidJson, error);
        if (!isPayloadValid(packet.type, payload))
            return failure(PacketError::InvalidPayload,
                           QStringLiteral("payload of the wrong shape for packet type %1")
                               .arg(int(packet.type)));
        packet.data = payload;
        header.payloadOffset = i;
    } else {
        switch (packet.type) {
        case PacketType::Event:
        case PacketType::BinaryEvent:
        case PacketType::Ack:
        case PacketType::BinaryAck:
        case PacketType::ConnectError:
            return failure(PacketError::InvalidPayload, QStringLiteral("missing payload"));
        case PacketType::Connect:
        case PacketType::Disconnect:
            break;
        }
    }

    if ((packet.type == PacketType::Ack || packet.type == PacketType::BinaryAck) && !packet.id)
        return failure(PacketError::InvalidId, QStringLiteral("ack without an id"));
    return header;
}

QJsonValue deconstruct(const QVariant &value, QList<QByteArray> *attachments)
{
    return deconstructValue(value, attachments);
}

util::Expected<QVariant, PacketFailure> reconstruct(const QJsonValue &value,
                                                    const QList<QByteArray> &attachments)
{
    return reconstructValue(value, attachments);
}

QByteArray encodeJsonTextEvent(const QString &nsp, const QString &event,
                               QByteArrayView argumentsJson)
{
    const QByteArray name = toJson(QJsonValue(event));
    QByteArray text;
    text.reserve(nsp.size() + name.size() + argumentsJson.size() + 5);
    text.append(char('0' + int(PacketType::Event)));
    if (!nsp.isEmpty() && nsp != QLatin1String("/")) {
        text.append(nsp.toUtf8());
        text.append(',');
    }
    text.append('[');
    text.append(name);
    if (!argumentsJson.isEmpty()) {
        text.append(',');
        text.append(argumentsJson);
    }
    text.append(']');
    return text;
}

std::optional<QByteArrayView> jsonArrayObjectMember(QByteArrayView array, int index,
                                                    QStringView key)
{
    JsonScanner scanner(array);
    if (!scanner.consume('['))
        return std::nullopt;
    for (int i = 0; i < index; ++i) {
        if (!scanner.skipValue() || !scanner.consume(','))
            return std::nullopt;
    }
    if (!scanner.consume('{') || scanner.consume('}'))
        return std::nullopt;
    std::optional<QByteArrayView> found;
    do {
        scanner.skipSpace();
        const qsizetype keyStart = scanner.pos();
        if (!scanner.skipString())
            return std::nullopt;
        const QByteArrayView quotedKey = array.sliced(keyStart, scanner.pos() - keyStart);
        if (!scanner.consume(':'))
            return std::nullopt;
        scanner.skipSpace();
        const qsizetype valueStart = scanner.pos();
        if (!scanner.skipValue())
            return std::nullopt;
        if (jsonStringEquals(quotedKey, key))
            found = array.sliced(valueStart, scanner.pos() - valueStart);
    } while (scanner.consume(','));
    if (!scanner.consume('}'))
        return std::nullopt;
    return found;
}

} // namespace socketio
