// Renders an SVG icon to square PNG files, one per requested size, for the hicolor icon theme.
// Usage: codestream-svgtopng INPUT.svg OUTPUT_DIR SIZE...   (writes OUTPUT_DIR/SIZE.png)

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);

    QTextStream err(stderr);
    const QStringList args = QGuiApplication::arguments();
    if (args.size() < 4) {
        err << "usage: codestream-svgtopng INPUT.svg OUTPUT_DIR SIZE...\n";
        return 2;
    }

    QSvgRenderer renderer(args.at(1));
    if (!renderer.isValid()) {
        err << "codestream-svgtopng: cannot read SVG " << args.at(1) << '\n';
        return 1;
    }

    const QDir outputDir(args.at(2));
    if (!outputDir.mkpath(QStringLiteral("."))) {
        err << "codestream-svgtopng: cannot create " << args.at(2) << '\n';
        return 1;
    }

    for (qsizetype i = 3; i < args.size(); ++i) {
        bool ok = false;
        const int size = args.at(i).toInt(&ok);
        if (!ok || size <= 0 || size > 4096) {
            err << "codestream-svgtopng: invalid size " << args.at(i) << '\n';
            return 2;
        }
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::SmoothPixmapTransform);
            renderer.render(&painter, QRectF(0, 0, size, size));
        }
        const QString path = outputDir.filePath(QString::number(size) + QStringLiteral(".png"));
        if (!image.save(path, "PNG")) {
            err << "codestream-svgtopng: cannot write " << path << '\n';
            return 1;
        }
    }
    return 0;
}
