// Benchmark of a watcher's live rewind history (docs/recording.md §6): the cost that keeping the
// history adds to every delta received, and seeking in a full history. Prints numbers, asserts
// nothing (exits 1 only when a seek gives a wrong text).
//
//   bench_livehistory [--deltas N] [--size BYTES] [--bound MIB]
//
// Defaults: 400,000 deltas (8 hours at one delta every 72 ms) typed into a 100 KB document, with
// the default bound of 64 MiB, so that the history fills up and drops its oldest parts.
#include "stream/livehistory.h"
#include "stream/memorytextdocument.h"
#include "stream/streammessage.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QRandomGenerator>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace stream;

namespace {

double rssMiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024;
    return 0;
}

// CPU time of this thread: the machine may be shared, wall time then counts other work.
double threadCpuNs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e9 + double(now.tv_nsec);
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.at(qsizetype(p * double(values.size() - 1)));
}

// A writer typing at a cursor that jumps to a random place every 50 edits; one edit in five
// erases what was just typed.
class Typist
{
public:
    Typist(qsizetype size, quint32 seed)
        : m_random(seed)
    {
        QString text;
        text.reserve(size);
        while (text.size() < size) {
            QString line(79, u'x');
            for (QChar &c : line)
                c = QChar(u'a' + m_random.bounded(26));
            text += line + u'\n';
        }
        m_document.setText(text);
    }

    QJsonObject nextDelta()
    {
        if (m_version % 50 == 0) {
            m_cursor = m_random.bounded(int(m_document.length()) + 1);
            m_typedHere = 0;
        }
        TextChange change;
        if (m_typedHere > 0 && m_random.bounded(5) == 0) {
            const qsizetype erase = std::min<qsizetype>(m_typedHere, 1 + m_random.bounded(3));
            change = makeTextChange(m_document, m_cursor - erase, erase, QString());
            m_document.replace(m_cursor - erase, erase, QString());
            m_cursor -= erase;
            m_typedHere -= erase;
        } else {
            QString typed;
            const int count = 1 + m_random.bounded(8);
            for (int i = 0; i < count; ++i)
                typed += QChar(u' ' + m_random.bounded(95));
            change = makeTextChange(m_document, m_cursor, 0, typed);
            m_document.replace(m_cursor, 0, typed);
            m_cursor += count;
            m_typedHere += count;
        }
        ContentChangeEvent event;
        event.changes.append(change);
        event.versionId = m_version + 2;
        return encodeMessage(DeltaMessage {m_version++, {event}});
    }

    qint64 version() const { return m_version; }
    const MemoryTextDocument &document() const { return m_document; }

private:
    MemoryTextDocument m_document;
    QRandomGenerator m_random;
    qint64 m_version = 0;
    qsizetype m_cursor = 0;
    qsizetype m_typedHere = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qsizetype deltas = 400000;
    qsizetype size = 100 * 1000;
    qint64 boundMiB = 64;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == QLatin1String("--deltas"))
            deltas = args.at(i + 1).toLongLong();
        else if (args.at(i) == QLatin1String("--size"))
            size = args.at(i + 1).toLongLong();
        else if (args.at(i) == QLatin1String("--bound"))
            boundMiB = args.at(i + 1).toLongLong();
    }

    Typist typist(size, 2026);
    LiveHistory history(boundMiB * 1024 * 1024);
    const double rssBefore = rssMiB("VmRSS:");
    history.appendAt(0, encodeMessage(FullMessage {0, typist.document().text()}));

    // Messages are made and decoded in batches outside the clock, as the watcher session decodes
    // each message once and hands it on (StreamWatcher::messageDecoded); only appendAt() is
    // timed, and the decoding, done by the session anyway, is timed apart.
    constexpr qsizetype batch = 1000;
    QList<double> batchUs;
    double appendNs = 0;
    double appendCpuNs = 0;
    double decodeCpuNs = 0;
    QElapsedTimer clock;
    // Hashes of the texts of late versions, checked after the run.
    QMap<qint64, size_t> samples;
    QRandomGenerator random(7);
    for (qsizetype done = 0; done < deltas;) {
        QList<QJsonObject> messages;
        const qsizetype count = std::min(batch, deltas - done);
        messages.reserve(count);
        for (qsizetype i = 0; i < count; ++i) {
            messages.append(typist.nextDelta());
            if (done + i > deltas - 20000 && random.bounded(200) == 0)
                samples.insert(typist.version() - 1, qHash(typist.document().text()));
        }
        QList<StreamMessage> decoded;
        decoded.reserve(count);
        double cpu = threadCpuNs();
        for (const QJsonObject &message : std::as_const(messages))
            decoded.append(*decodeMessage(message));
        decodeCpuNs += threadCpuNs() - cpu;
        cpu = threadCpuNs();
        clock.start();
        for (qsizetype i = 0; i < count; ++i)
            history.appendAt(0.072 * double(done + i + 1), decoded.at(i));
        const double ns = double(clock.nsecsElapsed());
        appendCpuNs += threadCpuNs() - cpu;
        appendNs += ns;
        batchUs.append(ns / 1000.0 / double(count));
        done += count;
    }
    std::printf("history: %lld deltas into a %.0f KB document, bound %lld MiB\n", qint64(deltas),
                double(size) / 1000, boundMiB);
    std::printf(
        "append: %.2f us CPU per delta (decoding, done once by the watcher session: %.2f us); "
        "wall %.2f us "
        "(batches of %lld: median %.2f, p90 %.2f, max %.2f)\n",
        appendCpuNs / 1000.0 / double(deltas), decodeCpuNs / 1000.0 / double(deltas),
        appendNs / 1000.0 / double(deltas), qint64(batch), percentile(batchUs, 0.5),
        percentile(batchUs, 0.9), percentile(batchUs, 1.0));
    const auto first = history.firstPoint();
    const auto last = history.lastPoint();
    if (!first || !last) {
        std::fprintf(stderr, "the history holds nothing (suspended: %s)\n",
                     history.isSuspended() ? "yes" : "no");
        return 1;
    }
    std::printf("held: %.1f MiB counted, RSS grew %.0f MiB; %d parts (%d dropped), %lld steps, "
                "%lld keyframes; versions %lld-%lld, %.0f s of %.0f s\n",
                double(history.byteCount()) / (1024 * 1024), rssMiB("VmRSS:") - rssBefore,
                history.partCount(), history.droppedParts(), qint64(history.stepCount()),
                qint64(history.keyframeCount()), first->version, last->version,
                history.lastTime() - first->time, history.lastTime());

    QList<double> timeSeeks;
    QList<double> versionSeeks;
    bool equal = true;
    for (int i = 0; i < 100; ++i) {
        const double seconds
            = first->time + random.bounded(std::max(0.001, history.lastTime() - first->time));
        clock.start();
        const auto text = history.documentAtTime(seconds);
        timeSeeks.append(double(clock.nsecsElapsed()) / 1e6);
        equal = equal && text.has_value();
        const qint64 version
            = first->version + random.bounded(std::max(1, int(last->version - first->version)));
        clock.start();
        const auto atVersion = history.documentAtVersion(version);
        versionSeeks.append(double(clock.nsecsElapsed()) / 1e6);
        equal = equal && atVersion.has_value();
    }
    for (auto it = samples.cbegin(); it != samples.cend(); ++it)
        equal
            = equal && qHash(history.documentAtVersion(it.key()).value_or(QString())) == it.value();
    equal = equal && history.textAt(*last) == typist.document().text();
    std::printf("seek by time:    median %.2f ms, p90 %.2f ms, max %.2f ms (100 random)\n",
                percentile(timeSeeks, 0.5), percentile(timeSeeks, 0.9), percentile(timeSeeks, 1.0));
    std::printf("seek by version: median %.2f ms, p90 %.2f ms, max %.2f ms (100 random)\n",
                percentile(versionSeeks, 0.5), percentile(versionSeeks, 0.9),
                percentile(versionSeeks, 1.0));
    std::printf("%lld sampled versions and the last one: %s\n", qint64(samples.size()),
                equal ? "equal" : "MISMATCH");
    return equal ? 0 : 1;
}
