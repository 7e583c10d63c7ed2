#include "clicommands.h"
#include "clioutput.h"
#include "terminationsignals.h"

#include "server/embeddedserver.h"
#include "stream/filefollower.h"
#include "stream/languages.h"
#include "stream/memorytextdocument.h"
#include "stream/recorder.h"
#include "stream/streamwriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

namespace {

// Records the file's new content as one minimal edit of the streamed document.
void applyContent(stream::MemoryTextDocument *document, stream::StreamWriter *writer,
                  const QString &content)
{
    const auto edit = stream::diffTexts(document->text(), content);
    if (!edit)
        return;
    writer->recordChange(stream::makeTextChange(*document, edit->offset, edit->length, edit->text));
    document->replace(edit->offset, edit->length, edit->text);
}

} // namespace

int runStreamCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Stream FILE to watchers, following its changes on disk. Prints 'share: <link>'. "
        "Several files are streamed as a workspace: each watcher that knows workspaces gets "
        "every file, titled by its path relative to the files' common directory; the others "
        "see the file changed last on disk."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE..."),
                                 QStringLiteral("The file, or files, to stream."));
    const QCommandLineOption serverOption(
        QStringLiteral("server"),
        QStringLiteral("Use the CodeStream server at ORIGIN instead of hosting one."),
        QStringLiteral("ORIGIN"));
    const QCommandLineOption portOption(
        QStringLiteral("port"), QStringLiteral("Port of the hosted server (default 3000, 0: any)."),
        QStringLiteral("N"), QStringLiteral("3000"));
    const QCommandLineOption bindOption(
        QStringLiteral("bind"),
        QStringLiteral("Address the hosted server listens on (default 127.0.0.1)."),
        QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption intervalOption(
        QStringLiteral("interval"), QStringLiteral("Batching interval of changes (default 200)."),
        QStringLiteral("MS"), QStringLiteral("200"));
    const QCommandLineOption encryptOption(
        QStringLiteral("encrypt"),
        QStringLiteral("Encrypt the stream end to end; the share link carries the key "
                       "(the original sample's page cannot read it)."));
    const QCommandLineOption recordOption(
        QStringLiteral("record"),
        QStringLiteral("Record the stream, from a full of the file on, to REC (.cscast)."),
        QStringLiteral("REC"));
    parser.addOptions(
        {serverOption, portOption, bindOption, intervalOption, encryptOption, recordOption});
    parser.process(args);

    const QString command = QStringLiteral("stream");
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(parser, command, QStringLiteral("expected at least one FILE"));
    if (parser.isSet(serverOption) && parser.isSet(portOption))
        return usageError(parser, command,
                          QStringLiteral("--server and --port exclude each other"));
    bool ok = false;
    const int interval = parser.value(intervalOption).toInt(&ok);
    if (!ok || interval < 0)
        return usageError(parser, command, QStringLiteral("invalid --interval"));
    const QString path = positional.constFirst();
    QFile file(path);
    if (positional.size() == 1 && !file.open(QIODevice::ReadOnly)) {
        err() << "codestream-cli stream: cannot read " << path << ": " << file.errorString()
              << '\n';
        err().flush();
        return 1;
    }
    stream::MemoryTextDocument document(QString::fromUtf8(file.readAll()));
    file.close();

    std::unique_ptr<server::EmbeddedServer> embedded;
    QUrl origin;
    if (parser.isSet(serverOption)) {
        origin = QUrl::fromUserInput(parser.value(serverOption));
        if (!origin.isValid() || origin.host().isEmpty())
            return usageError(parser, command, QStringLiteral("invalid --server origin"));
    } else {
        server::EmbeddedServerOptions options;
        const uint port = parser.value(portOption).toUInt(&ok);
        if (!ok || port > 65535)
            return usageError(parser, command, QStringLiteral("invalid --port"));
        options.port = quint16(port);
        options.bindAddress = QHostAddress(parser.value(bindOption));
        if (options.bindAddress.isNull())
            return usageError(parser, command, QStringLiteral("invalid --bind address"));
        embedded = std::make_unique<server::EmbeddedServer>(options);
        QString error;
        if (!embedded->start(&error)) {
            err() << "codestream-cli stream: cannot start the server: " << error << '\n';
            err().flush();
            return 1;
        }
        origin = embedded->origin();
        err() << timestamp() << " server listening on " << origin.toString() << '\n';
        err().flush();
    }

    if (positional.size() > 1) {
        const int code = streamWorkspace(
            positional, origin,
            StreamOptions {interval, parser.isSet(encryptOption), parser.value(recordOption)});
        if (embedded)
            embedded->stop();
        return code;
    }
    stream::StreamWriter writer(&document);
    writer.setFlushInterval(interval);
    writer.setEncrypted(parser.isSet(encryptOption));
    const QString language = stream::languageForFileName(path);
    const QString title = QFileInfo(path).fileName();
    writer.setMeta(language, title);
    stream::Recorder recorder;
    if (parser.isSet(recordOption)) {
        if (!openRecorder(&recorder, parser.value(recordOption), title, language))
            return 1;
        stream::FullMessage start {writer.nextVersion(), document.text()};
        start.language = language;
        start.title = title;
        recorder.record(stream::encodeMessage(start));
    }
    QObject::connect(&writer, &stream::StreamWriter::messageReady, &recorder,
                     qOverload<const QJsonObject &>(&stream::Recorder::record));
    bool recordFailed = false;
    QObject::connect(&recorder, &stream::Recorder::errorOccurred, &recorder,
                     [&recordFailed] { recordFailed = true; });
    int exitCode = 0;
    logWriter(&writer, &exitCode);
    stream::FileFollower follower(path);
    QObject::connect(&follower, &stream::FileFollower::contentChanged, &writer,
                     [&document, &writer](const QString &content) {
                         applyContent(&document, &writer, content);
                     });
    TerminationSignals terminationSignals;
    QObject::connect(&terminationSignals, &TerminationSignals::received, &writer,
                     [] { QCoreApplication::quit(); });

    writer.start(origin);
    QCoreApplication::exec();

    follower.check();
    writer.stop();
    recorder.close();
    drainEvents(200);
    if (embedded)
        embedded->stop();
    return recordFailed ? 1 : exitCode;
}
