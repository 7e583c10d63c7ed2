#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <csignal>

namespace {

QString cliPath()
{
    return qEnvironmentVariable("CODESTREAM_BIN_DIR") + QStringLiteral("/codestream-cli");
}

// A running `codestream-cli serve`.
struct ServeProcess
{
    QProcess process;
    quint16 port = 0;
    QString line;
    QByteArray standardError;

    ~ServeProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }

    bool start(const QStringList &args)
    {
        process.start(cliPath(), QStringList {QStringLiteral("serve")} + args);
        if (!process.waitForStarted(10000))
            return false;
        QDeadlineTimer deadline(20000);
        while (!process.canReadLine() && !deadline.hasExpired()
               && process.state() == QProcess::Running)
            process.waitForReadyRead(200);
        if (!process.canReadLine())
            return false;
        line = QString::fromUtf8(process.readLine()).chopped(1);
        const auto m
            = QRegularExpression(QStringLiteral("^listening: https?://[^ ]+:(\\d+)$")).match(line);
        port = m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
        return port != 0;
    }

    // Everything the server wrote to stderr so far.
    QByteArray readStandardError() { return standardError += process.readAllStandardError(); }

    int stopWith(int signal)
    {
        ::kill(pid_t(process.processId()), signal);
        if (!process.waitForFinished(15000))
            return -1;
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    }
};

QByteArray httpGet(QTcpSocket &socket, const QByteArray &path)
{
    socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(10000))
        response += socket.readAll();
    return response + socket.readAll();
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

// `codestream-cli serve` as a process: its listening line, port handling, signals and TLS.
class tst_ServeCommand final : public QObject
{
    Q_OBJECT

private slots:
    void portZero_printsOneListeningLineWithRealPort()
    {
        ServeProcess serve;
        QVERIFY2(serve.start({QStringLiteral("--port"), QStringLiteral("0")}),
                 qPrintable(serve.line + QString::fromUtf8(serve.process.readAllStandardError())));
        QVERIFY(serve.line.startsWith(QLatin1String("listening: http://127.0.0.1:")));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, serve.port);
        QVERIFY(socket.waitForConnected(10000));
        const QByteArray response = httpGet(socket, "/negotiate");
        QVERIFY2(response.startsWith("HTTP/1.1 200"), response.constData());
        QVERIFY(response.contains("\"room_id\""));
        QCOMPARE(serve.stopWith(SIGTERM), 0);
        QCOMPARE(serve.process.readAllStandardOutput(), QByteArray()); // exactly one line
    }

    void explicitPort_isTheOneListenedOn()
    {
        const quint16 port = freePort();
        ServeProcess serve;
        QVERIFY(serve.start({QStringLiteral("--port"), QString::number(port),
                             QStringLiteral("--bind"), QStringLiteral("127.0.0.1")}));
        QCOMPARE(serve.line, QStringLiteral("listening: http://127.0.0.1:%1").arg(port));
        QCOMPARE(serve.stopWith(SIGINT), 0);
    }

    void socketBackend_followsEnvironment_data()
    {
        QTest::addColumn<QString>("variable"); // null: unset
        QTest::addColumn<QByteArray>("backend");
#ifdef Q_OS_LINUX
        const QByteArray platformDefault("epoll");
#else
        const QByteArray platformDefault("qt");
#endif
        QTest::newRow("unset") << QString() << platformDefault;
        QTest::newRow("qt") << QStringLiteral("qt") << QByteArray("qt");
        QTest::newRow("Qt") << QStringLiteral("Qt") << QByteArray("qt");
        QTest::newRow("epoll") << QStringLiteral("epoll") << platformDefault;
    }
    void socketBackend_followsEnvironment()
    {
        QFETCH(QString, variable);
        QFETCH(QByteArray, backend);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("CODESTREAM_SOCKET_BACKEND"));
        if (!variable.isNull())
            environment.insert(QStringLiteral("CODESTREAM_SOCKET_BACKEND"), variable);
        ServeProcess serve;
        serve.process.setProcessEnvironment(environment);
        QVERIFY2(serve.start({QStringLiteral("--port"), QStringLiteral("0")}),
                 qPrintable(serve.line + QString::fromUtf8(serve.readStandardError())));
        const QByteArray line = "codestream-cli serve: socket backend: " + backend + '\n';
        QTRY_VERIFY2(serve.readStandardError().contains(line), serve.standardError.constData());

        // A WebSocket client is served on that backend.
        QWebSocket socket;
        QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
        QSignalSpy errors(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket")
                             .arg(serve.port)));
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
        QVERIFY(messages.at(0).at(0).toString().startsWith(QLatin1String("0{\"sid\"")));
        socket.sendTextMessage(QStringLiteral("40"));
        const auto connected = [&messages] {
            for (const QList<QVariant> &message : std::as_const(messages)) {
                if (message.at(0).toString().startsWith(QLatin1String("40{\"sid\"")))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(connected(), 10000);
        QCOMPARE(errors.size(), 0);
        QCOMPARE(serve.stopWith(SIGTERM), 0);
    }

    void webRoot_contentSecurityPolicy_onlyWithCspOption_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("policy"); // empty: no header
        QTest::newRow("web root") << QStringList() << QByteArray();
        QTest::newRow("web root, --csp")
            << QStringList {QStringLiteral("--csp"), QStringLiteral("default-src 'self'")}
            << QByteArray("default-src 'self'");
    }
    void webRoot_contentSecurityPolicy_onlyWithCspOption()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, policy);
        QTemporaryDir root;
        QFile page(root.filePath(QStringLiteral("index.html")));
        QVERIFY(page.open(QIODevice::WriteOnly));
        page.write("<script>document.title = 'inline';</script>");
        page.close();
        ServeProcess serve;
        QVERIFY2(serve.start(QStringList {QStringLiteral("--port"), QStringLiteral("0"),
                                          QStringLiteral("--web-root"), root.path()}
                             + args),
                 qPrintable(serve.line + QString::fromUtf8(serve.readStandardError())));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, serve.port);
        QVERIFY(socket.waitForConnected(10000));
        const QByteArray response = httpGet(socket, "/");
        QVERIFY2(response.startsWith("HTTP/1.1 200"), response.constData());
        QVERIFY(response.endsWith("<script>document.title = 'inline';</script>"));
        const QByteArray head = response.left(response.indexOf("\r\n\r\n") + 2).toLower();
        if (policy.isEmpty())
            QVERIFY2(!head.contains("content-security-policy"), head.constData());
        else
            QVERIFY2(head.contains(
                         QByteArray("\r\ncontent-security-policy: " + policy.toLower() + "\r\n")),
                     head.constData());
        QCOMPARE(serve.stopWith(SIGTERM), 0);
    }

    void portInUse_exitsOneWithMessage()
    {
        QTcpServer busy;
        QVERIFY(busy.listen(QHostAddress::LocalHost, 0));
        QProcess process;
        process.start(cliPath(),
                      {QStringLiteral("serve"), QStringLiteral("--port"),
                       QString::number(busy.serverPort())});
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(process.readAllStandardOutput().isEmpty());
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(err.contains("cannot listen"), err.constData());
    }

    void invalidArguments_exitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("port text") << QStringList {QStringLiteral("--port"), QStringLiteral("abc")};
        QTest::newRow("port range")
            << QStringList {QStringLiteral("--port"), QStringLiteral("70000")};
        QTest::newRow("bind") << QStringList {QStringLiteral("--bind"), QStringLiteral("nowhere")};
        QTest::newRow("idle timeout zero")
            << QStringList {QStringLiteral("--idle-timeout"), QStringLiteral("0")};
        QTest::newRow("idle timeout fraction")
            << QStringList {QStringLiteral("--idle-timeout"), QStringLiteral("1.5")};
        QTest::newRow("cert without key")
            << QStringList {QStringLiteral("--tls-cert"), QStringLiteral("/tmp/x.pem")};
    }
    void invalidArguments_exitTwo()
    {
        QFETCH(QStringList, args);
        QProcess process;
        process.start(cliPath(), QStringList {QStringLiteral("serve")} + args);
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 2);
    }

    void sigterm_closesConnectionsCleanly_exitZero()
    {
        ServeProcess serve;
        QVERIFY(serve.start({QStringLiteral("--port"), QStringLiteral("0")}));
        QWebSocket ws;
        QStringList frames;
        connect(&ws, &QWebSocket::textMessageReceived, &ws, [&](const QString &m) {
            frames.append(m);
            if (m.startsWith(QLatin1Char('0')))
                ws.sendTextMessage(QStringLiteral("40"));
        });
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket")
                         .arg(serve.port)));
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 3, 15000); // open, connect, login
        QVERIFY(frames.at(1).startsWith(QLatin1String("40")));
        QCOMPARE(frames.at(2), QStringLiteral("42[\"login\"]"));

        ::kill(pid_t(serve.process.processId()), SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(ws.state(), QAbstractSocket::UnconnectedState, 15000);
        // The event loop above may already have seen the process end (waitForFinished() is
        // false for a process that is no longer running).
        QVERIFY(serve.process.state() == QProcess::NotRunning
                || serve.process.waitForFinished(15000));
        QCOMPARE(serve.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.process.exitCode(), 0);
    }

    void tls_selfSignedCertificate_servesHttps()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
                       QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=IP:127.0.0.1")});
        if (!openssl.waitForStarted(10000))
            QSKIP("openssl is not installed");
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);

        ServeProcess serve;
        QVERIFY2(
            serve.start({QStringLiteral("--port"), QStringLiteral("0"),
                         QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key}),
            qPrintable(serve.line + QString::fromUtf8(serve.process.readAllStandardError())));
        QVERIFY(serve.line.startsWith(QLatin1String("listening: https://127.0.0.1:")));

        QSslSocket socket;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates(QSslCertificate::fromPath(cert));
        socket.setSslConfiguration(config);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), serve.port);
        QVERIFY2(socket.waitForEncrypted(15000), qPrintable(socket.errorString()));
        const QByteArray response = httpGet(socket, "/negotiate");
        QVERIFY2(response.startsWith("HTTP/1.1 200"), response.constData());
        QVERIFY2(response.contains("\"url\":\"https://127.0.0.1"), response.constData());

        // Plain HTTP on the TLS port gets no page.
        QTcpSocket plain;
        plain.connectToHost(QHostAddress::LocalHost, serve.port);
        QVERIFY(plain.waitForConnected(10000));
        QVERIFY(!httpGet(plain, "/").contains("<html"));
        QCOMPARE(serve.stopWith(SIGTERM), 0);
    }
};

QTEST_GUILESS_MAIN(tst_ServeCommand)
#include "tst_servecommand.moc"
