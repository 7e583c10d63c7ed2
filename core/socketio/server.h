#pragma once

#include "engineio/engineserver.h"
#include "engineio/httpexchange.h"
#include "socketio/socketpacket.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>

class QTimer;

// Socket.IO v5 server (over the Engine.IO v4 server): namespaces, rooms, events, acks.
namespace socketio {

class ServerSocket;
class Namespace;
class ServerClient;

// Configuration of the Engine.IO and Socket.IO server.
struct ServerOptions
{
    // Engine.IO paths served (each with a trailing slash).
    QStringList paths
        = {QStringLiteral("/socket.io/"), QStringLiteral("/clients/socketio/hubs/eio_hub/")};
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    qint64 maxPayload = 1000000;
    int connectTimeoutMs = 45000; // Socket.IO CONNECT must arrive within this after the handshake
    int upgradeTimeoutMs = 10000;
    bool allowPolling = true;
    bool allowWebSocket = true;
    QByteArray corsOrigin = "*"; // empty: no CORS headers
    // Per-socket bound on queued outgoing bytes; a socket over it is disconnected.
    qint64 maxBufferedBytes = 16 * 1024 * 1024;
};

// Called with the ack arguments (empty args and timedOut=true on timeout or disconnect).
using ServerAckCallback = std::function<void(bool timedOut, const QVariantList &args)>;
// Answers an event that asked for an acknowledgement (callable once).
using EventAck = std::function<void(const QVariantList &)>;

// The Engine.IO + Socket.IO server. Transport-agnostic: an HTTP host hands it the requests on
// its paths and the WebSocket connections it accepted on them.
class Server final : public QObject
{
    Q_OBJECT
public:
    explicit Server(ServerOptions options = {}, QObject *parent = nullptr);
    ~Server() override;

    const ServerOptions &options() const;

    // True when `path` belongs to one of the Engine.IO paths.
    bool handlesPath(const QString &path) const;
    // A polling request (GET/POST/OPTIONS) on an Engine.IO path; `reply` may be called later.
    void handleHttpRequest(const engineio::HttpRequest &request, const engineio::HttpReply &reply);
    // A WebSocket accepted on an Engine.IO path. Takes ownership.
    void handleWebSocket(engineio::WebSocketConnection *socket);

    // The main namespace "/" always exists; others are created here.
    Namespace *of(const QString &nsp = QStringLiteral("/"));
    bool hasNamespace(const QString &nsp) const;

    // Number of open Engine.IO sessions.
    int sessionCount() const;

    // Closes every session.
    void closeAll();

    // The Engine.IO layer this server runs on.
    engineio::EngineServer *engine() const;
    // Checks a WebSocket upgrade request on an Engine.IO path before it is accepted.
    std::optional<engineio::HttpResponse>
    verifyWebSocketUpgrade(const engineio::HttpRequest &request) const;

signals:
    void errorOccurred(const QString &detail);

private:
    friend class ServerClient;
    void handleSessionOpened(engineio::EngineSession *session);

    ServerOptions m_options;
    engineio::EngineServer *m_engine = nullptr;
    QHash<QString, Namespace *> m_namespaces;
};

// One namespace: its sockets and rooms.
class Namespace final : public QObject
{
    Q_OBJECT
public:
    QString name() const;

    // Decides on each CONNECT: return an empty string to accept, or a message for CONNECT_ERROR.
    void setAuthorizer(
        std::function<QString(const QJsonObject &auth, const engineio::HttpRequest &handshake)>
            authorizer);

    QList<ServerSocket *> sockets() const;
    int roomSize(const QString &room) const;

    // Emits to every socket in `room` (all sockets when room is empty), except `except`.
    // The packet is encoded once.
    void broadcast(const QString &room, const QString &event, const QVariantList &args,
                   const ServerSocket *except = nullptr);
    // The same with JSON arguments (no binary attachments, no QVariant conversion).
    void broadcastJson(const QString &room, const QString &event, const QJsonArray &args,
                       const ServerSocket *except = nullptr);

signals:
    // A socket connected to this namespace.
    void connection(socketio::ServerSocket *socket);

private:
    void broadcastPacket(const QString &room, const QString &event, const QJsonArray &args,
                         const QList<QByteArray> &attachments, const ServerSocket *except);
    friend class Server;
    friend class ServerClient;
    friend class ServerSocket;
    explicit Namespace(Server *server, const QString &name);
    void addSocket(ServerSocket *socket);
    void removeSocket(ServerSocket *socket);
    void addToRoom(ServerSocket *socket, const QString &room);
    void removeFromRoom(ServerSocket *socket, const QString &room);

    QString m_name;
    std::function<QString(const QJsonObject &, const engineio::HttpRequest &)> m_authorizer;
    QHash<QString, ServerSocket *> m_sockets;
    QHash<QString, QSet<ServerSocket *>> m_rooms;
};

// One client socket in one namespace. Deleted (deleteLater) after `disconnected`.
class ServerSocket final : public QObject
{
    Q_OBJECT
public:
    QString id() const;
    QString nsp() const;
    QJsonObject auth() const;
    const engineio::HttpRequest &handshake() const; // the request that opened the session
    QHostAddress peerAddress() const;
    bool isConnected() const;

    void join(const QString &room);
    void leave(const QString &room);
    QSet<QString> rooms() const;

    bool emitEvent(const QString &event, const QVariantList &args = {}, ServerAckCallback ack = {},
                   int ackTimeoutMs = 10000);

    // Sends DISCONNECT for this namespace; with closeTransport, closes the whole session.
    void disconnectSocket(bool closeTransport = false);

signals:
    // An event from the client; `ack` is callable once when the client asked for an ack.
    void eventReceived(const QString &event, const QVariantList &args,
                       const socketio::EventAck &ack);
    // The same event as JSON, for events without binary attachments; emitted first. QVariant
    // arguments are only built while eventReceived is connected.
    void jsonEventReceived(const QString &event, const QJsonArray &args,
                           const socketio::EventAck &ack);
    // Reasons as in socket.io: "client namespace disconnect", "server namespace disconnect",
    // "transport close", "transport error", "ping timeout", "parse error", "server shutting down".
    void disconnected(const QString &reason);

private:
    friend class Server;
    friend class Namespace;
    friend class ServerClient;
    ServerSocket();
    void sendPacket(const SocketPacket &packet);
    void handlePacket(const SocketPacket &packet);
    void close(const QString &reason, bool sendDisconnect);

    struct PendingAck
    {
        ServerAckCallback callback;
        QTimer *timer = nullptr;
    };
    QString m_id;
    QPointer<Namespace> m_nsp;
    ServerClient *m_client = nullptr;
    QJsonObject m_auth;
    bool m_connected = false;
    QStringList m_rooms; // a socket is in few rooms: a list is far smaller than a set
    qint64 m_nextAckId = 0;
    QHash<qint64, PendingAck> m_acks;
};

} // namespace socketio
