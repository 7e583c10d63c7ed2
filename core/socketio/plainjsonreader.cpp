#include "socketio/plainjsonreader.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <cstring>

namespace socketio {

namespace {

constexpr int kMaxDepth = 64;
// QJsonObject keeps its keys sorted, so each insertion moves the later ones: objects with more
// members than this are left to QJsonDocument, which sorts once.
constexpr qsizetype kMaxObjectMembers = 256;
// Up to 15 digits: exact as a double, as QJsonDocument keeps them.
constexpr qsizetype kMaxIntegerDigits = 15;

class PlainJsonReader
{
public:
    explicit PlainJsonReader(QByteArrayView text)
        : m_at(text.data())
        , m_end(text.data() + text.size())
    { }

    std::optional<QJsonValue> readDocument()
    {
        auto value = readValue(0);
        skipSpace();
        if (!value || m_at != m_end)
            return std::nullopt;
        return value;
    }

private:
    void skipSpace()
    {
        while (m_at < m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
            ++m_at;
    }

    bool consume(QByteArrayView word)
    {
        if (m_end - m_at < word.size() || QByteArrayView(m_at, word.size()) != word)
            return false;
        m_at += word.size();
        return true;
    }

    std::optional<QJsonValue> readValue(int depth)
    {
        skipSpace();
        if (m_at == m_end)
            return std::nullopt;
        switch (*m_at) {
        case '{':
            return depth < kMaxDepth ? readObject(depth + 1) : std::nullopt;
        case '[':
            return depth < kMaxDepth ? readArray(depth + 1) : std::nullopt;
        case '"': {
            auto text = readString();
            return text ? std::optional<QJsonValue>(*text) : std::nullopt;
        }
        case 't':
            return consume("true") ? std::optional<QJsonValue>(true) : std::nullopt;
        case 'f':
            return consume("false") ? std::optional<QJsonValue>(false) : std::nullopt;
        case 'n':
            return consume("null") ? std::optional<QJsonValue>(QJsonValue::Null) : std::nullopt;
        default:
            return readInteger();
        }
    }

    std::optional<QJsonValue> readObject(int depth)
    {
        ++m_at; // '{'
        QJsonObject object;
        skipSpace();
        if (m_at < m_end && *m_at == '}') {
            ++m_at;
            return object;
        }
        for (;;) {
            skipSpace();
            if (m_at == m_end || *m_at != '"')
                return std::nullopt;
            auto key = readString();
            skipSpace();
            if (!key || m_at == m_end || *m_at != ':')
                return std::nullopt;
            ++m_at;
            auto value = readValue(depth);
            // QJsonDocument resolves duplicate keys in its own way: leave them to it.
            if (!value || object.size() == kMaxObjectMembers || object.contains(*key))
                return std::nullopt;
            object.insert(*key, *value);
            skipSpace();
            if (m_at == m_end)
                return std::nullopt;
            if (*m_at++ == '}')
                return object;
            if (m_at[-1] != ',')
                return std::nullopt;
        }
    }

    std::optional<QJsonValue> readArray(int depth)
    {
        ++m_at; // '['
        QJsonArray array;
        skipSpace();
        if (m_at < m_end && *m_at == ']') {
            ++m_at;
            return array;
        }
        for (;;) {
            auto value = readValue(depth);
            if (!value)
                return std::nullopt;
            array.append(*value);
            skipSpace();
            if (m_at == m_end)
                return std::nullopt;
            if (*m_at++ == ']')
                return array;
            if (m_at[-1] != ',')
                return std::nullopt;
        }
    }

    std::optional<QJsonValue> readInteger()
    {
        const char *start = m_at;
        if (*m_at == '-')
            ++m_at;
        const char *digits = m_at;
        while (m_at < m_end && *m_at >= '0' && *m_at <= '9')
            ++m_at;
        const qsizetype count = m_at - digits;
        if (count == 0 || count > kMaxIntegerDigits || (count > 1 && *digits == '0'))
            return std::nullopt;
        if (m_at < m_end && (*m_at == '.' || *m_at == 'e' || *m_at == 'E'))
            return std::nullopt;
        qint64 value = 0;
        for (const char *c = digits; c < m_at; ++c)
            value = value * 10 + (*c - '0');
        // "-0" is a double in QJsonDocument.
        if (*start == '-' && value == 0)
            return std::nullopt;
        return QJsonValue(*start == '-' ? -value : value);
    }

    static int hexDigit(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    // A string of printable ASCII and the escapes of RFC 8259; the cursor is on its '"'.
    std::optional<QString> readString()
    {
        ++m_at;
        const char *close = findClosingQuote(m_at);
        if (!close)
            return std::nullopt;
        // The decoded string is at most as long as its JSON form.
        QString text(close - m_at, Qt::Uninitialized);
        char16_t *out = reinterpret_cast<char16_t *>(text.data());
        char16_t *const begin = out;
        while (m_at < close) {
            // The run up to the next escape: widened as it is when it is printable ASCII.
            const auto *escape = static_cast<const char *>(std::memchr(m_at, '\\', close - m_at));
            const char *runEnd = escape ? escape : close;
            bool plain = true;
            for (const char *c = m_at; c < runEnd; ++c) {
                const auto byte = quint8(*c);
                plain &= byte >= 0x20 && byte < 0x80;
                *out++ = byte;
            }
            if (!plain)
                return std::nullopt; // control character or non-ASCII byte
            m_at = runEnd;
            if (m_at == close)
                break;
            ++m_at; // '\\'
            switch (*m_at++) {
            case '"':
                *out++ = u'"';
                break;
            case '\\':
                *out++ = u'\\';
                break;
            case '/':
                *out++ = u'/';
                break;
            case 'b':
                *out++ = u'\b';
                break;
            case 'f':
                *out++ = u'\f';
                break;
            case 'n':
                *out++ = u'\n';
                break;
            case 'r':
                *out++ = u'\r';
                break;
            case 't':
                *out++ = u'\t';
                break;
            case 'u': {
                if (close - m_at < 4)
                    return std::nullopt;
                int unit = 0;
                for (int i = 0; i < 4; ++i) {
                    const int digit = hexDigit(*m_at++);
                    if (digit < 0)
                        return std::nullopt;
                    unit = unit * 16 + digit;
                }
                *out++ = char16_t(unit);
                break;
            }
            default:
                return std::nullopt;
            }
        }
        m_at = close + 1;
        text.truncate(out - begin);
        return text;
    }

    // The '"' that ends the string starting at `from`: the first one after an even number of
    // backslashes.
    const char *findClosingQuote(const char *from) const
    {
        const char *at = from;
        for (;;) {
            const auto *quote = static_cast<const char *>(std::memchr(at, '"', m_end - at));
            if (!quote)
                return nullptr;
            qsizetype backslashes = 0;
            while (quote - backslashes > from && quote[-backslashes - 1] == '\\')
                ++backslashes;
            if (backslashes % 2 == 0)
                return quote;
            at = quote + 1;
        }
    }

    const char *m_at;
    const char *m_end;
};

} // namespace

std::optional<QJsonValue> readPlainJson(QByteArrayView text)
{
    return PlainJsonReader(text).readDocument();
}

} // namespace socketio
