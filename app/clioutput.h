#pragma once

#include "stream/streamwriter.h"
#include "stream/watchersession.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <utility>

class QCommandLineParser;
namespace stream {
class Recorder;
}
class QTextStream;

// Output shared by the codestream-cli subcommands: the log stream, its timestamps and names,
// and the usage error.

// The exit code of a command line that cannot be used.
inline constexpr int usageExitCode = 2;
// Exit status of `watch` when the link's key does not fit the room (docs/protocol.md §12).
inline constexpr int keyExitCode = 3;

// Log lines go to stderr; stdout carries only a command's result.
QTextStream &err();
// The log lines' time of day, "HH:mm:ss.zzz".
QString timestamp();
// The lower-case names the log uses for the connection and watcher states.
QString stateName(stream::ConnectionState state);
QString stateName(stream::WatcherState state);
// Logs a connection state; on Failed sets *exitCode to 1 and quits the event loop.
void logConnectionState(stream::ConnectionState state, int *exitCode);

// Opens `recorder` on `path` with a header naming this program, and logs its write errors;
// false (after printing why) when the file cannot be created.
bool openRecorder(stream::Recorder *recorder, const QString &path, const QString &title,
                  const QString &language);

// Prints "share: <link>" on stdout.
void printShareLink(const QUrl &link);
// Logs a watcher count, or an error.
void logWatcherCount(int watchers);
void logError(const QString &message);

// Prints the first share link and logs the connection states, watcher counts and errors of a
// StreamWriter or WorkspaceWriter; on Failed sets *exitCode to 1 and quits the event loop.
template<typename Writer> void logWriter(Writer *writer, int *exitCode)
{
    QObject::connect(writer, &Writer::shareLinkChanged, writer,
                     [printed = false](const QUrl &link) mutable {
                         if (!std::exchange(printed, true))
                             printShareLink(link);
                     });
    QObject::connect(
        writer, &Writer::connectionStateChanged, writer,
        [exitCode](stream::ConnectionState state) { logConnectionState(state, exitCode); });
    QObject::connect(writer, &Writer::watcherCountChanged, writer, &logWatcherCount);
    QObject::connect(writer, &Writer::errorOccurred, writer, &logError);
}

// Lets queued network writes go out before the process ends.
void drainEvents(int ms);

// Prints "codestream-cli COMMAND: MESSAGE" and the command's usage line to stderr and returns
// usageExitCode.
int usageError(const QCommandLineParser &parser, const QString &command, const QString &message);
