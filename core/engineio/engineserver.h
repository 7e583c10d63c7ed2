#pragma once

#include "engineio/disconnectreason.h"
#include "engineio/engineoptions.h"
#include "engineio/enginesession.h"
#include "engineio/httpexchange.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>

namespace engineio {

class EngineSession;
class ReactorPool;
class WebSocketConnection;

// Error codes of the reference server, sent as {"code":N,"message":"..."} with HTTP 400.
enum class EngineError {
    UnknownTransport = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
};

// Maps an Engine.IO error to its HTTP response (status, JSON body).
HttpResponse errorResponse(EngineError error);

// The Engine.IO v4 server: sessions over HTTP long-polling and WebSocket, with upgrade and
// heartbeat. Transport-agnostic: an HTTP host hands it the requests on its paths and the
// WebSocket connections it accepted on them. Lives on one thread; no globals.
class EngineServer final : public QObject
{
    Q_OBJECT
public:
    explicit EngineServer(EngineOptions options = {}, QObject *parent = nullptr);
    ~EngineServer() override;

    const EngineOptions &options() const { return m_options; }

    // True when `path` belongs to one of the Engine.IO paths.
    bool handlesPath(const QString &path) const;
    // A polling request (GET/POST/OPTIONS) on an Engine.IO path; `reply` may be called later.
    void handleHttpRequest(const HttpRequest &request, const HttpReply &reply);
    // Checks a WebSocket upgrade request before it is accepted: an error response to send
    // instead of accepting it, or nothing when it may proceed.
    std::optional<HttpResponse> verifyWebSocketUpgrade(const HttpRequest &request) const;
    // A WebSocket accepted on an Engine.IO path (its upgrade request in request()). Takes
    // ownership.
    void handleWebSocket(WebSocketConnection *socket);

    int sessionCount() const { return int(m_sessions.size()); }
    EngineSession *session(const QString &sid) const { return m_sessions.value(sid); }
    QList<EngineSession *> sessions() const { return m_sessions.values(); }

    // Closes every session at once with `reason` (held polls receive a CLOSE packet).
    void closeAll(DisconnectReason reason = DisconnectReason::ServerShuttingDown);

    // The CORS headers for a response to `request` (empty when CORS is off).
    QList<QPair<QByteArray, QByteArray>> corsHeaders(const HttpRequest &request) const;

    // The write reactors for plain TCP WebSockets (options().threads > 1 on the epoll backend),
    // or null: connections then write on this thread.
    std::shared_ptr<ReactorPool> writeReactors() const { return m_writers; }
    // The number of threads that write to WebSockets: 1 (this one) or the write reactors'.
    int writeThreadCount() const;
    // Whether the write reactors submit their sends in batches through io_uring.
    bool writesWithIoUring() const;
    // Between the two, each write reactor receives the writes in one hand-off (a broadcast:
    // one frame and a list of connections per reactor). They nest.
    void beginBroadcast();
    void endBroadcast();

signals:
    // A session completed its handshake.
    void sessionOpened(engineio::EngineSession *session);
    // A MESSAGE packet arrived on a session (text as UTF-8, or binary bytes).
    void messageReceived(engineio::EngineSession *session, const QByteArray &data, bool binary);
    // A session ended; it is deleted later.
    void sessionClosed(engineio::EngineSession *session, const QString &reason);

private:
    friend class EngineSession;
    std::optional<EngineError> verifyQuery(const HttpRequest &request, bool websocket) const;
    EngineSession *createSession(const HttpRequest &handshake);
    // Heartbeats of all sessions share one ordered queue and one timer.
    void scheduleHeartbeat(EngineSession *session, int delayMs);
    void cancelHeartbeat(EngineSession *session);
    void runHeartbeats();
    void armHeartbeatTimer();
    void forgetSession(EngineSession *session);

    EngineOptions m_options;
    std::shared_ptr<ReactorPool> m_writers;
    QHash<QString, EngineSession *> m_sessions;
    QElapsedTimer m_clock;
    HeartbeatQueue m_heartbeats;
    QTimer m_heartbeatTimer;
    qint64 m_heartbeatArmedAt = -1;
};

} // namespace engineio
