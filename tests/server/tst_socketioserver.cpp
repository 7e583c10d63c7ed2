// The Socket.IO v5 server spoken to by raw WebSockets (the wire format written by hand).
#include "server/httphost.h"
#include "socketio/server.h"

#include "rawpeer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <memory>

class tst_SocketIoServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void connect_mainNamespace_answersSidAndExposesAuth();
    void connect_customNamespace_answersWithNamespacePrefix();
    void connect_unknownNamespace_getsInvalidNamespaceError();
    void connect_refusedByAuthorizer_getsItsMessage();
    void connect_noConnectPacket_closesAfterConnectTimeout();
    void event_withAck_isAcknowledgedWithArgs();
    void emit_withAck_callbackReceivesClientArgs();
    void emit_ackNeverAnswered_callbackTimesOut();
    void binary_eventAttachments_arriveAsByteArrays();
    void binary_serverEmit_sendsPlaceholdersAndFrames();
    void rooms_broadcast_reachesRoomExceptSender();
    void rooms_leave_stopsDelivery();
    void jsonEvent_textEvent_arrivesAsJson_binaryOnlyAsVariant();
    void broadcastJson_keepsObjectsAndLargeStrings();
    void disconnect_clientNamespaceDisconnect_reportsReason();
    void disconnect_transportClose_reportsReasonAndCleansRooms();
    void malformed_packets_closeOnlyThatConnection_data();
    void malformed_packets_closeOnlyThatConnection();
    void slowReader_overBufferLimit_isDropped();

private:
    QUrl wsUrl() const;
    // Opens a peer and connects it to `nsp` ("/" → "40"); returns the socket id.
    QString connectPeer(RawPeer &peer, const QString &nsp = QStringLiteral("/"),
                        const QString &auth = {});

    std::unique_ptr<socketio::Server> m_io;
    std::unique_ptr<server::HttpHost> m_host;
    QList<QPointer<socketio::ServerSocket>> m_connected;
    QStringList m_reasons;
    QList<QPair<QString, QVariantList>> m_events;
};

void tst_SocketIoServer::init()
{
    socketio::ServerOptions options;
    options.engine.pingIntervalMs = 5000;
    options.engine.pingTimeoutMs = 5000;
    options.connectTimeoutMs = 800;
    options.engine.maxBufferedBytes = 512 * 1024;
    m_io = std::make_unique<socketio::Server>(options);
    m_connected.clear();
    m_reasons.clear();
    m_events.clear();
    for (const QString &name : {QStringLiteral("/"), QStringLiteral("/custom")}) {
        socketio::Namespace *nsp = m_io->of(name);
        connect(nsp, &socketio::Namespace::connection, this,
                [this](socketio::ServerSocket *socket) {
                    m_connected.append(socket);
                    connect(socket, &socketio::ServerSocket::disconnected, this,
                            [this](const QString &reason) { m_reasons.append(reason); });
                    connect(socket, &socketio::ServerSocket::eventReceived, this,
                            [this, socket](const QString &event, const QVariantList &args,
                                           const socketio::EventAck &ack) {
                                m_events.append({event, args});
                                if (event == QLatin1String("echo-ack") && ack)
                                    ack(args);
                                else if (event == QLatin1String("join"))
                                    socket->join(args.value(0).toString());
                                else if (event == QLatin1String("leave"))
                                    socket->leave(args.value(0).toString());
                                else if (event == QLatin1String("shout"))
                                    socket->emitEvent(QStringLiteral("ignored"));
                            });
                });
    }
    m_host = std::make_unique<server::HttpHost>(m_io.get());
    QString error;
    QVERIFY2(m_host->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
}

void tst_SocketIoServer::cleanup()
{
    m_host.reset();
    m_io.reset();
}

QUrl tst_SocketIoServer::wsUrl() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket")
                    .arg(m_host->serverPort()));
}

QString tst_SocketIoServer::connectPeer(RawPeer &peer, const QString &nsp, const QString &auth)
{
    if (!QTest::qWaitFor([&] { return !peer.firstStartingWith(QStringLiteral("0{")).isEmpty(); },
                         15000))
        return {};
    const QString prefix = nsp == QLatin1String("/") ? QString() : nsp + QLatin1Char(',');
    peer.send(QStringLiteral("40") + prefix + auth);
    const QString expected = QStringLiteral("40") + prefix + QLatin1Char('{');
    if (!QTest::qWaitFor([&] { return !peer.firstStartingWith(expected).isEmpty(); }, 15000))
        return {};
    const QString frame = peer.firstStartingWith(expected);
    return QJsonDocument::fromJson(frame.mid(expected.size() - 1).toUtf8())
        .object()
        .value(QStringLiteral("sid"))
        .toString();
}

void tst_SocketIoServer::connect_mainNamespace_answersSidAndExposesAuth()
{
    RawPeer peer(wsUrl());
    const QString sid
        = connectPeer(peer, QStringLiteral("/"), QStringLiteral("{\"token\":\"123\"}"));
    QVERIFY(!sid.isEmpty());
    QCOMPARE(m_connected.size(), 1);
    QCOMPARE(m_connected.first()->id(), sid);
    QCOMPARE(m_connected.first()->nsp(), QStringLiteral("/"));
    QCOMPARE(m_connected.first()->auth().value(QStringLiteral("token")).toString(),
             QStringLiteral("123"));
    QCOMPARE(m_io->of()->sockets().size(), 1);
}

void tst_SocketIoServer::connect_customNamespace_answersWithNamespacePrefix()
{
    RawPeer peer(wsUrl());
    QVERIFY(!connectPeer(peer, QStringLiteral("/custom")).isEmpty());
    QCOMPARE(m_connected.size(), 1);
    QCOMPARE(m_connected.first()->nsp(), QStringLiteral("/custom"));
    QCOMPARE(m_io->of(QStringLiteral("/custom"))->sockets().size(), 1);
    QCOMPARE(m_io->of()->sockets().size(), 0);
}

void tst_SocketIoServer::connect_unknownNamespace_getsInvalidNamespaceError()
{
    RawPeer peer(wsUrl());
    QTRY_VERIFY_WITH_TIMEOUT(!peer.frames.isEmpty(), 15000);
    peer.send(QStringLiteral("40/random,"));
    QTRY_VERIFY_WITH_TIMEOUT(
        peer.has(QStringLiteral("44/random,{\"message\":\"Invalid namespace\"}")), 15000);
    QVERIFY(!m_io->hasNamespace(QStringLiteral("/random")));
    QVERIFY(m_connected.isEmpty());
}

void tst_SocketIoServer::connect_refusedByAuthorizer_getsItsMessage()
{
    m_io->of()->setAuthorizer([](const QJsonObject &auth, const engineio::HttpRequest &handshake) {
        if (handshake.path != QLatin1String("/socket.io/"))
            return QStringLiteral("wrong path");
        return auth.value(QStringLiteral("token")).toString() == QLatin1String("good")
            ? QString()
            : QStringLiteral("not authorized");
    });
    RawPeer refused(wsUrl());
    QTRY_VERIFY_WITH_TIMEOUT(!refused.frames.isEmpty(), 15000);
    refused.send(QStringLiteral("40{\"token\":\"bad\"}"));
    QTRY_VERIFY_WITH_TIMEOUT(refused.has(QStringLiteral("44{\"message\":\"not authorized\"}")),
                             15000);
    RawPeer accepted(wsUrl());
    QVERIFY(!connectPeer(accepted, QStringLiteral("/"), QStringLiteral("{\"token\":\"good\"}"))
                 .isEmpty());
    QCOMPARE(m_connected.size(), 1);
}

void tst_SocketIoServer::connect_noConnectPacket_closesAfterConnectTimeout()
{
    RawPeer peer(wsUrl());
    QTRY_VERIFY_WITH_TIMEOUT(!peer.frames.isEmpty(), 15000);
    QCOMPARE(m_io->sessionCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(peer.disconnects, 1, 15000);
    QCOMPARE(m_io->sessionCount(), 0);
}

void tst_SocketIoServer::event_withAck_isAcknowledgedWithArgs()
{
    RawPeer peer(wsUrl());
    QVERIFY(!connectPeer(peer).isEmpty());
    peer.send(QStringLiteral("4212[\"echo-ack\",1,\"two\",{\"3\":[true,null]}]"));
    QTRY_VERIFY_WITH_TIMEOUT(peer.has(QStringLiteral("4312[1,\"two\",{\"3\":[true,null]}]")),
                             15000);
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events.first().first, QStringLiteral("echo-ack"));
    QCOMPARE(m_events.first().second.value(1).toString(), QStringLiteral("two"));
}

void tst_SocketIoServer::emit_withAck_callbackReceivesClientArgs()
{
    RawPeer peer(wsUrl());
    QVERIFY(!connectPeer(peer).isEmpty());
    bool timedOut = true;
    QVariantList ackArgs;
    int calls = 0;
    QVERIFY(m_connected.first()->emitEvent(QStringLiteral("question"), {42},
                                           [&](bool t, const QVariantList &args) {
                                               ++calls;
                                               timedOut = t;
                                               ackArgs = args;
                                           }));
    QTRY_VERIFY_WITH_TIMEOUT(peer.has(QStringLiteral("420[\"question\",42]")), 15000);
    peer.send(QStringLiteral("430[\"answer\",7]"));
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 15000);
    QVERIFY(!timedOut);
    QCOMPARE(ackArgs, (QVariantList {QStringLiteral("answer"), 7.0}));
}

void tst_SocketIoServer::emit_ackNeverAnswered_callbackTimesOut()
{
    RawPeer peer(wsUrl());
    QVERIFY(!connectPeer(peer).isEmpty());
    bool timedOut = false;
    int calls = 0;
    m_connected.first()->emitEvent(
        QStringLiteral("question"), {},
        [&](bool t, const QVariantList &) {
            ++calls;
            timedOut = t;
        },
        200);
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 15000);
    QVERIFY(timedOut);
    // A late answer is ignored.
    peer.send(QStringLiteral("430[\"late\"]"));
    QTest::qWait(100);
    QCOMPARE(calls, 1);
}

void tst_SocketIoServer::binary_eventAttachments_arriveAsByteArrays()
{
    RawPeer peer(wsUrl());
    QVERIFY(!connectPeer(peer).isEmpty());
    peer.send(QStringLiteral("452-[\"upload\",{\"_placeholder\":true,\"num\":0},{\"name\":\"x\","
                             "\"data\":{\"_placeholder\":true,\"num\":1}}]"));
    peer.sendBinary(QByteArray("\x01\x02\x03", 3));
    peer.sendBinary(QByteArray("\xff\x00", 2));
    QTRY_COMPARE_WITH_TIMEOUT(m_events.size(), 1, 15000);
    const QVariantList args = m_events.first().second;
    QCOMPARE(args.value(0).toByteArray(), QByteArray("\x01\x02\x03", 3));
    QCOMPARE(args.value(1).toMap().value(QStringLiteral("data")).toByteArray(),
             QByteArray("\xff\x00", 2));
}

void tst_SocketIoServer::binary_serverEmit_sendsPlaceholdersAndFrames()
{
    RawPeer peer(wsUrl());
    QVERIFY(!connectPeer(peer).isEmpty());
    m_connected.first()->emitEvent(QStringLiteral("file"),
                                   {QByteArray("\x0a\x0b", 2), QStringLiteral("name")});
    QTRY_VERIFY_WITH_TIMEOUT(peer.has(QStringLiteral("bin:0a0b")), 15000);
    QVERIFY(peer.has(QStringLiteral("451-[\"file\",{\"_placeholder\":true,\"num\":0},\"name\"]")));
}

void tst_SocketIoServer::rooms_broadcast_reachesRoomExceptSender()
{
    RawPeer a(wsUrl());
    RawPeer b(wsUrl());
    RawPeer c(wsUrl());
    QVERIFY(!connectPeer(a).isEmpty());
    QVERIFY(!connectPeer(b).isEmpty());
    QVERIFY(!connectPeer(c).isEmpty());
    a.send(QStringLiteral("42[\"join\",\"r1\"]"));
    b.send(QStringLiteral("42[\"join\",\"r1\"]"));
    QTRY_COMPARE_WITH_TIMEOUT(m_io->of()->roomSize(QStringLiteral("r1")), 2, 15000);
    socketio::ServerSocket *sender = m_connected.first();
    QCOMPARE(sender->rooms(), QSet<QString> {QStringLiteral("r1")});
    m_io->of()->broadcast(QStringLiteral("r1"), QStringLiteral("news"), {QStringLiteral("hi")},
                          sender);
    m_io->of()->broadcast(QString(), QStringLiteral("all"), {1});
    const QString news = QStringLiteral("42[\"news\",\"hi\"]");
    const QString all = QStringLiteral("42[\"all\",1]");
    QTRY_VERIFY_WITH_TIMEOUT(a.has(all) && b.has(all) && c.has(all), 15000);
    QVERIFY(b.has(news));
    QVERIFY(!a.has(news));
    QVERIFY(!c.has(news));
}

void tst_SocketIoServer::jsonEvent_textEvent_arrivesAsJson_binaryOnlyAsVariant()
{
    RawPeer peer(wsUrl());
    QVERIFY(!connectPeer(peer).isEmpty());
    QList<QPair<QString, QJsonArray>> json;
    connect(m_connected.first(), &socketio::ServerSocket::jsonEventReceived, this,
            [&json](const QString &event, const QJsonArray &args, const socketio::EventAck &) {
                json.append({event, args});
            });
    peer.send(QStringLiteral("42[\"data\",{\"k\":[1,\"\u00e9\"]},null]"));
    peer.send(QStringLiteral("451-[\"bin\",{\"_placeholder\":true,\"num\":0}]"));
    peer.sendBinary(QByteArray("\x01\x02", 2));
    QTRY_COMPARE_WITH_TIMEOUT(m_events.size(), 2, 15000);
    QCOMPARE(json.size(), 1);
    QCOMPARE(json.first().first, QStringLiteral("data"));
    QCOMPARE(
        json.first().second,
        (QJsonArray {QJsonObject {{QStringLiteral("k"), QJsonArray {1, QStringLiteral("\u00e9")}}},
                     QJsonValue::Null}));
    QCOMPARE(m_events.at(1).first, QStringLiteral("bin"));
    QCOMPARE(m_events.at(1).second.value(0).toByteArray(), QByteArray("\x01\x02", 2));
}

void tst_SocketIoServer::broadcastJson_keepsObjectsAndLargeStrings()
{
    RawPeer a(wsUrl());
    QVERIFY(!connectPeer(a).isEmpty());
    a.send(QStringLiteral("42[\"join\",\"big\"]"));
    QTRY_COMPARE_WITH_TIMEOUT(m_io->of()->roomSize(QStringLiteral("big")), 1, 15000);
    const QString content(300000, QLatin1Char('x'));
    m_io->of()->broadcastJson(QStringLiteral("big"), QStringLiteral("message"),
                              {QJsonObject {{QStringLiteral("content"), content}}});
    const QString expected
        = QStringLiteral("42[\"message\",{\"content\":\"") + content + QStringLiteral("\"}]");
    QTRY_VERIFY_WITH_TIMEOUT(a.has(expected), 15000);
}

void tst_SocketIoServer::rooms_leave_stopsDelivery()
{
    RawPeer a(wsUrl());
    QVERIFY(!connectPeer(a).isEmpty());
    a.send(QStringLiteral("42[\"join\",\"r\"]"));
    QTRY_COMPARE_WITH_TIMEOUT(m_io->of()->roomSize(QStringLiteral("r")), 1, 15000);
    a.send(QStringLiteral("42[\"leave\",\"r\"]"));
    QTRY_COMPARE_WITH_TIMEOUT(m_io->of()->roomSize(QStringLiteral("r")), 0, 15000);
    m_io->of()->broadcast(QStringLiteral("r"), QStringLiteral("gone"), {});
    m_io->of()->broadcast(QString(), QStringLiteral("marker"), {});
    QTRY_VERIFY_WITH_TIMEOUT(a.has(QStringLiteral("42[\"marker\"]")), 15000);
    QVERIFY(!a.has(QStringLiteral("42[\"gone\"]")));
}

void tst_SocketIoServer::disconnect_clientNamespaceDisconnect_reportsReason()
{
    RawPeer peer(wsUrl());
    QVERIFY(!connectPeer(peer).isEmpty());
    peer.send(QStringLiteral("41"));
    QTRY_COMPARE_WITH_TIMEOUT(m_reasons,
                              QStringList {QStringLiteral("client namespace disconnect")}, 15000);
    QCOMPARE(m_io->of()->sockets().size(), 0);
    // The Engine.IO session stays open: another namespace may still be joined.
    QCOMPARE(m_io->sessionCount(), 1);
    QVERIFY(!connectPeer(peer, QStringLiteral("/custom")).isEmpty());
}

void tst_SocketIoServer::disconnect_transportClose_reportsReasonAndCleansRooms()
{
    auto peer = std::make_unique<RawPeer>(wsUrl());
    QVERIFY(!connectPeer(*peer).isEmpty());
    peer->send(QStringLiteral("42[\"join\",\"r\"]"));
    QTRY_COMPARE_WITH_TIMEOUT(m_io->of()->roomSize(QStringLiteral("r")), 1, 15000);
    peer->socket->close();
    QTRY_COMPARE_WITH_TIMEOUT(m_reasons, QStringList {QStringLiteral("transport close")}, 15000);
    QCOMPARE(m_io->of()->roomSize(QStringLiteral("r")), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_io->sessionCount(), 0, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(m_connected.first().isNull(), 15000);
}

void tst_SocketIoServer::malformed_packets_closeOnlyThatConnection_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("binary");
    QTest::newRow("not json") << QStringLiteral("42[\"a\",") << QByteArray();
    QTest::newRow("event not array") << QStringLiteral("42{}") << QByteArray();
    QTest::newRow("event empty array") << QStringLiteral("42[]") << QByteArray();
    QTest::newRow("unknown type") << QStringLiteral("4abc") << QByteArray();
    QTest::newRow("bad ack id") << QStringLiteral("42abc[\"a\"]") << QByteArray();
    QTest::newRow("bad placeholder")
        << QStringLiteral("451-[\"a\",{\"_placeholder\":true,\"num\":5}]") << QByteArray("x");
    QTest::newRow("unexpected binary") << QString() << QByteArray("\x01\x02", 2);
    QTest::newRow("bad engine packet") << QStringLiteral("9") << QByteArray();
}

void tst_SocketIoServer::malformed_packets_closeOnlyThatConnection()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, binary);
    RawPeer bad(wsUrl());
    RawPeer good(wsUrl());
    QVERIFY(!connectPeer(bad).isEmpty());
    QVERIFY(!connectPeer(good).isEmpty());
    if (!text.isEmpty())
        bad.send(text);
    if (!binary.isEmpty())
        bad.sendBinary(binary);
    QTRY_COMPARE_WITH_TIMEOUT(bad.disconnects, 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(m_reasons, QStringList {QStringLiteral("parse error")}, 15000);
    good.send(QStringLiteral("421[\"echo-ack\",\"ok\"]"));
    QTRY_VERIFY_WITH_TIMEOUT(good.has(QStringLiteral("431[\"ok\"]")), 15000);
    QCOMPARE(good.disconnects, 0);
}

void tst_SocketIoServer::slowReader_overBufferLimit_isDropped()
{
    // A peer that completes the WebSocket handshake and the CONNECT, then never reads again.
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, m_host->serverPort());
    QVERIFY(raw.waitForConnected(10000));
    raw.setReadBufferSize(4096);
    raw.write("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              "Upgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    // Masked client text frame "40".
    const QByteArray mask("\x01\x02\x03\x04", 4);
    QByteArray frame("\x81\x82", 2);
    frame += mask;
    frame += char('4' ^ 0x01);
    frame += char('0' ^ 0x02);
    QTRY_VERIFY_WITH_TIMEOUT(m_io->sessionCount() == 1, 15000);
    raw.write(frame);
    QTRY_COMPARE_WITH_TIMEOUT(m_connected.size(), 1, 15000);
    QSignalSpy dropped(m_connected.first().data(), &socketio::ServerSocket::disconnected);
    const QString big(64 * 1024, QLatin1Char('x'));
    for (int i = 0; i < 400 && dropped.isEmpty(); ++i) {
        m_io->of()->broadcast(QString(), QStringLiteral("flood"), {big});
        QTest::qWait(5);
    }
    QTRY_COMPARE_WITH_TIMEOUT(dropped.count(), 1, 15000);
    QCOMPARE(dropped.first().first().toString(), QStringLiteral("transport error"));
}

QTEST_GUILESS_MAIN(tst_SocketIoServer)
#include "tst_socketioserver.moc"
