#pragma once

#include "stream/roomkey.h"
#include "util/expected.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace stream {

// Why a sealed message could not be opened.
enum class UnsealError {
    NotSealed, // not a {"type":"sealed"} object
    UnsupportedVersion, // `v` is not 1
    Malformed, // iv or ct missing, not base64url, or of the wrong size
    AuthenticationFailed, // the tag does not match: another key, another room, or tampering
    NotJson, // authentic, but the plaintext is not a JSON object
};

// Seals and opens the stream messages of one end-to-end encrypted room: AES-256-GCM with a fresh
// 96-bit IV per message and the room id as associated data (docs/protocol.md §12). Not copyable;
// one per connection, used from one thread.
class MessageSealer final
{
public:
    static constexpr int ivBytes = 12;
    static constexpr int tagBytes = 16;

    MessageSealer(const RoomKey &key, const QString &roomId);
    ~MessageSealer();
    MessageSealer(const MessageSealer &) = delete;
    MessageSealer &operator=(const MessageSealer &) = delete;

    QString roomId() const { return m_roomId; }

    // {"type":"sealed","v":1,"iv":…,"ct":…} as compact JSON text, sealing `plaintext` (the
    // message's JSON text, as it would be sent unsealed); empty when the CSPRNG or the cipher
    // fails (nothing must then be sent).
    QByteArray sealJson(QByteArrayView plaintext) const;
    // The message inside a sealed object.
    util::Expected<QJsonObject, UnsealError> unseal(const QJsonObject &sealed) const;

    // The byte level: ciphertext followed by the 16-byte tag; empty when sealing failed.
    QByteArray sealBytes(const QByteArray &plaintext, const QByteArray &iv) const;
    util::Expected<QByteArray, UnsealError> openBytes(const QByteArray &ciphertextAndTag,
                                                      const QByteArray &iv) const;

    // Whether `data` has "type":"sealed" (whatever else it holds).
    static bool isSealed(const QJsonObject &data);
    // The UTF-8 size of the sealed form of a plaintext of `plainBytes` bytes.
    static qint64 sealedSize(qint64 plainBytes);
    // The largest plaintext whose sealed form fits `sealedBytes`.
    static qint64 plainBudget(qint64 sealedBytes);

private:
    struct Contexts;
    QString m_roomId;
    QByteArray m_aad;
    std::unique_ptr<Contexts> m_contexts;
};

// A short English description of an UnsealError, for logs.
QString describe(UnsealError error);

} // namespace stream
