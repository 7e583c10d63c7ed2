#pragma once

#include <QStringList>

// The subcommands of codestream-cli. Each parses its own arguments (args[0] is the program
// name followed by the subcommand, as QCommandLineParser expects) and returns the exit code.
int runServeCommand(const QStringList &args);
int runStreamCommand(const QStringList &args);
int runWatchCommand(const QStringList &args);
int runReplayCommand(const QStringList &args);
