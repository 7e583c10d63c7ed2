#pragma once

#include "engineio/httpexchange.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

// The HTTP/1.1 wire format the host speaks itself, outside QHttpServer: request heads of
// WebSocket upgrades in, responses out. Pure functions on bytes, no sockets.
namespace server {

// Largest request head (request line and header fields) the host reads.
inline constexpr qint64 kMaxRequestHeadBytes = 64 * 1024;

// The reason phrase for a status code ("Not Found" for 404; "Status" for codes it does not know).
QByteArray reasonPhrase(int status);

// Parses the head of an HTTP/1.1 request (request line and header fields; the blank line that
// ends it may be included). Header names come out lower-case, names and values trimmed. Nothing
// when the request line is not "METHOD TARGET HTTP/1.x", the target is not a valid URL or a field
// has no name.
std::optional<engineio::HttpRequest> parseRequestHead(QByteArrayView head);

// True when a request head asks for a WebSocket upgrade ("Upgrade: websocket", any case).
bool isWebSocketUpgrade(QByteArrayView head);

// Writes `response` as an HTTP/1.1 response with Content-Length and Connection set here (the
// response's own are dropped, as is any field whose name or value holds CR, LF or NUL).
QByteArray serializeResponse(const engineio::HttpResponse &response, bool keepAlive);

// The 101 response that accepts a WebSocket upgrade with `acceptKey` (Sec-WebSocket-Accept).
QByteArray serializeWebSocketAccept(QByteArrayView acceptKey);

} // namespace server
