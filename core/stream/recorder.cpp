#include "stream/recorder.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace stream {

namespace {

bool isRecordedType(const QString &type)
{
    return type == QLatin1String("delta") || type == QLatin1String("full")
        || type == QLatin1String("cursor") || type == QLatin1String("meta");
}

// One line waiting to be written: a ready line (the header) or an event to encode.
struct PendingLine
{
    double seconds = 0;
    QJsonObject message;
    QByteArray raw;
};

} // namespace

} // namespace stream

// The queue grows by moving its elements: no reference counting on the caller's thread.
Q_DECLARE_TYPEINFO(stream::PendingLine, Q_RELOCATABLE_TYPE);

namespace stream {

// The file and the buffer it drains; the thread is the only one that touches `file` after open.
struct Recorder::Worker
{
    Worker(Recorder *q, int flushIntervalMs)
        : q(q)
        , flushInterval(flushIntervalMs)
    { }

    void run();
    bool writeLines(const QList<PendingLine> &lines);
    void reportError(const QString &message);

    Recorder *q;
    std::chrono::milliseconds flushInterval;
    QFile file;
    std::thread thread;
    std::mutex mutex;
    std::condition_variable wake;
    QList<PendingLine> queue; // guarded by mutex
    bool flushRequested = false; // guarded by mutex
    bool stopping = false; // guarded by mutex
    bool failed = false; // the thread's own
};

void Recorder::Worker::run()
{
    for (;;) {
        QList<PendingLine> lines;
        bool stop = false;
        {
            std::unique_lock lock(mutex);
            wake.wait_for(lock, flushInterval, [this] { return stopping || flushRequested; });
            lines.swap(queue);
            flushRequested = false;
            stop = stopping;
        }
        if (!failed && !lines.isEmpty() && !writeLines(lines))
            failed = true;
        if (stop)
            break;
    }
    file.close();
}

bool Recorder::Worker::writeLines(const QList<PendingLine> &lines)
{
    QByteArray chunk;
    for (const PendingLine &line : lines) {
        QByteArray bytes = line.raw;
        if (bytes.isEmpty()) {
            const QJsonArray event {
                line.seconds, line.message.value(QLatin1String("type")).toString(), line.message};
            bytes = QJsonDocument(event).toJson(QJsonDocument::Compact);
        }
        if (bytes.size() > maxRecordingLineBytes) {
            // The recording gets a gap here; the reader resumes at the next full.
            reportError(QStringLiteral("a %1-byte message is too large to record; skipped")
                            .arg(bytes.size()));
            continue;
        }
        chunk += bytes;
        chunk += '\n';
        if (chunk.size() >= 1 << 20) {
            if (file.write(chunk) != chunk.size() || !file.flush())
                break;
            chunk.clear();
        }
    }
    if (file.error() == QFileDevice::NoError && file.write(chunk) == chunk.size() && file.flush())
        return true;
    reportError(QStringLiteral("cannot write the recording %1: %2")
                    .arg(file.fileName(), file.errorString()));
    return false;
}

void Recorder::Worker::reportError(const QString &message)
{
    QMetaObject::invokeMethod(
        q, [recorder = q, message] { emit recorder->errorOccurred(message); },
        Qt::QueuedConnection);
}

Recorder::Recorder(QObject *parent)
    : QObject(parent)
{ }

Recorder::~Recorder()
{
    stopWorker();
}

bool Recorder::open(const QString &path, const RecordingHeader &header)
{
    stopWorker();
    auto worker = std::make_unique<Worker>(this, m_flushIntervalMs);
    worker->file.setFileName(path);
    if (!worker->file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_errorString = worker->file.errorString();
        return false;
    }
    m_errorString.clear();
    RecordingHeader stamped = header;
    if (!stamped.startTime.isValid())
        stamped.startTime = QDateTime::currentDateTimeUtc();
    worker->queue.append(PendingLine {0, {}, stamped.toJsonLine()});
    m_clock.start();
    m_worker = std::move(worker);
    m_worker->thread = std::thread([worker = m_worker.get()] { worker->run(); });
    return true;
}

bool Recorder::isOpen() const
{
    return m_worker != nullptr;
}

QString Recorder::errorString() const
{
    return m_errorString;
}

void Recorder::setFlushInterval(int ms)
{
    m_flushIntervalMs = ms;
}

double Recorder::elapsed() const
{
    return m_clock.isValid() ? double(m_clock.nsecsElapsed() / 1000) / 1e6 : 0.0;
}

void Recorder::record(const QJsonObject &message)
{
    recordAt(elapsed(), message);
}

void Recorder::recordAt(double seconds, const QJsonObject &message)
{
    if (!m_worker || !isRecordedType(message.value(QLatin1String("type")).toString()))
        return;
    std::lock_guard lock(m_worker->mutex);
    m_worker->queue.append(PendingLine {seconds, message, {}});
}

void Recorder::flush()
{
    if (!m_worker)
        return;
    {
        std::lock_guard lock(m_worker->mutex);
        m_worker->flushRequested = true;
    }
    m_worker->wake.notify_one();
}

void Recorder::close()
{
    stopWorker();
    // The worker's last errors are queued to this object; deliver them now.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

void Recorder::stopWorker()
{
    if (!m_worker)
        return;
    {
        std::lock_guard lock(m_worker->mutex);
        m_worker->stopping = true;
    }
    m_worker->wake.notify_one();
    m_worker->thread.join();
    m_worker.reset();
}

} // namespace stream
