#pragma once

#include "engineio/engineserver.h"
#include "engineio/httpexchange.h"
#include "socketio/namespace.h"
#include "socketio/serveroptions.h"
#include "socketio/serversocket.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <optional>

// Socket.IO v5 server (over the Engine.IO v4 server): namespaces, rooms, events, acks.
namespace socketio {

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
    // The namespace if it exists (nullptr otherwise); never creates one.
    Namespace *findNamespace(const QString &nsp) const;

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
    // Reserved for runtime failures of the server (forwarded by EmbeddedServer).
    void errorOccurred(const QString &detail);

private:
    void handleSessionOpened(engineio::EngineSession *session);

    ServerOptions m_options;
    engineio::EngineServer *m_engine = nullptr;
    QHash<QString, Namespace *> m_namespaces;
};

} // namespace socketio
