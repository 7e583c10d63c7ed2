#include "util/randomid.h"

#include <QByteArray>
#include <QRandomGenerator>

namespace util {

namespace {

QByteArray randomBytes(int bytes)
{
    QByteArray data(bytes, Qt::Uninitialized);
    QRandomGenerator *rng = QRandomGenerator::system();
    for (int i = 0; i < bytes; ++i)
        data[i] = char(rng->bounded(256));
    return data;
}

} // namespace

QString randomBase32(int bytes)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    const QByteArray data = randomBytes(bytes);
    QString out;
    out.reserve((bytes * 8 + 4) / 5);
    quint32 buffer = 0;
    int bits = 0;
    for (const char c : data) {
        buffer = (buffer << 8) | quint8(c);
        bits += 8;
        while (bits >= 5) {
            out.append(QLatin1Char(alphabet[(buffer >> (bits - 5)) & 0x1f]));
            bits -= 5;
        }
    }
    if (bits > 0)
        out.append(QLatin1Char(alphabet[(buffer << (5 - bits)) & 0x1f]));
    return out;
}

QString randomBase64Url(int bytes)
{
    return QString::fromLatin1(randomBytes(bytes).toBase64(QByteArray::Base64UrlEncoding
                                                           | QByteArray::OmitTrailingEquals));
}

QString randomId()
{
    return randomBase64Url(15);
}

} // namespace util
