#include "clicommands.h"
#include "clioutput.h"
#include "terminationsignals.h"

#include "engineio/socketreactor.h"
#include "server/embeddedserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

bool parseNumber(const QCommandLineParser &parser, const QString &name, qint64 min, qint64 max,
                 qint64 *value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qint64 v = parser.value(name).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        usageError(parser, QStringLiteral("serve"),
                   QStringLiteral("invalid --%1 '%2'").arg(name, parser.value(name)));
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
    const QString bind
        = QStringLiteral("bind"),
        port = QStringLiteral("port"), path = QStringLiteral("path"),
        webRoot = QStringLiteral("web-root"), openRooms = QStringLiteral("open-rooms"),
        pingInterval = QStringLiteral("ping-interval"),
        pingTimeout = QStringLiteral("ping-timeout"), maxPayload = QStringLiteral("max-payload"),
        connectTimeout = QStringLiteral("connect-timeout"),
        idleTimeout = QStringLiteral("idle-timeout"), tlsCert = QStringLiteral("tls-cert"),
        tlsKey = QStringLiteral("tls-key"), threads = QStringLiteral("threads");
    const QString csp = QStringLiteral("csp");
    const QString noIoUring = QStringLiteral("no-io-uring");
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
        {threads,
         QStringLiteral("Threads that write to WebSocket connections, each with a share of "
                        "them (default: one per core; 1: all on the server thread)."),
         QStringLiteral("N")},
        {noIoUring,
         QStringLiteral("Write threads send with one send() per frame instead of batches "
                        "through io_uring.")},
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
        else if (!address.setAddress(value))
            return usageError(parser, QStringLiteral("serve"),
                              QStringLiteral("invalid --bind address '%1'").arg(value));
        options.bindAddress = address;
    }
    qint64 number = options.port;
    if (!parseNumber(parser, port, 0, 65535, &number))
        return 2;
    options.port = quint16(number);
    number = options.io.engine.pingIntervalMs;
    if (!parseNumber(parser, pingInterval, 1, 3600000, &number))
        return 2;
    options.io.engine.pingIntervalMs = int(number);
    number = options.io.engine.pingTimeoutMs;
    if (!parseNumber(parser, pingTimeout, 1, 3600000, &number))
        return 2;
    options.io.engine.pingTimeoutMs = int(number);
    number = options.io.connectTimeoutMs;
    if (!parseNumber(parser, connectTimeout, 1, 3600000, &number))
        return 2;
    options.io.connectTimeoutMs = int(number);
    number = options.idleTimeoutMs / 1000;
    if (!parseNumber(parser, idleTimeout, 1, 86400, &number))
        return 2;
    options.idleTimeoutMs = int(number * 1000);
    number = options.io.engine.maxPayload;
    if (!parseNumber(parser, maxPayload, 1024, qint64(1) << 32, &number))
        return 2;
    options.io.engine.maxPayload = number;
    number = options.io.engine.threads;
    if (!parseNumber(parser, threads, 1, 256, &number))
        return 2;
    options.io.engine.threads = int(number);
    options.io.engine.ioUring = !parser.isSet(noIoUring);
    if (parser.isSet(path))
        options.io.engine.paths = parser.values(path);
    options.openRooms = parser.isSet(openRooms);
    options.webRoot = parser.value(webRoot);
    options.contentSecurityPolicy = parser.value(csp);
    options.tlsCertificateFile = parser.value(tlsCert);
    options.tlsKeyFile = parser.value(tlsKey);
    if (options.tlsCertificateFile.isEmpty() != options.tlsKeyFile.isEmpty())
        return usageError(parser, QStringLiteral("serve"),
                          QStringLiteral("--tls-cert and --tls-key go together"));

    TerminationSignals terminationSignals;
    if (!terminationSignals.isActive()) {
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

    QObject::connect(
        &terminationSignals, &TerminationSignals::received, &server,
        [&server] {
            server.stop();
            QCoreApplication::exit(0);
        },
        Qt::SingleShotConnection);

    QTextStream(stderr) << "codestream-cli serve: socket backend: "
                        << engineio::SocketReactor::backendName(
                               engineio::SocketReactor::defaultBackend())
                        << '\n';
    QTextStream(stderr) << "codestream-cli serve: write threads: " << server.writeThreadCount()
                        << (server.writesWithIoUring() ? " (io_uring)" : "") << '\n';
    const QString scheme = server.origin().scheme();
    QTextStream out(stdout);
    out << "listening: " << scheme << "://" << hostForUrl(options.bindAddress) << ':'
        << server.port() << '\n';
    out.flush();
    std::fflush(stdout);

    return QCoreApplication::exec();
}
