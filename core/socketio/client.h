#pragma once

#include "socketio/clientoptions.h"
#include "socketio/eventack.h"
#include "socketio/socket.h"
#include "socketio/socketpacket.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>

// Socket.IO v4 client (Engine.IO v4 + Socket.IO v5) over QWebSocket.
namespace socketio {

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
    // Fires when the link went down; reason is toString() of an engineio::DisconnectReason, as
    // in socket.io-client ("transport close", "ping timeout", "io client disconnect", ...).
    void disconnected(const QString &reason);
    // Something went wrong (the link may or may not have gone down with it).
    void errorOccurred(socketio::ClientError error, const QString &detail);

private:
    friend class Socket; // sends through the link
    // The Engine.IO handshake is done: packets can go out.
    bool isLinkOpen() const;
    // Whether every Engine.IO message of a packet fits in the server's maxPayload.
    bool fits(const EncodedPacket &encoded) const;
    // Sends a packet's frames (nothing while the link is down); false, with nothing sent, when
    // one exceeds maxPayload.
    bool send(const EncodedPacket &encoded);
    // Reports a packet over maxPayload (errorOccurred with PayloadTooLarge).
    void reportTooLarge(const EncodedPacket &encoded);
    // A malformed packet from the server: reports it and drops the link ("parse error").
    void protocolError(const QString &detail);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace socketio
