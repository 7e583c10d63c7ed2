#include "clicommands.h"

#include <QTextStream>

int runServeCommand(const QStringList &)
{
    QTextStream(stderr) << "codestream-cli serve: not available in this build\n";
    return 1;
}
