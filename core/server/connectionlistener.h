#pragma once

#include "server/requestsniffer.h"

#include <QList>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>
#include <utility>

class QTcpSocket;

namespace server {

// Accepts connections for the HTTP host: plain or TLS sockets. Each is sniffed for a WebSocket
// upgrade; the others get their ConnectionGuard and go to QAbstractHttpServer through the
// pending-connection queue.
class ConnectionListener final : public QTcpServer
{
    Q_OBJECT
public:
    explicit ConnectionListener(QObject *parent = nullptr);

    // Every connection accepted from now on is TLS with this configuration.
    void setTls(const QSslConfiguration &configuration) { m_tls = configuration; }
    bool isSecure() const { return m_tls.has_value(); }
    // Largest request body; a connection that sends more is closed.
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }
    // A connection with no traffic and no pending response for this long is closed.
    void setIdleTimeoutMs(int ms) { m_idleTimeoutMs = ms; }
    int idleTimeoutMs() const { return m_idleTimeoutMs; }
    // Receives connections whose first request asks for a WebSocket upgrade.
    void setUpgradeHandler(RequestSniffer::UpgradeHandler handler)
    {
        m_upgradeHandler = std::move(handler);
    }

    // Aborts every connection accepted so far that is still open.
    void closeConnections();

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void handOver(QTcpSocket *socket);

    std::optional<QSslConfiguration> m_tls;
    qint64 m_maxBodyBytes = 1000000;
    int m_idleTimeoutMs = 60000;
    RequestSniffer::UpgradeHandler m_upgradeHandler;
    QList<QPointer<QTcpSocket>> m_sockets;
};

} // namespace server
