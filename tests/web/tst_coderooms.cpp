#include "nodechecks.h"
#include "server/embeddedserver.h"

#include <QTest>

// CodeStream room rules through the real embedded server, driven by npm's socket.io-client
// (tests/node/web-rooms.js).
class tst_CodeRooms final : public QObject
{
    Q_OBJECT

private slots:
    void secureRooms_enforceOwnershipKeysRateLimitsAndSurviveGarbage()
    {
        server::EmbeddedServerOptions options;
        options.port = 0;
        options.io.engine.pingIntervalMs = 2000;
        options.io.engine.pingTimeoutMs = 5000;
        server::EmbeddedServer srv(options);
        QString error;
        QVERIFY2(srv.start(&error), qPrintable(error));

        NodeProcess node;
        NodeChecks checks;
        checks.run(node, QStringLiteral("web-rooms.js"),
                   {srv.origin().toString(), QStringLiteral("secure")}, 120000);
        const char *expected[] = {"connect_sendsLogin",
                                  "writerJoinControl_acked",
                                  "watcherJoin_acked",
                                  "presence_countsTwoWatchers",
                                  "writerSend_reachesEveryWatcher",
                                  "writerSend_notEchoedToSender",
                                  "intruderJoinControl_refused",
                                  "intruderJoinControlWrongKey_refused",
                                  "watcherJoinControl_refused",
                                  "watcherSendToStream_refusedWithError",
                                  "watcherSendToStream_notDelivered",
                                  "syncRequest_reachesWriter",
                                  "nonSyncToControl_refused",
                                  "syncRequests_rateLimited",
                                  "presence_dropsOnWatcherLeave",
                                  "malformedJoin_refusedEachWithError",
                                  "malformedSend_errorEach",
                                  "unknownEvent_error",
                                  "oversizedPayload_closesConnection",
                                  "nonJsonPacket_closesConnection",
                                  "roomKeepsWorking_afterMalformedInput",
                                  "afterWriterLeaves_intruderStillRefused",
                                  "writerKey_reclaimsAfterReconnect",
                                  "reclaimedWriter_reachesWatchers",
                                  "keylessFirstWriter_ownsStream"};
        CODESTREAM_VERIFY_CHECKS(checks, expected);
    }

    void fileRooms_followTheirStreamsOwner_boundedAndForwardedExactly()
    {
        server::EmbeddedServerOptions options;
        options.port = 0;
        options.io.engine.pingIntervalMs = 2000;
        options.io.engine.pingTimeoutMs = 5000;
        server::EmbeddedServer srv(options);
        QString error;
        QVERIFY2(srv.start(&error), qPrintable(error));

        NodeProcess node;
        NodeChecks checks;
        checks.run(node, QStringLiteral("file-rooms.js"),
                   {QStringLiteral("embedded"), srv.origin().toString()}, 120000);
        const char *expected[] = {"writerJoinsControl_acked",
                                  "watcherJoinsFileRoom_acked",
                                  "presence_countsBaseWatchers",
                                  "fileRoomJoin_sendsNoPresence",
                                  "nonOwnerJoinsFileControl_refused",
                                  "nonOwnerJoinsFileControlWithKey_refused",
                                  "ownerJoinsFileControl_acked",
                                  "nonOwnerSendsToFileRoom_refused",
                                  "nonOwnerSendToFileRoom_notDelivered",
                                  "ownerSendsToFileRoom_byteExact",
                                  "ownerSendsToFileRoom_reachesWatcherOfBoth",
                                  "fileRoomSend_notToBaseWatchers",
                                  "fileSyncRequest_reachesOwner_canonical",
                                  "nonSyncToFileControl_refused",
                                  "nonSyncToFileControl_notDelivered",
                                  "workspaceSyncRequest_keepsFilesAll",
                                  "workspaceSyncRequest_dropsOtherMembers",
                                  "fileSyncRequests_shareTheConnectionsBucket",
                                  "fileSyncRequests_rateLimited",
                                  "reclaim_displacesOwner",
                                  "displacedOwnerJoinsFileControl_refused",
                                  "displacedOwnerSendsToFileRoom_refused",
                                  "newOwnerJoinsFileControl_acked",
                                  "displacedOwner_losesFileControl",
                                  "displacedOwnerSendToFileRoom_notDelivered",
                                  "afterOwnerLeaves_fileControlRefused",
                                  "reclaimingOwner_joinsFileControl",
                                  "fileRooms_boundedPerStream",
                                  "fileRoomLimit_perStream",
                                  "streamWithFileRooms_countsOnce",
                                  "plainName_twoSlashes_followsStreamRules",
                                  "plainName_controlBase_followsStreamRules",
                                  "plainName_emptyFileId_followsStreamRules",
                                  "plainName_badFileId_followsStreamRules",
                                  "fileControlOfUnownedBase_refused"};
        CODESTREAM_VERIFY_CHECKS(checks, expected);
    }

    void openRooms_restorePermissiveBehaviour()
    {
        server::EmbeddedServerOptions options;
        options.port = 0;
        options.openRooms = true;
        server::EmbeddedServer srv(options);
        QVERIFY(srv.start());

        NodeProcess node;
        NodeChecks checks;
        checks.run(node, QStringLiteral("web-rooms.js"),
                   {srv.origin().toString(), QStringLiteral("open")}, 60000);
        const char *expected[] = {"openRooms_anyoneJoinsControl", "openRooms_anyoneSendsToStream",
                                  "openRooms_anyDataToControl"};
        CODESTREAM_VERIFY_CHECKS(checks, expected);

        NodeProcess files;
        NodeChecks fileChecks;
        fileChecks.run(files, QStringLiteral("file-rooms.js"),
                       {QStringLiteral("open"), srv.origin().toString()}, 60000);
        const char *fileExpected[]
            = {"openRooms_anyoneJoinsFileControl", "openRooms_anyoneSendsToFileRoom",
               "openRooms_anyDataToFileControl"};
        CODESTREAM_VERIFY_CHECKS(fileChecks, fileExpected);
    }
};

QTEST_GUILESS_MAIN(tst_CodeRooms)
#include "tst_coderooms.moc"
