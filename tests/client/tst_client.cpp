#include "socketio/client.h"

#include "nodeprocess.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace socketio;

namespace {

constexpr int kTimeout = 15000;

// One event as the Socket delivered it.
struct ReceivedEvent
{
    QString name;
    QVariantList args;
    EventAck ack;
};

// Records every event a Socket delivers.
class EventLog
{
public:
    explicit EventLog(Socket *socket)
    {
        QObject::connect(
            socket, &Socket::eventReceived, socket,
            [this](const QString &name, const QVariantList &args, const EventAck &ack) {
                m_events.append({name, args, ack});
            });
    }
    int count(const QString &name) const
    {
        return int(std::count_if(m_events.cbegin(), m_events.cend(),
                                 [&name](const ReceivedEvent &e) { return e.name == name; }));
    }
    ReceivedEvent last(const QString &name) const
    {
        for (auto it = m_events.crbegin(); it != m_events.crend(); ++it) {
            if (it->name == name)
                return *it;
        }
        return {};
    }

private:
    QList<ReceivedEvent> m_events;
};

// The result of one ack callback.
struct AckResult
{
    int calls = 0;
    AckError error = AckError::None;
    QVariantList args;
};

AckCallback recordAck(const std::shared_ptr<AckResult> &result)
{
    return [result](AckError error, const QVariantList &args) {
        ++result->calls;
        result->error = error;
        result->args = args;
    };
}

ClientOptions optionsFor(const QString &scheme, int port)
{
    ClientOptions options;
    options.url = QUrl(scheme + QStringLiteral("://127.0.0.1:") + QString::number(port));
    options.reconnectionDelayMs = 200;
    options.reconnectionDelayMaxMs = 1000;
    options.openTimeoutMs = 10000;
    return options;
}

QList<ClientError> errorsOf(const QSignalSpy &spy)
{
    QList<ClientError> errors;
    for (const QList<QVariant> &call : spy)
        errors.append(call.at(0).value<ClientError>());
    return errors;
}

QStringList fastPing()
{
    return {QStringLiteral("--ping-interval"), QStringLiteral("400"),
            QStringLiteral("--ping-timeout"), QStringLiteral("400")};
}

const QString root = QStringLiteral("/");

} // namespace

class tst_Client : public QObject
{
    Q_OBJECT

private slots:
    void connect_withAuth_serverSeesAndEchoesIt();
    void emitWithAck_serverAnswersWithSameArguments();
    void emitWithAck_noAnswer_timesOut();
    void emitBeforeOpen_isQueuedAndSentOnConnect();
    void serverEventWithAck_clientAnswerReachesServer();
    void binary_nestedBuffers_travelBothWays();
    void customNamespace_connectsAlongsideMain();
    void connectError_fromMiddleware_isReported();
    void serverDisconnect_leavesNamespaceWithoutReconnecting();
    void serverRestart_reconnectsAndReconnectsNamespaces();
    void frozenServer_pingTimeout_reconnectsAfterResume();
    void maxPayload_exceeded_failsAndSendsNothing();
    void emitJsonTextEvent_queuedOffline_exactFrame_refusedOverMaxPayload();
    void hubPath_queryAndHeaders_reachServer();
    void tls_trustedSelfSignedCertificate_connects();
    void tls_untrustedCertificate_failsWithTlsError();
    void malformedServer_protocolError_closesAndReconnects_data();
    void malformedServer_protocolError_closesAndReconnects();
    void refusedHandshake_connectFailed_retries();
    void close_stopsReconnectingAndDisconnects();
    void emitQueue_overLimit_dropsOldestAndKeepsOrder();
    void reconnection_noServer_backsOffAndGivesUpAfterAttempts();
    void benchmark_ackRoundTrips_allAnswered();

private:
    std::optional<QString> makeCertificate(const QTemporaryDir &dir);
};

void tst_Client::connect_withAuth_serverSeesAndEchoesIt()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    QSignalSpy states(&client, &Client::stateChanged);
    Socket *socket
        = client.socket(root, QJsonObject {{QStringLiteral("token"), QStringLiteral("abc")}});
    QSignalSpy connected(socket, &Socket::connected);
    QSignalSpy connectErrors(socket, &Socket::connectError);
    EventLog events(socket);

    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(events.count(QStringLiteral("welcome")), 1, kTimeout);
    const QVariantMap welcome = events.last(QStringLiteral("welcome")).args.value(0).toMap();
    QCOMPARE(
        welcome.value(QStringLiteral("auth")).toMap().value(QStringLiteral("token")).toString(),
        QStringLiteral("abc"));
    QCOMPARE(welcome.value(QStringLiteral("id")).toString(), socket->id());
    QVERIFY(socket->isConnected());
    QCOMPARE(client.state(), ClientState::Connected);
    QCOMPARE(client.maxPayload(), 1000000);
    QVERIFY(!client.sid().isEmpty());
    QCOMPARE(server.waitForLine(QStringLiteral("connection / ")).section(QLatin1Char(' '), 0, 0),
             QStringLiteral("{\"token\":\"abc\"}"));
    QCOMPARE(states.count(), 2);
    QCOMPARE(states.at(0).at(0).value<ClientState>(), ClientState::Connecting);
    QCOMPARE(states.at(1).at(0).value<ClientState>(), ClientState::Connected);

    // Several ping rounds (400 ms) pass without a drop: pings are answered.
    QTest::qWait(2000);
    QCOMPARE(connected.count(), 1);
    QCOMPARE(client.state(), ClientState::Connected);
    QCOMPARE(connectErrors.count(), 0);
    QCOMPARE(errors.count(), 0);
}

void tst_Client::emitWithAck_serverAnswersWithSameArguments()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);

    auto result = std::make_shared<AckResult>();
    const QVariantMap map {{QStringLiteral("text"), QStringLiteral("h\u00e9llo 😀")},
                           {QStringLiteral("list"), QVariantList {1, true, QVariant()}}};
    QVERIFY(socket->emitEvent(QStringLiteral("echo"), {QStringLiteral("hi"), 42, map},
                              recordAck(result)));
    QTRY_COMPARE_WITH_TIMEOUT(result->calls, 1, kTimeout);
    QCOMPARE(result->error, AckError::None);
    QCOMPARE(result->args.size(), 3);
    QCOMPARE(result->args.at(0).toString(), QStringLiteral("hi"));
    QCOMPARE(result->args.at(1).toInt(), 42);
    const QVariantMap echoed = result->args.at(2).toMap();
    QCOMPARE(echoed.value(QStringLiteral("text")).toString(), QStringLiteral("h\u00e9llo 😀"));
    QCOMPARE(echoed.value(QStringLiteral("list")).toList().size(), 3);
    QCOMPARE(echoed.value(QStringLiteral("list")).toList().at(1).toBool(), true);
    QCOMPARE(errors.count(), 0);
}

void tst_Client::emitWithAck_noAnswer_timesOut()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);

    auto result = std::make_shared<AckResult>();
    QVERIFY(socket->emitEvent(QStringLiteral("ignore"), {}, recordAck(result), 300));
    QVERIFY(!server.waitForLine(QStringLiteral("event / ignore")).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(result->calls, 1, kTimeout);
    QCOMPARE(result->error, AckError::Timeout);
    QVERIFY(result->args.isEmpty());
    QCOMPARE(errors.count(), 0);
}

void tst_Client::emitBeforeOpen_isQueuedAndSentOnConnect()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    auto result = std::make_shared<AckResult>();
    QVERIFY(
        socket->emitEvent(QStringLiteral("echo"), {QStringLiteral("early")}, recordAck(result)));
    QVERIFY(socket->emitEvent(QStringLiteral("second"), {2}));
    QCOMPARE(result->calls, 0);

    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(result->calls, 1, kTimeout);
    QCOMPARE(result->error, AckError::None);
    QCOMPARE(result->args, QVariantList {QStringLiteral("early")});
    QCOMPARE(server.waitForLine(QStringLiteral("event / echo ")), QStringLiteral("[\"early\"]"));
    QCOMPARE(server.waitForLine(QStringLiteral("event / second ")), QStringLiteral("[2]"));
    QCOMPARE(errors.count(), 0);
}

void tst_Client::serverEventWithAck_clientAnswerReachesServer()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    EventLog events(socket);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);

    QVERIFY(socket->emitEvent(QStringLiteral("askMe")));
    QTRY_COMPARE_WITH_TIMEOUT(events.count(QStringLiteral("question")), 1, kTimeout);
    const ReceivedEvent question = events.last(QStringLiteral("question"));
    QVERIFY(question.ack);
    const QVariantMap asked = question.args.value(0).toMap();
    QCOMPARE(asked.value(QStringLiteral("text")).toString(), QStringLiteral("ready?"));
    QCOMPARE(asked.value(QStringLiteral("bytes")).toByteArray(), QByteArray("\x01\x02\x03"));

    question.ack({QStringLiteral("yes"), QByteArray("\x09\x08", 2)});
    question.ack({QStringLiteral("twice")}); // answered once only
    QCOMPARE(server.waitForLine(QStringLiteral("answer ")),
             QStringLiteral("[\"yes\",{\"buffer\":\"0908\"}]"));
    QTRY_COMPARE_WITH_TIMEOUT(events.count(QStringLiteral("answered")), 1, kTimeout);
    QCOMPARE(events.last(QStringLiteral("answered")).args,
             (QVariantList {QStringLiteral("yes"), QByteArray("\x09\x08", 2)}));
    QVERIFY(!events.last(QStringLiteral("answered")).ack);
    QCOMPARE(errors.count(), 0);
}

void tst_Client::binary_nestedBuffers_travelBothWays()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    EventLog events(socket);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);

    QByteArray large(100000, Qt::Uninitialized);
    for (int i = 0; i < large.size(); ++i)
        large[i] = char(i * 7);
    const QVariantMap nested {{QStringLiteral("a"), QByteArray("\x00\xff", 2)},
                              {QStringLiteral("list"), QVariantList {QByteArray("x"), 1}}};
    auto result = std::make_shared<AckResult>();
    QVERIFY(socket->emitEvent(QStringLiteral("echo"), {nested, large, QByteArray()},
                              recordAck(result)));
    QTRY_COMPARE_WITH_TIMEOUT(result->calls, 1, kTimeout);
    QCOMPARE(result->error, AckError::None);
    QCOMPARE(result->args.size(), 3);
    const QVariantMap echoed = result->args.at(0).toMap();
    QCOMPARE(echoed.value(QStringLiteral("a")).toByteArray(), QByteArray("\x00\xff", 2));
    QCOMPARE(echoed.value(QStringLiteral("list")).toList().at(0).toByteArray(), QByteArray("x"));
    QCOMPARE(result->args.at(1).toByteArray(), large);
    QCOMPARE(result->args.at(2).metaType().id(), QMetaType::QByteArray);
    QVERIFY(result->args.at(2).toByteArray().isEmpty());
    // The server saw real Buffers, not placeholders.
    QVERIFY(server.waitForLine(QStringLiteral("event / echo "))
                .startsWith(QStringLiteral(
                    "[{\"a\":{\"buffer\":\"00ff\"},\"list\":[{\"buffer\":\"78\"},1]}")));

    QVERIFY(socket->emitEvent(QStringLiteral("sendBinary")));
    QTRY_COMPARE_WITH_TIMEOUT(events.count(QStringLiteral("binary")), 1, kTimeout);
    const QVariantList args = events.last(QStringLiteral("binary")).args;
    QCOMPARE(args.size(), 2);
    const QVariantMap map = args.at(0).toMap();
    QCOMPARE(
        map.value(QStringLiteral("nested")).toMap().value(QStringLiteral("bytes")).toByteArray(),
        QByteArray("\x00\xff\x10", 3));
    QCOMPARE(map.value(QStringLiteral("list")).toList().at(0).toByteArray(), QByteArray("xyz"));
    QCOMPARE(map.value(QStringLiteral("list")).toList().at(1).toInt(), 5);
    QCOMPARE(args.at(1).metaType().id(), QMetaType::QByteArray);

    // Binary from the server as a plain event, too.
    QVERIFY(socket->emitEvent(QStringLiteral("echoEvent"), {QByteArray("abc")}));
    QTRY_COMPARE_WITH_TIMEOUT(events.count(QStringLiteral("echoed")), 1, kTimeout);
    QCOMPARE(events.last(QStringLiteral("echoed")).args, QVariantList {QByteArray("abc")});
    QCOMPARE(errors.count(), 0);
}

void tst_Client::customNamespace_connectsAlongsideMain()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *main = client.socket();
    Socket *admin = client.socket(QStringLiteral("/admin"),
                                  QJsonObject {{QStringLiteral("role"), QStringLiteral("ops")}});
    QCOMPARE(client.socket(QStringLiteral("/admin")), admin);
    QSignalSpy mainConnected(main, &Socket::connected);
    QSignalSpy adminConnected(admin, &Socket::connected);
    QSignalSpy adminErrors(admin, &Socket::connectError);
    EventLog adminEvents(admin);
    EventLog mainEvents(main);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(mainConnected.count(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(adminConnected.count(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(adminEvents.count(QStringLiteral("welcome")), 1, kTimeout);
    const QVariantMap welcome = adminEvents.last(QStringLiteral("welcome")).args.value(0).toMap();
    QCOMPARE(welcome.value(QStringLiteral("nsp")).toString(), QStringLiteral("/admin"));
    QCOMPARE(welcome.value(QStringLiteral("auth")).toMap().value(QStringLiteral("role")).toString(),
             QStringLiteral("ops"));
    QVERIFY(admin->id() != main->id());

    auto result = std::make_shared<AckResult>();
    QVERIFY(
        admin->emitEvent(QStringLiteral("echo"), {QStringLiteral("to admin")}, recordAck(result)));
    QCOMPARE(server.waitForLine(QStringLiteral("event /admin echo ")),
             QStringLiteral("[\"to admin\"]"));
    QTRY_COMPARE_WITH_TIMEOUT(result->calls, 1, kTimeout);
    QCOMPARE(result->args, QVariantList {QStringLiteral("to admin")});
    QCOMPARE(mainEvents.count(QStringLiteral("welcome")), 1);
    QCOMPARE(adminErrors.count(), 0);
    QCOMPARE(errors.count(), 0);
}

void tst_Client::connectError_fromMiddleware_isReported()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *main = client.socket();
    Socket *secret = client.socket(QStringLiteral("/secret"));
    QSignalSpy mainConnected(main, &Socket::connected);
    QSignalSpy secretConnected(secret, &Socket::connected);
    QSignalSpy secretErrors(secret, &Socket::connectError);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(secretErrors.count(), 1, kTimeout);
    const QJsonObject error = secretErrors.at(0).at(0).toJsonValue().toObject();
    QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("not authorized"));
    QCOMPARE(error.value(QStringLiteral("data")).toObject().value(QStringLiteral("code")).toInt(),
             42);
    QTRY_COMPARE_WITH_TIMEOUT(mainConnected.count(), 1, kTimeout);
    QVERIFY(!secret->isConnected());
    QCOMPARE(secretConnected.count(), 0);
    QCOMPARE(client.state(), ClientState::Connected);
    QCOMPARE(errors.count(), 0);
}

void tst_Client::serverDisconnect_leavesNamespaceWithoutReconnecting()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    QSignalSpy disconnected(socket, &Socket::disconnected);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);

    auto pending = std::make_shared<AckResult>();
    QVERIFY(socket->emitEvent(QStringLiteral("ignore"), {}, recordAck(pending), 0));
    QVERIFY(socket->emitEvent(QStringLiteral("kickMe")));
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kTimeout);
    QCOMPARE(disconnected.at(0).at(0).toString(), QStringLiteral("io server disconnect"));
    QVERIFY(!socket->isConnected());
    QCOMPARE(pending->calls, 1);
    QCOMPARE(pending->error, AckError::Disconnected);
    // As socket.io-client: a namespace the server closed is not re-entered by itself.
    QTest::qWait(1500);
    QCOMPARE(connected.count(), 1);
    QCOMPARE(errors.count(), 0);

    socket->connectToNamespace();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, kTimeout);
    QVERIFY(socket->isConnected());
}

void tst_Client::serverRestart_reconnectsAndReconnectsNamespaces()
{
    auto server = std::make_unique<NodeProcess>();
    const int port = server->startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    QSignalSpy linkDown(&client, &Client::disconnected);
    QSignalSpy scheduled(&client, &Client::reconnectScheduled);
    QSignalSpy states(&client, &Client::stateChanged);
    Socket *main = client.socket();
    Socket *admin = client.socket(QStringLiteral("/admin"));
    QSignalSpy mainConnected(main, &Socket::connected);
    QSignalSpy adminConnected(admin, &Socket::connected);
    QSignalSpy mainDisconnected(main, &Socket::disconnected);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(mainConnected.count(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(adminConnected.count(), 1, kTimeout);
    const QString firstSid = client.sid();

    server->stop();
    QTRY_COMPARE_WITH_TIMEOUT(linkDown.count(), 1, kTimeout);
    QCOMPARE(linkDown.at(0).at(0).toString(), QStringLiteral("transport close"));
    QCOMPARE(mainDisconnected.count(), 1);
    QCOMPARE(mainDisconnected.at(0).at(0).toString(), QStringLiteral("transport close"));
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 1, kTimeout);
    QCOMPARE(scheduled.at(0).at(0).toInt(), 1);
    QCOMPARE(client.state(), ClientState::Reconnecting);
    // Emits while down are queued.
    auto queued = std::make_shared<AckResult>();
    QVERIFY(main->emitEvent(QStringLiteral("echo"), {QStringLiteral("queued")}, recordAck(queued),
                            30000));

    server = std::make_unique<NodeProcess>();
    QCOMPARE(server->startServer(
                 QStringLiteral("client-server.js"),
                 fastPing() + QStringList {QStringLiteral("--port"), QString::number(port)}),
             port);
    QTRY_COMPARE_WITH_TIMEOUT(mainConnected.count(), 2, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(adminConnected.count(), 2, kTimeout);
    QCOMPARE(client.state(), ClientState::Connected);
    QVERIFY(client.sid() != firstSid);
    QTRY_COMPARE_WITH_TIMEOUT(queued->calls, 1, kTimeout);
    QCOMPARE(queued->error, AckError::None);
    QCOMPARE(queued->args, QVariantList {QStringLiteral("queued")});

    bool sawReconnecting = false;
    for (const QList<QVariant> &call : states)
        sawReconnecting |= call.at(0).value<ClientState>() == ClientState::Reconnecting;
    QVERIFY(sawReconnecting);
    const QList<ClientError> seen = errorsOf(errors);
    QVERIFY(seen.contains(ClientError::TransportClosed));
    QVERIFY(!seen.contains(ClientError::ProtocolError));
    QVERIFY(!seen.contains(ClientError::PingTimeout));
}

void tst_Client::frozenServer_pingTimeout_reconnectsAfterResume()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    ClientOptions options = optionsFor(QStringLiteral("http"), port);
    options.openTimeoutMs = 3000;
    Client client(options);
    QSignalSpy errors(&client, &Client::errorOccurred);
    QSignalSpy linkDown(&client, &Client::disconnected);
    QSignalSpy scheduled(&client, &Client::reconnectScheduled);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);

    server.pause();
    QTRY_COMPARE_WITH_TIMEOUT(linkDown.count(), 1, kTimeout);
    QCOMPARE(linkDown.at(0).at(0).toString(), QStringLiteral("ping timeout"));
    QVERIFY(errorsOf(errors).contains(ClientError::PingTimeout));
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 1, kTimeout);
    QCOMPARE(connected.count(), 1);

    server.resume();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 30000);
    QCOMPARE(client.state(), ClientState::Connected);
    QVERIFY(!errorsOf(errors).contains(ClientError::ProtocolError));
}

void tst_Client::maxPayload_exceeded_failsAndSendsNothing()
{
    NodeProcess server;
    const int port = server.startServer(
        QStringLiteral("client-server.js"),
        fastPing() + QStringList {QStringLiteral("--max-payload"), QStringLiteral("1000")});
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    QSignalSpy linkDown(&client, &Client::disconnected);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);
    QCOMPARE(client.maxPayload(), 1000);

    auto tooLarge = std::make_shared<AckResult>();
    QVERIFY(!socket->emitEvent(QStringLiteral("big"), {QString(2000, QLatin1Char('x'))},
                               recordAck(tooLarge)));
    QCOMPARE(tooLarge->calls, 1);
    QCOMPARE(tooLarge->error, AckError::PayloadTooLarge);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).value<ClientError>(), ClientError::PayloadTooLarge);
    // A binary attachment over the limit is refused too.
    QVERIFY(!socket->emitEvent(QStringLiteral("big"), {QByteArray(1001, 'b')}));
    QCOMPARE(errors.count(), 2);
    // The text frame "42[\"fit\",\"xxx...\"]" is exactly 1000 bytes.
    const QString fitting(1000 - int(qstrlen("42[\"fit\",\"\"]")), QLatin1Char('y'));
    auto fits = std::make_shared<AckResult>();
    QVERIFY(socket->emitEvent(QStringLiteral("fit"), {fitting}));
    QVERIFY(socket->emitEvent(QStringLiteral("echo"), {QStringLiteral("small")}, recordAck(fits)));
    QTRY_COMPARE_WITH_TIMEOUT(fits->calls, 1, kTimeout);
    QCOMPARE(fits->error, AckError::None);
    QVERIFY(!server.waitForLine(QStringLiteral("event / fit ")).isNull());
    QVERIFY(!server.waitForLine(QStringLiteral("event / echo ")).isNull());
    for (const QString &line : server.lines())
        QVERIFY2(!line.startsWith(QStringLiteral("event / big")), qPrintable(line));
    QCOMPARE(linkDown.count(), 0);
    QCOMPARE(connected.count(), 1);
    QCOMPARE(errors.count(), 2);
}

void tst_Client::emitJsonTextEvent_queuedOffline_exactFrame_refusedOverMaxPayload()
{
    NodeProcess server;
    const int port = server.startServer(
        QStringLiteral("client-server.js"),
        fastPing() + QStringList {QStringLiteral("--max-payload"), QStringLiteral("1000")});
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    // Not connected yet: queued, and written as it is once connected.
    QVERIFY(socket->emitJsonTextEvent(
        QStringLiteral("queued"), QByteArray(R"({"room_id":"r1","data":{"a":[1,"\u00e9"]}},2)")));
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);
    QCOMPARE(client.maxPayload(), 1000);
    QCOMPARE(server.waitForLine(QStringLiteral("event / queued ")),
             QStringLiteral(R"([{"room_id":"r1","data":{"a":[1,"é"]}},2])"));

    // The text frame 42["fit","yyy…"] is exactly 1000 bytes: sent. One byte more: refused.
    const QByteArray fitting = '"' + QByteArray(1000 - int(qstrlen("42[\"fit\",\"\"]")), 'y') + '"';
    const QByteArray tooLarge = '"' + QByteArray(fitting.size() - 1, 'z') + '"';
    QVERIFY(!socket->emitJsonTextEvent(QStringLiteral("big"), tooLarge));
    QCOMPARE(errorsOf(errors), QList<ClientError> {ClientError::PayloadTooLarge});
    QVERIFY(socket->emitJsonTextEvent(QStringLiteral("fit"), fitting));
    auto echoed = std::make_shared<AckResult>();
    QVERIFY(socket->emitEvent(QStringLiteral("echo"), {1}, recordAck(echoed)));
    QTRY_COMPARE_WITH_TIMEOUT(echoed->calls, 1, kTimeout);
    QVERIFY(!server.waitForLine(QStringLiteral("event / fit ")).isNull());
    for (const QString &line : server.lines())
        QVERIFY2(!line.startsWith(QStringLiteral("event / big")), qPrintable(line));
    QCOMPARE(errors.count(), 1);
    QCOMPARE(connected.count(), 1);
}

void tst_Client::hubPath_queryAndHeaders_reachServer()
{
    NodeProcess server;
    const QString hubPath = QStringLiteral("/clients/socketio/hubs/eio_hub/");
    const int port
        = server.startServer(QStringLiteral("client-server.js"),
                             fastPing() + QStringList {QStringLiteral("--path"), hubPath});
    QVERIFY(port > 0);
    ClientOptions options = optionsFor(QStringLiteral("ws"), port);
    options.path = QStringLiteral("/clients/socketio/hubs/eio_hub"); // trailing slash added
    options.query.addQueryItem(QStringLiteral("access_token"), QStringLiteral("tok.123-_"));
    options.headers.append(qMakePair(QByteArray("X-CodeStream-Test"), QByteArray("header-value")));
    Client client(options);
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);
    const QStringList fields
        = server.waitForLine(QStringLiteral("connection / ")).split(QLatin1Char(' '));
    QCOMPARE(fields.size(), 3);
    const QJsonObject query = QJsonDocument::fromJson(fields.at(1).toUtf8()).object();
    QCOMPARE(query.value(QStringLiteral("access_token")).toString(), QStringLiteral("tok.123-_"));
    QCOMPARE(query.value(QStringLiteral("EIO")).toString(), QStringLiteral("4"));
    QCOMPARE(query.value(QStringLiteral("transport")).toString(), QStringLiteral("websocket"));
    QCOMPARE(fields.at(2), QStringLiteral("\"header-value\""));
    QCOMPARE(errors.count(), 0);

    // The default path is not served there.
    Client wrongPath(optionsFor(QStringLiteral("http"), port));
    QSignalSpy wrongErrors(&wrongPath, &Client::errorOccurred);
    QSignalSpy wrongScheduled(&wrongPath, &Client::reconnectScheduled);
    QSignalSpy wrongConnected(wrongPath.socket(), &Socket::connected);
    wrongPath.open();
    QTRY_VERIFY_WITH_TIMEOUT(wrongScheduled.count() >= 1, kTimeout);
    QVERIFY(errorsOf(wrongErrors).contains(ClientError::ConnectFailed));
    QCOMPARE(wrongConnected.count(), 0);
}

std::optional<QString> tst_Client::makeCertificate(const QTemporaryDir &dir)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                   dir.filePath(QStringLiteral("key.pem")), QStringLiteral("-out"),
                   dir.filePath(QStringLiteral("cert.pem")), QStringLiteral("-days"),
                   QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                   QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
    if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0)
        return std::nullopt;
    return dir.filePath(QStringLiteral("cert.pem"));
}

void tst_Client::tls_trustedSelfSignedCertificate_connects()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto certificate = makeCertificate(dir);
    QVERIFY(certificate);
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"),
                                        fastPing()
                                            + QStringList {QStringLiteral("--key"),
                                                           dir.filePath(QStringLiteral("key.pem")),
                                                           QStringLiteral("--cert"), *certificate});
    QVERIFY(port > 0);
    ClientOptions options = optionsFor(QStringLiteral("https"), port);
    options.trustedCertificates = QSslCertificate::fromPath(*certificate);
    QCOMPARE(options.trustedCertificates.size(), 1);
    Client client(options);
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);
    auto result = std::make_shared<AckResult>();
    QVERIFY(
        socket->emitEvent(QStringLiteral("echo"), {QStringLiteral("secure")}, recordAck(result)));
    QTRY_COMPARE_WITH_TIMEOUT(result->calls, 1, kTimeout);
    QCOMPARE(result->args, QVariantList {QStringLiteral("secure")});
    QCOMPARE(errors.count(), 0);
}

void tst_Client::tls_untrustedCertificate_failsWithTlsError()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto certificate = makeCertificate(dir);
    QVERIFY(certificate);
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"),
                                        fastPing()
                                            + QStringList {QStringLiteral("--key"),
                                                           dir.filePath(QStringLiteral("key.pem")),
                                                           QStringLiteral("--cert"), *certificate});
    QVERIFY(port > 0);
    ClientOptions options = optionsFor(QStringLiteral("wss"), port);
    options.reconnection = false;
    Client client(options);
    QSignalSpy errors(&client, &Client::errorOccurred);
    QSignalSpy states(&client, &Client::stateChanged);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), ClientState::Disconnected, kTimeout);
    QVERIFY(errorsOf(errors).contains(ClientError::TlsError));
    QCOMPARE(errorsOf(errors).count(ClientError::TlsError), 1);
    QCOMPARE(connected.count(), 0);
    QTest::qWait(500);
    QCOMPARE(server.lines().filter(QStringLiteral("connection")).size(), 0);
}

void tst_Client::malformedServer_protocolError_closesAndReconnects_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<bool>("namespaceConnects"); // the fake server acknowledges CONNECT
    QTest::newRow("broken OPEN JSON") << QStringLiteral("bad-open") << false;
    QTest::newRow("garbage Socket.IO packet") << QStringLiteral("bad-packet") << false;
    QTest::newRow("unannounced binary frame") << QStringLiteral("stray-binary") << false;
    QTest::newRow("OPEN without sid") << QStringLiteral("no-sid") << false;
    QTest::newRow("placeholder out of range") << QStringLiteral("bad-placeholder") << true;
    QTest::newRow("text while attachments awaited") << QStringLiteral("text-in-binary") << false;
    QTest::newRow("unknown Engine.IO type") << QStringLiteral("unknown-type") << false;
}

void tst_Client::malformedServer_protocolError_closesAndReconnects()
{
    QFETCH(QString, scenario);
    QFETCH(bool, namespaceConnects);
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-rawserver.js"), {scenario});
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    QSignalSpy scheduled(&client, &Client::reconnectScheduled);
    QSignalSpy connected(client.socket(), &Socket::connected);
    client.open();
    QCOMPARE(server.waitForLine(QStringLiteral("connection ")), QStringLiteral("1"));
    QTRY_VERIFY_WITH_TIMEOUT(errorsOf(errors).contains(ClientError::ProtocolError), kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 1, kTimeout);
    // The broken connection was closed and a new one opened.
    QCOMPARE(server.waitForLine(QStringLiteral("connection ")), QStringLiteral("2"));
    QCOMPARE(connected.count() > 0, namespaceConnects);
    client.close();
    QCOMPARE(client.state(), ClientState::Disconnected);
}

void tst_Client::refusedHandshake_connectFailed_retries()
{
    NodeProcess server;
    const int port
        = server.startServer(QStringLiteral("client-rawserver.js"), {QStringLiteral("refuse")});
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    QSignalSpy scheduled(&client, &Client::reconnectScheduled);
    QSignalSpy connected(client.socket(), &Socket::connected);
    client.open();
    // Qt 6.4 leaves the socket open after a refused upgrade; the client aborts it and retries.
    QCOMPARE(server.waitForLine(QStringLiteral("connection ")), QStringLiteral("1"));
    QCOMPARE(server.waitForLine(QStringLiteral("connection ")), QStringLiteral("2"));
    QVERIFY(scheduled.count() >= 1);
    QVERIFY(errorsOf(errors).contains(ClientError::ConnectFailed));
    QCOMPARE(connected.count(), 0);
}

void tst_Client::close_stopsReconnectingAndDisconnects()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    ClientOptions options = optionsFor(QStringLiteral("http"), port);
    Client client(options);
    QSignalSpy errors(&client, &Client::errorOccurred);
    QSignalSpy linkDown(&client, &Client::disconnected);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    QSignalSpy disconnected(socket, &Socket::disconnected);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);
    auto pending = std::make_shared<AckResult>();
    QVERIFY(socket->emitEvent(QStringLiteral("ignore"), {}, recordAck(pending), 0));
    QVERIFY(!server.waitForLine(QStringLiteral("event / ignore")).isNull());

    client.close();
    QCOMPARE(client.state(), ClientState::Disconnected);
    QCOMPARE(linkDown.count(), 1);
    QCOMPARE(linkDown.at(0).at(0).toString(), QStringLiteral("io client disconnect"));
    QCOMPARE(disconnected.count(), 1);
    QCOMPARE(pending->calls, 1);
    QCOMPARE(pending->error, AckError::Disconnected);
    QTest::qWait(1500);
    QCOMPARE(client.state(), ClientState::Disconnected);
    QCOMPARE(connected.count(), 1);
    QCOMPARE(errors.count(), 0);

    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, kTimeout);
}

void tst_Client::emitQueue_overLimit_dropsOldestAndKeepsOrder()
{
    NodeProcess server;
    const int port = server.startServer(QStringLiteral("client-server.js"), fastPing());
    QVERIFY(port > 0);
    ClientOptions options = optionsFor(QStringLiteral("http"), port);
    options.maxQueuedEmits = 2;
    Client client(options);
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    connect(socket, &Socket::connected, this,
            [socket] { socket->emitEvent(QStringLiteral("fromSlot"), {4}); });
    auto first = std::make_shared<AckResult>();
    auto third = std::make_shared<AckResult>();
    QVERIFY(socket->emitEvent(QStringLiteral("echo"), {1}, recordAck(first)));
    QVERIFY(socket->emitEvent(QStringLiteral("queued"), {2}));
    QVERIFY(socket->emitEvent(QStringLiteral("echo"), {3}, recordAck(third)));
    QCOMPARE(first->calls, 1);
    QCOMPARE(first->error, AckError::Dropped);
    QCOMPARE(third->calls, 0);

    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(third->calls, 1, kTimeout);
    QCOMPARE(third->error, AckError::None);
    QCOMPARE(third->args.value(0).toInt(), 3);
    QVERIFY(!server.waitForLine(QStringLiteral("event / fromSlot")).isNull());
    const QStringList events = server.lines().filter(QStringLiteral("event / "));
    QCOMPARE(events,
             (QStringList {QStringLiteral("event / queued [2]"), QStringLiteral("event / echo [3]"),
                           QStringLiteral("event / fromSlot [4]")}));
    QCOMPARE(first->calls, 1);
    QCOMPARE(errors.count(), 0);
}

void tst_Client::reconnection_noServer_backsOffAndGivesUpAfterAttempts()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const int port = probe.serverPort();
    probe.close(); // nothing listens there now
    ClientOptions options = optionsFor(QStringLiteral("http"), port);
    options.reconnectionAttempts = 3;
    options.reconnectionDelayMs = 100;
    options.reconnectionDelayMaxMs = 300;
    options.randomizationFactor = 0.5;
    Client client(options);
    QSignalSpy errors(&client, &Client::errorOccurred);
    QSignalSpy scheduled(&client, &Client::reconnectScheduled);
    QSignalSpy connected(client.socket(), &Socket::connected);
    client.open();
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == ClientState::Disconnected, kTimeout);
    QCOMPARE(scheduled.count(), 3);
    for (int i = 0; i < scheduled.count(); ++i) {
        QCOMPARE(scheduled.at(i).at(0).toInt(), i + 1);
        const int delay = scheduled.at(i).at(1).toInt();
        const int base = 100 << i;
        QVERIFY2(delay >= base / 2 && delay <= std::min(300, base * 3 / 2),
                 qPrintable(QString::number(delay)));
    }
    // One failure per attempt (the first open plus three retries) and the final give-up.
    const QList<ClientError> seen = errorsOf(errors);
    QCOMPARE(seen.count(ClientError::ConnectFailed), 5);
    QCOMPARE(seen.size(), 5);
    QVERIFY(errors.last().at(1).toString().contains(QStringLiteral("3 reconnection attempts")));
    QCOMPARE(connected.count(), 0);
}

// Prints throughput and latency numbers; asserts only that every ack arrived.
void tst_Client::benchmark_ackRoundTrips_allAnswered()
{
    NodeProcess server;
    // Default ping timing: a 400 ms pingTimeout is shorter than the time the server needs to
    // work through thousands of pipelined events on a loaded machine (the client's pong
    // queues behind them).
    const int port = server.startServer(QStringLiteral("client-server.js"));
    QVERIFY(port > 0);
    Client client(optionsFor(QStringLiteral("http"), port));
    QSignalSpy errors(&client, &Client::errorOccurred);
    Socket *socket = client.socket();
    QSignalSpy connected(socket, &Socket::connected);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);

    constexpr int pipelined = 5000;
    const QString payload(200, QLatin1Char('p'));
    auto answered = std::make_shared<int>(0);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < pipelined; ++i) {
        socket->emitEvent(
            QStringLiteral("echo"), {payload},
            [answered](AckError error, const QVariantList &) {
                if (error == AckError::None)
                    ++*answered;
            },
            0);
    }
    QTRY_COMPARE_WITH_TIMEOUT(*answered, pipelined, 60000);
    const qint64 pipelinedMs = std::max<qint64>(1, timer.elapsed());

    constexpr int sequential = 300;
    auto done = std::make_shared<int>(0);
    timer.restart();
    std::function<void()> next = [&] {
        socket->emitEvent(QStringLiteral("echo"), {payload},
                          [&, done](AckError error, const QVariantList &) {
                              if (error != AckError::None)
                                  return;
                              if (++*done < sequential)
                                  next();
                          });
    };
    next();
    QTRY_COMPARE_WITH_TIMEOUT(*done, sequential, 60000);
    const qint64 sequentialMs = timer.elapsed();
    qInfo("ack round trips with a 200-byte payload: %d pipelined in %lld ms (%lld/s); "
          "%d sequential in %lld ms (%.2f ms each)",
          pipelined, pipelinedMs, pipelined * 1000 / pipelinedMs, sequential, sequentialMs,
          double(sequentialMs) / sequential);
    QCOMPARE(errors.count(), 0);
}

QTEST_GUILESS_MAIN(tst_Client)
#include "tst_client.moc"
