#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace socketio {

// Configuration of the Engine.IO and Socket.IO server.
struct ServerOptions
{
    // Engine.IO paths served (each with a trailing slash).
    QStringList paths
        = {QStringLiteral("/socket.io/"), QStringLiteral("/clients/socketio/hubs/eio_hub/")};
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    qint64 maxPayload = 1000000;
    int connectTimeoutMs = 45000; // Socket.IO CONNECT must arrive within this after the handshake
    int upgradeTimeoutMs = 10000;
    bool allowPolling = true;
    bool allowWebSocket = true;
    QByteArray corsOrigin = "*"; // empty: no CORS headers
    // Per-socket bound on queued outgoing bytes; a socket over it is disconnected.
    qint64 maxBufferedBytes = 16 * 1024 * 1024;
};

} // namespace socketio
