// packaging/cluster/server.js as a cluster: Debian's redis-server and two instances, A and B.
#include "interoppeers.h"
#include "streampeers.h"

#include <QRegularExpression>
#include <QTest>

using namespace interop;

Q_DECLARE_METATYPE(interop::WriterKind)

class tst_InteropCluster final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void writerOnA_reachesWatchersOnAAndB_byteEqual_data();
    void writerOnA_reachesWatchersOnAAndB_byteEqual();
    void nonOwnerOnB_cannotTakeOverRoomOwnedOnA();
    void writerKeyOnB_reclaimsRoomOwnedOnA_andRevokesOldSocket();
    void instanceBKilled_watchersFallBackToA_andResync_data();
    void instanceBKilled_watchersFallBackToA_andResync();
    void encryptedWriterOnA_sealedSyncRequestFromB_byteEqual_andKeylessExits3();
    void fileRooms_followTheirStreamsOwner_aloneAndAcrossRedis();

private:
    // Starts one instance of the cluster server; returns its origin or an empty string.
    QString startInstance(Peer &peer);
    void addWriterRows();
    // Streams every snapshot with a pause between them, so that each goes out as its own delta.
    static void streamSnapshots(WriterPeer &writer, int from = 0, int to = -1);
    // Runs tests/node/file-rooms.js (docs/protocol.md §14); verifies that it passed `expected`.
    static void checkFileRooms(const QStringList &args, const QStringList &expected);

    Redis m_redis;
    std::unique_ptr<Peer> m_a;
    std::unique_ptr<Peer> m_b;
    QString m_originA;
    QString m_originB;
};

QString tst_InteropCluster::startInstance(Peer &peer)
{
    return startClusterServer(peer, {}, m_redis.url());
}

void tst_InteropCluster::initTestCase()
{
    QVERIFY2(QFileInfo::exists(clusterNodeModules() + QStringLiteral("/@socket.io/redis-adapter")),
             qPrintable(QStringLiteral("npm packages of packaging/cluster missing in ")
                        + clusterNodeModules() + QStringLiteral(" (packaging/dev.sh deps)")));
    QVERIFY2(m_redis.start(), qPrintable(m_redis.diagnostics()));
}

void tst_InteropCluster::init()
{
    m_a = std::make_unique<Peer>();
    m_b = std::make_unique<Peer>();
    m_originA = startInstance(*m_a);
    QVERIFY2(!m_originA.isEmpty(), qPrintable(m_a->diagnostics()));
    m_originB = startInstance(*m_b);
    QVERIFY2(!m_originB.isEmpty(), qPrintable(m_b->diagnostics()));
}

void tst_InteropCluster::cleanup()
{
    m_a.reset();
    m_b.reset();
}

void tst_InteropCluster::addWriterRows()
{
    QTest::addColumn<WriterKind>("writerKind");
    QTest::newRow("codestream-cli stream") << WriterKind::Cli;
    QTest::newRow("node writer") << WriterKind::Node;
}

void tst_InteropCluster::streamSnapshots(WriterPeer &writer, int from, int to)
{
    const QList<QByteArray> snapshots = documentSnapshots();
    if (to < 0)
        to = int(snapshots.size()) - 1;
    for (int i = from; i <= to; ++i) {
        writer.setText(snapshots.at(i));
        QTest::qWait(700);
    }
}

void tst_InteropCluster::writerOnA_reachesWatchersOnAAndB_byteEqual_data()
{
    addWriterRows();
}

void tst_InteropCluster::writerOnA_reachesWatchersOnAAndB_byteEqual()
{
    QFETCH(WriterKind, writerKind);
    WriterPeer writer(writerKind);
    const QString link = writer.start(m_originA);
    QVERIFY2(link.startsWith(m_originA + QStringLiteral("/#")), qPrintable(writer.diagnostics()));
    const QString room = writer.roomId();

    CliWatcher cliOnA;
    CliWatcher cliOnB;
    NodeWatcher nodeOnB;
    QVERIFY(cliOnA.start(m_originA + QStringLiteral("/#") + room));
    QVERIFY(cliOnB.start(m_originB + QStringLiteral("/#") + room));
    QVERIFY(nodeOnB.start({m_originB}, room));
    QVERIFY2(!nodeOnB.peer().waitForLine(QStringLiteral("joined")).isNull(),
             qPrintable(nodeOnB.diagnostics()));

    streamSnapshots(writer);
    const QByteArray expected = documentSnapshots().constLast();
    QTRY_COMPARE_WITH_TIMEOUT(nodeOnB.text(), expected, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(cliOnA.text(), expected, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(cliOnB.text(), expected, 20000);
}

void tst_InteropCluster::nonOwnerOnB_cannotTakeOverRoomOwnedOnA()
{
    WriterPeer writer(WriterKind::Node);
    QVERIFY2(!writer.start(m_originA).isEmpty(), qPrintable(writer.diagnostics()));
    const QString room = writer.roomId();
    NodeWatcher watcherOnB;
    QVERIFY(watcherOnB.start({m_originB}, room));
    QVERIFY2(!watcherOnB.peer().waitForLine(QStringLiteral("joined")).isNull(),
             qPrintable(watcherOnB.diagnostics()));
    streamSnapshots(writer, 0, 1);
    QTRY_COMPARE_WITH_TIMEOUT(watcherOnB.text(), documentSnapshots().at(1), 20000);

    // The intruder joins R-control on B without the writer key, then forges a full and a delta.
    Peer intruder;
    QVERIFY(intruder.startNode(NodeProcess::scriptPath(QStringLiteral("interop-peer.js")),
                               {QStringLiteral("intruder"), QStringLiteral("--origin"), m_originB,
                                QStringLiteral("--room"), room}));
    const QString refusal = intruder.waitForLine(QStringLiteral("refused"));
    QVERIFY2(!refusal.isNull(), qPrintable(intruder.diagnostics()));
    QVERIFY2(!intruder.waitForLine(QStringLiteral("sent")).isNull(),
             qPrintable(intruder.diagnostics()));

    // A fresh watcher on B asks for a sync: only the real writer answers it.
    NodeWatcher lateWatcherOnB;
    QVERIFY(lateWatcherOnB.start({m_originB}, room));
    streamSnapshots(writer, 2, 3);
    const QByteArray expected = documentSnapshots().constLast();
    QTRY_COMPARE_WITH_TIMEOUT(watcherOnB.text(), expected, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(lateWatcherOnB.text(), expected, 20000);
    QTest::qWait(500);
    QCOMPARE(watcherOnB.text(), expected);
    QVERIFY(!watcherOnB.text().contains("forged"));
}

void tst_InteropCluster::writerKeyOnB_reclaimsRoomOwnedOnA_andRevokesOldSocket()
{
    const QList<QByteArray> snapshots = documentSnapshots();
    WriterPeer first(WriterKind::Node);
    QVERIFY2(!first.start(m_originA, snapshots.at(0)).isEmpty(), qPrintable(first.diagnostics()));
    const QString key = first.peer().lines().filter(QStringLiteral("writer_key ")).value(0).mid(11);
    QVERIFY2(!key.isEmpty(), qPrintable(first.diagnostics()));

    // The same writer reconnecting through B presents its key and gets the room back.
    Peer second;
    QVERIFY(second.startNode(NodeProcess::scriptPath(QStringLiteral("interop-peer.js")),
                             {QStringLiteral("writer"), QStringLiteral("--origin"), m_originB,
                              QStringLiteral("--room"), first.roomId(),
                              QStringLiteral("--writer-key"), key}));
    QVERIFY2(!second.waitForLine(QStringLiteral("joined")).isNull(),
             qPrintable(second.diagnostics()));
    const QJsonObject edit {{QStringLiteral("set"), QString::fromUtf8(snapshots.at(3))}};
    second.write(QJsonDocument(edit).toJson(QJsonDocument::Compact));
    QTest::qWait(700);
    // The displaced socket on A may no longer send to the room.
    first.setText(snapshots.at(1));
    QTest::qWait(700);

    NodeWatcher watcher;
    QVERIFY(watcher.start({m_originA}, first.roomId()));
    QTRY_COMPARE_WITH_TIMEOUT(watcher.text(), snapshots.at(3), 20000);
    first.setText(snapshots.at(2));
    QTest::qWait(1000);
    QCOMPARE(watcher.text(), snapshots.at(3));
}

void tst_InteropCluster::instanceBKilled_watchersFallBackToA_andResync_data()
{
    addWriterRows();
}

void tst_InteropCluster::instanceBKilled_watchersFallBackToA_andResync()
{
    QFETCH(WriterKind, writerKind);
    WriterPeer writer(writerKind);
    QVERIFY2(!writer.start(m_originA).isEmpty(), qPrintable(writer.diagnostics()));
    const QString room = writer.roomId();

    // codestream-cli watch takes one origin; the Node watcher is given B and then A.
    NodeWatcher watcher;
    QVERIFY(watcher.start({m_originB, m_originA}, room));
    QCOMPARE(watcher.peer().waitForLine(QStringLiteral("joined")), m_originB);
    streamSnapshots(writer, 0, 1);
    QTRY_COMPARE_WITH_TIMEOUT(watcher.text(), documentSnapshots().at(1), 20000);

    m_b->kill();
    streamSnapshots(writer, 2, 3);
    QCOMPARE(watcher.peer().waitForLine(QStringLiteral("joined"), 30000), m_originA);
    QTRY_COMPARE_WITH_TIMEOUT(watcher.text(), documentSnapshots().constLast(), 20000);
}

void tst_InteropCluster::checkFileRooms(const QStringList &args, const QStringList &expected)
{
    Peer script;
    QVERIFY(script.startNode(NodeProcess::scriptPath(QStringLiteral("file-rooms.js")), args));
    const QString done = script.waitForLine(QStringLiteral("done "), 120000);
    QVERIFY2(!done.isNull(), qPrintable(script.diagnostics()));
    const QStringList failed = script.lines().filter(QRegularExpression(QStringLiteral("^fail ")));
    QVERIFY2(failed.isEmpty(), qPrintable(failed.join(u'\n')));
    QCOMPARE(done, QStringLiteral("0"));
    for (const QString &name : expected)
        QVERIFY2(script.lines().contains(QStringLiteral("ok ") + name), qPrintable(name));
}

void tst_InteropCluster::fileRooms_followTheirStreamsOwner_aloneAndAcrossRedis()
{
    const QStringList secure {QStringLiteral("watcherJoinsFileRoom_acked"),
                              QStringLiteral("fileRoomJoin_sendsNoPresence"),
                              QStringLiteral("nonOwnerJoinsFileControl_refused"),
                              QStringLiteral("nonOwnerJoinsFileControlWithKey_refused"),
                              QStringLiteral("ownerJoinsFileControl_acked"),
                              QStringLiteral("nonOwnerSendToFileRoom_notDelivered"),
                              QStringLiteral("ownerSendsToFileRoom_reachesFileWatchers"),
                              QStringLiteral("fileRoomSend_notToBaseWatchers"),
                              QStringLiteral("fileSyncRequest_reachesOwner_canonical"),
                              QStringLiteral("workspaceSyncRequest_keepsFilesAll"),
                              QStringLiteral("fileSyncRequests_shareTheConnectionsBucket"),
                              QStringLiteral("fileSyncRequests_rateLimited"),
                              QStringLiteral("reclaim_displacesOwner"),
                              QStringLiteral("displacedOwnerJoinsFileControl_refused"),
                              QStringLiteral("displacedOwner_losesFileControl"),
                              QStringLiteral("displacedOwnerSendToFileRoom_notDelivered"),
                              QStringLiteral("afterOwnerLeaves_fileControlRefused"),
                              QStringLiteral("reclaimingOwner_joinsFileControl"),
                              QStringLiteral("fileRooms_boundedPerStream"),
                              QStringLiteral("plainName_twoSlashes_followsStreamRules"),
                              QStringLiteral("plainName_controlBase_followsStreamRules"),
                              QStringLiteral("plainName_emptyFileId_followsStreamRules"),
                              QStringLiteral("plainName_badFileId_followsStreamRules"),
                              QStringLiteral("fileControlOfUnownedBase_refused")};
    // server.js alone, ownership in memory.
    Peer alone;
    const QString originAlone = startClusterServer(alone);
    QVERIFY2(!originAlone.isEmpty(), qPrintable(alone.diagnostics()));
    checkFileRooms({QStringLiteral("cluster"), originAlone}, secure);
    // The writer on A, every other peer on B: ownership in Redis, messages through the adapter.
    checkFileRooms({QStringLiteral("cluster"), m_originA, m_originB}, secure);
    // --open-rooms: no rules for file rooms either.
    Peer open;
    const QString originOpen = startClusterServer(open, {QStringLiteral("--open-rooms")});
    QVERIFY2(!originOpen.isEmpty(), qPrintable(open.diagnostics()));
    checkFileRooms({QStringLiteral("open"), originOpen},
                   {QStringLiteral("openRooms_anyoneJoinsFileControl"),
                    QStringLiteral("openRooms_anyoneSendsToFileRoom"),
                    QStringLiteral("openRooms_anyDataToFileControl")});
}

QTEST_GUILESS_MAIN(tst_InteropCluster)
#include "tst_interop_cluster.moc"

void tst_InteropCluster::encryptedWriterOnA_sealedSyncRequestFromB_byteEqual_andKeylessExits3()
{
    const QList<QByteArray> snapshots = documentSnapshots();
    WriterPeer writer(WriterKind::Cli);
    const QString link = writer.start(m_originA, snapshots.at(0), true);
    QVERIFY2(!link.isEmpty(), qPrintable(writer.diagnostics()));
    const QString fragment = QUrl(link).fragment();
    QCOMPARE(fragment.section(u',', 1).size(), 43);
    // Once the writer is in the room, a watcher only gets the document through its own sealed
    // sync request, which server.js must forward to R-control.
    QTRY_VERIFY_WITH_TIMEOUT(writer.diagnostics().contains(QStringLiteral("connection: connected")),
                             20000);

    CliWatcher watcherOnB;
    QVERIFY(watcherOnB.start(m_originB + QStringLiteral("/#") + fragment));
    QTRY_COMPARE_WITH_TIMEOUT(watcherOnB.text(), snapshots.at(0), 20000);
    streamSnapshots(writer, 1, 2);
    QTRY_COMPARE_WITH_TIMEOUT(watcherOnB.text(), snapshots.at(2), 20000);

    CliWatcher keyless;
    QVERIFY(keyless.start(m_originB + QStringLiteral("/#") + writer.roomId()));
    QTRY_VERIFY_WITH_TIMEOUT(!keyless.peer().isRunning(), 20000);
    QCOMPARE(keyless.peer().process().exitCode(), 3);
    QVERIFY2(keyless.diagnostics().contains(
                 QStringLiteral("This stream is end-to-end encrypted, and the link you opened "
                                "lacks its key")),
             qPrintable(keyless.diagnostics()));
}
