#pragma once

#include <QString>

namespace engineio {

// Why an Engine.IO session or a Socket.IO socket ended, on either side of the wire. toString()
// gives the reason text socket.io and engine.io use (docs/protocol.md).
enum class DisconnectReason {
    TransportClose, // the peer closed the connection
    TransportError, // the connection failed (or a peer broke a transport rule)
    PingTimeout, // no heartbeat in time
    ParseError, // a malformed packet
    Timeout, // the client's connection did not open in time
    ForcedClose, // the server closed the session
    ServerShuttingDown, // the server closed every session
    ConnectTimeout, // no Socket.IO CONNECT in time after the handshake
    ClientNamespaceDisconnect, // server side: the client left the namespace
    ServerNamespaceDisconnect, // server side: the server removed the socket from the namespace
    IoClientDisconnect, // client side: the client left (a namespace or the whole link)
    IoServerDisconnect, // client side: the server removed the socket from the namespace
};

// The reason as socket.io and engine.io spell it, e.g. "transport close".
inline QString toString(DisconnectReason reason)
{
    switch (reason) {
    case DisconnectReason::TransportClose:
        return QStringLiteral("transport close");
    case DisconnectReason::TransportError:
        return QStringLiteral("transport error");
    case DisconnectReason::PingTimeout:
        return QStringLiteral("ping timeout");
    case DisconnectReason::ParseError:
        return QStringLiteral("parse error");
    case DisconnectReason::Timeout:
        return QStringLiteral("timeout");
    case DisconnectReason::ForcedClose:
        return QStringLiteral("forced close");
    case DisconnectReason::ServerShuttingDown:
        return QStringLiteral("server shutting down");
    case DisconnectReason::ConnectTimeout:
        return QStringLiteral("connect timeout");
    case DisconnectReason::ClientNamespaceDisconnect:
        return QStringLiteral("client namespace disconnect");
    case DisconnectReason::ServerNamespaceDisconnect:
        return QStringLiteral("server namespace disconnect");
    case DisconnectReason::IoClientDisconnect:
        return QStringLiteral("io client disconnect");
    case DisconnectReason::IoServerDisconnect:
        return QStringLiteral("io server disconnect");
    }
    return QStringLiteral("transport error");
}

} // namespace engineio
