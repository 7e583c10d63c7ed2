#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTest>

#include <csignal>

// A Node.js peer (npm's socket.io server or client, a Playwright driver...) run by a test.
// Scripts live in tests/node/; npm packages come from CODESTREAM_NODE_MODULES.
// Protocol with the script: it prints lines on stdout; "listening <port>" announces a server.
class NodeProcess final
{
public:
    NodeProcess() { m_process.setProcessChannelMode(QProcess::SeparateChannels); }
    ~NodeProcess() { stop(); }
    NodeProcess(const NodeProcess &) = delete;
    NodeProcess &operator=(const NodeProcess &) = delete;

    static QString scriptPath(const QString &name)
    {
        return qEnvironmentVariable("CODESTREAM_TEST_NODE_DIR") + QLatin1Char('/') + name;
    }

    // Starts `node script args...` (script relative to tests/node/).
    bool start(const QString &script, const QStringList &args = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NODE_PATH"), qEnvironmentVariable("CODESTREAM_NODE_MODULES"));
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setReadChannel(QProcess::StandardOutput);
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process, [this] {
            const QByteArray err = m_process.readAllStandardError();
            m_stderr += err;
            if (qEnvironmentVariableIsSet("CODESTREAM_TEST_VERBOSE"))
                qWarning("node: %s", err.constData());
        });
        m_process.start(QStringLiteral(CODESTREAM_NODE_EXECUTABLE),
                        QStringList {scriptPath(script)} + args);
        return m_process.waitForStarted(10000);
    }

    // Waits for a stdout line starting with `prefix`; returns the rest of it (trimmed), or a
    // null string on timeout or exit.
    QString waitForLine(const QString &prefix, int timeoutMs = 15000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            while (m_process.canReadLine()) {
                const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                m_lines.append(line);
                if (line.startsWith(prefix))
                    return line.mid(prefix.size()).trimmed();
            }
            if (m_process.state() == QProcess::NotRunning)
                return {};
            QTest::qWait(10);
        }
        return {};
    }

    // Starts a server script and waits for "listening <port>". Returns the port or 0.
    int startServer(const QString &script, const QStringList &args = {}, int timeoutMs = 15000)
    {
        if (!start(script, args))
            return 0;
        m_port = waitForLine(QStringLiteral("listening "), timeoutMs).toInt();
        return m_port;
    }

    int port() const { return m_port; }
    QProcess &process() { return m_process; }
    QStringList lines() const { return m_lines; }
    QByteArray standardError() const { return m_stderr; }

    void pause() { ::kill(pid_t(m_process.processId()), SIGSTOP); }
    void resume() { ::kill(pid_t(m_process.processId()), SIGCONT); }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        resume();
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

private:
    QProcess m_process;
    QStringList m_lines;
    QByteArray m_stderr;
    int m_port = 0;
};
