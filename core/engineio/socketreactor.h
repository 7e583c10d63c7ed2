#pragma once

#include <QObject>

class QSocketNotifier;

namespace engineio {

class WebSocketConnection;

// Watches many socket descriptors through one descriptor registered with the Qt event loop
// (epoll on Linux), so that a wake-up costs O(ready sockets) rather than a poll over every
// connection. Lives on one thread; its connections must live on the same thread.
class SocketReactor final : public QObject
{
    Q_OBJECT
public:
    explicit SocketReactor(QObject *parent = nullptr);
    ~SocketReactor() override;

    // False where there is no epoll: connections then use their QTcpSocket.
    bool isValid() const { return m_epoll >= 0; }

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
