#include "clicommands.h"

#include <QTextStream>

int runStreamCommand(const QStringList &)
{
    QTextStream(stderr) << "codestream-cli stream: not available in this build\n";
    return 1;
}

int runWatchCommand(const QStringList &)
{
    QTextStream(stderr) << "codestream-cli watch: not available in this build\n";
    return 1;
}
