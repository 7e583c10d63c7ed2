#include "stream/memorytextdocument.h"
#include "stream/negotiator.h"
#include "stream/sharelink.h"
#include "stream/streamwatcher.h"
#include "stream/streamwriter.h"

#include "nodeprocess.h"

#include <QSignalSpy>
#include <QTest>

using namespace stream;

class tst_RoomLink : public QObject
{
    Q_OBJECT

private slots:
    void parseShareLink_data();
    void parseShareLink();
    void shareLink_toUrl_isOriginSlashHashRoom();
    void negotiate_optionalFields_areHonoured();
    void negotiate_refusedConnection_reportsError();
};

void tst_RoomLink::parseShareLink_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("origin");
    QTest::addColumn<QString>("room");
    QTest::newRow("plain") << QStringLiteral("http://10.0.0.5:3000/#k3v9q") << true
                           << QStringLiteral("http://10.0.0.5:3000") << QStringLiteral("k3v9q");
    QTest::newRow("spaces") << QStringLiteral("  https://example.org/#abc \n") << true
                            << QStringLiteral("https://example.org") << QStringLiteral("abc");
    QTest::newRow("page path") << QStringLiteral("http://h:1/index.html#r") << true
                               << QStringLiteral("http://h:1") << QStringLiteral("r");
    QTest::newRow("no room") << QStringLiteral("http://h:1/") << false << QString() << QString();
    QTest::newRow("empty room") << QStringLiteral("http://h:1/#") << false << QString()
                                << QString();
    QTest::newRow("ftp") << QStringLiteral("ftp://h/#r") << false << QString() << QString();
    QTest::newRow("garbage") << QStringLiteral("::") << false << QString() << QString();
}

void tst_RoomLink::parseShareLink()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, origin);
    QFETCH(QString, room);
    const auto parsed = stream::parseShareLink(text);
    QCOMPARE(parsed.hasValue(), valid);
    if (valid) {
        QCOMPARE(parsed->origin.toString(), origin);
        QCOMPARE(parsed->roomId, room);
    }
}

void tst_RoomLink::shareLink_toUrl_isOriginSlashHashRoom()
{
    const ShareLink link {QUrl(QStringLiteral("http://10.0.0.5:3000/some/path?x=1")),
                          QStringLiteral("k3v9q")};
    QCOMPARE(link.toUrl().toString(), QStringLiteral("http://10.0.0.5:3000/#k3v9q"));
}

void tst_RoomLink::negotiate_optionalFields_areHonoured()
{
    NodeProcess node;
    const int port = node.startServer(QStringLiteral("stream-negotiate-server.js"));
    QVERIFY(port > 0);
    QUrl origin;
    origin.setScheme(QStringLiteral("http"));
    origin.setHost(QStringLiteral("127.0.0.1"));
    origin.setPort(port);

    Negotiator negotiator;
    QSignalSpy results(&negotiator, &Negotiator::negotiated);
    QSignalSpy errors(&negotiator, &Negotiator::errorOccurred);
    negotiator.negotiate(origin, QStringLiteral("my room"));
    QTRY_COMPARE_WITH_TIMEOUT(results.count(), 1, 20000);
    QCOMPARE(errors.count(), 0);
    const auto result = results.at(0).at(0).value<NegotiateResult>();
    QCOMPARE(result.roomId, QStringLiteral("room42"));
    QCOMPARE(result.path, QStringLiteral("/custom/io"));
    QCOMPARE(result.token, QStringLiteral("t0k+n/=&x%y"));
    QCOMPARE(result.writerKey, QStringLiteral("wk"));
    QCOMPARE(node.waitForLine(QStringLiteral("negotiate ")), QStringLiteral("room_id=my%20room"));

    // A writer uses path, token and writer_key; a watcher keeps its own room.
    MemoryTextDocument writerDocument(QStringLiteral("shared text"));
    StreamWriter writer(&writerDocument);
    writer.start(origin);
    QTRY_COMPARE_WITH_TIMEOUT(writer.connectionState(), ConnectionState::Connected, 20000);
    QCOMPARE(writer.shareLink().toString(),
             QStringLiteral("http://127.0.0.1:%1/#room42").arg(port));
    QCOMPARE(node.waitForLine(QStringLiteral("connection ")), QStringLiteral("t0k+n/=&x%y"));
    QCOMPARE(node.waitForLine(QStringLiteral("join ")), QStringLiteral("room42-control wk"));

    MemoryTextDocument watcherDocument;
    StreamWatcher watcher(&watcherDocument);
    watcher.start(writer.shareLink());
    QTRY_COMPARE_WITH_TIMEOUT(watcherDocument.text(), QStringLiteral("shared text"), 20000);
    QCOMPARE(node.waitForLine(QStringLiteral("join ")), QStringLiteral("room42 -"));
}

void tst_RoomLink::negotiate_refusedConnection_reportsError()
{
    Negotiator negotiator;
    QSignalSpy results(&negotiator, &Negotiator::negotiated);
    QSignalSpy errors(&negotiator, &Negotiator::errorOccurred);
    negotiator.negotiate(QUrl(QStringLiteral("http://127.0.0.1:1")));
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 20000);
    QCOMPARE(results.count(), 0);
}

QTEST_GUILESS_MAIN(tst_RoomLink)
#include "tst_roomlink.moc"
