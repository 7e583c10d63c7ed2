#pragma once

#include "server/roompolicy.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QVariantList>

#include <functional>

namespace socketio {
class Namespace;
class ServerSocket;
} // namespace socketio

// The CodeStream events (login, joinRoom, sendToRoom, message) on a Socket.IO namespace,
// with the room rules of RoomPolicy.
namespace server {

// Serves the CodeStream events of every socket of one namespace.
class CodeRooms final : public QObject
{
    Q_OBJECT
public:
    CodeRooms(socketio::Namespace *nsp, RoomPolicy *policy, QObject *parent = nullptr);

    RoomPolicy *policy() const { return m_policy; }

private:
    using Ack = std::function<void(const QVariantList &)>;

    void onConnection(socketio::ServerSocket *socket);
    void onEvent(socketio::ServerSocket *socket, const QString &event, const QJsonArray &args,
                 const Ack &ack, const QByteArray &json);
    void onJoinRoom(socketio::ServerSocket *socket, const QJsonArray &args, const Ack &ack);
    // `json`: the event's JSON array as the client wrote it (the writer's data is relayed from it).
    void onSendToRoom(socketio::ServerSocket *socket, const QJsonArray &args, const Ack &ack,
                      const QByteArray &json);
    void onDisconnected(socketio::ServerSocket *socket, const QString &id);

    void replyError(socketio::ServerSocket *socket, const QString &event, const QString &error,
                    const Ack &ack);
    void sendPresence(const QString &stream);

    socketio::Namespace *m_nsp;
    RoomPolicy *m_policy;
    QHash<QString, QPointer<socketio::ServerSocket>> m_sockets;
};

} // namespace server
