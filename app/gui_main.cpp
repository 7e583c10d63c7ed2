#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

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
    parser.process(app);

    MainWindow window;
    window.show();
    return app.exec();
}
