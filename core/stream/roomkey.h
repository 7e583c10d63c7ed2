#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>

namespace stream {

// The 256-bit key of an end-to-end encrypted room, carried only in a share link's fragment
// (docs/protocol.md §12).
class RoomKey final
{
public:
    static constexpr int byteSize = 32;
    static constexpr int textSize = 43; // base64url without padding

    // A null key (no encryption).
    RoomKey() = default;

    // 256 bits from the system CSPRNG (OpenSSL RAND_bytes); a null key when it fails.
    static RoomKey generate();
    // Parses the 43-character base64url form; nullopt when it is not exactly that.
    static std::optional<RoomKey> fromText(QStringView text);
    // A key from 32 raw bytes; nullopt for any other size.
    static std::optional<RoomKey> fromBytes(const QByteArray &bytes);

    bool isNull() const { return m_bytes.isEmpty(); }
    // The 43-character base64url form; empty for a null key.
    QString toText() const;
    const QByteArray &bytes() const { return m_bytes; }

    friend bool operator==(const RoomKey &a, const RoomKey &b) { return a.m_bytes == b.m_bytes; }

private:
    QByteArray m_bytes;
};

// What a watcher has learnt about the key of the room it watches (docs/protocol.md §12).
enum class RoomKeyState {
    Unknown, // no stream message yet
    Plain, // the stream is not encrypted and the link has no key
    Verified, // a sealed message opened with the link's key
    Missing, // sealed messages arrive, the link has no key
    Mismatch, // the link has a key, and the sealed messages do not open with it
    Unneeded, // the link has a key, and the stream is not encrypted
};

// The sentence shown to a user for a state that stops a watcher (Missing, Mismatch, Unneeded);
// empty for the others.
QString describe(RoomKeyState state);

} // namespace stream
