// npm socket.io-client 4.8 (Node) against the CodeStream Socket.IO server: WebSocket only,
// polling only and polling with upgrade; rooms, broadcasts, acks and binary both ways,
// reconnection after a server restart, fan-out to many clients, malformed input.
#include "nodeprocess.h"
#include "server/httphost.h"
#include "socketio/server.h"

#include <QTest>

#include <memory>

class tst_ServerInterop : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void socketIoClient_allFeatures_work_data();
    void socketIoClient_allFeatures_work();
    void socketIoClient_afterServerRestart_reconnects();
    void fanout_200Clients_eachReceiveEveryBroadcastOnceInOrder();
    void malformedInput_closesThatConnection_otherClientKeepsWorking();

private:
    bool startServer(quint16 port = 0);
    void stopServer();
    // Runs the script to completion, failing on any "fail" line; returns its stdout lines.
    QStringList runClient(const QStringList &args, int timeoutMs);

    std::unique_ptr<socketio::Server> m_io;
    std::unique_ptr<server::HttpHost> m_host;
};

void tst_ServerInterop::init()
{
    QVERIFY(startServer());
}

void tst_ServerInterop::cleanup()
{
    stopServer();
}

bool tst_ServerInterop::startServer(quint16 port)
{
    socketio::ServerOptions options;
    options.engine.pingIntervalMs = 2000;
    options.engine.pingTimeoutMs = 5000;
    m_io = std::make_unique<socketio::Server>(options);
    socketio::Server *io = m_io.get();
    connect(io->of(), &socketio::Namespace::connection, io, [io](socketio::ServerSocket *socket) {
        connect(socket, &socketio::ServerSocket::eventReceived, socket,
                [io, socket](const QString &event, const QVariantList &args,
                             const socketio::EventAck &ack) {
                    if (event == QLatin1String("join")) {
                        socket->join(args.value(0).toString());
                        if (ack)
                            ack(QVariantList {
                                QString(QStringLiteral("joined ") + args.value(0).toString())});
                    } else if (event == QLatin1String("broadcast")) {
                        io->of()->broadcast(args.value(0).toString(), QStringLiteral("news"),
                                            {args.value(1)}, socket);
                    } else if (event == QLatin1String("echo-ack")) {
                        if (ack)
                            ack(args);
                    } else if (event == QLatin1String("ask-client")) {
                        QPointer<socketio::ServerSocket> self(socket);
                        socket->emitEvent(QStringLiteral("question"), {args.value(0)},
                                          [self](bool timedOut, const QVariantList &answer) {
                                              if (self && !timedOut)
                                                  self->emitEvent(QStringLiteral("client-answered"),
                                                                  answer);
                                          });
                    } else if (event == QLatin1String("echo-binary")) {
                        socket->emitEvent(QStringLiteral("binary-back"), args);
                    } else if (event == QLatin1String("fanout")) {
                        const QString room = args.value(0).toString();
                        const int count = args.value(1).toInt();
                        for (int i = 0; i < count; ++i)
                            io->of()->broadcast(room, QStringLiteral("tick"), {i});
                        if (ack)
                            ack(QVariantList {count});
                    }
                });
    });
    m_host = std::make_unique<server::HttpHost>(io);
    QString error;
    if (!m_host->listen(QHostAddress::LocalHost, port, &error)) {
        qWarning("listen: %s", qPrintable(error));
        return false;
    }
    return true;
}

void tst_ServerInterop::stopServer()
{
    if (m_io)
        m_io->closeAll();
    m_host.reset();
    m_io.reset();
}

QStringList tst_ServerInterop::runClient(const QStringList &args, int timeoutMs)
{
    NodeProcess node;
    if (!node.start(QStringLiteral("server-client.js"),
                    QStringList {QString::number(m_host->serverPort())} + args))
        return {QStringLiteral("fail start")};
    const QString done = node.waitForLine(QStringLiteral("done"), timeoutMs);
    QStringList lines = node.lines();
    if (done.isNull())
        lines << QStringLiteral("fail no done line; stderr: ")
                + QString::fromUtf8(node.standardError());
    return lines;
}

void tst_ServerInterop::socketIoClient_allFeatures_work_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QString>("path");
    QTest::newRow("websocket") << QStringLiteral("websocket") << QStringLiteral("/socket.io/");
    QTest::newRow("polling") << QStringLiteral("polling") << QStringLiteral("/socket.io/");
    QTest::newRow("polling then upgrade")
        << QStringLiteral("upgrade") << QStringLiteral("/socket.io/");
    QTest::newRow("azure hub path, upgrade")
        << QStringLiteral("upgrade") << QStringLiteral("/clients/socketio/hubs/eio_hub/");
}

void tst_ServerInterop::socketIoClient_allFeatures_work()
{
    QFETCH(QString, transport);
    QFETCH(QString, path);
    const QStringList lines = runClient({QStringLiteral("basic"), transport, path}, 60000);
    const QString joined = lines.join(QLatin1Char('\n'));
    QVERIFY2(lines.filter(QStringLiteral("fail")).isEmpty(), qPrintable(joined));
    for (const QString &expected :
         {QStringLiteral("ok connect"), QStringLiteral("ok join"), QStringLiteral("ok broadcast"),
          QStringLiteral("ok ack client->server"), QStringLiteral("ok ack server->client"),
          QStringLiteral("ok binary")})
        QVERIFY2(lines.contains(expected),
                 qPrintable(expected + QLatin1String(" missing:\n") + joined));
    if (transport == QLatin1String("upgrade"))
        QVERIFY2(lines.contains(QStringLiteral("ok upgrade")), qPrintable(joined));
}

void tst_ServerInterop::socketIoClient_afterServerRestart_reconnects()
{
    const quint16 port = m_host->serverPort();
    NodeProcess node;
    QVERIFY(node.start(QStringLiteral("server-client.js"),
                       {QString::number(port), QStringLiteral("reconnect")}));
    QVERIFY2(!node.waitForLine(QStringLiteral("connected"), 20000).isNull(),
             node.standardError().constData());
    stopServer();
    QVERIFY2(!node.waitForLine(QStringLiteral("disconnected"), 20000).isNull(),
             node.standardError().constData());
    QVERIFY(startServer(port));
    QVERIFY2(
        !node.waitForLine(QStringLiteral("done"), 30000).isNull(),
        qPrintable(node.lines().join(QLatin1Char('\n')) + QString::fromUtf8(node.standardError())));
    QVERIFY(node.lines().contains(QStringLiteral("ok reconnect")));
}

void tst_ServerInterop::fanout_200Clients_eachReceiveEveryBroadcastOnceInOrder()
{
    const QStringList lines
        = runClient({QStringLiteral("fanout"), QStringLiteral("websocket"),
                     QStringLiteral("/socket.io/"), QStringLiteral("200"), QStringLiteral("50")},
                    120000);
    const QString joined = lines.join(QLatin1Char('\n'));
    QVERIFY2(lines.filter(QStringLiteral("fail")).isEmpty(), qPrintable(joined));
    const QStringList result = lines.filter(QStringLiteral("ok fanout"));
    QCOMPARE(result.size(), 1);
    QVERIFY(result.first().startsWith(QStringLiteral("ok fanout 10000 deliveries")));
    qInfo("%s", qPrintable(result.first()));
}

void tst_ServerInterop::malformedInput_closesThatConnection_otherClientKeepsWorking()
{
    const QStringList lines = runClient({QStringLiteral("malformed")}, 90000);
    const QString joined = lines.join(QLatin1Char('\n'));
    QVERIFY2(lines.filter(QStringLiteral("fail")).isEmpty(), qPrintable(joined));
    QCOMPARE(lines.filter(QStringLiteral("ok malformed")).size(), 6);
    QCOMPARE(m_io->of()->sockets().size(), 0);
}

QTEST_GUILESS_MAIN(tst_ServerInterop)
#include "tst_serverinterop.moc"
