// Per-edit cost of the editor paths, on documents of 10 KB, 1 MB and 50 MB (Google Benchmark).
//
// - writer_edit: one keystroke in a QScintilla editor (SCI_INSERTTEXT in the middle of the
//   document) -> Scintilla notification -> ui::ScintillaDocument -> stream::TextChange ->
//   stream::WriterSession::recordChange.
// - writer_edit_delta: the same, then the session flushes it as a delta and the delta's JSON is
//   serialised (what goes on the wire): the cost when every keystroke becomes its own delta.
// - watcher_apply: a delta's JSON text -> QJsonDocument -> stream::WatcherSession -> validated
//   and applied to a read-only QScintilla editor through ui::ScintillaDocument.
// - watcher_apply_memory: the same on stream::MemoryTextDocument (codestream-cli watch).
// - scintilla_insert_default_mask: SCI_INSERTTEXT with QScintilla's default modification event
//   mask, for reference (QScintilla's accessibility hooks count characters up to the edit).
//
// Edits alternate between inserting one character and deleting it, so the document keeps its size.
// Run with QT_QPA_PLATFORM=offscreen.

#include "benchdocument.h"

#include "scintilladocument.h"
#include "stream/memorytextdocument.h"
#include "stream/watchersession.h"
#include "stream/writersession.h"

#include <QApplication>
#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <Qsci/qsciscintilla.h>

#include <benchmark/benchmark.h>

#include <map>
#include <memory>

namespace {

using benchdocument::documentText;
using benchdocument::makeDocument;
using benchdocument::sizeArgs;

// A long line near the middle of a makeDocument() text (every tenth line from the second on).
int middleLine(int lineCount)
{
    return (lineCount / 2) / 10 * 10 + 1;
}

// The middle line of the document and a column on it: where the benchmarks edit.
struct EditPoint
{
    int line0 = 0; // 0-based line
    long bytePosition = 0;
    qint64 offset = 0; // UTF-16 offset
};

EditPoint middleOf(QsciScintilla *editor)
{
    EditPoint point;
    const long lines = editor->SendScintilla(QsciScintillaBase::SCI_GETLINECOUNT);
    point.line0 = middleLine(int(lines));
    point.bytePosition = editor->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE,
                                               static_cast<unsigned long>(point.line0))
        + 4;
    point.offset = point.bytePosition; // ASCII document: bytes == UTF-16 units
    return point;
}

std::unique_ptr<QsciScintilla> makeEditor(const QString &text)
{
    auto editor = std::make_unique<QsciScintilla>();
    editor->SendScintilla(QsciScintillaBase::SCI_SETUNDOCOLLECTION, 0UL);
    const QByteArray utf8 = text.toUtf8();
    editor->SendScintilla(QsciScintillaBase::SCI_SETTEXT, utf8.constData());
    return editor;
}

void insertOrDelete(QsciScintilla *editor, long position, bool insert)
{
    if (insert)
        editor->SendScintilla(QsciScintillaBase::SCI_INSERTTEXT,
                              static_cast<unsigned long>(position), "x");
    else
        editor->SendScintilla(QsciScintillaBase::SCI_DELETERANGE,
                              static_cast<unsigned long>(position), 1L);
}

void writerEdit(benchmark::State &state, bool serialiseDelta)
{
    auto editor = makeEditor(documentText(state.range(0)));
    ui::ScintillaDocument document(editor.get());
    stream::WriterSession writer(&document);
    writer.setFlushInterval(1000000);
    qint64 deltaBytes = 0;
    QObject::connect(&writer, &stream::WriterSession::messageReady, &writer,
                     [&deltaBytes](const QJsonObject &data) {
                         deltaBytes += QJsonDocument(data).toJson(QJsonDocument::Compact).size();
                     });
    QObject::connect(
        &document, &ui::ScintillaDocument::changed, &writer,
        [&writer](const ui::EditorChange &change) { writer.recordChange(change.toTextChange()); });
    const EditPoint point = middleOf(editor.get());
    bool insert = true;
    for (auto _ : state) {
        insertOrDelete(editor.get(), point.bytePosition, insert);
        document.flush();
        if (serialiseDelta)
            writer.flush();
        insert = !insert;
    }
    writer.flush();
    if (serialiseDelta)
        state.counters[QStringLiteral("delta_bytes").toStdString()]
            = benchmark::Counter(double(deltaBytes), benchmark::Counter::kAvgIterations);
    if (writer.nextVersion() == 0 && state.iterations() > 0)
        state.SkipWithError("the writer produced no delta");
}

void BM_writer_edit(benchmark::State &state)
{
    writerEdit(state, false);
}
BENCHMARK(BM_writer_edit)->Apply(sizeArgs);

void BM_writer_edit_delta(benchmark::State &state)
{
    writerEdit(state, true);
}
BENCHMARK(BM_writer_edit_delta)->Apply(sizeArgs);

// The JSON text of delta `version`: insert "x" at the edit point, or delete it again.
QByteArray deltaJson(qint64 version, const EditPoint &point, bool insert)
{
    const QByteArray line = QByteArray::number(point.line0 + 1);
    const QByteArray column = QByteArray::number(5);
    const QByteArray endColumn = QByteArray::number(insert ? 5 : 6);
    return QByteArray("{\"type\":\"delta\",\"version\":") + QByteArray::number(version)
        + QByteArray(",\"changes\":[{\"changes\":[{\"range\":{\"startLineNumber\":") + line
        + QByteArray(",\"startColumn\":") + column + QByteArray(",\"endLineNumber\":") + line
        + QByteArray(",\"endColumn\":") + endColumn + QByteArray("},\"rangeOffset\":")
        + QByteArray::number(point.offset) + QByteArray(",\"rangeLength\":")
        + QByteArray(insert ? "0" : "1") + QByteArray(",\"text\":\"")
        + QByteArray(insert ? "x" : "") + QByteArray("\"}],\"eol\":\"\\n\",\"versionId\":")
        + QByteArray::number(version + 2)
        + QByteArray(",\"isUndoing\":false,\"isRedoing\":false,\"isFlush\":false,"
                     "\"isEolChange\":false}]}");
}

void watcherApply(benchmark::State &state, stream::TextDocument &document, const EditPoint &point)
{
    stream::WatcherSession watcher(&document);
    QJsonObject full;
    full.insert(QStringLiteral("type"), QStringLiteral("full"));
    full.insert(QStringLiteral("version"), 0);
    full.insert(QStringLiteral("content"), documentText(state.range(0)));
    watcher.handleMessage(full);
    full = {};
    // Pre-built wire texts (two per version parity) would hide the per-message JSON parse, so
    // the text is built per iteration; that costs well under a microsecond.
    qint64 version = 0;
    for (auto _ : state) {
        const QByteArray json = deltaJson(version, point, version % 2 == 0);
        watcher.handleMessage(QJsonDocument::fromJson(json).object());
        ++version;
    }
    if (watcher.nextVersion() != version)
        state.SkipWithError("the watcher did not apply every delta");
}

void BM_watcher_apply(benchmark::State &state)
{
    auto editor = makeEditor({});
    editor->setReadOnly(true);
    ui::ScintillaDocument document(editor.get());
    document.setText(documentText(state.range(0)));
    watcherApply(state, document, middleOf(editor.get()));
}
BENCHMARK(BM_watcher_apply)->Apply(sizeArgs);

void BM_watcher_apply_memory(benchmark::State &state)
{
    stream::MemoryTextDocument document(documentText(state.range(0)));
    EditPoint point;
    point.line0 = middleLine(document.lineCount());
    point.offset = document.lineStart(point.line0) + 4;
    watcherApply(state, document, point);
}
BENCHMARK(BM_watcher_apply_memory)->Apply(sizeArgs);

void BM_scintilla_insert_default_mask(benchmark::State &state)
{
    auto editor = makeEditor(documentText(state.range(0)));
    const EditPoint point = middleOf(editor.get());
    bool insert = true;
    for (auto _ : state) {
        insertOrDelete(editor.get(), point.bytePosition, insert);
        insert = !insert;
    }
}
BENCHMARK(BM_scintilla_insert_default_mask)->Apply(sizeArgs);

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int qtArgc = 1;
    QApplication app(qtArgc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
