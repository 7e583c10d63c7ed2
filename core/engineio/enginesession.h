#pragma once

#include "engineio/enginepacket.h"
#include "engineio/httpexchange.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace engineio {

class EngineServer;
class WebSocketConnection;

// A MESSAGE packet encoded once and sent to many sessions: the packet for polling sessions and
// its complete WebSocket frame for the others, so no bytes are built per recipient.
struct PreparedMessage
{
    EnginePacket packet;
    QByteArray frame;
};
PreparedMessage prepareTextMessage(const QByteArray &utf8);
PreparedMessage prepareBinaryMessage(const QByteArray &bytes);

// The transport a session currently uses.
enum class TransportKind { Polling, WebSocket };

// One Engine.IO session: its transport (long-polling or WebSocket, upgraded from polling),
// its outgoing queue and its heartbeat. Owned by the EngineServer; deleted after `closed`.
class EngineSession final : public QObject
{
    Q_OBJECT
public:
    ~EngineSession() override;

    QString id() const { return m_sid; }
    // The request that opened the session.
    const HttpRequest &handshake() const { return m_handshake; }
    TransportKind transport() const { return m_transport; }
    bool isOpen() const { return m_open && !m_closing; }

    // Sends a MESSAGE packet carrying UTF-8 text.
    void sendText(const QByteArray &utf8);
    // Sends a MESSAGE packet carrying binary bytes.
    void sendBinary(const QByteArray &bytes);
    // Sends a message prepared once for many sessions.
    void sendPrepared(const PreparedMessage &message);
    // Bytes queued for this session and not yet written to the network.
    qint64 bufferedBytes() const;

    // Ends the session from the server side. A WebSocket session closes at once; a polling
    // session first delivers what is queued, then a CLOSE packet on the next poll.
    void close(const QString &reason = QStringLiteral("forced close"));

signals:
    // A MESSAGE packet arrived (text as UTF-8, or binary bytes).
    void messageReceived(const QByteArray &data, bool binary);
    // The session ended, for `reason` ("transport close", "ping timeout", "parse error", ...).
    void closed(const QString &reason);

private:
    friend class EngineServer;
    EngineSession(EngineServer *server, const QString &sid, const HttpRequest &handshake);

    void start(TransportKind transport, WebSocketConnection *socket);
    void handlePoll(const HttpRequest &request, const HttpReply &reply);
    void handlePost(const HttpRequest &request, const HttpReply &reply);
    void attachProbe(WebSocketConnection *socket);

    void send(const EnginePacket &packet);
    void attachSocket(WebSocketConnection *socket);
    void flushPolling();
    void respond(const HttpReply &reply, const HttpRequest &request, const HttpResponse &response);
    void handlePacket(const EnginePacket &packet);
    void handleWebSocketText(const QByteArray &text);
    void handleWebSocketBinary(const QByteArray &bytes);
    void handleProbeText(const QByteArray &text);
    void abandonUpgrade();
    void completeUpgrade();
    void sendPing();
    void checkBuffer();
    void finish(const QString &reason, bool notifyClient);

    EngineServer *m_server;
    QString m_sid;
    HttpRequest m_handshake;
    TransportKind m_transport = TransportKind::Polling;
    bool m_open = false;

    // WebSocket transport
    QPointer<WebSocketConnection> m_socket;
    // Outgoing queue of the polling transport
    QList<EnginePacket> m_outbox;
    qint64 m_outboxBytes = 0;
    HttpReply m_heldPoll;
    HttpRequest m_heldPollRequest;
    bool m_hasHeldPoll = false;
    // Upgrade in progress
    QPointer<WebSocketConnection> m_probe;
    bool m_probed = false;
    QTimer m_upgradeTimer;
    // Heartbeat
    QTimer m_pingTimer;
    QTimer m_pongTimer;
    // Server-initiated close of a polling session, waiting to deliver the CLOSE packet
    bool m_closing = false;
    QString m_closeReason;
    QTimer m_closeTimer;
};

} // namespace engineio
