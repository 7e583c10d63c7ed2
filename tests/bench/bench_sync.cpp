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
                             clock.start();
                             watcher.start(writer.shareLink());
                         });
                     });
    QObject::connect(&watcher, &stream::StreamWatcher::connectionStateChanged, &app,
                     [&](stream::ConnectionState state) {
                         if (state == stream::ConnectionState::Connected && joinedAt < 0)
                             joinedAt = clock.elapsed();
                     });
    QObject::connect(&watcher, &stream::StreamWatcher::documentChanged, &app, [&] {
        if (watcherDocument.length() != writerDocument.length())
            return;
        if (watcherDocument.text() != writerDocument.text())
            return;
        equalAt = clock.elapsed();
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
    result.insert(QStringLiteral("totalMs"), equalAt);
    result.insert(QStringLiteral("afterJoinMs"), joinedAt < 0 ? equalAt : equalAt - joinedAt);
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
