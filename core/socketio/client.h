#pragma once

#include "socketio/eventack.h"
#include "socketio/socketpacket.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>
#include <QUrlQuery>
#include <QVariantList>

#include <functional>
#include <memory>

// Socket.IO v4 client (Engine.IO v4 + Socket.IO v5) over QWebSocket.
namespace socketio {

class Socket;

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

// The Engine.IO connection ("Manager" in socket.io-client) and its namespaces.
class Client final : public QObject
{
    Q_OBJECT
public:
    explicit Client(ClientOptions options, QObject *parent = nullptr);
    ~Client() override;

    const ClientOptions &options() const;
    ClientState state() const;
    // maxPayload announced by the server's handshake (0 before the first handshake).
    qint64 maxPayload() const;
    QString sid() const;

    // The socket for a namespace (created on first use, owned by the Client). `auth` is sent
    // with every CONNECT to that namespace. Like socket.io-client's autoConnect, a new socket
    // sends CONNECT as soon as the link is up, and again after every reconnection, until
    // disconnectFromNamespace(), a server DISCONNECT or a CONNECT_ERROR; then only
    // connectToNamespace() brings it back. A later call with another `auth` does not change it
    // (use Socket::setAuth).
    Socket *socket(const QString &nsp = QStringLiteral("/"), const QJsonObject &auth = {});

public slots:
    // Opens the connection (and reconnects automatically unless options say otherwise).
    void open();
    // Closes for good: no reconnection until open() is called again.
    void close();

signals:
    // Fires on every state change.
    void stateChanged(socketio::ClientState state);
    // Fires when a reconnection attempt is scheduled.
    void reconnectScheduled(int attempt, int delayMs);
    // Fires when the link went down; reason as in socket.io-client ("transport close",
    // "ping timeout", "io client disconnect", "parse error", ...).
    void disconnected(const QString &reason);
    void errorOccurred(socketio::ClientError error, const QString &detail);

private:
    friend class Socket;
    struct Private;
    std::unique_ptr<Private> d;
};

// One namespace on a Client.
class Socket final : public QObject
{
    Q_OBJECT
public:
    ~Socket() override;

    QString nsp() const;
    bool isConnected() const;
    QString id() const; // the Socket.IO socket id from CONNECT

    void setAuth(const QJsonObject &auth);

    // Emits an event. Arguments are QVariant trees; a QByteArray anywhere becomes a binary
    // attachment. With an ack callback, it is called once: with the server's ack, or with an
    // error after ackTimeoutMs (<= 0: no timeout), a disconnect or a drop.
    // Returns false (and calls ack with PayloadTooLarge) when the encoded packet would exceed
    // maxPayload: no Engine.IO message it produces (the text frame, each binary attachment)
    // may be larger. While the namespace is not connected the emit is queued (see
    // ClientOptions::maxQueuedEmits) and checked again when it is sent.
    bool emitEvent(const QString &event, const QVariantList &args = {}, AckCallback ack = {},
                   int ackTimeoutMs = 10000);
    // The same with JSON arguments (no binary attachments). Large documents go this way: no
    // conversion of their text to and from QVariant.
    bool emitJsonEvent(const QString &event, const QJsonArray &args, AckCallback ack = {},
                       int ackTimeoutMs = 10000);

public slots:
    void connectToNamespace(); // sends CONNECT if the link is up, else on the next open
    void disconnectFromNamespace();

signals:
    // CONNECT acknowledged by the server.
    void connected();
    // CONNECT_ERROR from the server; data is its payload (usually {"message": ...}).
    void connectError(const QJsonValue &data);
    // The namespace was left (server DISCONNECT, client disconnect, or link down).
    void disconnected(const QString &reason);
    // An event from the server. When the server asked for an ack, `ack` is callable once
    // (otherwise it is empty).
    void eventReceived(const QString &event, const QVariantList &args,
                       const socketio::EventAck &ack);
    // The same event as JSON, for events without binary attachments; emitted first. Large
    // documents go this way: QVariant arguments are only built while eventReceived is connected.
    void jsonEventReceived(const QString &event, const QJsonArray &args,
                           const socketio::EventAck &ack);

private:
    friend class Client;
    Socket(Client *client, const QString &nsp, const QJsonObject &auth);
    bool emitPacket(SocketPacket packet, AckCallback ack, int ackTimeoutMs);
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace socketio
