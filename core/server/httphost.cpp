#include "server/httphost.h"

#include "engineio/engineserver.h"
#include "engineio/socketreactor.h"
#include "engineio/websocketconnection.h"
#include "engineio/websocketframe.h"
#include "socketio/server.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QMap>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <fcntl.h>
#include <sys/resource.h>

#include <optional>

namespace server {

namespace {

constexpr qint64 kHeaderAllowance = 64 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

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

QByteArray serializeResponse(const engineio::HttpResponse &response, bool keepAlive)
{
    QByteArray out;
    out.reserve(response.body.size() + 256);
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status)
        + "\r\n";
    for (const auto &[name, value] : response.headers) {
        if (name.compare("content-length", Qt::CaseInsensitive) == 0
            || name.compare("connection", Qt::CaseInsensitive) == 0)
            continue;
        out += name + ": " + value + "\r\n";
    }
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    out += response.body;
    return out;
}

// How long a client may take to send one request (head and body).
constexpr int kRequestDeadlineMs = 30000;

// Per-connection bookkeeping: bytes received since the last complete request (the body limit),
// the idle timer, and responses kept in request order (a held poll delays later answers).
class ConnectionGuard final : public QObject
{
    Q_OBJECT
public:
    ConnectionGuard(QTcpSocket *socket, qint64 maxRequestBytes, int idleTimeoutMs)
        : QObject(socket)
        , m_socket(socket)
        , m_maxRequestBytes(maxRequestBytes)
    {
        m_idle.setSingleShot(true);
        m_idle.setInterval(idleTimeoutMs);
        connect(&m_idle, &QTimer::timeout, this, [this] {
            if (m_nextSlot != m_flushedSlot) {
                m_idle.start(); // a response is still owed: not idle
                return;
            }
            m_socket->abort();
        });
        // A request must arrive whole within this time, however slowly its bytes trickle in.
        m_requestDeadline.setSingleShot(true);
        m_requestDeadline.setInterval(kRequestDeadlineMs);
        connect(&m_requestDeadline, &QTimer::timeout, m_socket, &QTcpSocket::abort);
        connect(socket, &QTcpSocket::readyRead, this, [this] {
            if (m_received == 0)
                m_requestDeadline.start();
            m_received += m_socket->bytesAvailable();
            m_idle.start();
            if (m_received > m_maxRequestBytes)
                m_socket->abort();
        });
        connect(socket, &QTcpSocket::bytesWritten, this, [this] { m_idle.start(); });
        m_idle.start();
    }

    void requestComplete()
    {
        m_received = 0;
        m_requestDeadline.stop();
    }
    quint64 reserveSlot() { return m_nextSlot++; }

    void complete(quint64 slot, const QByteArray &bytes, bool closeAfter)
    {
        m_ready.insert(slot, {bytes, closeAfter});
        while (m_ready.contains(m_flushedSlot)) {
            const auto [data, close] = m_ready.take(m_flushedSlot++);
            m_socket->write(data);
            if (close) {
                m_socket->disconnectFromHost();
                return;
            }
        }
        m_idle.start();
    }

private:
    QTcpSocket *m_socket;
    qint64 m_maxRequestBytes;
    qint64 m_received = 0;
    QTimer m_idle;
    QTimer m_requestDeadline;
    quint64 m_nextSlot = 0;
    quint64 m_flushedSlot = 0;
    QMap<quint64, std::pair<QByteArray, bool>> m_ready;
};

// Holds a new connection until its first request head has arrived, then passes it on: a
// WebSocket upgrade to the host's own WebSocket layer, anything else to QHttpServer. A client
// that sends nothing within the idle timeout, or does not complete its head within the request
// deadline, is dropped.
class RequestSniffer final : public QObject
{
    Q_OBJECT
public:
    using Decision = std::function<void(QTcpSocket *, const QByteArray &head)>;

    RequestSniffer(QTcpSocket *socket, int idleTimeoutMs, Decision upgrade,
                   std::function<void(QTcpSocket *)> http)
        : QObject(socket)
        , m_socket(socket)
        , m_upgrade(std::move(upgrade))
        , m_http(std::move(http))
    {
        m_deadline.setSingleShot(true);
        connect(&m_deadline, &QTimer::timeout, socket, &QTcpSocket::abort);
        m_deadline.start(qMin(idleTimeoutMs, kRequestDeadlineMs));
        connect(socket, &QTcpSocket::readyRead, this, &RequestSniffer::inspect);
    }

private:
    void inspect()
    {
        // A head arrives in a few reads; one trickled in byte by byte is refused, since every
        // look copies what has arrived so far.
        if (++m_reads > kMaxHeadReads) {
            m_socket->abort();
            return;
        }
        const QByteArray peeked = m_socket->peek(kHeaderAllowance);
        const qsizetype end = peeked.indexOf("\r\n\r\n");
        if (end < 0 && peeked.size() < kHeaderAllowance)
            return; // the head is still arriving
        QTcpSocket *socket = m_socket;
        const bool upgrade = end >= 0 && isUpgrade(QByteArrayView(peeked).first(end));
        const Decision onUpgrade = m_upgrade;
        const auto onHttp = m_http;
        deleteLater();
        disconnect(socket, nullptr, this, nullptr);
        m_deadline.stop();
        if (upgrade)
            onUpgrade(socket, peeked.left(end + 4));
        else
            onHttp(socket);
    }

    static bool isUpgrade(QByteArrayView head)
    {
        for (const QByteArray &line : head.toByteArray().split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0
                && line.first(colon).trimmed().compare("upgrade", Qt::CaseInsensitive) == 0)
                return line.sliced(colon + 1).trimmed().compare("websocket", Qt::CaseInsensitive)
                    == 0;
        }
        return false;
    }

    static constexpr int kMaxHeadReads = 128;

    QTcpSocket *m_socket;
    int m_reads = 0;
    Decision m_upgrade;
    std::function<void(QTcpSocket *)> m_http;
    QTimer m_deadline;
};

// Accepts connections for the host: plain or TLS sockets. Each is sniffed for a WebSocket
// upgrade; the others get their guard and go to QAbstractHttpServer through the
// pending-connection queue.
class ConnectionListener final : public QTcpServer
{
public:
    explicit ConnectionListener(QObject *parent)
        : QTcpServer(parent)
    { }

    std::optional<QSslConfiguration> tls;
    qint64 maxBodyBytes = 1000000;
    int idleTimeoutMs = 60000;
    RequestSniffer::Decision upgradeHandler;

    void closeConnections()
    {
        const QList<QPointer<QTcpSocket>> sockets = std::exchange(m_sockets, {});
        for (const QPointer<QTcpSocket> &socket : sockets) {
            if (socket)
                socket->abort();
        }
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        QTcpSocket *socket = tls ? new QSslSocket(this) : new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        m_sockets.removeAll(nullptr);
        m_sockets.append(socket);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        if (tls) {
            auto *ssl = static_cast<QSslSocket *>(socket);
            ssl->setSslConfiguration(*tls);
            connect(ssl, &QSslSocket::sslErrors, ssl, [ssl] { ssl->abort(); });
            ssl->startServerEncryption();
        }
        new RequestSniffer(socket, idleTimeoutMs, upgradeHandler,
                           [this](QTcpSocket *http) { handOver(http); });
    }

private:
    void handOver(QTcpSocket *socket)
    {
        new ConnectionGuard(socket, maxBodyBytes + kHeaderAllowance, idleTimeoutMs);
        addPendingConnection(socket);
        // Qt 6.4 announces only connections that QTcpServer created itself, and the request's
        // bytes were already announced to the sniffer.
        if (hasPendingConnections())
            QMetaObject::invokeMethod(this, "pendingConnectionAvailable", Qt::DirectConnection);
        QMetaObject::invokeMethod(socket, "readyRead", Qt::QueuedConnection);
    }

    QList<QPointer<QTcpSocket>> m_sockets;
};

// Parses the head of an HTTP/1.1 request (request line and headers).
std::optional<engineio::HttpRequest> parseRequestHead(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
        return std::nullopt;
    engineio::HttpRequest request;
    request.method = requestLine.at(0);
    const QUrl url = QUrl::fromEncoded(requestLine.at(1));
    if (!url.isValid())
        return std::nullopt;
    request.path = url.path();
    request.query = QUrlQuery(url);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return std::nullopt;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        request.addHeader(name, value);
    }
    return request;
}

HttpHost::HttpHost(socketio::Server *server, QObject *parent)
    : HttpHost(server ? server->engine() : nullptr, parent)
{ }

HttpHost::HttpHost(engineio::EngineServer *engine, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_engine(engine)
    , m_listener(new ConnectionListener(this))
{
    if (engine) {
        m_listener->maxBodyBytes = engine->options().maxPayload;
        m_reactor = new engineio::SocketReactor(engine);
    }
    m_listener->upgradeHandler = [this](QTcpSocket *socket, const QByteArray &head) {
        acceptUpgrade(socket, head);
    };
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
    m_listener->tls = configuration;
}

bool HttpHost::isSecure() const
{
    return m_listener->tls.has_value();
}

void HttpHost::setMaxBodyBytes(qint64 bytes)
{
    m_listener->maxBodyBytes = bytes;
}

void HttpHost::setIdleTimeoutMs(int ms)
{
    m_listener->idleTimeoutMs = ms;
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
    auto *guard = socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly);
    if (!guard)
        guard = new ConnectionGuard(socket, m_listener->maxBodyBytes + kHeaderAllowance,
                                    m_listener->idleTimeoutMs);
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
    const QByteArray accepted = "HTTP/1.1 101 Switching Protocols\r\n"
                                "Upgrade: websocket\r\n"
                                "Connection: Upgrade\r\n"
                                "Sec-WebSocket-Accept: "
        + engineio::webSocketAccept(key) + "\r\n\r\n";
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
        connection
            = new engineio::WebSocketConnection(m_reactor, descriptor, *request, limit, nullptr);
    } else {
        connection = new engineio::WebSocketConnection(socket, *request, limit, nullptr);
    }
    connection->writeHandshakeResponse(accepted);
    connection->receive(early);
    m_engine->handleWebSocket(connection);
}

} // namespace server

#include "httphost.moc"
