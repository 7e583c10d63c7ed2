#pragma once

#include <QByteArray>
#include <QMap>
#include <QObject>
#include <QTimer>

#include <utility>

class QTcpSocket;

namespace server {

// Per-connection bookkeeping of an HTTP connection: bytes received since the last complete
// request (the body limit), the idle timer, the request deadline, and responses kept in request
// order (a held poll delays later answers). A child of its socket.
class ConnectionGuard final : public QObject
{
    Q_OBJECT
public:
    // How long a client may take to send one request (head and body).
    static constexpr int kRequestDeadlineMs = 30000;

    ConnectionGuard(QTcpSocket *socket, qint64 maxRequestBytes, int idleTimeoutMs);

    // The guard of `socket`, or nullptr.
    static ConnectionGuard *of(QTcpSocket *socket);

    // The current request arrived whole: its bytes no longer count against the limit.
    void requestComplete();
    // Reserves the place of the next response in the connection's answer order.
    quint64 reserveSlot() { return m_nextSlot++; }
    // Delivers the response for `slot`; it is written once every earlier one has been.
    void complete(quint64 slot, const QByteArray &bytes, bool closeAfter);

private:
    QTcpSocket *m_socket;
    qint64 m_maxRequestBytes;
    qint64 m_received = 0;
    QTimer m_idle;
    QTimer m_requestDeadline;
    quint64 m_nextSlot = 0;
    quint64 m_flushedSlot = 0;
    QMap<quint64, std::pair<QByteArray, bool>> m_ready;
};

} // namespace server
