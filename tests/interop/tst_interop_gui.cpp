// The desktop writer (WriterWindow hosting a session, typed into through its QScintilla editor)
// streaming to a Monaco page with the original sample's watcher logic, and to the embedded
// server's browser page.
#include "interoppeers.h"
#include "monacopeers.h"
#include "preferences.h"
#include "scintilladocument.h"
#include "server/embeddedserver.h"
#include "watcherwindow.h"
#include "writerwindow.h"

#include <QApplication>
#include <QInputMethodEvent>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <Qsci/qsciscintilla.h>

using namespace interop;

namespace {

// Types text the way an input method commits it (emoji, CJK).
void commitText(QWidget *widget, const QString &text)
{
    QInputMethodEvent event;
    event.setCommitString(text);
    QApplication::sendEvent(widget, &event);
}

} // namespace

class tst_InteropGui final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void guiWriter_hostingSession_reachesMonacoWatcherAndBrowserPage_byteEqual();
    void guiWriterEncrypted_throughLoggingRelay_allWatchersByteEqual_relayReadsNothing();

private:
    Browser m_browser;
};

void tst_InteropGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_browser.start(), qPrintable(m_browser.diagnostics()));
}

void tst_InteropGui::guiWriter_hostingSession_reachesMonacoWatcherAndBrowserPage_byteEqual()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("main.cpp"));
    // LF: the editor inserts LF line breaks, and a Monaco watcher keeps one line-break style.
    QVERIFY(writeFile(file,
                      QByteArrayLiteral("// h\xc3\xa9llo \xf0\x9f\x98\x80\nint main() {\n"
                                        "\treturn 0;\n}\n")));
    ui::WriterWindow writer;
    QVERIFY(writer.loadFile(file));
    writer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&writer));
    QSignalSpy linkSpy(&writer, &ui::WriterWindow::shareLinkReady);
    QString error;
    QVERIFY2(writer.hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(linkSpy.count(), 1, 20000);
    const QUrl link = linkSpy.at(0).at(0).toUrl();
    const QString origin = link.adjusted(QUrl::RemoveFragment | QUrl::RemovePath).toString();
    const QString room = link.fragment();

    MonacoWatcher monaco(m_browser);
    QVERIFY2(monaco.open(origin, room), qPrintable(m_browser.lastError()));
    WebPageWatcher page(m_browser);
    QVERIFY2(page.open(origin, room), qPrintable(m_browser.lastError()));
    const QByteArray initial = writer.document()->text().toUtf8();
    QTRY_COMPARE_WITH_TIMEOUT(monaco.text(), initial, 20000);

    QsciScintilla *editor = writer.editor();
    QWidget *input = editor->viewport();
    writer.activateWindow();
    editor->setFocus();
    editor->setCursorPosition(2, 1);
    QTest::keyClicks(input, QStringLiteral("int x = 1;"));
    QTest::keyClick(input, Qt::Key_Return);
    QTest::keyClick(input, Qt::Key_Tab);
    commitText(editor, QStringLiteral("// \u4e16\u754c \U0001F389 caf\u00e9"));
    QTest::keyClick(input, Qt::Key_Backspace);
    QTest::keyClick(input, Qt::Key_Home, Qt::ControlModifier);
    commitText(editor, QStringLiteral("\U0001F600"));
    QTest::keyClick(input, Qt::Key_Delete);
    // Several selections typed into at once (Scintilla's multiple selection).
    editor->SendScintilla(QsciScintillaBase::SCI_SETMULTIPLESELECTION, 1);
    editor->SendScintilla(QsciScintillaBase::SCI_SETADDITIONALSELECTIONTYPING, 1);
    const long lineTwo = editor->positionFromLineIndex(1, 0);
    const long lineFour = editor->positionFromLineIndex(3, 0);
    editor->SendScintilla(QsciScintillaBase::SCI_SETSELECTION, lineTwo, lineTwo);
    editor->SendScintilla(QsciScintillaBase::SCI_ADDSELECTION, lineFour, lineFour);
    QTest::keyClicks(input, QStringLiteral("/*m*/"));
    QTest::keyClick(input, Qt::Key_End, Qt::ControlModifier);
    QTest::keyClicks(input, QStringLiteral("// end"));

    const QByteArray expected = writer.document()->text().toUtf8();
    QVERIFY(expected != initial);
    QVERIFY(expected.contains("/*m*/"));
    QVERIFY(expected.contains("\xe4\xb8\x96\xe7\x95\x8c"));
    QTRY_COMPARE_WITH_TIMEOUT(monaco.text(), expected, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(page.text(), expected, 20000);
    writer.stopStreaming();
}

// docs/protocol.md §12: the desktop writer streams end to end encrypted through npm socket.io
// running the original sample's server logic, which logs every payload; `codestream-cli watch`,
// a desktop watcher window and the browser page (served through the relay, so its /negotiate and
// socket are the relay's) follow byte for byte while the log holds neither the typed marker nor
// the key.
void tst_InteropGui::guiWriterEncrypted_throughLoggingRelay_allWatchersByteEqual_relayReadsNothing()
{
    QTemporaryDir dir;
    const QString logPath = dir.filePath(QStringLiteral("relay.log"));
    // The page's files come from an embedded server; no client of the stream talks to it.
    server::EmbeddedServerOptions pageOptions;
    pageOptions.port = 0;
    server::EmbeddedServer pageServer(pageOptions);
    QString error;
    QVERIFY2(pageServer.start(&error), qPrintable(error));
    Peer relay;
    QVERIFY(relay.startNode(NodeProcess::scriptPath(QStringLiteral("e2e-logging-relay.js")),
                            {QStringLiteral("--log"), logPath, QStringLiteral("--page-from"),
                             pageServer.origin().toString()}));
    const QString port = relay.waitForLine(QStringLiteral("listening "), 30000);
    QVERIFY2(!port.isEmpty(), qPrintable(relay.diagnostics()));
    const QString relayOrigin = QStringLiteral("http://127.0.0.1:") + port;

    ui::WriterWindow writer;
    ui::Preferences preferences = writer.preferences();
    preferences.encrypt = true;
    writer.applyPreferences(preferences);
    writer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&writer));
    QSignalSpy linkSpy(&writer, &ui::WriterWindow::shareLinkReady);
    writer.streamToServer(QUrl(relayOrigin));
    QTRY_COMPARE_WITH_TIMEOUT(linkSpy.count(), 1, 20000);
    const QUrl linkUrl = linkSpy.at(0).at(0).toUrl();
    const QString link = linkUrl.toString();
    QVERIFY2(link.startsWith(relayOrigin + QStringLiteral("/#")), qPrintable(link));
    const QString key = link.section(u',', 1);
    QCOMPARE(key.size(), 43);

    ui::WatcherWindow *watcher = writer.watchSharedRoom(link, &error);
    QVERIFY2(watcher, qPrintable(error));
    const QString cliOutput = dir.filePath(QStringLiteral("watched.txt"));
    Peer cli;
    QVERIFY(cli.start(binPath(QStringLiteral("codestream-cli")),
                      {QStringLiteral("watch"), link, QStringLiteral("--output"), cliOutput}));
    WebPageWatcher page(m_browser);
    QVERIFY2(page.open(relayOrigin, linkUrl.fragment()), qPrintable(m_browser.lastError()));
    const QByteArray initial = writer.document()->text().toUtf8();
    QTRY_COMPARE_WITH_TIMEOUT(page.text(), initial, 20000);

    QsciScintilla *editor = writer.editor();
    writer.activateWindow();
    editor->setFocus();
    QTest::keyClicks(editor->viewport(), QStringLiteral("QUOKKA-MARKER-9182 "));
    commitText(editor, QStringLiteral("\u4e16\u754c \U0001F389"));
    const QByteArray expected = writer.document()->text().toUtf8();
    QVERIFY(expected.contains("QUOKKA-MARKER-9182"));
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text().toUtf8(), expected, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(page.text(), expected, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(readFile(cliOutput), expected, 20000);
    // A late watcher gets the marker in one piece, in a full.
    ui::WatcherWindow *late = writer.watchSharedRoom(link, &error);
    QVERIFY2(late, qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(late->document()->text().toUtf8(), expected, 20000);
    watcher->close();
    late->close();
    cli.stop();
    writer.stopStreaming();

    const QByteArray log = readFile(logPath);
    QVERIFY(log.contains("\"sealed\""));
    // The page came through the relay (its /negotiate and socket are relative to its origin).
    QVERIFY(log.contains("\"url\":\"/watcher.js\""));
    QVERIFY(!log.contains("QUOKKA-MARKER-9182"));
    QVERIFY(!log.contains("\xe4\xb8\x96\xe7\x95\x8c"));
    QVERIFY(!log.contains(key.toLatin1()));
}

QTEST_MAIN(tst_InteropGui)
#include "tst_interop_gui.moc"
