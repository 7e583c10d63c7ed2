#include "server/connectionguard.h"

#include <QTcpSocket>

namespace server {

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, qint64 maxRequestBytes, int idleTimeoutMs)
    : QObject(socket)
    , m_socket(socket)
    , m_maxRequestBytes(maxRequestBytes)
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_nextSlot != m_flushedSlot) {
            m_idle.start(); // a response is still owed: not idle
            return;
        }
        m_socket->abort();
    });
    // A request must arrive whole within this time, however slowly its bytes trickle in.
    m_requestDeadline.setSingleShot(true);
    m_requestDeadline.setInterval(kRequestDeadlineMs);
    connect(&m_requestDeadline, &QTimer::timeout, m_socket, &QTcpSocket::abort);
    connect(socket, &QTcpSocket::readyRead, this, [this] {
        if (m_received == 0)
            m_requestDeadline.start();
        m_received += m_socket->bytesAvailable();
        m_idle.start();
        if (m_received > m_maxRequestBytes)
            m_socket->abort();
    });
    connect(socket, &QTcpSocket::bytesWritten, this, [this] { m_idle.start(); });
    m_idle.start();
}

ConnectionGuard *ConnectionGuard::of(QTcpSocket *socket)
{
    return socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly);
}

void ConnectionGuard::requestComplete()
{
    m_received = 0;
    m_requestDeadline.stop();
}

void ConnectionGuard::complete(quint64 slot, const QByteArray &bytes, bool closeAfter)
{
    m_ready.insert(slot, {bytes, closeAfter});
    while (m_ready.contains(m_flushedSlot)) {
        const auto [data, close] = m_ready.take(m_flushedSlot++);
        m_socket->write(data);
        if (close) {
            m_socket->disconnectFromHost();
            return;
        }
    }
    m_idle.start();
}

} // namespace server
