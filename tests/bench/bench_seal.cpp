// Cost of end-to-end encryption (docs/protocol.md §12), in process, not asserted:
// - sealing plus unsealing a typical delta (the JSON object in and out, as RoomLink does), and the
//   cipher alone on its bytes;
// - a 20 MB full sync sealed: WriterSession cuts the full into parts under the sealed budget of
//   the default maxPayload, each part is sealed, serialized, parsed, unsealed and handed to a
//   WatcherSession until its document is byte-equal.
//   bench_seal [--megabytes 20] [--iterations 200000]

#include "stream/memorytextdocument.h"
#include "stream/messagesealer.h"
#include "stream/streammessage.h"
#include "stream/watchersession.h"
#include "stream/writersession.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTextStream>

using namespace stream;

namespace {

QJsonObject typicalDelta()
{
    ContentChangeEvent event;
    TextChange change;
    change.range = TextRange {120, 17, 120, 17};
    change.rangeOffset = 4711;
    change.rangeLength = 0;
    change.text = QStringLiteral("x");
    event.changes = {change};
    event.versionId = 812;
    return encodeMessage(DeltaMessage {811, {event}});
}

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

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("megabytes"), QStringLiteral("Document size (default 20)."),
         QStringLiteral("MB"), QStringLiteral("20")},
        {QStringLiteral("iterations"), QStringLiteral("Delta round trips (default 200000)."),
         QStringLiteral("N"), QStringLiteral("200000")},
    });
    parser.process(app);
    const int iterations = parser.value(QStringLiteral("iterations")).toInt();
    const double megabytes = parser.value(QStringLiteral("megabytes")).toDouble();
    QTextStream out(stdout);

    const RoomKey key = RoomKey::generate();
    const QString room = QStringLiteral("2l4n7scxc3a37fdrnedly");
    const MessageSealer writer(key, room);
    const MessageSealer watcher(key, room);

    const QJsonObject delta = typicalDelta();
    const QByteArray deltaBytes = QJsonDocument(delta).toJson(QJsonDocument::Compact);
    QElapsedTimer clock;
    clock.start();
    int opened = 0;
    for (int i = 0; i < iterations; ++i)
        opened += bool(watcher.unseal(writer.seal(delta)));
    const double objectUs = double(clock.nsecsElapsed()) / 1000.0 / iterations;
    // The two halves apart.
    const QJsonObject sealedDelta = writer.seal(delta);
    clock.restart();
    qsizetype sealedFields = 0;
    for (int i = 0; i < iterations; ++i)
        sealedFields += writer.seal(delta).size();
    const double sealUs = double(clock.nsecsElapsed()) / 1000.0 / iterations;
    clock.restart();
    for (int i = 0; i < iterations; ++i)
        opened += bool(watcher.unseal(sealedDelta));
    const double unsealUs = double(clock.nsecsElapsed()) / 1000.0 / iterations;
    opened -= iterations;
    // What the plain path costs anyway: the message to JSON text and back.
    clock.restart();
    qsizetype sink = 0;
    for (int i = 0; i < iterations; ++i)
        sink += QJsonDocument::fromJson(QJsonDocument(delta).toJson(QJsonDocument::Compact))
                    .object()
                    .size();
    const double plainUs = double(clock.nsecsElapsed()) / 1000.0 / iterations;
    const QByteArray iv(MessageSealer::ivBytes, 'i');
    clock.restart();
    for (int i = 0; i < iterations; ++i)
        opened += bool(watcher.openBytes(writer.sealBytes(deltaBytes, iv), iv));
    const double bytesUs = double(clock.nsecsElapsed()) / 1000.0 / iterations;
    if (opened != 2 * iterations) {
        QTextStream(stderr) << "bench_seal: a round trip failed\n";
        return 1;
    }
    out << "delta of " << deltaBytes.size()
        << " bytes, seal+unseal of the message object: " << QString::number(objectUs, 'f', 2)
        << " us\n";
    out << "  of which seal " << QString::number(sealUs, 'f', 2) << " us, unseal "
        << QString::number(unsealUs, 'f', 2) << " us (" << sealedFields / iterations
        << " fields)\n";
    out << "delta of " << deltaBytes.size()
        << " bytes, JSON text and back without sealing: " << QString::number(plainUs, 'f', 2)
        << " us (" << sink / iterations << " fields)\n";
    // What sealing adds to a delta: the message object in and out costs `plainUs` unsealed too
    // (the socket.io packet is JSON text), so this is the cipher, the IV, base64url and the
    // envelope.
    out << "delta of " << deltaBytes.size() << " bytes, sealing's own share (seal+unseal minus "
        << "the JSON text and back): " << QString::number(objectUs - plainUs, 'f', 2) << " us\n";
    out << "delta of " << deltaBytes.size()
        << " bytes, cipher alone (EVP seal+open): " << QString::number(bytesUs, 'f', 2) << " us\n";

    // The full sync: the writer's parts, sealed, over JSON text, unsealed, assembled.
    MemoryTextDocument writerDocument(makeDocument(qint64(megabytes * 1000 * 1000)));
    MemoryTextDocument watcherDocument;
    WriterSession writerSession(&writerDocument);
    WatcherSession watcherSession(&watcherDocument);
    // The default maxPayload with a 21-character room (docs/protocol.md §6), then sealed.
    writerSession.setMaxMessageBytes(MessageSealer::plainBudget(999810));
    qint64 wireBytes = 0;
    int messages = 0;
    QObject::connect(&writerSession, &WriterSession::messageReady, &watcherSession,
                     [&](const QJsonObject &data) {
                         const QByteArray wire
                             = QJsonDocument(writer.seal(data)).toJson(QJsonDocument::Compact);
                         wireBytes += wire.size();
                         ++messages;
                         auto plain = watcher.unseal(QJsonDocument::fromJson(wire).object());
                         if (plain)
                             watcherSession.handleMessage(*plain);
                     });
    clock.restart();
    writerSession.sendFull();
    const qint64 fullMs = clock.elapsed();
    if (watcherDocument.text() != writerDocument.text()) {
        QTextStream(stderr) << "bench_seal: the sealed full did not arrive byte-equal\n";
        return 1;
    }
    out << "full sync of " << writerDocument.length() << " characters sealed in " << messages
        << " messages (" << wireBytes
        << " bytes on the wire), writer to watcher in process: " << fullMs << " ms\n";
    return 0;
}
