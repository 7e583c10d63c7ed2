#include "clicommands.h"

#include "engineio/socketreactor.h"
#include "server/embeddedserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(signalPipe[1], &byte, 1);
}

// Routes SIGINT and SIGTERM into the event loop through a socket pair.
bool installSignalHandlers()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, signalPipe) != 0)
        return false;
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGINT, &action, nullptr) == 0
        && ::sigaction(SIGTERM, &action, nullptr) == 0;
}

bool parseNumber(const QCommandLineParser &parser, const QString &name, qint64 min, qint64 max,
                 qint64 *value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qint64 v = parser.value(name).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        QTextStream(stderr) << "codestream-cli serve: invalid --" << name << " '"
                            << parser.value(name) << "'\n";
        return false;
    }
    *value = v;
    return true;
}

QString hostForUrl(const QHostAddress &address)
{
    return address.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
        : address.toString();
}

} // namespace

int runServeCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Run the embedded CodeStream server: Socket.IO rooms, /negotiate and the "
                       "browser watcher page."));
    parser.addHelpOption();
    const QString bind = QStringLiteral("bind"), port = QStringLiteral("port"),
                  path = QStringLiteral("path"), webRoot = QStringLiteral("web-root"),
                  openRooms = QStringLiteral("open-rooms"),
                  pingInterval = QStringLiteral("ping-interval"),
                  pingTimeout = QStringLiteral("ping-timeout"),
                  maxPayload = QStringLiteral("max-payload"),
                  connectTimeout = QStringLiteral("connect-timeout"),
                  idleTimeout = QStringLiteral("idle-timeout"),
                  tlsCert = QStringLiteral("tls-cert"), tlsKey = QStringLiteral("tls-key");
    const QString csp = QStringLiteral("csp");
    parser.addOptions({
        {bind, QStringLiteral("Address to listen on (default 127.0.0.1)."), QStringLiteral("ADDR")},
        {port, QStringLiteral("Port to listen on (default 3000, 0: any free port)."),
         QStringLiteral("N")},
        {path,
         QStringLiteral("Socket.IO path, repeatable (default /socket.io/ and "
                        "/clients/socketio/hubs/eio_hub/)."),
         QStringLiteral("P")},
        {webRoot, QStringLiteral("Serve the web page from DIR instead of the built-in one."),
         QStringLiteral("DIR")},
        {openRooms,
         QStringLiteral("Let any client join and send to any room (the original sample's "
                        "behaviour, for compatibility testing).")},
        {pingInterval, QStringLiteral("Engine.IO ping interval (default 25000)."),
         QStringLiteral("MS")},
        {pingTimeout, QStringLiteral("Engine.IO ping timeout (default 20000)."),
         QStringLiteral("MS")},
        {maxPayload, QStringLiteral("Largest packet a client may send (default 1000000)."),
         QStringLiteral("BYTES")},
        {connectTimeout,
         QStringLiteral("Time a client has to join a namespace after the handshake (default "
                        "45000)."),
         QStringLiteral("MS")},
        {idleTimeout,
         QStringLiteral("Time after which an idle HTTP connection (no bytes either way, no "
                        "response owed) is closed (default 60)."),
         QStringLiteral("SECONDS")},
        {tlsCert, QStringLiteral("PEM certificate: serve https and wss (needs --tls-key)."),
         QStringLiteral("FILE")},
        {tlsKey, QStringLiteral("PEM private key for --tls-cert."), QStringLiteral("FILE")},
        {csp,
         QStringLiteral("Content-Security-Policy header for the web page's files (default: none "
                        "with --web-root, a strict one for the built-in page)."),
         QStringLiteral("POLICY")},
    });
    parser.process(args);

    server::EmbeddedServerOptions options;
    if (parser.isSet(bind)) {
        const QString value = parser.value(bind);
        QHostAddress address;
        if (value == QLatin1String("localhost"))
            address = QHostAddress(QHostAddress::LocalHost);
        else if (!address.setAddress(value)) {
            QTextStream(stderr) << "codestream-cli serve: invalid --bind address '" << value
                                << "'\n";
            return 2;
        }
        options.bindAddress = address;
    }
    qint64 number = options.port;
    if (!parseNumber(parser, port, 0, 65535, &number))
        return 2;
    options.port = quint16(number);
    number = options.pingIntervalMs;
    if (!parseNumber(parser, pingInterval, 1, 3600000, &number))
        return 2;
    options.pingIntervalMs = int(number);
    number = options.pingTimeoutMs;
    if (!parseNumber(parser, pingTimeout, 1, 3600000, &number))
        return 2;
    options.pingTimeoutMs = int(number);
    number = options.connectTimeoutMs;
    if (!parseNumber(parser, connectTimeout, 1, 3600000, &number))
        return 2;
    options.connectTimeoutMs = int(number);
    number = options.idleTimeoutMs / 1000;
    if (!parseNumber(parser, idleTimeout, 1, 86400, &number))
        return 2;
    options.idleTimeoutMs = int(number * 1000);
    number = options.maxPayload;
    if (!parseNumber(parser, maxPayload, 1024, qint64(1) << 32, &number))
        return 2;
    options.maxPayload = number;
    options.paths = parser.values(path);
    options.openRooms = parser.isSet(openRooms);
    options.webRoot = parser.value(webRoot);
    options.contentSecurityPolicy = parser.value(csp);
    options.tlsCertificateFile = parser.value(tlsCert);
    options.tlsKeyFile = parser.value(tlsKey);
    if (options.tlsCertificateFile.isEmpty() != options.tlsKeyFile.isEmpty()) {
        QTextStream(stderr) << "codestream-cli serve: --tls-cert and --tls-key go together\n";
        return 2;
    }

    if (!installSignalHandlers()) {
        QTextStream(stderr) << "codestream-cli serve: cannot install signal handlers\n";
        return 1;
    }

    server::EmbeddedServer server(options);
    QObject::connect(&server, &server::EmbeddedServer::errorOccurred, &server,
                     [](const QString &detail) {
                         QTextStream(stderr) << "codestream-cli serve: " << detail << '\n';
                     });
    QString error;
    if (!server.start(&error)) {
        QTextStream(stderr) << "codestream-cli serve: cannot listen on "
                            << hostForUrl(options.bindAddress) << ':' << options.port << ": "
                            << error << '\n';
        return 1;
    }

    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &server, [&server, &notifier] {
        char byte = 0;
        [[maybe_unused]] const ssize_t n = ::read(signalPipe[0], &byte, 1);
        notifier.setEnabled(false);
        server.stop();
        QCoreApplication::exit(0);
    });

    QTextStream(stderr) << "codestream-cli serve: socket backend: "
                        << engineio::SocketReactor::backendName(
                               engineio::SocketReactor::defaultBackend())
                        << '\n';
    const QString scheme = server.origin().scheme();
    QTextStream out(stdout);
    out << "listening: " << scheme << "://" << hostForUrl(options.bindAddress) << ':'
        << server.port() << '\n';
    out.flush();
    std::fflush(stdout);

    return QCoreApplication::exec();
}
