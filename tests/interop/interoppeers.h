#pragma once

#include "nodeprocess.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// Real peers for the end-to-end interop tests: CodeStream's own binaries, Chromium driven by
// tests/node/interop-monaco.js, Node peers and Debian's redis-server.

namespace interop {

inline QString binPath(const QString &name)
{
    return qEnvironmentVariable("CODESTREAM_BIN_DIR") + QLatin1Char('/') + name;
}

inline QString nodeModules()
{
    return qEnvironmentVariable("CODESTREAM_NODE_MODULES");
}

// node_modules of the cluster server: build/cluster/node_modules next to build/npm.
inline QString clusterNodeModules()
{
    QDir npm(nodeModules());
    npm.cdUp();
    npm.cdUp();
    return npm.absoluteFilePath(QStringLiteral("cluster/node_modules"));
}

inline QString sourcePath(const QString &relative)
{
    return qEnvironmentVariable("CODESTREAM_SOURCE_DIR") + QLatin1Char('/') + relative;
}

// A port that was free a moment ago (for servers that cannot announce the port they took).
inline quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArrayLiteral("<missing>");
    return file.readAll();
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(bytes) == bytes.size();
}

// Any program run by a test, read line by line on stdout; stopped when destroyed.
class Peer final
{
public:
    Peer() = default;
    ~Peer() { stop(); }
    Peer(const Peer &) = delete;
    Peer &operator=(const Peer &) = delete;

    bool start(const QString &program, const QStringList &args,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setReadChannel(QProcess::StandardOutput);
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process, [this] {
            const QByteArray err = m_process.readAllStandardError();
            m_stderr += err;
            if (qEnvironmentVariableIsSet("CODESTREAM_TEST_VERBOSE"))
                qWarning("%s: %s", qPrintable(m_name), err.constData());
        });
        m_name = QFileInfo(program).fileName();
        m_process.start(program, args);
        return m_process.waitForStarted(10000);
    }

    bool startNode(const QString &script, const QStringList &args,
                   const QString &modules = nodeModules())
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NODE_PATH"), modules);
        const bool ok
            = start(QStringLiteral(CODESTREAM_NODE_EXECUTABLE), QStringList {script} + args, env);
        m_name = QFileInfo(script).fileName();
        return ok;
    }

    // Waits for a stdout line starting with `prefix`; returns the rest of it, trimmed, or a null
    // string on timeout or exit. Lines read on the way are kept in lines().
    QString waitForLine(const QString &prefix, int timeoutMs = 20000)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            while (m_process.canReadLine()) {
                const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                m_lines.append(line);
                if (line.startsWith(prefix))
                    return line.mid(prefix.size()).trimmed();
            }
            if (m_process.state() == QProcess::NotRunning || deadline.hasExpired())
                return {};
            QTest::qWait(10);
        }
    }

    // Waits for a stdout line containing `text`; returns that line, or a null string.
    QString waitForLineContaining(const QString &text, int timeoutMs = 20000)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            while (m_process.canReadLine()) {
                const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                m_lines.append(line);
                if (line.contains(text))
                    return line;
            }
            if (m_process.state() == QProcess::NotRunning || deadline.hasExpired())
                return {};
            QTest::qWait(10);
        }
    }

    void write(const QByteArray &line) { m_process.write(line + '\n'); }

    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QProcess &process() { return m_process; }
    QStringList lines() const { return m_lines; }
    QString diagnostics() const
    {
        return m_name + QStringLiteral(" stdout: ") + m_lines.join(QLatin1String(" | "))
            + QStringLiteral("\nstderr: ") + QString::fromUtf8(m_stderr.right(4000));
    }

    void kill()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            kill();
    }

private:
    QProcess m_process;
    QString m_name;
    QStringList m_lines;
    QByteArray m_stderr;
};

// Chromium through tests/node/interop-monaco.js: pages at <origin>/__interop/<file> share the
// origin of the server under test.
class Browser final
{
public:
    bool start()
    {
        if (!m_driver.startNode(NodeProcess::scriptPath(QStringLiteral("interop-monaco.js")), {}))
            return false;
        return !m_driver.waitForLine(QStringLiteral("ready"), 60000).isNull();
    }

    // Sends one command; returns its result, or an undefined value (and the error in lastError()).
    QJsonValue call(QJsonObject command, int timeoutMs = 30000)
    {
        const int id = ++m_nextId;
        command.insert(QStringLiteral("id"), id);
        m_driver.write(QJsonDocument(command).toJson(QJsonDocument::Compact));
        QDeadlineTimer deadline(timeoutMs);
        const QString ok = QStringLiteral("ok %1 ").arg(id);
        const QString error = QStringLiteral("error %1 ").arg(id);
        QProcess &process = m_driver.process();
        while (!deadline.hasExpired() && process.state() != QProcess::NotRunning) {
            while (process.canReadLine()) {
                const QString line = QString::fromUtf8(process.readLine()).trimmed();
                if (line.startsWith(ok)) {
                    const QByteArray json
                        = QByteArrayLiteral("[") + line.mid(ok.size()).toUtf8() + ']';
                    return QJsonDocument::fromJson(json).array().at(0);
                }
                if (line.startsWith(error)) {
                    m_lastError = line.mid(error.size());
                    return QJsonValue(QJsonValue::Undefined);
                }
            }
            QTest::qWait(10);
        }
        m_lastError = QStringLiteral("no answer: ") + m_driver.diagnostics();
        return QJsonValue(QJsonValue::Undefined);
    }

    int open(const QString &url)
    {
        return call({{QStringLiteral("cmd"), QStringLiteral("open")}, {QStringLiteral("url"), url}},
                    60000)
            .toInt();
    }
    QJsonValue eval(int page, const QString &expr)
    {
        return call({{QStringLiteral("cmd"), QStringLiteral("eval")},
                     {QStringLiteral("page"), page},
                     {QStringLiteral("expr"), expr}});
    }
    bool waitFor(int page, const QString &expr, int timeoutMs = 30000)
    {
        return call({{QStringLiteral("cmd"), QStringLiteral("waitFor")},
                     {QStringLiteral("page"), page},
                     {QStringLiteral("expr"), expr},
                     {QStringLiteral("timeout"), timeoutMs}},
                    timeoutMs + 10000)
            .toBool();
    }
    bool type(int page, const QString &text, bool insert = false)
    {
        return call({{QStringLiteral("cmd"), QStringLiteral("type")},
                     {QStringLiteral("page"), page},
                     {QStringLiteral("text"), text},
                     {QStringLiteral("insert"), insert}})
            .toBool();
    }
    bool press(int page, const QString &key)
    {
        return call({{QStringLiteral("cmd"), QStringLiteral("press")},
                     {QStringLiteral("page"), page},
                     {QStringLiteral("key"), key}})
            .toBool();
    }

    QString lastError() const { return m_lastError; }
    QString diagnostics() const { return m_driver.diagnostics(); }

private:
    Peer m_driver;
    int m_nextId = 0;
    QString m_lastError;
};

// Debian's redis-server on a free port, in a temporary directory, without persistence.
class Redis final
{
public:
    bool start()
    {
        for (int attempt = 0; attempt < 5; ++attempt) {
            m_port = freePort();
            m_server = std::make_unique<Peer>();
            if (!m_server->start(QStringLiteral("redis-server"),
                                 {QStringLiteral("--port"), QString::number(m_port),
                                  QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                                  QStringLiteral("--save"), QString(),
                                  QStringLiteral("--appendonly"), QStringLiteral("no"),
                                  QStringLiteral("--dir"), m_dir.path()}))
                return false;
            if (!m_server->waitForLineContaining(QStringLiteral("Ready to accept connections"))
                     .isNull())
                return true;
        }
        return false;
    }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1").arg(m_port); }
    QString diagnostics() const { return m_server ? m_server->diagnostics() : QString(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Peer> m_server;
    quint16 m_port = 0;
};

} // namespace interop

namespace interop {

// Successive contents of a streamed document: emoji (surrogate pairs), CJK, accents, tabs, CRLF
// and LF line breaks, edits at the start, middle and end.
inline QList<QByteArray> documentSnapshots()
{
    return {
        QByteArrayLiteral(
            "// h\xc3\xa9llo \xf0\x9f\x98\x80\r\nint main() {\r\n\treturn 0;\r\n}\r\n"),
        QByteArrayLiteral(
            "// h\xc3\xa9llo \xf0\x9f\x98\x80\r\n// \xe4\xb8\x96\xe7\x95\x8c \xe2\x9c\x93\r\n"
            "int main() {\r\n\treturn 0;\r\n}\r\n"),
        QByteArrayLiteral(
            "/* \xf0\x9f\x8e\x89 */ // h\xc3\xa9llo \xf0\x9f\x98\x80\r\n// \xe4\xb8\x96\xe7"
            "\x95\x8c \xe2\x9c\x93\r\nint main() {\r\n\tint \xce\xb1 = 42;\t// "
            "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\n\treturn \xce\xb1;\r\n}\r\n"),
        QByteArrayLiteral(
            "/* \xf0\x9f\x8e\x89 */ // h\xc3\xa9llo \xf0\x9f\x98\x80\r\n// \xe4\xb8\x96\xe7"
            "\x95\x8c\r\nint main() {\r\n\tint \xce\xb1 = 42;\t// \xf0\x9f\x98\x80\n"
            "\treturn \xce\xb1;\r\n}\r\n// \xe7\xb5\x82\xe3\x82\x8f\xe3\x82\x8a\ttail"),
    };
}

} // namespace interop

namespace interop {

// The same snapshots with every line break replaced by `eol` (Monaco keeps one EOL per model).
inline QList<QByteArray> documentSnapshots(const QByteArray &eol)
{
    QList<QByteArray> snapshots = documentSnapshots();
    for (QByteArray &snapshot : snapshots)
        snapshot.replace("\r\n", "\n").replace("\n", eol);
    return snapshots;
}

// `codestream-cli serve --port 0 [args]`; returns its origin, or an empty string.
inline QString startEmbeddedServer(Peer &peer, const QStringList &args = {})
{
    if (!peer.start(
            binPath(QStringLiteral("codestream-cli")),
            QStringList {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}
                + args))
        return {};
    return peer.waitForLine(QStringLiteral("listening:"), 30000);
}

// packaging/cluster/server.js as one instance (no Redis); returns its origin or an empty string.
inline QString startClusterServer(Peer &peer, const QStringList &args = {},
                                  const QString &redisUrl = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_PATH"), clusterNodeModules());
    if (!redisUrl.isEmpty())
        env.insert(QStringLiteral("REDIS_URL"), redisUrl);
    if (!peer.start(QStringLiteral(CODESTREAM_NODE_EXECUTABLE),
                    QStringList {sourcePath(QStringLiteral("packaging/cluster/server.js")),
                                 QStringLiteral("--port"), QStringLiteral("0"),
                                 QStringLiteral("--host"), QStringLiteral("127.0.0.1")}
                        + args,
                    env))
        return {};
    const QString port = peer.waitForLine(QStringLiteral("listening "), 30000);
    return port.isEmpty() ? QString() : QStringLiteral("http://127.0.0.1:") + port;
}

// tests/node/interop-original-server.js; returns its origin or an empty string.
inline QString startOriginalServer(Peer &peer)
{
    if (!peer.startNode(NodeProcess::scriptPath(QStringLiteral("interop-original-server.js")), {}))
        return {};
    const QString port = peer.waitForLine(QStringLiteral("listening "), 30000);
    return port.isEmpty() ? QString() : QStringLiteral("http://127.0.0.1:") + port;
}

} // namespace interop
