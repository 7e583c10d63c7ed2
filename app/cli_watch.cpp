#include "clicommands.h"
#include "clioutput.h"
#include "terminationsignals.h"
#include "workspaceoutput.h"

#include "stream/documentfile.h"
#include "stream/memorytextdocument.h"
#include "stream/recorder.h"
#include "stream/streamwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>
#include <QTimer>

int runWatchCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Watch a shared room (LINK is <origin>/#<room>, or <origin>/#<room>,<key> "
        "for an end-to-end encrypted one) and write the document, or with --output-dir every "
        "file of a workspace stream. Exits with "
        "status 3 when the link lacks the room's key, has another one, or has one for a stream "
        "that is not encrypted."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("LINK"), QStringLiteral("The share link."));
    const QCommandLineOption outputOption(
        QStringLiteral("output"),
        QStringLiteral("Write the document to FILE after every update (default: to stdout on "
                       "exit)."),
        QStringLiteral("FILE"));
    const QCommandLineOption idleOption(
        QStringLiteral("exit-after-idle"),
        QStringLiteral("Exit with status 0 once MS pass without an update after the first one."),
        QStringLiteral("MS"));
    const QCommandLineOption recordOption(
        QStringLiteral("record"),
        QStringLiteral("Record every message received, with its time, to FILE (.cscast)."),
        QStringLiteral("FILE"));
    const QCommandLineOption outputDirOption(
        QStringLiteral("output-dir"),
        QStringLiteral("Follow every file of a workspace stream and write each under DIR "
                       "(created if needed) by its path, after every update. Names that are "
                       "absolute, contain \"..\", \"\\\", \":\" or control characters, "
                       "or lead out of DIR through a symbolic link are refused and reported. "
                       "A file the writer closes is removed if this command wrote it. "
                       "--output still writes the writer's active file."),
        QStringLiteral("DIR"));
    parser.addOptions({outputOption, outputDirOption, idleOption, recordOption});
    parser.process(args);

    const QString command = QStringLiteral("watch");
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(parser, command, QStringLiteral("expected exactly one LINK"));
    int idleMs = -1;
    if (parser.isSet(idleOption)) {
        bool ok = false;
        idleMs = parser.value(idleOption).toInt(&ok);
        if (!ok || idleMs < 0)
            return usageError(parser, command, QStringLiteral("invalid --exit-after-idle"));
    }
    const QString outputPath = parser.value(outputOption);
    const QString outputDir = parser.value(outputDirOption);
    if (parser.isSet(outputDirOption) && (outputDir.isEmpty() || !QDir().mkpath(outputDir))) {
        err() << timestamp() << " error: cannot create the directory " << outputDir << '\n';
        err().flush();
        return 1;
    }

    stream::MemoryTextDocument document;
    stream::StreamWatcher watcher(&document);
    std::unique_ptr<WorkspaceOutput> workspace;
    if (!outputDir.isEmpty())
        workspace = std::make_unique<WorkspaceOutput>(&watcher, outputDir);
    stream::Recorder recorder;
    if (parser.isSet(recordOption) && !openRecorder(&recorder, parser.value(recordOption), {}, {}))
        return 1;
    QObject::connect(&watcher, &stream::StreamWatcher::messageReceived, &recorder,
                     qOverload<const QJsonObject &>(&stream::Recorder::record));
    bool recordFailed = false;
    QObject::connect(&recorder, &stream::Recorder::errorOccurred, &recorder,
                     [&recordFailed] { recordFailed = true; });
    int exitCode = 0;
    bool writeFailed = false;

    const auto writeOutput = [&] {
        if (outputPath.isEmpty())
            return;
        QSaveFile out(outputPath);
        // Piece by piece: a large document is not assembled for every burst of deltas.
        if (!out.open(QIODevice::WriteOnly) || !stream::writeDocumentUtf8(document, &out)
            || !out.commit()) {
            if (!writeFailed) {
                err() << timestamp() << " error: cannot write " << outputPath << ": "
                      << out.errorString() << '\n';
                err().flush();
            }
            writeFailed = true;
            return;
        }
        writeFailed = false;
    };
    // Updates applied in one go (a burst of deltas) are written once.
    QTimer writeTimer;
    writeTimer.setSingleShot(true);
    writeTimer.setInterval(0);
    QObject::connect(&writeTimer, &QTimer::timeout, &watcher, writeOutput);
    QTimer idleTimer;
    idleTimer.setSingleShot(true);
    if (idleMs >= 0)
        idleTimer.setInterval(idleMs);
    QObject::connect(&idleTimer, &QTimer::timeout, &watcher, [] {
        err() << timestamp() << " idle: exiting\n";
        err().flush();
        QCoreApplication::quit();
    });

    QObject::connect(&watcher, &stream::StreamWatcher::documentChanged, &watcher, [&] {
        writeTimer.start();
        if (idleMs >= 0)
            idleTimer.start();
    });
    if (workspace) {
        QObject::connect(workspace.get(), &WorkspaceOutput::updated, &watcher, [&] {
            if (idleMs >= 0)
                idleTimer.start();
        });
    }
    QObject::connect(&watcher, &stream::StreamWatcher::stateChanged, &watcher,
                     [&](stream::WatcherState state) {
                         err() << timestamp() << " state: " << stateName(state) << " (version "
                               << watcher.nextVersion() << ")\n";
                         err().flush();
                         // A full equal to the document changes nothing but still counts as
                         // an update for the idle timer.
                         if (state == stream::WatcherState::Live && idleMs >= 0)
                             idleTimer.start();
                     });
    QObject::connect(
        &watcher, &stream::StreamWatcher::connectionStateChanged, &watcher,
        [&exitCode](stream::ConnectionState state) { logConnectionState(state, &exitCode); });
    QObject::connect(&watcher, &stream::StreamWatcher::metaChanged, &watcher,
                     [](const QString &language, const QString &title) {
                         err() << timestamp() << " meta: " << title << " (" << language << ")\n";
                         err().flush();
                     });
    QObject::connect(&watcher, &stream::StreamWatcher::keyStateChanged, &watcher,
                     [&exitCode](stream::RoomKeyState state) {
                         if (stream::describe(state).isEmpty())
                             return;
                         exitCode = keyExitCode;
                         QCoreApplication::quit();
                     });
    QObject::connect(&watcher, &stream::StreamWatcher::errorOccurred, &watcher,
                     [](const QString &message) {
                         err() << timestamp() << " error: " << message << '\n';
                         err().flush();
                     });
    TerminationSignals terminationSignals;
    QObject::connect(&terminationSignals, &TerminationSignals::received, &watcher,
                     [] { QCoreApplication::quit(); });

    watcher.start(QUrl::fromUserInput(positional.constFirst()));
    if (watcher.connectionState() == stream::ConnectionState::Failed)
        return usageExitCode;
    QCoreApplication::exec();

    watcher.stop();
    recorder.close();
    if (watcher.failedMessageCount() > 0) {
        err() << timestamp() << " dropped " << watcher.failedMessageCount()
              << " sealed messages that failed authentication\n";
        err().flush();
    }
    if (writeTimer.isActive()) {
        writeTimer.stop();
        writeOutput();
    }
    if (workspace) {
        workspace->flush();
        writeFailed = writeFailed || workspace->hasFailed();
    }
    if (outputPath.isEmpty() && !workspace) {
        QFile out;
        if (out.open(stdout, QIODevice::WriteOnly))
            stream::writeDocumentUtf8(document, &out);
    }
    return writeFailed || recordFailed ? 1 : exitCode;
}
