#include "documenttab.h"
#include "documenttabs.h"
#include "preferences.h"
#include "scintilladocument.h"
#include "sessionrecorder.h"
#include "streamingcontroller.h"
#include "watcherwindow.h"
#include "workspacetabs.h"
#include "writerwindow.h"

#include "server/embeddedserver.h"
#include "socketio/client.h"
#include "stream/memorytextdocument.h"
#include "stream/recordingreader.h"
#include "stream/streamwatcher.h"
#include "stream/workspacewriter.h"

#include <QAction>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int timeoutMs = 20000;

struct SourceFile
{
    QString name;
    QByteArray bytes;
};

const QList<SourceFile> &sourceFiles()
{
    static const QList<SourceFile> files {
        {u"main.py"_s, "def main():\n    print(\"h\xc3\xa9llo \xf0\x9f\x98\x80\")\n"},
        {u"widget.cpp"_s, "#include <cstdio>\r\nint main() { return 0; }\r\n"},
        {u"NOTES.md"_s, "# Notes\n\n\xe6\xbc\xa2\xe5\xad\x97 and more\n"},
    };
    return files;
}

// A Socket.IO peer on the CodeStream events that keeps every `message` it receives.
class RoomPeer final : public QObject
{
public:
    explicit RoomPeer(const QUrl &origin)
    {
        socketio::ClientOptions options;
        options.url = origin;
        options.reconnection = false;
        m_client = std::make_unique<socketio::Client>(options);
        m_socket = m_client->socket();
        connect(m_socket, &socketio::Socket::jsonEventReceived, this,
                [this](const QString &event, const QJsonArray &args, const socketio::EventAck &) {
                    if (event == u"message" && !args.isEmpty())
                        messages.append(args.first().toObject());
                });
    }

    bool open()
    {
        m_client->open();
        return QTest::qWaitFor([this] { return m_socket->isConnected(); }, timeoutMs);
    }

    void join(const QString &room)
    {
        m_socket->emitEvent(u"joinRoom"_s, {QVariantMap {{u"room_id"_s, room}}});
    }

    void send(const QString &room, const QJsonObject &data)
    {
        m_socket->emitJsonEvent(u"sendToRoom"_s,
                                {QJsonObject {{u"room_id"_s, room}, {u"data"_s, data}}});
    }

    // The messages of `type` received so far.
    QList<QJsonObject> messagesOf(const QString &type) const
    {
        QList<QJsonObject> found;
        for (const QJsonObject &message : messages) {
            if (message.value(u"type").toString() == type)
                found.append(message);
        }
        return found;
    }

    QList<QJsonObject> messages;

private:
    std::unique_ptr<socketio::Client> m_client;
    socketio::Socket *m_socket = nullptr;
};

} // namespace

class tst_WorkspaceWindows : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void watcher_showsEveryWriterTab_byteEqual_withLexers();
    void writerSwitchesTab_watcherFollows_onlyWithFollowOn();
    void writerEditsInactiveTab_reachesThatTabOnly();
    void writerClosesTab_watcherRemovesIt();
    void writerOpensAndRenamesFile_watcherShowsIt();
    void plainWatcher_followsTheWriterActiveTab();
    void nonOwner_cannotChangeTheWorkspace();
    void recording_followsTheActiveTabAcrossSwitches();
    void encryptedWorkspace_watcherWithKeyShowsEveryTab();

private:
    bool startWorkspace(bool encrypted = false);
    QList<ui::DocumentTab *> writerTabs() const { return m_writer->tabs()->documents(); }
    QString idOf(ui::DocumentTab *tab) const
    {
        return m_writer->streaming()->fileId(tab->document());
    }
    // Whether the watcher window shows every writer tab with the writer's text.
    bool watcherMatchesWriter() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::WriterWindow> m_writer;
    ui::WatcherWindow *m_watcher = nullptr;
    QUrl m_link;
};

void tst_WorkspaceWindows::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_WorkspaceWindows::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_writer = std::make_unique<ui::WriterWindow>();
    m_writer->setAutosaveInterval(24 * 3600 * 1000);
}

void tst_WorkspaceWindows::cleanup()
{
    if (m_writer) {
        for (ui::DocumentTab *tab : writerTabs())
            tab->editor()->setModified(false);
        m_writer->stopStreaming();
    }
    m_writer.reset(); // closes its watcher windows too
    m_watcher = nullptr;
    m_dir.reset();
}

bool tst_WorkspaceWindows::startWorkspace(bool encrypted)
{
    ui::Preferences preferences = m_writer->preferences();
    preferences.encrypt = encrypted;
    m_writer->applyPreferences(preferences);
    for (const SourceFile &source : sourceFiles()) {
        QFile file(m_dir->filePath(source.name));
        if (!file.open(QFile::WriteOnly) || file.write(source.bytes) != source.bytes.size())
            return false;
        file.close();
        QString error;
        if (!m_writer->loadFile(file.fileName(), &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
    }
    if (m_writer->tabs()->count() != sourceFiles().size())
        return false;
    m_writer->show();
    QSignalSpy linkSpy(m_writer.get(), &ui::WriterWindow::shareLinkReady);
    QString error;
    if (!m_writer->hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    if (!QTest::qWaitFor([&] { return linkSpy.count() == 1; }, timeoutMs))
        return false;
    m_link = linkSpy.at(0).at(0).toUrl();
    m_watcher = m_writer->watchSharedRoom(m_link.toString(), &error);
    if (!m_watcher) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return QTest::qWaitFor([this] { return watcherMatchesWriter(); }, timeoutMs);
}

bool tst_WorkspaceWindows::watcherMatchesWriter() const
{
    ui::WorkspaceTabs *tabs = m_watcher->workspaceTabs();
    if (!tabs->isShowingWorkspace() || tabs->count() != m_writer->tabs()->count())
        return false;
    const QList<ui::DocumentTab *> writer = writerTabs();
    for (int i = 0; i < writer.size(); ++i) {
        const QString id = idOf(writer.at(i));
        if (id.isEmpty() || tabs->fileId(i) != id)
            return false;
        const ui::ScintillaDocument *shown = tabs->fileDocument(id);
        if (!shown || shown->text().toUtf8() != writer.at(i)->document()->text().toUtf8())
            return false;
    }
    return true;
}

void tst_WorkspaceWindows::watcher_showsEveryWriterTab_byteEqual_withLexers()
{
    QVERIFY(startWorkspace());
    ui::WorkspaceTabs *tabs = m_watcher->workspaceTabs();
    QVERIFY(m_watcher->isVisible());
    QVERIFY(tabs->isVisible());
    QVERIFY(!m_watcher->editor()->isVisible());
    QCOMPARE(tabs->count(), 3);
    for (int i = 0; i < 3; ++i) {
        ui::DocumentTab *tab = writerTabs().at(i);
        QCOMPARE(tab->document()->text().toUtf8(), sourceFiles().at(i).bytes);
        QCOMPARE(tabs->tabText(i), sourceFiles().at(i).name);
        QsciScintilla *editor = tabs->fileEditor(idOf(tab));
        QVERIFY(editor->isReadOnly());
        // Each tab with its own language's lexer.
        QVERIFY2(editor->lexer(), qPrintable(tab->languageId()));
        QCOMPARE(QString::fromLatin1(editor->lexer()->language()),
                 QString::fromLatin1(tab->editor()->lexer()->language()));
    }
    // The window's zoom reaches the tabs.
    m_watcher->editor()->zoomTo(3);
    QCOMPARE(
        tabs->fileEditor(idOf(writerTabs().at(0)))->SendScintilla(QsciScintillaBase::SCI_GETZOOM),
        3L);
    // The last file opened is active, and the watcher follows it.
    QCOMPARE(tabs->currentFileId(), idOf(writerTabs().at(2)));
    // Room R carries the active document, shown in the (hidden) plain view.
    QTRY_COMPARE_WITH_TIMEOUT(m_watcher->document()->text().toUtf8(), sourceFiles().at(2).bytes,
                              timeoutMs);
}

void tst_WorkspaceWindows::writerSwitchesTab_watcherFollows_onlyWithFollowOn()
{
    QVERIFY(startWorkspace());
    ui::WorkspaceTabs *tabs = m_watcher->workspaceTabs();
    QVERIFY(tabs->followsWriter());
    const QList<ui::DocumentTab *> writer = writerTabs();

    m_writer->tabs()->setCurrentWidget(writer.at(0));
    QTRY_COMPARE_WITH_TIMEOUT(tabs->currentFileId(), idOf(writer.at(0)), timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_watcher->document()->text().toUtf8(), sourceFiles().at(0).bytes,
                              timeoutMs);
    // The writer's cursor shows in the tab of its active file.
    writer.at(0)->editor()->setCursorPosition(1, 4);
    QTRY_VERIFY_WITH_TIMEOUT(tabs->fileEditor(idOf(writer.at(0)))->markersAtLine(1) != 0,
                             timeoutMs);

    tabs->followAction()->setChecked(false);
    QVERIFY(!tabs->followsWriter());
    m_writer->tabs()->setCurrentWidget(writer.at(1));
    // The watcher learns of the switch (R now carries file 1) but stays on its tab.
    QTRY_COMPARE_WITH_TIMEOUT(m_watcher->streamWatcher()->activeFile(), idOf(writer.at(1)),
                              timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_watcher->document()->text().toUtf8(), sourceFiles().at(1).bytes,
                              timeoutMs);
    QCOMPARE(tabs->currentFileId(), idOf(writer.at(0)));
    // The cursor left with the writer.
    QTRY_COMPARE_WITH_TIMEOUT(tabs->fileEditor(idOf(writer.at(0)))->markersAtLine(1), 0u,
                              timeoutMs);

    // *Save a Copy* saves the tab shown, not the writer's active file.
    QString error;
    const QString copy = m_dir->filePath(u"copy.txt"_s);
    QVERIFY2(m_watcher->saveCopy(copy, &error), qPrintable(error));
    QFile saved(copy);
    QVERIFY(saved.open(QFile::ReadOnly));
    QCOMPARE(saved.readAll(), sourceFiles().at(0).bytes);

    // Turned on again, it jumps to the writer's tab.
    tabs->followAction()->setChecked(true);
    QCOMPARE(tabs->currentFileId(), idOf(writer.at(1)));
}

void tst_WorkspaceWindows::writerEditsInactiveTab_reachesThatTabOnly()
{
    QVERIFY(startWorkspace());
    const QList<ui::DocumentTab *> writer = writerTabs();
    // Tab 2 is active; tab 0 is edited in the background (as a tool or a macro would).
    writer.at(0)->editor()->append(u"# added 😀\n"_s);
    writer.at(2)->editor()->append(u"active edit\n"_s);
    QTRY_VERIFY_WITH_TIMEOUT(watcherMatchesWriter(), timeoutMs);
    QVERIFY(m_watcher->workspaceTabs()
                ->fileDocument(idOf(writer.at(0)))
                ->text()
                .endsWith(u"# added 😀\n"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_watcher->document()->text(), writer.at(2)->document()->text(),
                              timeoutMs);
}

void tst_WorkspaceWindows::writerClosesTab_watcherRemovesIt()
{
    QVERIFY(startWorkspace());
    ui::DocumentTab *closed = writerTabs().at(1);
    const QString closedId = idOf(closed);
    QSignalSpy removed(m_watcher->streamWatcher(), &stream::StreamWatcher::fileRemoved);
    QVERIFY(m_writer->closeTab(closed));
    QCOMPARE(m_writer->tabs()->count(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(removed.count(), 1, timeoutMs);
    QCOMPARE(removed.at(0).at(0).toString(), closedId);
    QTRY_VERIFY_WITH_TIMEOUT(watcherMatchesWriter(), timeoutMs);
    QVERIFY(!m_watcher->workspaceTabs()->fileDocument(closedId));

    // Closing the active tab makes its neighbour active. Down to one file, the plain view (with
    // the writer's cursor) takes the tabs' place.
    QCOMPARE(m_writer->currentFile(), m_dir->filePath(sourceFiles().at(2).name));
    QVERIFY(m_writer->closeTab());
    QTRY_VERIFY_WITH_TIMEOUT(!m_watcher->workspaceTabs()->isShowingWorkspace(), timeoutMs);
    QVERIFY(!m_watcher->workspaceTabs()->isVisible());
    QVERIFY(m_watcher->editor()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(m_watcher->document()->text().toUtf8(), sourceFiles().at(0).bytes,
                              timeoutMs);
    QCOMPARE(m_watcher->streamWatcher()->activeFile(), idOf(writerTabs().at(0)));
}

void tst_WorkspaceWindows::writerOpensAndRenamesFile_watcherShowsIt()
{
    QVERIFY(startWorkspace());
    // File → New, typed into, then saved under a name (rename = Save As).
    m_writer->newFile();
    QCOMPARE(m_writer->tabs()->count(), 4);
    m_writer->editor()->append(u"let x = 1;\n"_s);
    QTRY_VERIFY_WITH_TIMEOUT(watcherMatchesWriter(), timeoutMs);
    ui::DocumentTab *added = m_writer->tabs()->currentDocument();
    QTRY_COMPARE_WITH_TIMEOUT(m_watcher->workspaceTabs()->currentFileId(), idOf(added), timeoutMs);
    QString error;
    QVERIFY2(m_writer->saveFile(m_dir->filePath(u"script.js"_s), &error), qPrintable(error));
    QCOMPARE(m_writer->languageId(), u"javascript"_s);
    ui::WorkspaceTabs *tabs = m_watcher->workspaceTabs();
    QTRY_COMPARE_WITH_TIMEOUT(tabs->tabText(3), u"script.js"_s, timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(tabs->fileEditor(idOf(added))->lexer(), timeoutMs);
    // Opening a file that is open already focuses its tab.
    QVERIFY(m_writer->loadFile(m_dir->filePath(sourceFiles().at(0).name)));
    QCOMPARE(m_writer->tabs()->count(), 4);
    QCOMPARE(m_writer->tabs()->currentDocument(), writerTabs().at(0));
    QTRY_COMPARE_WITH_TIMEOUT(tabs->currentFileId(), idOf(writerTabs().at(0)), timeoutMs);
}

void tst_WorkspaceWindows::plainWatcher_followsTheWriterActiveTab()
{
    QVERIFY(startWorkspace());
    // A watcher that knows nothing of workspaces: room R only.
    stream::MemoryTextDocument document;
    stream::StreamWatcher plain(&document);
    plain.start(m_link);
    QTRY_COMPARE_WITH_TIMEOUT(plain.watcherState(), stream::WatcherState::Live, timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(document.text(), m_writer->document()->text(), timeoutMs);
    QVERIFY(!plain.isWorkspace() || plain.files().isEmpty());

    m_writer->tabs()->setCurrentWidget(writerTabs().at(0));
    QTRY_COMPARE_WITH_TIMEOUT(document.text().toUtf8(), sourceFiles().at(0).bytes, timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(plain.title(), sourceFiles().at(0).name, timeoutMs);
    QCOMPARE(plain.language(), u"python"_s);
    m_writer->editor()->append(u"print(1)\n"_s);
    QTRY_COMPARE_WITH_TIMEOUT(document.text(), m_writer->document()->text(), timeoutMs);
    plain.stop();
}

void tst_WorkspaceWindows::nonOwner_cannotChangeTheWorkspace()
{
    QVERIFY(startWorkspace());
    const QString room = m_writer->streamWriter()->roomId();
    const QString firstId = idOf(writerTabs().at(0));
    RoomPeer intruder(m_writer->embeddedServer()->origin());
    QVERIFY(intruder.open());
    intruder.join(room);
    QTRY_COMPARE_WITH_TIMEOUT(intruder.messagesOf(u"ackJoinRoom"_s).size(), 1, timeoutMs);
    QVERIFY(intruder.messagesOf(u"ackJoinRoom"_s).at(0).value(u"success").toBool());

    // Closing every file but one and renaming it, as the writer would (§14 `files`).
    intruder.send(room,
                  QJsonObject {{u"type"_s, u"files"_s},
                               {u"active"_s, firstId},
                               {u"files"_s,
                                QJsonArray {QJsonObject {{u"id"_s, firstId},
                                                         {u"title"_s, u"evil.txt"_s},
                                                         {u"language"_s, u""_s}}}}});
    // Writing into a file's room.
    intruder.send(room + u'/' + firstId,
                  QJsonObject {{u"type"_s, u"full"_s}, {u"version"_s, 1000}, {u"text"_s, u"x"_s}});
    QTRY_COMPARE_WITH_TIMEOUT(intruder.messagesOf(u"error"_s).size(), 2, timeoutMs);
    // Taking a file's control room.
    intruder.join(room + u'/' + firstId + u"-control"_s);
    QTRY_COMPARE_WITH_TIMEOUT(intruder.messagesOf(u"ackJoinRoom"_s).size(), 2, timeoutMs);
    QVERIFY(!intruder.messagesOf(u"ackJoinRoom"_s).at(1).value(u"success").toBool());

    // Whatever reached the watcher before the writer's next edit: nothing of the intruder's.
    m_writer->editor()->append(u"after\n"_s);
    QTRY_VERIFY_WITH_TIMEOUT(watcherMatchesWriter(), timeoutMs);
    QCOMPARE(m_watcher->workspaceTabs()->count(), 3);
    QCOMPARE(m_watcher->workspaceTabs()->tabText(0), sourceFiles().at(0).name);
}

void tst_WorkspaceWindows::recording_followsTheActiveTabAcrossSwitches()
{
    QVERIFY(startWorkspace());
    // *Record Session…* records room R: the writer's active document, whichever tab that is.
    const QString path = m_dir->filePath(u"workspace.cscast"_s);
    QString error;
    QVERIFY2(m_writer->sessionRecorder()->start(path, &error), qPrintable(error));
    m_writer->tabs()->setCurrentWidget(writerTabs().at(0));
    m_writer->editor()->append(u"# recorded\n"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_watcher->document()->text(), m_writer->document()->text(),
                              timeoutMs);
    m_writer->sessionRecorder()->stop();

    stream::RecordingReader reader;
    const auto recording = reader.readFile(path);
    QVERIFY2(recording, recording ? "" : qPrintable(recording.error()));
    QVERIFY2(recording->warnings().isEmpty(), qPrintable(recording->warnings().join(u'\n')));
    QCOMPARE(recording->finalDocument(), std::optional<QString>(m_writer->document()->text()));
}

void tst_WorkspaceWindows::encryptedWorkspace_watcherWithKeyShowsEveryTab()
{
    QVERIFY(startWorkspace(true));
    QVERIFY(m_writer->streamWriter()->isEncrypted());
    QVERIFY(m_link.fragment().contains(u','));
    m_writer->tabs()->setCurrentWidget(writerTabs().at(1));
    m_writer->editor()->append(u"// sealed\n"_s);
    QTRY_VERIFY_WITH_TIMEOUT(watcherMatchesWriter(), timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_watcher->workspaceTabs()->currentFileId(), idOf(writerTabs().at(1)),
                              timeoutMs);
}

QTEST_MAIN(tst_WorkspaceWindows)
#include "tst_workspacewindows.moc"
