#include "server/roompolicy.h"
#include "util/randomid.h"

#include <QJsonObject>
#include <QSet>
#include <QTest>

using server::RoomPolicy;

// The room rules of docs/protocol.md §7 as decisions on socket ids.
class tst_RoomPolicy final : public QObject
{
    Q_OBJECT

private slots:
    void firstControlJoin_ownsStream_othersRefused()
    {
        RoomPolicy p;
        const auto a = p.join(QStringLiteral("w"), QStringLiteral("R-control"), {});
        QVERIFY(a.allowed);
        QVERIFY(a.asWriter);
        QCOMPARE(a.stream, QStringLiteral("R"));
        const auto b = p.join(QStringLiteral("x"), QStringLiteral("R-control"), {});
        QVERIFY(!b.allowed);
        QVERIFY(!b.error.isEmpty());
        QCOMPARE(p.ownerOf(QStringLiteral("R")), QStringLiteral("w"));
    }

    void watcherJoin_isAlwaysAllowed_andCounted()
    {
        RoomPolicy p;
        QVERIFY(p.join(QStringLiteral("a"), QStringLiteral("R"), {}).allowed);
        QVERIFY(p.join(QStringLiteral("b"), QStringLiteral("R"), {}).allowed);
        QVERIFY(p.join(QStringLiteral("b"), QStringLiteral("R"), {}).allowed);
        QCOMPARE(p.watcherCount(QStringLiteral("R")), 2);
        QCOMPARE(p.socketLeft(QStringLiteral("a")), QStringList {QStringLiteral("R")});
        QCOMPARE(p.watcherCount(QStringLiteral("R")), 1);
    }

    void onlyOwner_sendsToStream()
    {
        RoomPolicy p;
        p.join(QStringLiteral("w"), QStringLiteral("R-control"), {});
        p.join(QStringLiteral("v"), QStringLiteral("R"), {});
        const QJsonValue delta = QJsonObject {{QStringLiteral("type"), QStringLiteral("delta")}};
        QVERIFY(p.send(QStringLiteral("w"), QStringLiteral("R"), delta, 0).allowed);
        const auto refused = p.send(QStringLiteral("v"), QStringLiteral("R"), delta, 0);
        QVERIFY(!refused.allowed);
        QVERIFY(!refused.error.isEmpty());
        QVERIFY(!p.send(QStringLiteral("v"), QStringLiteral("S"), delta, 0).allowed);
    }

    void control_acceptsOnlyTheSyncRequest_canonicalised()
    {
        RoomPolicy p;
        const QJsonObject sync {{QStringLiteral("data"), QStringLiteral("sync")},
                                {QStringLiteral("extra"), 1}};
        const auto ok = p.send(QStringLiteral("v"), QStringLiteral("R-control"), sync, 0);
        QVERIFY(ok.allowed);
        QCOMPARE(ok.data,
                 QJsonValue(QJsonObject {{QStringLiteral("data"), QStringLiteral("sync")}}));
        QVERIFY(!p.send(QStringLiteral("v"), QStringLiteral("R-control"),
                        QJsonValue(QStringLiteral("sync")), 0)
                     .allowed);
        QVERIFY(!p.send(QStringLiteral("v"), QStringLiteral("R-control"),
                        QJsonObject {{QStringLiteral("type"), QStringLiteral("full")}}, 0)
                     .allowed);
    }

    void syncRequests_tokenBucket_burstThenRefill()
    {
        RoomPolicy p;
        const QJsonObject sync {{QStringLiteral("data"), QStringLiteral("sync")}};
        int allowed = 0;
        for (int i = 0; i < 20; ++i)
            allowed += p.send(QStringLiteral("v"), QStringLiteral("R-control"), sync, 1000).allowed;
        QCOMPARE(allowed, int(RoomPolicy::syncRequestBurst));
        QVERIFY(!p.send(QStringLiteral("v"), QStringLiteral("R-control"), sync, 1100).allowed);
        QVERIFY(p.send(QStringLiteral("v"), QStringLiteral("R-control"), sync, 1250).allowed);
        // Another socket has its own bucket.
        QVERIFY(p.send(QStringLiteral("u"), QStringLiteral("R-control"), sync, 1250).allowed);
    }

    void writerKey_reclaimsAfterLeave_keylessDoesNot()
    {
        RoomPolicy p;
        const auto issued = p.issueRoom();
        const QString control = issued.roomId + QStringLiteral("-control");
        QVERIFY(p.join(QStringLiteral("w1"), control, issued.writerKey).allowed);
        p.socketLeft(QStringLiteral("w1"));
        QVERIFY(!p.join(QStringLiteral("x"), control, {}).allowed);
        QVERIFY(!p.join(QStringLiteral("x"), control, QStringLiteral("guess")).allowed);
        const auto back = p.join(QStringLiteral("w2"), control, issued.writerKey);
        QVERIFY(back.allowed);
        QCOMPARE(p.ownerOf(issued.roomId), QStringLiteral("w2"));
    }

    void writerKey_displacesStaleOwner()
    {
        RoomPolicy p;
        const auto issued = p.issueRoom();
        const QString control = issued.roomId + QStringLiteral("-control");
        QVERIFY(p.join(QStringLiteral("w1"), control, issued.writerKey).allowed);
        const auto d = p.join(QStringLiteral("w2"), control, issued.writerKey);
        QVERIFY(d.allowed);
        QCOMPARE(d.displacedSocketId, QStringLiteral("w1"));
        QVERIFY(!p.send(QStringLiteral("w1"), issued.roomId, QJsonValue(1), 0).allowed);
        QVERIFY(p.send(QStringLiteral("w2"), issued.roomId, QJsonValue(1), 0).allowed);
    }

    void keylessOwner_releasesOnLeave()
    {
        RoomPolicy p;
        QVERIFY(p.join(QStringLiteral("w1"), QStringLiteral("R-control"), {}).allowed);
        p.socketLeft(QStringLiteral("w1"));
        QVERIFY(p.ownerOf(QStringLiteral("R")).isEmpty());
        QVERIFY(p.join(QStringLiteral("w2"), QStringLiteral("R-control"), {}).allowed);
    }

    void invalidRoomIds_refused_data()
    {
        QTest::addColumn<QString>("room");
        QTest::newRow("empty") << QString();
        QTest::newRow("only suffix") << QStringLiteral("-control");
        QTest::newRow("control char") << QStringLiteral("a\nb");
        QTest::newRow("too long") << QString(RoomPolicy::maxRoomIdLength + 1, QLatin1Char('a'));
    }
    void invalidRoomIds_refused()
    {
        QFETCH(QString, room);
        RoomPolicy p;
        QVERIFY(!p.join(QStringLiteral("s"), room, {}).allowed);
        QVERIFY(!p.send(QStringLiteral("s"), room, QJsonValue(1), 0).allowed);
    }

    void roomsPerSocket_areBounded()
    {
        RoomPolicy p;
        for (int i = 0; i < RoomPolicy::maxStreamsPerSocket; ++i)
            QVERIFY(p.join(QStringLiteral("s"), QStringLiteral("room%1").arg(i), {}).allowed);
        QVERIFY(!p.join(QStringLiteral("s"), QStringLiteral("one-more"), {}).allowed);
        QVERIFY(p.join(QStringLiteral("s"), QStringLiteral("room0-control"), {}).allowed);
        QVERIFY(p.join(QStringLiteral("t"), QStringLiteral("one-more"), {}).allowed);
        p.socketLeft(QStringLiteral("s"));
        QVERIFY(p.join(QStringLiteral("s"), QStringLiteral("one-more"), {}).allowed);
    }

    void openRooms_allowEverything()
    {
        RoomPolicy p(true);
        QVERIFY(p.join(QStringLiteral("a"), QStringLiteral("R-control"), {}).allowed);
        QVERIFY(p.join(QStringLiteral("b"), QStringLiteral("R-control"), {}).allowed);
        QVERIFY(p.send(QStringLiteral("c"), QStringLiteral("R"), QJsonValue(1), 0).allowed);
        QVERIFY(p.send(QStringLiteral("c"), QStringLiteral("R-control"), QJsonValue(2), 0).allowed);
    }

    void issuedRoomIds_carryAtLeast96Bits_andDiffer()
    {
        RoomPolicy p;
        QSet<QString> seen;
        for (int i = 0; i < 1000; ++i) {
            const auto r = p.issueRoom();
            // base32: 5 bits a character
            QVERIFY(r.roomId.size() * 5 >= 96 + 5);
            QVERIFY(r.writerKey.size() * 6 >= 128);
            QVERIFY(!seen.contains(r.roomId));
            seen.insert(r.roomId);
            for (const QChar c : r.roomId)
                QVERIFY((c >= QLatin1Char('a') && c <= QLatin1Char('z'))
                        || (c >= QLatin1Char('2') && c <= QLatin1Char('7')));
        }
    }

    void randomBase32_isUniformOverTheAlphabet()
    {
        // 32 symbols, 64000 draws: every symbol near 2000 (a broken source shows up as gaps).
        QHash<QChar, int> counts;
        for (int i = 0; i < 4000; ++i) {
            const QString s = util::randomBase32(10); // 16 full characters
            for (const QChar c : s)
                counts[c]++;
        }
        QCOMPARE(counts.size(), 32);
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            QVERIFY2(it.value() > 1600 && it.value() < 2400, qPrintable(QString(it.key())));
    }
};

QTEST_GUILESS_MAIN(tst_RoomPolicy)
#include "tst_roompolicy.moc"
