// Monaco peers (the original sample's page logic, in Chromium) against CodeStream's server,
// CLI and browser watcher page, and against the cluster server.
#include "interoppeers.h"
#include "monacopeers.h"
#include "streampeers.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace interop;

class tst_InteropMonaco final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void monacoWriter_throughEmbeddedServer_reachesCliWatcherAndBrowserPages_byteEqual_data();
    void monacoWriter_throughEmbeddedServer_reachesCliWatcherAndBrowserPages_byteEqual();
    void monacoWriter_throughClusterServer_reachesCliAndMonacoWatchers_byteEqual();
    void cliStream_throughEmbeddedServer_reachesMonacoWatcher_byteEqual_data();
    void cliStream_throughEmbeddedServer_reachesMonacoWatcher_byteEqual();
    void cliWorkspaceStream_monacoWatcherShowsTheFileChangedLast();

private:
    Browser m_browser;
};

void tst_InteropMonaco::initTestCase()
{
    QVERIFY2(m_browser.start(), qPrintable(m_browser.diagnostics()));
}

void tst_InteropMonaco::
    monacoWriter_throughEmbeddedServer_reachesCliWatcherAndBrowserPages_byteEqual_data()
{
    QTest::addColumn<QString>("eol");
    QTest::newRow("LF") << QStringLiteral("\n");
    QTest::newRow("CRLF") << QStringLiteral("\r\n");
}

void tst_InteropMonaco::
    monacoWriter_throughEmbeddedServer_reachesCliWatcherAndBrowserPages_byteEqual()
{
    QFETCH(QString, eol);
    Peer server;
    const QString origin = startEmbeddedServer(server);
    QVERIFY2(origin.startsWith(QLatin1String("http://")), qPrintable(server.diagnostics()));

    MonacoWriter writer(m_browser);
    QVERIFY2(writer.open(origin), qPrintable(m_browser.lastError() + m_browser.diagnostics()));
    const QString room = writer.roomId();
    QVERIFY(!room.isEmpty());

    CliWatcher cli;
    QVERIFY(cli.start(origin + QStringLiteral("/#") + room));
    WebPageWatcher page(m_browser);
    QVERIFY2(page.open(origin, room), qPrintable(m_browser.lastError()));
    MonacoWatcher monaco(m_browser);
    QVERIFY2(monaco.open(origin, room), qPrintable(m_browser.lastError()));

    QVERIFY2(writer.runEditScript(eol), qPrintable(m_browser.lastError()));
    const QByteArray expected = writer.settledText();
    QVERIFY(expected.contains("\xf0\x9f\x9a\x80"));
    QCOMPARE(expected.contains("\r\n"), eol == QLatin1String("\r\n"));

    QTRY_COMPARE_WITH_TIMEOUT(page.text(), expected, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(cli.text(), expected, 20000);

    // A Monaco watcher keeps the line-break style of its first full (here: the empty document,
    // LF) and normalises inserted line breaks to it; one that joins later takes CRLF from its
    // full. Either way its text is the writer's, line breaks aside.
    QByteArray expectedByEarlyMonaco = expected;
    expectedByEarlyMonaco.replace("\r\n", "\n");
    QTRY_COMPARE_WITH_TIMEOUT(monaco.text(), expectedByEarlyMonaco, 20000);
    MonacoWatcher lateMonaco(m_browser);
    QVERIFY2(lateMonaco.open(origin, room), qPrintable(m_browser.lastError()));
    QTRY_COMPARE_WITH_TIMEOUT(lateMonaco.text(), expected, 20000);
}

void tst_InteropMonaco::monacoWriter_throughClusterServer_reachesCliAndMonacoWatchers_byteEqual()
{
    Peer server;
    const QString origin = startClusterServer(server);
    QVERIFY2(!origin.isEmpty(), qPrintable(server.diagnostics()));

    MonacoWriter writer(m_browser);
    QVERIFY2(writer.open(origin), qPrintable(m_browser.lastError()));
    const QString room = writer.roomId();
    MonacoWatcher monaco(m_browser);
    QVERIFY2(monaco.open(origin, room), qPrintable(m_browser.lastError()));
    CliWatcher cli;
    QVERIFY(cli.start(origin + QStringLiteral("/#") + room));
    NodeWatcher node;
    QVERIFY(node.start({origin}, room));

    QVERIFY2(writer.runEditScript(QStringLiteral("\n")), qPrintable(m_browser.lastError()));
    const QByteArray expected = writer.settledText();
    QTRY_COMPARE_WITH_TIMEOUT(monaco.text(), expected, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(node.text(), expected, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(cli.text(), expected, 20000);
}

void tst_InteropMonaco::cliStream_throughEmbeddedServer_reachesMonacoWatcher_byteEqual_data()
{
    QTest::addColumn<QByteArray>("eol");
    QTest::newRow("LF") << QByteArrayLiteral("\n");
    QTest::newRow("CRLF") << QByteArrayLiteral("\r\n");
}

void tst_InteropMonaco::cliStream_throughEmbeddedServer_reachesMonacoWatcher_byteEqual()
{
    QFETCH(QByteArray, eol);
    const QList<QByteArray> snapshots = documentSnapshots(eol);
    Peer server;
    const QString origin = startEmbeddedServer(server);
    QVERIFY2(origin.startsWith(QLatin1String("http://")), qPrintable(server.diagnostics()));

    WriterPeer writer(WriterKind::Cli);
    const QString link = writer.start(origin, snapshots.first());
    QVERIFY2(!link.isEmpty(), qPrintable(writer.diagnostics()));
    MonacoWatcher monaco(m_browser);
    QVERIFY2(monaco.open(origin, writer.roomId()), qPrintable(m_browser.lastError()));
    QTRY_COMPARE_WITH_TIMEOUT(monaco.text(), snapshots.first(), 20000);

    for (const QByteArray &snapshot : snapshots) {
        writer.setText(snapshot);
        QTest::qWait(700);
    }
    QTRY_COMPARE_WITH_TIMEOUT(monaco.text(), snapshots.constLast(), 20000);
}

// `stream a b c` streams a workspace (docs/protocol.md §14); the sample's Monaco watcher, which
// knows nothing of it, follows room R and so shows the file changed last on disk.
void tst_InteropMonaco::cliWorkspaceStream_monacoWatcherShowsTheFileChangedLast()
{
    Peer server;
    const QString origin = startEmbeddedServer(server);
    QVERIFY2(origin.startsWith(QLatin1String("http://")), qPrintable(server.diagnostics()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QStringList paths;
    QList<QByteArray> texts;
    for (const QString &name : {QStringLiteral("main.cpp"), QStringLiteral("docs/notes.md"),
                                QStringLiteral("src/helper.py")}) {
        paths.append(dir.filePath(name));
        QVERIFY(QDir().mkpath(QFileInfo(paths.last()).absolutePath()));
        texts.append(QByteArrayLiteral("// ") + name.toUtf8() + QByteArrayLiteral("\n"));
        QVERIFY(writeFile(paths.last(), texts.last()));
    }
    Peer writer;
    QVERIFY(writer.start(binPath(QStringLiteral("codestream-cli")),
                         QStringList {QStringLiteral("stream")} + paths
                             + QStringList {QStringLiteral("--server"), origin,
                                            QStringLiteral("--interval"), QStringLiteral("50")}));
    const QString link = writer.waitForLine(QStringLiteral("share:"), 30000);
    QVERIFY2(!link.isEmpty(), qPrintable(writer.diagnostics()));
    MonacoWatcher monaco(m_browser);
    QVERIFY2(monaco.open(origin, QUrl(link).fragment()), qPrintable(m_browser.lastError()));
    int round = 0;
    for (const int i : {0, 1, 2, 1, 0, 2, 2, 0}) {
        texts[i] += QByteArrayLiteral("edit ") + QByteArray::number(++round) + "\n";
        QVERIFY(writeFile(paths.at(i), texts.at(i)));
        QTRY_COMPARE_WITH_TIMEOUT(monaco.text(), texts.at(i), 20000);
    }
}

QTEST_GUILESS_MAIN(tst_InteropMonaco)
#include "tst_interop_monaco.moc"
