#include "reliabilitysupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace reliability;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

// Requests that try to read files outside the web root of `codestream-cli serve`.
class tst_WebRootEscape : public QObject
{
    Q_OBJECT

private slots:
    void traversalRequests_customWebRoot_answer404WithoutTheFile_data();
    void traversalRequests_customWebRoot_answer404WithoutTheFile();
    void traversalRequests_builtinWebRoot_answer404();
};

void tst_WebRootEscape::traversalRequests_customWebRoot_answer404WithoutTheFile_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("dot-dot") << QByteArray("/../secret.txt");
    QTest::newRow("dot-dot in a folder") << QByteArray("/sub/../../secret.txt");
    QTest::newRow("encoded dot-dot") << QByteArray("/%2e%2e/secret.txt");
    QTest::newRow("encoded upper case") << QByteArray("/%2E%2E/secret.txt");
    QTest::newRow("encoded slash") << QByteArray("/sub%2f..%2f..%2fsecret.txt");
    QTest::newRow("encoded dot-dot and slash") << QByteArray("/%2e%2e%2fsecret.txt");
    QTest::newRow("double encoded") << QByteArray("/%252e%252e/secret.txt");
    QTest::newRow("overlong UTF-8 dot") << QByteArray("/%c0%ae%c0%ae/secret.txt");
    QTest::newRow("backslashes") << QByteArray("/sub\\..\\..\\secret.txt");
    QTest::newRow("encoded backslash") << QByteArray("/sub%5c..%5c..%5csecret.txt");
    QTest::newRow("absolute path") << QByteArray("@SECRET@");
    QTest::newRow("absolute path, double slash") << QByteArray("/@SECRET@");
    QTest::newRow("absolute form") << QByteArray("http://127.0.0.1/../secret.txt");
    QTest::newRow("no leading slash") << QByteArray("../secret.txt");
    QTest::newRow("NUL") << QByteArray("/sub/ok.txt%00/../../secret.txt");
    QTest::newRow("symlink to a file outside") << QByteArray("/link-to-secret.txt");
    QTest::newRow("symlink to a folder outside") << QByteArray("/outside/secret.txt");
    QTest::newRow("symlink in a folder") << QByteArray("/sub/up/secret.txt");
    QTest::newRow("hidden file") << QByteArray("/.hidden");
}

void tst_WebRootEscape::traversalRequests_customWebRoot_answer404WithoutTheFile()
{
    QFETCH(QByteArray, target);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray secret = "TOP-SECRET-CONTENT";
    QVERIFY(writeFile(dir.filePath(QStringLiteral("secret.txt")), secret));
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("www/sub")));
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("elsewhere")));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("elsewhere/secret.txt")), secret));
    const QString root = dir.filePath(QStringLiteral("www"));
    QVERIFY(writeFile(root + QStringLiteral("/index.html"), "<p>index</p>"));
    QVERIFY(writeFile(root + QStringLiteral("/sub/ok.txt"), "public"));
    QVERIFY(writeFile(root + QStringLiteral("/.hidden"), secret));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("secret.txt")),
                        root + QStringLiteral("/link-to-secret.txt")));
    QVERIFY(
        QFile::link(dir.filePath(QStringLiteral("elsewhere")), root + QStringLiteral("/outside")));
    QVERIFY(QFile::link(dir.path(), root + QStringLiteral("/sub/up")));
    target.replace("@SECRET@", dir.filePath(QStringLiteral("secret.txt")).toUtf8());

    ServeProcess server;
    QVERIFY(server.start({QStringLiteral("--web-root"), root}));
    const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(server.port()) + "\r\n";
    const auto get = [&](const QByteArray &path) {
        return rawHttp(server.port(),
                       "GET " + path + " HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n");
    };

    // The control: a file inside the root is served.
    const QByteArray ok = get("/sub/ok.txt");
    QCOMPARE(statusOf(ok), 200);
    QVERIFY(ok.endsWith("\r\n\r\npublic"));

    const QByteArray response = get(target);
    QVERIFY2(!response.contains(secret), response.constData());
    QVERIFY2(statusOf(response) == 404, response.left(300).constData());
    QVERIFY(server.isRunning());
    QCOMPARE(statusOf(get("/")), 200);
}

void tst_WebRootEscape::traversalRequests_builtinWebRoot_answer404()
{
    ServeProcess server;
    QVERIFY(server.start());
    const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(server.port()) + "\r\n";
    for (const QByteArray &target :
         {QByteArray("/../../../../etc/passwd"), QByteArray("/%2e%2e/%2e%2e/%2e%2e/etc/passwd"),
          QByteArray("/etc/passwd"), QByteArray("//etc/passwd"),
          QByteArray("/..%2f..%2fetc%2fpasswd"), QByteArray("/socket.io/../../../etc/passwd"),
          QByteArray("/vendor/../../../etc/passwd")}) {
        const QByteArray response = rawHttp(
            server.port(), "GET " + target + " HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n");
        QVERIFY2(!response.contains("root:"), target.constData());
        QVERIFY2(statusOf(response) == 404 || statusOf(response) == 400,
                 QByteArray(target + ": " + response.left(200)).constData());
    }
    QCOMPARE(
        statusOf(rawHttp(server.port(), "GET / HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n")),
        200);
}

QTEST_GUILESS_MAIN(tst_WebRootEscape)
#include "tst_webrootescape.moc"
