#pragma once

#include "engineio/disconnectreason.h"
#include "engineio/enginepacket.h"
#include "engineio/httpexchange.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <map>
#include <optional>

namespace engineio {

class EngineServer;
class EngineSession;
class WebSocketConnection;

// Heartbeat deadlines of every session of a server, earliest first (see EngineServer).
using HeartbeatQueue = std::multimap<qint64, EngineSession *>;

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
    void close(DisconnectReason reason = DisconnectReason::ForcedClose);

signals:
    // A MESSAGE packet arrived (text as UTF-8, or binary bytes).
    void messageReceived(const QByteArray &data, bool binary);
    // The session ended, for `reason` (toString() of a DisconnectReason: "transport close",
    // "ping timeout", "parse error", ...).
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
    void timerEvent(QTimerEvent *event) override;
    void completeUpgrade();
    void sendPing();
    // The session's heartbeat deadline passed: send a PING, or end on a missing PONG.
    void heartbeatDue();
    void checkBuffer();
    void finish(DisconnectReason reason, bool notifyClient);

    EngineServer *m_server;
    QString m_sid;
    HttpRequest m_handshake;
    TransportKind m_transport = TransportKind::Polling;
    bool m_open = false;

    // WebSocket transport
    // A child of this session, deleted only through retireSocket() after being unset here, so a
    // plain pointer (no QPointer look-up on every send of a broadcast).
    WebSocketConnection *m_socket = nullptr;
    // Outgoing queue of the polling transport
    QList<EnginePacket> m_outbox;
    qint64 m_outboxBytes = 0;
    HttpReply m_heldPoll;
    HttpRequest m_heldPollRequest;
    bool m_hasHeldPoll = false;
    // Upgrade in progress
    WebSocketConnection *m_probe = nullptr;
    bool m_probed = false;
    QBasicTimer m_upgradeTimer; // QBasicTimer: no QObject per session for rare timeouts
    // Heartbeat: one deadline in the server's queue (next PING, or PONG due), not two timers
    // per session, so that thousands of sessions cost O(log n) per heartbeat event.
    std::optional<HeartbeatQueue::iterator> m_heartbeat;
    bool m_awaitingPong = false;
    // Server-initiated close of a polling session, waiting to deliver the CLOSE packet
    bool m_closing = false;
    DisconnectReason m_closeReason = DisconnectReason::ForcedClose;
    QBasicTimer m_closeTimer;
};

} // namespace engineio
