#include "server/embeddedserver.h"
#include "stream/memorytextdocument.h"
#include "stream/streamwatcher.h"
#include "stream/streamwriter.h"

#include "nodeprocess.h"
#include "randomedits.h"
#include "tcpproxy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace stream;

namespace {

struct Watcher
{
    MemoryTextDocument document;
    std::unique_ptr<StreamWatcher> watcher = std::make_unique<StreamWatcher>(&document);
};

// Applies an edit to the writer's document and reports it, as the editor adapter does.
void edit(MemoryTextDocument &document, StreamWriter &writer, qsizetype offset, qsizetype length,
          const QString &text)
{
    writer.recordChange(makeTextChange(document, offset, length, text));
    document.replace(offset, length, text);
}

bool startWriter(StreamWriter &writer, const QUrl &origin)
{
    QSignalSpy link(&writer, &StreamWriter::shareLinkChanged);
    writer.start(origin);
    if (!QTest::qWaitFor([&] { return writer.connectionState() == ConnectionState::Connected; },
                         20000))
        return false;
    return link.count() == 1 && !writer.shareLink().isEmpty();
}

// Random edits from one writer to three watchers joining at different moments, with random
// connection losses on every side; at the end every watcher must equal the writer. Every peer
// reaches the server through its own proxy, which drops its connections to simulate a network
// failure.
void runRandomSession(const QUrl &origin, int edits, quint32 seed, int flushInterval)
{
    QRandomGenerator random(seed);
    MemoryTextDocument writerDocument(QStringLiteral("// start\r\n"));
    StreamWriter writer(&writerDocument);
    writer.setFlushInterval(flushInterval);
    writer.setMeta(QStringLiteral("cpp"), QStringLiteral("main.cpp"));
    QSignalSpy errors(&writer, &StreamWriter::errorOccurred);
    int reconnections = 0; // every peer's moves to Reconnecting
    auto countReconnections = [&reconnections](ConnectionState state) {
        if (state == ConnectionState::Reconnecting)
            ++reconnections;
    };
    QObject::connect(&writer, &StreamWriter::connectionStateChanged, countReconnections);
    TcpProxy writerProxy(origin);
    QVERIFY(writerProxy.listen());
    QVERIFY(startWriter(writer, writerProxy.origin()));
    const QUrl link = writer.shareLink();
    QCOMPARE(link.fragment(), writer.roomId());

    // proxies[i] carries the connections of watchers[i] (declared first: it goes last).
    std::vector<std::unique_ptr<TcpProxy>> proxies;
    std::vector<std::unique_ptr<Watcher>> watchers;
    const int joinAt[] = {0, edits / 3, 2 * edits / 3};
    int reconnectCount = 0;
    for (int i = 0; i < edits; ++i) {
        for (int j = 0; j < 3; ++j) {
            if (i == joinAt[j]) {
                proxies.push_back(std::make_unique<TcpProxy>(origin));
                QVERIFY(proxies.back()->listen());
                QUrl watcherLink = link;
                watcherLink.setPort(proxies.back()->origin().port());
                watchers.push_back(std::make_unique<Watcher>());
                QObject::connect(watchers.back()->watcher.get(),
                                 &StreamWatcher::connectionStateChanged, countReconnections);
                watchers.back()->watcher->start(watcherLink);
            }
        }
        const auto e = streamtest::randomEdit(random, writerDocument.text(),
                                              random.bounded(50) == 0 ? 400 : 12);
        edit(writerDocument, writer, e.offset, e.length, e.text);
        if (writerDocument.length() > 20000)
            edit(writerDocument, writer, 0, 10000, QString());
        if (i % 4 == 0)
            QTest::qWait(random.bounded(12));
        if (random.bounded(edits / 8) == 0) {
            ++reconnectCount;
            const int who = random.bounded(int(watchers.size()) + 1);
            // A live connection fails (a failed reconnection attempt would report an error).
            if (who == int(watchers.size())) {
                QTRY_COMPARE_WITH_TIMEOUT(writer.connectionState(), ConnectionState::Connected,
                                          20000);
                writerProxy.dropConnections();
            } else {
                QTRY_COMPARE_WITH_TIMEOUT(watchers.at(who)->watcher->connectionState(),
                                          ConnectionState::Connected, 20000);
                proxies.at(who)->dropConnections();
            }
        }
    }
    writer.flush();
    for (const auto &w : watchers) {
        QTRY_VERIFY_WITH_TIMEOUT(w->document.text() == writerDocument.text(), 30000);
        QCOMPARE(w->document.text().toUtf8(), writerDocument.text().toUtf8());
        QCOMPARE(w->watcher->title(), QStringLiteral("main.cpp"));
        QCOMPARE(w->watcher->language(), QStringLiteral("cpp"));
    }
    qInfo("%d edits, %lld deltas, %d connection losses, final document %lld UTF-16 units", edits,
          writer.nextVersion(), reconnectCount, qint64(writerDocument.length()));
    QCOMPARE(errors.count(), 0);
    QVERIFY2(reconnections >= reconnectCount, qPrintable(QString::number(reconnections)));
}

} // namespace

class tst_StreamEndToEnd : public QObject
{
    Q_OBJECT

private slots:
    void embeddedServer_randomEditsWithReconnects_everyWatcherEndsByteEqual();
    void embeddedServer_presence_reportsWatcherCount();
    void embeddedServer_writerKeyUsedElsewhere_displacedWriterStops();
    void originalServer_randomEdits_everyWatcherEndsByteEqual();
    void originalServer_smallMaxPayload_largeTextArrivesSplit();
    void originalNodeWatcher_throughEmbeddedServer_reconstructsStream();
    void watcher_invalidLink_reportsError();
    void writer_unreachableOrigin_reportsError();
};

void tst_StreamEndToEnd::embeddedServer_randomEditsWithReconnects_everyWatcherEndsByteEqual()
{
    server::EmbeddedServerOptions options;
    options.port = 0;
    server::EmbeddedServer server(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    runRandomSession(server.origin(), 3000, 2026, 30);
}

void tst_StreamEndToEnd::embeddedServer_presence_reportsWatcherCount()
{
    server::EmbeddedServerOptions options;
    options.port = 0;
    server::EmbeddedServer server(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    MemoryTextDocument document(QStringLiteral("x"));
    StreamWriter writer(&document);
    QSignalSpy counts(&writer, &StreamWriter::watcherCountChanged);
    QVERIFY(startWriter(writer, server.origin()));
    Watcher first;
    Watcher second;
    first.watcher->start(writer.shareLink());
    second.watcher->start(writer.shareLink());
    QTRY_COMPARE_WITH_TIMEOUT(writer.watcherCount(), 2, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(second.document.text(), QStringLiteral("x"), 20000);
    second.watcher->stop();
    QTRY_COMPARE_WITH_TIMEOUT(writer.watcherCount(), 1, 20000);
    QVERIFY(counts.count() >= 2);
}

void tst_StreamEndToEnd::embeddedServer_writerKeyUsedElsewhere_displacedWriterStops()
{
    // Two writers get the same room and writer key: the second takes the room (docs/protocol.md
    // §7), and the first must say so and stop instead of staying "connected" or taking it back.
    server::EmbeddedServerOptions options;
    options.port = 0;
    server::EmbeddedServer server(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    NodeProcess negotiate;
    const int port = negotiate.startServer(
        QStringLiteral("fixed-negotiate.js"),
        {QStringLiteral("--target"), server.origin().toString(), QStringLiteral("--room"),
         QStringLiteral("displacedroom"), QStringLiteral("--key"), QStringLiteral("thesamekey")});
    QVERIFY(port > 0);
    QUrl origin;
    origin.setScheme(QStringLiteral("http"));
    origin.setHost(QStringLiteral("127.0.0.1"));
    origin.setPort(port);

    MemoryTextDocument firstDocument(QStringLiteral("first"));
    StreamWriter first(&firstDocument);
    QSignalSpy firstErrors(&first, &StreamWriter::errorOccurred);
    QVERIFY(startWriter(first, origin));
    MemoryTextDocument secondDocument(QStringLiteral("second"));
    StreamWriter second(&secondDocument);
    QVERIFY(startWriter(second, origin));

    QTRY_COMPARE_WITH_TIMEOUT(first.connectionState(), ConnectionState::Failed, 20000);
    QVERIFY(!firstErrors.isEmpty());
    QVERIFY2(firstErrors.last().first().toString().contains(QLatin1String("elsewhere")),
             qPrintable(firstErrors.last().first().toString()));
    QCOMPARE(second.connectionState(), ConnectionState::Connected);

    Watcher watcher;
    watcher.watcher->start(second.shareLink());
    QTRY_COMPARE_WITH_TIMEOUT(watcher.document.text(), QStringLiteral("second"), 20000);
    edit(firstDocument, first, 0, 0, QStringLiteral("stale "));
    first.flush();
    edit(secondDocument, second, 0, 0, QStringLiteral("more "));
    second.flush();
    QTRY_COMPARE_WITH_TIMEOUT(watcher.document.text(), QStringLiteral("more second"), 20000);
    // The first writer did not come back to take the room again.
    QCOMPARE(first.connectionState(), ConnectionState::Failed);
    QCOMPARE(second.connectionState(), ConnectionState::Connected);
}

void tst_StreamEndToEnd::originalServer_randomEdits_everyWatcherEndsByteEqual()
{
    NodeProcess node;
    const int port = node.startServer(QStringLiteral("stream-original-server.js"));
    QVERIFY(port > 0);
    QUrl origin;
    origin.setScheme(QStringLiteral("http"));
    origin.setHost(QStringLiteral("127.0.0.1"));
    origin.setPort(port);
    runRandomSession(origin, 1500, 7, 200);
}

void tst_StreamEndToEnd::originalServer_smallMaxPayload_largeTextArrivesSplit()
{
    NodeProcess node;
    const int port = node.startServer(QStringLiteral("stream-original-server.js"),
                                      {QStringLiteral("--max-payload"), QStringLiteral("20000")});
    QVERIFY(port > 0);
    QUrl origin;
    origin.setScheme(QStringLiteral("http"));
    origin.setHost(QStringLiteral("127.0.0.1"));
    origin.setPort(port);

    QRandomGenerator random(5);
    QString initial;
    while (initial.size() < 60000)
        initial += streamtest::randomText(random, 30);
    MemoryTextDocument writerDocument(initial);
    StreamWriter writer(&writerDocument);
    QVERIFY(startWriter(writer, origin));
    Watcher watcher;
    watcher.watcher->start(writer.shareLink());
    QTRY_COMPARE_WITH_TIMEOUT(watcher.document.text(), initial, 20000);
    QString big;
    while (big.size() < 100000)
        big += streamtest::randomText(random, 30);
    const qint64 before = writer.nextVersion();
    edit(writerDocument, writer, 10, 5, big);
    writer.flush();
    QVERIFY(writer.nextVersion() - before >= 5);
    QTRY_VERIFY_WITH_TIMEOUT(watcher.document.text() == writerDocument.text(), 20000);
    QCOMPARE(watcher.watcher->connectionState(), ConnectionState::Connected);
    node.stop();
    QVERIFY(!node.lines().join(QLatin1Char('\n')).contains(QLatin1String("closed")));
}

void tst_StreamEndToEnd::originalNodeWatcher_throughEmbeddedServer_reconstructsStream()
{
    server::EmbeddedServerOptions options;
    options.port = 0;
    server::EmbeddedServer server(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QRandomGenerator random(17);
    MemoryTextDocument writerDocument(QStringLiteral("first line\r\nsecond 😀\n"));
    StreamWriter writer(&writerDocument);
    writer.setFlushInterval(40);
    QVERIFY(startWriter(writer, server.origin()));

    NodeProcess node;
    QVERIFY(node.start(QStringLiteral("stream-original-watcher.js"),
                       {server.origin().toString(), writer.roomId()}));
    QVERIFY(!node.waitForLine(QStringLiteral("joined")).isNull());
    for (int i = 0; i < 1000; ++i) {
        const auto e = streamtest::randomEdit(random, writerDocument.text());
        edit(writerDocument, writer, e.offset, e.length, e.text);
        if (i % 5 == 0)
            QTest::qWait(random.bounded(10));
    }
    writer.flush();
    QString last;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            node.process().write("dump\n");
            last = node.waitForLine(QStringLiteral("text "), 5000);
            const QJsonArray parsed = QJsonDocument::fromJson("[" + last.toUtf8() + "]").array();
            return !parsed.isEmpty() && parsed.at(0).toString() == writerDocument.text();
        }(),
        30000);
    qInfo("original watcher equal after %lld deltas (%lld UTF-16 units)", writer.nextVersion(),
          qint64(writerDocument.length()));
}

void tst_StreamEndToEnd::watcher_invalidLink_reportsError()
{
    MemoryTextDocument document;
    StreamWatcher watcher(&document);
    QSignalSpy errors(&watcher, &StreamWatcher::errorOccurred);
    watcher.start(QUrl(QStringLiteral("http://127.0.0.1:1/")));
    QCOMPARE(errors.count(), 1);
    QCOMPARE(watcher.connectionState(), ConnectionState::Failed);
}

void tst_StreamEndToEnd::writer_unreachableOrigin_reportsError()
{
    MemoryTextDocument document;
    StreamWriter writer(&document);
    QSignalSpy errors(&writer, &StreamWriter::errorOccurred);
    writer.start(QUrl(QStringLiteral("http://127.0.0.1:1")));
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 20000);
    QCOMPARE(writer.connectionState(), ConnectionState::Failed);
}

QTEST_GUILESS_MAIN(tst_StreamEndToEnd)
#include "tst_streamend2end.moc"
