#include "server/httphost.h"

#include "engineio/engineserver.h"
#include "engineio/socketreactor.h"
#include "engineio/websocketconnection.h"
#include "engineio/websocketframe.h"
#include "server/connectionguard.h"
#include "server/connectionlistener.h"
#include "server/httpwire.h"
#include "socketio/server.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>

#include <fcntl.h>
#include <sys/resource.h>

namespace server {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

void raiseFileLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

HttpHost::HttpHost(socketio::Server *server, QObject *parent)
    : HttpHost(server ? server->engine() : nullptr, parent)
{ }

HttpHost::HttpHost(engineio::EngineServer *engine, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_engine(engine)
    , m_listener(new ConnectionListener(this))
{
    if (engine) {
        m_listener->setMaxBodyBytes(engine->options().maxPayload);
        m_reactor = new engineio::SocketReactor(engine);
    }
    m_listener->setUpgradeHandler(
        [this](QTcpSocket *socket, const QByteArray &head) { acceptUpgrade(socket, head); });
}

HttpHost::~HttpHost()
{
    m_listener->closeConnections();
}

void HttpHost::setFallbackHandler(FallbackHandler handler)
{
    m_fallback = std::move(handler);
}

bool HttpHost::setTlsFiles(const QString &certificateFile, const QString &keyFile, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificateFile, QSsl::Pem);
    if (chain.isEmpty())
        return fail(QStringLiteral("cannot read a PEM certificate from %1").arg(certificateFile));
    QFile file(keyFile);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot open %1: %2").arg(keyFile, file.errorString()));
    const QByteArray pem = file.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return fail(QStringLiteral("cannot read a PEM private key from %1").arg(keyFile));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    setSslConfiguration(configuration);
    return true;
}

void HttpHost::setSslConfiguration(const QSslConfiguration &configuration)
{
    m_listener->setTls(configuration);
}

bool HttpHost::isSecure() const
{
    return m_listener->isSecure();
}

void HttpHost::setMaxBodyBytes(qint64 bytes)
{
    m_listener->setMaxBodyBytes(bytes);
}

void HttpHost::setIdleTimeoutMs(int ms)
{
    m_listener->setIdleTimeoutMs(ms);
}

engineio::SocketBackend HttpHost::socketBackend() const
{
    return m_reactor ? m_reactor->backend() : engineio::SocketBackend::Qt;
}

bool HttpHost::listen(const QHostAddress &address, quint16 port, QString *error)
{
    raiseFileLimit();
    // Qt's default backlog (50) drops connections when many watchers reconnect at once.
    m_listener->setListenBacklogSize(1024);
    if (!m_listener->listen(address, port)) {
        if (error)
            *error = m_listener->errorString();
        return false;
    }
    bind(m_listener);
    emit listening(m_listener->serverAddress(), m_listener->serverPort());
    return true;
}

quint16 HttpHost::serverPort() const
{
    return m_listener->isListening() ? m_listener->serverPort() : 0;
}

QHostAddress HttpHost::serverAddress() const
{
    return m_listener->serverAddress();
}

void HttpHost::close()
{
    m_listener->close();
    m_listener->closeConnections();
}

engineio::HttpRequest HttpHost::copyRequest(const QHttpServerRequest &request,
                                            QTcpSocket *socket) const
{
    engineio::HttpRequest copy;
    copy.method = methodName(request.method());
    copy.path = request.url().path();
    copy.query = request.query();
    for (const auto &[name, value] : request.headers())
        copy.addHeader(name.toLower(), value);
    copy.body = request.body();
    copy.peerAddress = request.remoteAddress();
    copy.secure = qobject_cast<QSslSocket *>(socket) != nullptr;
    return copy;
}

bool HttpHost::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    ConnectionGuard *guard = ConnectionGuard::of(socket);
    if (!guard)
        guard = new ConnectionGuard(socket, m_listener->maxBodyBytes() + kMaxRequestHeadBytes,
                                    m_listener->idleTimeoutMs());
    guard->requestComplete();
    const engineio::HttpRequest copy = copyRequest(request, socket);
    const bool engineIoPath = m_engine && m_engine->handlesPath(copy.path);

    // An upgrade is accepted only as the first request of a connection (see RequestSniffer),
    // as browsers and Socket.IO clients send it; later ones get an error from missingHandler().
    if (copy.header("upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
        return false;

    const bool keepAlive = copy.header("connection").compare("close", Qt::CaseInsensitive) != 0;
    const quint64 slot = guard->reserveSlot();
    QPointer<ConnectionGuard> target(guard);
    const bool head = copy.method == "HEAD";
    const engineio::HttpReply reply
        = [target, slot, keepAlive, head](const engineio::HttpResponse &response) {
              if (!target)
                  return;
              QByteArray bytes = serializeResponse(response, keepAlive);
              if (head)
                  bytes.chop(response.body.size());
              target->complete(slot, bytes, !keepAlive);
          };
    if (engineIoPath) {
        m_engine->handleHttpRequest(copy, reply);
    } else if (m_fallback) {
        reply(m_fallback(copy));
    } else {
        reply(engineio::HttpResponse::text(404, "Not Found"));
    }
    return true;
}

void HttpHost::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const engineio::HttpRequest copy = copyRequest(request, socket);
    engineio::HttpResponse response = engineio::HttpResponse::text(404, "Not Found");
    if (m_engine && m_engine->handlesPath(copy.path)) {
        if (const auto error = m_engine->verifyWebSocketUpgrade(copy))
            response = *error;
        else
            response = engineio::HttpResponse::text(400, "Bad Request");
    }
    socket->write(serializeResponse(response, false));
}

void HttpHost::acceptUpgrade(QTcpSocket *socket, const QByteArray &head)
{
    const auto refuse = [socket](const engineio::HttpResponse &response) {
        socket->write(serializeResponse(response, false));
        socket->disconnectFromHost();
    };
    std::optional<engineio::HttpRequest> request = parseRequestHead(head);
    if (!request) {
        refuse(engineio::HttpResponse::text(400, "Bad Request"));
        return;
    }
    request->peerAddress = socket->peerAddress();
    request->secure = qobject_cast<QSslSocket *>(socket) != nullptr;
    if (!m_engine || !m_engine->handlesPath(request->path)) {
        refuse(engineio::HttpResponse::text(404, "Not Found"));
        return;
    }
    if (const auto error = m_engine->verifyWebSocketUpgrade(*request)) {
        refuse(*error);
        return;
    }
    const QByteArray key = request->header("sec-websocket-key");
    if (request->method != "GET" || key.isEmpty()
        || request->header("sec-websocket-version").trimmed() != "13"
        || !request->header("connection").toLower().contains("upgrade")) {
        engineio::HttpResponse response = engineio::HttpResponse::text(400, "Bad Request");
        response.headers.append(qMakePair(QByteArray("Sec-WebSocket-Version"), QByteArray("13")));
        refuse(response);
        return;
    }

    // The session keeps its handshake request for its whole life; the upgrade fields are spent.
    request->headers.removeIf([](const QPair<QByteArray, QByteArray> &field) {
        return field.first.startsWith("sec-websocket-") || field.first == "upgrade"
            || field.first == "connection";
    });
    request->headers.squeeze();

    socket->read(head.size());
    const QByteArray early = socket->readAll();
    const QByteArray accepted = serializeWebSocketAccept(engineio::webSocketAccept(key));
    const qint64 limit = m_engine->options().maxPayload;
    engineio::WebSocketConnection *connection = nullptr;
    QObject::disconnect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    int descriptor = -1;
    if (!request->secure && m_reactor && m_reactor->isValid())
        descriptor = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    if (descriptor >= 0) {
        // Plain TCP: the connection takes the descriptor over and QTcpSocket steps aside.
        socket->abort();
        socket->deleteLater();
        // Written by one of the engine's write reactors when it has them (round robin).
        connection = new engineio::WebSocketConnection(m_reactor, descriptor, *request, limit,
                                                       nullptr, m_engine->writeReactors());
    } else {
        connection = new engineio::WebSocketConnection(socket, *request, limit, nullptr);
    }
    connection->writeHandshakeResponse(accepted);
    connection->receive(early);
    m_engine->handleWebSocket(connection);
}

} // namespace server
