#include "reliabilitysupport.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace reliability;

namespace {

// The HTTP host's idle timeout (HttpHost, ConnectionListener::idleTimeoutMs); `serve` has no
// option for it.
constexpr int idleTimeoutMs = 60000;

} // namespace

// Connections that send nothing, or their headers one byte at a time, against
// `codestream-cli serve`.
class tst_SlowClients : public QObject
{
    Q_OBJECT

private slots:
    void halfOpenAndSlowHeaderConnections_othersUnaffected_idleOnesClosed();
    void slowlorisHeaders_connectionEventuallyClosed();
};

void tst_SlowClients::halfOpenAndSlowHeaderConnections_othersUnaffected_idleOnesClosed()
{
    ServeProcess server;
    QVERIFY(server.start({QStringLiteral("--ping-interval"), QStringLiteral("1000"),
                          QStringLiteral("--ping-timeout"), QStringLiteral("2000")}));
    WitnessRoom room;
    QVERIFY(room.open(server.origin()));

    // 200 connections that never send a byte (opened a few at a time: a burst beyond the listen
    // backlog would leave connections the server never accepted), 20 that send their headers
    // one byte a second.
    const int descriptorsBefore = server.openDescriptors();
    std::vector<std::unique_ptr<QTcpSocket>> silent;
    for (int i = 0; i < 200; ++i) {
        silent.push_back(std::make_unique<QTcpSocket>());
        silent.back()->connectToHost(QStringLiteral("127.0.0.1"), server.port());
        if (i % 10 == 9)
            QTest::qWait(50);
    }
    const QByteArray head
        = "GET /negotiate HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + QByteArray(1000, 'p');
    std::vector<std::unique_ptr<QTcpSocket>> slow;
    for (int i = 0; i < 20; ++i) {
        slow.push_back(std::make_unique<QTcpSocket>());
        slow.back()->connectToHost(QStringLiteral("127.0.0.1"), server.port());
    }
    qsizetype sentBytes = 0;
    QTimer drip;
    drip.setInterval(1000);
    QObject::connect(&drip, &QTimer::timeout, [&] {
        for (const auto &s : slow) {
            if (s->state() == QAbstractSocket::ConnectedState)
                s->write(head.mid(sentBytes % head.size(), 1));
        }
        ++sentBytes;
    });
    drip.start();

    // Everybody else is served meanwhile.
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 15000) {
        room.sendDeltas(5);
        QTest::qWait(500);
    }
    const QString served = serverServes(server.origin());
    QVERIFY2(served.isEmpty(), qPrintable(served));
    const QByteArray negotiate = rawHttp(server.port(),
                                         "GET /negotiate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                         "Connection: close\r\n\r\n");
    QCOMPARE(statusOf(negotiate), 200);

    // The silent ones are closed once the idle timeout has passed.
    const auto openCount = [](const std::vector<std::unique_ptr<QTcpSocket>> &sockets) {
        int n = 0;
        for (const auto &s : sockets) {
            s->readAll();
            n += s->state() == QAbstractSocket::ConnectedState;
        }
        return n;
    };
    QCOMPARE(openCount(silent), 200);
    const int descriptorsOpen = server.openDescriptors();
    QVERIFY2(descriptorsOpen - descriptorsBefore >= 200,
             qPrintable(QStringLiteral("%1 -> %2").arg(descriptorsBefore).arg(descriptorsOpen)));
    while (clock.elapsed() < idleTimeoutMs - 5000) {
        room.sendDeltas(5);
        QTest::qWait(1000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(openCount(silent), 0, 25000);
    // The server let go of them too (the slow-header ones may still be open).
    QTRY_VERIFY_WITH_TIMEOUT(server.openDescriptors() <= descriptorsBefore + 30, 10000);
    qInfo("silent connections closed after %lld ms; %d of 20 slow-header connections still "
          "open after %lld bytes each",
          clock.elapsed(), openCount(slow), qint64(sentBytes));
    drip.stop();

    const QString why = room.waitDelivered();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const QString serves = serverServes(server.origin());
    QVERIFY2(serves.isEmpty(), qPrintable(serves));
}

void tst_SlowClients::slowlorisHeaders_connectionEventuallyClosed()
{
    // Every byte restarts the idle timer, so only the host's per-request deadline (30 s) ends a
    // client that sends its request head one byte a second.
    ServeProcess server;
    QVERIFY(server.start());
    QTcpSocket slow;
    slow.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY(slow.waitForConnected(10000));
    const QByteArray head
        = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + QByteArray(1000, 'p');
    QElapsedTimer clock;
    clock.start();
    qsizetype sent = 0;
    while (slow.state() == QAbstractSocket::ConnectedState && clock.elapsed() < 45000) {
        slow.write(head.mid(sent++ % head.size(), 1));
        QTest::qWait(1000);
    }
    QVERIFY2(slow.state() != QAbstractSocket::ConnectedState,
             "a connection sending its request head one byte a second is still open after 45 s");
}

QTEST_GUILESS_MAIN(tst_SlowClients)
#include "tst_slowclients.moc"
