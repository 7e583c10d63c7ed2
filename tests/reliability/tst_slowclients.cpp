#include "reliabilitysupport.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <limits>
#include <memory>
#include <vector>

using namespace reliability;

namespace {

// The idle timeout of the server under test (`serve --idle-timeout`): short, so the test waits
// seconds rather than the default minute, and well below the host's 30 s request deadline, so
// that a silent connection closed in time can only have been closed by the idle timeout.
constexpr int idleTimeoutSeconds = 5;
constexpr qint64 idleTimeoutMs = idleTimeoutSeconds * 1000;
constexpr qint64 requestDeadlineMs = 30000;

// A client connection and, on the test's clock, when it was opened, when it connected and when
// it was closed (-1: not yet).
struct TimedSocket
{
    qint64 openedAt = -1;
    qint64 connectedAt = -1;
    qint64 closedAt = -1;
    QByteArray received;
    QTcpSocket socket; // last: destroyed first, while the fields its signals update still live

    TimedSocket(const QElapsedTimer &clock, quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::connected, &socket,
                         [this, &clock] { connectedAt = clock.elapsed(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket,
                         [this, &clock] { closedAt = clock.elapsed(); });
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket,
                         [this] { received += socket.readAll(); });
        openedAt = clock.elapsed();
        socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    }
};

int countOpen(const std::vector<std::unique_ptr<TimedSocket>> &sockets)
{
    int n = 0;
    for (const auto &s : sockets)
        n += s->socket.state() == QAbstractSocket::ConnectedState;
    return n;
}

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
                          QStringLiteral("--ping-timeout"), QStringLiteral("2000"),
                          QStringLiteral("--idle-timeout"), QString::number(idleTimeoutSeconds)}));
    WitnessRoom room;
    QVERIFY(room.open(server.origin()));
    QElapsedTimer clock;
    clock.start();
    const int descriptorsBefore = server.openDescriptors();

    // A keep-alive HTTP client asking for /negotiate every second: never idle for the timeout,
    // so it must stay open and be answered throughout. Another that is answered once and then
    // says nothing more: idle, so it must be closed like the silent ones.
    const QByteArray negotiate = "GET /negotiate HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    TimedSocket active(clock, server.port());
    TimedSocket answeredOnce(clock, server.port());
    QVERIFY(active.socket.waitForConnected(10000));
    QVERIFY(answeredOnce.socket.waitForConnected(10000));
    answeredOnce.socket.write(negotiate);
    int activeRequests = 0;
    QTimer activeTimer;
    activeTimer.setInterval(1000);
    QObject::connect(&activeTimer, &QTimer::timeout, [&] {
        active.socket.write(negotiate);
        ++activeRequests;
    });
    activeTimer.start();

    // 200 connections that never send a byte (opened a few at a time: a burst beyond the listen
    // backlog would leave connections the server never accepted), 20 that send their headers
    // one byte a second.
    std::vector<std::unique_ptr<TimedSocket>> silent;
    for (int i = 0; i < 200; ++i) {
        silent.push_back(std::make_unique<TimedSocket>(clock, server.port()));
        if (i % 10 == 9)
            QTest::qWait(50);
    }
    const QByteArray head
        = "GET /negotiate HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + QByteArray(1000, 'p');
    std::vector<std::unique_ptr<TimedSocket>> slow;
    for (int i = 0; i < 20; ++i)
        slow.push_back(std::make_unique<TimedSocket>(clock, server.port()));
    qsizetype sentBytes = 0;
    QTimer drip;
    drip.setInterval(1000);
    QObject::connect(&drip, &QTimer::timeout, [&] {
        for (const auto &s : slow) {
            if (s->socket.state() == QAbstractSocket::ConnectedState)
                s->socket.write(head.mid(sentBytes % head.size(), 1));
        }
        ++sentBytes;
    });
    drip.start();

    // The server accepted and holds every silent connection.
    QTRY_COMPARE_WITH_TIMEOUT(countOpen(silent), 200, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(server.openDescriptors() - descriptorsBefore >= 200, 5000);

    // Everybody else is served meanwhile, for three idle timeouts.
    while (clock.elapsed() < 3 * idleTimeoutMs) {
        room.sendDeltas(5);
        QTest::qWait(500);
    }
    const QString served = serverServes(server.origin());
    QVERIFY2(served.isEmpty(), qPrintable(served));
    QCOMPARE(statusOf(rawHttp(server.port(),
                              "GET /negotiate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Connection: close\r\n\r\n")),
             200);

    // The silent ones were closed by the idle timeout: not before it had passed (the server's
    // coarse timer may fire up to 5 % early), and well before the request deadline would have
    // closed them.
    QTRY_COMPARE_WITH_TIMEOUT(countOpen(silent), 0, 10000);
    qint64 shortest = std::numeric_limits<qint64>::max(), longest = 0;
    for (const auto &s : silent) {
        QVERIFY(s->connectedAt >= 0 && s->closedAt >= 0);
        shortest = qMin(shortest, s->closedAt - s->openedAt);
        longest = qMax(longest, s->closedAt - s->openedAt);
    }
    QVERIFY2(shortest >= idleTimeoutMs * 9 / 10, qPrintable(QString::number(shortest)));
    QVERIFY2(longest < requestDeadlineMs - 5000, qPrintable(QString::number(longest)));
    // So was the connection that went quiet after its answer.
    QTRY_VERIFY_WITH_TIMEOUT(answeredOnce.closedAt >= 0, 10000);
    QVERIFY2(statusOf(answeredOnce.received) == 200, answeredOnce.received.constData());
    // The active one was not, and got every answer.
    activeTimer.stop();
    QTRY_COMPARE_WITH_TIMEOUT(int(active.received.count("HTTP/1.1 200 ")), activeRequests, 10000);
    QVERIFY(activeRequests >= 3 * idleTimeoutSeconds - 2);
    QCOMPARE(active.socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(active.closedAt, qint64(-1));
    // The server let go of them too (the slow-header ones may still be open).
    QTRY_VERIFY_WITH_TIMEOUT(server.openDescriptors() <= descriptorsBefore + 30, 10000);
    qInfo("silent connections closed after %lld to %lld ms; %d of 20 slow-header connections "
          "still open after %lld bytes each",
          shortest, longest, countOpen(slow), qint64(sentBytes));
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
