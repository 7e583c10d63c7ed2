#pragma once

#include "engineio/enginepacket.h"
#include "engineio/httpexchange.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class QWebSocket;

namespace engineio {

class EngineServer;

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

    void start(TransportKind transport, QWebSocket *socket);
    void handlePoll(const HttpRequest &request, const HttpReply &reply);
    void handlePost(const HttpRequest &request, const HttpReply &reply);
    void attachProbe(QWebSocket *socket);

    void send(const EnginePacket &packet);
    void attachSocket(QWebSocket *socket);
    void writeFrame(const EnginePacket &packet);
    void handleBytesWritten();
    void flushPolling();
    void respond(const HttpReply &reply, const HttpRequest &request, const HttpResponse &response);
    void handlePacket(const EnginePacket &packet);
    void handleWebSocketText(const QString &text);
    void handleWebSocketBinary(const QByteArray &bytes);
    void handleProbeText(const QString &text);
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
    QPointer<QWebSocket> m_socket;
    bool m_socketWritable = true;
    // Outgoing queue (polling, or WebSocket frames waiting for the previous write)
    QList<EnginePacket> m_outbox;
    qint64 m_outboxBytes = 0;
    HttpReply m_heldPoll;
    HttpRequest m_heldPollRequest;
    bool m_hasHeldPoll = false;
    // Upgrade in progress
    QPointer<QWebSocket> m_probe;
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
