#include "engineio/writereactor_p.h"

#ifdef Q_OS_LINUX
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

namespace engineio {

ReactorPool::Reactor::Reactor(int index, bool ioUring)
    : m_index(index)
{
#ifdef Q_OS_LINUX
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (!isValid())
        return;
#ifdef CODESTREAM_HAVE_LIBURING
    // A ring refused (an old kernel, a sandbox's seccomp filter, kernel.io_uring_disabled) only
    // means one send() per frame.
    if (ioUring)
        m_uring = m_ringSetUp = io_uring_queue_init(kRingEntries, &m_ring, 0) == 0;
#else
    Q_UNUSED(ioUring);
#endif
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.ptr = nullptr; // the eventfd
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &event);
    m_thread = std::thread([this] { run(); });
#endif
}

ReactorPool::Reactor::~Reactor()
{
    if (m_thread.joinable()) {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        wake();
        m_thread.join();
    }
#ifdef CODESTREAM_HAVE_LIBURING
    if (m_uring) // not already given up after a failure
        io_uring_queue_exit(&m_ring);
#endif
#ifdef Q_OS_LINUX
    if (m_wake >= 0)
        ::close(m_wake);
    if (m_epoll >= 0)
        ::close(m_epoll);
#endif
}

void ReactorPool::Reactor::wake()
{
#ifdef Q_OS_LINUX
    const quint64 one = 1;
    [[maybe_unused]] const auto written = ::write(m_wake, &one, sizeof one);
#endif
}

void ReactorPool::Reactor::submit(std::vector<Job> &jobs)
{
    bool wasEmpty = false;
    {
        std::lock_guard lock(m_mutex);
        wasEmpty = m_jobs.empty();
        if (wasEmpty) {
            m_jobs.swap(jobs);
        } else {
            for (Job &job : jobs)
                m_jobs.push_back(std::move(job));
        }
    }
    jobs.clear();
    if (wasEmpty)
        wake();
}

void ReactorPool::Reactor::submit(Job job)
{
    bool wasEmpty = false;
    {
        std::lock_guard lock(m_mutex);
        wasEmpty = m_jobs.empty();
        m_jobs.push_back(std::move(job));
    }
    if (wasEmpty)
        wake();
}

void ReactorPool::Reactor::run()
{
#ifdef Q_OS_LINUX
    const QByteArray name = "cs-fanout-" + QByteArray::number(m_index);
    ::pthread_setname_np(::pthread_self(), name.constData());
    constexpr int kBatch = 256;
    epoll_event events[kBatch];
    std::vector<Job> jobs;
    for (;;) {
        const int count = ::epoll_wait(m_epoll, events, kBatch, -1);
        for (int i = 0; i < count; ++i) {
            if (!events[i].data.ptr) {
                quint64 value = 0;
                [[maybe_unused]] const auto read = ::read(m_wake, &value, sizeof value);
                continue;
            }
            // Channels are released only by jobs, which run after this loop: still allocated.
            auto *channel = static_cast<Channel *>(events[i].data.ptr);
            if (events[i].events & (EPOLLERR | EPOLLHUP) && !(events[i].events & EPOLLOUT))
                fail(channel);
            else
                flush(channel);
        }
        bool stopping = false;
        {
            std::lock_guard lock(m_mutex);
            jobs.swap(m_jobs);
            stopping = m_stopping;
        }
        for (Job &job : jobs)
            execute(job);
        jobs.clear();
        if (stopping) {
            std::lock_guard lock(m_mutex);
            if (m_jobs.empty())
                return;
        }
    }
#endif
}

void ReactorPool::Reactor::execute(Job &job)
{
#ifdef Q_OS_LINUX
    Channel *channel = job.channel;
    switch (job.kind) {
    case Job::Kind::Write:
#ifdef CODESTREAM_HAVE_LIBURING
        if (m_uring) {
            writeBatch(job);
            return;
        }
#endif
        writeTo(channel, job.frame);
        for (Channel *target : job.more)
            writeTo(target, job.frame);
        return;
    case Job::Kind::Shutdown:
        channel->shutdownPending = true;
        if (channel->queue.isEmpty() && !channel->failed)
            ::shutdown(channel->fd, SHUT_WR);
        return;
    case Job::Kind::Release:
        if (!channel->failed && !channel->queue.isEmpty())
            flush(channel); // best effort: whatever the kernel takes now
        if (channel->watching)
            ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, channel->fd, nullptr);
        ::close(channel->fd);
        delete channel;
        return;
    }
#else
    Q_UNUSED(job);
#endif
}

void ReactorPool::Reactor::writeTo(Channel *channel, const QByteArray &frame)
{
#ifdef Q_OS_LINUX
    if (channel->failed) {
        channel->take(frame.size());
        return;
    }
    if (!channel->queue.isEmpty()) {
        channel->queue.append(frame);
        return;
    }
    const ssize_t result
        = ::send(channel->fd, frame.constData(), size_t(frame.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    sent(channel, frame, result < 0 ? -errno : result);
#else
    Q_UNUSED(channel);
    Q_UNUSED(frame);
#endif
}

// What a send of the whole `frame` to a channel with nothing queued returned: the bytes taken,
// or minus the error number.
void ReactorPool::Reactor::sent(Channel *channel, const QByteArray &frame, qint64 result)
{
#ifdef Q_OS_LINUX
    if (result == frame.size()) {
        channel->take(result);
        return;
    }
    if (result < 0) {
        if (result != -EAGAIN && result != -EWOULDBLOCK && result != -EINTR) {
            channel->take(frame.size());
            fail(channel);
            return;
        }
        result = 0;
    }
    channel->take(result);
    channel->queue.append(frame);
    channel->queueOffset = qsizetype(result);
    watch(channel, true);
#else
    Q_UNUSED(channel);
    Q_UNUSED(frame);
    Q_UNUSED(result);
#endif
}

#ifdef CODESTREAM_HAVE_LIBURING
// A broadcast's frame to each of its channels: one send request each in the ring, all submitted
// with one system call, completed (and what the kernel refused queued) before the next job, so
// the order of frames on each connection is the order of the jobs.
void ReactorPool::Reactor::writeBatch(const Job &job)
{
    const QByteArray &frame = job.frame;
    m_batch.clear();
    auto add = [&](Channel *channel) {
        // At most one request per channel in the ring: a second one (the same frame twice)
        // waits until the first completed, so a partial send is never followed by more bytes.
        if (channel->batch == m_batchNumber && !m_batch.empty())
            completeBatch(frame);
        if (!m_uring || channel->failed || !channel->queue.isEmpty()) {
            // send() after a failed ring; writeTo() also drops a frame for a failed channel
            // and queues one behind bytes the kernel refused.
            writeTo(channel, frame);
            return;
        }
        io_uring_sqe *request = io_uring_get_sqe(&m_ring);
        if (!request) {
            completeBatch(frame);
            if (!m_uring) {
                writeTo(channel, frame);
                return;
            }
            request = io_uring_get_sqe(&m_ring);
        }
        channel->batch = m_batchNumber;
        io_uring_prep_send(request, channel->fd, frame.constData(), size_t(frame.size()),
                           MSG_NOSIGNAL | MSG_DONTWAIT);
        io_uring_sqe_set_data64(request, m_batch.size());
        m_batch.push_back(channel);
    };
    add(job.channel);
    for (Channel *target : job.more)
        add(target);
    completeBatch(frame);
}

// Submits the prepared requests and handles every completion. Only a failure of the ring itself
// (not of a send) ends the loop early: the ring is then given up and the requests it did not
// complete are sent with send(); the kernel consumes no request of a failed submission, so none
// is sent twice.
void ReactorPool::Reactor::completeBatch(const QByteArray &frame)
{
    ++m_batchNumber;
    size_t open = m_batch.size();
    while (open > 0) {
        const int submitted = io_uring_submit_and_wait(&m_ring, 1);
        io_uring_cqe *completion = nullptr;
        unsigned head = 0;
        unsigned seen = 0;
        io_uring_for_each_cqe(&m_ring, head, completion)
        {
            Channel *&channel = m_batch[size_t(io_uring_cqe_get_data64(completion))];
            sent(channel, frame, completion->res);
            channel = nullptr;
            ++seen;
        }
        io_uring_cq_advance(&m_ring, seen);
        open -= seen;
        if (submitted < 0 && seen == 0 && submitted != -EINTR && submitted != -EAGAIN
            && submitted != -EBUSY && submitted != -ENOMEM) {
            qWarning("write reactor %d: io_uring failed (%s); sending with send() from now on",
                     m_index, strerror(-submitted));
            io_uring_queue_exit(&m_ring);
            m_uring = false;
            for (Channel *channel : m_batch) {
                if (channel)
                    writeTo(channel, frame);
            }
            break;
        }
    }
    m_batch.clear();
}
#endif

void ReactorPool::Reactor::flush(Channel *channel)
{
#ifdef Q_OS_LINUX
    while (!channel->queue.isEmpty() && !channel->failed) {
        const QByteArray &front = channel->queue.front();
        const qsizetype remaining = front.size() - channel->queueOffset;
        const ssize_t sent = ::send(channel->fd, front.constData() + channel->queueOffset,
                                    size_t(remaining), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                return;
            fail(channel);
            return;
        }
        channel->take(sent);
        if (sent < remaining) {
            channel->queueOffset += sent;
            return;
        }
        channel->queue.removeFirst();
        channel->queueOffset = 0;
    }
    watch(channel, false);
    if (channel->shutdownPending && !channel->failed)
        ::shutdown(channel->fd, SHUT_WR);
#else
    Q_UNUSED(channel);
#endif
}

void ReactorPool::Reactor::watch(Channel *channel, bool on)
{
#ifdef Q_OS_LINUX
    if (channel->watching == on)
        return;
    epoll_event event {};
    event.events = EPOLLOUT;
    event.data.ptr = channel;
    ::epoll_ctl(m_epoll, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, channel->fd, on ? &event : nullptr);
    channel->watching = on;
#else
    Q_UNUSED(channel);
    Q_UNUSED(on);
#endif
}

void ReactorPool::Reactor::fail(Channel *channel)
{
    // The read side on the server thread sees the same error or end of stream and ends the
    // connection; until its release, nothing more is sent here.
    channel->failed = true;
    qint64 dropped = -channel->queueOffset;
    for (const QByteArray &frame : std::as_const(channel->queue))
        dropped += frame.size();
    channel->take(dropped);
    channel->queue.clear();
    channel->queueOffset = 0;
    watch(channel, false);
}

} // namespace engineio
