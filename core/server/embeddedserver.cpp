#include "server/embeddedserver.h"

#include "server/coderooms.h"
#include "server/httphost.h"
#include "server/negotiate.h"
#include "server/roompolicy.h"
#include "server/staticfiles.h"
#include "socketio/server.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QThread>

namespace server {

// Everything that runs on the server thread.
class ServerWorker final : public QObject
{
public:
    explicit ServerWorker(const EmbeddedServerOptions &options)
        : m_options(options)
        , m_policy(options.openRooms)
        , m_files(options.webRoot, options.contentSecurityPolicy.toUtf8())
    { }

    bool start(QString *error, quint16 *port)
    {
        socketio::ServerOptions so = m_options.io;
        if (so.engine.paths.isEmpty())
            so.engine.paths = socketio::ServerOptions().engine.paths;
        for (QString &p : so.engine.paths) {
            if (!p.startsWith(QLatin1Char('/')))
                p.prepend(QLatin1Char('/'));
            if (!p.endsWith(QLatin1Char('/')))
                p.append(QLatin1Char('/'));
        }
        m_socketPaths = so.engine.paths;

        m_io = new socketio::Server(so, this);
        m_rooms = new CodeRooms(m_io->of(), &m_policy, this);
        m_host = new HttpHost(m_io, this);
        m_host->setIdleTimeoutMs(m_options.idleTimeoutMs);
        m_host->setFallbackHandler(
            [this](const engineio::HttpRequest &request) { return route(request); });

        const bool tls = !m_options.tlsCertificateFile.isEmpty() || !m_options.tlsKeyFile.isEmpty();
        if (tls) {
            if (m_options.tlsCertificateFile.isEmpty() || m_options.tlsKeyFile.isEmpty()) {
                *error = QStringLiteral("TLS needs both a certificate and a key file");
                return false;
            }
            if (!m_host->setTlsFiles(m_options.tlsCertificateFile, m_options.tlsKeyFile, error))
                return false;
        }
        if (!m_host->listen(m_options.bindAddress, m_options.port, error))
            return false;
        *port = m_host->serverPort();
        m_origin = originFor(m_options.bindAddress, *port, m_host->isSecure());
        return true;
    }

    void stop()
    {
        if (!m_host)
            return;
        m_io->closeAll();
        // Let the close packets and frames reach the peers before the sockets go.
        const QDeadlineTimer deadline(1000);
        while (m_io->sessionCount() > 0 && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        m_host->close();
    }

    QUrl origin() const { return m_origin; }
    socketio::Server *io() const { return m_io; }

    static QUrl originFor(const QHostAddress &bind, quint16 port, bool secure)
    {
        QHostAddress host = bind;
        if (bind == QHostAddress::Any || bind == QHostAddress::AnyIPv4)
            host = QHostAddress(QHostAddress::LocalHost);
        else if (bind == QHostAddress::AnyIPv6)
            host = QHostAddress(QHostAddress::LocalHostIPv6);
        QUrl url;
        url.setScheme(secure ? QStringLiteral("https") : QStringLiteral("http"));
        url.setHost(host.toString());
        url.setPort(port);
        return url;
    }

private:
    engineio::HttpResponse route(const engineio::HttpRequest &request)
    {
        if (request.path == QLatin1String("/negotiate")) {
            QString path = m_socketPaths.value(0, QStringLiteral("/socket.io/"));
            if (path.size() > 1 && path.endsWith(QLatin1Char('/')))
                path.chop(1);
            return negotiate(request, m_policy, path, m_origin);
        }
        for (const QString &p : std::as_const(m_socketPaths)) {
            if (request.path == p + QLatin1String("socket.io.js")
                || request.path == p + QLatin1String("socket.io.min.js"))
                return m_files.serveFile(request, QStringLiteral("vendor/socket.io.min.js"));
        }
        return m_files.serve(request);
    }

    EmbeddedServerOptions m_options;
    RoomPolicy m_policy;
    StaticFiles m_files;
    QStringList m_socketPaths;
    QUrl m_origin;
    socketio::Server *m_io = nullptr;
    CodeRooms *m_rooms = nullptr;
    HttpHost *m_host = nullptr;
};

EmbeddedServer::EmbeddedServer(EmbeddedServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{ }

EmbeddedServer::~EmbeddedServer()
{
    stop();
}

const EmbeddedServerOptions &EmbeddedServer::options() const
{
    return m_options;
}

bool EmbeddedServer::start(QString *error)
{
    if (m_worker)
        return true;
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("CodeStream server"));
    m_worker = new ServerWorker(m_options);
    m_worker->moveToThread(m_thread.get());
    m_thread->start();

    bool ok = false;
    QString reason;
    quint16 port = 0;
    QUrl origin;
    int writeThreads = 0;
    bool writeIoUring = false;
    QMetaObject::invokeMethod(
        m_worker,
        [&] {
            ok = m_worker->start(&reason, &port);
            origin = m_worker->origin();
            if (m_worker->io()) {
                writeThreads = m_worker->io()->engine()->writeThreadCount();
                writeIoUring = m_worker->io()->engine()->writesWithIoUring();
            }
            if (ok) {
                connect(m_worker->io(), &socketio::Server::errorOccurred, this,
                        &EmbeddedServer::errorOccurred);
            }
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        stop();
        if (error)
            *error = reason.isEmpty() ? QStringLiteral("could not start the server") : reason;
        return false;
    }
    m_port = port;
    m_origin = origin;
    m_writeThreads = writeThreads;
    m_writeIoUring = writeIoUring;
    return true;
}

void EmbeddedServer::stop()
{
    if (!m_worker)
        return;
    ServerWorker *worker = m_worker;
    m_worker = nullptr;
    QMetaObject::invokeMethod(
        worker,
        [worker] {
            worker->stop();
            delete worker;
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
    m_port = 0;
    m_writeThreads = 0;
    m_writeIoUring = false;
    m_origin.clear();
}

bool EmbeddedServer::isRunning() const
{
    return m_worker != nullptr;
}

void EmbeddedServer::closeConnections()
{
    if (!m_worker)
        return;
    ServerWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->io()->closeAll(); }, Qt::BlockingQueuedConnection);
}

QUrl EmbeddedServer::origin() const
{
    return m_origin;
}

quint16 EmbeddedServer::port() const
{
    return m_port;
}

} // namespace server
