#pragma once

#include "engineio/disconnectreason.h"
#include "engineio/enginepacket.h"
#include "socketio/clientoptions.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

class QWebSocket;

namespace socketio {

// The client's Engine.IO v4 connection over one QWebSocket: TLS, the open timeout, the OPEN
// handshake, answering PINGs and the ping watchdog. Frames go through the engineio codec.
// One connection attempt at a time; the Client decides when to open and reconnect.
class EngineLink final : public QObject
{
    Q_OBJECT
public:
    explicit EngineLink(QObject *parent = nullptr);
    ~EngineLink() override;

    // The WebSocket URL of the Engine.IO endpoint for these options (ws/wss, EIO=4).
    static QUrl engineUrl(const ClientOptions &options);

    // Starts a connection attempt (ending any current one without a signal).
    void open(const ClientOptions &options);
    // Ends the connection without a signal; graceful: send a close frame and let it go out.
    void close(bool graceful);
    // Ends the connection for `reason`: `closed` fires (once) unless it was already down.
    void fail(engineio::DisconnectReason reason, socketio::ClientError error,
              const QString &detail);

    // A connection attempt is running or the link is open.
    bool isActive() const { return m_webSocket != nullptr; }
    // The Engine.IO handshake is done.
    bool isOpen() const { return m_webSocket && m_open; }
    // The handshake of the open link (or the last one).
    const engineio::Handshake &handshake() const { return m_handshake; }

    // Sends a MESSAGE packet with UTF-8 text / binary bytes (nothing unless open).
    void sendText(const QByteArray &utf8);
    void sendBinary(const QByteArray &bytes);

signals:
    // The server's OPEN packet arrived: the link is up.
    void opened();
    // A MESSAGE packet arrived (text as UTF-8, or binary bytes).
    void messageReceived(const QByteArray &data, bool binary);
    // A problem that does not end the link by itself (a TLS error, before the handshake fails).
    void errorOccurred(socketio::ClientError error, const QString &detail);
    // The link (or the attempt) ended; detail is empty when already reported.
    void closed(engineio::DisconnectReason reason, socketio::ClientError error,
                const QString &detail);

private:
    void tearDown(bool graceful);
    void onSocketError(int error);
    void onTextFrame(const QByteArray &frame);
    void onBinaryFrame(const QByteArray &frame);
    void onHandshake(const QByteArray &json);
    void protocolError(const QString &detail);
    void resetPingWatchdog();

    QWebSocket *m_webSocket = nullptr;
    bool m_open = false;
    bool m_tlsErrorReported = false;
    int m_openTimeoutMs = 0;
    engineio::Handshake m_handshake;
    QTimer m_pingTimer;
    QTimer m_openTimer;
};

} // namespace socketio
