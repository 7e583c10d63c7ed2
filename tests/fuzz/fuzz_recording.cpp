// libFuzzer target: the .cscast recording reader (docs/recording.md). The input is a whole
// recording file. Whatever it holds, loading must not crash or hang, and every step the reader
// indexed must be rebuilt from its keyframes (a lost step gives nothing).
#include "stream/recordingreader.h"

#include <QBuffer>
#include <QCoreApplication>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QBuffer buffer;
    buffer.setData(reinterpret_cast<const char *>(data), qsizetype(size));
    buffer.open(QIODevice::ReadOnly);
    stream::RecordingReader reader;
    reader.setKeyframeInterval(256);
    reader.setMaxLineBytes(64 * 1024);
    auto recording = reader.read(&buffer);
    if (!recording)
        return 0;

    const qsizetype steps = recording->stepCount();
    const qsizetype stride = std::max<qsizetype>(1, steps / 16);
    for (qsizetype i = 0; i < steps; i += stride) {
        const stream::RecordingStep &step = recording->step(i);
        const auto text = recording->textAtStep(i);
        if (step.lost != !text.has_value())
            abort();
        if (!step.lost && recording->stepForVersion(step.version).has_value() == false)
            abort();
        (void)recording->documentAtTime(step.time);
    }
    if (steps > 0 && recording->duration() < recording->step(steps - 1).time)
        abort();
    (void)recording->describeRanges();
    return 0;
}
