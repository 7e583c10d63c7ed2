#pragma once

#include "engineio/httpexchange.h"

#include <QString>
#include <QUrl>

// GET /negotiate (docs/protocol.md §2).
namespace server {

class RoomPolicy;

// The origin a request reached: its scheme and a well-formed Host header, else `fallback`.
QUrl requestOrigin(const engineio::HttpRequest &request, const QUrl &fallback);

// Answers /negotiate: {url, room_id, path[, writer_key]}. Without ?room_id a fresh room is
// issued (with the writer key that reclaims it); with ?room_id=R the answer names R.
// `socketPath` is the Engine.IO path announced to clients, e.g. "/socket.io".
engineio::HttpResponse negotiate(const engineio::HttpRequest &request, RoomPolicy &rooms,
                                 const QString &socketPath, const QUrl &fallbackOrigin);

} // namespace server
