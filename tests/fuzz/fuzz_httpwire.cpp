// libFuzzer target: the host's own HTTP/1.1 wire functions. Any input parses as a request head
// or is refused without crashing; a parsed head has lower-case, trimmed field names and no line
// break in any field; and a response built from the input serializes to exactly one head (one
// status line, one Content-Length that counts the body, no field that splits the response).
#include "server/httpwire.h"

#include <QList>

#include <cstdint>
#include <cstdlib>

namespace {

void checkParse(QByteArrayView input)
{
    const std::optional<engineio::HttpRequest> request = server::parseRequestHead(input);
    (void)server::isWebSocketUpgrade(input);
    if (!request)
        return;
    if (request->method.isEmpty() || request->method.contains(' '))
        abort();
    for (const auto &[name, value] : request->headers) {
        // (A repeated field is joined with ", ", so a value may end in a space.)
        if (name.isEmpty() || name != name.toLower() || name != name.trimmed()
            || name.contains('\n') || value.contains('\n') || name.contains(':'))
            abort();
    }
}

// Builds a response from the input: the first two bytes are the status, then NUL-separated
// name/value pairs, and what follows a 0xff byte is the body.
engineio::HttpResponse responseFrom(QByteArrayView input)
{
    engineio::HttpResponse response;
    if (input.size() >= 2)
        response.status = (uchar(input.at(0)) << 8 | uchar(input.at(1))) % 1000;
    input = input.size() >= 2 ? input.sliced(2) : QByteArrayView();
    const qsizetype bodyStart = input.indexOf('\xff');
    if (bodyStart >= 0) {
        response.body = input.sliced(bodyStart + 1).toByteArray();
        input = input.first(bodyStart);
    }
    const QList<QByteArray> parts = input.toByteArray().split('\0');
    for (qsizetype i = 0; i + 1 < parts.size(); i += 2)
        response.headers.emplaceBack(parts.at(i), parts.at(i + 1));
    return response;
}

void checkSerialize(QByteArrayView input)
{
    const engineio::HttpResponse response = responseFrom(input);
    const bool keepAlive = !input.isEmpty() && (input.back() & 1);
    const QByteArray bytes = server::serializeResponse(response, keepAlive);
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (headEnd < 0 || bytes.size() - headEnd - 4 != response.body.size()
        || bytes.sliced(headEnd + 4) != response.body)
        abort();
    const QList<QByteArray> lines = bytes.first(headEnd).split('\n');
    const QByteArray status = "HTTP/1.1 " + QByteArray::number(response.status) + ' ';
    if (!lines.first().startsWith(status))
        abort();
    int lengths = 0;
    int connections = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        // Every line but the last of the head ends in CR; no bare CR or NUL inside a line.
        const QByteArray text = i + 1 < lines.size() ? line.chopped(1) : line;
        if ((i + 1 < lines.size() && !line.endsWith('\r')) || text.contains('\r')
            || text.contains('\0'))
            abort();
        if (i == 0)
            continue;
        if (text.indexOf(':') <= 0)
            abort();
        if (text.toLower().startsWith("content-length:")) {
            ++lengths;
            if (text != "Content-Length: " + QByteArray::number(response.body.size()))
                abort();
        }
        if (text.toLower().startsWith("connection:"))
            ++connections;
    }
    if (lengths != 1 || connections != 1)
        abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    checkParse(input);
    checkSerialize(input);
    return 0;
}
