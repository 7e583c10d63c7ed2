#include "preferences.h"
#include "selftest.h"
#include "translations.h"
#include "windowregistry.h"
#include "writerwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QHostAddress>
#include <QIcon>
#include <QTextStream>
#include <QUrl>

#include <cstdio>
#include <cstring>

namespace {

// The value of `--name VALUE` or `--name=VALUE` in argv, before QApplication parses it.
QString earlyOptionValue(int argc, char *argv[], const char *name)
{
    const QByteArray option = QByteArray("--") + name;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == option && i + 1 < argc)
            return QString::fromLocal8Bit(argv[i + 1]);
        if (arg.startsWith(QByteArray(option + '=')))
            return QString::fromLocal8Bit(arg.mid(option.size() + 1));
    }
    return {};
}

bool hasEarlyFlag(int argc, char *argv[], const char *flag)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], flag) == 0)
            return true;
    }
    return false;
}

// Scripts read the share link of a hosted session from stdout.
void printShareLink(const QUrl &link)
{
    const QByteArray line = "share: " + link.toEncoded() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    // The self-test, --help and --version also run where there is no display (a package
    // check, CI).
    const bool headless = hasEarlyFlag(argc, argv, "--self-test")
        || hasEarlyFlag(argc, argv, "--help") || hasEarlyFlag(argc, argv, "-h")
        || hasEarlyFlag(argc, argv, "--version") || hasEarlyFlag(argc, argv, "-v");
    if (headless && !hasEarlyFlag(argc, argv, "-platform")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("CodeStream"));
    QApplication::setOrganizationName(QStringLiteral("CodeStream"));
    QApplication::setApplicationVersion(QStringLiteral(CODESTREAM_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/codestream.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.codestream.CodeStream"));
    ui::installTranslators(ui::translationLocale(earlyOptionValue(argc, argv, "lang")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Live-stream code to watchers."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QApplication::translate("main",
                                "The file to open (a .cscast recording opens in a player)."),
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
        QApplication::translate("main",
                                "Open a watcher window on a share link (without LINK: ask "
                                "for one)."),
        QStringLiteral("LINK"));
    const QCommandLineOption selfTestOption(
        QStringLiteral("self-test"),
        QApplication::translate("main",
                                "Stream a line from a writer window to a watcher window "
                                "through an embedded server, check it arrived, and quit."));
    const QCommandLineOption langOption(
        QStringLiteral("lang"),
        QApplication::translate("main", "Show the user interface in LANGUAGE (e.g. de)."),
        QStringLiteral("LANGUAGE"));
    parser.addOptions({hostOption, portOption, bindOption, serverOption, watchOption,
                       selfTestOption, langOption});

    // `--watch` without a link (as the desktop file's action runs it) asks for one.
    QStringList arguments = QApplication::arguments();
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i) == u"--watch"
            && (i + 1 == arguments.size() || arguments.at(i + 1).startsWith(u'-')))
            arguments[i] = QStringLiteral("--watch=");
    }
    parser.process(arguments);

    if (parser.isSet(selfTestOption)) {
        const ui::SelfTestResult result = ui::runSelfTest();
        QTextStream(result.passed ? stdout : stderr) << "codestream: " << result.summary << '\n';
        return result.passed ? 0 : 1;
    }

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

    ui::StartupRequest request;
    request.file = parser.positionalArguments().value(0);
    request.host = parser.isSet(hostOption);
    request.bindAddress = bindAddress;
    request.port = quint16(port);
    if (parser.isSet(serverOption)) {
        request.server = QUrl::fromUserInput(parser.value(serverOption));
        if (!request.server.isValid())
            return fail(QApplication::translate("main", "invalid server address: %1")
                            .arg(parser.value(serverOption)));
    }
    request.watch = parser.isSet(watchOption);
    request.watchLink = parser.value(watchOption).trimmed();

    ui::applyApplicationTheme(ui::Preferences::load().theme);
    ui::WindowRegistry windows;
    QObject::connect(
        &windows, &ui::WindowRegistry::writerWindowOpened, &windows, [](ui::WriterWindow *writer) {
            QObject::connect(writer, &ui::WriterWindow::shareLinkReady, writer, printShareLink);
        });
    QString error;
    switch (windows.openStartupWindows(request, &error)) {
    case ui::StartupResult::Running:
        break;
    case ui::StartupResult::Cancelled:
        return 0;
    case ui::StartupResult::Failed:
        return fail(error);
    }
    return app.exec();
}
