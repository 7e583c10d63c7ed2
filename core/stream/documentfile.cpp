#include "stream/documentfile.h"

#include "stream/memorytextdocument.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <algorithm>

namespace stream {

namespace {

// The text is gathered and encoded this many UTF-16 units at a time.
constexpr qsizetype kBatchUnits = 256 * 1024;

} // namespace

bool writeDocumentUtf8(const MemoryTextDocument &document, QIODevice *device)
{
    QString batch(std::min(kBatchUnits, document.length()), Qt::Uninitialized);
    auto *units = reinterpret_cast<char16_t *>(batch.data());
    qsizetype filled = 0;
    // Encodes and writes the batch. A high surrogate at its end waits for the next batch, so
    // that a pair cut between two batches stays one character (as in text().toUtf8(), where
    // a lone surrogate becomes '?').
    const auto write = [&](bool last) {
        qsizetype count = filled;
        if (!last && QChar::isHighSurrogate(units[count - 1]))
            --count;
        const QByteArray bytes = QStringView(units, count).toUtf8();
        filled -= count;
        if (filled > 0)
            units[0] = units[count];
        return device->write(bytes) == bytes.size();
    };
    bool written = true;
    document.forEachPiece([&](QStringView piece) {
        while (written && !piece.isEmpty()) {
            const qsizetype take = std::min(piece.size(), batch.size() - filled);
            std::copy_n(piece.utf16(), take, units + filled);
            filled += take;
            piece = piece.sliced(take);
            if (filled == batch.size())
                written = write(false);
        }
        return written;
    });
    return written && (filled == 0 || write(true));
}

} // namespace stream
