// libFuzzer target: the embedded server's HTTP request handling. Each input is one raw HTTP
// request (or several, pipelined) sent over a real TCP connection to a real HttpHost that serves
// the Engine.IO paths, /negotiate and static files. The host must answer or close, never crash,
// and must keep serving: after every input a well-formed request still gets its answer.
#include "engineio/httpexchange.h"
#include "server/httphost.h"
#include "server/negotiate.h"
#include "server/roompolicy.h"
#include "server/staticfiles.h"
#include "socketio/server.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

namespace {

struct Fixture
{
    QTemporaryDir webRoot;
    socketio::Server *io = nullptr;
    server::HttpHost *host = nullptr;
    server::RoomPolicy rooms;
    server::StaticFiles *files = nullptr;
    quint16 port = 0;
};

Fixture *fixture = nullptr;

// Sends `bytes` and reads until the host closes or `budgetMs` passes.
QByteArray exchange(const QByteArray &bytes, int budgetMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, fixture->port);
    if (!socket.waitForConnected(2000))
        abort(); // the host stopped accepting connections
    socket.write(bytes);
    QByteArray answer;
    QDeadlineTimer deadline(budgetMs);
    while (!deadline.hasExpired() && socket.state() == QAbstractSocket::ConnectedState) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        answer += socket.readAll();
    }
    answer += socket.readAll();
    socket.abort();
    QCoreApplication::processEvents();
    return answer;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    fixture = new Fixture;
    QFile index(fixture->webRoot.filePath(QStringLiteral("index.html")));
    if (!index.open(QIODevice::WriteOnly) || index.write("<!doctype html><title>t</title>") < 0)
        abort();
    index.close();

    socketio::ServerOptions options;
    options.engine.pingIntervalMs = 100;
    options.engine.pingTimeoutMs = 100;
    options.connectTimeoutMs = 200;
    options.engine.maxPayload = 4096;
    fixture->io = new socketio::Server(options);
    fixture->files = new server::StaticFiles(fixture->webRoot.path());
    fixture->host = new server::HttpHost(fixture->io);
    fixture->host->setIdleTimeoutMs(200);
    fixture->host->setFallbackHandler([](const engineio::HttpRequest &request) {
        if (request.path == QLatin1String("/negotiate"))
            return server::negotiate(request, fixture->rooms, QStringLiteral("/socket.io"),
                                     QUrl(QStringLiteral("http://127.0.0.1")));
        return fixture->files->serve(request);
    });
    QString error;
    if (!fixture->host->listen(QHostAddress::LocalHost, 0, &error))
        abort();
    fixture->port = fixture->host->serverPort();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    exchange(input, 5);

    // Every few inputs, check the host still answers a plain request.
    static int count = 0;
    if (++count % 64 == 0) {
        const QByteArray answer
            = exchange("GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2000);
        if (!answer.startsWith("HTTP/1.1 200"))
            abort();
    }
    return 0;
}
