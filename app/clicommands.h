#pragma once

#include <QStringList>
#include <QUrl>

// The subcommands of codestream-cli. Each parses its own arguments (args[0] is the program
// name followed by the subcommand, as QCommandLineParser expects) and returns the exit code.
int runServeCommand(const QStringList &args);
int runStreamCommand(const QStringList &args);
int runWatchCommand(const QStringList &args);
int runReplayCommand(const QStringList &args);

// What `stream` passes on to the streaming of several files (cli_streamworkspace.cpp).
struct StreamOptions
{
    int interval = 200;
    bool encrypt = false;
    QString recordPath;
};
// Streams `paths` as a workspace to `origin` (docs/protocol.md §14); returns the exit code.
int streamWorkspace(const QStringList &paths, const QUrl &origin, const StreamOptions &options);
