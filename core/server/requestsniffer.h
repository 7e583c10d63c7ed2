#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace server {

// Holds a new connection until its first request head has arrived, then passes it on: a
// WebSocket upgrade to the host's own WebSocket layer, anything else to QHttpServer. A client
// that sends nothing within the idle timeout, or does not complete its head within the request
// deadline, is dropped. A child of its socket; deletes itself once it has decided.
class RequestSniffer final : public QObject
{
    Q_OBJECT
public:
    using UpgradeHandler = std::function<void(QTcpSocket *, const QByteArray &head)>;
    using HttpHandler = std::function<void(QTcpSocket *)>;

    RequestSniffer(QTcpSocket *socket, int idleTimeoutMs, UpgradeHandler upgrade, HttpHandler http);

private:
    void inspect();

    // A head arrives in a few reads; one trickled in byte by byte is refused, since every
    // look copies what has arrived so far.
    static constexpr int kMaxHeadReads = 128;

    QTcpSocket *m_socket;
    int m_reads = 0;
    UpgradeHandler m_upgrade;
    HttpHandler m_http;
    QTimer m_deadline;
};

} // namespace server
