// Full-sync benchmark: a writer streams a large document through the embedded server
// (`codestream-cli serve`); a watcher starts and the clock runs until its document is byte-equal
// to the writer's. Uses the same facades as the desktop app and `codestream-cli stream|watch`.
//   bench_sync --server PATH/codestream-cli [--megabytes 20] [--out FILE.json] [--encrypt]

#include "stream/memorytextdocument.h"
#include "stream/streamwatcher.h"
#include "stream/streamwriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>

#include <ctime>
#include <unistd.h>

namespace {

// How long the writer is left alone after joining before the watcher starts.
constexpr int kSettleMs = 3000;

QString makeDocument(qint64 bytes)
{
    QString text;
    text.reserve(bytes + 100);
    qint64 line = 0;
    while (text.size() < bytes) {
        text += QStringLiteral("    value%1 = compute(value%1, %2); // step %1 of the pipeline\n")
                    .arg(line)
                    .arg(line * 7 % 1000);
        ++line;
    }
    text.truncate(bytes);
    return text;
}

double processCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// utime + stime of another process (all its threads), from /proc/PID/stat.
double otherProcessCpuMs(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    // Fields after the command, which is in parentheses and may hold spaces.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    const double ticks = fields.at(11).toDouble() + fields.at(12).toDouble();
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

int fail(const QString &message, const QString &outPath)
{
    QTextStream(stderr) << "bench_sync: " << message << '\n';
    if (!outPath.isEmpty()) {
        QFile file(outPath);
        if (file.open(QIODevice::WriteOnly)) {
            QJsonObject result;
            result.insert(QStringLiteral("error"), message);
            file.write(QJsonDocument(result).toJson());
        }
    }
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("server"), QStringLiteral("codestream-cli to run the server with."),
         QStringLiteral("PATH")},
        {QStringLiteral("megabytes"), QStringLiteral("Document size (default 20)."),
         QStringLiteral("MB"), QStringLiteral("20")},
        {QStringLiteral("out"), QStringLiteral("JSON result file."), QStringLiteral("FILE")},
        {QStringLiteral("encrypt"), QStringLiteral("Seal the stream end to end.")},
    });
    parser.process(app);
    const QString outPath = parser.value(QStringLiteral("out"));
    const double megabytes = parser.value(QStringLiteral("megabytes")).toDouble();

    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.start(parser.value(QStringLiteral("server")),
                 {QStringLiteral("serve"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                  QStringLiteral("--port"), QStringLiteral("0")});
    if (!server.waitForStarted(10000))
        return fail(QStringLiteral("the server did not start"), outPath);
    int port = 0;
    const QRegularExpression listening(
        QStringLiteral("listening:?\\s+(?:\\w+://[^\\s/]+:)?(\\d+)"));
    QElapsedTimer startup;
    startup.start();
    while (port == 0 && startup.elapsed() < 30000 && server.state() == QProcess::Running) {
        server.waitForReadyRead(200);
        while (server.canReadLine()) {
            const auto match = listening.match(QString::fromUtf8(server.readLine()));
            if (match.hasMatch())
                port = match.captured(1).toInt();
        }
    }
    if (port == 0)
        return fail(QStringLiteral("the server did not announce a port"), outPath);
    QUrl origin;
    origin.setScheme(QStringLiteral("http"));
    origin.setHost(QStringLiteral("127.0.0.1"));
    origin.setPort(port);

    stream::MemoryTextDocument writerDocument(makeDocument(qint64(megabytes * 1024 * 1024)));
    stream::StreamWriter writer(&writerDocument);
    stream::MemoryTextDocument watcherDocument;
    stream::StreamWatcher watcher(&watcherDocument);

    QElapsedTimer clock;
    bool settling = false;
    qint64 joinedAt = -1;
    qint64 equalAt = -1;
    // Phases, in ns since the watcher started: the writer's first and last full (or part)
    // handed to its link, the watcher's last one received, the document applied.
    qint64 firstSentAt = -1;
    qint64 lastSentAt = -1;
    qint64 lastReceivedAt = -1;
    qint64 appliedAt = -1;
    int partsSent = 0;
    double cpuAtStart = 0;
    double serverCpuAtStart = 0;
    double cpuMs = 0;
    double serverCpuMs = 0;
    QString error;
    QObject::connect(&writer, &stream::StreamWriter::errorOccurred, &app,
                     [&](const QString &message) {
                         error = QStringLiteral("writer: ") + message;
                         app.quit();
                     });
    QObject::connect(&watcher, &stream::StreamWatcher::errorOccurred, &app,
                     [&](const QString &message) {
                         error = QStringLiteral("watcher: ") + message;
                         app.quit();
                     });
    QObject::connect(&writer, &stream::StreamWriter::connectionStateChanged, &app,
                     [&](stream::ConnectionState state) {
                         if (state != stream::ConnectionState::Connected || settling)
                             return;
                         // The writer sends a full of its own when it joins; let it go out first,
                         // so the clock measures a watcher joining an established session.
                         settling = true;
                         QTimer::singleShot(kSettleMs, &app, [&] {
                             cpuAtStart = processCpuMs();
                             serverCpuAtStart = otherProcessCpuMs(server.processId());
                             clock.start();
                             watcher.start(writer.shareLink());
                         });
                     });
    QObject::connect(&watcher, &stream::StreamWatcher::connectionStateChanged, &app,
                     [&](stream::ConnectionState state) {
                         if (state == stream::ConnectionState::Connected && joinedAt < 0)
                             joinedAt = clock.elapsed();
                     });
    QObject::connect(
        &writer, &stream::StreamWriter::messageReady, &app, [&](const QJsonObject &data) {
            if (!clock.isValid() || data.value(QLatin1String("type")) != QLatin1String("full"))
                return;
            lastSentAt = clock.nsecsElapsed();
            if (firstSentAt < 0)
                firstSentAt = lastSentAt;
            ++partsSent;
        });
    QObject::connect(&watcher, &stream::StreamWatcher::messageReceived, &app,
                     [&](const QJsonObject &) { lastReceivedAt = clock.nsecsElapsed(); });
    QObject::connect(&watcher, &stream::StreamWatcher::documentChanged, &app, [&] {
        appliedAt = clock.nsecsElapsed();
        if (watcherDocument.length() != writerDocument.length())
            return;
        if (watcherDocument.text() != writerDocument.text())
            return;
        equalAt = clock.nsecsElapsed();
        cpuMs = processCpuMs() - cpuAtStart;
        serverCpuMs = otherProcessCpuMs(server.processId()) - serverCpuAtStart;
        app.quit();
    });
    QTimer::singleShot(120000, &app, [&] {
        error = QStringLiteral("no byte-equal document within 120 s");
        app.quit();
    });
    writer.setEncrypted(parser.isSet(QStringLiteral("encrypt")));
    writer.start(origin);
    app.exec();
    watcher.stop();
    writer.stop();
    server.terminate();
    server.waitForFinished(3000);

    if (equalAt < 0)
        return fail(error.isEmpty() ? QStringLiteral("sync did not complete") : error, outPath);
    QJsonObject result;
    result.insert(QStringLiteral("megabytes"), megabytes);
    result.insert(QStringLiteral("bytes"), writerDocument.length());
    result.insert(QStringLiteral("encrypted"), writer.isEncrypted());
    result.insert(QStringLiteral("totalMs"), equalAt / 1000000);
    result.insert(QStringLiteral("afterJoinMs"),
                  (joinedAt < 0 ? equalAt / 1000000 : equalAt / 1000000 - joinedAt));
    // Writer and watcher share this process and its thread; the server is the other process.
    result.insert(QStringLiteral("processCpuMs"), qRound(cpuMs));
    result.insert(QStringLiteral("serverCpuMs"), qRound(serverCpuMs));
    result.insert(QStringLiteral("parts"), partsSent);
    const auto ms = [](qint64 ns) {
        return double(qRound64(double(ns) / 1e5)) / 10;
    };
    QJsonObject phases;
    // Negotiate, connect, join, the sync request, the writer's text().
    phases.insert(QStringLiteral("startToFirstPart"), ms(firstSentAt));
    // The writer encodes and writes every part (its thread does nothing else meanwhile).
    phases.insert(QStringLiteral("writerParts"), ms(lastSentAt - firstSentAt));
    // The last part's write, the server's relay, the watcher's parse of every part.
    phases.insert(QStringLiteral("relayAndWatcherParse"), ms(lastReceivedAt - lastSentAt));
    // Assembly and setText on the watcher.
    phases.insert(QStringLiteral("watcherApply"), ms(appliedAt - lastReceivedAt));
    // The bench's own comparison of the two documents.
    phases.insert(QStringLiteral("compare"), ms(equalAt - appliedAt));
    result.insert(QStringLiteral("phases"), phases);
    const QByteArray json = QJsonDocument(result).toJson();
    QTextStream(stdout) << json;
    if (!outPath.isEmpty()) {
        QFile file(outPath);
        if (!file.open(QIODevice::WriteOnly))
            return fail(QStringLiteral("cannot write ") + outPath, {});
        file.write(json);
    }
    return 0;
}
