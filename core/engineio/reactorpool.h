#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <memory>
#include <vector>

namespace engineio {

// The write side of a server's plain TCP WebSocket connections, spread over N threads ("write
// reactors"), each with its own epoll descriptor and a share of the connections, assigned round
// robin. The server thread keeps the protocol logic and the reads; it hands every outgoing frame
// of a connection to that connection's reactor, which writes it with one send() and queues only
// what the kernel refuses until the socket is writable. A broadcast is one shared frame (QByteArray
// is implicitly shared, its count atomic) plus one list of target connections per reactor, handed
// over at once (beginBatch()/endBatch()): nothing is allocated per recipient.
//
// Thread rules: every public function is called on the server thread (the one that created the
// pool). A connection's descriptor belongs to its reactor from attach() to release(); the reactor
// closes it. Reads on the descriptor stay on the server thread until release(), which the server
// thread calls only after it stopped reading. A send error marks the connection failed on its
// reactor; the server thread learns of it from the read side (end of stream or error).
class ReactorPool final
{
public:
    struct Channel;

    // Starts `threads` write reactors (at least 1). Linux only: elsewhere isValid() is false.
    // With `ioUring`, each reactor submits a broadcast's sends as one batch through its own
    // io_uring when the build has liburing and the kernel allows it (usesIoUring()); the bytes,
    // their order and the handling of what the kernel refuses are the same as with send().
    explicit ReactorPool(int threads, bool ioUring = true);
    // Hands the remaining work to the reactors, stops them and closes what is left.
    ~ReactorPool();
    ReactorPool(const ReactorPool &) = delete;
    ReactorPool &operator=(const ReactorPool &) = delete;

    bool isValid() const { return !m_reactors.empty(); }
    int threadCount() const { return int(m_reactors.size()); }
    bool usesIoUring() const;

    // Gives the connected non-blocking `descriptor` to the next reactor (round robin). The
    // handle stays valid on the server thread until release().
    Channel *attach(qintptr descriptor);
    // Writes `frame` after everything written to the channel before, in order.
    void write(Channel *channel, const QByteArray &frame);
    // Ends the sending direction (shutdown(SHUT_WR)) once the queued bytes are out.
    void shutdownWhenFlushed(Channel *channel);
    // Sends what is queued if the kernel takes it at once, then closes the descriptor and frees
    // the channel. The handle must not be used afterwards.
    void release(Channel *channel);
    // Bytes handed to write() that the kernel has not taken yet: still with the reactor, or
    // queued there because the kernel refused them.
    qint64 queuedBytes(Channel *channel) const;
    // queuedBytes(channel) > limit, without touching what the reactor writes while a cheaper
    // bound (what was queued when last looked at, plus what was handed over since) is within it.
    bool queuedMoreThan(Channel *channel, qint64 limit) const;

    // Between beginBatch() and endBatch() (they nest), writes are collected per reactor and
    // handed over in one piece at the outermost endBatch(); consecutive writes of the same frame
    // become one frame with a list of targets.
    void beginBatch() { ++m_batchDepth; }
    void endBatch();

private:
    class Reactor;
    struct Job;
    void post(int reactor, Job job);

    std::vector<std::unique_ptr<Reactor>> m_reactors;
    std::vector<std::vector<Job>> m_staged; // per reactor, while batching (server thread only)
    int m_batchDepth = 0;
    int m_next = 0;
};

} // namespace engineio
