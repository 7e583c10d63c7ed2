// The server's own WebSocket layer, spoken to byte by byte over raw TCP: the upgrade handshake
// and its refusals, RFC 6455 framing in both directions, protocol errors closing only the
// offending connection, a reader that stops reading, and the write reactors (frames in order on
// every thread count).
#include "engineio/engineserver.h"
#include "engineio/enginesession.h"
#include "engineio/websocketframe.h"
#include "server/httphost.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <memory>

using namespace engineio;

class tst_WebSocketConnection : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void upgrade_validRequest_answers101AndOpenPacket();
    void upgrade_invalid_isRefusedWithHttpError_data();
    void upgrade_invalid_isRefusedWithHttpError();
    void upgrade_afterAnotherRequestOnSameConnection_isRefused();
    void ping_isAnsweredWithPongCarryingPayload();
    void fragmentedMessage_isDeliveredWhole();
    void framesSplitAcrossReads_areDelivered();
    void protocolError_closesOnlyThatConnection_data();
    void protocolError_closesOnlyThatConnection();
    void clientClose_isEchoedAndSessionEnds();
    void broadcastFrame_reachesEveryClient();
    void readerThatStopsReading_isDroppedAtBufferLimit();
    void writesOnWriteReactors_keepTheirOrder_data();
    void writesOnWriteReactors_keepTheirOrder();

private:
    // A raw client past the upgrade; returns the socket with the OPEN packet consumed.
    std::unique_ptr<QTcpSocket> openRaw(const QByteArray &query = "EIO=4&transport=websocket");
    // The next server frame from `socket` (opcode, payload), waiting up to 10 s.
    std::optional<std::pair<quint8, QByteArray>> readFrame(QTcpSocket &socket);
    QByteArray request(const QByteArray &path, const QByteArray &extraHeaders) const;

    std::unique_ptr<EngineServer> m_engine;
    std::unique_ptr<server::HttpHost> m_host;
    QByteArray m_pending;
};

namespace {

QByteArray maskedFrame(quint8 first, const QByteArray &payload, bool masked = true)
{
    const QByteArray mask("\x11\x22\x33\x44", 4);
    QByteArray frame;
    frame.append(char(first));
    Q_ASSERT(payload.size() < 126);
    frame.append(char((masked ? 0x80 : 0) | payload.size()));
    if (!masked)
        return frame + payload;
    frame.append(mask);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload.at(i) ^ mask.at(i % 4)));
    return frame;
}

} // namespace

void tst_WebSocketConnection::init()
{
    EngineOptions options;
    options.paths = {QStringLiteral("/engine.io/")};
    options.maxPayload = 1000;
    options.maxBufferedBytes = 256 * 1024;
    m_engine = std::make_unique<EngineServer>(options);
    m_host = std::make_unique<server::HttpHost>(m_engine.get());
    QVERIFY(m_host->listen(QHostAddress::LocalHost, 0));
    m_pending.clear();
}

void tst_WebSocketConnection::cleanup()
{
    m_host.reset();
    m_engine.reset();
}

QByteArray tst_WebSocketConnection::request(const QByteArray &path,
                                            const QByteArray &extraHeaders) const
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

std::optional<std::pair<quint8, QByteArray>> tst_WebSocketConnection::readFrame(QTcpSocket &socket)
{
    std::optional<std::pair<quint8, QByteArray>> frame;
    (void)QTest::qWaitFor(
        [&] {
            m_pending += socket.readAll();
            if (m_pending.size() < 2)
                return false;
            const auto *head = reinterpret_cast<const quint8 *>(m_pending.constData());
            if (head[1] & 0x80)
                return true; // server frames are never masked: report as malformed below
            qsizetype length = head[1] & 0x7F;
            qsizetype header = 2;
            if (length == 126) {
                if (m_pending.size() < 4)
                    return false;
                length = (head[2] << 8) | head[3];
                header = 4;
            } else if (length == 127) {
                if (m_pending.size() < 10)
                    return false;
                length = 0;
                for (int i = 2; i < 10; ++i)
                    length = (length << 8) | head[i];
                header = 10;
            }
            if (m_pending.size() < header + length)
                return false;
            frame = std::make_pair(quint8(head[0]), m_pending.mid(header, length));
            m_pending.remove(0, header + length);
            return true;
        },
        10000);
    return frame;
}

std::unique_ptr<QTcpSocket> tst_WebSocketConnection::openRaw(const QByteArray &query)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, m_host->serverPort());
    if (!socket->waitForConnected(10000))
        return nullptr;
    socket->write(request("/engine.io/?" + query,
                          "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                          "Sec-WebSocket-Version: 13\r\n"));
    QByteArray response;
    if (!QTest::qWaitFor(
            [&] {
                response += socket->read(1); // byte by byte: leave the first frame unread
                return response.endsWith("\r\n\r\n");
            },
            10000))
        return nullptr;
    if (!response.startsWith("HTTP/1.1 101 ")
        || !response.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"))
        return nullptr;
    m_pending.clear();
    const auto open = readFrame(*socket);
    if (!open || open->first != 0x81 || !open->second.startsWith("0{"))
        return nullptr;
    return socket;
}

void tst_WebSocketConnection::upgrade_validRequest_answers101AndOpenPacket()
{
    QSignalSpy opened(m_engine.get(), &EngineServer::sessionOpened);
    auto socket = openRaw();
    QVERIFY(socket);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(m_engine->sessionCount(), 1);
    QCOMPARE(m_engine->sessions().constFirst()->transport(), TransportKind::WebSocket);
}

void tst_WebSocketConnection::upgrade_invalid_isRefusedWithHttpError_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("statusLine");
    const QByteArray upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
    const QByteArray key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    const QByteArray version = "Sec-WebSocket-Version: 13\r\n";
    QTest::newRow("outside the Engine.IO path")
        << QByteArray("/elsewhere/?EIO=4&transport=websocket") << upgrade + key + version
        << QByteArray("HTTP/1.1 404 ");
    QTest::newRow("no key") << QByteArray("/engine.io/?EIO=4&transport=websocket")
                            << upgrade + version << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("version 8") << QByteArray("/engine.io/?EIO=4&transport=websocket")
                               << upgrade + key + "Sec-WebSocket-Version: 8\r\n"
                               << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("Engine.IO v3") << QByteArray("/engine.io/?EIO=3&transport=websocket")
                                  << upgrade + key + version << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("unknown sid") << QByteArray("/engine.io/?EIO=4&transport=websocket&sid=nope")
                                 << upgrade + key + version << QByteArray("HTTP/1.1 400 ");
}

void tst_WebSocketConnection::upgrade_invalid_isRefusedWithHttpError()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, statusLine);
    QTcpSocket socket;
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    socket.connectToHost(QHostAddress::LocalHost, m_host->serverPort());
    QVERIFY(socket.waitForConnected(10000));
    socket.write(request(path, headers));
    QByteArray response;
    QTRY_VERIFY_WITH_TIMEOUT((response += socket.readAll()).contains("\r\n\r\n"), 10000);
    QVERIFY2(response.startsWith(statusLine), response.constData());
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 10000);
    QCOMPARE(m_engine->sessionCount(), 0);
}

void tst_WebSocketConnection::upgrade_afterAnotherRequestOnSameConnection_isRefused()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_host->serverPort());
    QVERIFY(socket.waitForConnected(10000));
    socket.write(request("/nothing-here", {}));
    QByteArray response;
    QTRY_VERIFY_WITH_TIMEOUT((response += socket.readAll()).contains("\r\n\r\n"), 10000);
    QVERIFY(response.startsWith("HTTP/1.1 404 "));
    response.clear();
    socket.write(request("/engine.io/?EIO=4&transport=websocket",
                         "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         "Sec-WebSocket-Version: 13\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT((response += socket.readAll()).contains("\r\n\r\n"), 10000);
    QVERIFY2(response.startsWith("HTTP/1.1 4"), response.constData());
    QCOMPARE(m_engine->sessionCount(), 0);
}

void tst_WebSocketConnection::ping_isAnsweredWithPongCarryingPayload()
{
    auto socket = openRaw();
    QVERIFY(socket);
    socket->write(maskedFrame(0x89, "are you there"));
    const auto pong = readFrame(*socket);
    QVERIFY(pong);
    QCOMPARE(pong->first, quint8(0x8A));
    QCOMPARE(pong->second, QByteArray("are you there"));
}

void tst_WebSocketConnection::fragmentedMessage_isDeliveredWhole()
{
    QSignalSpy received(m_engine.get(), &EngineServer::messageReceived);
    auto socket = openRaw();
    QVERIFY(socket);
    socket->write(maskedFrame(0x01, "4hel"));
    socket->write(maskedFrame(0x89, "x")); // a control frame between fragments
    socket->write(maskedFrame(0x00, "lo "));
    socket->write(maskedFrame(0x80, "\xe2\x82\xac"));
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, 10000);
    QCOMPARE(received.at(0).at(1).toByteArray(), QByteArray("hello \xe2\x82\xac"));
    QCOMPARE(received.at(0).at(2).toBool(), false);
}

void tst_WebSocketConnection::framesSplitAcrossReads_areDelivered()
{
    QSignalSpy received(m_engine.get(), &EngineServer::messageReceived);
    auto socket = openRaw();
    QVERIFY(socket);
    const QByteArray frames
        = maskedFrame(0x81, "4first") + maskedFrame(0x82, QByteArray("\x00\x01", 2));
    for (char byte : frames) {
        socket->write(&byte, 1);
        QVERIFY(socket->waitForBytesWritten(1000) || socket->bytesToWrite() == 0);
        QTest::qWait(2);
    }
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 2, 10000);
    QCOMPARE(received.at(0).at(1).toByteArray(), QByteArray("first"));
    QCOMPARE(received.at(1).at(1).toByteArray(), QByteArray("\x00\x01", 2));
    QCOMPARE(received.at(1).at(2).toBool(), true);
}

void tst_WebSocketConnection::protocolError_closesOnlyThatConnection_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("closeCode");
    QTest::newRow("unmasked") << maskedFrame(0x81, "4x", false) << 1002;
    QTest::newRow("reserved bits") << maskedFrame(0xF1, "4x") << 1002;
    QTest::newRow("invalid UTF-8") << maskedFrame(0x81, "4\xff") << 1007;
    QByteArray oversized("\x82\xfe\x03\xe9\x00\x00\x00\x00", 8); // 1001 bytes > maxPayload
    oversized.append(QByteArray(1001, '\0'));
    QTest::newRow("over maxPayload") << oversized << 1009;
}

void tst_WebSocketConnection::protocolError_closesOnlyThatConnection()
{
    QFETCH(QByteArray, frame);
    QFETCH(int, closeCode);
    QSignalSpy sessionClosed(m_engine.get(), &EngineServer::sessionClosed);
    auto bystander = openRaw();
    QVERIFY(bystander);
    const QByteArray bystanderPending = std::exchange(m_pending, {});
    auto offender = openRaw();
    QVERIFY(offender);
    QSignalSpy offenderClosed(offender.get(), &QTcpSocket::disconnected);
    offender->write(frame);
    const auto close = readFrame(*offender);
    QVERIFY(close);
    QCOMPARE(close->first, quint8(0x88));
    QVERIFY(close->second.size() >= 2);
    QCOMPARE((quint8(close->second.at(0)) << 8) | quint8(close->second.at(1)), closeCode);
    QTRY_COMPARE_WITH_TIMEOUT(offenderClosed.count(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(sessionClosed.count(), 1, 10000);
    // The other client is still served.
    QCOMPARE(m_engine->sessionCount(), 1);
    m_pending = bystanderPending;
    bystander->write(maskedFrame(0x89, "still"));
    const auto pong = readFrame(*bystander);
    QVERIFY(pong);
    QCOMPARE(pong->second, QByteArray("still"));
}

void tst_WebSocketConnection::clientClose_isEchoedAndSessionEnds()
{
    QSignalSpy sessionClosed(m_engine.get(), &EngineServer::sessionClosed);
    auto socket = openRaw();
    QVERIFY(socket);
    QSignalSpy closed(socket.get(), &QTcpSocket::disconnected);
    socket->write(maskedFrame(0x88, QByteArray("\x03\xe8", 2)));
    const auto echo = readFrame(*socket);
    QVERIFY(echo);
    QCOMPARE(echo->first, quint8(0x88));
    QCOMPARE(echo->second, QByteArray("\x03\xe8", 2));
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(sessionClosed.count(), 1, 10000);
    QCOMPARE(sessionClosed.at(0).at(1).toString(), QStringLiteral("transport close"));
}

void tst_WebSocketConnection::broadcastFrame_reachesEveryClient()
{
    // Stock clients (QWebSocket) receive a message prepared once for all of them.
    QList<QWebSocket *> clients;
    QList<QStringList> received;
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/engine.io/?EIO=4&transport=websocket")
                       .arg(m_host->serverPort()));
    for (int i = 0; i < 20; ++i) {
        auto *client = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        received.append(QStringList());
        connect(client, &QWebSocket::textMessageReceived, this,
                [&received, i](const QString &text) { received[i].append(text); });
        client->open(url);
        clients.append(client);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessionCount(), 20, 20000);
    const PreparedMessage message = prepareTextMessage(QByteArray(5000, 'm'));
    for (EngineSession *session : m_engine->sessions())
        session->sendPrepared(message);
    for (int i = 0; i < 20; ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(received.at(i).size(), 2, 10000);
        QCOMPARE(received.at(i).at(1), QStringLiteral("4") + QString(5000, QLatin1Char('m')));
    }
    qDeleteAll(clients);
}

void tst_WebSocketConnection::readerThatStopsReading_isDroppedAtBufferLimit()
{
    QSignalSpy sessionClosed(m_engine.get(), &EngineServer::sessionClosed);
    auto socket = openRaw();
    QVERIFY(socket);
    socket->setReadBufferSize(1); // the client stops reading; the kernel buffers fill
    QPointer<EngineSession> session = m_engine->sessions().constFirst();
    const PreparedMessage message = prepareTextMessage(QByteArray(64 * 1024, 'x'));
    qint64 sent = 0;
    for (int i = 0; i < 2000 && session && sessionClosed.isEmpty(); ++i) {
        session->sendPrepared(message);
        sent += message.frame.size();
        QCoreApplication::processEvents();
    }
    QTRY_COMPARE_WITH_TIMEOUT(sessionClosed.count(), 1, 10000);
    QCOMPARE(sessionClosed.at(0).at(1).toString(), QStringLiteral("transport error"));
    // What was accepted before the drop is bounded by the kernel buffers plus the limit.
    QVERIFY2(sent < 64 * 1024 * 1024, qPrintable(QString::number(sent)));
}

void tst_WebSocketConnection::writesOnWriteReactors_keepTheirOrder_data()
{
    QTest::addColumn<int>("threads");
    QTest::addColumn<bool>("ioUring");
    QTest::newRow("server thread") << 1 << false;
    QTest::newRow("3 write reactors, send()") << 3 << false;
    QTest::newRow("3 write reactors, io_uring") << 3 << true;
}

void tst_WebSocketConnection::writesOnWriteReactors_keepTheirOrder()
{
    // Broadcasts (one hand-off per reactor), single frames and frames larger than the kernel
    // takes at once (queued on the reactor until writable) reach each client in the order sent.
    QFETCH(int, threads);
    QFETCH(bool, ioUring);
    cleanup();
    EngineOptions options;
    options.paths = {QStringLiteral("/engine.io/")};
    options.threads = threads;
    options.ioUring = ioUring;
    options.maxBufferedBytes = 64 * 1024 * 1024;
    m_engine = std::make_unique<EngineServer>(options);
    m_host = std::make_unique<server::HttpHost>(m_engine.get());
    QVERIFY(m_host->listen(QHostAddress::LocalHost, 0));
    const bool epoll = m_host->socketBackend() == SocketBackend::Epoll;
    QCOMPARE(m_engine->writeThreadCount(), epoll ? threads : 1);
    if (!ioUring)
        QVERIFY(!m_engine->writesWithIoUring());
    else if (!m_engine->writesWithIoUring())
        QSKIP("no io_uring here (a build without liburing, a kernel or sandbox that refuses it, "
              "or the QTcpSocket backend)");

    constexpr int kClients = 3;
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    std::vector<QByteArray> pending(kClients); // bytes past each client's OPEN packet
    for (int i = 0; i < kClients; ++i) {
        m_pending.clear();
        clients.push_back(openRaw());
        QVERIFY(clients.back());
        pending[size_t(i)] = m_pending;
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessionCount(), kClients, 10000);
    const QList<EngineSession *> sessions = m_engine->sessions();
    QList<QByteArray> expected;
    for (int n = 0; n < 60; ++n) {
        // Every 10th message is 256 KB: a few of them fill the socket buffers of loopback.
        const QByteArray text
            = QByteArray::number(n) + ':' + QByteArray(n % 10 ? 8 : 256 * 1024, 'b');
        const PreparedMessage message = prepareTextMessage(text);
        m_engine->beginBroadcast();
        for (EngineSession *session : sessions) {
            session->sendPrepared(message);
            if (n % 5 == 0)
                session->sendPrepared(message); // the same frame twice in one hand-off
        }
        m_engine->endBroadcast();
        expected.append('4' + text);
        if (n % 5 == 0)
            expected.append('4' + text);
        if (n % 7 == 0) {
            const QByteArray single = "single " + QByteArray::number(n);
            for (EngineSession *session : sessions)
                session->sendText(single);
            expected.append('4' + single);
        }
    }
    // Read every client at once (one buffer each), then check the frames in order.
    qsizetype wireBytes = 0;
    for (const QByteArray &payload : std::as_const(expected))
        wireBytes += payload.size() + (payload.size() < 126 ? 2 : payload.size() < 65536 ? 4 : 10);
    const auto allRead = [&] {
        bool done = true;
        for (int i = 0; i < kClients; ++i) {
            pending[size_t(i)] += clients[size_t(i)]->readAll();
            done = done && pending[size_t(i)].size() >= wireBytes;
        }
        return done;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allRead(), 20000);
    for (int i = 0; i < kClients; ++i) {
        const QByteArray &bytes = pending[size_t(i)];
        qsizetype at = 0;
        for (qsizetype k = 0; k < expected.size();) {
            QVERIFY(bytes.size() - at >= 2);
            const auto *head = reinterpret_cast<const quint8 *>(bytes.constData() + at);
            QCOMPARE(head[0], quint8(0x81));
            qsizetype length = head[1] & 0x7F;
            qsizetype header = 2;
            if (length == 126) {
                length = (head[2] << 8) | head[3];
                header = 4;
            } else if (length == 127) {
                length = 0;
                for (int b = 2; b < 10; ++b)
                    length = (length << 8) | head[b];
                header = 10;
            }
            const QByteArray payload = bytes.mid(at + header, length);
            at += header + length;
            if (payload == "2")
                continue; // a heartbeat PING may come in between
            const QByteArray &want = expected.at(k++);
            QCOMPARE(payload.left(40), want.left(40));
            QCOMPARE(payload.size(), want.size());
        }
    }
    QCOMPARE(m_engine->sessionCount(), kClients);
}

QTEST_GUILESS_MAIN(tst_WebSocketConnection)
#include "tst_websocketconnection.moc"
