#pragma once

#include "socketio/client.h"

#include "cliprocess.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>
#include <QVariantMap>

#include <csignal>
#include <memory>

// Peers for the reliability tests: `codestream-cli serve` as a process, Socket.IO peers that
// record what a room delivers, and a WebSocket client written by hand that can send what no
// well-behaved client sends.
namespace reliability {

using clitest::cliPath;

// `codestream-cli serve` run by a test.
class ServeProcess final
{
public:
    ServeProcess() = default;
    ~ServeProcess() { stop(); }
    ServeProcess(const ServeProcess &) = delete;
    ServeProcess &operator=(const ServeProcess &) = delete;

    // Starts the server (port 0 picks a free one) and waits for its "listening:" line.
    bool start(const QStringList &extraArgs = {}, quint16 port = 0)
    {
        m_stdout.clear();
        m_port = 0;
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(
            cliPath(),
            QStringList {QStringLiteral("serve"), QStringLiteral("--port"), QString::number(port)}
                + extraArgs);
        if (!m_process.waitForStarted(10000))
            return false;
        const QRegularExpression pattern(QStringLiteral("^listening: https?://[^ ]+:(\\d+)$"));
        return QTest::qWaitFor(
                   [&] {
                       while (m_process.canReadLine()) {
                           const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                           const auto match = pattern.match(line);
                           if (match.hasMatch())
                               m_port = quint16(match.captured(1).toUInt());
                       }
                       return m_port != 0 || m_process.state() == QProcess::NotRunning;
                   },
                   20000)
            && m_port != 0;
    }

    quint16 port() const { return m_port; }
    QUrl origin() const
    {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_port);
        return url;
    }
    pid_t pid() const { return pid_t(m_process.processId()); }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QByteArray standardError() { return m_stderr += m_process.readAllStandardError(); }

    // Resident set size of the server process in KiB (VmRSS in /proc/PID/status), -1 if unknown.
    qint64 rssKiB() const
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
        return -1;
    }

    // Open file descriptors of the server process, -1 if unknown.
    int openDescriptors() const
    {
        const QDir fds(QStringLiteral("/proc/%1/fd").arg(m_process.processId()));
        return fds.exists() ? int(fds.entryList(QDir::NoDotAndDotDot | QDir::System).size()) : -1;
    }

    void signal(int sig) const
    {
        if (m_process.state() != QProcess::NotRunning)
            ::kill(pid(), sig);
    }

    // SIGKILL, then waits until the process is gone.
    void kill()
    {
        signal(SIGKILL);
        m_process.waitForFinished(10000);
        m_port = 0;
    }

    // SIGTERM (clean shutdown); returns the exit code (-1 on a crash or a hang).
    int stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
        signal(SIGCONT);
        signal(SIGTERM);
        if (!m_process.waitForFinished(15000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
            return -1;
        }
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

private:
    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
    quint16 m_port = 0;
};

// A Socket.IO peer on the CodeStream events that records every `message` it receives.
class RoomPeer final : public QObject
{
public:
    explicit RoomPeer(const QUrl &origin, QObject *parent = nullptr)
        : QObject(parent)
    {
        socketio::ClientOptions options;
        options.url = origin;
        options.reconnection = false;
        m_client = std::make_unique<socketio::Client>(options);
        m_socket = m_client->socket();
        connect(m_socket, &socketio::Socket::eventReceived, this,
                [this](const QString &event, const QVariantList &args, const socketio::EventAck &) {
                    if (event != QLatin1String("message") || args.isEmpty())
                        return;
                    m_messages.append(QJsonValue::fromVariant(args.first()).toObject());
                });
        connect(m_socket, &socketio::Socket::disconnected, this,
                [this](const QString &) { ++m_disconnects; });
    }

    // Connects and waits for the namespace.
    bool open()
    {
        m_client->open();
        return QTest::qWaitFor([this] { return m_socket->isConnected(); }, 20000);
    }
    // Starts connecting without waiting.
    void openLater() { m_client->open(); }
    void close() { m_client->close(); }
    bool isConnected() const { return m_socket->isConnected(); }
    int disconnects() const { return m_disconnects; }

    // Sends joinRoom; with wait, waits for the ackJoinRoom and returns its `success`.
    bool join(const QString &room, const QString &writerKey = {}, bool wait = true)
    {
        const qsizetype before = m_messages.size();
        QVariantMap payload {{QStringLiteral("room_id"), room}};
        if (!writerKey.isEmpty())
            payload.insert(QStringLiteral("writer_key"), writerKey);
        m_socket->emitEvent(QStringLiteral("joinRoom"), {payload});
        if (!wait)
            return true;
        std::optional<bool> success;
        (void)QTest::qWaitFor(
            [&] {
                for (qsizetype i = before; i < m_messages.size(); ++i) {
                    const QJsonObject &m = m_messages.at(i);
                    if (m.value(QLatin1String("type")).toString() == QLatin1String("ackJoinRoom")) {
                        success = m.value(QLatin1String("success")).toBool();
                        return true;
                    }
                }
                return false;
            },
            15000);
        return success.value_or(false);
    }

    bool send(const QString &room, const QJsonValue &data)
    {
        return m_socket->emitEvent(QStringLiteral("sendToRoom"),
                                   {QVariantMap {{QStringLiteral("room_id"), room},
                                                 {QStringLiteral("data"), data.toVariant()}}});
    }

    socketio::Socket *socket() const { return m_socket; }
    const QList<QJsonObject> &messages() const { return m_messages; }

    // The `data` of every editorMessage, in arrival order.
    QList<QJsonObject> editorData() const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &m : m_messages) {
            if (m.value(QLatin1String("type")).toString() == QLatin1String("editorMessage"))
                out.append(m.value(QLatin1String("data")).toObject());
        }
        return out;
    }
    // editorData() of one `type` ("delta", "presence", ...).
    QList<QJsonObject> editorData(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &d : editorData()) {
            if (d.value(QLatin1String("type")).toString() == type)
                out.append(d);
        }
        return out;
    }
    int errorCount() const
    {
        int n = 0;
        for (const QJsonObject &m : m_messages)
            n += m.value(QLatin1String("type")).toString() == QLatin1String("error");
        return n;
    }
    // Sync requests that reached this peer (a writer in R-control).
    int syncRequests() const
    {
        int n = 0;
        for (const QJsonObject &d : editorData())
            n += d.value(QLatin1String("data")).toString() == QLatin1String("sync");
        return n;
    }
    // The `watchers` of the last presence message, -1 if none arrived.
    int lastPresence() const
    {
        const QList<QJsonObject> p = editorData(QStringLiteral("presence"));
        return p.isEmpty() ? -1 : p.last().value(QLatin1String("watchers")).toInt();
    }

private:
    std::unique_ptr<socketio::Client> m_client;
    socketio::Socket *m_socket = nullptr;
    QList<QJsonObject> m_messages;
    int m_disconnects = 0;
};

// The delta with `version` that a test writer sends: a small, recognisable change.
inline QJsonObject testDelta(qint64 version, int padding = 0)
{
    const QString text = QStringLiteral("v%1;").arg(version) + QString(padding, QLatin1Char('x'));
    const QJsonObject change {{QStringLiteral("range"),
                               QJsonObject {{QStringLiteral("startLineNumber"), 1},
                                            {QStringLiteral("startColumn"), 1},
                                            {QStringLiteral("endLineNumber"), 1},
                                            {QStringLiteral("endColumn"), 1}}},
                              {QStringLiteral("rangeOffset"), 0},
                              {QStringLiteral("rangeLength"), 0},
                              {QStringLiteral("text"), text}};
    const QJsonObject event {{QStringLiteral("changes"), QJsonArray {change}},
                             {QStringLiteral("eol"), QStringLiteral("\n")},
                             {QStringLiteral("versionId"), version + 1},
                             {QStringLiteral("isUndoing"), false},
                             {QStringLiteral("isRedoing"), false},
                             {QStringLiteral("isFlush"), false},
                             {QStringLiteral("isEolChange"), false}};
    return QJsonObject {{QStringLiteral("type"), QStringLiteral("delta")},
                        {QStringLiteral("version"), version},
                        {QStringLiteral("changes"), QJsonArray {event}}};
}

// Why the deltas a watcher received differ from what the writer sent (empty: they are the same,
// in order, versions 0 … count-1 consecutive).
inline QString streamMismatch(const RoomPeer &watcher, qint64 count, int padding = 0)
{
    const QList<QJsonObject> deltas = watcher.editorData(QStringLiteral("delta"));
    if (deltas.size() != count)
        return QStringLiteral("received %1 deltas, expected %2").arg(deltas.size()).arg(count);
    for (qint64 v = 0; v < count; ++v) {
        if (deltas.at(v) != testDelta(v, padding))
            return QStringLiteral("delta %1 differs: %2")
                .arg(v)
                .arg(QString::fromUtf8(QJsonDocument(deltas.at(v)).toJson(QJsonDocument::Compact)));
    }
    return {};
}

// A writer (owner of R) and watchers of R, all plain Socket.IO peers: the room whose traffic the
// hostile clients must not disturb.
class WitnessRoom final
{
public:
    bool open(const QUrl &origin, int watchers = 2, const QString &room = {})
    {
        m_room = room.isEmpty()
            ? QStringLiteral("witness%1").arg(QRandomGenerator::global()->generate())
            : room;
        m_writer = std::make_unique<RoomPeer>(origin);
        if (!m_writer->open() || !m_writer->join(m_room + QStringLiteral("-control")))
            return false;
        for (int i = 0; i < watchers; ++i) {
            m_watchers.push_back(std::make_unique<RoomPeer>(origin));
            if (!m_watchers.back()->open() || !m_watchers.back()->join(m_room))
                return false;
        }
        return true;
    }

    // Sends the next `n` deltas.
    void sendDeltas(int n = 1, int padding = 0)
    {
        for (int i = 0; i < n; ++i)
            m_writer->send(m_room, testDelta(m_sent++, padding));
    }
    qint64 sent() const { return m_sent; }
    QString room() const { return m_room; }
    RoomPeer &writer() { return *m_writer; }
    RoomPeer &watcher(int i) { return *m_watchers.at(std::size_t(i)); }
    int watcherCount() const { return int(m_watchers.size()); }

    // Waits until every watcher holds every delta sent; returns the first mismatch.
    QString waitDelivered(int padding = 0, int timeoutMs = 20000)
    {
        (void)QTest::qWaitFor(
            [&] {
                for (const auto &w : m_watchers) {
                    if (w->editorData(QStringLiteral("delta")).size() < m_sent)
                        return false;
                }
                return true;
            },
            timeoutMs);
        for (std::size_t i = 0; i < m_watchers.size(); ++i) {
            const QString why = streamMismatch(*m_watchers[i], m_sent, padding);
            if (!why.isEmpty())
                return QStringLiteral("watcher %1: %2").arg(i).arg(why);
            if (!m_watchers[i]->isConnected())
                return QStringLiteral("watcher %1 was disconnected").arg(i);
        }
        return {};
    }

private:
    QString m_room;
    std::unique_ptr<RoomPeer> m_writer;
    std::vector<std::unique_ptr<RoomPeer>> m_watchers;
    qint64 m_sent = 0;
};

// The server still works: a fresh client connects, joins a room and gets what its writer sends.
inline QString serverServes(const QUrl &origin)
{
    WitnessRoom room;
    if (!room.open(origin, 1))
        return QStringLiteral("a fresh client could not connect and join");
    room.sendDeltas(3);
    return room.waitDelivered();
}

// A WebSocket client over a plain TCP socket: it frames whatever it is given (invalid UTF-8,
// oversized frames) and can stop reading.
class RawWebSocket final : public QObject
{
public:
    enum Opcode : quint8 { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

    RawWebSocket() { connect(&m_socket, &QTcpSocket::readyRead, this, &RawWebSocket::readMore); }

    // Opens the WebSocket on the Engine.IO path and waits for the Engine.IO OPEN packet.
    bool open(quint16 port, const QByteArray &path = "/socket.io/?EIO=4&transport=websocket")
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!m_socket.waitForConnected(10000))
            return false;
        const QByteArray key
            = QByteArray::number(QRandomGenerator::global()->generate64()).toBase64();
        m_socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
                       + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                       + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        if (!QTest::qWaitFor([this] { return m_upgraded || !isOpen(); }, 10000) || !m_upgraded)
            return false;
        return QTest::qWaitFor([this] { return !m_texts.isEmpty() || !isOpen(); }, 10000)
            && !m_texts.isEmpty() && m_texts.first().startsWith('0');
    }

    // Engine.IO OPEN, then Socket.IO CONNECT on "/" and the server's `login`.
    bool openSocketIo(quint16 port)
    {
        if (!open(port))
            return false;
        sendFrame(Text, "40");
        return QTest::qWaitFor([this] { return hasText("42[\"login\""); }, 10000);
    }

    bool joinRoom(const QString &room)
    {
        const QByteArray text = "42"
            + QJsonDocument(QJsonArray {QStringLiteral("joinRoom"),
                                        QJsonObject {{QStringLiteral("room_id"), room}}})
                  .toJson(QJsonDocument::Compact);
        sendFrame(Text, text);
        return QTest::qWaitFor([this] { return hasText("ackJoinRoom"); }, 10000)
            && hasText("\"success\":true");
    }

    void sendFrame(quint8 opcode, const QByteArray &payload, bool fin = true)
    {
        QByteArray frame;
        frame.append(char((fin ? 0x80 : 0) | opcode));
        const quint8 mask = 0x80;
        if (payload.size() < 126) {
            frame.append(char(mask | payload.size()));
        } else if (payload.size() < 65536) {
            frame.append(char(mask | 126));
            frame.append(char(payload.size() >> 8));
            frame.append(char(payload.size() & 0xff));
        } else {
            frame.append(char(mask | 127));
            for (int shift = 56; shift >= 0; shift -= 8)
                frame.append(char((quint64(payload.size()) >> shift) & 0xff));
        }
        const quint32 key = QRandomGenerator::global()->generate();
        const char keyBytes[4] = {char(key >> 24), char(key >> 16), char(key >> 8), char(key)};
        frame.append(keyBytes, 4);
        QByteArray masked = payload;
        for (qsizetype i = 0; i < masked.size(); ++i)
            masked[i] = char(masked[i] ^ keyBytes[i % 4]);
        frame.append(masked);
        m_socket.write(frame);
    }

    // Stops reading: the kernel buffers fill and the server's writes back up.
    void stopReading()
    {
        m_reading = false;
        m_socket.setReadBufferSize(4096);
    }

    // Keeps reading but stops answering the server's pings.
    void stopAnsweringPings() { m_answerPings = false; }

    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    // True once the connection ended, or the server sent a WebSocket close frame.
    bool closedByServer() const { return !isOpen() || m_closeCode >= 0; }
    int closeCode() const { return m_closeCode; }
    qint64 bytesReceived() const { return m_bytesReceived; }
    bool hasText(const QByteArray &fragment) const
    {
        for (const QByteArray &t : m_texts) {
            if (t.contains(fragment))
                return true;
        }
        return false;
    }
    QTcpSocket &socket() { return m_socket; }

private:
    void readMore()
    {
        if (!m_reading)
            return;
        const QByteArray bytes = m_socket.readAll();
        m_bytesReceived += bytes.size();
        m_buffer += bytes;
        if (!m_upgraded) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            if (!m_buffer.startsWith("HTTP/1.1 101")) {
                m_socket.abort();
                return;
            }
            m_upgraded = true;
            m_buffer.remove(0, end + 4);
        }
        parseFrames();
    }

    void parseFrames()
    {
        for (;;) {
            if (m_buffer.size() < 2)
                return;
            const quint8 b0 = quint8(m_buffer[0]);
            quint64 length = quint8(m_buffer[1]) & 0x7f;
            qsizetype header = 2;
            if (length == 126) {
                if (m_buffer.size() < 4)
                    return;
                length = (quint64(quint8(m_buffer[2])) << 8) | quint8(m_buffer[3]);
                header = 4;
            } else if (length == 127) {
                if (m_buffer.size() < 10)
                    return;
                length = 0;
                for (int i = 0; i < 8; ++i)
                    length = (length << 8) | quint8(m_buffer[2 + i]);
                header = 10;
            }
            if (quint64(m_buffer.size() - header) < length)
                return;
            const QByteArray payload = m_buffer.mid(header, qsizetype(length));
            m_buffer.remove(0, header + qsizetype(length));
            const quint8 opcode = b0 & 0x0f;
            if (opcode == Text || (opcode == Continuation && m_lastOpcode == Text)) {
                m_partial += payload;
                m_lastOpcode = Text;
                if (b0 & 0x80) {
                    const QByteArray text = std::exchange(m_partial, {});
                    if (text == "2" && m_answerPings)
                        sendFrame(Text, "3"); // answer Engine.IO pings
                    m_texts.append(text);
                }
            } else if (opcode == Close) {
                m_closeCode = payload.size() >= 2
                    ? (int(quint8(payload[0])) << 8) | quint8(payload[1])
                    : 1005;
            } else if (opcode == Binary || opcode == Continuation) {
                m_lastOpcode = Binary;
            }
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_partial;
    quint8 m_lastOpcode = 0;
    QList<QByteArray> m_texts;
    bool m_upgraded = false;
    bool m_reading = true;
    bool m_answerPings = true;
    int m_closeCode = -1;
    qint64 m_bytesReceived = 0;
};

// Sends one raw HTTP request on a new connection and returns the whole response (the server
// closes the connection after it: "Connection: close").
inline QByteArray rawHttp(quint16 port, const QByteArray &requestHead, const QByteArray &body = {})
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(10000))
        return {};
    socket.write(requestHead + body);
    QByteArray response;
    (void)QTest::qWaitFor(
        [&] {
            if (socket.isOpen())
                response += socket.readAll();
            return socket.state() != QAbstractSocket::ConnectedState;
        },
        15000);
    if (socket.isOpen())
        response += socket.readAll();
    return response;
}

// The status code of a raw HTTP response (0 if none).
inline int statusOf(const QByteArray &response)
{
    if (!response.startsWith("HTTP/1.1 "))
        return 0;
    return response.mid(9, 3).toInt();
}

} // namespace reliability
