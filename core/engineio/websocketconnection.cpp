#include "engineio/websocketconnection.h"

#include "engineio/socketreactor.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <utility>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace engineio {

namespace {

// How long a closing connection waits for the peer's close frame or end of stream.
constexpr int kCloseGraceMs = 5000;
constexpr qsizetype kReadChunk = 64 * 1024;

} // namespace

WebSocketConnection::WebSocketConnection(SocketReactor *reactor, qintptr descriptor,
                                         HttpRequest request, qint64 maxMessageBytes,
                                         QObject *parent, std::shared_ptr<ReactorPool> writers)
    : QObject(parent)
    , m_request(std::move(request))
    , m_reader(maxMessageBytes)
    , m_reactor(reactor)
    , m_descriptor(descriptor)
{
    if (!reactor || !reactor->add(descriptor, this)) {
        m_state = State::Closing;
        QMetaObject::invokeMethod(this, &WebSocketConnection::finish, Qt::QueuedConnection);
        return;
    }
    if (writers && writers->isValid()) {
        m_writers = std::move(writers);
        m_channel = m_writers->attach(descriptor);
    }
}

WebSocketConnection::WebSocketConnection(QTcpSocket *socket, HttpRequest request,
                                         qint64 maxMessageBytes, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_reader(maxMessageBytes)
    , m_socket(socket)
{
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, &WebSocketConnection::handleReadable);
    connect(socket, &QTcpSocket::disconnected, this, &WebSocketConnection::finish);
    if (socket->state() != QAbstractSocket::ConnectedState) {
        m_state = State::Closing;
        QMetaObject::invokeMethod(this, &WebSocketConnection::finish, Qt::QueuedConnection);
    } else if (socket->bytesAvailable() > 0) {
        QMetaObject::invokeMethod(this, &WebSocketConnection::handleReadable, Qt::QueuedConnection);
    }
}

WebSocketConnection::~WebSocketConnection()
{
    releaseDescriptor();
}

void WebSocketConnection::releaseDescriptor()
{
#ifdef Q_OS_UNIX
    if (m_descriptor < 0)
        return;
    if (m_reactor)
        m_reactor->remove(m_descriptor);
    if (m_channel)
        m_writers->release(std::exchange(m_channel, nullptr)); // its reactor closes it
    else
        ::close(int(m_descriptor));
    m_descriptor = -1;
#endif
}

void WebSocketConnection::sendText(QByteArrayView utf8)
{
    writeFrame(encodeWebSocketFrame(WebSocketOpcode::Text, utf8));
}

void WebSocketConnection::sendBinary(QByteArrayView bytes)
{
    writeFrame(encodeWebSocketFrame(WebSocketOpcode::Binary, bytes));
}

qint64 WebSocketConnection::bufferedBytes() const
{
    if (m_socket) {
        qint64 bytes = m_socket->bytesToWrite();
        if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
            bytes += ssl->encryptedBytesToWrite();
        return bytes;
    }
    if (m_channel)
        return m_writers->queuedBytes(m_channel);
    return m_queuedBytes;
}

bool WebSocketConnection::bufferedMoreThan(qint64 limit) const
{
    if (m_channel)
        return m_writers->queuedMoreThan(m_channel, limit);
    return bufferedBytes() > limit;
}

void WebSocketConnection::writeFrame(const QByteArray &frame)
{
    if (m_state == State::Open)
        writeBytes(frame);
}

void WebSocketConnection::writeBytes(const QByteArray &frame)
{
    if (m_state == State::Closed || frame.isEmpty())
        return;
    if (m_socket) {
        m_socket->write(frame);
        return;
    }
#ifdef Q_OS_UNIX
    if (m_descriptor < 0)
        return;
    if (m_channel) {
        m_writers->write(m_channel, frame);
        return;
    }
    if (!m_queue.isEmpty()) {
        m_queue.append(frame);
        m_queuedBytes += frame.size();
        return;
    }
    ssize_t sent = ::send(int(m_descriptor), frame.constData(), size_t(frame.size()),
                          MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent == frame.size())
        return;
    if (sent < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            // The peer is gone. End the connection from the event loop, not inside a caller
            // that may be iterating over many connections.
            m_state = State::Closing;
            m_queue.clear();
            m_queuedBytes = 0;
            QMetaObject::invokeMethod(this, &WebSocketConnection::finish, Qt::QueuedConnection);
            return;
        }
        sent = 0;
    }
    m_queue.append(frame);
    m_queueOffset = qsizetype(sent);
    m_queuedBytes += frame.size() - sent;
    if (m_reactor)
        m_reactor->setWriteInterest(m_descriptor, this, true);
#endif
}

void WebSocketConnection::flushQueue()
{
#ifdef Q_OS_UNIX
    while (!m_queue.isEmpty() && m_descriptor >= 0) {
        const QByteArray &front = m_queue.front();
        const qsizetype remaining = front.size() - m_queueOffset;
        const ssize_t sent = ::send(int(m_descriptor), front.constData() + m_queueOffset,
                                    size_t(remaining), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                return;
            finish();
            return;
        }
        m_queuedBytes -= sent;
        if (sent < remaining) {
            m_queueOffset += sent;
            return;
        }
        m_queue.removeFirst();
        m_queueOffset = 0;
    }
    if (m_reactor && m_descriptor >= 0)
        m_reactor->setWriteInterest(m_descriptor, this, false);
    if (m_state == State::Closing && m_descriptor >= 0)
        ::shutdown(int(m_descriptor), SHUT_WR);
#endif
}

void WebSocketConnection::handleWritable()
{
    if (m_state != State::Closed)
        flushQueue();
}

void WebSocketConnection::handleReadable()
{
    if (m_state == State::Closed)
        return;
    if (m_socket) {
        m_reader.append(m_socket->readAll());
        processMessages();
        return;
    }
#ifdef Q_OS_UNIX
    char buffer[kReadChunk];
    const ssize_t received = ::recv(int(m_descriptor), buffer, sizeof buffer, MSG_DONTWAIT);
    if (received > 0) {
        m_reader.append(QByteArrayView(buffer, received));
        processMessages();
    } else if (received == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        finish();
    }
#endif
}

void WebSocketConnection::receive(QByteArrayView bytes)
{
    if (m_state == State::Closed || bytes.isEmpty())
        return;
    m_reader.append(bytes);
    QMetaObject::invokeMethod(this, &WebSocketConnection::processMessages, Qt::QueuedConnection);
}

void WebSocketConnection::processMessages()
{
    QPointer<WebSocketConnection> guard(this);
    while (guard && m_state != State::Closed) {
        std::optional<WebSocketMessage> message = m_reader.next();
        if (!message)
            break;
        switch (message->opcode) {
        case WebSocketOpcode::Text:
            if (m_state == State::Open)
                emit textReceived(message->payload);
            break;
        case WebSocketOpcode::Binary:
            if (m_state == State::Open)
                emit binaryReceived(message->payload);
            break;
        case WebSocketOpcode::Ping:
            if (m_state == State::Open)
                writeFrame(encodeWebSocketFrame(WebSocketOpcode::Pong, message->payload));
            break;
        case WebSocketOpcode::Pong:
        case WebSocketOpcode::Continuation:
            break;
        case WebSocketOpcode::Close:
            if (m_state == State::Open) {
                // Echo the code, then end the TCP connection from this side (RFC 6455 §7.1.1).
                const QByteArray code = message->payload.left(2);
                m_state = State::Closing;
                writeBytes(encodeWebSocketFrame(WebSocketOpcode::Close, code));
            }
            // With a write reactor, finish() hands the echo over first: the reactor sends it
            // before it closes the descriptor.
            if (!m_socket && m_queue.isEmpty())
                finish();
            else
                close();
            return;
        }
    }
    if (guard && m_reader.hasError())
        close(m_reader.errorCode(), m_reader.errorDetail().toUtf8());
}

void WebSocketConnection::close(WebSocketCloseCode code, QByteArrayView reason)
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::Open) {
        m_state = State::Closing;
        writeBytes(encodeWebSocketClose(code, reason));
    }
    if (m_socket) {
        m_socket->disconnectFromHost();
        if (m_state == State::Closed || !m_socket
            || m_socket->state() == QAbstractSocket::UnconnectedState) {
            finish();
            return;
        }
    } else if (m_channel) {
        m_writers->shutdownWhenFlushed(m_channel);
    } else if (m_queue.isEmpty() && m_descriptor >= 0) {
#ifdef Q_OS_UNIX
        ::shutdown(int(m_descriptor), SHUT_WR);
#endif
    }
    if (!m_closeTimer) {
        m_closeTimer = new QTimer(this);
        m_closeTimer->setSingleShot(true);
        connect(m_closeTimer, &QTimer::timeout, this, &WebSocketConnection::finish);
        m_closeTimer->start(kCloseGraceMs);
    }
}

void WebSocketConnection::abort()
{
    finish();
}

void WebSocketConnection::finish()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    if (m_closeTimer)
        m_closeTimer->stop();
    m_queue.clear();
    m_queuedBytes = 0;
    if (m_socket) {
        QTcpSocket *socket = std::exchange(m_socket, nullptr);
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    releaseDescriptor();
    emit disconnected();
}

} // namespace engineio
