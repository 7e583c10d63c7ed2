#include "server/requestsniffer.h"

#include "server/connectionguard.h"
#include "server/httpwire.h"

#include <QTcpSocket>

namespace server {

RequestSniffer::RequestSniffer(QTcpSocket *socket, int idleTimeoutMs, UpgradeHandler upgrade,
                               HttpHandler http)
    : QObject(socket)
    , m_socket(socket)
    , m_upgrade(std::move(upgrade))
    , m_http(std::move(http))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, socket, &QTcpSocket::abort);
    m_deadline.start(qMin(idleTimeoutMs, ConnectionGuard::kRequestDeadlineMs));
    connect(socket, &QTcpSocket::readyRead, this, &RequestSniffer::inspect);
}

void RequestSniffer::inspect()
{
    if (++m_reads > kMaxHeadReads) {
        m_socket->abort();
        return;
    }
    const QByteArray peeked = m_socket->peek(kMaxRequestHeadBytes);
    const qsizetype end = peeked.indexOf("\r\n\r\n");
    if (end < 0 && peeked.size() < kMaxRequestHeadBytes)
        return; // the head is still arriving
    QTcpSocket *socket = m_socket;
    const bool upgrade = end >= 0 && isWebSocketUpgrade(QByteArrayView(peeked).first(end));
    const UpgradeHandler onUpgrade = m_upgrade;
    const HttpHandler onHttp = m_http;
    deleteLater();
    disconnect(socket, nullptr, this, nullptr);
    m_deadline.stop();
    if (upgrade)
        onUpgrade(socket, peeked.left(end + 4));
    else
        onHttp(socket);
}

} // namespace server
