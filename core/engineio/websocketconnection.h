#pragma once

#include "engineio/httpexchange.h"
#include "engineio/reactorpool.h"
#include "engineio/websocketframe.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace engineio {

class SocketReactor;

// The server side of one accepted WebSocket (RFC 6455), after the HTTP upgrade.
//
// On a plain TCP connection it owns the descriptor itself, watched by a SocketReactor: a frame
// is written straight to the kernel with one send(), and only what the kernel does not take
// (EAGAIN) waits in user space until the socket is writable again. With a ReactorPool the writes
// (and the descriptor's end) are handed to one of the pool's write reactors instead, and only the
// reads stay on this thread. A TLS connection (or a platform without a reactor) goes through its
// QTcpSocket/QSslSocket instead. Either way the outgoing bytes are never copied per recipient: a
// broadcast frame encoded once is shared.
class WebSocketConnection final : public QObject
{
    Q_OBJECT
public:
    // Takes over the connected plain TCP `descriptor` (non-blocking), read through `reactor`;
    // written by `writers` (one of its write reactors) when given, else on this thread.
    WebSocketConnection(SocketReactor *reactor, qintptr descriptor, HttpRequest request,
                        qint64 maxMessageBytes, QObject *parent = nullptr,
                        std::shared_ptr<ReactorPool> writers = {});
    // Takes ownership of a connected `socket` (TLS, or no reactor).
    WebSocketConnection(QTcpSocket *socket, HttpRequest request, qint64 maxMessageBytes,
                        QObject *parent = nullptr);
    ~WebSocketConnection() override;

    // The upgrade request: path, query, headers, peer address.
    const HttpRequest &request() const { return m_request; }
    bool isOpen() const { return m_state == State::Open; }

    // Writes bytes that are already a complete WebSocket frame. Ignored once closing.
    void writeFrame(const QByteArray &frame);
    // Writes the HTTP 101 response that completes the upgrade; call once, before any frame.
    void writeHandshakeResponse(const QByteArray &response) { writeBytes(response); }
    void sendText(QByteArrayView utf8);
    void sendBinary(QByteArrayView bytes);
    // Bytes accepted for sending that the kernel has not taken yet.
    qint64 bufferedBytes() const;
    // bufferedBytes() > limit; cheaper with a write reactor (ReactorPool::queuedMoreThan).
    bool bufferedMoreThan(qint64 limit) const;

    // Feeds bytes that arrived before the connection took over (read past the HTTP head).
    void receive(QByteArrayView bytes);

    // Sends a close frame and ends the connection once the peer answers (or after a grace
    // period). `disconnected` follows.
    void close(WebSocketCloseCode code = WebSocketCloseCode::Normal, QByteArrayView reason = {});
    // Ends the connection at once, dropping unsent bytes.
    void abort();

signals:
    // A complete text message (valid UTF-8).
    void textReceived(const QByteArray &utf8);
    // A complete binary message.
    void binaryReceived(const QByteArray &bytes);
    // The connection ended (peer close, error, close() completed or abort()). Fires once.
    void disconnected();

private:
    friend class SocketReactor;
    enum class State { Open, Closing, Closed };

    void writeBytes(const QByteArray &bytes);
    void handleReadable();
    void handleWritable();
    void processMessages();
    void flushQueue();
    void finish();
    // Stops reading the descriptor and lets it go (to the write reactor, which closes it).
    void releaseDescriptor();

    HttpRequest m_request;
    WebSocketFrameReader m_reader;
    State m_state = State::Open;
    // Plain TCP through the reactor
    QPointer<SocketReactor> m_reactor;
    qintptr m_descriptor = -1;
    QList<QByteArray> m_queue; // empty unless the kernel refused bytes (allocates nothing)
    qsizetype m_queueOffset = 0; // bytes of m_queue.front() already sent
    qint64 m_queuedBytes = 0;
    bool m_peerClosedWrite = false;
    // Written by a write reactor (m_descriptor then belongs to it; this thread only reads)
    std::shared_ptr<ReactorPool> m_writers;
    ReactorPool::Channel *m_channel = nullptr;
    // TLS (or no reactor)
    QTcpSocket *m_socket = nullptr;
    QTimer *m_closeTimer = nullptr;
};

} // namespace engineio
