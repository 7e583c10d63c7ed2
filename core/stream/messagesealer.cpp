#include "stream/messagesealer.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>

namespace stream {

namespace {

constexpr int tagBytesOf = MessageSealer::tagBytes;

// {"type":"sealed","v":1,"iv":"","ct":""} around the two base64url strings.
constexpr qint64 sealedEnvelopeBytes = 39;

struct CipherContextDeleter
{
    void operator()(EVP_CIPHER_CTX *context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

// base64url without padding (RFC 4648 §5), straight between bytes and UTF-16: the envelope's
// strings are encoded and decoded without intermediate byte arrays.
constexpr char base64UrlAlphabet[]
    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<qint8, 128> base64UrlValues = [] {
    std::array<qint8, 128> values {};
    values.fill(-1);
    for (int i = 0; i < 64; ++i)
        values[size_t(base64UrlAlphabet[i])] = qint8(i);
    return values;
}();

constexpr qsizetype base64Size(qsizetype bytes)
{
    return (4 * bytes + 2) / 3;
}

QString encodeBase64Url(const unsigned char *in, qsizetype size)
{
    QString text(base64Size(size), Qt::Uninitialized);
    char16_t *out = reinterpret_cast<char16_t *>(text.data());
    qsizetype i = 0;
    for (; i + 3 <= size; i += 3) {
        const quint32 group = quint32(in[i]) << 16 | quint32(in[i + 1]) << 8 | in[i + 2];
        *out++ = char16_t(base64UrlAlphabet[group >> 18]);
        *out++ = char16_t(base64UrlAlphabet[(group >> 12) & 63]);
        *out++ = char16_t(base64UrlAlphabet[(group >> 6) & 63]);
        *out++ = char16_t(base64UrlAlphabet[group & 63]);
    }
    if (size - i == 1) {
        const quint32 group = quint32(in[i]) << 16;
        *out++ = char16_t(base64UrlAlphabet[group >> 18]);
        *out++ = char16_t(base64UrlAlphabet[(group >> 12) & 63]);
    } else if (size - i == 2) {
        const quint32 group = quint32(in[i]) << 16 | quint32(in[i + 1]) << 8;
        *out++ = char16_t(base64UrlAlphabet[group >> 18]);
        *out++ = char16_t(base64UrlAlphabet[(group >> 12) & 63]);
        *out++ = char16_t(base64UrlAlphabet[(group >> 6) & 63]);
    }
    return text;
}

// The decoded size of `text`, or -1 when no base64url string without padding has that length.
qsizetype decodedSize(QStringView text)
{
    return text.size() % 4 == 1 ? -1 : text.size() * 3 / 4;
}

// Decodes base64url without padding into `out` (decodedSize(text) bytes); false on any
// character outside the alphabet ('=', '+', '/' included).
bool decodeBase64Url(QStringView text, unsigned char *out)
{
    const char16_t *in = text.utf16();
    const qsizetype size = text.size();
    // Any unit outside the alphabet makes its value negative, and the OR of four of them too.
    const auto value = [](char16_t unit) -> qint32 {
        return unit < 128 ? base64UrlValues[unit] : -1;
    };
    qsizetype i = 0;
    for (; i + 4 <= size; i += 4) {
        const qint32 a = value(in[i]), b = value(in[i + 1]), c = value(in[i + 2]),
                     d = value(in[i + 3]);
        if ((a | b | c | d) < 0)
            return false;
        const quint32 group = quint32(a) << 18 | quint32(b) << 12 | quint32(c) << 6 | quint32(d);
        *out++ = static_cast<unsigned char>(group >> 16);
        *out++ = static_cast<unsigned char>(group >> 8);
        *out++ = static_cast<unsigned char>(group);
    }
    quint32 group = 0;
    int bits = 0;
    for (; i < size; ++i) {
        const qint32 v = value(in[i]);
        if (v < 0)
            return false;
        group = group << 6 | quint32(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            *out++ = static_cast<unsigned char>(group >> bits);
        }
    }
    return true;
}

unsigned char *bytes(QByteArray &array)
{
    return reinterpret_cast<unsigned char *>(array.data());
}

const unsigned char *bytes(const QByteArray &array)
{
    return reinterpret_cast<const unsigned char *>(array.constData());
}

// A buffer kept between messages holds on to the size of a typical delta, not of a full.
void releaseIfLarge(QByteArray &buffer)
{
    constexpr qsizetype keptBytes = 64 * 1024;
    if (buffer.capacity() > keptBytes)
        buffer = QByteArray();
}

// AES-256-GCM with the key already set: `size` bytes from `in` to `out` (which may be `in`),
// the tag after them.
bool sealInto(EVP_CIPHER_CTX *context, const QByteArray &aad, const unsigned char *iv,
              const unsigned char *in, qsizetype size, unsigned char *out)
{
    int length = 0;
    int finalLength = 0;
    return EVP_EncryptInit_ex(context, nullptr, nullptr, nullptr, iv) == 1
        && EVP_EncryptUpdate(context, nullptr, &length, bytes(aad), int(aad.size())) == 1
        && EVP_EncryptUpdate(context, out, &length, in, int(size)) == 1
        && EVP_EncryptFinal_ex(context, out + length, &finalLength) == 1
        && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, tagBytesOf, out + size) == 1;
}

// Opens `size` bytes of ciphertext followed by the tag from `in` to `out` (which may be `in`);
// false when the tag does not match.
bool openInto(EVP_CIPHER_CTX *context, const QByteArray &aad, const unsigned char *iv,
              const unsigned char *in, qsizetype size, unsigned char *out)
{
    // The tag is only read by OpenSSL, but the ctrl interface takes a non-const pointer.
    std::array<unsigned char, tagBytesOf> tag {};
    std::copy_n(in + size, tagBytesOf, tag.begin());
    int length = 0;
    int finalLength = 0;
    return EVP_DecryptInit_ex(context, nullptr, nullptr, nullptr, iv) == 1
        && EVP_DecryptUpdate(context, nullptr, &length, bytes(aad), int(aad.size())) == 1
        && EVP_DecryptUpdate(context, out, &length, in, int(size)) == 1
        && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, tagBytesOf, tag.data()) == 1
        && EVP_DecryptFinal_ex(context, out + length, &finalLength) == 1;
}

} // namespace

// One encryption and one decryption context with the key schedule already set up: only the IV
// changes from one message to the next. The buffers keep their capacity between messages.
struct MessageSealer::Contexts
{
    CipherContext encrypt;
    CipherContext decrypt;
    QByteArray sealed;
    QByteArray opened;
    const QJsonObject envelope {{QStringLiteral("type"), QStringLiteral("sealed")},
                                {QStringLiteral("v"), 1},
                                {QStringLiteral("iv"), QString()},
                                {QStringLiteral("ct"), QString()}};
};

MessageSealer::MessageSealer(const RoomKey &key, const QString &roomId)
    : m_roomId(roomId)
    , m_aad(roomId.toUtf8())
    , m_contexts(std::make_unique<Contexts>())
{
    if (key.isNull())
        return;
    CipherContext encrypt(EVP_CIPHER_CTX_new());
    CipherContext decrypt(EVP_CIPHER_CTX_new());
    if (!encrypt || !decrypt)
        return;
    if (EVP_EncryptInit_ex(encrypt.get(), EVP_aes_256_gcm(), nullptr, bytes(key.bytes()), nullptr)
            != 1
        || EVP_DecryptInit_ex(decrypt.get(), EVP_aes_256_gcm(), nullptr, bytes(key.bytes()),
                              nullptr)
            != 1)
        return;
    // 12 bytes is GCM's default IV length.
    m_contexts->encrypt = std::move(encrypt);
    m_contexts->decrypt = std::move(decrypt);
}

MessageSealer::~MessageSealer() = default;

QByteArray MessageSealer::sealBytes(const QByteArray &plaintext, const QByteArray &iv) const
{
    EVP_CIPHER_CTX *context = m_contexts->encrypt.get();
    if (!context || iv.size() != ivBytes)
        return {};
    QByteArray out(plaintext.size() + tagBytes, Qt::Uninitialized);
    if (!sealInto(context, m_aad, bytes(iv), bytes(plaintext), plaintext.size(), bytes(out)))
        return {};
    return out;
}

util::Expected<QByteArray, UnsealError> MessageSealer::openBytes(const QByteArray &ciphertextAndTag,
                                                                 const QByteArray &iv) const
{
    EVP_CIPHER_CTX *context = m_contexts->decrypt.get();
    if (!context)
        return UnsealError::AuthenticationFailed;
    if (iv.size() != ivBytes || ciphertextAndTag.size() < tagBytes)
        return UnsealError::Malformed;
    const qsizetype textSize = ciphertextAndTag.size() - tagBytes;
    QByteArray plain(textSize, Qt::Uninitialized);
    if (!openInto(context, m_aad, bytes(iv), bytes(ciphertextAndTag), textSize, bytes(plain)))
        return UnsealError::AuthenticationFailed;
    return plain;
}

QJsonObject MessageSealer::seal(const QJsonObject &message) const
{
    EVP_CIPHER_CTX *context = m_contexts->encrypt.get();
    if (!context)
        return {};
    std::array<unsigned char, ivBytes> iv {};
    if (RAND_bytes(iv.data(), ivBytes) != 1)
        return {};
    const QByteArray plain = QJsonDocument(message).toJson(QJsonDocument::Compact);
    QByteArray &sealed = m_contexts->sealed;
    sealed.resize(plain.size() + tagBytes);
    if (!sealInto(context, m_aad, iv.data(), bytes(plain), plain.size(), bytes(sealed)))
        return {};
    // Two values replaced in a copy of the fixed-shape envelope: cheaper than four inserts.
    QJsonObject envelope = m_contexts->envelope;
    envelope[QLatin1String("iv")] = encodeBase64Url(iv.data(), ivBytes);
    envelope[QLatin1String("ct")] = encodeBase64Url(bytes(sealed), sealed.size());
    releaseIfLarge(sealed);
    return envelope;
}

util::Expected<QJsonObject, UnsealError> MessageSealer::unseal(const QJsonObject &sealed) const
{
    if (!isSealed(sealed))
        return UnsealError::NotSealed;
    const QJsonValue version = sealed.value(QLatin1String("v"));
    if (!version.isDouble() || version.toDouble() != 1.0)
        return UnsealError::UnsupportedVersion;
    const QJsonValue ivValue = sealed.value(QLatin1String("iv"));
    const QJsonValue ctValue = sealed.value(QLatin1String("ct"));
    if (!ivValue.isString() || !ctValue.isString())
        return UnsealError::Malformed;
    const QString ivText = ivValue.toString();
    const QString ctText = ctValue.toString();
    const qsizetype ctSize = decodedSize(ctText);
    std::array<unsigned char, ivBytes> iv {};
    QByteArray &buffer = m_contexts->opened;
    if (decodedSize(ivText) != ivBytes || ctSize < tagBytes || !decodeBase64Url(ivText, iv.data()))
        return UnsealError::Malformed;
    buffer.resize(ctSize);
    if (!decodeBase64Url(ctText, bytes(buffer)))
        return UnsealError::Malformed;
    EVP_CIPHER_CTX *context = m_contexts->decrypt.get();
    const qsizetype plainSize = ctSize - tagBytes;
    // Opened in place.
    if (!context || !openInto(context, m_aad, iv.data(), bytes(buffer), plainSize, bytes(buffer)))
        return UnsealError::AuthenticationFailed;
    QJsonParseError error;
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray::fromRawData(buffer.constData(), plainSize), &error);
    releaseIfLarge(buffer);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return UnsealError::NotJson;
    return document.object();
}

bool MessageSealer::isSealed(const QJsonObject &data)
{
    return data.value(QLatin1String("type")) == QLatin1String("sealed");
}

qint64 MessageSealer::sealedSize(qint64 plainBytes)
{
    return sealedEnvelopeBytes + base64Size(ivBytes) + base64Size(plainBytes + tagBytes);
}

qint64 MessageSealer::plainBudget(qint64 sealedBytes)
{
    const qint64 ctChars = sealedBytes - sealedEnvelopeBytes - (4 * ivBytes + 2) / 3;
    return std::max<qint64>(0, ctChars * 3 / 4 - tagBytes);
}

QString describe(UnsealError error)
{
    switch (error) {
    case UnsealError::NotSealed:
        return QStringLiteral("not a sealed message");
    case UnsealError::UnsupportedVersion:
        return QStringLiteral("unsupported sealed message version");
    case UnsealError::Malformed:
        return QStringLiteral("malformed iv or ct");
    case UnsealError::AuthenticationFailed:
        return QStringLiteral("authentication failed");
    case UnsealError::NotJson:
        return QStringLiteral("plaintext is not a JSON object");
    }
    return {};
}

} // namespace stream
