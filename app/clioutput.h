#pragma once

#include "stream/streamwriter.h"
#include "stream/watchersession.h"

#include <QString>

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

// Lets queued network writes go out before the process ends.
void drainEvents(int ms);

// Prints "codestream-cli COMMAND: MESSAGE" and the command's usage line to stderr and returns
// usageExitCode.
int usageError(const QCommandLineParser &parser, const QString &command, const QString &message);
