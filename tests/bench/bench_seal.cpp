// Cost of end-to-end encryption (docs/protocol.md §12), in process, not asserted:
// - what sealing adds to sending and receiving a typical delta along the real path, plain and
//   sealed side by side (writer: message object -> sendToRoom frame bytes; watcher: relayed
//   editorMessage frame -> message object), the cipher alone, and the envelope-object round trip;
// - a 20 MB full sync sealed: WriterSession cuts the full into parts under the sealed budget of
//   the default maxPayload, each part is sealed, serialized, parsed, unsealed and handed to a
//   WatcherSession until its document is byte-equal.
//   bench_seal [--megabytes 20] [--iterations 50000] [--runs 7]

#include "socketio/socketpacket.h"
#include "stream/memorytextdocument.h"
#include "stream/messagesealer.h"
#include "stream/streammessage.h"
#include "stream/watchersession.h"
#include "stream/writersession.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <algorithm>

using namespace stream;
using namespace socketio;

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
        {QStringLiteral("iterations"), QStringLiteral("Deltas per measure (default 50000)."),
         QStringLiteral("N"), QStringLiteral("50000")},
        {QStringLiteral("runs"), QStringLiteral("Runs of each measure (default 7)."),
         QStringLiteral("N"), QStringLiteral("7")},
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
    const int runs = parser.value(QStringLiteral("runs")).toInt();
    bool failed = false;

    // The real path, plain and sealed. Writer: the message object to the bytes of its sendToRoom
    // frame (Socket::emitJsonEvent, RoomLink::send). Watcher: the relayed editorMessage frame to
    // the message object (Socket's decode; RoomLink opens the sealed data). The relay forwards
    // `data` byte for byte (docs/protocol.md §3).
    const QString target = room;
    const auto plainFrame = [&](const QJsonObject &data) {
        SocketPacket packet;
        packet.data = QJsonArray {
            QStringLiteral("sendToRoom"),
            QJsonObject {{QStringLiteral("room_id"), target}, {QStringLiteral("data"), data}}};
        return encode(packet).text;
    };
    const auto relayedFrame = [](QByteArrayView dataJson) {
        QByteArray argument(R"({"type":"editorMessage","data":)");
        argument.append(dataJson);
        argument.append('}');
        return encodeJsonTextEvent(QStringLiteral("/"), QStringLiteral("message"), argument);
    };
    // As RoomLink::send: the argument head once per link, then the sealed text and a brace.
    const QByteArray roomJson = QJsonDocument(QJsonArray {target}).toJson(QJsonDocument::Compact);
    const QByteArray head
        = R"({"room_id":)" + roomJson.sliced(1, roomJson.size() - 2) + R"(,"data":)";
    const auto sealedFrame = [&](const QJsonObject &data) {
        const QByteArray sealed
            = writer.sealJson(QJsonDocument(data).toJson(QJsonDocument::Compact));
        QByteArray argument;
        argument.reserve(head.size() + sealed.size() + 1);
        argument.append(head);
        argument.append(sealed);
        argument.append('}');
        return encodeJsonTextEvent(QStringLiteral("/"), QStringLiteral("sendToRoom"), argument);
    };
    const auto receivedData = [](const QByteArray &frame) {
        auto decoded = decode(frame);
        if (!decoded)
            return QJsonObject();
        return decoded->packet.data.toArray()
            .at(1)
            .toObject()
            .value(QLatin1String("data"))
            .toObject();
    };
    const QByteArray plainIn = relayedFrame(deltaBytes);
    const QByteArray sealedIn = relayedFrame(writer.sealJson(deltaBytes));
    const qsizetype plainOutBytes = plainFrame(delta).size();
    const qsizetype sealedOutBytes = sealedFrame(delta).size();
    // Both paths end with the same message; the sealed frame the writer sends opens.
    const auto sentData = [](const QByteArray &frame) {
        auto decoded = decode(frame);
        return decoded ? decoded->packet.data.toArray()
                             .at(1)
                             .toObject()
                             .value(QLatin1String("data"))
                             .toObject()
                       : QJsonObject();
    };
    const auto openedIn = watcher.unseal(receivedData(sealedIn));
    const auto openedOut = watcher.unseal(sentData(sealedFrame(delta)));
    if (receivedData(plainIn) != delta || sentData(plainFrame(delta)) != delta || !openedIn
        || *openedIn != delta || !openedOut || *openedOut != delta) {
        QTextStream(stderr) << "bench_seal: the real path does not round trip\n";
        return 1;
    }
    qsizetype sink = 0;
    const auto plainSend = [&] {
        for (int i = 0; i < iterations; ++i)
            sink += plainFrame(delta).size();
    };
    const auto sealedSend = [&] {
        for (int i = 0; i < iterations; ++i)
            sink += sealedFrame(delta).size();
    };
    const auto plainReceive = [&] {
        for (int i = 0; i < iterations; ++i)
            sink += receivedData(plainIn).size();
    };
    const auto sealedReceive = [&] {
        int opened = 0;
        for (int i = 0; i < iterations; ++i)
            opened += bool(watcher.unseal(receivedData(sealedIn)));
        failed |= opened != iterations;
    };
    const QByteArray iv(MessageSealer::ivBytes, 'i');
    // The sealer alone, text in and object out: sealJson of the message text, then unseal of
    // the envelope as socketio hands it over (parsing the plaintext included).
    const QJsonObject envelopeIn = receivedData(sealedIn);
    const auto textRoundTrip = [&] {
        int opened = 0;
        for (int i = 0; i < iterations; ++i)
            opened += writer.sealJson(deltaBytes).size() > 0 && bool(watcher.unseal(envelopeIn));
        failed |= opened != iterations;
    };
    const auto cipherOnly = [&] {
        int opened = 0;
        for (int i = 0; i < iterations; ++i)
            opened += bool(watcher.openBytes(writer.sealBytes(deltaBytes, iv), iv));
        failed |= opened != iterations;
    };

    // Each measure `runs` times, interleaved, µs per delta.
    struct Series
    {
        QList<double> us;
        double best() const { return *std::min_element(us.cbegin(), us.cend()); }
        double median() const
        {
            QList<double> sorted = us;
            std::sort(sorted.begin(), sorted.end());
            return sorted.at(sorted.size() / 2);
        }
    };
    Series sendPlain, sendSealed, receivePlain, receiveSealed, cipher, sealer;
    QElapsedTimer clock;
    const auto time = [&](const auto &loop) {
        clock.restart();
        loop();
        return double(clock.nsecsElapsed()) / 1000.0 / iterations;
    };
    for (int run = 0; run < runs; ++run) {
        sendPlain.us.append(time(plainSend));
        sendSealed.us.append(time(sealedSend));
        receivePlain.us.append(time(plainReceive));
        receiveSealed.us.append(time(sealedReceive));
        cipher.us.append(time(cipherOnly));
        sealer.us.append(time(textRoundTrip));
    }
    if (failed) {
        QTextStream(stderr) << "bench_seal: a round trip failed\n";
        return 1;
    }
    const auto line = [&](const char *what, const Series &series) {
        out << "  " << what << ": best " << QString::number(series.best(), 'f', 2) << " us, median "
            << QString::number(series.median(), 'f', 2) << " us\n";
    };
    out << "delta of " << deltaBytes.size() << " bytes (" << plainOutBytes << "-byte frame plain, "
        << sealedOutBytes << " sealed), " << runs << " runs of " << iterations << ":\n";
    line("writer, message -> frame bytes, plain ", sendPlain);
    line("writer, message -> frame bytes, sealed", sendSealed);
    line("watcher, frame -> message, plain      ", receivePlain);
    line("watcher, frame -> message, sealed     ", receiveSealed);
    // What sealing adds to one delta sent and received: the sealed path minus the plain one, from
    // the best and from the median times of each.
    out << "  sealing plus unsealing adds (sealed - plain, writer + watcher): best "
        << QString::number(sendSealed.best() - sendPlain.best() + receiveSealed.best()
                               - receivePlain.best(),
                           'f', 2)
        << " us, median "
        << QString::number(sendSealed.median() - sendPlain.median() + receiveSealed.median()
                               - receivePlain.median(),
                           'f', 2)
        << " us\n";
    line("sealer alone, sealJson(text) + unseal(envelope object)", sealer);
    line("cipher alone (EVP seal+open)", cipher);
    (void)sink;

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
                             = writer.sealJson(QJsonDocument(data).toJson(QJsonDocument::Compact));
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
