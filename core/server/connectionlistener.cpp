#include "server/connectionlistener.h"

#include "server/connectionguard.h"
#include "server/httpwire.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <utility>

namespace server {

ConnectionListener::ConnectionListener(QObject *parent)
    : QTcpServer(parent)
{ }

void ConnectionListener::closeConnections()
{
    const QList<QPointer<QTcpSocket>> sockets = std::exchange(m_sockets, {});
    for (const QPointer<QTcpSocket> &socket : sockets) {
        if (socket)
            socket->abort();
    }
}

void ConnectionListener::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    // Small frames go out at once: with Nagle's algorithm a second small write (login after
    // CONNECT, a delta after a ping) waits for the peer's delayed ACK, about 40 ms.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_sockets.removeAll(nullptr);
    m_sockets.append(socket);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    if (m_tls) {
        auto *ssl = static_cast<QSslSocket *>(socket);
        ssl->setSslConfiguration(*m_tls);
        connect(ssl, &QSslSocket::sslErrors, ssl, [ssl] { ssl->abort(); });
        ssl->startServerEncryption();
    }
    new RequestSniffer(socket, m_idleTimeoutMs, m_upgradeHandler,
                       [this](QTcpSocket *http) { handOver(http); });
}

void ConnectionListener::handOver(QTcpSocket *socket)
{
    new ConnectionGuard(socket, m_maxBodyBytes + kMaxRequestHeadBytes, m_idleTimeoutMs);
    addPendingConnection(socket);
    // Qt 6.4 announces only connections that QTcpServer created itself, and the request's
    // bytes were already announced to the sniffer.
    if (hasPendingConnections())
        QMetaObject::invokeMethod(this, "pendingConnectionAvailable", Qt::DirectConnection);
    QMetaObject::invokeMethod(socket, "readyRead", Qt::QueuedConnection);
}

} // namespace server
