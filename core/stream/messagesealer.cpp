#include "stream/messagesealer.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>

namespace stream {

namespace {

constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

// {"type":"sealed","v":1,"iv":"","ct":""} around the two base64url strings.
constexpr qint64 sealedEnvelopeBytes = 39;

struct CipherContextDeleter
{
    void operator()(EVP_CIPHER_CTX *context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

std::optional<QByteArray> decodeBase64Url(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    const QByteArray text = value.toString().toLatin1();
    if (text.contains('=') || text.contains('+') || text.contains('/'))
        return std::nullopt;
    const auto decoded
        = QByteArray::fromBase64Encoding(text, base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

unsigned char *bytes(QByteArray &array)
{
    return reinterpret_cast<unsigned char *>(array.data());
}

const unsigned char *bytes(const QByteArray &array)
{
    return reinterpret_cast<const unsigned char *>(array.constData());
}

} // namespace

// One encryption and one decryption context with the key schedule already set up: only the IV
// changes from one message to the next.
struct MessageSealer::Contexts
{
    CipherContext encrypt;
    CipherContext decrypt;
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
    int length = 0;
    int finalLength = 0;
    if (EVP_EncryptInit_ex(context, nullptr, nullptr, nullptr, bytes(iv)) != 1
        || EVP_EncryptUpdate(context, nullptr, &length, bytes(m_aad), int(m_aad.size())) != 1
        || EVP_EncryptUpdate(context, bytes(out), &length, bytes(plaintext), int(plaintext.size()))
            != 1
        || EVP_EncryptFinal_ex(context, bytes(out) + length, &finalLength) != 1
        || EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, tagBytes,
                               bytes(out) + plaintext.size())
            != 1)
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
    // The tag is only read by OpenSSL, but the ctrl interface takes a non-const pointer.
    QByteArray tag = ciphertextAndTag.right(tagBytes);
    int length = 0;
    int finalLength = 0;
    if (EVP_DecryptInit_ex(context, nullptr, nullptr, nullptr, bytes(iv)) != 1
        || EVP_DecryptUpdate(context, nullptr, &length, bytes(m_aad), int(m_aad.size())) != 1
        || EVP_DecryptUpdate(context, bytes(plain), &length, bytes(ciphertextAndTag), int(textSize))
            != 1
        || EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, tagBytes, bytes(tag)) != 1
        || EVP_DecryptFinal_ex(context, bytes(plain) + length, &finalLength) != 1)
        return UnsealError::AuthenticationFailed;
    return plain;
}

QJsonObject MessageSealer::seal(const QJsonObject &message) const
{
    QByteArray iv(ivBytes, Qt::Uninitialized);
    if (RAND_bytes(bytes(iv), ivBytes) != 1)
        return {};
    const QByteArray sealed = sealBytes(QJsonDocument(message).toJson(QJsonDocument::Compact), iv);
    if (sealed.isEmpty())
        return {};
    return QJsonObject {{QStringLiteral("type"), QStringLiteral("sealed")},
                        {QStringLiteral("v"), 1},
                        {QStringLiteral("iv"), QString::fromLatin1(iv.toBase64(base64Url))},
                        {QStringLiteral("ct"), QString::fromLatin1(sealed.toBase64(base64Url))}};
}

util::Expected<QJsonObject, UnsealError> MessageSealer::unseal(const QJsonObject &sealed) const
{
    if (!isSealed(sealed))
        return UnsealError::NotSealed;
    const QJsonValue version = sealed.value(QLatin1String("v"));
    if (!version.isDouble() || version.toDouble() != 1.0)
        return UnsealError::UnsupportedVersion;
    const auto iv = decodeBase64Url(sealed.value(QLatin1String("iv")));
    const auto ct = decodeBase64Url(sealed.value(QLatin1String("ct")));
    if (!iv || !ct || iv->size() != ivBytes || ct->size() < tagBytes)
        return UnsealError::Malformed;
    auto plain = openBytes(*ct, *iv);
    if (!plain)
        return plain.error();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*plain, &error);
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
    const auto base64Size = [](qint64 n) {
        return (4 * n + 2) / 3;
    };
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
