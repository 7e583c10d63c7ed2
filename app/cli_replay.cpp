#include "clicommands.h"
#include "clioutput.h"

#include "terminationsignals.h"

#include "server/embeddedserver.h"
#include "stream/memorytextdocument.h"
#include "stream/recordingreader.h"
#include "stream/streamwriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>
#include <QTimer>

#include <cmath>

namespace {

// The exit code of a version or time the recording does not hold.
constexpr int notHeldExitCode = 2;
// Idle gaps of a served recording are shortened to this many recorded seconds.
constexpr double maxServedGapSeconds = 3.0;

// Plays a recording back as a writer: from its first state, every later state at its recorded
// time divided by the speed (idle gaps shortened), as deltas of a live stream.
class RecordingPlayer final
{
public:
    RecordingPlayer(const stream::Recording &recording, double speed)
        : m_recording(recording)
    {
        const qsizetype count = recording.stepCount();
        m_first = 0;
        while (m_first < count && recording.step(m_first).lost)
            ++m_first;
        m_document.setText(recording.textAtStep(m_first).value_or(QString()));
        m_at.resize(count, 0);
        double played = 0;
        for (qsizetype i = m_first + 1; i < count; ++i) {
            const double gap = recording.step(i).time - recording.step(i - 1).time;
            played += std::min(gap, maxServedGapSeconds) / speed;
            m_at[i] = played;
        }
        m_next = m_first + 1;
        m_writer.setFlushInterval(50);
        applyMetaUpTo(m_first < count ? recording.step(m_first).time : 0);
        m_timer.setSingleShot(true);
        QObject::connect(&m_timer, &QTimer::timeout, &m_writer, [this] { play(); });
    }

    stream::StreamWriter &writer() { return m_writer; }

    // Starts playing (call once the writer is connected).
    void start()
    {
        if (m_clock.isValid())
            return;
        m_clock.start();
        play();
    }

private:
    void applyMetaUpTo(double time)
    {
        const auto &metas = m_recording.metas();
        while (m_meta < metas.size() && metas.at(m_meta).first <= time) {
            m_writer.setMeta(metas.at(m_meta).second.language, metas.at(m_meta).second.title);
            ++m_meta;
        }
    }

    void applyStep(qsizetype index)
    {
        const stream::RecordingStep &step = m_recording.step(index);
        applyMetaUpTo(step.time);
        if (step.lost)
            return;
        if (const stream::DeltaMessage *delta = m_recording.deltaAtStep(index)) {
            for (const stream::ContentChangeEvent &event : delta->changes) {
                m_writer.recordEvent(event);
                stream::applyContentChangeEvent(m_document, event);
            }
            return;
        }
        // A full: the writer sends the difference, as an editor would.
        const QString text = m_recording.textAtStep(index).value_or(m_document.text());
        const auto edit = stream::diffTexts(m_document.text(), text);
        if (!edit)
            return;
        m_writer.recordChange(
            stream::makeTextChange(m_document, edit->offset, edit->length, edit->text));
        m_document.replace(edit->offset, edit->length, edit->text);
    }

    void play()
    {
        const double now = double(m_clock.nsecsElapsed()) / 1e9;
        while (m_next < m_at.size() && m_at.at(m_next) <= now)
            applyStep(m_next++);
        if (m_next < m_at.size()) {
            m_timer.start(int(std::ceil((m_at.at(m_next) - now) * 1000)));
            return;
        }
        m_writer.flush();
        err() << timestamp() << " replay: end of the recording (version "
              << m_writer.nextVersion() - 1 << " of this stream)\n";
        err().flush();
    }

    const stream::Recording &m_recording;
    stream::MemoryTextDocument m_document;
    stream::StreamWriter m_writer {&m_document};
    QList<double> m_at;
    qsizetype m_first = 0;
    qsizetype m_next = 0;
    qsizetype m_meta = 0;
    QElapsedTimer m_clock;
    QTimer m_timer;
};

int serveRecording(const stream::Recording &recording, const QUrl &serverOrigin,
                   const server::EmbeddedServerOptions &options, double speed, bool encrypt)
{
    std::unique_ptr<server::EmbeddedServer> embedded;
    QUrl origin = serverOrigin;
    if (origin.isEmpty()) {
        embedded = std::make_unique<server::EmbeddedServer>(options);
        QString error;
        if (!embedded->start(&error)) {
            err() << "codestream-cli replay: cannot start the server: " << error << '\n';
            err().flush();
            return 1;
        }
        origin = embedded->origin();
        err() << timestamp() << " server listening on " << origin.toString() << '\n';
        err().flush();
    }
    RecordingPlayer player(recording, speed);
    stream::StreamWriter &writer = player.writer();
    writer.setEncrypted(encrypt);
    int exitCode = 0;
    QObject::connect(&writer, &stream::StreamWriter::shareLinkChanged, &writer,
                     [printed = false](const QUrl &link) mutable {
                         if (printed)
                             return;
                         printed = true;
                         QTextStream out(stdout);
                         out << "share: " << link.toString() << '\n';
                         out.flush();
                     });
    QObject::connect(&writer, &stream::StreamWriter::connectionStateChanged, &writer,
                     [&exitCode, &player](stream::ConnectionState state) {
                         logConnectionState(state, &exitCode);
                         if (state == stream::ConnectionState::Connected)
                             player.start();
                     });
    QObject::connect(&writer, &stream::StreamWriter::errorOccurred, &writer,
                     [](const QString &message) {
                         err() << timestamp() << " error: " << message << '\n';
                         err().flush();
                     });
    TerminationSignals terminationSignals;
    QObject::connect(&terminationSignals, &TerminationSignals::received, &writer,
                     [] { QCoreApplication::quit(); });
    writer.start(origin);
    QCoreApplication::exec();
    writer.stop();
    drainEvents(200);
    if (embedded)
        embedded->stop();
    return exitCode;
}

} // namespace

int runReplayCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write the document of a recording (.cscast) at a version, a time or the "
                       "end, or re-stream it with --serve (docs/recording.md)."));
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
    const QCommandLineOption serveOption(
        QStringLiteral("serve"),
        QStringLiteral("Re-stream the recording as a writer in (scaled) real time; prints "
                       "'share: <link>'. Idle gaps are shortened to 3 s."));
    const QCommandLineOption speedOption(
        QStringLiteral("speed"),
        QStringLiteral("With --serve: play X times as fast, 0.01 to 1000 (default 1)."),
        QStringLiteral("X"), QStringLiteral("1"));
    const QCommandLineOption serverOption(
        QStringLiteral("server"),
        QStringLiteral("With --serve: use the CodeStream server at ORIGIN instead of hosting one."),
        QStringLiteral("ORIGIN"));
    const QCommandLineOption portOption(
        QStringLiteral("port"),
        QStringLiteral("With --serve: port of the hosted server (default 3000, 0: any)."),
        QStringLiteral("N"), QStringLiteral("3000"));
    const QCommandLineOption bindOption(
        QStringLiteral("bind"),
        QStringLiteral("With --serve: address the hosted server listens on (default 127.0.0.1)."),
        QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption encryptOption(
        QStringLiteral("encrypt"),
        QStringLiteral("With --serve: encrypt the stream end to end; the share link carries the "
                       "key (the original sample's page cannot read it)."));
    parser.addOptions({outputOption, versionOption, timeOption, serveOption, speedOption,
                       serverOption, portOption, bindOption, encryptOption});
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

    const bool serve = parser.isSet(serveOption);
    if (serve
        && (parser.isSet(outputOption) || parser.isSet(versionOption) || parser.isSet(timeOption)))
        return usageError(parser, command,
                          QStringLiteral("--serve excludes --output, --version and --time"));
    if (!serve
        && (parser.isSet(speedOption) || parser.isSet(serverOption) || parser.isSet(portOption)
            || parser.isSet(bindOption) || parser.isSet(encryptOption)))
        return usageError(parser, command,
                          QStringLiteral("--speed, --server, --port, --bind and --encrypt need "
                                         "--serve"));
    if (parser.isSet(serverOption) && parser.isSet(portOption))
        return usageError(parser, command,
                          QStringLiteral("--server and --port exclude each other"));
    const double speed = parser.value(speedOption).toDouble(&ok);
    if (!ok || !(speed >= 0.01 && speed <= 1000))
        return usageError(parser, command, QStringLiteral("invalid --speed"));
    QUrl serverOrigin;
    server::EmbeddedServerOptions serverOptions;
    if (parser.isSet(serverOption)) {
        serverOrigin = QUrl::fromUserInput(parser.value(serverOption));
        if (!serverOrigin.isValid() || serverOrigin.host().isEmpty())
            return usageError(parser, command, QStringLiteral("invalid --server origin"));
    } else {
        const uint port = parser.value(portOption).toUInt(&ok);
        if (!ok || port > 65535)
            return usageError(parser, command, QStringLiteral("invalid --port"));
        serverOptions.port = quint16(port);
        serverOptions.bindAddress = QHostAddress(parser.value(bindOption));
        if (serverOptions.bindAddress.isNull())
            return usageError(parser, command, QStringLiteral("invalid --bind address"));
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

    if (serve) {
        err().flush();
        if (recording->versionRanges().isEmpty()) {
            err() << "codestream-cli replay: " << path << " holds no document to serve\n";
            err().flush();
            return 1;
        }
        return serveRecording(*recording, serverOrigin, serverOptions, speed,
                              parser.isSet(encryptOption));
    }

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
