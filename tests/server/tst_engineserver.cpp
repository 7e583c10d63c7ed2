// The Engine.IO v4 server spoken to over raw HTTP (QNetworkAccessManager) and a raw QWebSocket.
#include "engineio/engineserver.h"
#include "engineio/enginesession.h"
#include "server/httphost.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include <memory>

namespace {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;
};

} // namespace

class tst_EngineServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void handshake_polling_returnsOpenPacketWithFields();
    void handshake_webSocket_announcesNoUpgrades();
    void badRequest_answers400WithReferenceCode_data();
    void badRequest_answers400WithReferenceCode();
    void polling_postThenGet_echoesTextAndBinary();
    void polling_getWithoutData_isHeldUntilMessage();
    void polling_overlappingGet_answers400AndClosesSession();
    void polling_invalidPayload_closesSession();
    void polling_oversizedPost_closesSession();
    void polling_hugeBody_dropsConnectionAndServerStaysUp();
    void heartbeat_pongs_keepWebSocketSessionOpen();
    void heartbeat_noPong_closesSession();
    void webSocket_invalidFrame_closesOnlyThatSession();
    void webSocket_oversizedFrame_closesSocket();
    void upgrade_probeSequence_movesSessionToWebSocket();
    void upgrade_secondWebSocketAfterUpgrade_isClosed();
    void cors_preflight_allowsOriginAndHeaders();
    void closePacket_endsSessionAndHeldPollGetsNoop();
    void serverClose_pollingSession_deliversQueuedThenClosePacket();

private:
    void start(int pingIntervalMs, int pingTimeoutMs);
    QUrl url(const QString &query, bool ws = false) const;
    HttpResult http(const QByteArray &method, const QString &query, const QByteArray &body = {},
                    const QList<QPair<QByteArray, QByteArray>> &headers = {});
    QString openPollingSession();
    std::unique_ptr<QWebSocket> openWebSocket(const QString &query, QStringList *received);

    std::unique_ptr<engineio::EngineServer> m_engine;
    std::unique_ptr<server::HttpHost> m_host;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    int m_openedSessions = 0;
    QStringList m_closeReasons;
};

void tst_EngineServer::init()
{
    start(10000, 10000);
}

void tst_EngineServer::start(int pingIntervalMs, int pingTimeoutMs)
{
    m_host.reset();
    m_engine.reset();
    engineio::EngineOptions options;
    options.paths = {QStringLiteral("/engine.io/")};
    options.pingIntervalMs = pingIntervalMs;
    options.pingTimeoutMs = pingTimeoutMs;
    options.maxPayload = 100000;
    m_engine = std::make_unique<engineio::EngineServer>(options);
    connect(m_engine.get(), &engineio::EngineServer::messageReceived, m_engine.get(),
            [](engineio::EngineSession *session, const QByteArray &data, bool binary) {
                binary ? session->sendBinary(data) : session->sendText(data);
            });
    m_openedSessions = 0;
    m_closeReasons.clear();
    connect(m_engine.get(), &engineio::EngineServer::sessionOpened, m_engine.get(),
            [this] { ++m_openedSessions; });
    connect(m_engine.get(), &engineio::EngineServer::sessionClosed, m_engine.get(),
            [this](engineio::EngineSession *, const QString &reason) { m_closeReasons << reason; });
    m_host = std::make_unique<server::HttpHost>(m_engine.get());
    QString error;
    QVERIFY2(m_host->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void tst_EngineServer::cleanup()
{
    m_nam.reset();
    m_host.reset();
    m_engine.reset();
}

QUrl tst_EngineServer::url(const QString &query, bool ws) const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2/engine.io/?%3")
                    .arg(ws ? QStringLiteral("ws") : QStringLiteral("http"))
                    .arg(m_host->serverPort())
                    .arg(query));
}

HttpResult tst_EngineServer::http(const QByteArray &method, const QString &query,
                                  const QByteArray &body,
                                  const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url(query));
    request.setTransferTimeout(20000);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_nam->sendCustomRequest(request, method, body);
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.error = reply->error();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}

QString tst_EngineServer::openPollingSession()
{
    const HttpResult result = http("GET", QStringLiteral("EIO=4&transport=polling"));
    if (result.status != 200 || !result.body.startsWith('0'))
        return {};
    return QJsonDocument::fromJson(result.body.mid(1))
        .object()
        .value(QStringLiteral("sid"))
        .toString();
}

std::unique_ptr<QWebSocket> tst_EngineServer::openWebSocket(const QString &query,
                                                            QStringList *received)
{
    auto socket = std::make_unique<QWebSocket>();
    connect(socket.get(), &QWebSocket::textMessageReceived, socket.get(),
            [received](const QString &text) { received->append(text); });
    connect(socket.get(), &QWebSocket::binaryMessageReceived, socket.get(),
            [received](const QByteArray &bytes) {
                received->append(QStringLiteral("bin:") + QString::fromLatin1(bytes.toHex()));
            });
    socket->open(url(query, true));
    return socket;
}

void tst_EngineServer::handshake_polling_returnsOpenPacketWithFields()
{
    const HttpResult result = http("GET", QStringLiteral("EIO=4&transport=polling"));
    QCOMPARE(result.status, 200);
    QVERIFY(result.body.startsWith('0'));
    const QJsonObject open = QJsonDocument::fromJson(result.body.mid(1)).object();
    QCOMPARE(open.value(QStringLiteral("sid")).toString().size(), 20);
    QCOMPARE(open.value(QStringLiteral("upgrades")).toArray(),
             QJsonArray {QStringLiteral("websocket")});
    QCOMPARE(open.value(QStringLiteral("pingInterval")).toInt(), 10000);
    QCOMPARE(open.value(QStringLiteral("pingTimeout")).toInt(), 10000);
    QCOMPARE(open.value(QStringLiteral("maxPayload")).toInt(), 100000);
    QCOMPARE(m_engine->sessionCount(), 1);
}

void tst_EngineServer::handshake_webSocket_announcesNoUpgrades()
{
    QStringList received;
    auto socket = openWebSocket(QStringLiteral("EIO=4&transport=websocket"), &received);
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);
    QVERIFY(received.first().startsWith(QLatin1Char('0')));
    const QJsonObject open = QJsonDocument::fromJson(received.first().mid(1).toUtf8()).object();
    QCOMPARE(open.value(QStringLiteral("upgrades")).toArray(), QJsonArray());
    QCOMPARE(open.value(QStringLiteral("sid")).toString().size(), 20);
}

void tst_EngineServer::badRequest_answers400WithReferenceCode_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("code");
    QTest::newRow("unknown transport")
        << QByteArray("GET") << QStringLiteral("EIO=4&transport=abc") << 0;
    QTest::newRow("no transport") << QByteArray("GET") << QStringLiteral("EIO=4") << 0;
    QTest::newRow("unknown sid") << QByteArray("GET")
                                 << QStringLiteral("EIO=4&transport=polling&sid=nope") << 1;
    QTest::newRow("POST handshake")
        << QByteArray("POST") << QStringLiteral("EIO=4&transport=polling") << 2;
    QTest::newRow("PUT handshake")
        << QByteArray("PUT") << QStringLiteral("EIO=4&transport=polling") << 2;
    QTest::newRow("websocket over HTTP")
        << QByteArray("GET") << QStringLiteral("EIO=4&transport=websocket") << 3;
    QTest::newRow("EIO 3") << QByteArray("GET") << QStringLiteral("EIO=3&transport=polling") << 5;
    QTest::newRow("no EIO") << QByteArray("GET") << QStringLiteral("transport=polling") << 5;
}

void tst_EngineServer::badRequest_answers400WithReferenceCode()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, query);
    QFETCH(int, code);
    const HttpResult result = http(method, query, method == "GET" ? QByteArray() : "4x");
    QCOMPARE(result.status, 400);
    const QJsonObject body = QJsonDocument::fromJson(result.body).object();
    QCOMPARE(body.value(QStringLiteral("code")).toInt(-1), code);
    QVERIFY(!body.value(QStringLiteral("message")).toString().isEmpty());
    QCOMPARE(m_engine->sessionCount(), 0);
}

void tst_EngineServer::polling_postThenGet_echoesTextAndBinary()
{
    const QString sid = openPollingSession();
    QVERIFY(!sid.isEmpty());
    const QString query = QStringLiteral("EIO=4&transport=polling&sid=") + sid;
    const HttpResult post = http("POST", query,
                                 "4hello\x1e"
                                 "bAQIDBA==\x1e"
                                 "4h\xc3\xa9");
    QCOMPARE(post.status, 200);
    QCOMPARE(post.body, QByteArray("ok"));
    const HttpResult poll = http("GET", query);
    QCOMPARE(poll.status, 200);
    QCOMPARE(poll.body,
             QByteArray("4hello\x1e"
                        "bAQIDBA==\x1e"
                        "4h\xc3\xa9"));
}

void tst_EngineServer::polling_getWithoutData_isHeldUntilMessage()
{
    const QString sid = openPollingSession();
    QVERIFY(!sid.isEmpty());
    const QString query = QStringLiteral("EIO=4&transport=polling&sid=") + sid;
    QNetworkReply *reply = m_nam->get(QNetworkRequest(url(query)));
    QTest::qWait(100);
    QVERIFY(!reply->isFinished());
    m_engine->session(sid)->sendText("later");
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 15000);
    QCOMPARE(reply->readAll(), QByteArray("4later"));
    reply->deleteLater();
}

void tst_EngineServer::polling_overlappingGet_answers400AndClosesSession()
{
    const QString sid = openPollingSession();
    QVERIFY(!sid.isEmpty());
    const QString query = QStringLiteral("EIO=4&transport=polling&sid=") + sid;
    QNetworkReply *first = m_nam->get(QNetworkRequest(url(query)));
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->session(sid) && m_engine->sessionCount() == 1, 15000);
    QTest::qWait(100);
    const HttpResult second = http("GET", query + QStringLiteral("&t=burst"));
    QCOMPARE(second.status, 400);
    QTRY_VERIFY_WITH_TIMEOUT(first->isFinished(), 15000);
    QCOMPARE(first->readAll(), QByteArray("1"));
    first->deleteLater();
    QCOMPARE(m_engine->sessionCount(), 0);
    QCOMPARE(http("GET", query).status, 400);
    QCOMPARE(m_closeReasons, QStringList {QStringLiteral("transport error")});
}

void tst_EngineServer::polling_invalidPayload_closesSession()
{
    const QString sid = openPollingSession();
    QVERIFY(!sid.isEmpty());
    const QString query = QStringLiteral("EIO=4&transport=polling&sid=") + sid;
    QCOMPARE(http("POST", query, "abc").status, 400);
    QCOMPARE(m_engine->sessionCount(), 0);
    QCOMPARE(m_closeReasons, QStringList {QStringLiteral("parse error")});
}

void tst_EngineServer::polling_oversizedPost_closesSession()
{
    const QString sid = openPollingSession();
    QVERIFY(!sid.isEmpty());
    const QString query = QStringLiteral("EIO=4&transport=polling&sid=") + sid;
    const HttpResult result = http("POST", query, "4" + QByteArray(130000, 'x'));
    QCOMPARE(result.status, 413);
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessionCount(), 0, 15000);
    QCOMPARE(http("GET", query).status, 400);
}

void tst_EngineServer::polling_hugeBody_dropsConnectionAndServerStaysUp()
{
    const HttpResult result = http("POST", QStringLiteral("EIO=4&transport=polling&sid=x"),
                                   QByteArray(8 * 1024 * 1024, 'x'));
    QVERIFY(result.error != QNetworkReply::NoError);
    QVERIFY(!openPollingSession().isEmpty());
}

void tst_EngineServer::heartbeat_pongs_keepWebSocketSessionOpen()
{
    start(200, 3000);
    QStringList received;
    auto socket = openWebSocket(QStringLiteral("EIO=4&transport=websocket"), &received);
    connect(socket.get(), &QWebSocket::textMessageReceived, socket.get(),
            [&socket](const QString &text) {
                if (text == QLatin1String("2"))
                    socket->sendTextMessage(QStringLiteral("3"));
            });
    QTRY_VERIFY_WITH_TIMEOUT(received.count(QStringLiteral("2")) >= 4, 15000);
    QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);
    QCOMPARE(m_engine->sessionCount(), 1);
    QVERIFY(m_closeReasons.isEmpty());
}

void tst_EngineServer::heartbeat_noPong_closesSession()
{
    start(200, 300);
    QStringList received;
    auto socket = openWebSocket(QStringLiteral("EIO=4&transport=websocket"), &received);
    QSignalSpy closed(socket.get(), &QWebSocket::disconnected);
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 15000);
    QVERIFY(received.contains(QStringLiteral("2")));
    QCOMPARE(m_engine->sessionCount(), 0);
    QCOMPARE(m_closeReasons, QStringList {QStringLiteral("ping timeout")});
}

void tst_EngineServer::webSocket_invalidFrame_closesOnlyThatSession()
{
    QStringList receivedA;
    QStringList receivedB;
    auto a = openWebSocket(QStringLiteral("EIO=4&transport=websocket"), &receivedA);
    auto b = openWebSocket(QStringLiteral("EIO=4&transport=websocket"), &receivedB);
    QTRY_VERIFY_WITH_TIMEOUT(!receivedA.isEmpty() && !receivedB.isEmpty(), 15000);
    QSignalSpy closedA(a.get(), &QWebSocket::disconnected);
    QSignalSpy closedB(b.get(), &QWebSocket::disconnected);
    a->sendTextMessage(QStringLiteral("abc"));
    QTRY_COMPARE_WITH_TIMEOUT(closedA.count(), 1, 15000);
    b->sendTextMessage(QStringLiteral("4still here"));
    QTRY_VERIFY_WITH_TIMEOUT(receivedB.contains(QStringLiteral("4still here")), 15000);
    QCOMPARE(closedB.count(), 0);
}

void tst_EngineServer::webSocket_oversizedFrame_closesSocket()
{
    QStringList received;
    auto socket = openWebSocket(QStringLiteral("EIO=4&transport=websocket"), &received);
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);
    QSignalSpy closed(socket.get(), &QWebSocket::disconnected);
    socket->sendTextMessage(QStringLiteral("4") + QString(200000, QLatin1Char('x')));
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessionCount(), 0, 15000);
}

void tst_EngineServer::upgrade_probeSequence_movesSessionToWebSocket()
{
    const QString sid = openPollingSession();
    QVERIFY(!sid.isEmpty());
    const QString query = QStringLiteral("EIO=4&transport=polling&sid=") + sid;
    QNetworkReply *heldPoll = m_nam->get(QNetworkRequest(url(query)));
    QStringList received;
    auto socket = openWebSocket(QStringLiteral("EIO=4&transport=websocket&sid=") + sid, &received);
    QTRY_COMPARE_WITH_TIMEOUT(socket->state(), QAbstractSocket::ConnectedState, 15000);
    socket->sendTextMessage(QStringLiteral("2probe"));
    QTRY_VERIFY_WITH_TIMEOUT(received.contains(QStringLiteral("3probe")), 15000);
    // The held poll is released with a noop so that the client can pause polling.
    QTRY_VERIFY_WITH_TIMEOUT(heldPoll->isFinished(), 15000);
    QCOMPARE(heldPoll->readAll(), QByteArray("6"));
    heldPoll->deleteLater();
    socket->sendTextMessage(QStringLiteral("5"));
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->session(sid)->transport(),
                              engineio::TransportKind::WebSocket, 15000);
    socket->sendTextMessage(QStringLiteral("4over ws"));
    QTRY_VERIFY_WITH_TIMEOUT(received.contains(QStringLiteral("4over ws")), 15000);
    QCOMPARE(http("GET", query).status, 400);
    QCOMPARE(m_engine->sessionCount(), 1);
}

void tst_EngineServer::upgrade_secondWebSocketAfterUpgrade_isClosed()
{
    const QString sid = openPollingSession();
    QVERIFY(!sid.isEmpty());
    QStringList received;
    auto socket = openWebSocket(QStringLiteral("EIO=4&transport=websocket&sid=") + sid, &received);
    QTRY_COMPARE_WITH_TIMEOUT(socket->state(), QAbstractSocket::ConnectedState, 15000);
    socket->sendTextMessage(QStringLiteral("2probe"));
    socket->sendTextMessage(QStringLiteral("5"));
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->session(sid)->transport(),
                              engineio::TransportKind::WebSocket, 15000);
    QStringList received2;
    auto second = openWebSocket(QStringLiteral("EIO=4&transport=websocket&sid=") + sid, &received2);
    QSignalSpy closed(second.get(), &QWebSocket::disconnected);
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 15000);
    socket->sendTextMessage(QStringLiteral("4first"));
    QTRY_VERIFY_WITH_TIMEOUT(received.contains(QStringLiteral("4first")), 15000);
}

void tst_EngineServer::cors_preflight_allowsOriginAndHeaders()
{
    const HttpResult result = http("OPTIONS", QStringLiteral("EIO=4&transport=polling"), {},
                                   {{"Origin", "http://example.org"},
                                    {"Access-Control-Request-Method", "POST"},
                                    {"Access-Control-Request-Headers", "content-type"}});
    QCOMPARE(result.status, 204);
    QHash<QByteArray, QByteArray> headers;
    for (const auto &[name, value] : result.headers)
        headers.insert(name.toLower(), value);
    QCOMPARE(headers.value("access-control-allow-origin"), QByteArray("*"));
    QCOMPARE(headers.value("access-control-allow-headers"), QByteArray("content-type"));
    QVERIFY(headers.value("access-control-allow-methods").contains("POST"));
}

void tst_EngineServer::closePacket_endsSessionAndHeldPollGetsNoop()
{
    const QString sid = openPollingSession();
    QVERIFY(!sid.isEmpty());
    const QString query = QStringLiteral("EIO=4&transport=polling&sid=") + sid;
    QNetworkReply *heldPoll = m_nam->get(QNetworkRequest(url(query)));
    QTest::qWait(100);
    QCOMPARE(http("POST", query, "1").status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(heldPoll->isFinished(), 15000);
    QCOMPARE(heldPoll->readAll(), QByteArray("6"));
    heldPoll->deleteLater();
    QCOMPARE(m_engine->sessionCount(), 0);
    QCOMPARE(m_closeReasons, QStringList {QStringLiteral("transport close")});
}

void tst_EngineServer::serverClose_pollingSession_deliversQueuedThenClosePacket()
{
    const QString sid = openPollingSession();
    QVERIFY(!sid.isEmpty());
    const QString query = QStringLiteral("EIO=4&transport=polling&sid=") + sid;
    engineio::EngineSession *session = m_engine->session(sid);
    session->sendText("last words");
    session->close(engineio::DisconnectReason::ForcedClose);
    QVERIFY(!session->isOpen());
    QCOMPARE(http("GET", query).body, QByteArray("4last words"));
    QCOMPARE(http("GET", query).body, QByteArray("1"));
    QCOMPARE(m_closeReasons, QStringList {QStringLiteral("forced close")});
    QCOMPARE(http("GET", query).status, 400);
}

QTEST_GUILESS_MAIN(tst_EngineServer)
#include "tst_engineserver.moc"
