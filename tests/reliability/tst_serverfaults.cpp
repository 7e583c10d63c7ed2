#include "cliprocess.h"
#include "reliabilitysupport.h"

#include "stream/memorytextdocument.h"
#include "stream/streamwatcher.h"
#include "stream/streamwriter.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <vector>

using namespace reliability;

using namespace clitest;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

// A random edit of `text` that never splits a "\r\n" or a surrogate pair.
void randomEdit(QRandomGenerator &random, QString &text)
{
    static const QString pieces[]
        = {QStringLiteral("int x;"), QStringLiteral("\n"), QStringLiteral("é"),
           QStringLiteral("😀"),      QStringLiteral("  "), QStringLiteral("{}\r\n")};
    const auto snap = [&](qsizetype at) {
        if (at > 0 && at < text.size()
            && ((text.at(at - 1).isHighSurrogate() && text.at(at).isLowSurrogate())
                || (text.at(at - 1) == u'\r' && text.at(at) == u'\n')))
            return at - 1;
        return at;
    };
    const qsizetype at = snap(random.bounded(int(text.size()) + 1));
    qsizetype length = 0;
    if (random.bounded(3) == 0 && at < text.size())
        length = snap(qMin(text.size(), at + random.bounded(6))) - at;
    QString insert;
    for (int i = random.bounded(4); i > 0; --i)
        insert += pieces[random.bounded(int(std::size(pieces)))];
    text.replace(at, qMax<qsizetype>(0, length), insert);
}

// Restarts `server` on `port` (the old socket may linger for a moment).
bool restartOn(ServeProcess &server, quint16 port, const QStringList &args)
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        if (server.start(args, port))
            return true;
        server.stop();
        QTest::qWait(250);
    }
    return false;
}

struct Watcher
{
    stream::MemoryTextDocument document;
    std::unique_ptr<stream::StreamWatcher> watcher
        = std::make_unique<stream::StreamWatcher>(&document);
};

void edit(stream::MemoryTextDocument &document, stream::StreamWriter &writer,
          QRandomGenerator &random)
{
    QString text = document.text();
    const QString before = text;
    randomEdit(random, text);
    const auto change = stream::diffTexts(before, text);
    if (!change)
        return;
    writer.recordChange(
        stream::makeTextChange(document, change->offset, change->length, change->text));
    document.replace(change->offset, change->length, change->text);
}

const QStringList fastPing = {QStringLiteral("--ping-interval"), QStringLiteral("500"),
                              QStringLiteral("--ping-timeout"), QStringLiteral("500")};

} // namespace

// The server dies, freezes or sees watchers come and go in bulk while a writer types.
class tst_ServerFaults : public QObject
{
    Q_OBJECT

private slots:
    void serverKilledAndRestarted_streamAndWatchProcesses_endByteEqual();
    void serverFrozenPastPingTimeout_writerAndWatchers_endByteEqual();
    void fiftyWatchersJoiningAndLeaving_remainingOnesEndByteEqual();
};

void tst_ServerFaults::serverKilledAndRestarted_streamAndWatchProcesses_endByteEqual()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServeProcess server;
    QVERIFY(server.start(fastPing));
    const quint16 port = server.port();

    const QString source = dir.filePath(QStringLiteral("main.cpp"));
    QString text = QStringLiteral("int main()\r\n{\r\n    return 0; // é 😀\r\n}\n");
    QVERIFY(writeFile(source, text.toUtf8()));
    QProcess streamer;
    streamer.start(cliPath(),
                   {QStringLiteral("stream"), source, QStringLiteral("--server"),
                    server.origin().toString(), QStringLiteral("--interval"),
                    QStringLiteral("50")});
    QVERIFY(streamer.waitForStarted(10000));
    QByteArray log;
    connect(&streamer, &QProcess::readyReadStandardError, this,
            [&] { log += streamer.readAllStandardError(); });
    const QString link = waitForShareLink(streamer);
    QVERIFY2(!link.isEmpty(), log.constData());

    std::vector<std::unique_ptr<QProcess>> watchers;
    QStringList outputs;
    for (int i = 0; i < 2; ++i) {
        outputs.append(dir.filePath(QStringLiteral("watched%1.cpp").arg(i)));
        watchers.push_back(std::make_unique<QProcess>());
        watchers.back()->start(
            cliPath(), {QStringLiteral("watch"), link, QStringLiteral("--output"), outputs.last()});
        QVERIFY(watchers.back()->waitForStarted(10000));
    }
    for (const QString &output : outputs)
        QTRY_COMPARE_WITH_TIMEOUT(readAll(output), text.toUtf8(), 20000);

    QRandomGenerator random(2024);
    const auto typeFor = [&](int rounds) {
        for (int i = 0; i < rounds; ++i) {
            randomEdit(random, text);
            QVERIFY(writeFile(source, text.toUtf8()));
            QTest::qWait(60 + random.bounded(60));
        }
    };
    typeFor(10);
    for (int crash = 0; crash < 2; ++crash) {
        server.kill();
        typeFor(8); // edits while the server is gone
        QVERIFY(restartOn(server, port, fastPing));
        typeFor(10);
        // Everybody is back before the next crash.
        for (const QString &output : outputs)
            QTRY_COMPARE_WITH_TIMEOUT(readAll(output), text.toUtf8(), 30000);
    }
    for (const QString &output : outputs)
        QTRY_COMPARE_WITH_TIMEOUT(readAll(output), text.toUtf8(), 30000);

    for (const auto &w : watchers) {
        QCOMPARE(w->state(), QProcess::Running);
        terminate(*w);
        QCOMPARE(w->exitCode(), 0);
    }
    QCOMPARE(streamer.state(), QProcess::Running);
    // The writer noticed the crashes and came back (the byte-equal outputs after each restart
    // show that it reconnected every time; its log shows the state changes it went through).
    log += streamer.readAllStandardError();
    QVERIFY2(log.count("connection: reconnecting") >= 1, log.constData());
    QVERIFY2(log.count("connection: connected") >= 2, log.constData());
    terminate(streamer);
    QCOMPARE(streamer.exitCode(), 0);
}

void tst_ServerFaults::serverFrozenPastPingTimeout_writerAndWatchers_endByteEqual()
{
    ServeProcess server;
    QVERIFY(server.start(fastPing));
    stream::MemoryTextDocument document(QStringLiteral("// frozen\n"));
    stream::StreamWriter writer(&document);
    writer.setFlushInterval(50);
    writer.start(server.origin());
    QTRY_COMPARE_WITH_TIMEOUT(writer.connectionState(), stream::ConnectionState::Connected, 20000);
    std::vector<std::unique_ptr<Watcher>> watchers;
    for (int i = 0; i < 3; ++i) {
        watchers.push_back(std::make_unique<Watcher>());
        watchers.back()->watcher->start(writer.shareLink());
    }
    QRandomGenerator random(77);
    for (int i = 0; i < 20; ++i) {
        edit(document, writer, random);
        QTest::qWait(30);
    }
    for (const auto &w : watchers)
        QTRY_COMPARE_WITH_TIMEOUT(w->document.text(), document.text(), 20000);

    for (int freeze = 0; freeze < 2; ++freeze) {
        server.signal(SIGSTOP);
        // Three seconds: the clients' heartbeat gives up after 1 s (500 + 500 ms).
        for (int i = 0; i < 30; ++i) {
            edit(document, writer, random);
            QTest::qWait(100);
        }
        QVERIFY(writer.connectionState() != stream::ConnectionState::Connected);
        server.signal(SIGCONT);
        for (int i = 0; i < 20; ++i) {
            edit(document, writer, random);
            QTest::qWait(50);
        }
    }
    writer.flush();
    for (const auto &w : watchers) {
        QTRY_COMPARE_WITH_TIMEOUT(w->document.text(), document.text(), 30000);
        QCOMPARE(w->document.text().toUtf8(), document.text().toUtf8());
    }
    QCOMPARE(writer.connectionState(), stream::ConnectionState::Connected);
    QVERIFY(server.isRunning());
}

void tst_ServerFaults::fiftyWatchersJoiningAndLeaving_remainingOnesEndByteEqual()
{
    ServeProcess server;
    QVERIFY(server.start(fastPing));
    stream::MemoryTextDocument document(QStringLiteral("// bulk\n"));
    stream::StreamWriter writer(&document);
    writer.setFlushInterval(50);
    writer.start(server.origin());
    QTRY_COMPARE_WITH_TIMEOUT(writer.connectionState(), stream::ConnectionState::Connected, 20000);
    const QUrl link = writer.shareLink();

    QRandomGenerator random(4242);
    std::vector<std::unique_ptr<Watcher>> watchers;
    int joinedTotal = 0;
    for (int round = 0; round < 6; ++round) {
        // 20 join at once; then a random 10 leave.
        for (int i = 0; i < 20; ++i) {
            watchers.push_back(std::make_unique<Watcher>());
            watchers.back()->watcher->start(link);
            ++joinedTotal;
            edit(document, writer, random);
        }
        for (int i = 0; i < 25; ++i) {
            edit(document, writer, random);
            QTest::qWait(20);
        }
        for (int i = 0; i < 10; ++i)
            watchers.erase(watchers.begin() + random.bounded(int(watchers.size())));
    }
    QCOMPARE(watchers.size(), std::size_t(60));
    for (int i = 0; i < 30; ++i) {
        edit(document, writer, random);
        QTest::qWait(20);
    }
    writer.flush();
    for (const auto &w : watchers) {
        QTRY_COMPARE_WITH_TIMEOUT(w->document.text(), document.text(), 30000);
        QCOMPARE(w->document.text().toUtf8(), document.text().toUtf8());
    }
    QTRY_COMPARE_WITH_TIMEOUT(writer.watcherCount(), 60, 15000);
    qInfo("bulk watchers: %d joined, %zu remained, %lld deltas, document %lld UTF-16 units",
          joinedTotal, watchers.size(), writer.nextVersion(), qint64(document.length()));
    QVERIFY(server.isRunning());
}

QTEST_GUILESS_MAIN(tst_ServerFaults)
#include "tst_serverfaults.moc"
