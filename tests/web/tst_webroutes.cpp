#include "server/embeddedserver.h"
#include "server/negotiate.h"
#include "server/roompolicy.h"
#include "server/staticfiles.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using engineio::HttpRequest;
using engineio::HttpResponse;

namespace {

HttpRequest get(const QString &path, const QByteArray &host = "127.0.0.1:3000")
{
    HttpRequest r;
    r.method = "GET";
    const int q = path.indexOf(QLatin1Char('?'));
    r.path = q < 0 ? path : path.left(q);
    if (q >= 0)
        r.query = QUrlQuery(path.mid(q + 1));
    if (!host.isEmpty())
        r.addHeader("host", host);
    return r;
}

QByteArray header(const HttpResponse &r, const QByteArray &name)
{
    for (const auto &h : r.headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QJsonObject json(const HttpResponse &r)
{
    return QJsonDocument::fromJson(r.body).object();
}

// Sends one raw HTTP/1.1 request (path as is, not normalised) and returns the whole response.
QByteArray rawGet(quint16 port, const QByteArray &target)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(10000))
        return {};
    socket.write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(10000))
        response += socket.readAll();
    response += socket.readAll();
    return response;
}

const QUrl fallback(QStringLiteral("http://127.0.0.1:3000"));

} // namespace

// /negotiate and the static files, as pure routes and through the real HTTP host.
class tst_WebRoutes final : public QObject
{
    Q_OBJECT

private slots:
    void negotiate_newRoom_hasUrlRoomPathAndWriterKey()
    {
        server::RoomPolicy rooms;
        const HttpResponse r = server::negotiate(get(QStringLiteral("/negotiate"), "10.0.0.5:3000"),
                                                 rooms, QStringLiteral("/socket.io"), fallback);
        QCOMPARE(r.status, 200);
        QCOMPARE(header(r, "Content-Type"), QByteArray("application/json"));
        const QJsonObject o = json(r);
        QCOMPARE(o.value(QLatin1String("url")).toString(), QStringLiteral("http://10.0.0.5:3000"));
        QCOMPARE(o.value(QLatin1String("path")).toString(), QStringLiteral("/socket.io"));
        const QString room = o.value(QLatin1String("room_id")).toString();
        QVERIFY(room.size() * 5 >= 96);
        const QString key = o.value(QLatin1String("writer_key")).toString();
        QVERIFY(!key.isEmpty());
        // The issued key is what reclaims the room.
        QVERIFY(rooms.join(QStringLiteral("w"), room + QStringLiteral("-control"), key).allowed);
        rooms.socketLeft(QStringLiteral("w"));
        QVERIFY(!rooms.join(QStringLiteral("x"), room + QStringLiteral("-control"), {}).allowed);
    }

    void negotiate_withRoomId_returnsThatRoomWithoutKey()
    {
        server::RoomPolicy rooms;
        const HttpResponse r = server::negotiate(get(QStringLiteral("/negotiate?room_id=k3v9q")),
                                                 rooms, QStringLiteral("/socket.io"), fallback);
        QCOMPARE(r.status, 200);
        const QJsonObject o = json(r);
        QCOMPARE(o.value(QLatin1String("room_id")).toString(), QStringLiteral("k3v9q"));
        QVERIFY(!o.contains(QLatin1String("writer_key")));
        QCOMPARE(o.value(QLatin1String("url")).toString(), QStringLiteral("http://127.0.0.1:3000"));
    }

    void negotiate_roomIds_distinctAcrossManyCalls()
    {
        server::RoomPolicy rooms;
        QSet<QString> seen;
        for (int i = 0; i < 2000; ++i) {
            const QJsonObject o = json(server::negotiate(get(QStringLiteral("/negotiate")), rooms,
                                                         QStringLiteral("/socket.io"), fallback));
            seen.insert(o.value(QLatin1String("room_id")).toString());
        }
        QCOMPARE(seen.size(), 2000);
    }

    void negotiate_secureRequest_reportsHttps()
    {
        server::RoomPolicy rooms;
        HttpRequest req = get(QStringLiteral("/negotiate"), "example.test:8443");
        req.secure = true;
        const QJsonObject o
            = json(server::negotiate(req, rooms, QStringLiteral("/socket.io"), fallback));
        QCOMPARE(o.value(QLatin1String("url")).toString(),
                 QStringLiteral("https://example.test:8443"));
    }

    void negotiate_badHostHeader_usesServerOrigin_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::newRow("missing") << QByteArray();
        QTest::newRow("path") << QByteArray("evil.test/x");
        QTest::newRow("quote") << QByteArray("a\"b");
        QTest::newRow("userinfo") << QByteArray("user@evil.test");
        QTest::newRow("space") << QByteArray("a b");
    }
    void negotiate_badHostHeader_usesServerOrigin()
    {
        QFETCH(QByteArray, host);
        server::RoomPolicy rooms;
        const QJsonObject o = json(server::negotiate(get(QStringLiteral("/negotiate"), host), rooms,
                                                     QStringLiteral("/socket.io"), fallback));
        QCOMPARE(o.value(QLatin1String("url")).toString(), QStringLiteral("http://127.0.0.1:3000"));
    }

    void negotiate_invalidRoomId_is400()
    {
        server::RoomPolicy rooms;
        const HttpResponse r = server::negotiate(get(QStringLiteral("/negotiate?room_id=")), rooms,
                                                 QStringLiteral("/socket.io"), fallback);
        QCOMPARE(r.status, 400);
    }

    void builtinFiles_servedWithContentTypes_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("type");
        QTest::newRow("root") << QStringLiteral("/") << QByteArray("text/html; charset=utf-8");
        QTest::newRow("index") << QStringLiteral("/index.html")
                               << QByteArray("text/html; charset=utf-8");
        QTest::newRow("js") << QStringLiteral("/watcher.js")
                            << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("css") << QStringLiteral("/style.css")
                             << QByteArray("text/css; charset=utf-8");
        QTest::newRow("icon") << QStringLiteral("/codestream.svg") << QByteArray("image/svg+xml");
        QTest::newRow("socket.io") << QStringLiteral("/vendor/socket.io.min.js")
                                   << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("highlight") << QStringLiteral("/vendor/highlight.bundle.js")
                                   << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("theme") << QStringLiteral("/vendor/highlight-dark.css")
                               << QByteArray("text/css; charset=utf-8");
    }
    void builtinFiles_servedWithContentTypes()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, type);
        const server::StaticFiles files;
        const HttpResponse r = files.serve(get(path));
        QCOMPARE(r.status, 200);
        QCOMPARE(header(r, "Content-Type"), type);
        QVERIFY(!r.body.isEmpty());
        QCOMPARE(header(r, "X-Content-Type-Options"), QByteArray("nosniff"));
        QVERIFY(header(r, "Content-Security-Policy").contains("script-src 'self'"));
    }

    void builtinPage_referencesOnlyServedScripts()
    {
        const server::StaticFiles files;
        const QByteArray page = files.serve(get(QStringLiteral("/"))).body;
        QVERIFY(page.contains("src=\"vendor/socket.io.min.js\""));
        QVERIFY(page.contains("src=\"watcher.js\""));
        QVERIFY(!page.contains("<script>")); // no inline script: the CSP forbids it
        QVERIFY(!page.contains("style=\""));
    }

    void contentSecurityPolicy_builtinStrict_webRootNoneUnlessGiven_data()
    {
        QTest::addColumn<bool>("webRoot");
        QTest::addColumn<QByteArray>("policy");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("built-in page")
            << false << QByteArray() << QByteArray(server::kBuiltinContentSecurityPolicy);
        QTest::newRow("web root") << true << QByteArray() << QByteArray();
        QTest::newRow("web root, --csp") << true << QByteArray("default-src 'self' 'unsafe-inline'")
                                         << QByteArray("default-src 'self' 'unsafe-inline'");
        QTest::newRow("built-in page, --csp")
            << false << QByteArray("default-src 'self'") << QByteArray("default-src 'self'");
    }
    void contentSecurityPolicy_builtinStrict_webRootNoneUnlessGiven()
    {
        QFETCH(bool, webRoot);
        QFETCH(QByteArray, policy);
        QFETCH(QByteArray, expected);
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("index.html")), "<style>p{}</style>");
        const server::StaticFiles files(webRoot ? dir.path() : QString(), policy);
        QCOMPARE(files.contentSecurityPolicy(), expected);
        for (const QString &path : {QStringLiteral("/"), QStringLiteral("/missing.js")}) {
            const HttpResponse r = files.serve(get(path));
            QCOMPARE(header(r, "Content-Security-Policy"), expected);
            QCOMPARE(std::count_if(r.headers.cbegin(), r.headers.cend(),
                                   [](const auto &h) {
                                       return h.first.compare("Content-Security-Policy",
                                                              Qt::CaseInsensitive)
                                           == 0;
                                   }),
                     expected.isEmpty() ? 0 : 1);
            QCOMPARE(header(r, "X-Content-Type-Options"), QByteArray("nosniff"));
        }
    }

    void realServer_contentSecurityPolicy_perRoot_data()
    {
        QTest::addColumn<bool>("webRoot");
        QTest::addColumn<QString>("policy");
        QTest::addColumn<QByteArray>("expectedLine");
        QTest::newRow("built-in page") << false << QString()
                                       << QByteArray("\r\nContent-Security-Policy: ")
                + server::kBuiltinContentSecurityPolicy + "\r\n";
        QTest::newRow("web root") << true << QString() << QByteArray();
        QTest::newRow("web root, --csp") << true << QStringLiteral("script-src 'self'")
                                         << QByteArray("\r\nContent-Security-Policy: "
                                                       "script-src 'self'\r\n");
    }
    void realServer_contentSecurityPolicy_perRoot()
    {
        QFETCH(bool, webRoot);
        QFETCH(QString, policy);
        QFETCH(QByteArray, expectedLine);
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("index.html")), "<html>root</html>");
        server::EmbeddedServerOptions options;
        options.port = 0;
        if (webRoot)
            options.webRoot = dir.path();
        options.contentSecurityPolicy = policy;
        server::EmbeddedServer srv(options);
        QVERIFY(srv.start());
        const QByteArray response = rawGet(srv.port(), "/");
        QVERIFY2(response.startsWith("HTTP/1.1 200"), response.constData());
        const QByteArray head = response.left(response.indexOf("\r\n\r\n") + 2);
        if (expectedLine.isEmpty())
            QVERIFY2(!head.toLower().contains("content-security-policy"), head.constData());
        else
            QVERIFY2(head.contains(expectedLine), head.constData());
    }

    void unknownFile_is404()
    {
        const server::StaticFiles files;
        QCOMPARE(files.serve(get(QStringLiteral("/nope.js"))).status, 404);
        HttpRequest post = get(QStringLiteral("/index.html"));
        post.method = "POST";
        QCOMPARE(files.serve(post).status, 405);
    }

    void traversal_everyForm_is404_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("dotdot") << QStringLiteral("/../secret.txt");
        QTest::newRow("nested dotdot") << QStringLiteral("/sub/../../secret.txt");
        QTest::newRow("encoded dots") << QStringLiteral("/%2e%2e/secret.txt");
        QTest::newRow("encoded upper") << QStringLiteral("/%2E%2E/secret.txt");
        QTest::newRow("half encoded") << QStringLiteral("/.%2e/secret.txt");
        QTest::newRow("encoded slash") << QStringLiteral("/..%2fsecret.txt");
        QTest::newRow("encoded all") << QStringLiteral("/%2e%2e%2fsecret.txt");
        QTest::newRow("double encoded") << QStringLiteral("/%252e%252e/secret.txt");
        QTest::newRow("backslash") << QStringLiteral("/..\\secret.txt");
        QTest::newRow("double slash") << QStringLiteral("//secret.txt");
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
        QTest::newRow("no leading slash") << QStringLiteral("secret.txt");
        QTest::newRow("symlink out") << QStringLiteral("/out.txt");
        QTest::newRow("symlinked dir out") << QStringLiteral("/outdir/secret.txt");
        QTest::newRow("hidden") << QStringLiteral("/.hidden");
        QTest::newRow("nul") << QStringLiteral("/index.html%00");
        QTest::newRow("directory") << QStringLiteral("/sub");
    }
    void traversal_everyForm_is404()
    {
        QFETCH(QString, path);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString root = dir.filePath(QStringLiteral("root"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/sub")));
        writeFile(dir.filePath(QStringLiteral("secret.txt")), "SECRET");
        writeFile(root + QStringLiteral("/index.html"), "<html>root</html>");
        writeFile(root + QStringLiteral("/.hidden"), "SECRET");
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("secret.txt")),
                            root + QStringLiteral("/out.txt")));
        QVERIFY(QFile::link(dir.path(), root + QStringLiteral("/outdir")));

        const server::StaticFiles files(root);
        const HttpResponse r = files.serve(get(path));
        QCOMPARE(r.status, 404);
        QVERIFY(!r.body.contains("SECRET"));
        QCOMPARE(files.serve(get(QStringLiteral("/"))).body, QByteArray("<html>root</html>"));
    }

    void webRoot_symlinkInsideRoot_isServed()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("a.css")), "body{}");
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("a.css")),
                            dir.filePath(QStringLiteral("b.css"))));
        const server::StaticFiles files(dir.path());
        const HttpResponse r = files.serve(get(QStringLiteral("/b.css")));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("body{}"));
        // Third-party bundles fall back to the built-in copy.
        QCOMPARE(files.serve(get(QStringLiteral("/vendor/socket.io.min.js"))).status, 200);
    }

    void realServer_rawTraversalTargets_are404_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::newRow("dotdot") << QByteArray("/../secret.txt");
        QTest::newRow("nested") << QByteArray("/sub/../../secret.txt");
        QTest::newRow("encoded") << QByteArray("/%2e%2e/secret.txt");
        QTest::newRow("encoded slash") << QByteArray("/..%2fsecret.txt");
        QTest::newRow("encoded all") << QByteArray("/%2e%2e%2fsecret.txt");
        QTest::newRow("backslash") << QByteArray("/..\\secret.txt");
        QTest::newRow("symlink") << QByteArray("/out.txt");
        QTest::newRow("absolute uri") << QByteArray("http://127.0.0.1/../secret.txt");
    }
    void realServer_rawTraversalTargets_are404()
    {
        QFETCH(QByteArray, target);
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("root"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/sub")));
        writeFile(dir.filePath(QStringLiteral("secret.txt")), "SECRET");
        writeFile(root + QStringLiteral("/index.html"), "<html>root</html>");
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("secret.txt")),
                            root + QStringLiteral("/out.txt")));

        server::EmbeddedServerOptions options;
        options.port = 0;
        options.webRoot = root;
        server::EmbeddedServer srv(options);
        QString error;
        QVERIFY2(srv.start(&error), qPrintable(error));
        const QByteArray response = rawGet(srv.port(), target);
        QVERIFY2(!response.contains("SECRET"), response.constData());
        QVERIFY2(!response.startsWith("HTTP/1.1 200"), response.constData());
        QVERIFY(rawGet(srv.port(), "/").contains("<html>root</html>"));
    }

    void realServer_socketIoClientBundle_onEnginePaths()
    {
        server::EmbeddedServerOptions options;
        options.port = 0;
        server::EmbeddedServer srv(options);
        QVERIFY(srv.start());
        for (const QByteArray &target :
             {QByteArray("/socket.io/socket.io.js"), QByteArray("/socket.io/socket.io.min.js"),
              QByteArray("/clients/socketio/hubs/eio_hub/socket.io.js")}) {
            const QByteArray response = rawGet(srv.port(), target);
            QVERIFY2(response.startsWith("HTTP/1.1 200"), target.constData());
            QVERIFY(response.contains("text/javascript"));
        }
        const QByteArray negotiate = rawGet(srv.port(), "/negotiate");
        QVERIFY(negotiate.contains("\"path\":\"/socket.io\""));
    }

private:
    static void writeFile(const QString &path, const QByteArray &content)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
};

QTEST_GUILESS_MAIN(tst_WebRoutes)
#include "tst_webroutes.moc"
