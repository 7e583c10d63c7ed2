#include "watcherwindow.h"
#include "writerwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QHostAddress>
#include <QIcon>
#include <QTextStream>
#include <QUrl>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("CodeStream"));
    QApplication::setOrganizationName(QStringLiteral("CodeStream"));
    QApplication::setApplicationVersion(QStringLiteral(CODESTREAM_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/codestream.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Live-stream code to watchers."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QApplication::translate("main", "The file to open."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption hostOption(
        QStringLiteral("host"),
        QApplication::translate("main", "Host a session on an embedded server and stream."));
    const QCommandLineOption portOption(
        QStringLiteral("port"),
        QApplication::translate("main",
                                "Port of the hosted session (default 3000, or the next "
                                "free one)."),
        QStringLiteral("N"), QStringLiteral("3000"));
    const QCommandLineOption bindOption(
        QStringLiteral("bind"),
        QApplication::translate("main",
                                "Address the hosted session listens on (default "
                                "127.0.0.1; 0.0.0.0 for the network)."),
        QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption serverOption(
        QStringLiteral("server"),
        QApplication::translate("main", "Stream through the CodeStream server at ORIGIN."),
        QStringLiteral("ORIGIN"));
    const QCommandLineOption watchOption(
        QStringLiteral("watch"),
        QApplication::translate("main", "Open a watcher window on a share link."),
        QStringLiteral("LINK"));
    parser.addOptions({hostOption, portOption, bindOption, serverOption, watchOption});
    parser.process(app);

    auto fail = [](const QString &message) {
        QTextStream(stderr) << "codestream: " << message << '\n';
        return 2;
    };

    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    if (!portOk || port > 65535)
        return fail(
            QApplication::translate("main", "invalid port: %1").arg(parser.value(portOption)));
    const QHostAddress bindAddress(parser.value(bindOption));
    if (bindAddress.isNull())
        return fail(QApplication::translate("main", "invalid bind address: %1")
                        .arg(parser.value(bindOption)));
    if (parser.isSet(hostOption) && parser.isSet(serverOption))
        return fail(QApplication::translate("main", "--host and --server exclude each other"));

    ui::WriterWindow writer;
    QObject::connect(&writer, &ui::WriterWindow::shareLinkReady, &writer, [](const QUrl &link) {
        const QByteArray line = "share: " + link.toEncoded() + '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
        std::fflush(stdout);
    });

    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty())
        writer.loadFile(files.constFirst());

    const bool watchOnly = parser.isSet(watchOption) && !parser.isSet(hostOption)
        && !parser.isSet(serverOption) && files.isEmpty();
    if (!watchOnly)
        writer.show();

    if (parser.isSet(hostOption)) {
        QString error;
        if (!writer.hostSession(bindAddress, quint16(port), &error))
            return fail(error);
    } else if (parser.isSet(serverOption)) {
        const QUrl origin = QUrl::fromUserInput(parser.value(serverOption));
        if (!origin.isValid())
            return fail(QApplication::translate("main", "invalid server address: %1")
                            .arg(parser.value(serverOption)));
        writer.streamToServer(origin);
    }
    if (parser.isSet(watchOption)) {
        QString error;
        if (!writer.watchSharedRoom(parser.value(watchOption), &error))
            return fail(error);
    }
    return app.exec();
}
