#include "socketio/backoff.h"

#include <QList>
#include <QTest>

#include <limits>

using socketio::Backoff;

// socketio::Backoff, the client's reconnection delays (socket.io-client's formula).
class tst_Backoff final : public QObject
{
    Q_OBJECT

private slots:
    void nextDelay_withRandomDraw_matchesSocketIoClient_data();
    void nextDelay_withRandomDraw_matchesSocketIoClient();
    void attempts_countEveryDelay_andResetStartsOver();
    void nextDelay_manyAttempts_staysAtMaxWithoutOverflow();
    void nextDelay_negativeBounds_areZero();
    void nextDelay_withRealJitter_staysWithinFactor();
};

void tst_Backoff::nextDelay_withRandomDraw_matchesSocketIoClient_data()
{
    QTest::addColumn<int>("minMs");
    QTest::addColumn<int>("maxMs");
    QTest::addColumn<double>("factor");
    QTest::addColumn<double>("random");
    QTest::addColumn<QList<int>>("delays");

    QTest::newRow("no jitter doubles up to max")
        << 1000 << 5000 << 0.0 << 0.99 << QList<int> {1000, 2000, 4000, 5000, 5000};
    QTest::newRow("even tenth of the draw subtracts")
        << 1000 << 100000 << 0.5 << 0.25 << QList<int> {875, 1750, 3500, 7000};
    QTest::newRow("odd tenth of the draw adds")
        << 1000 << 100000 << 0.5 << 0.35 << QList<int> {1175, 2350, 4700, 9400};
    QTest::newRow("max caps the jittered delay")
        << 1000 << 5000 << 0.5 << 0.35 << QList<int> {1175, 2350, 4700, 5000};
    QTest::newRow("zero draw is the plain delay")
        << 500 << 5000 << 0.5 << 0.0 << QList<int> {500, 1000, 2000, 4000, 5000};
    QTest::newRow("min above max gives max")
        << 8000 << 5000 << 0.0 << 0.5 << QList<int> {5000, 5000};
}

void tst_Backoff::nextDelay_withRandomDraw_matchesSocketIoClient()
{
    QFETCH(int, minMs);
    QFETCH(int, maxMs);
    QFETCH(double, factor);
    QFETCH(double, random);
    QFETCH(QList<int>, delays);

    Backoff backoff(minMs, maxMs, factor);
    QList<int> seen;
    for (qsizetype i = 0; i < delays.size(); ++i)
        seen.append(backoff.nextDelay(random));
    QCOMPARE(seen, delays);
}

void tst_Backoff::attempts_countEveryDelay_andResetStartsOver()
{
    Backoff backoff(100, 10000, 0.0);
    QCOMPARE(backoff.attempts(), 0);
    QCOMPARE(backoff.nextDelay(), 100);
    QCOMPARE(backoff.nextDelay(), 200);
    QCOMPARE(backoff.attempts(), 2);
    backoff.reset();
    QCOMPARE(backoff.attempts(), 0);
    QCOMPARE(backoff.nextDelay(), 100);
    QCOMPARE(backoff.attempts(), 1);
}

void tst_Backoff::nextDelay_manyAttempts_staysAtMaxWithoutOverflow()
{
    const int max = std::numeric_limits<int>::max();
    Backoff backoff(1000, max, 0.5);
    int last = 0;
    for (int i = 0; i < 100; ++i)
        last = backoff.nextDelay(0.35);
    QCOMPARE(last, max);
    QCOMPARE(backoff.attempts(), 100);
}

void tst_Backoff::nextDelay_negativeBounds_areZero()
{
    Backoff backoff(-5, -1, 0.5);
    QCOMPARE(backoff.nextDelay(0.35), 0);
    QCOMPARE(backoff.nextDelay(0.25), 0);
}

void tst_Backoff::nextDelay_withRealJitter_staysWithinFactor()
{
    for (int run = 0; run < 200; ++run) {
        Backoff backoff(1000, 100000, 0.5);
        const int first = backoff.nextDelay();
        QVERIFY2(first >= 500 && first <= 1500, qPrintable(QString::number(first)));
        const int second = backoff.nextDelay();
        QVERIFY2(second >= 1000 && second <= 3000, qPrintable(QString::number(second)));
    }
}

QTEST_GUILESS_MAIN(tst_Backoff)
#include "tst_backoff.moc"
