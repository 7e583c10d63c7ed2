#pragma once

#include "socketio/eventack.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <QUrlQuery>
#include <QVariantList>

#include <functional>

namespace socketio {

// How a Client connects and reconnects.
struct ClientOptions
{
    // http, https, ws or wss origin; its path is ignored (see `path`).
    QUrl url;
    // Engine.IO path, e.g. "/socket.io/" or "/clients/socketio/hubs/eio_hub/".
    QString path = QStringLiteral("/socket.io/");
    // Extra query parameters, e.g. access_token.
    QUrlQuery query;
    // Extra HTTP headers on the WebSocket handshake.
    QList<QPair<QByteArray, QByteArray>> headers;

    bool reconnection = true;
    int reconnectionAttempts = -1; // -1: unlimited
    int reconnectionDelayMs = 1000;
    int reconnectionDelayMaxMs = 5000;
    double randomizationFactor = 0.5; // jitter: delay * (1 ± factor)
    int openTimeoutMs = 20000; // handshake (TCP + WebSocket + OPEN) must finish in this time

    // Emits made while a namespace is not connected are queued up to this many and sent on
    // (re)connect; past the limit the oldest is dropped (its ack, if any, fails with Dropped).
    // 0: nothing is queued; an emit while disconnected is dropped and returns false.
    // An ack's timeout runs from the emit, queued or not; a queued emit whose ack timed out is
    // not sent any more.
    int maxQueuedEmits = 1000;

    // TLS: extra trusted CA / self-signed certificates; errors are never ignored otherwise.
    QList<QSslCertificate> trustedCertificates;
};

// Connection state of the Engine.IO link.
enum class ClientState { Disconnected, Connecting, Connected, Reconnecting };

// What went wrong, for errorOccurred.
enum class ClientError {
    ConnectFailed, // TCP/WebSocket/TLS handshake failed
    TlsError, // certificate or TLS failure (detail says which)
    ProtocolError, // malformed packet from the server; the connection was closed
    PingTimeout, // no ping from the server within pingInterval + pingTimeout
    PayloadTooLarge, // an emit would exceed the server's maxPayload; nothing was sent
    TransportClosed, // the connection dropped
};

// Why an ack did not arrive.
enum class AckError { None, Timeout, Disconnected, Dropped, PayloadTooLarge };

// Called with the ack arguments, or with an error and empty arguments.
using AckCallback = std::function<void(AckError error, const QVariantList &args)>;

} // namespace socketio
