// libFuzzer target: stream message parsing plus the watcher's apply path. The input is split
// on 0x1e: the first part is the starting document, each other part a JSON stream message.
// Whatever arrives, the watcher must not crash, and the document it holds must stay consistent
// with its own line index.
#include "stream/memorytextdocument.h"
#include "stream/watchersession.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QList<QByteArray> parts = input.split('\x1e');

    stream::MemoryTextDocument document(QString::fromUtf8(parts.first()));
    stream::WatcherSession watcher(&document);
    watcher.handleJoined();
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QJsonDocument json = QJsonDocument::fromJson(parts.at(i));
        if (json.isObject()) {
            if (auto message = stream::decodeMessage(json.object()))
                watcher.handleDecodedMessage(*message);
            else
                watcher.handleMessage(json.object());
        }
    }

    // The line index must describe the text it holds.
    const QString text = document.text();
    if (text.size() != document.length())
        abort();
    qsizetype offset = 0;
    for (int line = 0; line < document.lineCount(); ++line) {
        if (document.lineStart(line) != offset)
            abort();
        offset += document.lineLength(line);
        if (offset < text.size()) {
            if (text.at(offset) == QLatin1Char('\r') && offset + 1 < text.size()
                && text.at(offset + 1) == QLatin1Char('\n'))
                offset += 2;
            else
                offset += 1;
        }
    }
    return 0;
}
