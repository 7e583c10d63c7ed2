#pragma once

#include "socketio/serveroptions.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

class QThread;

// The embedded CodeStream server: HTTP host, Engine.IO/Socket.IO server, room rules, /negotiate,
// the browser watcher page. Used by the GUI and by `codestream-cli serve`.
namespace server {

// How the embedded server listens and behaves: the Socket.IO server's options plus the host's.
struct EmbeddedServerOptions
{
    QHostAddress bindAddress = QHostAddress::LocalHost;
    quint16 port = 3000; // 0: any free port (see EmbeddedServer::port())
    // The Engine.IO/Socket.IO server (paths, heartbeat, maxPayload, connect timeout, ...). A path
    // without its leading or trailing slash gets them; no paths: Socket.IO's default ones.
    socketio::ServerOptions io;
    // Original permissive rooms (anyone joins and sends anywhere), for compatibility testing.
    bool openRooms = false;
    // An HTTP connection with no traffic either way and no response owed is closed after this.
    int idleTimeoutMs = 60000;
    // Serve the web page from this folder instead of the built-in copy; empty: built-in.
    QString webRoot;
    // Content-Security-Policy of every static file; empty: a strict one for the built-in page,
    // none for webRoot (a user's page may use inline scripts and styles, or CDNs).
    QString contentSecurityPolicy;
    // PEM files; both set: HTTPS/WSS only.
    QString tlsCertificateFile;
    QString tlsKeyFile;
};

class ServerWorker;

// Runs the server on its own thread. start() and stop() are called from the owning thread and
// block until the server thread has done the work; nothing else on the owning thread waits on
// the server.
class EmbeddedServer final : public QObject
{
    Q_OBJECT
public:
    explicit EmbeddedServer(EmbeddedServerOptions options = {}, QObject *parent = nullptr);
    ~EmbeddedServer() override; // stops

    const EmbeddedServerOptions &options() const;

    // Starts listening. Returns once the server accepts connections (true) or failed to start
    // (false, with a human-readable reason in *error, e.g. "address already in use").
    bool start(QString *error = nullptr);
    // Closes every connection and stops listening. Safe to call when not running.
    void stop();
    bool isRunning() const;
    // Closes every client connection and keeps listening: clients reconnect and resynchronise
    // as after a network failure. Does nothing when not running.
    void closeConnections();

    // Where a local client reaches the server: scheme (http/https), the bind address (loopback
    // for an any-address bind) and the real port, e.g. "http://127.0.0.1:3000". Empty when not
    // running.
    QUrl origin() const;
    // The port actually listened on (the chosen one after port 0); 0 when not running.
    quint16 port() const;
    // The threads that write to WebSocket connections (io.engine.threads resolved: 1 is the
    // server thread itself); 0 when not running.
    int writeThreadCount() const { return m_writeThreads; }
    // Whether those threads submit their sends in batches through io_uring
    // (EngineOptions::ioUring).
    bool writesWithIoUring() const { return m_writeIoUring; }

signals:
    // The server hit a runtime error (it keeps running where it can).
    void errorOccurred(const QString &detail);

private:
    EmbeddedServerOptions m_options;
    std::unique_ptr<QThread> m_thread;
    ServerWorker *m_worker = nullptr; // lives on m_thread
    QUrl m_origin;
    quint16 m_port = 0;
    int m_writeThreads = 0;
    bool m_writeIoUring = false;
};

} // namespace server
