// The embedded server relays a writer's sendToRoom data byte for byte (docs/protocol.md §3),
// spoken to by raw WebSockets so that the exact frames are seen.
#include "server/embeddedserver.h"
#include "socketio/socketpacket.h"

#include "rawpeer.h"

#include <QTest>
#include <QWebSocket>

#include <memory>

namespace {

QString relayed(const QString &data)
{
    return QStringLiteral("42[\"message\",{\"type\":\"editorMessage\",\"data\":%1}]").arg(data);
}

QString sendToRoom(const QString &room, const QString &data)
{
    return QStringLiteral("42[\"sendToRoom\",{\"room_id\":\"%1\",\"data\":%2}]").arg(room, data);
}

} // namespace

class tst_RelayBytes final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void scanner_findsMemberSpans_data();
    void scanner_findsMemberSpans();
    void writerData_reachesWatcherByteForByte_data();
    void writerData_reachesWatcherByteForByte();
    void truncatedData_closesOnlyThatClient();

private:
    // Connects the peer to "/" and waits for the login event.
    bool connectPeer(RawPeer &peer);
    bool joinRoom(RawPeer &peer, const QString &room);

    std::unique_ptr<server::EmbeddedServer> m_server;
};

void tst_RelayBytes::init()
{
    server::EmbeddedServerOptions options;
    options.port = 0;
    m_server = std::make_unique<server::EmbeddedServer>(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void tst_RelayBytes::cleanup()
{
    m_server.reset();
}

bool tst_RelayBytes::connectPeer(RawPeer &peer)
{
    if (!QTest::qWaitFor([&] { return peer.socket->state() == QAbstractSocket::ConnectedState; },
                         15000))
        return false;
    peer.send(QStringLiteral("40"));
    return QTest::qWaitFor([&] { return peer.hasContaining(QStringLiteral("42[\"login\"")); },
                           15000);
}

bool tst_RelayBytes::joinRoom(RawPeer &peer, const QString &room)
{
    peer.send(QStringLiteral("42[\"joinRoom\",{\"room_id\":\"%1\"}]").arg(room));
    if (!QTest::qWaitFor([&] { return peer.hasContaining(QStringLiteral("ackJoinRoom")); }, 15000))
        return false;
    return peer.hasContaining(QStringLiteral("\"success\":true"));
}

void tst_RelayBytes::scanner_findsMemberSpans_data()
{
    QTest::addColumn<QByteArray>("array");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("expected"); // "<none>": nothing found

    QTest::newRow("plain") << QByteArray(R"(["e",{"a":1,"data":{"x":[1,2]}}])")
                           << QStringLiteral("data") << QByteArray(R"({"x":[1,2]})");
    QTest::newRow("whitespace") << QByteArray("[ \"e\" , { \"data\" :\n [ 1 , \"}\" ] \n} ]")
                                << QStringLiteral("data") << QByteArray(R"([ 1 , "}" ])");
    QTest::newRow("escaped key") << QByteArray(R"(["e",{"d\u0061ta":"v\"}"}])")
                                 << QStringLiteral("data") << QByteArray(R"("v\"}")");
    QTest::newRow("last duplicate wins")
        << QByteArray(R"(["e",{"data":1,"data":2}])") << QStringLiteral("data") << QByteArray("2");
    QTest::newRow("missing") << QByteArray(R"(["e",{"dat":1}])") << QStringLiteral("data")
                             << QByteArray("<none>");
    QTest::newRow("not an object")
        << QByteArray(R"(["e",[1]])") << QStringLiteral("data") << QByteArray("<none>");
    QTest::newRow("no argument") << QByteArray(R"(["e"])") << QStringLiteral("data")
                                 << QByteArray("<none>");
    QTest::newRow("truncated") << QByteArray(R"(["e",{"data":{"x":[1)") << QStringLiteral("data")
                               << QByteArray("<none>");
}

void tst_RelayBytes::scanner_findsMemberSpans()
{
    QFETCH(QByteArray, array);
    QFETCH(QString, key);
    QFETCH(QByteArray, expected);
    const std::optional<QByteArrayView> span = socketio::jsonArrayObjectMember(array, 1, key);
    QCOMPARE(span ? span->toByteArray() : QByteArray("<none>"), expected);
}

void tst_RelayBytes::writerData_reachesWatcherByteForByte_data()
{
    QTest::addColumn<QString>("data");
    QTest::newRow("key order, big integer, 1.50")
        << QStringLiteral(R"({"type":"delta","zeta":1,"version":0,"alpha":[],)"
                          R"("big":12345678901234567890,"f":1.50,"changes":[]})");
    QTest::newRow("escapes, nesting, whitespace") << QStringLiteral(
        "{ \"type\" : \"delta\",\n\t\"text\":\"caf\\u00e9 \\\"q\\\" \\\\ \u20ac\","
        " \"nested\" : {\"b\":[1, {\"c\":null} ,-0.0e+10], \"a\":true } }");
    QTest::newRow("string") << QStringLiteral(R"("\u00e9\n")");
}

void tst_RelayBytes::writerData_reachesWatcherByteForByte()
{
    QFETCH(QString, data);
    const QString room = QStringLiteral("relaybytesroom");
    RawPeer writer(RawPeer::webSocketUrl(m_server->origin()));
    RawPeer watcher(RawPeer::webSocketUrl(m_server->origin()));
    QVERIFY(connectPeer(writer));
    QVERIFY(connectPeer(watcher));
    QVERIFY(joinRoom(writer, room + QStringLiteral("-control")));
    QVERIFY(joinRoom(watcher, room));

    writer.send(sendToRoom(room, data));
    QTRY_COMPARE_WITH_TIMEOUT(watcher.messages().size(), 1, 15000);
    QCOMPARE(watcher.messages().first(), relayed(data));
}

void tst_RelayBytes::truncatedData_closesOnlyThatClient()
{
    const QString room = QStringLiteral("relaytruncated");
    RawPeer writer(RawPeer::webSocketUrl(m_server->origin()));
    RawPeer watcher(RawPeer::webSocketUrl(m_server->origin()));
    RawPeer mallory(RawPeer::webSocketUrl(m_server->origin()));
    QVERIFY(connectPeer(writer));
    QVERIFY(connectPeer(watcher));
    QVERIFY(connectPeer(mallory));
    QVERIFY(joinRoom(writer, room + QStringLiteral("-control")));
    QVERIFY(joinRoom(watcher, room));

    // Valid Engine.IO and Socket.IO framing around a data value cut short.
    mallory.send(sendToRoom(room, QStringLiteral(R"({"type":"delta","changes":[1,2})")));
    QTRY_COMPARE_WITH_TIMEOUT(mallory.disconnects, 1, 15000);

    const QString data = QStringLiteral(R"({"type":"delta","version":1,"f":2.50})");
    writer.send(sendToRoom(room, data));
    QTRY_COMPARE_WITH_TIMEOUT(watcher.messages().size(), 1, 15000);
    QCOMPARE(watcher.messages().first(), relayed(data));

    // The writer itself sending truncated data loses its own connection, nobody else's.
    writer.send(sendToRoom(room, QStringLiteral(R"({"type":"delta","text":"abc)")));
    QTRY_COMPARE_WITH_TIMEOUT(writer.disconnects, 1, 15000);
    RawPeer late(RawPeer::webSocketUrl(m_server->origin()));
    QVERIFY(connectPeer(late));
    QCOMPARE(watcher.disconnects, 0);
    QCOMPARE(watcher.messages().size(), 1);
}

QTEST_GUILESS_MAIN(tst_RelayBytes)
#include "tst_relaybytes.moc"
