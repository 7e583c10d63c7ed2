#include "stream/messagesealer.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <optional>

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

constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

// Length of the base64url text of `bytes` bytes, without padding.
constexpr qsizetype base64Size(qsizetype bytes)
{
    return (4 * bytes + 2) / 3;
}

// Decodes base64url without padding, in place; nothing on any character outside the alphabet.
std::optional<QByteArray> decodeBase64Url(QByteArray text)
{
    if (text.size() % 4 == 1 || text.contains('='))
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(
        std::move(text), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return std::move(decoded.decoded);
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
// changes from one message to the next. The sealing buffer keeps its capacity between messages.
struct MessageSealer::Contexts
{
    CipherContext encrypt;
    CipherContext decrypt;
    QByteArray sealed;
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

QByteArray MessageSealer::sealJson(QByteArrayView plaintext) const
{
    EVP_CIPHER_CTX *context = m_contexts->encrypt.get();
    if (!context)
        return {};
    std::array<unsigned char, ivBytes> iv {};
    if (RAND_bytes(iv.data(), ivBytes) != 1)
        return {};
    QByteArray &sealed = m_contexts->sealed;
    sealed.resize(plaintext.size() + tagBytes);
    if (!sealInto(context, m_aad, iv.data(),
                  reinterpret_cast<const unsigned char *>(plaintext.data()), plaintext.size(),
                  bytes(sealed)))
        return {};
    // The fixed shape of docs/protocol.md §12; base64url needs no JSON escaping.
    const QByteArray ivText
        = QByteArray::fromRawData(reinterpret_cast<const char *>(iv.data()), ivBytes)
              .toBase64(base64Url);
    const QByteArray ctText = sealed.toBase64(base64Url);
    releaseIfLarge(sealed);
    QByteArray json;
    json.reserve(sealedEnvelopeBytes + ivText.size() + ctText.size());
    json.append(R"({"type":"sealed","v":1,"iv":")");
    json.append(ivText);
    json.append(R"(","ct":")");
    json.append(ctText);
    json.append(R"("})");
    return json;
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
    const auto iv = decodeBase64Url(ivValue.toString().toLatin1());
    auto ct = decodeBase64Url(ctValue.toString().toLatin1());
    if (!iv || iv->size() != ivBytes || !ct || ct->size() < tagBytes)
        return UnsealError::Malformed;
    QByteArray buffer = std::move(*ct);
    const qsizetype ctSize = buffer.size();
    EVP_CIPHER_CTX *context = m_contexts->decrypt.get();
    const qsizetype plainSize = ctSize - tagBytes;
    // Opened in place.
    if (!context
        || !openInto(context, m_aad, reinterpret_cast<const unsigned char *>(iv->constData()),
                     bytes(buffer), plainSize, bytes(buffer)))
        return UnsealError::AuthenticationFailed;
    QJsonParseError error;
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray::fromRawData(buffer.constData(), plainSize), &error);
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
