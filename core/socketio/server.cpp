#include "socketio/server.h"

#include "socketio/serverclient.h"

namespace socketio {

namespace {

QString normalizedNamespace(const QString &nsp)
{
    if (nsp.isEmpty())
        return QStringLiteral("/");
    return nsp.startsWith(QLatin1Char('/')) ? nsp : QLatin1Char('/') + nsp;
}

} // namespace

Server::Server(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_engine = new engineio::EngineServer(m_options.engine, this);
    connect(m_engine, &engineio::EngineServer::sessionOpened, this, &Server::handleSessionOpened);
    of(QStringLiteral("/"));
}

Server::~Server()
{
    m_engine->disconnect(this);
}

const ServerOptions &Server::options() const
{
    return m_options;
}

engineio::EngineServer *Server::engine() const
{
    return m_engine;
}

bool Server::handlesPath(const QString &path) const
{
    return m_engine->handlesPath(path);
}

void Server::handleHttpRequest(const engineio::HttpRequest &request,
                               const engineio::HttpReply &reply)
{
    m_engine->handleHttpRequest(request, reply);
}

std::optional<engineio::HttpResponse>
Server::verifyWebSocketUpgrade(const engineio::HttpRequest &request) const
{
    return m_engine->verifyWebSocketUpgrade(request);
}

void Server::handleWebSocket(engineio::WebSocketConnection *socket)
{
    m_engine->handleWebSocket(socket);
}

Namespace *Server::of(const QString &nsp)
{
    const QString name = normalizedNamespace(nsp);
    Namespace *ns = m_namespaces.value(name);
    if (!ns) {
        ns = new Namespace(this, name);
        m_namespaces.insert(name, ns);
    }
    return ns;
}

bool Server::hasNamespace(const QString &nsp) const
{
    return m_namespaces.contains(normalizedNamespace(nsp));
}

Namespace *Server::findNamespace(const QString &nsp) const
{
    return m_namespaces.value(normalizedNamespace(nsp));
}

int Server::sessionCount() const
{
    return m_engine->sessionCount();
}

void Server::closeAll()
{
    m_engine->closeAll(engineio::DisconnectReason::ServerShuttingDown);
}

void Server::handleSessionOpened(engineio::EngineSession *session)
{
    new ServerClient(this, session);
}

} // namespace socketio
