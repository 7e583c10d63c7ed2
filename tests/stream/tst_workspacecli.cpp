#include "server/embeddedserver.h"
#include "stream/memorytextdocument.h"
#include "stream/workspacewriter.h"

#include "cliprocess.h"
#include "nodeprocess.h"
#include "randomedits.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace stream;

using namespace clitest;

namespace {

QByteArray readOrMissing(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArrayLiteral("<missing>");
    return file.readAll();
}

void writeFile(const QString &path, const QByteArray &bytes, bool replace)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (replace) {
        QSaveFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes), bytes.size());
        QVERIFY(file.commit());
        return;
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

void startWatch(QProcess &process, const QString &link, const QStringList &extra)
{
    process.start(cliPath(), QStringList {QStringLiteral("watch"), link} + extra);
    QVERIFY(process.waitForStarted(10000));
}

const QStringList relativePaths {QStringLiteral("main.cpp"), QStringLiteral("docs/notes.md"),
                                 QStringLiteral("src/util/helper.py")};

// `stream a b c` to `origin` (empty: the stream command hosts the server), three files edited
// in turn on disk; `watch --output-dir` ends with every file byte-equal, `--output` with the file
// changed last; a watcher that joins late gets all three.
void runThreeFileSession(const QString &origin)
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = dir.filePath(QStringLiteral("project"));
    QStringList texts;
    QStringList paths;
    for (int i = 0; i < 3; ++i) {
        paths.append(source + u'/' + relativePaths.at(i));
        texts.append(QStringLiteral("// %1 héllo 中文 😀\r\n").arg(i));
        writeFile(paths.at(i), texts.at(i).toUtf8(), false);
    }
    QProcess streamer;
    QStringList args {QStringLiteral("stream")};
    args += paths;
    args += {QStringLiteral("--interval"), QStringLiteral("40")};
    if (origin.isEmpty())
        args += {QStringLiteral("--port"), QStringLiteral("0")};
    else
        args += {QStringLiteral("--server"), origin};
    streamer.start(cliPath(), args);
    QVERIFY(streamer.waitForStarted(10000));
    const QString link = waitForShareLink(streamer);
    QVERIFY2(!link.isEmpty(), streamer.readAllStandardError().constData());

    const QString out = dir.filePath(QStringLiteral("out"));
    const QString active = dir.filePath(QStringLiteral("active.txt"));
    QProcess watcher;
    startWatch(watcher, link,
               {QStringLiteral("--output-dir"), out, QStringLiteral("--output"), active});
    for (int i = 0; i < 3; ++i)
        QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(out + u'/' + relativePaths.at(i)),
                                  texts.at(i).toUtf8(), 20000);

    QRandomGenerator random(4242);
    int last = 0;
    for (int round = 0; round < 45; ++round) {
        last = (round / 3) % 3;
        const auto edit = streamtest::randomEdit(random, texts[last], 20);
        texts[last].replace(edit.offset, edit.length, edit.text);
        writeFile(paths.at(last), texts.at(last).toUtf8(), round % 4 == 0);
        QTest::qWait(random.bounded(120));
    }
    for (int i = 0; i < 3; ++i)
        QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(out + u'/' + relativePaths.at(i)),
                                  texts.at(i).toUtf8(), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(active), texts.at(last).toUtf8(), 20000);

    const QString lateOut = dir.filePath(QStringLiteral("late"));
    QProcess late;
    startWatch(late, link, {QStringLiteral("--output-dir"), lateOut});
    for (int i = 0; i < 3; ++i)
        QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(lateOut + u'/' + relativePaths.at(i)),
                                  texts.at(i).toUtf8(), 20000);

    terminate(late);
    terminate(watcher);
    QCOMPARE(watcher.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watcher.exitCode(), 0);
    const QByteArray log = watcher.readAllStandardError();
    QVERIFY2(!log.contains("refused"), log.constData());
    terminate(streamer);
    QCOMPARE(streamer.exitCode(), 0);
}

} // namespace

class tst_WorkspaceCli : public QObject
{
    Q_OBJECT

private slots:
    void embeddedServer_threeFiles_watchOutputDirEndsByteEqual();
    void originalServer_threeFiles_watchOutputDirEndsByteEqual();
    void closedFile_isRemovedOnlyWhenWrittenByTheWatcher();
    void hostileTitles_nothingWrittenOutsideTheDirectory();
    void hostileNodeWriter_badEntriesSkippedNothingWrittenOutside();
};

void tst_WorkspaceCli::embeddedServer_threeFiles_watchOutputDirEndsByteEqual()
{
    runThreeFileSession({});
}

void tst_WorkspaceCli::originalServer_threeFiles_watchOutputDirEndsByteEqual()
{
    NodeProcess node;
    const int port = node.startServer(QStringLiteral("stream-original-server.js"));
    QVERIFY(port > 0);
    runThreeFileSession(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

void tst_WorkspaceCli::closedFile_isRemovedOnlyWhenWrittenByTheWatcher()
{
    server::EmbeddedServerOptions options;
    options.port = 0;
    server::EmbeddedServer server(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("out"));
    // A file of the same name that this watcher did not write stays.
    writeFile(out + QStringLiteral("/kept.txt"), "mine", false);

    WorkspaceWriter writer;
    writer.setFlushInterval(20);
    MemoryTextDocument a(QStringLiteral("alpha\n"));
    MemoryTextDocument b(QStringLiteral("beta\n"));
    MemoryTextDocument c(QStringLiteral("gamma\n"));
    const QString idA = writer.addFile(&a, QStringLiteral("a.txt"), QString());
    const QString idB = writer.addFile(&b, QStringLiteral("sub/b.txt"), QString());
    const QString idC = writer.addFile(&c, QStringLiteral("kept.txt"), QString());
    writer.start(server.origin());
    QTRY_COMPARE_WITH_TIMEOUT(writer.connectionState(), ConnectionState::Connected, 20000);

    QProcess watcher;
    startWatch(watcher, writer.shareLink().toString(), {QStringLiteral("--output-dir"), out});
    QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(out + QStringLiteral("/a.txt")), QByteArray("alpha\n"),
                              20000);
    QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(out + QStringLiteral("/sub/b.txt")),
                              QByteArray("beta\n"), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(out + QStringLiteral("/kept.txt")),
                              QByteArray("gamma\n"), 20000);
    writer.removeFile(idB);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(out + QStringLiteral("/sub/b.txt")), 20000);
    QVERIFY(QFile::exists(out + QStringLiteral("/a.txt")));
    // Renamed: the new name is written, the old one removed.
    writer.setFileMeta(idA, QStringLiteral("renamed.txt"), QString());
    QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(out + QStringLiteral("/renamed.txt")),
                              QByteArray("alpha\n"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(out + QStringLiteral("/a.txt")), 20000);
    // kept.txt was overwritten by the watcher, so it is its own to remove.
    writer.removeFile(idC);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(out + QStringLiteral("/kept.txt")), 20000);
    // Two files of one title share the copy on disk until both are closed.
    MemoryTextDocument d(QStringLiteral("same\n"));
    MemoryTextDocument e(QStringLiteral("same\n"));
    const QString idD = writer.addFile(&d, QStringLiteral("twice.txt"), QString());
    const QString idE = writer.addFile(&e, QStringLiteral("twice.txt"), QString());
    QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(out + QStringLiteral("/twice.txt")),
                              QByteArray("same\n"), 20000);
    writer.removeFile(idD);
    writer.setFileMeta(idA, QStringLiteral("renamed-again.txt"), QString());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(out + QStringLiteral("/renamed-again.txt")), 20000);
    QVERIFY(QFile::exists(out + QStringLiteral("/twice.txt")));
    writer.removeFile(idE);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(out + QStringLiteral("/twice.txt")), 20000);
    terminate(watcher);
    QCOMPARE(watcher.exitCode(), 0);
}

void tst_WorkspaceCli::hostileTitles_nothingWrittenOutsideTheDirectory()
{
    server::EmbeddedServerOptions options;
    options.port = 0;
    server::EmbeddedServer server(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QTemporaryDir dir;
    QTemporaryDir elsewhere;
    QVERIFY(dir.isValid() && elsewhere.isValid());
    const QString out = dir.filePath(QStringLiteral("a/b/out"));
    QVERIFY(QDir().mkpath(out));
    QVERIFY(QFile::link(elsewhere.path(), out + QStringLiteral("/escape")));

    // The writer's titles are only bounded in length: a hostile writer names files anything.
    WorkspaceWriter writer;
    writer.setFlushInterval(20);
    const QStringList titles {QStringLiteral("../../x"),
                              QStringLiteral("/tmp/codestream-hostile-x"),
                              QStringLiteral("a/../../x"),
                              QStringLiteral("C:\\x"),
                              QStringLiteral("nul") + QChar(u'\0') + QStringLiteral("x"),
                              QStringLiteral("a\\b"),
                              QStringLiteral("escape/x"),
                              QStringLiteral("good/ok.txt")};
    std::vector<std::unique_ptr<MemoryTextDocument>> documents;
    for (const QString &title : titles) {
        documents.push_back(std::make_unique<MemoryTextDocument>(QStringLiteral("pwned\n")));
        QVERIFY(!writer.addFile(documents.back().get(), title, QString()).isEmpty());
    }
    documents.back()->setText(QStringLiteral("fine\n"));
    writer.setActiveFile(writer.files().last().id);
    writer.start(server.origin());
    QTRY_COMPARE_WITH_TIMEOUT(writer.connectionState(), ConnectionState::Connected, 20000);

    QProcess watcher;
    startWatch(watcher, writer.shareLink().toString(), {QStringLiteral("--output-dir"), out});
    QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(out + QStringLiteral("/good/ok.txt")),
                              QByteArray("fine\n"), 20000);
    // Every hostile name is reported while the watcher goes on.
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT(
        (log += watcher.readAllStandardError(), log.count("refused the name") == titles.size() - 1),
        20000);
    QCOMPARE(watcher.state(), QProcess::Running);
    writer.recordChange(writer.files().last().id,
                        makeTextChange(*documents.back(), 0, 0, QStringLiteral("still ")));
    documents.back()->replace(0, 0, QStringLiteral("still "));
    QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(out + QStringLiteral("/good/ok.txt")),
                              QByteArray("still fine\n"), 20000);
    terminate(watcher);
    QCOMPARE(watcher.exitCode(), 0);
    log += watcher.readAllStandardError();
    QCOMPARE(log.count("refused the name"), qsizetype(titles.size() - 1));
    QVERIFY2(log.contains("nul\\u0000x"), log.constData());
    // Nothing outside the directory, nothing but good/ok.txt inside it.
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("a/x"))));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x"))));
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/codestream-hostile-x")));
    QCOMPARE(QDir(elsewhere.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList());
    QCOMPARE(QDir(out).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System),
             (QStringList {QStringLiteral("escape"), QStringLiteral("good")}));
    QCOMPARE(QDir(dir.filePath(QStringLiteral("a/b")))
                 .entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList {QStringLiteral("out")});
}

// A raw socket.io-client writer (tests/node/workspace-hostile-writer.js) sends what
// WorkspaceWriter never would: bad and repeated ids, a title too long, names that leave the
// directory.
void tst_WorkspaceCli::hostileNodeWriter_badEntriesSkippedNothingWrittenOutside()
{
    server::EmbeddedServerOptions options;
    options.port = 0;
    server::EmbeddedServer server(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    NodeProcess node;
    QVERIFY(node.start(QStringLiteral("workspace-hostile-writer.js"),
                       {QStringLiteral("--origin"), server.origin().toString()}));
    const QString link = node.waitForLine(QStringLiteral("share "), 20000);
    QVERIFY(!link.isEmpty());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("a/b/out"));
    QProcess watcher;
    startWatch(watcher, link, {QStringLiteral("--output-dir"), out});
    QTRY_COMPARE_WITH_TIMEOUT(readOrMissing(out + QStringLiteral("/good/ok.txt")),
                              QByteArray("fine\n"), 20000);
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT((log += watcher.readAllStandardError(),
                              log.count("refused the name") == 6 && log.count("not kept") == 3),
                             20000);
    QCOMPARE(watcher.state(), QProcess::Running);
    terminate(watcher);
    QCOMPARE(watcher.exitCode(), 0);
    log += watcher.readAllStandardError();
    QCOMPARE(log.count("refused the name"), 6);
    QCOMPARE(log.count("not kept"), 3);
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("a/x"))));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x"))));
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/codestream-hostile-node-x")));
    QCOMPARE(QDir(out).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System),
             QStringList {QStringLiteral("good")});
    QCOMPARE(QDir(dir.filePath(QStringLiteral("a/b")))
                 .entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System),
             QStringList {QStringLiteral("out")});
}

QTEST_GUILESS_MAIN(tst_WorkspaceCli)
#include "tst_workspacecli.moc"
