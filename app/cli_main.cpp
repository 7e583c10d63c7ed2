#include "clicommands.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

struct Subcommand
{
    const char *name;
    const char *summary;
    int (*run)(const QStringList &args);
};

const Subcommand subcommands[] = {
    {"serve", "Run the embedded CodeStream server (Socket.IO, /negotiate, web watcher page).",
     runServeCommand},
    {"stream", "Stream a file to watchers, following its changes on disk.", runStreamCommand},
    {"watch", "Watch a shared room and write the document to a file.", runWatchCommand},
    {"replay", "Write the document of a recording at a version or time.", runReplayCommand},
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("codestream-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("CodeStream"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CODESTREAM_VERSION));

    const QStringList args = QCoreApplication::arguments();
    if (args.size() > 1) {
        for (const Subcommand &sub : subcommands) {
            if (args.at(1) == QLatin1String(sub.name)) {
                QStringList subArgs = args;
                subArgs[0] = args.at(0) + QLatin1Char(' ') + args.at(1);
                subArgs.removeAt(1);
                return sub.run(subArgs);
            }
        }
    }

    QCommandLineParser parser;
    QString description = QStringLiteral("CodeStream headless tool.\n\nCommands:\n");
    for (const Subcommand &sub : subcommands)
        description += QStringLiteral("  %1  %2\n")
                           .arg(QLatin1String(sub.name), -7)
                           .arg(QLatin1String(sub.summary));
    description += QStringLiteral("\nRun 'codestream-cli COMMAND --help' for a command's options.");
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("serve, stream, watch or replay"));
    parser.process(app);

    if (!parser.positionalArguments().isEmpty()) {
        QTextStream(stderr) << "codestream-cli: unknown command '"
                            << parser.positionalArguments().first() << "'\n";
        return 2;
    }
    parser.showHelp(2);
}
