// conformance-server: the fixture server of the official Engine.IO and Socket.IO protocol test
// suites, configured as their READMEs describe.
#include "engineio/engineserver.h"
#include "engineio/enginesession.h"
#include "server/httphost.h"
#include "socketio/server.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace {

// Echo handlers of the Socket.IO fixture: `auth` on connect, `message` → `message-back`,
// `message-with-ack` acknowledged with its own arguments.
void installEchoHandlers(socketio::Namespace *nsp)
{
    QObject::connect(
        nsp, &socketio::Namespace::connection, nsp, [](socketio::ServerSocket *socket) {
            socket->emitEvent(QStringLiteral("auth"), {socket->auth().toVariantMap()});
            QObject::connect(socket, &socketio::ServerSocket::eventReceived, socket,
                             [socket](const QString &event, const QVariantList &args,
                                      const socketio::EventAck &ack) {
                                 if (event == QLatin1String("message"))
                                     socket->emitEvent(QStringLiteral("message-back"), args);
                                 else if (event == QLatin1String("message-with-ack") && ack)
                                     ack(args);
                             });
        });
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("conformance-server"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Fixture server for the Engine.IO / Socket.IO protocol test suites"));
    parser.addHelpOption();
    const QCommandLineOption modeOption(QStringLiteral("mode"),
                                        QStringLiteral("socketio (default) or engineio"),
                                        QStringLiteral("mode"), QStringLiteral("socketio"));
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("TCP port (default 3000; 0: any)"),
                                        QStringLiteral("port"), QStringLiteral("3000"));
    const QCommandLineOption hostOption(QStringLiteral("host"),
                                        QStringLiteral("bind address (default: any)"),
                                        QStringLiteral("address"), QStringLiteral("0.0.0.0"));
    parser.addOption(modeOption);
    parser.addOption(portOption);
    parser.addOption(hostOption);
    parser.process(app);

    const QString mode = parser.value(modeOption);
    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    if (!portOk || port > 65535
        || (mode != QLatin1String("socketio") && mode != QLatin1String("engineio"))) {
        parser.showHelp(2);
    }

    std::unique_ptr<socketio::Server> io;
    std::unique_ptr<engineio::EngineServer> engine;
    std::unique_ptr<server::HttpHost> host;

    if (mode == QLatin1String("socketio")) {
        socketio::ServerOptions options;
        options.engine.pingIntervalMs = 300;
        options.engine.pingTimeoutMs = 200;
        options.engine.maxPayload = 1000000;
        options.engine.corsOrigin = "*";
        options.connectTimeoutMs = 1000;
        io = std::make_unique<socketio::Server>(options);
        installEchoHandlers(io->of(QStringLiteral("/")));
        installEchoHandlers(io->of(QStringLiteral("/custom")));
        host = std::make_unique<server::HttpHost>(io.get());
    } else {
        engineio::EngineOptions options;
        options.paths = {QStringLiteral("/engine.io/")};
        options.pingIntervalMs = 300;
        options.pingTimeoutMs = 200;
        options.maxPayload = 1000000;
        options.corsOrigin = "*";
        engine = std::make_unique<engineio::EngineServer>(options);
        QObject::connect(engine.get(), &engineio::EngineServer::messageReceived, engine.get(),
                         [](engineio::EngineSession *session, const QByteArray &data, bool binary) {
                             if (binary)
                                 session->sendBinary(data);
                             else
                                 session->sendText(data);
                         });
        host = std::make_unique<server::HttpHost>(engine.get());
    }

    QString error;
    if (!host->listen(QHostAddress(parser.value(hostOption)), quint16(port), &error)) {
        QTextStream(stderr) << "conformance-server: cannot listen: " << error << '\n';
        return 1;
    }
    QTextStream(stdout) << "listening " << host->serverPort() << Qt::endl;
    return app.exec();
}
