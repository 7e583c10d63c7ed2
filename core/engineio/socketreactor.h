#pragma once

#include <QByteArray>
#include <QObject>

class QSocketNotifier;

namespace engineio {

class WebSocketConnection;

// How server-side WebSocket connections reach the kernel.
enum class SocketBackend {
    Epoll, // SocketReactor: one epoll descriptor, send()/recv() straight on the socket (Linux)
    Qt, // QTcpSocket per connection (every platform; TLS always goes this way)
};

// Watches many socket descriptors through one descriptor registered with the Qt event loop
// (epoll on Linux), so that a wake-up costs O(ready sockets) rather than a poll over every
// connection. Lives on one thread; its connections must live on the same thread.
class SocketReactor final : public QObject
{
    Q_OBJECT
public:
    // Watches with `backend`; SocketBackend::Qt (or no epoll) makes an invalid reactor.
    explicit SocketReactor(QObject *parent = nullptr, SocketBackend backend = defaultBackend());
    ~SocketReactor() override;

    // The process-wide choice: SocketBackend::Qt where there is no epoll or when the environment
    // variable CODESTREAM_SOCKET_BACKEND is "qt" (read once, at the first call), else Epoll.
    static SocketBackend defaultBackend();
    // "epoll" or "qt".
    static QByteArray backendName(SocketBackend backend);

    // False where there is no epoll or the Qt backend was chosen: connections then use their
    // QTcpSocket.
    bool isValid() const { return m_epoll >= 0; }
    // The backend this reactor's users run on.
    SocketBackend backend() const { return isValid() ? SocketBackend::Epoll : SocketBackend::Qt; }

    bool add(qintptr descriptor, WebSocketConnection *connection);
    // Also asks for writability (while data waits in user space) or stops asking.
    void setWriteInterest(qintptr descriptor, WebSocketConnection *connection, bool write);
    void remove(qintptr descriptor);

private:
    void dispatch();

    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace engineio
