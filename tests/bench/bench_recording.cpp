// Benchmark of .cscast recordings (docs/recording.md): the cost of Recorder::recordAt on the
// caller's thread, loading a long recording, and seeking in it. Prints numbers, asserts nothing.
//
//   bench_recording [--deltas N] [--size BYTES] [--file PATH]
//
// Defaults: 100,000 deltas over a 10 MB document, as in a 2-hour session (one delta every 72 ms):
// a writer types at a cursor that jumps to a random line every 50 edits.
#include "stream/recorder.h"
#include "stream/recordingreader.h"
#include "stream/streammessage.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace stream;

namespace {

// Prefix sums of line lengths (line breaks included), for the offset of a line start.
class LineOffsets
{
public:
    explicit LineOffsets(const QList<qsizetype> &lengths)
        : m_tree(lengths.size() + 1, 0)
    {
        for (qsizetype i = 0; i < lengths.size(); ++i)
            add(i, lengths.at(i));
    }
    void add(qsizetype line, qsizetype delta)
    {
        for (qsizetype i = line + 1; i < m_tree.size(); i += i & -i)
            m_tree[i] += delta;
    }
    qsizetype startOf(qsizetype line) const
    {
        qsizetype sum = 0;
        for (qsizetype i = line; i > 0; i -= i & -i)
            sum += m_tree.at(i);
        return sum;
    }

private:
    QList<qsizetype> m_tree;
};

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

// CPU time of this thread: on a shared machine the wall time also counts other processes.
double threadCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.at(qsizetype(p * double(values.size() - 1)));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qsizetype deltas = 100000;
    qsizetype size = 10 * 1000 * 1000;
    QString path;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == QLatin1String("--deltas"))
            deltas = args.at(i + 1).toLongLong();
        else if (args.at(i) == QLatin1String("--size"))
            size = args.at(i + 1).toLongLong();
        else if (args.at(i) == QLatin1String("--file"))
            path = args.at(i + 1);
    }
    QTemporaryDir dir;
    if (path.isEmpty())
        path = dir.filePath(QStringLiteral("bench.cscast"));

    // The document as lines of 79 characters and "\n".
    QRandomGenerator random(2026);
    const qsizetype lineCount = std::max<qsizetype>(1, size / 80);
    QStringList lines;
    QList<qsizetype> lengths;
    lines.reserve(lineCount);
    for (qsizetype i = 0; i < lineCount; ++i) {
        QString line(79, u'x');
        for (QChar &c : line)
            c = QChar(u'a' + random.bounded(26));
        lines.append(line);
        lengths.append(80);
    }
    LineOffsets offsets(lengths);
    const QString initial = lines.join(u'\n') + u'\n';
    lines.append(QString()); // the empty last line after the final "\n"

    Recorder recorder;
    if (!recorder.open(path, RecordingHeader())) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
        return 1;
    }
    recorder.recordAt(0, encodeMessage(FullMessage {0, initial}));
    QElapsedTimer recordClock;
    qint64 recordNs = 0;
    qsizetype line = 0;
    qsizetype column = 0; // 0-based
    qsizetype typedHere = 0;
    for (qsizetype v = 0; v < deltas; ++v) {
        if (v % 50 == 0) {
            line = random.bounded(int(lineCount));
            column = random.bounded(int(lines.at(line).size()) + 1);
            typedHere = 0;
        }
        TextChange change;
        const qsizetype offset = offsets.startOf(line) + column;
        if (typedHere > 0 && random.bounded(5) == 0) {
            const qsizetype erase = std::min<qsizetype>(typedHere, 1 + random.bounded(3));
            change.range = {int(line + 1), int(column - erase + 1), int(line + 1), int(column + 1)};
            change.rangeOffset = offset - erase;
            change.rangeLength = erase;
            lines[line].remove(column - erase, erase);
            offsets.add(line, -erase);
            column -= erase;
            typedHere -= erase;
        } else {
            const qsizetype count = 1 + random.bounded(8);
            for (qsizetype i = 0; i < count; ++i)
                change.text += QChar(u' ' + random.bounded(95));
            change.range = {int(line + 1), int(column + 1), int(line + 1), int(column + 1)};
            change.rangeOffset = offset;
            lines[line].insert(column, change.text);
            offsets.add(line, count);
            column += count;
            typedHere += count;
        }
        ContentChangeEvent event;
        event.changes.append(change);
        event.versionId = v + 2;
        const QJsonObject message = encodeMessage(DeltaMessage {v, {event}});
        recordClock.start();
        recorder.recordAt(0.072 * double(v + 1), message);
        recordNs += recordClock.nsecsElapsed();
    }
    recorder.close();
    const QString finalText = lines.join(u'\n');
    std::printf("recording: %lld deltas, document %.1f MB (%lld lines), file %.1f MB\n",
                qint64(deltas), double(initial.size()) / 1e6, qint64(lineCount),
                double(QFile(path).size()) / 1e6);
    std::printf("record: %.2f us per delta on the caller's thread\n",
                double(recordNs) / 1000.0 / double(deltas));

    const double rssBefore = rssMiB("VmRSS:");
    QElapsedTimer clock;
    clock.start();
    const double loadCpuStart = threadCpuMs();
    auto recording = RecordingReader().readFile(path);
    const double loadMs = double(clock.nsecsElapsed()) / 1e6;
    const double loadCpuMs = threadCpuMs() - loadCpuStart;
    if (!recording) {
        std::fprintf(stderr, "load failed: %s\n", qPrintable(recording.error()));
        return 1;
    }
    std::printf("load: %.0f ms (CPU %.0f ms), %lld steps, %lld keyframes, %lld warnings, the "
                "loaded recording takes %.0f MiB (peak RSS of the whole run %.0f MiB)\n",
                loadMs, loadCpuMs, qint64(recording->stepCount()),
                qint64(recording->keyframeCount()), qint64(recording->warnings().size()),
                rssMiB("VmRSS:") - rssBefore, rssMiB("VmHWM:"));

    QList<double> versionSeeks;
    QList<double> timeSeeks;
    QList<double> cpuSeeks;
    bool equal = true;
    for (int i = 0; i < 100; ++i) {
        const qint64 version = random.bounded(int(deltas));
        clock.start();
        double cpuStart = threadCpuMs();
        const auto text = recording->documentAtVersion(version);
        versionSeeks.append(double(clock.nsecsElapsed()) / 1e6);
        cpuSeeks.append(threadCpuMs() - cpuStart);
        equal = equal && text.has_value();
        const double seconds = random.bounded(0.072 * double(deltas));
        clock.start();
        cpuStart = threadCpuMs();
        const auto atTime = recording->documentAtTime(seconds);
        timeSeeks.append(double(clock.nsecsElapsed()) / 1e6);
        cpuSeeks.append(threadCpuMs() - cpuStart);
        equal = equal && atTime.has_value();
    }
    clock.start();
    const auto last = recording->finalDocument();
    const double lastMs = double(clock.nsecsElapsed()) / 1e6;
    equal = equal && last == finalText;
    std::printf("seek by version: median %.1f ms, p90 %.1f ms, max %.1f ms (100 random)\n",
                percentile(versionSeeks, 0.5), percentile(versionSeeks, 0.9),
                percentile(versionSeeks, 1.0));
    std::printf("seek by time:    median %.1f ms, p90 %.1f ms, max %.1f ms (100 random)\n",
                percentile(timeSeeks, 0.5), percentile(timeSeeks, 0.9), percentile(timeSeeks, 1.0));
    std::printf("seek CPU time:   median %.1f ms, p90 %.1f ms, max %.1f ms (the 200 above)\n",
                percentile(cpuSeeks, 0.5), percentile(cpuSeeks, 0.9), percentile(cpuSeeks, 1.0));
    std::printf("final document: %.1f ms, %s\n", lastMs, equal ? "equal" : "MISMATCH");
    return equal ? 0 : 1;
}
