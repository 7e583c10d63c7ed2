#pragma once

#include "engineio/enginesession.h"
#include "engineio/httpexchange.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QVariantList>

#include <functional>

namespace socketio {

class Server;
class ServerSocket;

// One namespace of a Server: its sockets and rooms.
class Namespace final : public QObject
{
    Q_OBJECT
public:
    // Decides on a CONNECT: an empty string accepts, anything else is the CONNECT_ERROR message.
    using Authorizer
        = std::function<QString(const QJsonObject &auth, const engineio::HttpRequest &handshake)>;

    QString name() const;

    // Decides on each CONNECT (see Authorizer); without one every CONNECT is accepted.
    void setAuthorizer(Authorizer authorizer);
    // What the authorizer says about a CONNECT: empty to accept, or the refusal message.
    QString authorize(const QJsonObject &auth, const engineio::HttpRequest &handshake) const;

    QList<ServerSocket *> sockets() const;
    int roomSize(const QString &room) const;

    // Emits to every socket in `room` (all sockets when room is empty), except `except`.
    // The packet is encoded once.
    void broadcast(const QString &room, const QString &event, const QVariantList &args,
                   const ServerSocket *except = nullptr);
    // The same with JSON arguments (no binary attachments, no QVariant conversion).
    void broadcastJson(const QString &room, const QString &event, const QJsonArray &args,
                       const ServerSocket *except = nullptr);
    // The same with the arguments as JSON text, sent byte for byte: `argumentsJson` is the
    // comma-separated arguments, well-formed JSON (see encodeJsonTextEvent).
    void broadcastJsonText(const QString &room, const QString &event, QByteArrayView argumentsJson,
                           const ServerSocket *except = nullptr);

signals:
    // A socket connected to this namespace.
    void connection(socketio::ServerSocket *socket);

private:
    friend class Server; // creates namespaces
    friend class ServerSocket; // keeps its membership and rooms up to date here
    explicit Namespace(Server *server, const QString &name);
    void broadcastPacket(const QString &room, const QString &event, const QJsonArray &args,
                         const QList<QByteArray> &attachments, const ServerSocket *except);
    // Sends frames prepared once to every socket in `room` (all when empty) but `except`.
    void sendToRoom(const QString &room, const QList<engineio::PreparedMessage> &prepared,
                    const ServerSocket *except);
    void addSocket(ServerSocket *socket);
    void removeSocket(ServerSocket *socket);
    void addToRoom(ServerSocket *socket, const QString &room);
    void removeFromRoom(ServerSocket *socket, const QString &room);

    Server *m_server;
    QString m_name;
    Authorizer m_authorizer;
    QHash<QString, ServerSocket *> m_sockets;
    QHash<QString, QSet<ServerSocket *>> m_rooms;
};

} // namespace socketio
