#include "clicommands.h"

#include "server/embeddedserver.h"
#include "stream/streamwatcher.h"
#include "stream/streamwriter.h"
#include "stream/textdocument.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHash>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void writeToSignalPipe(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

// Quits the event loop on SIGINT or SIGTERM (handled through a socket pair, so that the
// handler itself only writes one byte).
class TerminationSignals final
{
public:
    explicit TerminationSignals(std::function<void()> onSignal)
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
            return;
        m_notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read);
        QObject::connect(m_notifier, &QSocketNotifier::activated, m_notifier,
                         [onSignal = std::move(onSignal)] {
                             char byte;
                             [[maybe_unused]] const auto n = ::read(signalPipe[0], &byte, 1);
                             onSignal();
                         });
        struct sigaction action = {};
        action.sa_handler = writeToSignalPipe;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, nullptr);
        ::sigaction(SIGTERM, &action, nullptr);
    }
    ~TerminationSignals()
    {
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        delete m_notifier;
        if (signalPipe[0] >= 0) {
            ::close(signalPipe[0]);
            ::close(signalPipe[1]);
            signalPipe[0] = signalPipe[1] = -1;
        }
    }
    TerminationSignals(const TerminationSignals &) = delete;
    TerminationSignals &operator=(const TerminationSignals &) = delete;

private:
    QSocketNotifier *m_notifier = nullptr;
};

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

QString timestamp()
{
    return QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString languageForFile(const QString &fileName)
{
    static const QHash<QString, QString> languages {
        {QStringLiteral("c"), QStringLiteral("c")},
        {QStringLiteral("h"), QStringLiteral("cpp")},
        {QStringLiteral("cc"), QStringLiteral("cpp")},
        {QStringLiteral("cpp"), QStringLiteral("cpp")},
        {QStringLiteral("cxx"), QStringLiteral("cpp")},
        {QStringLiteral("hpp"), QStringLiteral("cpp")},
        {QStringLiteral("py"), QStringLiteral("python")},
        {QStringLiteral("js"), QStringLiteral("javascript")},
        {QStringLiteral("mjs"), QStringLiteral("javascript")},
        {QStringLiteral("ts"), QStringLiteral("typescript")},
        {QStringLiteral("java"), QStringLiteral("java")},
        {QStringLiteral("cs"), QStringLiteral("csharp")},
        {QStringLiteral("go"), QStringLiteral("go")},
        {QStringLiteral("rs"), QStringLiteral("rust")},
        {QStringLiteral("rb"), QStringLiteral("ruby")},
        {QStringLiteral("sh"), QStringLiteral("shell")},
        {QStringLiteral("json"), QStringLiteral("json")},
        {QStringLiteral("html"), QStringLiteral("html")},
        {QStringLiteral("css"), QStringLiteral("css")},
        {QStringLiteral("md"), QStringLiteral("markdown")},
        {QStringLiteral("xml"), QStringLiteral("xml")},
        {QStringLiteral("yaml"), QStringLiteral("yaml")},
        {QStringLiteral("yml"), QStringLiteral("yaml")},
        {QStringLiteral("sql"), QStringLiteral("sql")},
    };
    return languages.value(QFileInfo(fileName).suffix().toLower(), QStringLiteral("plaintext"));
}

QString stateName(stream::ConnectionState state)
{
    switch (state) {
    case stream::ConnectionState::Idle:
        return QStringLiteral("idle");
    case stream::ConnectionState::Negotiating:
        return QStringLiteral("negotiating");
    case stream::ConnectionState::Connecting:
        return QStringLiteral("connecting");
    case stream::ConnectionState::Connected:
        return QStringLiteral("connected");
    case stream::ConnectionState::Reconnecting:
        return QStringLiteral("reconnecting");
    case stream::ConnectionState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString stateName(stream::WatcherState state)
{
    switch (state) {
    case stream::WatcherState::Connecting:
        return QStringLiteral("connecting");
    case stream::WatcherState::Live:
        return QStringLiteral("live");
    case stream::WatcherState::Resyncing:
        return QStringLiteral("resyncing");
    case stream::WatcherState::Disconnected:
        return QStringLiteral("disconnected");
    }
    return {};
}

// Lets queued network writes go out before the process ends.
void drainEvents(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

// Follows a file on disk and reports each change of its content as one minimal edit.
class FileFollower final : public QObject
{
public:
    FileFollower(const QString &path, stream::MemoryTextDocument *document,
                 stream::StreamWriter *writer)
        : m_path(QFileInfo(path).absoluteFilePath())
        , m_document(document)
        , m_writer(writer)
    {
        m_watcher.addPath(m_path);
        m_watcher.addPath(QFileInfo(m_path).absolutePath());
        connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &FileFollower::check);
        connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &FileFollower::check);
        // Editors that replace the file, network file systems and missed notifications.
        m_poll.setInterval(500);
        connect(&m_poll, &QTimer::timeout, this, &FileFollower::check);
        m_poll.start();
        remember();
    }

    void check()
    {
        if (!m_watcher.files().contains(m_path) && QFileInfo::exists(m_path))
            m_watcher.addPath(m_path);
        const QFileInfo info(m_path);
        if (!info.exists())
            return; // being replaced, or deleted: keep the last content
        const auto signature = std::make_tuple(info.size(), info.lastModified(), info.birthTime(),
                                               info.metadataChangeTime());
        if (signature == m_signature)
            return;
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly))
            return;
        const QString content = QString::fromUtf8(file.readAll());
        m_signature = signature;
        const auto edit = stream::diffTexts(m_document->text(), content);
        if (!edit)
            return;
        m_writer->recordChange(
            stream::makeTextChange(*m_document, edit->offset, edit->length, edit->text));
        m_document->replace(edit->offset, edit->length, edit->text);
    }

private:
    void remember()
    {
        const QFileInfo info(m_path);
        m_signature = std::make_tuple(info.size(), info.lastModified(), info.birthTime(),
                                      info.metadataChangeTime());
    }

    QString m_path;
    stream::MemoryTextDocument *m_document;
    stream::StreamWriter *m_writer;
    QFileSystemWatcher m_watcher;
    QTimer m_poll;
    std::tuple<qint64, QDateTime, QDateTime, QDateTime> m_signature;
};

} // namespace

int runStreamCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Stream FILE to watchers, following its changes on disk. Prints 'share: <link>'."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The file to stream."));
    const QCommandLineOption serverOption(
        QStringLiteral("server"),
        QStringLiteral("Use the CodeStream server at ORIGIN instead of hosting one."),
        QStringLiteral("ORIGIN"));
    const QCommandLineOption portOption(
        QStringLiteral("port"), QStringLiteral("Port of the hosted server (default 3000, 0: any)."),
        QStringLiteral("N"), QStringLiteral("3000"));
    const QCommandLineOption bindOption(
        QStringLiteral("bind"),
        QStringLiteral("Address the hosted server listens on (default 127.0.0.1)."),
        QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption intervalOption(
        QStringLiteral("interval"), QStringLiteral("Batching interval of changes (default 200)."),
        QStringLiteral("MS"), QStringLiteral("200"));
    parser.addOptions({serverOption, portOption, bindOption, intervalOption});
    parser.process(args);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        err() << "codestream-cli stream: expected exactly one FILE\n";
        err().flush();
        return 2;
    }
    if (parser.isSet(serverOption) && parser.isSet(portOption)) {
        err() << "codestream-cli stream: --server and --port exclude each other\n";
        err().flush();
        return 2;
    }
    bool ok = false;
    const int interval = parser.value(intervalOption).toInt(&ok);
    if (!ok || interval < 0) {
        err() << "codestream-cli stream: invalid --interval\n";
        err().flush();
        return 2;
    }
    const QString path = positional.constFirst();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err() << "codestream-cli stream: cannot read " << path << ": " << file.errorString()
              << '\n';
        err().flush();
        return 1;
    }
    stream::MemoryTextDocument document(QString::fromUtf8(file.readAll()));
    file.close();

    std::unique_ptr<server::EmbeddedServer> embedded;
    QUrl origin;
    if (parser.isSet(serverOption)) {
        origin = QUrl::fromUserInput(parser.value(serverOption));
        if (!origin.isValid() || origin.host().isEmpty()) {
            err() << "codestream-cli stream: invalid --server origin\n";
            err().flush();
            return 2;
        }
    } else {
        server::EmbeddedServerOptions options;
        const uint port = parser.value(portOption).toUInt(&ok);
        if (!ok || port > 65535) {
            err() << "codestream-cli stream: invalid --port\n";
            err().flush();
            return 2;
        }
        options.port = quint16(port);
        options.bindAddress = QHostAddress(parser.value(bindOption));
        if (options.bindAddress.isNull()) {
            err() << "codestream-cli stream: invalid --bind address\n";
            err().flush();
            return 2;
        }
        embedded = std::make_unique<server::EmbeddedServer>(options);
        QString error;
        if (!embedded->start(&error)) {
            err() << "codestream-cli stream: cannot start the server: " << error << '\n';
            err().flush();
            return 1;
        }
        origin = embedded->origin();
        err() << timestamp() << " server listening on " << origin.toString() << '\n';
        err().flush();
    }

    stream::StreamWriter writer(&document);
    writer.setFlushInterval(interval);
    writer.setMeta(languageForFile(path), QFileInfo(path).fileName());
    int exitCode = 0;
    bool linkPrinted = false;
    QObject::connect(&writer, &stream::StreamWriter::shareLinkChanged, &writer,
                     [&linkPrinted](const QUrl &link) {
                         if (linkPrinted)
                             return;
                         linkPrinted = true;
                         QTextStream out(stdout);
                         out << "share: " << link.toString() << '\n';
                         out.flush();
                     });
    QObject::connect(&writer, &stream::StreamWriter::connectionStateChanged, &writer,
                     [&exitCode](stream::ConnectionState state) {
                         err() << timestamp() << " connection: " << stateName(state) << '\n';
                         err().flush();
                         if (state == stream::ConnectionState::Failed) {
                             exitCode = 1;
                             QCoreApplication::quit();
                         }
                     });
    QObject::connect(&writer, &stream::StreamWriter::watcherCountChanged, &writer, [](int count) {
        err() << timestamp() << " watchers: " << count << '\n';
        err().flush();
    });
    QObject::connect(&writer, &stream::StreamWriter::errorOccurred, &writer,
                     [](const QString &message) {
                         err() << timestamp() << " error: " << message << '\n';
                         err().flush();
                     });
    FileFollower follower(path, &document, &writer);
    TerminationSignals signalHandler([] { QCoreApplication::quit(); });

    writer.start(origin);
    QCoreApplication::exec();

    follower.check();
    writer.stop();
    drainEvents(200);
    if (embedded)
        embedded->stop();
    return exitCode;
}

int runWatchCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Watch a shared room (LINK is <origin>/#<room>) and write the document."));
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
    parser.addOptions({outputOption, idleOption});
    parser.process(args);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        err() << "codestream-cli watch: expected exactly one LINK\n";
        err().flush();
        return 2;
    }
    int idleMs = -1;
    if (parser.isSet(idleOption)) {
        bool ok = false;
        idleMs = parser.value(idleOption).toInt(&ok);
        if (!ok || idleMs < 0) {
            err() << "codestream-cli watch: invalid --exit-after-idle\n";
            err().flush();
            return 2;
        }
    }
    const QString outputPath = parser.value(outputOption);

    stream::MemoryTextDocument document;
    stream::StreamWatcher watcher(&document);
    int exitCode = 0;
    bool writeFailed = false;

    const auto writeOutput = [&] {
        if (outputPath.isEmpty())
            return;
        QSaveFile out(outputPath);
        if (!out.open(QIODevice::WriteOnly) || out.write(document.text().toUtf8()) < 0
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
    QObject::connect(&watcher, &stream::StreamWatcher::connectionStateChanged, &watcher,
                     [&exitCode](stream::ConnectionState state) {
                         err() << timestamp() << " connection: " << stateName(state) << '\n';
                         err().flush();
                         if (state == stream::ConnectionState::Failed) {
                             exitCode = 1;
                             QCoreApplication::quit();
                         }
                     });
    QObject::connect(&watcher, &stream::StreamWatcher::metaChanged, &watcher,
                     [](const QString &language, const QString &title) {
                         err() << timestamp() << " meta: " << title << " (" << language << ")\n";
                         err().flush();
                     });
    QObject::connect(&watcher, &stream::StreamWatcher::errorOccurred, &watcher,
                     [](const QString &message) {
                         err() << timestamp() << " error: " << message << '\n';
                         err().flush();
                     });
    TerminationSignals signalHandler([] { QCoreApplication::quit(); });

    watcher.start(QUrl::fromUserInput(positional.constFirst()));
    if (watcher.connectionState() == stream::ConnectionState::Failed)
        return 2;
    QCoreApplication::exec();

    watcher.stop();
    if (writeTimer.isActive()) {
        writeTimer.stop();
        writeOutput();
    }
    if (outputPath.isEmpty()) {
        QFile out;
        if (out.open(stdout, QIODevice::WriteOnly))
            out.write(document.text().toUtf8());
    }
    return writeFailed ? 1 : exitCode;
}
