#include "server/roompolicy.h"
#include "util/randomid.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using server::RoomKind;
using server::RoomPolicy;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(server::RoomKind)

// The room rules of docs/protocol.md §7 and §14 as decisions on socket ids.
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

    void control_acceptsSealedSyncRequest_forwardsOnlyItsFields_sameBucket()
    {
        RoomPolicy p;
        const QString iv = QStringLiteral("AAAAAAAAAAAAAAAA");
        const QString ct = QStringLiteral("abc-_0123456789xyzXYZ0123456789abcdefghijkl");
        const QJsonObject sealed {{QStringLiteral("type"), QStringLiteral("sealed")},
                                  {QStringLiteral("v"), 1},
                                  {QStringLiteral("iv"), iv},
                                  {QStringLiteral("ct"), ct},
                                  {QStringLiteral("extra"), QStringLiteral("dropped")}};
        const auto ok = p.send(QStringLiteral("v"), QStringLiteral("R-control"), sealed, 0);
        QVERIFY(ok.allowed);
        QCOMPARE(ok.data,
                 QJsonValue(QJsonObject {{QStringLiteral("type"), QStringLiteral("sealed")},
                                         {QStringLiteral("v"), 1},
                                         {QStringLiteral("iv"), iv},
                                         {QStringLiteral("ct"), ct}}));
        const auto refusedWith = [&](const char *field, const QJsonValue &value) {
            QJsonObject bad = sealed;
            bad.insert(QLatin1String(field), value);
            return !p.send(QStringLiteral("x"), QStringLiteral("R-control"), bad, 0).allowed;
        };
        QVERIFY(refusedWith("v", 2));
        QVERIFY(refusedWith("iv", QStringLiteral("AAAA")));
        QVERIFY(refusedWith("iv", QStringLiteral("AAAAAAAAAAAAAAA=")));
        QVERIFY(refusedWith("ct", QString()));
        QVERIFY(refusedWith("ct", QString(RoomPolicy::maxSealedRequestChars + 1, u'A')));
        QVERIFY(refusedWith("ct", QStringLiteral("a+b/")));
        QVERIFY(refusedWith("ct", 5));
        QVERIFY(refusedWith("type", QStringLiteral("full")));
        // Sealed and plain requests share one bucket.
        int allowed = 1;
        for (int i = 0; i < 10; ++i)
            allowed
                += p.send(QStringLiteral("v"), QStringLiteral("R-control"),
                          i % 2 ? sealed
                                : QJsonObject {{QStringLiteral("data"), QStringLiteral("sync")}},
                          0)
                       .allowed;
        QCOMPARE(allowed, int(RoomPolicy::syncRequestBurst));
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

    // docs/protocol.md §14 "Rooms": which names are file rooms.
    void classify_data()
    {
        QTest::addColumn<QString>("room");
        QTest::addColumn<RoomKind>("kind");
        QTest::addColumn<QString>("stream");
        QTest::addColumn<QString>("fileId");
        const QString none;
        const QString id32(RoomPolicy::maxFileIdLength, u'f');
        QTest::newRow("stream") << u"R"_s << RoomKind::Stream << u"R"_s << none;
        QTest::newRow("control") << u"R-control"_s << RoomKind::Control << u"R"_s << none;
        QTest::newRow("file") << u"R/f1"_s << RoomKind::File << u"R"_s << u"f1"_s;
        QTest::newRow("file control")
            << u"R/f1-control"_s << RoomKind::FileControl << u"R"_s << u"f1"_s;
        QTest::newRow("file id alphabet")
            << u"R/AZaz09_-"_s << RoomKind::File << u"R"_s << u"AZaz09_-"_s;
        QTest::newRow("file id of 32") << (u"R/"_s + id32) << RoomKind::File << u"R"_s << id32;
        QTest::newRow("file id of 33")
            << (u"R/f"_s + id32) << RoomKind::Stream << (u"R/f"_s + id32) << none;
        QTest::newRow("two slashes") << u"a/b/c"_s << RoomKind::Stream << u"a/b/c"_s << none;
        QTest::newRow("two slashes, control")
            << u"a/b/c-control"_s << RoomKind::Control << u"a/b/c"_s << none;
        QTest::newRow("control base")
            << u"x-control/f"_s << RoomKind::Stream << u"x-control/f"_s << none;
        QTest::newRow("control base, control")
            << u"x-control/f-control"_s << RoomKind::Control << u"x-control/f"_s << none;
        QTest::newRow("empty file id") << u"b/"_s << RoomKind::Stream << u"b/"_s << none;
        QTest::newRow("empty file id, control")
            << u"b/-control"_s << RoomKind::Control << u"b/"_s << none;
        QTest::newRow("bad file id") << u"b/bad*id"_s << RoomKind::Stream << u"b/bad*id"_s << none;
        QTest::newRow("non-ASCII file id")
            << u"b/\u00e9"_s << RoomKind::Stream << u"b/\u00e9"_s << none;
        QTest::newRow("empty base") << u"/f"_s << RoomKind::Stream << u"/f"_s << none;
        QTest::newRow("space in base")
            << u"my room/f"_s << RoomKind::File << u"my room"_s << u"f"_s;
    }
    void classify()
    {
        QFETCH(QString, room);
        QFETCH(RoomKind, kind);
        QFETCH(QString, stream);
        QFETCH(QString, fileId);
        const server::RoomName name = RoomPolicy::classify(room);
        QCOMPARE(name.kind, kind);
        QCOMPARE(name.stream, stream);
        QCOMPARE(name.fileId, fileId);
        QCOMPARE(RoomPolicy::streamOf(room), stream);
    }

    void fileRoom_watcherJoins_withoutOwner_notCountedAsWatcherOfBase()
    {
        RoomPolicy p;
        const auto d = p.join(u"v"_s, u"R/f1"_s, {});
        QVERIFY(d.allowed);
        QCOMPARE(d.kind, RoomKind::File);
        QCOMPARE(d.stream, u"R"_s);
        QVERIFY(!d.asWriter);
        QCOMPARE(p.watcherCount(u"R"_s), 0);
        QVERIFY(p.join(u"v"_s, u"R/f1"_s, {}).allowed);
        QVERIFY(p.socketLeft(u"v"_s).isEmpty());
    }

    void fileControl_onlyTheCurrentOwnerJoins_writerKeyIgnored()
    {
        RoomPolicy p;
        const auto issued = p.issueRoom();
        const QString R = issued.roomId;
        const QString fileControl = R + u"/f1-control"_s;
        // Nobody owns R yet: not even the key opens its file control rooms.
        auto d = p.join(u"w"_s, fileControl, issued.writerKey);
        QVERIFY(!d.allowed);
        QCOMPARE(d.error, u"only the writer of this room may join its file rooms"_s);
        QVERIFY(p.join(u"w"_s, R + u"-control"_s, issued.writerKey).allowed);
        for (const QString &key : {QString(), issued.writerKey, u"guess"_s}) {
            d = p.join(u"x"_s, fileControl, key);
            QVERIFY(!d.allowed);
            QCOMPARE(d.error, u"only the writer of this room may join its file rooms"_s);
        }
        QCOMPARE(p.ownerOf(R), u"w"_s);
        d = p.join(u"w"_s, fileControl, {});
        QVERIFY(d.allowed);
        QCOMPARE(d.kind, RoomKind::FileControl);
        QVERIFY(!d.asWriter);
        QVERIFY(d.displacedSocketId.isEmpty());
        QVERIFY(p.join(u"w"_s, fileControl, u"anything"_s).allowed);
    }

    void fileRoom_onlyOwnerSends_dataAsSent()
    {
        RoomPolicy p;
        QVERIFY(p.join(u"w"_s, u"R-control"_s, {}).allowed);
        QVERIFY(p.join(u"v"_s, u"R/f1"_s, {}).allowed);
        const QJsonValue delta = QJsonObject {{u"type"_s, u"delta"_s}, {u"extra"_s, 1}};
        const auto ok = p.send(u"w"_s, u"R/f1"_s, delta, 0);
        QVERIFY(ok.allowed);
        QCOMPARE(ok.data, delta);
        for (const QString &sender : {u"v"_s, u"x"_s}) {
            const auto refused = p.send(sender, u"R/f1"_s, delta, 0);
            QVERIFY(!refused.allowed);
            QCOMPARE(refused.error, u"only the writer of this room may send to it"_s);
        }
        // A file room of a stream that has no owner.
        QVERIFY(!p.send(u"w"_s, u"S/f1"_s, delta, 0).allowed);
    }

    void fileControl_takesOnlyTheSyncRequest_canonical_sharedBucket()
    {
        RoomPolicy p;
        QVERIFY(p.join(u"w"_s, u"R-control"_s, {}).allowed);
        const QJsonObject sync {{u"data"_s, u"sync"_s}, {u"extra"_s, 1}};
        const auto ok = p.send(u"v"_s, u"R/f1-control"_s, sync, 0);
        QVERIFY(ok.allowed);
        QCOMPARE(ok.data, QJsonValue(QJsonObject {{u"data"_s, u"sync"_s}}));
        const auto refused
            = p.send(u"v"_s, u"R/f1-control"_s, QJsonObject {{u"type"_s, u"full"_s}}, 0);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.error, u"only the sync request may be sent to a control room"_s);
        // The owner, too, sends only sync requests there.
        QVERIFY(
            !p.send(u"w"_s, u"R/f1-control"_s, QJsonObject {{u"type"_s, u"full"_s}}, 0).allowed);
        // One bucket per connection across R-control and every R/F-control.
        int allowed = 1;
        for (int i = 0; i < 10; ++i)
            allowed += p.send(u"v"_s, i % 2 ? u"R-control"_s : u"R/f%1-control"_s.arg(i), sync, 0)
                           .allowed;
        QCOMPARE(allowed, int(RoomPolicy::syncRequestBurst));
        const auto limited = p.send(u"v"_s, u"R/f9-control"_s, sync, 0);
        QCOMPARE(limited.error, u"sync requests are rate-limited"_s);
        QVERIFY(p.send(u"v"_s, u"R/f9-control"_s, sync, 200).allowed);
    }

    void workspaceSyncRequest_keepsFilesAll_dropsOtherMembers_data()
    {
        QTest::addColumn<QJsonObject>("sent");
        QTest::addColumn<QJsonObject>("forwarded");
        const QJsonObject plain {{u"data"_s, u"sync"_s}};
        const QJsonObject all {{u"data"_s, u"sync"_s}, {u"files"_s, u"all"_s}};
        QTest::newRow("files all") << all << all;
        QJsonObject extra = all;
        extra.insert(u"x"_s, 1);
        QTest::newRow("files all and more") << extra << all;
        QTest::newRow("files some")
            << QJsonObject {{u"data"_s, u"sync"_s}, {u"files"_s, u"some"_s}} << plain;
        QTest::newRow("files array")
            << QJsonObject {{u"data"_s, u"sync"_s}, {u"files"_s, QJsonArray {u"all"_s}}} << plain;
        QTest::newRow("files true")
            << QJsonObject {{u"data"_s, u"sync"_s}, {u"files"_s, true}} << plain;
        QTest::newRow("plain") << plain << plain;
    }
    void workspaceSyncRequest_keepsFilesAll_dropsOtherMembers()
    {
        QFETCH(QJsonObject, sent);
        QFETCH(QJsonObject, forwarded);
        for (const QString &room : {u"R-control"_s, u"R/f1-control"_s}) {
            RoomPolicy p;
            const auto d = p.send(u"v"_s, room, sent, 0);
            QVERIFY(d.allowed);
            QCOMPARE(d.data, QJsonValue(forwarded));
        }
    }

    void displacedOwner_losesEveryFileControlRoom_keepsItsFileRooms()
    {
        RoomPolicy p;
        const auto issued = p.issueRoom();
        const QString R = issued.roomId;
        QVERIFY(p.join(u"w1"_s, R + u"-control"_s, issued.writerKey).allowed);
        QVERIFY(p.join(u"w1"_s, R + u"/f1-control"_s, {}).allowed);
        QVERIFY(p.join(u"w1"_s, R + u"/f2-control"_s, {}).allowed);
        QVERIFY(p.join(u"w1"_s, R + u"/f2"_s, {}).allowed); // also watches f2
        const auto d = p.join(u"w2"_s, R + u"-control"_s, issued.writerKey);
        QVERIFY(d.allowed);
        QCOMPARE(d.displacedSocketId, u"w1"_s);
        QStringList lost = d.displacedRooms;
        lost.sort();
        QStringList expected {R + u"-control"_s, R + u"/f1-control"_s, R + u"/f2-control"_s};
        expected.sort();
        QCOMPARE(lost, expected);

        auto again = p.join(u"w1"_s, R + u"/f1-control"_s, {});
        QCOMPARE(again.error, u"only the writer of this room may join its file rooms"_s);
        QVERIFY(!p.send(u"w1"_s, R + u"/f1"_s, QJsonValue(1), 0).allowed);
        QVERIFY(p.join(u"w2"_s, R + u"/f1-control"_s, {}).allowed);
        QVERIFY(p.send(u"w2"_s, R + u"/f1"_s, QJsonValue(1), 0).allowed);

        // w1 still watches R/f2, so R still counts among its streams.
        for (int i = 0; i < RoomPolicy::maxStreamsPerSocket - 1; ++i)
            QVERIFY(p.join(u"w1"_s, u"S%1"_s.arg(i), {}).allowed);
        QCOMPARE(p.join(u"w1"_s, u"one-more"_s, {}).error, u"too many rooms for one connection"_s);
        QVERIFY(p.join(u"w1"_s, R + u"/f3"_s, {}).allowed);
    }

    void displacedOwner_withoutFileRooms_leavesTheStream()
    {
        RoomPolicy p;
        const auto issued = p.issueRoom();
        const QString R = issued.roomId;
        QVERIFY(p.join(u"w1"_s, R + u"-control"_s, issued.writerKey).allowed);
        QVERIFY(p.join(u"w1"_s, R + u"/f1-control"_s, {}).allowed);
        QVERIFY(p.join(u"w2"_s, R + u"-control"_s, issued.writerKey).allowed);
        for (int i = 0; i < RoomPolicy::maxStreamsPerSocket; ++i)
            QVERIFY(p.join(u"w1"_s, u"S%1"_s.arg(i), {}).allowed);
    }

    void ownerLeaves_losesFileControl_reclaimingOwnerJoinsIt()
    {
        RoomPolicy p;
        const auto issued = p.issueRoom();
        const QString R = issued.roomId;
        QVERIFY(p.join(u"w1"_s, R + u"-control"_s, issued.writerKey).allowed);
        QVERIFY(p.join(u"w1"_s, R + u"/f1-control"_s, {}).allowed);
        p.socketLeft(u"w1"_s);
        QVERIFY(!p.join(u"x"_s, R + u"/f1-control"_s, issued.writerKey).allowed);
        QVERIFY(!p.join(u"w1"_s, R + u"/f1-control"_s, {}).allowed);
        QVERIFY(p.join(u"w2"_s, R + u"-control"_s, issued.writerKey).allowed);
        QVERIFY(p.join(u"w2"_s, R + u"/f1-control"_s, {}).allowed);
        // A keyless owner frees R on leaving; the next owner takes its file rooms.
        QVERIFY(p.join(u"k1"_s, u"K-control"_s, {}).allowed);
        QVERIFY(p.join(u"k1"_s, u"K/f1-control"_s, {}).allowed);
        p.socketLeft(u"k1"_s);
        QVERIFY(!p.join(u"k2"_s, u"K/f1-control"_s, {}).allowed);
        QVERIFY(p.join(u"k2"_s, u"K-control"_s, {}).allowed);
        QVERIFY(p.join(u"k2"_s, u"K/f1-control"_s, {}).allowed);
    }

    void fileRooms_countAsTheirStream()
    {
        RoomPolicy p;
        QVERIFY(p.join(u"s"_s, u"B"_s, {}).allowed);
        for (int i = 0; i < 200; ++i)
            QVERIFY(p.join(u"s"_s, u"B/f%1"_s.arg(i), {}).allowed);
        for (int i = 0; i < RoomPolicy::maxStreamsPerSocket - 1; ++i)
            QVERIFY(p.join(u"s"_s, u"S%1"_s.arg(i), {}).allowed);
        QCOMPARE(p.join(u"s"_s, u"one-more"_s, {}).error, u"too many rooms for one connection"_s);
        QCOMPARE(p.join(u"s"_s, u"C/f1"_s, {}).error, u"too many rooms for one connection"_s);
        QVERIFY(p.join(u"s"_s, u"B/f200"_s, {}).allowed);
        QVERIFY(p.join(u"s"_s, u"S0/f1"_s, {}).allowed);
        // A file room alone brings its stream into the count too.
        QVERIFY(p.join(u"t"_s, u"B/f1"_s, {}).allowed);
        for (int i = 0; i < RoomPolicy::maxStreamsPerSocket - 1; ++i)
            QVERIFY(p.join(u"t"_s, u"S%1"_s.arg(i), {}).allowed);
        QVERIFY(!p.join(u"t"_s, u"one-more"_s, {}).allowed);
        QVERIFY(p.join(u"t"_s, u"B"_s, {}).allowed);
    }

    void fileRooms_boundedPerStreamAndConnection()
    {
        RoomPolicy p;
        for (int i = 0; i < RoomPolicy::maxFileRoomsPerStream; ++i)
            QVERIFY(p.join(u"s"_s, u"B/f%1"_s.arg(i), {}).allowed);
        const auto refused = p.join(u"s"_s, u"B/one-more"_s, {});
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.error, u"too many file rooms for one stream"_s);
        QVERIFY(p.join(u"s"_s, u"B/f5"_s, {}).allowed); // already in it
        QVERIFY(p.join(u"s"_s, u"B"_s, {}).allowed);
        QVERIFY(p.join(u"s"_s, u"C/f0"_s, {}).allowed); // another stream
        QVERIFY(p.join(u"t"_s, u"B/one-more"_s, {}).allowed); // another connection
        p.socketLeft(u"s"_s);
        QVERIFY(p.join(u"s"_s, u"B/one-more"_s, {}).allowed);

        // The owner's file control rooms count too; "B/F" and "B/F-control" count once.
        QVERIFY(p.join(u"w"_s, u"B-control"_s, {}).allowed);
        for (int i = 0; i < RoomPolicy::maxFileRoomsPerStream; ++i)
            QVERIFY(p.join(u"w"_s, u"B/f%1-control"_s.arg(i), {}).allowed);
        QVERIFY(p.join(u"w"_s, u"B/f7"_s, {}).allowed);
        QCOMPARE(p.join(u"w"_s, u"B/g-control"_s, {}).error,
                 u"too many file rooms for one stream"_s);
        QCOMPARE(p.join(u"w"_s, u"B/g"_s, {}).error, u"too many file rooms for one stream"_s);
    }

    void plainNamesWithSlashes_followTheStreamRules_data()
    {
        QTest::addColumn<QString>("room");
        QTest::newRow("two slashes") << u"a/b/c"_s;
        QTest::newRow("control base") << u"x-control/f"_s;
        QTest::newRow("empty file id") << u"b/"_s;
        QTest::newRow("bad file id") << u"b/bad*id"_s;
    }
    void plainNamesWithSlashes_followTheStreamRules()
    {
        QFETCH(QString, room);
        RoomPolicy p;
        // A file control room of a stream nobody owns would be refused; these are plain.
        const auto owner = p.join(u"w"_s, room + u"-control"_s, {});
        QVERIFY(owner.allowed);
        QVERIFY(owner.asWriter);
        QCOMPARE(owner.stream, room);
        QCOMPARE(p.join(u"x"_s, room + u"-control"_s, {}).error,
                 u"this room already has a writer"_s);
        QVERIFY(p.join(u"v"_s, room, {}).allowed);
        QCOMPARE(p.watcherCount(room), 1);
        QVERIFY(p.send(u"w"_s, room, QJsonValue(1), 0).allowed);
        QVERIFY(!p.send(u"v"_s, room, QJsonValue(1), 0).allowed);
    }

    void openRooms_fileRoomsHaveNoRules()
    {
        RoomPolicy p(true);
        QVERIFY(p.join(u"a"_s, u"R/f1-control"_s, {}).allowed);
        QVERIFY(p.join(u"b"_s, u"R/f1-control"_s, {}).allowed);
        for (int i = 0; i < RoomPolicy::maxFileRoomsPerStream + 1; ++i)
            QVERIFY(p.join(u"c"_s, u"R/f%1"_s.arg(i), {}).allowed);
        const QJsonValue anything = QJsonObject {{u"anything"_s, 1}};
        QCOMPARE(p.send(u"c"_s, u"R/f1"_s, anything, 0).data, anything);
        QCOMPARE(p.send(u"c"_s, u"R/f1-control"_s, anything, 0).data, anything);
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
