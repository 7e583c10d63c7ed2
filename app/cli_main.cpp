#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("codestream-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CODESTREAM_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CodeStream headless tool."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    return 0;
}
