#include "stream/roomkey.h"

#include <openssl/rand.h>

namespace stream {

namespace {

constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

} // namespace

RoomKey RoomKey::generate()
{
    QByteArray bytes(byteSize, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), byteSize) != 1)
        return {};
    RoomKey key;
    key.m_bytes = bytes;
    return key;
}

std::optional<RoomKey> RoomKey::fromText(QStringView text)
{
    if (text.size() != textSize)
        return std::nullopt;
    const QByteArray ascii = text.toLatin1();
    const auto decoded = QByteArray::fromBase64Encoding(
        ascii, base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != byteSize)
        return std::nullopt;
    // Only the canonical form: the unused low bits of the last character are zero.
    if (decoded.decoded.toBase64(base64Url) != ascii)
        return std::nullopt;
    return fromBytes(decoded.decoded);
}

std::optional<RoomKey> RoomKey::fromBytes(const QByteArray &bytes)
{
    if (bytes.size() != byteSize)
        return std::nullopt;
    RoomKey key;
    key.m_bytes = bytes;
    return key;
}

QString RoomKey::toText() const
{
    return QString::fromLatin1(m_bytes.toBase64(base64Url));
}

QString describe(RoomKeyState state)
{
    switch (state) {
    case RoomKeyState::Missing:
        return QStringLiteral(
            "This stream is end-to-end encrypted, and the link you opened lacks its key");
    case RoomKeyState::Mismatch:
        return QStringLiteral(
            "This stream is end-to-end encrypted, and the link you opened has a different key");
    case RoomKeyState::Unneeded:
        return QStringLiteral(
            "This stream is not end-to-end encrypted, but the link you opened has a key");
    case RoomKeyState::Unknown:
    case RoomKeyState::Plain:
    case RoomKeyState::Verified:
        break;
    }
    return {};
}

} // namespace stream
