#include "server/coderooms.h"

#include "socketio/server.h"
#include "socketio/socketpacket.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QVariantMap>

namespace server {

namespace {

const QString messageEvent = QStringLiteral("message");

QVariantMap joinAck(bool success, const QString &error = {})
{
    QVariantMap ack {{QStringLiteral("type"), QStringLiteral("ackJoinRoom")},
                     {QStringLiteral("success"), success}};
    if (!error.isEmpty())
        ack.insert(QStringLiteral("error"), error);
    return ack;
}

// Reads the object payload of an event: its first argument, which must be a JSON object.
bool payloadObject(const QJsonArray &args, QJsonObject *object)
{
    if (args.isEmpty() || !args.first().isObject())
        return false;
    *object = args.first().toObject();
    return true;
}

qint64 monotonicMs()
{
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    return clock.elapsed();
}

} // namespace

CodeRooms::CodeRooms(socketio::Namespace *nsp, RoomPolicy *policy, QObject *parent)
    : QObject(parent)
    , m_nsp(nsp)
    , m_policy(policy)
{
    connect(m_nsp, &socketio::Namespace::connection, this, &CodeRooms::onConnection);
}

void CodeRooms::onConnection(socketio::ServerSocket *socket)
{
    const QString id = socket->id();
    m_sockets.insert(id, socket);
    // JSON events only: the CodeStream protocol carries no binary attachments, and a full of a
    // large document is relayed without a detour through QVariant.
    connect(socket, &socketio::ServerSocket::jsonEventReceived, this,
            [this, socket](const QString &event, const QJsonArray &args, const Ack &ack,
                           const QByteArray &json) { onEvent(socket, event, args, ack, json); });
    connect(socket, &socketio::ServerSocket::disconnected, this,
            [this, socket, id] { onDisconnected(socket, id); });
    socket->emitEvent(QStringLiteral("login"));
}

void CodeRooms::onEvent(socketio::ServerSocket *socket, const QString &event,
                        const QJsonArray &args, const Ack &ack, const QByteArray &json)
{
    if (event == QLatin1String("joinRoom"))
        onJoinRoom(socket, args, ack);
    else if (event == QLatin1String("sendToRoom"))
        onSendToRoom(socket, args, ack, json);
    else
        replyError(socket, event, QStringLiteral("unknown event"), ack);
}

void CodeRooms::onJoinRoom(socketio::ServerSocket *socket, const QJsonArray &args, const Ack &ack)
{
    auto refuse = [&](const QString &error) {
        const QVariantMap reply = joinAck(false, error);
        socket->emitEvent(messageEvent, {reply});
        if (ack)
            ack({reply});
    };
    QJsonObject payload;
    if (!payloadObject(args, &payload))
        return refuse(QStringLiteral("joinRoom expects an object {room_id}"));
    const QJsonValue roomValue = payload.value(QLatin1String("room_id"));
    const QJsonValue keyValue = payload.value(QLatin1String("writer_key"));
    if (!roomValue.isString())
        return refuse(QStringLiteral("room_id must be a string"));
    if (!keyValue.isUndefined() && !keyValue.isNull() && !keyValue.isString())
        return refuse(QStringLiteral("writer_key must be a string"));

    const QString room = roomValue.toString();
    const QString stream = RoomPolicy::streamOf(room);
    const int watchersBefore = m_policy->watcherCount(stream);
    const JoinDecision d = m_policy->join(socket->id(), room, keyValue.toString());
    if (!d.allowed)
        return refuse(d.error);

    if (!d.displacedSocketId.isEmpty()) {
        if (socketio::ServerSocket *old = m_sockets.value(d.displacedSocketId)) {
            // It loses R-control and every R/F-control with R (docs/protocol.md §14).
            for (const QString &lost : d.displacedRooms)
                old->leave(lost);
            replyError(old, QStringLiteral("joinRoom"),
                       QStringLiteral("the writer of this room reconnected elsewhere"), {});
        }
    }
    socket->join(room);
    const QVariantMap reply = joinAck(true);
    socket->emitEvent(messageEvent, {reply});
    if (ack)
        ack({reply});

    // No presence for file rooms (docs/protocol.md §14).
    if (m_policy->openRooms() || d.kind == RoomKind::File || d.kind == RoomKind::FileControl)
        return;
    if (d.asWriter || m_policy->watcherCount(stream) != watchersBefore)
        sendPresence(stream);
}

void CodeRooms::onSendToRoom(socketio::ServerSocket *socket, const QJsonArray &args, const Ack &ack,
                             const QByteArray &json)
{
    const QString event = QStringLiteral("sendToRoom");
    QJsonObject payload;
    if (!payloadObject(args, &payload))
        return replyError(socket, event,
                          QStringLiteral("sendToRoom expects an object {room_id, data}"), ack);
    const QJsonValue roomValue = payload.value(QLatin1String("room_id"));
    if (!roomValue.isString())
        return replyError(socket, event, QStringLiteral("room_id must be a string"), ack);
    if (!payload.contains(QLatin1String("data")))
        return replyError(socket, event, QStringLiteral("data is missing"), ack);

    const QString room = roomValue.toString();
    const SendDecision d
        = m_policy->send(socket->id(), room, payload.value(QLatin1String("data")), monotonicMs());
    if (!d.allowed)
        return replyError(socket, event, d.error, ack);

    // The writer's data goes out as the writer wrote it (docs/protocol.md §3): its bytes are
    // spliced into the envelope, no JSON round trip that re-sorts keys or rounds numbers. What
    // the policy rewrites (a control room's canonical sync request) is serialized from d.data.
    const bool control = RoomPolicy::classify(room).isControl();
    const std::optional<QByteArrayView> raw = control && !m_policy->openRooms()
        ? std::nullopt
        : socketio::jsonArrayObjectMember(json, 1, u"data");
    if (raw) {
        static const QByteArray head = QByteArrayLiteral(R"({"type":"editorMessage","data":)");
        QByteArray message;
        message.reserve(head.size() + raw->size() + 1);
        message.append(head).append(*raw).append('}');
        m_nsp->broadcastJsonText(room, messageEvent, message, socket);
    } else {
        const QJsonObject message {{QStringLiteral("type"), QStringLiteral("editorMessage")},
                                   {QStringLiteral("data"), d.data}};
        m_nsp->broadcastJson(room, messageEvent, {message}, socket);
    }
    if (ack)
        ack({QVariantMap {{QStringLiteral("success"), true}}});
}

void CodeRooms::onDisconnected(socketio::ServerSocket *, const QString &id)
{
    m_sockets.remove(id);
    const QStringList changed = m_policy->socketLeft(id);
    if (m_policy->openRooms())
        return;
    for (const QString &stream : changed)
        sendPresence(stream);
}

void CodeRooms::replyError(socketio::ServerSocket *socket, const QString &event,
                           const QString &error, const Ack &ack)
{
    const QVariantMap reply {{QStringLiteral("type"), QStringLiteral("error")},
                             {QStringLiteral("event"), event},
                             {QStringLiteral("error"), error}};
    socket->emitEvent(messageEvent, {reply});
    if (ack)
        ack({QVariantMap {{QStringLiteral("success"), false}, {QStringLiteral("error"), error}}});
}

void CodeRooms::sendPresence(const QString &stream)
{
    const QString owner = m_policy->ownerOf(stream);
    if (owner.isEmpty())
        return;
    socketio::ServerSocket *socket = m_sockets.value(owner);
    if (!socket)
        return;
    const QVariantMap presence {{QStringLiteral("type"), QStringLiteral("presence")},
                                {QStringLiteral("watchers"), m_policy->watcherCount(stream)}};
    socket->emitEvent(messageEvent,
                      {QVariantMap {{QStringLiteral("type"), QStringLiteral("editorMessage")},
                                    {QStringLiteral("data"), presence}}});
}

} // namespace server
