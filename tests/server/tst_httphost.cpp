// The HTTP host: routing to the fallback handler, idle timeout, TLS (https and wss on one port),
// and the whole server running on a worker thread.
#include "engineio/socketreactor.h"
#include "server/connectionlistener.h"
#include "server/httphost.h"
#include "socketio/server.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslError>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QWebSocket>

#include <memory>

class tst_HttpHost : public QObject
{
    Q_OBJECT

private slots:
    void fallback_answersRequestsOutsideEngineIoPaths();
    void fallback_none_answers404();
    void idleConnection_isClosedAfterTimeout();
    void pipelinedRequest_afterHeldPoll_isAnsweredInOrder();
    void tls_servesHttpsAndWssOnOnePort();
    void workerThread_serverAnswersClientsOnMainThread();
    void socketReactor_qtBackend_isInvalid();
    void socketBackend_isTheConfiguredOne_andServesWebSockets();
    void acceptedSocket_hasNagleOff();
};

namespace {

QByteArray readResponse(QTcpSocket &socket, int count)
{
    QByteArray all;
    (void)QTest::qWaitFor(
        [&] {
            all += socket.readAll();
            return all.count("HTTP/1.1 ") >= count;
        },
        15000);
    return all;
}

} // namespace

void tst_HttpHost::fallback_answersRequestsOutsideEngineIoPaths()
{
    socketio::Server io;
    server::HttpHost host(&io);
    engineio::HttpRequest seen;
    host.setFallbackHandler([&seen](const engineio::HttpRequest &request) {
        seen = request;
        return engineio::HttpResponse::text(
            200, "hello " + request.query.queryItemValue(QStringLiteral("name")).toUtf8());
    });
    QVERIFY(host.listen(QHostAddress::LocalHost, 0));
    QNetworkAccessManager nam;
    QNetworkRequest request(
        QUrl(QStringLiteral("http://127.0.0.1:%1/negotiate?name=x").arg(host.serverPort())));
    request.setRawHeader("X-Test", "yes");
    QNetworkReply *reply = nam.get(request);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 15000);
    QCOMPARE(reply->readAll(), QByteArray("hello x"));
    QCOMPARE(seen.path, QStringLiteral("/negotiate"));
    QCOMPARE(seen.method, QByteArray("GET"));
    QCOMPARE(seen.header("x-test"), QByteArray("yes"));
    QCOMPARE(seen.peerAddress, QHostAddress(QHostAddress::LocalHost));
    reply->deleteLater();
}

void tst_HttpHost::fallback_none_answers404()
{
    socketio::Server io;
    server::HttpHost host(&io);
    QVERIFY(host.listen(QHostAddress::LocalHost, 0));
    QNetworkAccessManager nam;
    QNetworkReply *reply = nam.get(QNetworkRequest(
        QUrl(QStringLiteral("http://127.0.0.1:%1/nothing").arg(host.serverPort()))));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 15000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
    reply->deleteLater();
}

void tst_HttpHost::idleConnection_isClosedAfterTimeout()
{
    socketio::Server io;
    server::HttpHost host(&io);
    host.setIdleTimeoutMs(300);
    QVERIFY(host.listen(QHostAddress::LocalHost, 0));
    QTcpSocket idle;
    QSignalSpy closed(&idle, &QTcpSocket::disconnected);
    idle.connectToHost(QHostAddress::LocalHost, host.serverPort());
    QVERIFY(idle.waitForConnected(10000));
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 15000);
}

void tst_HttpHost::pipelinedRequest_afterHeldPoll_isAnsweredInOrder()
{
    socketio::ServerOptions options;
    options.engine.pingIntervalMs = 60000;
    socketio::Server io(options);
    server::HttpHost host(&io);
    host.setFallbackHandler(
        [](const engineio::HttpRequest &) { return engineio::HttpResponse::text(200, "page"); });
    QVERIFY(host.listen(QHostAddress::LocalHost, 0));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, host.serverPort());
    QVERIFY(socket.waitForConnected(10000));
    socket.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
    const QByteArray open = readResponse(socket, 1);
    const int sidAt = open.indexOf("\"sid\":\"") + 7;
    const QByteArray sid = open.mid(sidAt, 20);
    QCOMPARE(sid.size(), 20);
    socket.write("GET /socket.io/?EIO=4&transport=polling&sid=" + sid
                 + " HTTP/1.1\r\nHost: x\r\n\r\nGET /page HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::qWait(200);
    QVERIFY(socket.readAll().isEmpty()); // the page waits behind the held poll
    io.closeAll();
    const QByteArray both = readResponse(socket, 2);
    QVERIFY2(both.indexOf("\r\n\r\n1") >= 0 && both.indexOf("\r\n\r\n1") < both.indexOf("page"),
             both.constData());
}

void tst_HttpHost::tls_servesHttpsAndWssOnOnePort()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString cert = dir.filePath(QStringLiteral("cert.pem"));
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                   key, QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("1"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
    QVERIFY(openssl.waitForFinished(60000));
    QCOMPARE(openssl.exitCode(), 0);

    socketio::Server io;
    server::HttpHost host(&io);
    QString error;
    QVERIFY2(host.setTlsFiles(cert, key, &error), qPrintable(error));
    QVERIFY(host.isSecure());
    QVERIFY(host.listen(QHostAddress::LocalHost, 0));

    QNetworkAccessManager nam;
    QNetworkReply *reply = nam.get(QNetworkRequest(
        QUrl(QStringLiteral("https://127.0.0.1:%1/socket.io/?EIO=4&transport=polling")
                 .arg(host.serverPort()))));
    connect(reply, &QNetworkReply::sslErrors, reply, [reply] { reply->ignoreSslErrors(); });
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 15000);
    QVERIFY2(reply->readAll().startsWith("0{"), qPrintable(reply->errorString()));
    reply->deleteLater();

    QWebSocket ws;
    connect(&ws, &QWebSocket::sslErrors, &ws, [&ws] { ws.ignoreSslErrors(); });
    QStringList frames;
    connect(&ws, &QWebSocket::textMessageReceived, &ws,
            [&frames](const QString &text) { frames << text; });
    ws.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket")
                     .arg(host.serverPort())));
    QTRY_VERIFY_WITH_TIMEOUT(!frames.isEmpty(), 15000);
    QVERIFY(frames.first().startsWith(QStringLiteral("0{")));
}

void tst_HttpHost::workerThread_serverAnswersClientsOnMainThread()
{
    QThread worker;
    QObject context; // runs the setup and teardown on the worker thread
    context.moveToThread(&worker);
    worker.start();
    socketio::Server *io = nullptr;
    server::HttpHost *host = nullptr;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        &context,
        [&] {
            io = new socketio::Server();
            host = new server::HttpHost(io, io);
            connect(io->of(), &socketio::Namespace::connection, io,
                    [](socketio::ServerSocket *socket) {
                        socket->emitEvent(QStringLiteral("hello"),
                                          {QString::number(quintptr(QThread::currentThread()))});
                    });
            host->listen(QHostAddress::LocalHost, 0);
            port = host->serverPort();
        },
        Qt::BlockingQueuedConnection);
    QVERIFY(port != 0);
    QCOMPARE(io->thread(), &worker);

    QWebSocket ws;
    QStringList frames;
    connect(&ws, &QWebSocket::textMessageReceived, &ws, [&](const QString &text) {
        frames << text;
        if (text.startsWith(QLatin1Char('0')))
            ws.sendTextMessage(QStringLiteral("40"));
    });
    ws.open(
        QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(port)));
    const QString expected
        = QStringLiteral("42[\"hello\",\"%1\"]").arg(QString::number(quintptr(&worker)));
    QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 3, 15000);
    QVERIFY(frames.at(1).startsWith(QStringLiteral("40{")));
    QCOMPARE(frames.at(2), expected);
    ws.close();

    QMetaObject::invokeMethod(
        &context, [&] { delete io; }, Qt::BlockingQueuedConnection);
    worker.quit();
    QVERIFY(worker.wait(10000));
}

void tst_HttpHost::socketReactor_qtBackend_isInvalid()
{
    const engineio::SocketReactor qt(nullptr, engineio::SocketBackend::Qt);
    QVERIFY(!qt.isValid());
    QCOMPARE(qt.backend(), engineio::SocketBackend::Qt);
    const engineio::SocketReactor epoll(nullptr, engineio::SocketBackend::Epoll);
#ifdef Q_OS_LINUX
    QVERIFY(epoll.isValid());
    QCOMPARE(epoll.backend(), engineio::SocketBackend::Epoll);
#else
    QCOMPARE(epoll.backend(), engineio::SocketBackend::Qt);
#endif
    QCOMPARE(engineio::SocketReactor::backendName(engineio::SocketBackend::Qt), "qt");
    QCOMPARE(engineio::SocketReactor::backendName(engineio::SocketBackend::Epoll), "epoll");
}

void tst_HttpHost::socketBackend_isTheConfiguredOne_andServesWebSockets()
{
    // CI runs the server tests a second time with CODESTREAM_SOCKET_BACKEND=qt.
#ifdef Q_OS_LINUX
    const bool qt = qEnvironmentVariable("CODESTREAM_SOCKET_BACKEND")
                        .compare(QLatin1String("qt"), Qt::CaseInsensitive)
        == 0;
#else
    const bool qt = true;
#endif
    const engineio::SocketBackend expected
        = qt ? engineio::SocketBackend::Qt : engineio::SocketBackend::Epoll;
    QCOMPARE(engineio::SocketReactor::defaultBackend(), expected);
    socketio::Server io;
    server::HttpHost host(&io);
    QCOMPARE(host.socketBackend(), expected);
    QVERIFY(host.listen(QHostAddress::LocalHost, 0));

    QWebSocket socket;
    QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
    socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket")
                         .arg(host.serverPort())));
    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
    QVERIFY(messages.at(0).at(0).toString().startsWith(QLatin1String("0{")));
    socket.sendTextMessage(QStringLiteral("40"));
    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 2, 10000);
    QVERIFY(messages.at(1).at(0).toString().startsWith(QLatin1String("40{")));
}

void tst_HttpHost::acceptedSocket_hasNagleOff()
{
    server::ConnectionListener listener;
    QVariant lowDelay;
    bool upgraded = false;
    listener.setUpgradeHandler([&](QTcpSocket *socket, const QByteArray &) {
        lowDelay = socket->socketOption(QAbstractSocket::LowDelayOption);
        upgraded = true;
        socket->abort();
    });
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
    QVERIFY(client.waitForConnected(5000));
    client.write("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                 "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(upgraded, 5000);
    QCOMPARE(lowDelay.toInt(), 1);
}

QTEST_GUILESS_MAIN(tst_HttpHost)
#include "tst_httphost.moc"
