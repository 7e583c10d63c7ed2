#pragma once

#include "engineio/httpexchange.h"
#include "engineio/socketreactor.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

class QSslConfiguration;
class QTcpSocket;

namespace engineio {
class EngineServer;
} // namespace engineio
namespace socketio {
class Server;
}

namespace server {

class ConnectionListener;

// The HTTP host: the one place that uses Qt's QHttpServer (a technical preview in Qt 6.4).
// Listens on one port (plain, or TLS for https and wss), hands Engine.IO requests and WebSocket
// upgrades on Engine.IO paths to the Engine.IO server and every other request to the fallback
// handler. Enforces a request body limit and an idle-connection timeout.
class HttpHost final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using FallbackHandler = std::function<engineio::HttpResponse(const engineio::HttpRequest &)>;

    // Serves `server`'s Engine.IO paths (the server must outlive the host, same thread).
    explicit HttpHost(socketio::Server *server, QObject *parent = nullptr);
    // Serves a bare Engine.IO server.
    explicit HttpHost(engineio::EngineServer *engine, QObject *parent = nullptr);
    ~HttpHost() override;

    // Answers every request outside the Engine.IO paths (404 when none is set).
    void setFallbackHandler(FallbackHandler handler);

    // Serves TLS (https and wss) with a PEM certificate and key. Call before listen().
    bool setTlsFiles(const QString &certificateFile, const QString &keyFile,
                     QString *error = nullptr);
    void setSslConfiguration(const QSslConfiguration &configuration);
    bool isSecure() const;

    // Largest request body accepted (default: the Engine.IO maxPayload); a connection that
    // sends more is closed.
    void setMaxBodyBytes(qint64 bytes);
    // A connection with no traffic and no pending response for this long is closed.
    void setIdleTimeoutMs(int ms);

    // How accepted WebSockets reach the kernel: the epoll reactor on Linux unless
    // CODESTREAM_SOCKET_BACKEND=qt (see SocketReactor::defaultBackend()), else QTcpSocket.
    // TLS connections always go through QSslSocket.
    engineio::SocketBackend socketBackend() const;

    // Starts listening (port 0: any free port). Raises RLIMIT_NOFILE to its hard limit.
    bool listen(const QHostAddress &address, quint16 port, QString *error = nullptr);
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    // Stops listening and closes every connection.
    void close();

signals:
    // The host is listening on `address`:`port`.
    void listening(const QHostAddress &address, quint16 port);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void acceptUpgrade(QTcpSocket *socket, const QByteArray &head);
    engineio::HttpRequest copyRequest(const QHttpServerRequest &request, QTcpSocket *socket) const;

    QPointer<engineio::EngineServer> m_engine;
    FallbackHandler m_fallback;
    ConnectionListener *m_listener = nullptr;
    QPointer<engineio::SocketReactor> m_reactor;
};

} // namespace server
