#pragma once

#include "engineio/engineoptions.h"

namespace socketio {

// Configuration of the Socket.IO server: its Engine.IO layer plus what Socket.IO adds.
struct ServerOptions
{
    // The Engine.IO server underneath; it serves Socket.IO's paths by default.
    engineio::EngineOptions engine {
        .paths = {QStringLiteral("/socket.io/"), QStringLiteral("/clients/socketio/hubs/eio_hub/")},
    };
    int connectTimeoutMs = 45000; // Socket.IO CONNECT must arrive within this after the handshake
};

} // namespace socketio
