#pragma once

#include "socketio/clientoptions.h"
#include "socketio/eventack.h"
#include "socketio/socketpacket.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QString>
#include <QVariantList>

#include <memory>
#include <optional>

namespace socketio {

class Client;

// One namespace on a Client: CONNECT/DISCONNECT, events, its ack table and its offline queue.
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
    // The same with arguments that are JSON text already: `argumentsJson` is the comma-separated
    // arguments after the event name, written into the frame as they are (the caller vouches
    // that they are well-formed JSON), so no QJsonObject is built. No ack. Refused over
    // maxPayload and queued while not connected exactly like emitJsonEvent.
    bool emitJsonTextEvent(const QString &event, QByteArrayView argumentsJson);

public slots:
    void connectToNamespace(); // sends CONNECT if the link is up, else on the next open
    void disconnectFromNamespace();

signals:
    // CONNECT acknowledged by the server.
    void connected();
    // CONNECT_ERROR from the server; data is its payload (usually {"message": ...}).
    void connectError(const QJsonValue &data);
    // The namespace was left (server DISCONNECT, client disconnect, or link down); reason is
    // toString() of an engineio::DisconnectReason ("io server disconnect", "transport close", ...).
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
    friend class Client; // creates sockets and drives them from the link
    Socket(Client *client, const QString &nsp, const QJsonObject &auth);
    bool emitPacket(SocketPacket packet, AckCallback ack, int ackTimeoutMs);
    // Sends or queues an encoded packet whose ack (if any) has id `ackId`.
    bool emitEncoded(EncodedPacket encoded, std::optional<qint64> ackId, AckCallback ack,
                     int ackTimeoutMs);
    // The link is up: CONNECT unless disconnectFromNamespace(), DISCONNECT or CONNECT_ERROR.
    void handleLinkOpened();
    // A packet for this namespace.
    void handlePacket(const SocketPacket &packet);
    // The link went down for `reason`.
    void handleLinkDown(const QString &reason);
    // Connected to the server: send DISCONNECT (the link is closing).
    void sendDisconnectIfConnected();
    // The Client is being destroyed.
    void detach();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace socketio
