// CodeStream's writer and watcher against the original sample's server logic on stock npm
// socket.io (tests/node/interop-original-server.js): path /clients/socketio/hubs/eio_hub,
// /negotiate without a path field, no room rules.
#include "interoppeers.h"
#include "monacopeers.h"
#include "streampeers.h"

#include <QTest>

using namespace interop;

class tst_InteropOriginal final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void cliStream_throughOriginalServer_reachesCliWatcher_byteEqual();
    void cliStream_throughOriginalServer_reachesMonacoWatcher_byteEqual();
    void monacoWriter_throughOriginalServer_reachesCliWatcher_byteEqual();

private:
    Browser m_browser;
    std::unique_ptr<Peer> m_server;
    QString m_origin;
};

void tst_InteropOriginal::initTestCase()
{
    QVERIFY2(m_browser.start(), qPrintable(m_browser.diagnostics()));
}

void tst_InteropOriginal::init()
{
    m_server = std::make_unique<Peer>();
    m_origin = startOriginalServer(*m_server);
    QVERIFY2(!m_origin.isEmpty(), qPrintable(m_server->diagnostics()));
}

void tst_InteropOriginal::cleanup()
{
    m_server.reset();
}

void tst_InteropOriginal::cliStream_throughOriginalServer_reachesCliWatcher_byteEqual()
{
    const QList<QByteArray> snapshots = documentSnapshots();
    WriterPeer writer(WriterKind::Cli);
    const QString link = writer.start(m_origin, snapshots.first());
    QVERIFY2(link.startsWith(m_origin + QStringLiteral("/#")), qPrintable(writer.diagnostics()));

    CliWatcher watcher;
    QVERIFY(watcher.start(link));
    QTRY_COMPARE_WITH_TIMEOUT(watcher.text(), snapshots.first(), 20000);
    for (const QByteArray &snapshot : snapshots) {
        writer.setText(snapshot);
        QTest::qWait(700);
    }
    QTRY_COMPARE_WITH_TIMEOUT(watcher.text(), snapshots.constLast(), 20000);

    // A watcher that joins late starts from a full sync.
    CliWatcher late;
    QVERIFY(late.start(link));
    QTRY_COMPARE_WITH_TIMEOUT(late.text(), snapshots.constLast(), 20000);
}

void tst_InteropOriginal::cliStream_throughOriginalServer_reachesMonacoWatcher_byteEqual()
{
    const QList<QByteArray> snapshots = documentSnapshots(QByteArrayLiteral("\n"));
    WriterPeer writer(WriterKind::Cli);
    QVERIFY2(!writer.start(m_origin, snapshots.first()).isEmpty(),
             qPrintable(writer.diagnostics()));
    MonacoWatcher monaco(m_browser);
    QVERIFY2(monaco.open(m_origin, writer.roomId()), qPrintable(m_browser.lastError()));
    QTRY_COMPARE_WITH_TIMEOUT(monaco.text(), snapshots.first(), 20000);
    for (const QByteArray &snapshot : snapshots) {
        writer.setText(snapshot);
        QTest::qWait(700);
    }
    QTRY_COMPARE_WITH_TIMEOUT(monaco.text(), snapshots.constLast(), 20000);
}

void tst_InteropOriginal::monacoWriter_throughOriginalServer_reachesCliWatcher_byteEqual()
{
    MonacoWriter writer(m_browser);
    QVERIFY2(writer.open(m_origin), qPrintable(m_browser.lastError()));
    const QString room = writer.roomId();
    CliWatcher cli;
    QVERIFY(cli.start(m_origin + QStringLiteral("/#") + room));
    MonacoWatcher monaco(m_browser);
    QVERIFY2(monaco.open(m_origin, room), qPrintable(m_browser.lastError()));

    QVERIFY2(writer.runEditScript(QStringLiteral("\r\n")), qPrintable(m_browser.lastError()));
    const QByteArray expected = writer.settledText();
    QTRY_COMPARE_WITH_TIMEOUT(cli.text(), expected, 20000);
    // The early Monaco watcher keeps the LF style of its first (empty) full; a late one takes CRLF.
    QByteArray expectedByEarlyMonaco = expected;
    expectedByEarlyMonaco.replace("\r\n", "\n");
    QTRY_COMPARE_WITH_TIMEOUT(monaco.text(), expectedByEarlyMonaco, 20000);
    MonacoWatcher lateMonaco(m_browser);
    QVERIFY2(lateMonaco.open(m_origin, room), qPrintable(m_browser.lastError()));
    QTRY_COMPARE_WITH_TIMEOUT(lateMonaco.text(), expected, 20000);
}

QTEST_GUILESS_MAIN(tst_InteropOriginal)
#include "tst_interop_original.moc"
