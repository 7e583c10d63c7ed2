#include "clicommands.h"
#include "clioutput.h"
#include "terminationsignals.h"

#include "stream/filefollower.h"
#include "stream/languages.h"
#include "stream/memorytextdocument.h"
#include "stream/recorder.h"
#include "stream/workspacewriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <memory>
#include <vector>

namespace {

// One file given on the command line.
struct OpenFile
{
    QString path;
    QString id;
    std::unique_ptr<stream::MemoryTextDocument> document;
    std::unique_ptr<stream::FileFollower> follower;
};

// The deepest directory that contains every path (absolute, cleaned).
QString commonDirectory(const QStringList &paths)
{
    QStringList common = QFileInfo(paths.constFirst()).absolutePath().split(u'/');
    for (const QString &path : paths) {
        const QStringList parts = QFileInfo(path).absolutePath().split(u'/');
        qsizetype same = 0;
        while (same < common.size() && same < parts.size() && common.at(same) == parts.at(same))
            ++same;
        common.resize(same);
    }
    const QString joined = common.join(u'/');
    return joined.isEmpty() ? QStringLiteral("/") : joined;
}

} // namespace

int streamWorkspace(const QStringList &paths, const QUrl &origin, const StreamOptions &options)
{
    QStringList absolute;
    for (const QString &path : paths) {
        const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
        if (absolute.contains(clean)) {
            err() << "codestream-cli stream: " << path << " is given twice\n";
            err().flush();
            return usageExitCode;
        }
        absolute.append(clean);
    }
    const QDir base(commonDirectory(absolute));
    stream::WorkspaceWriter writer;
    writer.setFlushInterval(options.interval);
    writer.setEncrypted(options.encrypt);
    int exitCode = 0;
    logWriter(&writer, &exitCode);
    std::vector<OpenFile> files;
    const OpenFile *newest = nullptr;
    QDateTime newestTime;
    for (const QString &path : std::as_const(absolute)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            err() << "codestream-cli stream: cannot read " << path << ": " << file.errorString()
                  << '\n';
            err().flush();
            return 1;
        }
        OpenFile open;
        open.path = path;
        open.document
            = std::make_unique<stream::MemoryTextDocument>(QString::fromUtf8(file.readAll()));
        // docs/protocol.md §14: the title is the path relative to the workspace, "/"-separated.
        open.id = writer.addFile(open.document.get(), base.relativeFilePath(path),
                                 stream::languageForFileName(path));
        if (open.id.isEmpty())
            return 1;
        files.push_back(std::move(open));
    }
    // The active file is the one changed last on disk.
    for (const OpenFile &file : files) {
        const QDateTime modified = QFileInfo(file.path).lastModified();
        if (!newest || modified > newestTime) {
            newest = &file;
            newestTime = modified;
        }
    }
    writer.setActiveFile(newest->id);

    stream::Recorder recorder;
    if (!options.recordPath.isEmpty()) {
        const stream::WorkspaceFile active = writer.files().at(int(newest - files.data()));
        if (!openRecorder(&recorder, options.recordPath, active.title, active.language))
            return 1;
        stream::FullMessage start {writer.nextVersion(), newest->document->text()};
        start.language = active.language;
        start.title = active.title;
        recorder.record(stream::encodeMessage(start));
    }
    QObject::connect(&writer, &stream::WorkspaceWriter::messageReady, &recorder,
                     qOverload<const QJsonObject &>(&stream::Recorder::record));
    bool recordFailed = false;
    QObject::connect(&recorder, &stream::Recorder::errorOccurred, &recorder,
                     [&recordFailed] { recordFailed = true; });

    for (OpenFile &file : files) {
        file.follower = std::make_unique<stream::FileFollower>(file.path);
        stream::MemoryTextDocument *document = file.document.get();
        const QString id = file.id;
        QObject::connect(file.follower.get(), &stream::FileFollower::contentChanged, &writer,
                         [&writer, document, id](const QString &content) {
                             const auto edit = stream::diffTexts(document->text(), content);
                             if (!edit)
                                 return;
                             writer.setActiveFile(id);
                             writer.recordChange(id,
                                                 stream::makeTextChange(*document, edit->offset,
                                                                        edit->length, edit->text));
                             document->replace(edit->offset, edit->length, edit->text);
                         });
    }
    TerminationSignals terminationSignals;
    QObject::connect(&terminationSignals, &TerminationSignals::received, &writer,
                     [] { QCoreApplication::quit(); });

    writer.start(origin);
    QCoreApplication::exec();

    for (const OpenFile &file : files)
        file.follower->check();
    writer.stop();
    recorder.close();
    drainEvents(200);
    return recordFailed ? 1 : exitCode;
}
