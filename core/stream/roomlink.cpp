#include "stream/roomlink.h"

#include "socketio/client.h"
#include "stream/filesmessage.h"
#include "stream/messagesealer.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QVariantMap>

namespace stream {

namespace {
Q_LOGGING_CATEGORY(lcRoom, "codestream.stream.room", QtWarningMsg)
} // namespace

RoomLink::RoomLink(socketio::Client *client, RoomRole role, const QString &roomId,
                   const QString &writerKey, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_socket(client->socket())
    , m_role(role)
    , m_roomId(roomId)
    , m_writerKey(writerKey)
    , m_fileId(fileIdOf(roomId))
{
    connect(m_socket, &socketio::Socket::connected, this, &RoomLink::join);
    connect(m_socket, &socketio::Socket::disconnected, this, [this](const QString &reason) {
        qCInfo(lcRoom) << "left" << joinedRoom() << reason;
        const bool wasJoined = m_joined;
        m_joinSent = false;
        m_joined = false;
        if (wasJoined)
            emit left();
    });
    connect(m_socket, &socketio::Socket::jsonEventReceived, this,
            [this](const QString &event, const QJsonArray &args, const socketio::EventAck &) {
                handleEvent(event, args);
            });
    const QByteArray room = QJsonDocument(QJsonArray {targetRoom()}).toJson(QJsonDocument::Compact);
    m_argumentHead = R"({"room_id":)" + room.sliced(1, room.size() - 2) + R"(,"data":)";
    if (m_socket->isConnected())
        join();
}

RoomLink::~RoomLink() = default;

RoomRole RoomLink::role() const
{
    return m_role;
}

QString RoomLink::roomId() const
{
    return m_roomId;
}

QString RoomLink::joinedRoom() const
{
    return m_role == RoomRole::Writer ? m_roomId + QStringLiteral("-control") : m_roomId;
}

QString RoomLink::targetRoom() const
{
    return m_role == RoomRole::Writer ? m_roomId : m_roomId + QStringLiteral("-control");
}

bool RoomLink::isJoined() const
{
    return m_joined;
}

qint64 RoomLink::maxDataBytes() const
{
    const qint64 maxPayload = m_client->maxPayload();
    if (maxPayload <= 0)
        return 0;
    // 42["sendToRoom",{"room_id":"…","data":…}] plus room for escaping.
    // A file room's messages also carry ,"file":"F" (docs/protocol.md §14).
    const qint64 tagBytes = m_fileId.isEmpty() ? 0 : 10 + m_fileId.size();
    const qint64 dataBytes = maxPayload - 64 - 6 * targetRoom().size() - tagBytes;
    return m_sealer ? MessageSealer::plainBudget(dataBytes) : dataBytes;
}

void RoomLink::setRoomKey(const RoomKey &key)
{
    if (key.isNull())
        m_sealer.reset();
    else
        m_sealer = std::make_unique<MessageSealer>(key, m_roomId);
}

bool RoomLink::isEncrypted() const
{
    return m_sealer != nullptr;
}

int RoomLink::rejectedCount() const
{
    return m_rejected;
}

int RoomLink::openedCount() const
{
    return m_opened;
}

void RoomLink::join()
{
    if (m_joinSent)
        return;
    m_joinSent = true;
    QVariantMap payload {{QStringLiteral("room_id"), joinedRoom()}};
    if (!m_writerKey.isEmpty())
        payload.insert(QStringLiteral("writer_key"), m_writerKey);
    qCInfo(lcRoom) << "joining" << joinedRoom();
    m_socket->emitEvent(QStringLiteral("joinRoom"), {payload});
}

bool RoomLink::send(const QJsonObject &data)
{
    if (!m_joined)
        return false;
    // The message becomes JSON text once (sealed or not); the sendToRoom argument around it is
    // written as text, not rebuilt as QJsonObjects (a full's part holds a megabyte of text).
    QByteArray json = QJsonDocument(data).toJson(QJsonDocument::Compact);
    if (m_sealer) {
        json = m_sealer->sealJson(json);
        if (json.isEmpty()) {
            qCWarning(lcRoom) << "could not seal a message; not sent";
            return false;
        }
    }
    QByteArray argument;
    argument.reserve(m_argumentHead.size() + json.size() + m_fileId.size() + 12);
    argument.append(m_argumentHead);
    if (m_fileId.isEmpty()) {
        argument.append(json);
    } else {
        // The tag travels beside the message's fields, or the sealed ones (a file id needs no
        // JSON escaping).
        argument.append(json.first(json.size() - 1));
        argument.append(json.size() > 2 ? R"(,"file":")" : R"("file":")");
        argument.append(m_fileId.toLatin1());
        argument.append(R"("})");
    }
    argument.append('}');
    return m_socket->emitJsonTextEvent(QStringLiteral("sendToRoom"), argument);
}

void RoomLink::handleEvent(const QString &event, const QJsonArray &args)
{
    if (event == QLatin1String("login")) {
        join();
        return;
    }
    if (event != QLatin1String("message") || args.isEmpty())
        return;
    const QJsonObject message = args.first().toObject();
    const QString type = message.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("ackJoinRoom")) {
        if (message.value(QStringLiteral("success")).toBool()) {
            const bool already = m_joined;
            m_joined = true;
            if (!already)
                emit joined();
        } else {
            const QString error = message.value(QStringLiteral("error")).toString();
            qCWarning(lcRoom) << "join of" << joinedRoom() << "refused:" << error;
            emit joinRefused(error.isEmpty() ? QStringLiteral("join refused") : error);
        }
        return;
    }
    if (type == QLatin1String("error") && m_role == RoomRole::Writer && m_fileId.isEmpty()
        && message.value(QStringLiteral("event")).toString() == QLatin1String("joinRoom")) {
        // The only error about a join that comes after it succeeded: displaced (§3, §7).
        const QString error = message.value(QStringLiteral("error")).toString();
        qCWarning(lcRoom) << "displaced from" << joinedRoom() << error;
        m_joined = false;
        emit displaced(error.isEmpty() ? QStringLiteral("another writer took this room") : error);
        return;
    }
    if (type != QLatin1String("editorMessage"))
        return;
    const QJsonValue data = message.value(QStringLiteral("data"));
    if (!data.isObject())
        return;
    QJsonObject object = data.toObject();
    // editorMessage does not name its room: the `file` tag tells the rooms of one connection
    // apart (docs/protocol.md §14).
    const QJsonValue file = object.value(QStringLiteral("file"));
    if (m_fileId.isEmpty() ? !file.isUndefined() : file != QJsonValue(m_fileId))
        return;
    object.remove(QStringLiteral("file"));
    if (object.value(QStringLiteral("type")).toString() == QLatin1String("presence")) {
        // Presence comes from the server, never sealed.
        const QJsonValue watchers = object.value(QStringLiteral("watchers"));
        if (watchers.isDouble())
            emit watcherCountChanged(watchers.toInt());
        emit messageReceived(object);
        return;
    }
    handleStreamMessage(object);
}

void RoomLink::handleStreamMessage(const QJsonObject &data)
{
    const bool sealed = MessageSealer::isSealed(data);
    if (!m_sealer) {
        if (sealed)
            reject(RejectedMessage::SealedWithoutKey);
        else
            emit messageReceived(data);
        return;
    }
    if (!sealed) {
        // A writer answers a plain sync request too: a watcher without the key then learns
        // that it lacks it (docs/protocol.md §12).
        if (m_role == RoomRole::Writer)
            emit messageReceived(data);
        else
            reject(RejectedMessage::NotSealed);
        return;
    }
    auto opened = m_sealer->unseal(data);
    if (!opened && opened.error() == UnsealError::UnsupportedVersion) {
        // A later format this peer does not know: ignored, like an unknown message type.
        qCInfo(lcRoom) << "ignored a sealed message of another version";
        return;
    }
    if (!opened) {
        qCInfo(lcRoom) << "dropped a sealed message:" << describe(opened.error());
        reject(RejectedMessage::AuthenticationFailed);
        return;
    }
    ++m_opened;
    emit messageReceived(*opened);
}

void RoomLink::reject(RejectedMessage reason)
{
    ++m_rejected;
    emit messageRejected(reason);
}

} // namespace stream
