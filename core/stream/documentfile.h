#pragma once

class QIODevice;

namespace stream {

class MemoryTextDocument;

// Writes the text of `document` to `device` as UTF-8, piece by piece: the text is never
// assembled in one string (a 50 MB document would take a 100 MB copy and a 50 MB encoding).
// False when the device refuses a write.
bool writeDocumentUtf8(const MemoryTextDocument &document, QIODevice *device);

} // namespace stream
