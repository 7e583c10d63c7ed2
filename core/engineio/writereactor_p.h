#pragma once

// The parts of ReactorPool that its two source files share: a connection's write side, a piece
// of work, and the write reactor (writereactor.cpp). Private to codestream_engineio.

#include "engineio/reactorpool.h"

#include <QList>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#ifdef CODESTREAM_HAVE_LIBURING
#include <liburing.h>
#endif

namespace engineio {

// One connection's write side, in three cache lines so that the two threads never write the same
// one on the path of every frame: the first is set by attach() and otherwise written by the reactor
// only when the kernel refuses bytes; `takenBytes` is written by the reactor alone (the bytes the
// kernel took or that were dropped); `handedBytes` and `takenSeen` by the server thread alone.
// handedBytes - takenBytes are the bytes still with the reactor, so the server thread's bound on
// a slow reader also covers the frames its reactor has not reached yet.
struct ReactorPool::Channel
{
    int fd = -1;
    int reactor = 0;
    QList<QByteArray> queue; // empty unless the kernel refused bytes
    qsizetype queueOffset = 0; // bytes of queue.front() already sent
    bool watching = false; // registered for EPOLLOUT in the reactor's epoll
    bool failed = false; // a send failed: the peer is gone, nothing more is sent
    bool shutdownPending = false;
    quint64 batch = 0; // the reactor's io_uring batch that holds a request for this channel

    alignas(64) std::atomic<qint64> takenBytes {0};

    alignas(64) qint64 handedBytes = 0;
    qint64 takenSeen = 0; // the last value of takenBytes the server thread read

    // Reactor only: one writer, so a plain load and store instead of a read-modify-write.
    void take(qint64 bytes)
    {
        takenBytes.store(takenBytes.load(std::memory_order_relaxed) + bytes,
                         std::memory_order_release);
    }
};

// A piece of work for a reactor: a frame to one or more channels, or a channel to shut down or
// release. The targets of a broadcast are `channel` and then `more`.
struct ReactorPool::Job
{
    enum class Kind { Write, Shutdown, Release };
    Kind kind = Kind::Write;
    Channel *channel = nullptr;
    QByteArray frame;
    std::vector<Channel *> more;
};

// One write reactor: a thread blocked in epoll_wait on its eventfd (new jobs) and on the
// descriptors that wait to become writable.
class ReactorPool::Reactor final
{
    static constexpr unsigned kRingEntries = 1024;

public:
    Reactor(int index, bool ioUring);
    ~Reactor(); // runs the jobs still queued, then stops
    bool isValid() const { return m_epoll >= 0 && m_wake >= 0; }
    bool usesIoUring() const { return m_ringSetUp; }
    // Appends jobs (server thread); wakes the thread when its queue was empty.
    void submit(std::vector<Job> &jobs);
    void submit(Job job);

private:
    void run();
    void wake();
    void execute(Job &job);
    void writeTo(Channel *channel, const QByteArray &frame);
    void sent(Channel *channel, const QByteArray &frame, qint64 result);
#ifdef CODESTREAM_HAVE_LIBURING
    void writeBatch(const Job &job);
    void completeBatch(const QByteArray &frame);
    io_uring m_ring {};
    std::vector<Channel *> m_batch; // the channels of the requests in the ring, by index
    quint64 m_batchNumber = 1; // channels start at 0: in no batch
#endif
    bool m_uring = false; // reactor thread only: false once the ring failed
    bool m_ringSetUp = false;
    void flush(Channel *channel);
    void watch(Channel *channel, bool on);
    void fail(Channel *channel);

    int m_index;
    int m_epoll = -1;
    int m_wake = -1;
    std::mutex m_mutex;
    std::vector<Job> m_jobs; // guarded by m_mutex
    bool m_stopping = false; // guarded by m_mutex
    std::thread m_thread;
};

} // namespace engineio
