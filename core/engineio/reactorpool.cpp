#include "engineio/reactorpool.h"

#include "engineio/writereactor_p.h"

namespace engineio {

ReactorPool::ReactorPool(int threads, bool ioUring)
{
#ifdef Q_OS_LINUX
    for (int i = 0; i < qMax(1, threads); ++i) {
        auto reactor = std::make_unique<Reactor>(i, ioUring);
        if (!reactor->isValid())
            break;
        m_reactors.push_back(std::move(reactor));
    }
    m_staged.resize(m_reactors.size());
#else
    Q_UNUSED(threads);
    Q_UNUSED(ioUring);
#endif
}

bool ReactorPool::usesIoUring() const
{
    return !m_reactors.empty() && m_reactors.front()->usesIoUring();
}

ReactorPool::~ReactorPool()
{
    m_batchDepth = 1;
    endBatch();
    m_reactors.clear(); // each runs what is queued, then stops
}

ReactorPool::Channel *ReactorPool::attach(qintptr descriptor)
{
    auto *channel = new Channel;
    channel->fd = int(descriptor);
    channel->reactor = m_next;
    m_next = (m_next + 1) % qMax(1, threadCount());
    return channel;
}

void ReactorPool::post(int reactor, Job job)
{
    if (m_batchDepth == 0)
        m_reactors[size_t(reactor)]->submit(std::move(job));
    else
        m_staged[size_t(reactor)].push_back(std::move(job));
}

void ReactorPool::write(Channel *channel, const QByteArray &frame)
{
    if (frame.isEmpty())
        return;
    channel->handedBytes += frame.size();
    if (m_batchDepth > 0) {
        // A broadcast: the same shared bytes as the staged job (which keeps them alive, so the
        // address is not reused) only add a target, without a job or a reference of their own.
        std::vector<Job> &staged = m_staged[size_t(channel->reactor)];
        if (!staged.empty()) {
            Job &last = staged.back();
            if (last.kind == Job::Kind::Write && last.frame.constData() == frame.constData()
                && last.frame.size() == frame.size()) {
                last.more.push_back(channel);
                return;
            }
        }
    }
    Job job;
    job.channel = channel;
    job.frame = frame;
    post(channel->reactor, std::move(job));
}

void ReactorPool::shutdownWhenFlushed(Channel *channel)
{
    Job job;
    job.kind = Job::Kind::Shutdown;
    job.channel = channel;
    post(channel->reactor, std::move(job));
}

void ReactorPool::release(Channel *channel)
{
    Job job;
    job.kind = Job::Kind::Release;
    job.channel = channel;
    post(channel->reactor, std::move(job));
}

qint64 ReactorPool::queuedBytes(Channel *channel) const
{
    channel->takenSeen = channel->takenBytes.load(std::memory_order_acquire);
    return channel->handedBytes - channel->takenSeen;
}

bool ReactorPool::queuedMoreThan(Channel *channel, qint64 limit) const
{
    // handedBytes - takenSeen is never less than what is queued: read the reactor's count (a
    // cache line it writes with every frame) only when that bound is above the limit.
    if (channel->handedBytes - channel->takenSeen <= limit)
        return false;
    return queuedBytes(channel) > limit;
}

void ReactorPool::endBatch()
{
    if (m_batchDepth == 0 || --m_batchDepth > 0)
        return;
    for (size_t i = 0; i < m_staged.size(); ++i) {
        if (!m_staged[i].empty())
            m_reactors[i]->submit(m_staged[i]);
    }
}

} // namespace engineio
