// The host's own HTTP/1.1 wire functions: request heads of WebSocket upgrades in, responses
// out, the reason-phrase table. Exact strings, garbage, truncated and oversized input.
#include "server/httpwire.h"

#include <QTest>

using engineio::HttpRequest;
using engineio::HttpResponse;

class tst_HttpWire : public QObject
{
    Q_OBJECT

private slots:
    void parseRequestHead_validHead_givesRequest_data();
    void parseRequestHead_validHead_givesRequest();
    void parseRequestHead_invalidHead_givesNothing_data();
    void parseRequestHead_invalidHead_givesNothing();
    void parseRequestHead_oversizedHead_keepsEveryField();
    void isWebSocketUpgrade_data();
    void isWebSocketUpgrade();
    void serializeResponse_exactBytes_data();
    void serializeResponse_exactBytes();
    void serializeResponse_fieldWithLineBreak_isDropped_data();
    void serializeResponse_fieldWithLineBreak_isDropped();
    void serializeResponse_largeBody_countsEveryByte();
    void serializeWebSocketAccept_exactBytes();
    void reasonPhrase_table_data();
    void reasonPhrase_table();
};

void tst_HttpWire::parseRequestHead_validHead_givesRequest_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArrayList>("fields"); // name, value, name, value, ...

    QTest::newRow("upgrade") << QByteArray("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                                           "Host: localhost:3000\r\n"
                                           "Upgrade: websocket\r\n"
                                           "Connection: Upgrade\r\n"
                                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                           "Sec-WebSocket-Version: 13\r\n\r\n")
                             << QByteArray("GET") << QStringLiteral("/socket.io/")
                             << QStringLiteral("EIO=4&transport=websocket")
                             << QByteArrayList {"host",
                                                "localhost:3000",
                                                "upgrade",
                                                "websocket",
                                                "connection",
                                                "Upgrade",
                                                "sec-websocket-key",
                                                "dGhlIHNhbXBsZSBub25jZQ==",
                                                "sec-websocket-version",
                                                "13"};
    QTest::newRow("bare LF, no blank line")
        << QByteArray("GET /a HTTP/1.0\nX-One: 1\nx-two:2") << QByteArray("GET")
        << QStringLiteral("/a") << QString() << QByteArrayList {"x-one", "1", "x-two", "2"};
    QTest::newRow("no fields") << QByteArray("POST / HTTP/1.1\r\n\r\n") << QByteArray("POST")
                               << QStringLiteral("/") << QString() << QByteArrayList {};
    QTest::newRow("names lowered, values trimmed")
        << QByteArray("GET /x HTTP/1.1\r\nORIGIN :  http://a.example  \r\n") << QByteArray("GET")
        << QStringLiteral("/x") << QString() << QByteArrayList {"origin", "http://a.example"};
    QTest::newRow("colon in value")
        << QByteArray("GET / HTTP/1.1\r\nHost: [::1]:3000\r\n") << QByteArray("GET")
        << QStringLiteral("/") << QString() << QByteArrayList {"host", "[::1]:3000"};
    QTest::newRow("encoded path is decoded")
        << QByteArray("GET /a%20b?x=%26 HTTP/1.1\r\n") << QByteArray("GET")
        << QStringLiteral("/a b") << QStringLiteral("x=%26") << QByteArrayList {};
}

void tst_HttpWire::parseRequestHead_validHead_givesRequest()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, query);
    QFETCH(QByteArrayList, fields);

    const std::optional<HttpRequest> request = server::parseRequestHead(head);
    QVERIFY(request);
    QCOMPARE(request->method, method);
    QCOMPARE(request->path, path);
    QCOMPARE(request->query.query(QUrl::FullyEncoded), query);
    QCOMPARE(request->headers.size(), fields.size() / 2);
    for (qsizetype i = 0; i + 1 < fields.size(); i += 2) {
        QCOMPARE(request->headers.at(i / 2).first, fields.at(i));
        QCOMPARE(request->header(fields.at(i)), fields.at(i + 1));
    }
}

void tst_HttpWire::parseRequestHead_invalidHead_givesNothing_data()
{
    QTest::addColumn<QByteArray>("head");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blank lines") << QByteArray("\r\n\r\n");
    QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
    QTest::newRow("truncated request line") << QByteArray("GET /socket.io/");
    QTest::newRow("truncated version") << QByteArray("GET / HTTP/");
    QTest::newRow("HTTP/2 version") << QByteArray("GET / HTTP/2.0\r\n\r\n");
    QTest::newRow("too many words") << QByteArray("GET / extra HTTP/1.1\r\n\r\n");
    QTest::newRow("double space") << QByteArray("GET  / HTTP/1.1\r\n\r\n");
    QTest::newRow("invalid URL") << QByteArray("GET http://[::1 HTTP/1.1\r\n\r\n");
    QTest::newRow("field without colon") << QByteArray("GET / HTTP/1.1\r\nUpgrade websocket\r\n");
    QTest::newRow("field without name") << QByteArray("GET / HTTP/1.1\r\n: value\r\n");
}

void tst_HttpWire::parseRequestHead_invalidHead_givesNothing()
{
    QFETCH(QByteArray, head);
    QVERIFY(!server::parseRequestHead(head));
}

void tst_HttpWire::parseRequestHead_oversizedHead_keepsEveryField()
{
    QByteArray head = "GET /socket.io/ HTTP/1.1\r\n";
    const QByteArray longValue(server::kMaxRequestHeadBytes, 'v');
    head += "X-Long: " + longValue + "\r\n";
    for (int i = 0; i < 1000; ++i)
        head += "X-Field-" + QByteArray::number(i) + ": " + QByteArray::number(i) + "\r\n";
    head += "\r\n";
    const std::optional<HttpRequest> request = server::parseRequestHead(head);
    QVERIFY(request);
    QCOMPARE(request->headers.size(), 1001);
    QCOMPARE(request->header("x-long"), longValue);
    QCOMPARE(request->header("x-field-999"), QByteArray("999"));
}

void tst_HttpWire::isWebSocketUpgrade_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("upgrade");

    QTest::newRow("upgrade") << QByteArray("GET / HTTP/1.1\r\nUpgrade: websocket\r\n") << true;
    QTest::newRow("any case") << QByteArray("GET / HTTP/1.1\r\nuPgRaDe:  WebSocket \r\n") << true;
    QTest::newRow("h2c") << QByteArray("GET / HTTP/1.1\r\nUpgrade: h2c\r\n") << false;
    QTest::newRow("no upgrade") << QByteArray("GET / HTTP/1.1\r\nConnection: Upgrade\r\n") << false;
    QTest::newRow("first Upgrade field decides")
        << QByteArray("GET / HTTP/1.1\r\nUpgrade: h2c\r\nUpgrade: websocket\r\n") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("name only") << QByteArray("Upgrade") << false;
    QTest::newRow("truncated value") << QByteArray("GET / HTTP/1.1\r\nUpgrade: websock") << false;
}

void tst_HttpWire::isWebSocketUpgrade()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, upgrade);
    QCOMPARE(server::isWebSocketUpgrade(head), upgrade);
}

void tst_HttpWire::serializeResponse_exactBytes_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArrayList>("fields");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("keepAlive");
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("ok keep-alive")
        << 200 << QByteArrayList {"Content-Type", "text/plain"} << QByteArray("hello") << true
        << QByteArray("HTTP/1.1 200 OK\r\n"
                      "Content-Type: text/plain\r\n"
                      "Content-Length: 5\r\n"
                      "Connection: keep-alive\r\n\r\n"
                      "hello");
    QTest::newRow("not found close") << 404 << QByteArrayList {} << QByteArray() << false
                                     << QByteArray("HTTP/1.1 404 Not Found\r\n"
                                                   "Content-Length: 0\r\n"
                                                   "Connection: close\r\n\r\n");
    QTest::newRow("own length and connection are replaced")
        << 204 << QByteArrayList {"content-length", "99", "CONNECTION", "upgrade", "X-A", "1"}
        << QByteArray() << true
        << QByteArray("HTTP/1.1 204 No Content\r\n"
                      "X-A: 1\r\n"
                      "Content-Length: 0\r\n"
                      "Connection: keep-alive\r\n\r\n");
    QTest::newRow("unknown status") << 299 << QByteArrayList {} << QByteArray("x") << false
                                    << QByteArray("HTTP/1.1 299 Status\r\n"
                                                  "Content-Length: 1\r\n"
                                                  "Connection: close\r\n\r\n"
                                                  "x");
    QTest::newRow("binary body") << 200 << QByteArrayList {} << QByteArray("\0\r\n\r\n", 5) << true
                                 << QByteArray("HTTP/1.1 200 OK\r\n"
                                               "Content-Length: 5\r\n"
                                               "Connection: keep-alive\r\n\r\n")
            + QByteArray("\0\r\n\r\n", 5);
}

void tst_HttpWire::serializeResponse_exactBytes()
{
    QFETCH(int, status);
    QFETCH(QByteArrayList, fields);
    QFETCH(QByteArray, body);
    QFETCH(bool, keepAlive);
    QFETCH(QByteArray, bytes);

    HttpResponse response;
    response.status = status;
    for (qsizetype i = 0; i + 1 < fields.size(); i += 2)
        response.headers.emplaceBack(fields.at(i), fields.at(i + 1));
    response.body = body;
    QCOMPARE(server::serializeResponse(response, keepAlive), bytes);
}

void tst_HttpWire::serializeResponse_fieldWithLineBreak_isDropped_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("CRLF in value")
        << QByteArray("Location") << QByteArray("/a\r\nSet-Cookie: stolen=1");
    QTest::newRow("LF in value") << QByteArray("X-A") << QByteArray("1\nX-B: 2");
    QTest::newRow("CR in name") << QByteArray("X-A\rX-B") << QByteArray("1");
    QTest::newRow("NUL in value") << QByteArray("X-A") << QByteArray("1\0002", 3);
    QTest::newRow("colon in name") << QByteArray("X-A: 1\r\nX-B") << QByteArray("2");
    QTest::newRow("empty name") << QByteArray() << QByteArray("1");
}

void tst_HttpWire::serializeResponse_fieldWithLineBreak_isDropped()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);

    HttpResponse response;
    response.headers.emplaceBack("X-Kept", "yes");
    response.headers.emplaceBack(name, value);
    QCOMPARE(server::serializeResponse(response, false),
             QByteArray("HTTP/1.1 200 OK\r\n"
                        "X-Kept: yes\r\n"
                        "Content-Length: 0\r\n"
                        "Connection: close\r\n\r\n"));
}

void tst_HttpWire::serializeResponse_largeBody_countsEveryByte()
{
    HttpResponse response;
    response.body = QByteArray(5 * 1024 * 1024 + 1, 'b');
    const QByteArray bytes = server::serializeResponse(response, true);
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    QVERIFY(headEnd > 0);
    QVERIFY(bytes.first(headEnd).contains("\r\nContent-Length: 5242881\r\n"));
    QCOMPARE(bytes.size() - headEnd - 4, response.body.size());
}

void tst_HttpWire::serializeWebSocketAccept_exactBytes()
{
    QCOMPARE(server::serializeWebSocketAccept("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
             QByteArray("HTTP/1.1 101 Switching Protocols\r\n"
                        "Upgrade: websocket\r\n"
                        "Connection: Upgrade\r\n"
                        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"));
}

void tst_HttpWire::reasonPhrase_table_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("phrase");

    QTest::newRow("101") << 101 << QByteArray("Switching Protocols");
    QTest::newRow("200") << 200 << QByteArray("OK");
    QTest::newRow("201") << 201 << QByteArray("Created");
    QTest::newRow("204") << 204 << QByteArray("No Content");
    QTest::newRow("301") << 301 << QByteArray("Moved Permanently");
    QTest::newRow("302") << 302 << QByteArray("Found");
    QTest::newRow("304") << 304 << QByteArray("Not Modified");
    QTest::newRow("400") << 400 << QByteArray("Bad Request");
    QTest::newRow("403") << 403 << QByteArray("Forbidden");
    QTest::newRow("404") << 404 << QByteArray("Not Found");
    QTest::newRow("405") << 405 << QByteArray("Method Not Allowed");
    QTest::newRow("413") << 413 << QByteArray("Payload Too Large");
    QTest::newRow("429") << 429 << QByteArray("Too Many Requests");
    QTest::newRow("500") << 500 << QByteArray("Internal Server Error");
    QTest::newRow("503") << 503 << QByteArray("Service Unavailable");
    QTest::newRow("unknown") << 418 << QByteArray("Status");
    QTest::newRow("negative") << -1 << QByteArray("Status");
}

void tst_HttpWire::reasonPhrase_table()
{
    QFETCH(int, status);
    QFETCH(QByteArray, phrase);
    QCOMPARE(server::reasonPhrase(status), phrase);
}

QTEST_GUILESS_MAIN(tst_HttpWire)
#include "tst_httpwire.moc"
