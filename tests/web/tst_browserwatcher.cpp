#include "nodechecks.h"
#include "server/embeddedserver.h"

#include <QFileInfo>
#include <QTest>

// The browser watcher page in headless Chromium (npm playwright-core, Debian's chromium) against
// the real embedded server, with a socket.io-client writer (tests/node/web-browser.js).
class tst_BrowserWatcher final : public QObject
{
    Q_OBJECT

private slots:
    void page_followsWriter_byteEqual_throughGapsPartsAndReconnects()
    {
        if (!QFileInfo::exists(QStringLiteral("/usr/bin/chromium")))
            QSKIP("Debian's chromium is not installed");
        server::EmbeddedServerOptions options;
        options.port = 0;
        server::EmbeddedServer srv(options);
        QString error;
        QVERIFY2(srv.start(&error), qPrintable(error));

        NodeProcess node;
        NodeChecks checks;
        checks.run(node, QStringLiteral("web-browser.js"), {srv.origin().toString()}, 240000);
        if (!checks.finished)
            qWarning("%s", node.standardError().constData());
        const char *expected[] = {"writer_joinsControl",
                                  "page_syncsOnJoin",
                                  "fullInParts_assembled",
                                  "timeline_firstStep_isTheAssembledFull",
                                  "page_followsDeltas_byteEqual",
                                  "page_showsWriterCursor",
                                  "page_reorderedAndDuplicated_byteEqual",
                                  "page_lostDelta_resyncs_byteEqual",
                                  "page_divergence_resyncs",
                                  "page_highlightsCpp",
                                  "page_showsLineNumbers",
                                  "writer_reclaimsWithKey",
                                  "page_afterWriterReconnect_byteEqual",
                                  "page_reconnect_rejoinsAndResyncs",
                                  "timeline_seeksExactly_randomEditsAcrossChunks",
                                  "page_largeDocument_byteEqual",
                                  "page_noConsoleErrors",
                                  "pageWithoutRoom_explainsLink"};
        CODESTREAM_VERIFY_CHECKS(checks, expected);
    }

    // docs/protocol.md §12: the page opens sealed messages with WebCrypto and says plainly when
    // the link's key is missing, different or unusable.
    void page_encryptedStream_byteEqual_andKeyProblemsShown()
    {
        if (!QFileInfo::exists(QStringLiteral("/usr/bin/chromium")))
            QSKIP("Debian's chromium is not installed");
        server::EmbeddedServerOptions options;
        options.port = 0;
        server::EmbeddedServer srv(options);
        QString error;
        QVERIFY2(srv.start(&error), qPrintable(error));

        NodeProcess node;
        NodeChecks checks;
        checks.run(node, QStringLiteral("web-browser-e2e.js"),
                   {srv.origin().toString(),
                    qEnvironmentVariable("CODESTREAM_BIN_DIR") + QStringLiteral("/codestream-cli")},
                   240000);
        if (!checks.finished)
            qWarning("%s", node.standardError().constData());
        const char *expected[] = {"writer_printsLinkWithKey",
                                  "page_opensSealedFull_byteEqual",
                                  "page_followsSealedDeltas_byteEqual",
                                  "page_sealedStream_timelineRewindsToFirstFull",
                                  "page_keyVerified",
                                  "page_noConsoleErrors",
                                  "pageWithOtherKey_saysDifferentKey",
                                  "pageWithoutKey_saysLacksKey",
                                  "pageWithMalformedKey_saysSo",
                                  "pageWithoutSecureContext_explainsWebCrypto",
                                  "page_afterOtherPages_byteEqual"};
        CODESTREAM_VERIFY_CHECKS(checks, expected);
    }

    // docs/recording.md "Live rewind": the page keeps the history it received, a timeline scrubs
    // back to the writer's older text while the stream goes on, and "Back to live" returns.
    void page_timeline_rewindsWhileLive_andBoundsHistory()
    {
        if (!QFileInfo::exists(QStringLiteral("/usr/bin/chromium")))
            QSKIP("Debian's chromium is not installed");
        server::EmbeddedServerOptions options;
        options.port = 0;
        server::EmbeddedServer srv(options);
        QString error;
        QVERIFY2(srv.start(&error), qPrintable(error));

        NodeProcess node;
        NodeChecks checks;
        checks.run(node, QStringLiteral("web-browser-rewind.js"),
                   {srv.origin().toString(),
                    qEnvironmentVariable("CODESTREAM_BIN_DIR") + QStringLiteral("/codestream-cli")},
                   240000);
        if (!checks.finished)
            qWarning("%s", node.standardError().constData());
        const char *expected[] = {"writer_printsLink",
                                  "page_joins_byteEqual",
                                  "page_followsEdits_byteEqual",
                                  "timeline_shownWhileLive_atTheEnd",
                                  "timeline_arrowLeft_showsPreviousVersion",
                                  "timeline_scrubBack_showsWritersOlderText",
                                  "page_whileRewound_liveModelFollowsWriter",
                                  "timeline_whileRewound_viewDoesNotChange",
                                  "timeline_scrubForward_showsThatVersion",
                                  "backToLive_showsWritersCurrentText",
                                  "backToLive_followsNewEdits",
                                  "escapeAndEnd_returnToLive",
                                  "setHistoryLimit_rejectsNonsense",
                                  "page_underSmallBound_byteEqual",
                                  "history_overBound_dropsOldestBehindKeyframe",
                                  "history_oldestKept_seeksExactly",
                                  "history_afterTrim_seeksAcrossKeyframesExactly",
                                  "history_afterTrim_backToLive",
                                  "page_noConsoleErrors"};
        CODESTREAM_VERIFY_CHECKS(checks, expected);
    }
};

QTEST_GUILESS_MAIN(tst_BrowserWatcher)
#include "tst_browserwatcher.moc"
