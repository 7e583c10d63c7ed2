#include "scintilladocument.h"
#include "watcherwindow.h"
#include "writerwindow.h"

#include "preferences.h"

#include "server/embeddedserver.h"
#include "stream/streamwatcher.h"
#include "stream/streamwriter.h"
#include "stream/workspacewriter.h"

#include <QApplication>
#include <QFile>
#include <QInputMethodEvent>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int timeoutMs = 20000;

QByteArray readAll(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QFile::ReadOnly) ? file.readAll() : QByteArray();
}

// Types text the way an input method commits it (non-Latin-1 characters, emoji).
void commitText(QWidget *widget, const QString &text)
{
    QInputMethodEvent event;
    event.setCommitString(text);
    QApplication::sendEvent(widget, &event);
}

QByteArray writerBytes(ui::WriterWindow &writer)
{
    return writer.document()->text().toUtf8();
}

} // namespace

class tst_GuiSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void hostSession_watcherWindowAndCliFollowTypingByteForByte();
    void hostSession_portTaken_usesNextFreePort();
    void watchSharedRoom_invalidLink_opensNoWindow();
    void encryptedSession_watcherFollows_keylessAndWrongKeyWatchersSaySo();
};

void tst_GuiSession::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_GuiSession::hostSession_watcherWindowAndCliFollowTypingByteForByte()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = dir.filePath(u"demo.py"_s);
    {
        QFile file(source);
        QVERIFY(file.open(QFile::WriteOnly));
        file.write("print('start')\n");
    }

    ui::WriterWindow writer;
    QVERIFY(writer.loadFile(source));
    writer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&writer));

    QSignalSpy linkSpy(&writer, &ui::WriterWindow::shareLinkReady);
    QString error;
    QVERIFY2(writer.hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(linkSpy.count(), 1, timeoutMs);
    const QUrl link = linkSpy.at(0).at(0).toUrl();
    QCOMPARE(link, writer.shareLink());
    QCOMPARE(link.host(), u"127.0.0.1"_s);
    QVERIFY(!link.fragment().isEmpty());

    ui::WatcherWindow *watcher = writer.watchSharedRoom(link.toString(), &error);
    QVERIFY2(watcher, qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(watcher->stateText(), u"Live"_s, timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text().toUtf8(), writerBytes(writer), timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(watcher->languageId(), u"python"_s, timeoutMs);
    QVERIFY(watcher->editor()->lexer());
    QVERIFY(watcher->windowTitle().contains(u"demo.py"_s));

    // A second, headless watcher: codestream-cli writes the document to a file.
    const QString output = dir.filePath(u"cli-copy.py"_s);
    QProcess cli;
    cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    cli.start(qEnvironmentVariable("CODESTREAM_BIN_DIR") + u"/codestream-cli"_s,
              {u"watch"_s, link.toString(), u"--output"_s, output});
    QVERIFY2(cli.waitForStarted(10000), qPrintable(cli.errorString()));

    QWidget *input = writer.editor()->viewport();
    writer.activateWindow();
    writer.editor()->setFocus();
    QTest::keyClick(input, Qt::Key_End, Qt::ControlModifier);
    QTest::keyClicks(input, u"def greet(name):"_s);
    QTest::keyClick(input, Qt::Key_Return);
    QTest::keyClicks(input, u"return 'hi ' + namx"_s);
    QTest::keyClick(input, Qt::Key_Backspace);
    QTest::keyClicks(input, u"e"_s);
    QTest::keyClick(input, Qt::Key_Return);
    commitText(writer.editor(), u"# héllo 漢字 😀"_s);
    QTest::keyClick(input, Qt::Key_Return);
    QTest::keyClick(input, Qt::Key_Home, Qt::ControlModifier);
    commitText(writer.editor(), u"😀"_s);
    QTest::keyClick(input, Qt::Key_Delete);
    writer.editor()->undo();
    writer.editor()->redo();

    const QByteArray typed = writerBytes(writer);
    QVERIFY(typed.contains("def greet(name):\n"));
    QVERIFY(typed.contains("# h\xc3\xa9llo"));
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text().toUtf8(), typed, timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(readAll(output), typed, timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(writer.streamWriter()->watcherCount() >= 2, timeoutMs);
    QCOMPARE(watcher->stateText(), u"Live"_s);

    // The watcher shows the writer's caret line.
    int caretLine = -1;
    int caretIndex = -1;
    writer.editor()->getCursorPosition(&caretLine, &caretIndex);
    QTRY_VERIFY_WITH_TIMEOUT(watcher->editor()->markersAtLine(caretLine) != 0, timeoutMs);

    // The server drops every connection: the writer reconnects by itself, and watchers catch up.
    QSignalSpy stateSpy(writer.streamWriter(), &stream::WorkspaceWriter::connectionStateChanged);
    writer.embeddedServer()->closeConnections();
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(stateSpy.cbegin(), stateSpy.cend(),
                                         [](const QList<QVariant> &args) {
                                             return args.at(0).value<stream::ConnectionState>()
                                                 == stream::ConnectionState::Reconnecting;
                                         }),
                             timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(writer.connectionText(), u"Live"_s, timeoutMs);
    QTest::keyClicks(input, u"after = 1"_s);
    QTest::keyClick(input, Qt::Key_Return);
    const QByteArray more = writerBytes(writer);
    QVERIFY(more.contains("after = 1\n"));
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text().toUtf8(), more, timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(readAll(output), more, timeoutMs);

    // Saving a copy from the watcher gives the same bytes.
    const QString copy = dir.filePath(u"watcher-copy.py"_s);
    QVERIFY2(watcher->saveCopy(copy, &error), qPrintable(error));
    QCOMPARE(readAll(copy), more);

    cli.terminate();
    if (!cli.waitForFinished(5000))
        cli.kill();
    writer.stopStreaming();
    QTRY_COMPARE_WITH_TIMEOUT(watcher->stateText(), u"Disconnected"_s, timeoutMs);
}

void tst_GuiSession::hostSession_portTaken_usesNextFreePort()
{
    server::EmbeddedServerOptions options;
    options.port = 0;
    server::EmbeddedServer blocker(options);
    QString error;
    QVERIFY2(blocker.start(&error), qPrintable(error));

    ui::WriterWindow writer;
    QSignalSpy linkSpy(&writer, &ui::WriterWindow::shareLinkReady);
    QVERIFY2(writer.hostSession(QHostAddress(QHostAddress::LocalHost), blocker.port(), &error),
             qPrintable(error));
    QVERIFY(writer.embeddedServer());
    QVERIFY(writer.embeddedServer()->port() > blocker.port());
    QTRY_COMPARE_WITH_TIMEOUT(linkSpy.count(), 1, timeoutMs);
    QCOMPARE(linkSpy.at(0).at(0).toUrl().port(), int(writer.embeddedServer()->port()));
}

void tst_GuiSession::watchSharedRoom_invalidLink_opensNoWindow()
{
    ui::WriterWindow writer;
    QString error;
    QVERIFY(!writer.watchSharedRoom(u"not a link"_s, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(writer.watcherWindows().isEmpty());
}

void tst_GuiSession::encryptedSession_watcherFollows_keylessAndWrongKeyWatchersSaySo()
{
    ui::WriterWindow writer;
    ui::Preferences preferences = writer.preferences();
    preferences.encrypt = true;
    writer.applyPreferences(preferences);
    writer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&writer));
    writer.editor()->setText(u"secret = 42\n"_s);

    QSignalSpy linkSpy(&writer, &ui::WriterWindow::shareLinkReady);
    QString error;
    QVERIFY2(writer.hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(linkSpy.count(), 1, timeoutMs);
    const QString link = linkSpy.at(0).at(0).toUrl().toString();
    const QString key = link.section(u',', 1);
    QCOMPARE(key.size(), 43);
    QVERIFY(writer.streamWriter()->isEncrypted());
    auto *lock = writer.findChild<QLabel *>(u"encryptionLock"_s);
    QVERIFY(lock);
    QVERIFY(lock->isVisible());
    auto *copyWithoutKey = writer.findChild<QAction *>(u"copyLinkWithoutKeyAction"_s);
    QVERIFY(copyWithoutKey);
    QVERIFY(copyWithoutKey->isEnabled());

    ui::WatcherWindow *watcher = writer.watchSharedRoom(link, &error);
    QVERIFY2(watcher, qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text().toUtf8(), writerBytes(writer), timeoutMs);
    QVERIFY(!watcher->windowTitle().contains(key));
    QCOMPARE(watcher->streamWatcher()->keyState(), stream::RoomKeyState::Verified);
    QVERIFY(watcher->findChild<QLabel *>(u"encryptionLock"_s)->isVisible());
    QVERIFY(watcher->findChild<QLabel *>(u"keyBanner"_s));
    QVERIFY(!watcher->findChild<QLabel *>(u"keyBanner"_s)->isVisible());
    QVERIFY(watcher->editor()->isVisible());
    QTest::keyClicks(writer.editor(), u"x = 1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text().toUtf8(), writerBytes(writer), timeoutMs);

    ui::WatcherWindow *keyless = writer.watchSharedRoom(link.section(u',', 0, 0), &error);
    QVERIFY2(keyless, qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(keyless->keyMessage(),
                              u"This stream is end-to-end encrypted, and the link you opened "
                              "lacks its key"_s,
                              timeoutMs);
    QVERIFY(keyless->document()->text().isEmpty());
    // Shown in the window, in the editor's place, not only in the status bar.
    const auto bannerShows = [](ui::WatcherWindow *window, const QString &sentence) {
        auto *banner = window->findChild<QLabel *>(u"keyBanner"_s);
        return banner && banner->isVisible() && banner->text() == sentence
            && !window->editor()->isVisible() && banner->height() > window->height() / 2;
    };
    QTRY_VERIFY_WITH_TIMEOUT(bannerShows(keyless, keyless->keyMessage()), timeoutMs);

    ui::WatcherWindow *wrongKey = writer.watchSharedRoom(
        link.section(u',', 0, 0) + u",AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s, &error);
    QVERIFY2(wrongKey, qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(wrongKey->keyMessage(),
                              u"This stream is end-to-end encrypted, and the link you opened "
                              "has a different key"_s,
                              timeoutMs);
    QVERIFY(wrongKey->document()->text().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(bannerShows(wrongKey, wrongKey->keyMessage()), timeoutMs);
    for (ui::WatcherWindow *window : {watcher, keyless, wrongKey})
        window->close();
    writer.stopStreaming();
}

QTEST_MAIN(tst_GuiSession)
#include "tst_guisession.moc"
