#include "cliprocess.h"
#include "randomedits.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace clitest;

namespace {

void writeInPlace(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

// Writes a new file and renames it over the old one, as many editors save.
void writeByReplace(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
    QVERIFY(file.commit());
}

} // namespace

class tst_StreamCli : public QObject
{
    Q_OBJECT

private slots:
    void streamAndWatch_followedFile_outputEndsByteEqual();
    void watch_exitAfterIdle_exitsZeroWithDocument();
    void stream_missingFile_failsWithoutShareLine();
    void stream_goFile_sendsLanguageGo();
    void usageError_exitsTwoWithMessageAndUsage_data();
    void usageError_exitsTwoWithMessageAndUsage();
};

void tst_StreamCli::streamAndWatch_followedFile_outputEndsByteEqual()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = dir.filePath(QStringLiteral("main.cpp"));
    const QString output = dir.filePath(QStringLiteral("watched.cpp"));
    QString text = QStringLiteral("int main()\r\n{\r\n    // héllo 中文 😀\r\n}\n");
    writeInPlace(source, text.toUtf8());

    QProcess streamer;
    streamer.start(cliPath(),
                   {QStringLiteral("stream"), source, QStringLiteral("--port"), QStringLiteral("0"),
                    QStringLiteral("--interval"), QStringLiteral("50")});
    QVERIFY(streamer.waitForStarted(10000));
    const QString link = waitForShareLink(streamer);
    QVERIFY2(!link.isEmpty(), streamer.readAllStandardError().constData());
    QVERIFY(link.contains(QLatin1Char('#')));

    QProcess watcher;
    watcher.start(cliPath(), {QStringLiteral("watch"), link, QStringLiteral("--output"), output});
    QVERIFY(watcher.waitForStarted(10000));
    QTRY_COMPARE_WITH_TIMEOUT(readAll(output), text.toUtf8(), 20000);

    QRandomGenerator random(314);
    for (int round = 0; round < 40; ++round) {
        const auto edit = streamtest::randomEdit(random, text, 30);
        text.replace(edit.offset, edit.length, edit.text);
        if (round % 3 == 0)
            writeByReplace(source, text.toUtf8());
        else
            writeInPlace(source, text.toUtf8());
        QTest::qWait(random.bounded(150));
    }
    QTRY_COMPARE_WITH_TIMEOUT(readAll(output), text.toUtf8(), 20000);

    terminate(watcher);
    QCOMPARE(watcher.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watcher.exitCode(), 0);
    const QByteArray log = watcher.readAllStandardError();
    QVERIFY2(log.contains("state: live"), log.constData());
    terminate(streamer);
    QCOMPARE(streamer.exitStatus(), QProcess::NormalExit);
    QCOMPARE(streamer.exitCode(), 0);
}

void tst_StreamCli::watch_exitAfterIdle_exitsZeroWithDocument()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = dir.filePath(QStringLiteral("notes.txt"));
    const QString output = dir.filePath(QStringLiteral("out.txt"));
    const QByteArray bytes = QStringLiteral("line one\rline two\r\n\tlast 😀").toUtf8();
    writeInPlace(source, bytes);

    QProcess streamer;
    streamer.start(
        cliPath(),
        {QStringLiteral("stream"), source, QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(streamer.waitForStarted(10000));
    const QString link = waitForShareLink(streamer);
    QVERIFY(!link.isEmpty());

    QProcess watcher;
    watcher.start(cliPath(),
                  {QStringLiteral("watch"), link, QStringLiteral("--output"), output,
                   QStringLiteral("--exit-after-idle"), QStringLiteral("1500")});
    QVERIFY(watcher.waitForStarted(10000));
    QVERIFY(watcher.waitForFinished(30000));
    QCOMPARE(watcher.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watcher.exitCode(), 0);
    QCOMPARE(readAll(output), bytes);
    terminate(streamer);
    QCOMPARE(streamer.exitCode(), 0);
}

void tst_StreamCli::stream_missingFile_failsWithoutShareLine()
{
    QTemporaryDir dir;
    QProcess streamer;
    streamer.start(cliPath(),
                   {QStringLiteral("stream"), dir.filePath(QStringLiteral("none")),
                    QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(streamer.waitForFinished(20000));
    QVERIFY(streamer.exitCode() != 0);
    QVERIFY(!streamer.readAllStandardOutput().contains("share:"));
}

void tst_StreamCli::stream_goFile_sendsLanguageGo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = dir.filePath(QStringLiteral("main.go"));
    writeInPlace(source, "package main\n\nfunc main() {}\n");

    QProcess streamer;
    streamer.start(
        cliPath(),
        {QStringLiteral("stream"), source, QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(streamer.waitForStarted(10000));
    const QString link = waitForShareLink(streamer);
    QVERIFY2(!link.isEmpty(), streamer.readAllStandardError().constData());

    QProcess watcher;
    watcher.start(cliPath(),
                  {QStringLiteral("watch"), link, QStringLiteral("--exit-after-idle"),
                   QStringLiteral("500")});
    QVERIFY(watcher.waitForStarted(10000));
    QVERIFY(watcher.waitForFinished(30000));
    QCOMPARE(watcher.exitCode(), 0);
    const QByteArray log = watcher.readAllStandardError();
    QVERIFY2(log.contains(" meta: main.go (go)\n"), log.constData());
    QCOMPARE(watcher.readAllStandardOutput(), QByteArray("package main\n\nfunc main() {}\n"));
    terminate(streamer);
    QCOMPARE(streamer.exitCode(), 0);
}

void tst_StreamCli::usageError_exitsTwoWithMessageAndUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("stream without FILE")
        << QStringList {QStringLiteral("stream")}
        << QByteArray("codestream-cli stream: expected at least one FILE\n");
    QTest::newRow("stream, bad interval")
        << QStringList {QStringLiteral("stream"), QStringLiteral("x.txt"),
                        QStringLiteral("--interval"), QStringLiteral("-1")}
        << QByteArray("codestream-cli stream: invalid --interval\n");
    QTest::newRow("stream, server and port")
        << QStringList {QStringLiteral("stream"),   QStringLiteral("x.txt"),
                        QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:1"),
                        QStringLiteral("--port"),   QStringLiteral("0")}
        << QByteArray("codestream-cli stream: --server and --port exclude each other\n");
    QTest::newRow("watch without LINK")
        << QStringList {QStringLiteral("watch")}
        << QByteArray("codestream-cli watch: expected exactly one LINK\n");
    QTest::newRow("watch, bad idle")
        << QStringList {QStringLiteral("watch"), QStringLiteral("http://127.0.0.1:1/#r"),
                        QStringLiteral("--exit-after-idle"), QStringLiteral("soon")}
        << QByteArray("codestream-cli watch: invalid --exit-after-idle\n");
}

void tst_StreamCli::usageError_exitsTwoWithMessageAndUsage()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, message);
    QProcess process;
    process.start(cliPath(), args);
    QVERIFY(process.waitForFinished(20000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardOutput().isEmpty());
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.startsWith(message), err.constData());
    QVERIFY2(err.mid(message.size()).startsWith("Usage: "), err.constData());
}

QTEST_GUILESS_MAIN(tst_StreamCli)
#include "tst_streamcli.moc"
