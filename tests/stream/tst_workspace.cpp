#include "server/embeddedserver.h"
#include "stream/filesmessage.h"
#include "stream/memorytextdocument.h"
#include "stream/streamwatcher.h"
#include "stream/workspacereader.h"
#include "stream/workspacewriter.h"

#include "randomedits.h"
#include "tcpproxy.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <map>
#include <memory>

using namespace stream;

namespace {

// A watcher in workspace mode that owns the documents it is given, as the desktop tabs do.
struct WorkspaceWatcher
{
    WorkspaceWatcher()
    {
        watcher.setWorkspaceDocuments([this](const WorkspaceFile &file) {
            auto &document = documents[file.id];
            document = std::make_unique<MemoryTextDocument>();
            return document.get();
        });
        QObject::connect(&watcher, &StreamWatcher::fileRemoved, &watcher,
                         [this](const QString &id) { documents.erase(id); });
    }

    QString text(const QString &id) const
    {
        const TextDocument *document = watcher.fileDocument(id);
        return document ? document->text() : QStringLiteral("<missing>");
    }

    MemoryTextDocument active; // room R
    std::map<QString, std::unique_ptr<MemoryTextDocument>> documents;
    StreamWatcher watcher {&active};
};

// One open file of the writer.
struct WriterFile
{
    QString id;
    std::unique_ptr<MemoryTextDocument> document;
};

void edit(WorkspaceWriter &writer, const WriterFile &file, qsizetype offset, qsizetype length,
          const QString &text)
{
    writer.recordChange(file.id, makeTextChange(*file.document, offset, length, text));
    file.document->replace(offset, length, text);
}

bool startWriter(WorkspaceWriter &writer, const QUrl &origin)
{
    writer.start(origin);
    return QTest::qWaitFor([&] { return writer.connectionState() == ConnectionState::Connected; },
                           20000);
}

std::vector<WriterFile> openThreeFiles(WorkspaceWriter &writer)
{
    std::vector<WriterFile> files;
    const QStringList titles {QStringLiteral("src/main.cpp"), QStringLiteral("README.md"),
                              QStringLiteral("src/util/helper.py")};
    const QStringList languages {QStringLiteral("cpp"), QStringLiteral("markdown"),
                                 QStringLiteral("python")};
    for (int i = 0; i < 3; ++i) {
        WriterFile file;
        file.document
            = std::make_unique<MemoryTextDocument>(QStringLiteral("// file %1\r\n").arg(i));
        file.id = writer.addFile(file.document.get(), titles.at(i), languages.at(i));
        files.push_back(std::move(file));
    }
    return files;
}

// Every file of the writer is in the watcher, byte-equal, and R shows the active one.
void verifyInSync(const WorkspaceWriter &writer, const std::vector<WriterFile> &files,
                  const WorkspaceWatcher &w)
{
    for (const WriterFile &file : files) {
        QTRY_VERIFY_WITH_TIMEOUT(w.text(file.id) == file.document->text(), 30000);
        QCOMPARE(w.text(file.id).toUtf8(), file.document->text().toUtf8());
    }
    QTRY_COMPARE_WITH_TIMEOUT(w.watcher.files(), writer.files(), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(w.watcher.activeFile(), writer.activeFile(), 20000);
}

const WriterFile &fileById(const std::vector<WriterFile> &files, const QString &id)
{
    for (const WriterFile &file : files) {
        if (file.id == id)
            return file;
    }
    return files.front();
}

} // namespace

class tst_Workspace : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void filesMessage_roundTrip();
    void filesMessage_garbage_isRefused();
    void fileId_validity_data();
    void fileId_validity();
    void writer_limits_refuseFiles();
    void reader_hostileList_refusesBadEntriesAndKeepsTheRest();
    void reader_listChanges_addAndRemoveFiles();
    void threeFiles_randomEditsInTurn_everyWatcherEndsByteEqual();
    void switchActive_plainWatcherFollowsTitleAndText();
    void lateJoiner_getsEveryFile();
    void closeFile_removesItAtTheWatcher();
    void encryptedWorkspace_everyFileArrives();

private:
    std::unique_ptr<server::EmbeddedServer> m_server;
};

void tst_Workspace::init()
{
    server::EmbeddedServerOptions options;
    options.port = 0;
    m_server = std::make_unique<server::EmbeddedServer>(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void tst_Workspace::filesMessage_roundTrip()
{
    const FilesMessage message {
        QStringLiteral("f2"),
        {{QStringLiteral("f1"), QStringLiteral("src/main.cpp"), QStringLiteral("cpp")},
         {QStringLiteral("f2"), QStringLiteral("README.md"), QString()}}};
    const QJsonObject data = encodeFilesMessage(message);
    QCOMPARE(data.value(QStringLiteral("type")).toString(), QStringLiteral("files"));
    QVERIFY(isFilesMessage(data));
    auto decoded = decodeFilesMessage(data);
    QVERIFY(decoded);
    QCOMPARE(*decoded, message);
    QVERIFY(isWorkspaceSyncRequest(workspaceSyncRequest()));
    QVERIFY(
        !isWorkspaceSyncRequest(QJsonObject {{QStringLiteral("data"), QStringLiteral("sync")}}));
    QCOMPARE(fileRoom(QStringLiteral("abc"), QStringLiteral("f1")), QStringLiteral("abc/f1"));
}

void tst_Workspace::filesMessage_garbage_isRefused()
{
    const QJsonObject noList {{QStringLiteral("type"), QStringLiteral("files")}};
    QVERIFY(!decodeFilesMessage(noList));
    QJsonObject notArray = noList;
    notArray.insert(QStringLiteral("files"), 3);
    QVERIFY(!decodeFilesMessage(notArray));
    QJsonObject badEntry = noList;
    badEntry.insert(QStringLiteral("files"), QJsonArray {QStringLiteral("f1")});
    QVERIFY(!decodeFilesMessage(badEntry));
    QJsonObject numericId = noList;
    numericId.insert(QStringLiteral("files"),
                     QJsonArray {QJsonObject {{QStringLiteral("id"), 1},
                                              {QStringLiteral("title"), QStringLiteral("a")}}});
    QVERIFY(!decodeFilesMessage(numericId));
    QJsonObject badActive = noList;
    badActive.insert(QStringLiteral("files"), QJsonArray {});
    badActive.insert(QStringLiteral("active"), 7);
    QVERIFY(!decodeFilesMessage(badActive));
    QVERIFY(!decodeFilesMessage(QJsonObject {{QStringLiteral("type"), QStringLiteral("full")}}));
}

void tst_Workspace::fileId_validity_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << QStringLiteral("f1") << true;
    QTest::newRow("all classes") << QStringLiteral("A-z_09") << true;
    QTest::newRow("32") << QString(32, u'a') << true;
    QTest::newRow("33") << QString(33, u'a') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("dot") << QStringLiteral("a.b") << false;
    QTest::newRow("control suffix") << QStringLiteral("x-control") << false;
    QTest::newRow("control inside") << QStringLiteral("x-controls") << true;
    QTest::newRow("non-ascii") << QStringLiteral("é") << false;
    QTest::newRow("nul") << QString(QChar(u'\0')) << false;
}

void tst_Workspace::fileId_validity()
{
    QFETCH(QString, id);
    QFETCH(bool, valid);
    QCOMPARE(isValidFileId(id), valid);
}

void tst_Workspace::writer_limits_refuseFiles()
{
    WorkspaceWriter writer;
    QSignalSpy errors(&writer, &WorkspaceWriter::errorOccurred);
    QSignalSpy changes(&writer, &WorkspaceWriter::filesChanged);
    MemoryTextDocument document;
    QVERIFY(writer.addFile(&document, QString(), QString()).isEmpty());
    QVERIFY(writer.addFile(&document, QString(256, u'a'), QString()).isEmpty());
    QVERIFY(writer.addFile(nullptr, QStringLiteral("a"), QString()).isEmpty());
    QCOMPARE(errors.count(), 3);
    QCOMPARE(changes.count(), 0);
    QStringList ids;
    for (int i = 0; i < workspace::maxFiles; ++i)
        ids.append(writer.addFile(&document, QStringLiteral("f%1.txt").arg(i), QString()));
    QCOMPARE(ids.size(), workspace::maxFiles);
    QVERIFY(!ids.contains(QString()));
    QCOMPARE(writer.activeFile(), ids.first());
    QVERIFY(writer.addFile(&document, QStringLiteral("one more"), QString()).isEmpty());
    QCOMPARE(errors.count(), 4);
    // Ids are never reused.
    writer.removeFile(ids.last());
    const QString again = writer.addFile(&document, QStringLiteral("again"), QString());
    QVERIFY(!again.isEmpty());
    QVERIFY(!ids.contains(again));
    QVERIFY(isValidFileId(again));
}

void tst_Workspace::reader_hostileList_refusesBadEntriesAndKeepsTheRest()
{
    std::map<QString, std::unique_ptr<MemoryTextDocument>> documents;
    WorkspaceReader reader([&documents](const WorkspaceFile &file) {
        auto &document = documents[file.id];
        document = std::make_unique<MemoryTextDocument>();
        return document.get();
    });
    QSignalSpy refused(&reader, &WorkspaceReader::fileRefused);
    QSignalSpy added(&reader, &WorkspaceReader::fileAdded);
    QJsonArray files;
    auto entry = [](const QString &id, const QString &title) {
        return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("title"), title}};
    };
    files.append(entry(QStringLiteral("ok"), QStringLiteral("a.txt")));
    files.append(entry(QStringLiteral("../x"), QStringLiteral("b.txt")));
    files.append(entry(QStringLiteral("ok"), QStringLiteral("repeated.txt")));
    files.append(entry(QStringLiteral("long"), QString(300, u'x')));
    files.append(entry(QStringLiteral("empty"), QString()));
    files.append(entry(QStringLiteral("ok2"), QStringLiteral("../../x")));
    const QJsonObject data {{QStringLiteral("type"), QStringLiteral("files")},
                            {QStringLiteral("active"), QStringLiteral("ok")},
                            {QStringLiteral("files"), files}};
    reader.handleFiles(data);
    QVERIFY(reader.isWorkspace());
    QCOMPARE(refused.count(), 4);
    // Titles are judged on disk (WorkspacePath), not here.
    QCOMPARE(added.count(), 2);
    QCOMPARE(reader.files().size(), 2);
    QCOMPARE(reader.activeFile(), QStringLiteral("ok"));
    // The same list again reports nothing new.
    reader.handleFiles(data);
    QCOMPARE(refused.count(), 4);
    QCOMPARE(added.count(), 2);

    // Too many files: the list is ignored and reported.
    QJsonArray many;
    for (int i = 0; i <= workspace::maxFiles; ++i)
        many.append(entry(QStringLiteral("m%1").arg(i), QStringLiteral("m%1").arg(i)));
    reader.handleFiles(QJsonObject {{QStringLiteral("type"), QStringLiteral("files")},
                                    {QStringLiteral("files"), many}});
    QCOMPARE(refused.count(), 5);
    QCOMPARE(reader.files().size(), 2);
}

void tst_Workspace::reader_listChanges_addAndRemoveFiles()
{
    std::map<QString, std::unique_ptr<MemoryTextDocument>> documents;
    WorkspaceReader reader([&documents](const WorkspaceFile &file) {
        auto &document = documents[file.id];
        document = std::make_unique<MemoryTextDocument>();
        return document.get();
    });
    QSignalSpy removed(&reader, &WorkspaceReader::fileRemoved);
    QSignalSpy changed(&reader, &WorkspaceReader::filesChanged);
    FilesMessage message {QStringLiteral("a"),
                          {{QStringLiteral("a"), QStringLiteral("a.txt"), QString()},
                           {QStringLiteral("b"), QStringLiteral("b.txt"), QString()}}};
    reader.handleFiles(encodeFilesMessage(message));
    QCOMPARE(changed.count(), 1);
    message.files.removeFirst();
    message.files.first().title = QStringLiteral("renamed.txt");
    message.active = QStringLiteral("b");
    reader.handleFiles(encodeFilesMessage(message));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().first().toString(), QStringLiteral("a"));
    QCOMPARE(reader.files(), message.files);
    QVERIFY(!reader.fileDocument(QStringLiteral("a")));
    QCOMPARE(reader.fileDocument(QStringLiteral("b")), documents[QStringLiteral("b")].get());
    reader.handleFiles(encodeFilesMessage(message));
    QCOMPARE(changed.count(), 2);
}

void tst_Workspace::threeFiles_randomEditsInTurn_everyWatcherEndsByteEqual()
{
    WorkspaceWriter writer;
    writer.setFlushInterval(30);
    QSignalSpy errors(&writer, &WorkspaceWriter::errorOccurred);
    std::vector<WriterFile> files = openThreeFiles(writer);
    TcpProxy writerProxy(m_server->origin());
    QVERIFY(writerProxy.listen());
    QVERIFY(startWriter(writer, writerProxy.origin()));

    WorkspaceWatcher w;
    TcpProxy watcherProxy(m_server->origin());
    QVERIFY(watcherProxy.listen());
    QUrl link = writer.shareLink();
    link.setPort(watcherProxy.origin().port());
    w.watcher.start(link);
    MemoryTextDocument plainDocument;
    StreamWatcher plain(&plainDocument);
    plain.start(writer.shareLink());

    QRandomGenerator random(2026);
    for (int i = 0; i < 1200; ++i) {
        if (i % 100 == 0)
            writer.setActiveFile(files.at(random.bounded(3)).id);
        const WriterFile &file = files.at((i / 7) % 3);
        const auto e = streamtest::randomEdit(random, file.document->text(),
                                              random.bounded(50) == 0 ? 300 : 12);
        edit(writer, file, e.offset, e.length, e.text);
        if (i % 4 == 0)
            QTest::qWait(random.bounded(8));
        if (i == 400 || i == 1000) {
            QTRY_COMPARE_WITH_TIMEOUT(w.watcher.connectionState(), ConnectionState::Connected,
                                      20000);
            watcherProxy.dropConnections();
        }
        if (i == 700) {
            QTRY_COMPARE_WITH_TIMEOUT(writer.connectionState(), ConnectionState::Connected, 20000);
            writerProxy.dropConnections();
        }
    }
    writer.flush();
    verifyInSync(writer, files, w);
    QVERIFY(w.watcher.isWorkspace());
    const WriterFile &active = fileById(files, writer.activeFile());
    QTRY_VERIFY_WITH_TIMEOUT(w.active.text() == active.document->text(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(plainDocument.text() == active.document->text(), 30000);
    QCOMPARE(plainDocument.text().toUtf8(), active.document->text().toUtf8());
    QVERIFY(!plain.isWorkspace());
    QCOMPARE(errors.count(), 0);
}

void tst_Workspace::switchActive_plainWatcherFollowsTitleAndText()
{
    WorkspaceWriter writer;
    writer.setFlushInterval(20);
    std::vector<WriterFile> files = openThreeFiles(writer);
    QCOMPARE(writer.activeFile(), files.front().id);
    QVERIFY(startWriter(writer, m_server->origin()));
    MemoryTextDocument plainDocument;
    StreamWatcher plain(&plainDocument);
    plain.start(writer.shareLink());
    QTRY_COMPARE_WITH_TIMEOUT(plainDocument.text(), files.front().document->text(), 20000);
    QCOMPARE(plain.title(), QStringLiteral("src/main.cpp"));
    QSignalSpy changes(&writer, &WorkspaceWriter::filesChanged);
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 3; ++i) {
            const WriterFile &file = files.at(i);
            const qint64 before = writer.nextVersion();
            writer.setActiveFile(file.id);
            // A switch uses up one version of R (docs/protocol.md §14), except to the same file.
            QCOMPARE(writer.nextVersion(), round == 0 && i == 0 ? before : before + 1);
            edit(writer, file, 0, 0, QStringLiteral("x%1 ").arg(round));
            QTRY_COMPARE_WITH_TIMEOUT(plainDocument.text(), file.document->text(), 20000);
            QCOMPARE(plain.title(), writer.files().at(i).title);
            QCOMPARE(plain.language(), writer.files().at(i).language);
        }
    }
    QVERIFY(changes.count() >= 5);
    // The language travels too, also when the new one is empty.
    writer.setFileMeta(files.at(2).id, QStringLiteral("notes"), QString());
    writer.setActiveFile(files.at(2).id);
    QTRY_COMPARE_WITH_TIMEOUT(plain.title(), QStringLiteral("notes"), 20000);
    QCOMPARE(plain.language(), QString());
}

void tst_Workspace::lateJoiner_getsEveryFile()
{
    WorkspaceWriter writer;
    writer.setFlushInterval(20);
    std::vector<WriterFile> files = openThreeFiles(writer);
    QVERIFY(startWriter(writer, m_server->origin()));
    QRandomGenerator random(7);
    for (int i = 0; i < 300; ++i) {
        const WriterFile &file = files.at(i % 3);
        const auto e = streamtest::randomEdit(random, file.document->text());
        edit(writer, file, e.offset, e.length, e.text);
    }
    writer.setActiveFile(files.at(1).id);
    writer.flush();
    WorkspaceWatcher late;
    QSignalSpy added(&late.watcher, &StreamWatcher::fileAdded);
    late.watcher.start(writer.shareLink());
    verifyInSync(writer, files, late);
    QCOMPARE(added.count(), 3);
    QCOMPARE(late.active.text(), files.at(1).document->text());
}

void tst_Workspace::closeFile_removesItAtTheWatcher()
{
    WorkspaceWriter writer;
    writer.setFlushInterval(20);
    std::vector<WriterFile> files = openThreeFiles(writer);
    QVERIFY(startWriter(writer, m_server->origin()));
    WorkspaceWatcher w;
    QSignalSpy removed(&w.watcher, &StreamWatcher::fileRemoved);
    w.watcher.start(writer.shareLink());
    verifyInSync(writer, files, w);
    // Closing the active file makes the next one active.
    const QString closed = files.front().id;
    writer.removeFile(closed);
    QCOMPARE(writer.activeFile(), files.at(1).id);
    QTRY_COMPARE_WITH_TIMEOUT(removed.count(), 1, 20000);
    QCOMPARE(removed.first().first().toString(), closed);
    QVERIFY(!w.watcher.fileDocument(closed));
    QCOMPARE(w.documents.count(closed), size_t(0));
    files.erase(files.begin());
    verifyInSync(writer, files, w);
    QTRY_COMPARE_WITH_TIMEOUT(w.active.text(), files.front().document->text(), 20000);
    // Closing the last files leaves R empty.
    writer.removeFile(files.at(0).id);
    writer.removeFile(files.at(1).id);
    QTRY_COMPARE_WITH_TIMEOUT(w.watcher.files().size(), 0, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(w.active.text(), QString(), 20000);
    QCOMPARE(removed.count(), 3);
}

void tst_Workspace::encryptedWorkspace_everyFileArrives()
{
    WorkspaceWriter writer;
    writer.setFlushInterval(20);
    writer.setEncrypted(true);
    std::vector<WriterFile> files = openThreeFiles(writer);
    QVERIFY(startWriter(writer, m_server->origin()));
    QVERIFY(writer.shareLink().fragment().contains(u','));
    WorkspaceWatcher w;
    w.watcher.start(writer.shareLink());
    QRandomGenerator random(99);
    for (int i = 0; i < 200; ++i) {
        const WriterFile &file = files.at(i % 3);
        const auto e = streamtest::randomEdit(random, file.document->text());
        edit(writer, file, e.offset, e.length, e.text);
        if (i % 10 == 0)
            QTest::qWait(5);
    }
    writer.flush();
    verifyInSync(writer, files, w);
    QCOMPARE(w.watcher.keyState(), RoomKeyState::Verified);
    QCOMPARE(w.watcher.failedMessageCount(), 0);
    // A watcher without the key gets nothing of any file.
    WorkspaceWatcher keyless;
    QSignalSpy errors(&keyless.watcher, &StreamWatcher::errorOccurred);
    keyless.watcher.start(writer.shareLinkWithoutKey());
    QTRY_COMPARE_WITH_TIMEOUT(keyless.watcher.keyState(), RoomKeyState::Missing, 20000);
    QCOMPARE(keyless.watcher.files().size(), 0);
}

QTEST_GUILESS_MAIN(tst_Workspace)
#include "tst_workspace.moc"
