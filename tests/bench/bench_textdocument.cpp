// Per-edit cost of stream::MemoryTextDocument (the document of `codestream-cli watch`), on
// documents of 10 KB, 1 MB and 50 MB (Google Benchmark).
//
// - memory_replace: replace() inserting one character in the middle line, then deleting it.
// - memory_apply_change: the same edits as Monaco changes through stream::applyTextChange (the
//   watcher's validation of the range and offsets, then replace()).
// - memory_watcher_apply: a delta's JSON text -> QJsonDocument -> stream::WatcherSession ->
//   MemoryTextDocument (as bench_editor's watcher_apply_memory, without the Widgets libraries).
// - memory_random_edits: replacements of 0 to 7 units by 0 to 5 characters (CRLF, emoji) at
//   random offsets, so the document's pieces keep multiplying; the size stays about the same.
// - memory_position_round_trip: positionAt() and offsetAt() of a random offset.
// - memory_text: text() of a document cut into about 20,000 pieces by scattered edits (what
//   `codestream-cli watch` writes out after each burst of deltas).
// - memory_write_text_utf8: the same document written to /dev/null as text().toUtf8() (how
//   `watch --output` wrote it before), and memory_write_pieces_utf8: written piece by piece with
//   stream::writeDocumentUtf8 (how it writes it now).
// - memory_set_text: setText() of the whole text (a full message; also the cost of the rebuild
//   that compacts the pieces).
//
// Numbers only; nothing here asserts a time.

#include "benchdocument.h"

#include "stream/documentfile.h"
#include "stream/memorytextdocument.h"
#include "stream/watchersession.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QString>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>

namespace {

using benchdocument::documentText;
using benchdocument::makeDocument;
using benchdocument::sizeArgs;

// A long line near the middle of a makeDocument() text (every tenth line from the second on).
int middleLine(int lineCount)
{
    return (lineCount / 2) / 10 * 10 + 1;
}

void BM_memory_replace(benchmark::State &state)
{
    stream::MemoryTextDocument document(documentText(state.range(0)));
    const qsizetype offset = document.lineStart(middleLine(document.lineCount())) + 4;
    const QString x = QStringLiteral("x");
    bool insert = true;
    for (auto _ : state) {
        if (insert)
            document.replace(offset, 0, x);
        else
            document.replace(offset, 1, QString());
        insert = !insert;
    }
}
BENCHMARK(BM_memory_replace)->Apply(sizeArgs);

void BM_memory_apply_change(benchmark::State &state)
{
    stream::MemoryTextDocument document(documentText(state.range(0)));
    const int line = middleLine(document.lineCount());
    const qsizetype offset = document.lineStart(line) + 4;
    const stream::TextChange insert {stream::TextRange {line + 1, 5, line + 1, 5}, offset, 0,
                                     QStringLiteral("x")};
    const stream::TextChange remove {stream::TextRange {line + 1, 5, line + 1, 6}, offset, 1,
                                     QString()};
    bool inserting = true;
    for (auto _ : state) {
        const auto applied = stream::applyTextChange(document, inserting ? insert : remove);
        if (!applied) {
            state.SkipWithError("a change was rejected");
            break;
        }
        inserting = !inserting;
    }
}
BENCHMARK(BM_memory_apply_change)->Apply(sizeArgs);

// The JSON text of delta `version`: insert "x" at column 5 of `line0`, or delete it again.
QByteArray deltaJson(qint64 version, int line0, qsizetype offset, bool insert)
{
    const QByteArray line = QByteArray::number(line0 + 1);
    const QByteArray endColumn = QByteArray::number(insert ? 5 : 6);
    return QByteArray("{\"type\":\"delta\",\"version\":") + QByteArray::number(version)
        + QByteArray(",\"changes\":[{\"changes\":[{\"range\":{\"startLineNumber\":") + line
        + QByteArray(",\"startColumn\":5,\"endLineNumber\":") + line + QByteArray(",\"endColumn\":")
        + endColumn + QByteArray("},\"rangeOffset\":") + QByteArray::number(offset)
        + QByteArray(",\"rangeLength\":") + QByteArray(insert ? "0" : "1")
        + QByteArray(",\"text\":\"") + QByteArray(insert ? "x" : "")
        + QByteArray("\"}],\"eol\":\"\\n\",\"versionId\":") + QByteArray::number(version + 2)
        + QByteArray(",\"isUndoing\":false,\"isRedoing\":false,\"isFlush\":false,"
                     "\"isEolChange\":false}]}");
}

void BM_memory_watcher_apply(benchmark::State &state)
{
    stream::MemoryTextDocument document;
    stream::WatcherSession watcher(&document);
    QJsonObject full;
    full.insert(QStringLiteral("type"), QStringLiteral("full"));
    full.insert(QStringLiteral("version"), 0);
    full.insert(QStringLiteral("content"), documentText(state.range(0)));
    watcher.handleMessage(full);
    full = {};
    const int line = middleLine(document.lineCount());
    const qsizetype offset = document.lineStart(line) + 4;
    qint64 version = 0;
    for (auto _ : state) {
        const QByteArray json = deltaJson(version, line, offset, version % 2 == 0);
        watcher.handleMessage(QJsonDocument::fromJson(json).object());
        ++version;
    }
    if (watcher.nextVersion() != version)
        state.SkipWithError("the watcher did not apply every delta");
}
BENCHMARK(BM_memory_watcher_apply)->Apply(sizeArgs);

void BM_memory_random_edits(benchmark::State &state)
{
    static const QString alphabet = QStringLiteral("ab \r\n\r\né中😀\n");
    stream::MemoryTextDocument document(documentText(state.range(0)));
    QRandomGenerator random(20261201);
    for (auto _ : state) {
        const qsizetype size = document.length();
        const qsizetype offset = qsizetype(random.bounded(quint64(size) + 1));
        const qsizetype length = std::min<qsizetype>(random.bounded(8), size - offset);
        QString text;
        for (int i = random.bounded(6); i > 0; --i)
            text += alphabet.at(random.bounded(int(alphabet.size())));
        document.replace(offset, length, text);
    }
}
BENCHMARK(BM_memory_random_edits)->Apply(sizeArgs);

void BM_memory_position_round_trip(benchmark::State &state)
{
    stream::MemoryTextDocument document(documentText(state.range(0)));
    QRandomGenerator random(7);
    for (auto _ : state) {
        const qsizetype offset = qsizetype(random.bounded(quint64(document.length()) + 1));
        const stream::TextPosition position = document.positionAt(offset);
        benchmark::DoNotOptimize(document.offsetAt(position));
    }
}
BENCHMARK(BM_memory_position_round_trip)->Apply(sizeArgs);

// A document cut into about 20,000 pieces by insertions at scattered offsets.
void scatterEdits(stream::MemoryTextDocument &document)
{
    QRandomGenerator random(11);
    const QString x = QStringLiteral("x");
    for (int i = 0; i < 10000; ++i)
        document.replace(qsizetype(random.bounded(quint64(document.length()))), 0, x);
}

void BM_memory_text(benchmark::State &state)
{
    stream::MemoryTextDocument document(documentText(state.range(0)));
    scatterEdits(document);
    state.counters["pieces"] = double(document.pieceCount());
    for (auto _ : state)
        benchmark::DoNotOptimize(document.text());
}
BENCHMARK(BM_memory_text)->Apply(sizeArgs);

void BM_memory_write_text_utf8(benchmark::State &state)
{
    stream::MemoryTextDocument document(documentText(state.range(0)));
    scatterEdits(document);
    QFile out(QStringLiteral("/dev/null"));
    if (!out.open(QIODevice::WriteOnly)) {
        state.SkipWithError("cannot open /dev/null");
        return;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(out.write(document.text().toUtf8()));
}
BENCHMARK(BM_memory_write_text_utf8)->Apply(sizeArgs);

void BM_memory_write_pieces_utf8(benchmark::State &state)
{
    stream::MemoryTextDocument document(documentText(state.range(0)));
    scatterEdits(document);
    QFile out(QStringLiteral("/dev/null"));
    if (!out.open(QIODevice::WriteOnly)) {
        state.SkipWithError("cannot open /dev/null");
        return;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(stream::writeDocumentUtf8(document, &out));
}
BENCHMARK(BM_memory_write_pieces_utf8)->Apply(sizeArgs);

void BM_memory_set_text(benchmark::State &state)
{
    stream::MemoryTextDocument document;
    for (auto _ : state) {
        // A copy that shares nothing with the document, as a decoded full message.
        state.PauseTiming();
        QString text = documentText(state.range(0));
        text.detach();
        state.ResumeTiming();
        document.setText(text);
    }
}
BENCHMARK(BM_memory_set_text)->Apply(sizeArgs);

} // namespace

int main(int argc, char **argv)
{
    int qtArgc = 1;
    QCoreApplication app(qtArgc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
