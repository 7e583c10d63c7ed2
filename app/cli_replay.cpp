#include "clicommands.h"
#include "clioutput.h"

#include "stream/recordingreader.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <cmath>

namespace {

// The exit code of a version or time the recording does not hold.
constexpr int notHeldExitCode = 2;

} // namespace

int runReplayCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write the document of a recording (.cscast) at a version, a time or the "
                       "end (docs/recording.md)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("REC"), QStringLiteral("The recording."));
    const QCommandLineOption outputOption(
        QStringLiteral("output"), QStringLiteral("Write the document to FILE (default: stdout)."),
        QStringLiteral("FILE"));
    const QCommandLineOption versionOption(
        QStringLiteral("version"),
        QStringLiteral("The document right after delta N was applied (a full with version F "
                       "is the document after delta F-1)."),
        QStringLiteral("N"));
    const QCommandLineOption timeOption(
        QStringLiteral("time"),
        QStringLiteral("The document at SECONDS since the start of the recording."),
        QStringLiteral("SECONDS"));
    parser.addOptions({outputOption, versionOption, timeOption});
    parser.process(args);

    const QString command = QStringLiteral("replay");
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(parser, command, QStringLiteral("expected exactly one REC"));
    if (parser.isSet(versionOption) && parser.isSet(timeOption))
        return usageError(parser, command,
                          QStringLiteral("--version and --time exclude each other"));
    bool ok = false;
    qint64 version = 0;
    double seconds = 0;
    if (parser.isSet(versionOption)) {
        version = parser.value(versionOption).toLongLong(&ok);
        if (!ok)
            return usageError(parser, command, QStringLiteral("invalid --version"));
    }
    if (parser.isSet(timeOption)) {
        seconds = parser.value(timeOption).toDouble(&ok);
        if (!ok || !std::isfinite(seconds))
            return usageError(parser, command, QStringLiteral("invalid --time"));
    }

    const QString path = positional.constFirst();
    auto recording = stream::RecordingReader().readFile(path);
    if (!recording) {
        err() << "codestream-cli replay: " << path << ": " << recording.error() << '\n';
        err().flush();
        return 1;
    }
    for (const QString &warning : recording->warnings())
        err() << "codestream-cli replay: " << path << ": warning: " << warning << '\n';

    std::optional<qsizetype> step;
    QString wanted;
    if (parser.isSet(versionOption)) {
        step = recording->stepForVersion(version);
        wanted = QStringLiteral("version %1").arg(version);
    } else if (parser.isSet(timeOption)) {
        step = recording->stepAtTime(seconds);
        wanted = QStringLiteral("time %1 s").arg(seconds);
    } else if (recording->stepCount() > 0) {
        step = recording->stepCount() - 1;
        wanted = QStringLiteral("the end");
    }
    const std::optional<QString> text = step ? recording->textAtStep(*step) : std::nullopt;
    if (!text) {
        err() << "codestream-cli replay: " << path << " does not hold "
              << (wanted.isEmpty() ? QStringLiteral("a document") : wanted) << "; it holds "
              << recording->describeRanges() << '\n';
        err().flush();
        return notHeldExitCode;
    }
    const stream::RecordingStep &at = recording->step(*step);
    err() << "codestream-cli replay: version " << at.version << " at "
          << QString::number(at.time, 'f', 3) << " s (line " << at.line << ")\n";
    err().flush();

    const QString outputPath = parser.value(outputOption);
    if (outputPath.isEmpty()) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly) || out.write(text->toUtf8()) < 0)
            return 1;
        return 0;
    }
    QSaveFile out(outputPath);
    if (!out.open(QIODevice::WriteOnly) || out.write(text->toUtf8()) < 0 || !out.commit()) {
        err() << "codestream-cli replay: cannot write " << outputPath << ": " << out.errorString()
              << '\n';
        err().flush();
        return 1;
    }
    return 0;
}
