#include "clioutput.h"

#include "stream/recorder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTextStream>

#include <cstdio>

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

QString timestamp()
{
    return QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz"));
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

int usageError(const QCommandLineParser &parser, const QString &command, const QString &message)
{
    // QCommandLineParser names the program by argv[0] alone; the synopsis needs the command.
    QString usage = parser.helpText().section(QLatin1Char('\n'), 0, 0);
    const QString program = QStringLiteral("Usage: ") + QCoreApplication::arguments().constFirst();
    if (usage.startsWith(program))
        usage.replace(0, program.size(), QStringLiteral("Usage: codestream-cli ") + command);
    err() << "codestream-cli " << command << ": " << message << '\n' << usage << '\n';
    err().flush();
    return usageExitCode;
}

void logConnectionState(stream::ConnectionState state, int *exitCode)
{
    err() << timestamp() << " connection: " << stateName(state) << '\n';
    err().flush();
    if (state == stream::ConnectionState::Failed) {
        *exitCode = 1;
        QCoreApplication::quit();
    }
}

bool openRecorder(stream::Recorder *recorder, const QString &path, const QString &title,
                  const QString &language)
{
    stream::RecordingHeader header;
    header.title = title;
    header.language = language;
    header.appVersion = QStringLiteral("codestream-cli ") + QCoreApplication::applicationVersion();
    if (!recorder->open(path, header)) {
        err() << "codestream-cli: cannot write the recording " << path << ": "
              << recorder->errorString() << '\n';
        err().flush();
        return false;
    }
    QObject::connect(recorder, &stream::Recorder::errorOccurred, recorder,
                     [](const QString &message) {
                         err() << timestamp() << " error: " << message << '\n';
                         err().flush();
                     });
    err() << timestamp() << " recording to " << path << '\n';
    err().flush();
    return true;
}

void drainEvents(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

void printShareLink(const QUrl &link)
{
    QTextStream out(stdout);
    out << "share: " << link.toString() << '\n';
    out.flush();
}

void logWatcherCount(int watchers)
{
    err() << timestamp() << " watchers: " << watchers << '\n';
    err().flush();
}

void logError(const QString &message)
{
    err() << timestamp() << " error: " << message << '\n';
    err().flush();
}
