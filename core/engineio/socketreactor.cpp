#include "engineio/socketreactor.h"

#include "engineio/websocketconnection.h"

#include <QPointer>
#include <QSocketNotifier>

#ifdef Q_OS_LINUX
#include <sys/epoll.h>
#include <unistd.h>
#endif

namespace engineio {

SocketReactor::SocketReactor(QObject *parent, SocketBackend backend)
    : QObject(parent)
{
#ifdef Q_OS_LINUX
    if (backend != SocketBackend::Epoll)
        return;
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0)
        return;
    m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SocketReactor::dispatch);
#else
    Q_UNUSED(backend);
#endif
}

SocketBackend SocketReactor::defaultBackend()
{
#ifdef Q_OS_LINUX
    static const SocketBackend chosen
        = qEnvironmentVariable("CODESTREAM_SOCKET_BACKEND").compare(u"qt", Qt::CaseInsensitive) == 0
        ? SocketBackend::Qt
        : SocketBackend::Epoll;
    return chosen;
#else
    return SocketBackend::Qt;
#endif
}

QByteArray SocketReactor::backendName(SocketBackend backend)
{
    return backend == SocketBackend::Epoll ? QByteArrayLiteral("epoll") : QByteArrayLiteral("qt");
}

SocketReactor::~SocketReactor()
{
#ifdef Q_OS_LINUX
    delete m_notifier;
    if (m_epoll >= 0)
        ::close(m_epoll);
#endif
}

bool SocketReactor::add(qintptr descriptor, WebSocketConnection *connection)
{
#ifdef Q_OS_LINUX
    epoll_event event {};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.ptr = connection;
    return ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, int(descriptor), &event) == 0;
#else
    Q_UNUSED(descriptor);
    Q_UNUSED(connection);
    return false;
#endif
}

void SocketReactor::setWriteInterest(qintptr descriptor, WebSocketConnection *connection,
                                     bool write)
{
#ifdef Q_OS_LINUX
    epoll_event event {};
    event.events = EPOLLIN | EPOLLRDHUP | (write ? EPOLLOUT : 0u);
    event.data.ptr = connection;
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, int(descriptor), &event);
#else
    Q_UNUSED(descriptor);
    Q_UNUSED(connection);
    Q_UNUSED(write);
#endif
}

void SocketReactor::remove(qintptr descriptor)
{
#ifdef Q_OS_LINUX
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, int(descriptor), nullptr);
#else
    Q_UNUSED(descriptor);
#endif
}

void SocketReactor::dispatch()
{
#ifdef Q_OS_LINUX
    constexpr int kBatch = 256;
    epoll_event events[kBatch];
    const int count = ::epoll_wait(m_epoll, events, kBatch, 0);
    if (count <= 0)
        return;
    // A handler may close other connections of this batch; they stay allocated until the
    // event loop deletes them (deleteLater), and a closed connection ignores readiness.
    QList<QPointer<WebSocketConnection>> ready;
    ready.reserve(count);
    for (int i = 0; i < count; ++i)
        ready.append(static_cast<WebSocketConnection *>(events[i].data.ptr));
    for (int i = 0; i < count; ++i) {
        WebSocketConnection *connection = ready.at(i);
        if (!connection)
            continue;
        const quint32 flags = events[i].events;
        if (flags & EPOLLOUT)
            connection->handleWritable();
        if (ready.at(i) && (flags & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
            connection->handleReadable();
    }
#endif
}

} // namespace engineio
