#include "engineio/engineserver.h"

#include "engineio/enginesession.h"

#include "engineio/reactorpool.h"
#include "engineio/socketreactor.h"
#include "engineio/websocketconnection.h"
#include "util/randomid.h"

#include <QThread>

namespace engineio {

namespace {

QByteArray errorMessage(EngineError error)
{
    switch (error) {
    case EngineError::UnknownTransport:
        return "Transport unknown";
    case EngineError::UnknownSid:
        return "Session ID unknown";
    case EngineError::BadHandshakeMethod:
        return "Bad handshake method";
    case EngineError::BadRequest:
        return "Bad request";
    case EngineError::Forbidden:
        return "Forbidden";
    case EngineError::UnsupportedProtocolVersion:
        return "Unsupported protocol version";
    }
    return "Bad request";
}

QPair<QByteArray, QByteArray> headerField(const QByteArray &name, const QByteArray &value)
{
    return {name, value};
}

} // namespace

HttpResponse errorResponse(EngineError error)
{
    const QByteArray body = "{\"code\":" + QByteArray::number(int(error)) + ",\"message\":\""
        + errorMessage(error) + "\"}";
    return HttpResponse::text(error == EngineError::Forbidden ? 403 : 400, body,
                              "application/json");
}

EngineServer::EngineServer(EngineOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    const int threads
        = m_options.threads > 0 ? m_options.threads : qMax(1, QThread::idealThreadCount());
    if (threads > 1 && SocketReactor::defaultBackend() == SocketBackend::Epoll) {
        m_writers = std::make_shared<ReactorPool>(threads, m_options.ioUring);
        if (!m_writers->isValid())
            m_writers.reset();
    }
    m_clock.start();
    m_heartbeatTimer.setSingleShot(true);
    m_heartbeatTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &EngineServer::runHeartbeats);
}

EngineServer::~EngineServer()
{
    // Sessions are children: make sure nobody hears from them while the server is going away.
    for (EngineSession *session : std::as_const(m_sessions)) {
        session->disconnect(this);
        session->m_heartbeat.reset();
    }
    m_heartbeats.clear();
}

int EngineServer::writeThreadCount() const
{
    return m_writers ? m_writers->threadCount() : 1;
}

bool EngineServer::writesWithIoUring() const
{
    return m_writers && m_writers->usesIoUring();
}

void EngineServer::beginBroadcast()
{
    if (m_writers)
        m_writers->beginBatch();
}

void EngineServer::endBroadcast()
{
    if (m_writers)
        m_writers->endBatch();
}

void EngineServer::scheduleHeartbeat(EngineSession *session, int delayMs)
{
    if (session->m_heartbeat)
        m_heartbeats.erase(*session->m_heartbeat);
    session->m_heartbeat = m_heartbeats.emplace(m_clock.elapsed() + delayMs, session);
    armHeartbeatTimer();
}

void EngineServer::cancelHeartbeat(EngineSession *session)
{
    if (!session->m_heartbeat)
        return;
    m_heartbeats.erase(*session->m_heartbeat);
    session->m_heartbeat.reset();
}

void EngineServer::armHeartbeatTimer()
{
    if (m_heartbeats.empty()) {
        m_heartbeatTimer.stop();
        m_heartbeatArmedAt = -1;
        return;
    }
    const qint64 due = m_heartbeats.begin()->first;
    if (m_heartbeatTimer.isActive() && m_heartbeatArmedAt <= due)
        return; // fires in time; it re-arms for whatever is next
    m_heartbeatArmedAt = due;
    m_heartbeatTimer.start(int(qMax<qint64>(0, due - m_clock.elapsed())));
}

void EngineServer::runHeartbeats()
{
    m_heartbeatArmedAt = -1;
    const qint64 now = m_clock.elapsed();
    while (!m_heartbeats.empty() && m_heartbeats.begin()->first <= now) {
        EngineSession *session = m_heartbeats.begin()->second;
        m_heartbeats.erase(m_heartbeats.begin());
        session->m_heartbeat.reset();
        session->heartbeatDue(); // reschedules, or ends the session
    }
    armHeartbeatTimer();
}

bool EngineServer::handlesPath(const QString &path) const
{
    for (const QString &p : m_options.paths) {
        if (path == p || (p.endsWith(QLatin1Char('/')) && path == p.chopped(1)))
            return true;
    }
    return false;
}

QList<QPair<QByteArray, QByteArray>> EngineServer::corsHeaders(const HttpRequest &request) const
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (m_options.corsOrigin.isEmpty())
        return headers;
    const QByteArray origin = request.header("origin");
    if (m_options.corsOrigin == "*" && !(m_options.corsCredentials && !origin.isEmpty())) {
        headers.append(headerField("Access-Control-Allow-Origin", "*"));
    } else {
        headers.append(headerField("Access-Control-Allow-Origin",
                                   m_options.corsOrigin == "*" ? origin : m_options.corsOrigin));
        headers.append(headerField("Vary", "Origin"));
    }
    if (m_options.corsCredentials)
        headers.append(headerField("Access-Control-Allow-Credentials", "true"));
    return headers;
}

std::optional<EngineError> EngineServer::verifyQuery(const HttpRequest &request,
                                                     bool websocket) const
{
    const QString transport = request.query.queryItemValue(QStringLiteral("transport"));
    const bool polling = transport == QLatin1String("polling");
    if (!((polling && m_options.allowPolling)
          || (transport == QLatin1String("websocket") && m_options.allowWebSocket)))
        return EngineError::UnknownTransport;
    if (request.query.queryItemValue(QStringLiteral("EIO")) != QLatin1String("4"))
        return EngineError::UnsupportedProtocolVersion;
    if (websocket == polling)
        return EngineError::BadRequest;
    const QString sid = request.query.queryItemValue(QStringLiteral("sid"));
    if (sid.isEmpty()) {
        if (request.method != "GET")
            return EngineError::BadHandshakeMethod;
        return std::nullopt;
    }
    const EngineSession *session = m_sessions.value(sid);
    if (!session || !session->m_open)
        return EngineError::UnknownSid;
    // A second WebSocket for an upgraded or upgrading session is accepted, then closed
    // (handleWebSocket), as the reference server does.
    if (!websocket && session->transport() != TransportKind::Polling)
        return EngineError::BadRequest; // already upgraded
    return std::nullopt;
}

std::optional<HttpResponse> EngineServer::verifyWebSocketUpgrade(const HttpRequest &request) const
{
    if (const auto error = verifyQuery(request, true))
        return errorResponse(*error);
    return std::nullopt;
}

void EngineServer::handleHttpRequest(const HttpRequest &request, const HttpReply &reply)
{
    const auto answer = [&](HttpResponse response) {
        response.headers.append(corsHeaders(request));
        reply(response);
    };
    if (request.method == "OPTIONS") {
        HttpResponse response {204, {}, {}};
        response.headers.append(
            headerField("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE"));
        const QByteArray requested = request.header("access-control-request-headers");
        if (!requested.isEmpty())
            response.headers.append(headerField("Access-Control-Allow-Headers", requested));
        answer(response);
        return;
    }
    if (const auto error = verifyQuery(request, false)) {
        answer(errorResponse(*error));
        return;
    }
    const QString sid = request.query.queryItemValue(QStringLiteral("sid"));
    if (sid.isEmpty()) {
        EngineSession *session = createSession(request);
        session->start(TransportKind::Polling, nullptr);
        if (session->isOpen())
            session->handlePoll(request, reply);
        return;
    }
    EngineSession *session = m_sessions.value(sid);
    if (request.method == "GET")
        session->handlePoll(request, reply);
    else if (request.method == "POST")
        session->handlePost(request, reply);
    else
        answer(errorResponse(EngineError::BadRequest));
}

void EngineServer::handleWebSocket(WebSocketConnection *socket)
{
    socket->setParent(this);
    const HttpRequest &request = socket->request();
    if (verifyQuery(request, true)) {
        connect(socket, &WebSocketConnection::disconnected, socket, &QObject::deleteLater);
        socket->close(WebSocketCloseCode::PolicyViolated);
        return;
    }
    const QString sid = request.query.queryItemValue(QStringLiteral("sid"));
    if (!sid.isEmpty()) {
        m_sessions.value(sid)->attachProbe(socket);
        return;
    }
    EngineSession *session = createSession(request);
    session->start(TransportKind::WebSocket, socket);
}

EngineSession *EngineServer::createSession(const HttpRequest &handshake)
{
    QString sid;
    do {
        sid = util::randomId();
    } while (m_sessions.contains(sid));
    auto *session = new EngineSession(this, sid, handshake);
    m_sessions.insert(sid, session);
    connect(session, &EngineSession::messageReceived, this,
            [this, session](const QByteArray &data, bool binary) {
                emit messageReceived(session, data, binary);
            });
    return session;
}

void EngineServer::forgetSession(EngineSession *session)
{
    if (m_sessions.value(session->id()) == session)
        m_sessions.remove(session->id());
}

void EngineServer::closeAll(DisconnectReason reason)
{
    const QList<EngineSession *> all = m_sessions.values();
    for (EngineSession *session : all)
        session->finish(reason, true); // at once: the server is going away
}

} // namespace engineio
