// Native load generator of the fan-out benchmark: Socket.IO v4 watchers (or one writer) over
// WebSocket on raw sockets and one epoll descriptor, one thread, no JSON parser on the hot path.
// Linux only; targets 127.0.0.0/8 only. Driven by tests/node/bench-fanout.js (--load native) with
// JSON lines: commands on stdin, events on stdout.
//
//   loadclient --port P --room R [--path /socket.io] [--host 127.0.0.1] [--timeout 900]
//              (watchers) [--watchers N] [--messages M] [--concurrency 50] [--reconnect]
//              (writer)   --writer [--messages M] [--rate 20] [--bytes 0] [--writer-key K]
//
// Watchers: print {"ev":"ready"}; on `connect` open N connections, at most C of them between
// their TCP connect and their `ackJoinRoom` at once: HTTP upgrade, Engine.IO open, Socket.IO
// CONNECT to "/", `login` (or 2 s without it), `joinRoom {room_id: R}` (docs/protocol.md §3); then
// print {"ev":"joined",...}, {"ev":"progress","received":X} twice a second while deltas flow,
// {"ev":"done"} once every watcher holds versions 0..M-1; on `report` print
// {"ev":"report",...} with the latencies; on `exit` (or end of stdin) close and exit.
// With --reconnect the watchers behave as CodeStream's watchers do (docs/protocol.md §5, §8) for
// a writer such as `codestream-cli stream`: after each join a sync request to R-control (again
// every 3 s until a full arrives); a lost connection is retried after 500 ms doubling to 3 s,
// each spread by ±50 %, reset by a handshake; deltas count from the version of the last full,
// and a version skipped after that is lost. `mark` (stdin) starts a resync count: once every
// watcher that lost its connection since is back and holds a full again, print
// {"ev":"resynced","ms":T}; {"ev":"synced"} when all watchers first hold a full.
// Writer: print {"ev":"ready"}, join R-control, print {"ev":"joined",...}; on `send` send M
// deltas to R at the rate, then print {"ev":"sent",...}.
//
// Latency: the writer puts CLOCK_MONOTONIC in ns into each delta as "sentAt":"<digits>" (the
// convention of bench-fanout.js's JavaScript writer, process.hrtime.bigint()). A watcher takes
// the kernel's receive time of the segment (SO_TIMESTAMPNS, CLOCK_REALTIME, converted to
// CLOCK_MONOTONIC with the offset between the two clocks read at every epoll wake-up) and, for
// comparison, the time at which it parsed the frame. The kernel time excludes this client's own
// queue: on loopback it is the moment the server's send() reached the watcher's socket.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::int64_t kJoinTimeout = 60 * kSecond;
constexpr std::int64_t kLoginWait = 2 * kSecond;
constexpr std::uint64_t kMaxFrame = 16 * 1024 * 1024;
constexpr std::uint64_t kStdinTag = ~std::uint64_t {0};
constexpr int kMaxConnections = 100'000;
constexpr int kMaxMessages = 1'000'000;
constexpr std::int64_t kMaxLatencySamples = 50'000'000;

std::int64_t nowNs(clockid_t clock)
{
    timespec ts {};
    clock_gettime(clock, &ts);
    return std::int64_t {ts.tv_sec} * kSecond + ts.tv_nsec;
}

std::string jsonString(std::string_view text)
{
    std::string out = "\"";
    for (const char ch : text) {
        const auto u = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", u);
            out += buf;
        } else {
            out += ch;
        }
    }
    out += '"';
    return out;
}

// The decimal integer right after `key` in `text`, or -1.
std::int64_t scanNumber(std::string_view text, std::string_view key)
{
    const auto at = text.find(key);
    if (at == std::string_view::npos)
        return -1;
    const char *first = text.data() + at + key.size();
    const char *last = text.data() + text.size();
    std::int64_t value = -1;
    const auto result = std::from_chars(first, last, value);
    return result.ec == std::errc {} ? value : -1;
}

// The JSON string value after `"key":"` (unescaped only as far as to stop at its end quote).
std::string scanString(std::string_view text, std::string_view key)
{
    const auto at = text.find(key);
    if (at == std::string_view::npos)
        return {};
    std::string value;
    for (auto i = at + key.size(); i < text.size() && text[i] != '"' && value.size() < 200; ++i) {
        if (text[i] == '\\' && i + 1 < text.size())
            ++i;
        value += text[i];
    }
    return value;
}

std::string base64(const unsigned char *data, std::size_t size)
{
    static constexpr char alphabet[]
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < size; i += 3) {
        const std::uint32_t n = (std::uint32_t {data[i]} << 16)
            | (i + 1 < size ? std::uint32_t {data[i + 1]} << 8 : 0)
            | (i + 2 < size ? std::uint32_t {data[i + 2]} : 0);
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += i + 1 < size ? alphabet[(n >> 6) & 63] : '=';
        out += i + 2 < size ? alphabet[n & 63] : '=';
    }
    return out;
}

struct Options
{
    std::string host = "127.0.0.1";
    int port = 0;
    std::string path = "/socket.io";
    std::string room;
    std::string writerKey;
    bool writer = false;
    int watchers = 1;
    int messages = 200;
    int concurrency = 50;
    double rate = 20;
    int bytes = 0;
    int timeoutSeconds = 900;
    bool reconnect = false;
};

enum class State {
    Idle,
    Connecting,
    Upgrading,
    WaitOpen,
    WaitConnect,
    WaitLogin,
    Joining,
    Joined,
    Closed
};

// One client socket and where it stands in the handshake.
struct Connection
{
    int fd = -1;
    State state = State::Idle;
    bool writable = false; // EPOLLOUT is being watched
    std::int64_t stateSince = 0;
    std::int64_t lastReceived = 0;
    std::int32_t complete = 0; // distinct versions received
    std::string in; // bytes received and not yet parsed
    std::string fragments; // a fragmented message being assembled
    std::string out; // bytes the kernel has not taken yet
    // --reconnect
    bool everJoined = false;
    bool rejoining = false; // a reconnection between its TCP connect and its ackJoinRoom
    bool synced = false; // holds a full of this connection
    int attempts = 0; // failed reconnections since the last handshake
    std::int64_t reconnectAt = 0;
    std::int64_t lastSyncRequest = 0;
    std::int64_t next = 0; // next expected delta version once synced
    bool lostSinceMark = false;
    bool resyncedSinceMark = false;
};

// The receive times of the bytes being parsed, CLOCK_MONOTONIC in ns.
struct ReceiveTime
{
    std::int64_t kernel;
    std::int64_t read;
};

// The load generator: its connections, counters and the epoll loop.
class LoadClient final
{
public:
    explicit LoadClient(Options options)
        : m_options(std::move(options))
    { }
    int run();

private:
    void print(const std::string &line);
    void onCommand(std::string_view command);
    void startConnections(std::int64_t now);
    void startOne(int index, std::int64_t now, bool rejoin = false);
    void sendSync(int index, std::int64_t now);
    void onStreamMessage(int index, std::string_view text, const ReceiveTime &time);
    void reconnectTick(std::int64_t now);
    void onEvent(int index, std::uint32_t events, std::int64_t now);
    void onReadable(int index, std::int64_t now);
    std::size_t parseFrames(int index, const char *data, std::size_t size, const ReceiveTime &time);
    void onText(int index, std::string_view text, const ReceiveTime &time);
    void onJoined(int index, bool ok, const std::string &error);
    void onDelta(int index, std::string_view text, const ReceiveTime &time);
    void sendText(int index, std::string_view text);
    void sendFrame(int index, int opcode, std::string_view payload);
    void flush(int index);
    void watchWrite(int index, bool on);
    void close(int index, const char *reason);
    void onTick(std::int64_t now);
    void sendDelta(std::int64_t now);
    std::string delta(int version, std::int64_t sentAt) const;
    void report();
    std::uint32_t nextRandom();

    Options m_options;
    int m_epoll = -1;
    std::vector<Connection> m_connections;
    std::vector<char> m_buffer = std::vector<char>(256 * 1024);
    std::string m_stdin;
    bool m_quit = false;
    std::int64_t m_realtimeOffset = 0; // CLOCK_REALTIME - CLOCK_MONOTONIC
    std::uint32_t m_random = 0x9e3779b9;

    // Joining
    bool m_connecting = false;
    bool m_startMore = false;
    int m_nextToStart = 0;
    int m_inFlight = 0;
    int m_joined = 0;
    int m_failed = 0;
    std::string m_firstError;
    bool m_joinedReported = false;
    std::int64_t m_pingTimeout = 0; // pingInterval + pingTimeout of the handshake, in ns

    // Deltas
    std::vector<std::uint8_t> m_seen; // watcher × version: deliveries
    std::vector<std::int64_t> m_kernelLatency;
    std::vector<std::int64_t> m_readLatency;
    std::int64_t m_received = 0;
    std::int64_t m_duplicates = 0;
    std::int64_t m_unexpected = 0;
    std::int64_t m_noKernelTime = 0;
    int m_watchersComplete = 0;
    bool m_doneReported = false;
    std::int64_t m_lastProgress = 0;
    std::int64_t m_progressReported = -1;
    int m_disconnects = 0;
    std::map<std::string, int> m_disconnectReasons;

    // --reconnect
    int m_synced = 0; // watchers holding a full now
    bool m_syncedReported = false;
    std::int64_t m_fulls = 0;
    std::int64_t m_fullsAtMark = 0;
    std::int64_t m_gapLost = 0;
    std::int64_t m_maxNext = 0;
    std::int64_t m_reconnections = 0;
    std::int64_t m_lastReconnectScan = 0;
    bool m_marked = false;
    std::int64_t m_markAt = 0;
    int m_lostSinceMark = 0;
    int m_resyncedSinceMark = 0;
    bool m_resyncReported = false;

    // Writer
    bool m_sending = false;
    int m_sent = 0;
    std::int64_t m_sendStart = 0;
    std::size_t m_messageBytes = 0;
    int m_errors = 0;
    std::string m_firstServerError;
};

std::uint32_t LoadClient::nextRandom()
{
    m_random ^= m_random << 13;
    m_random ^= m_random >> 17;
    m_random ^= m_random << 5;
    return m_random;
}

void LoadClient::print(const std::string &line)
{
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int LoadClient::run()
{
    const int count = m_options.writer ? 1 : m_options.watchers;
    m_connections.resize(static_cast<std::size_t>(count));
    if (!m_options.writer) {
        m_seen.assign(static_cast<std::size_t>(count)
                          * static_cast<std::size_t>(std::max(1, m_options.messages)),
                      0);
        const auto samples
            = std::min<std::int64_t>(std::int64_t {count} * m_options.messages, kMaxLatencySamples);
        m_kernelLatency.reserve(static_cast<std::size_t>(samples));
        m_readLatency.reserve(static_cast<std::size_t>(samples));
    }
    m_random ^= static_cast<std::uint32_t>(nowNs(CLOCK_MONOTONIC)) | 1;

    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        std::perror("loadclient: epoll_create1");
        return 1;
    }
    fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
    epoll_event stdinEvent {};
    stdinEvent.events = EPOLLIN;
    stdinEvent.data.u64 = kStdinTag;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, STDIN_FILENO, &stdinEvent);

    print("{\"ev\":\"ready\"}");
    const std::int64_t deadline
        = nowNs(CLOCK_MONOTONIC) + std::int64_t {m_options.timeoutSeconds} * kSecond;
    std::vector<epoll_event> events(512);
    std::int64_t now = nowNs(CLOCK_MONOTONIC);
    while (!m_quit) {
        if (now >= deadline) {
            print("{\"ev\":\"timeout\"}");
            return 3;
        }
        int waitMs = 100;
        if (m_sending) {
            const auto interval
                = static_cast<std::int64_t>(static_cast<double>(kSecond) / m_options.rate);
            const std::int64_t due = m_sendStart + std::int64_t {m_sent} * interval;
            waitMs = static_cast<int>(
                std::clamp<std::int64_t>((due - now + 999'999) / 1'000'000, 0, 100));
        }
        const int ready
            = epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), waitMs);
        if (ready < 0 && errno != EINTR) {
            std::perror("loadclient: epoll_wait");
            return 1;
        }
        now = nowNs(CLOCK_MONOTONIC);
        m_realtimeOffset = nowNs(CLOCK_REALTIME) - now;
        for (int i = 0; i < ready && !m_quit; ++i) {
            if (events[static_cast<std::size_t>(i)].data.u64 == kStdinTag) {
                for (int reads = 0; reads < 16; ++reads) {
                    char buf[4096];
                    const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
                    if (n == 0) {
                        m_quit = true; // the driver is gone
                        break;
                    }
                    if (n < 0)
                        break;
                    m_stdin.append(buf, static_cast<std::size_t>(n));
                }
                for (auto eol = m_stdin.find('\n'); eol != std::string::npos && !m_quit;
                     eol = m_stdin.find('\n')) {
                    const std::string line = m_stdin.substr(0, eol);
                    m_stdin.erase(0, eol + 1);
                    onCommand(line);
                }
                continue;
            }
            onEvent(static_cast<int>(events[static_cast<std::size_t>(i)].data.u64),
                    events[static_cast<std::size_t>(i)].events, now);
        }
        if (m_startMore) {
            m_startMore = false;
            startConnections(now);
        }
        onTick(now);
    }
    for (auto &connection : m_connections) {
        if (connection.fd >= 0)
            ::close(connection.fd);
    }
    ::close(m_epoll);
    return 0;
}

void LoadClient::onCommand(std::string_view command)
{
    while (!command.empty() && (command.back() == '\r' || command.back() == ' '))
        command.remove_suffix(1);
    const std::int64_t now = nowNs(CLOCK_MONOTONIC);
    if (command == "connect" && !m_connecting) {
        m_connecting = true;
        startConnections(now);
    } else if (command == "send" && m_options.writer && !m_sending && m_joined == 1) {
        m_sending = true;
        m_sendStart = now;
    } else if (command == "mark" && m_options.reconnect) {
        m_marked = true;
        m_markAt = now;
        m_fullsAtMark = m_fulls;
        m_lostSinceMark = m_resyncedSinceMark = 0;
        m_resyncReported = false;
        for (auto &c : m_connections)
            c.lostSinceMark = c.resyncedSinceMark = false;
    } else if (command == "report") {
        report();
    } else if (command == "exit") {
        m_quit = true;
    } else {
        std::fprintf(stderr, "loadclient: ignored command '%.*s'\n",
                     static_cast<int>(command.size()), command.data());
    }
}

void LoadClient::startConnections(std::int64_t now)
{
    const int count = static_cast<int>(m_connections.size());
    while (m_inFlight < m_options.concurrency && m_nextToStart < count)
        startOne(m_nextToStart++, now);
}

void LoadClient::startOne(int index, std::int64_t now, bool rejoin)
{
    auto &c = m_connections[static_cast<std::size_t>(index)];
    c.rejoining = rejoin;
    if (rejoin)
        ++m_reconnections;
    else
        ++m_inFlight;
    c.stateSince = now;
    c.lastReceived = now;
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) {
        c.state = State::Closed;
        onJoined(index, false, std::string("socket: ") + std::strerror(errno));
        return;
    }
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!m_options.writer)
        setsockopt(c.fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(m_options.port));
    inet_pton(AF_INET, m_options.host.c_str(), &address.sin_addr);
    c.state = State::Connecting;
    epoll_event event {};
    event.events = EPOLLIN | EPOLLOUT;
    event.data.u64 = static_cast<std::uint64_t>(index);
    c.writable = true;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &event);
    if (::connect(c.fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) < 0
        && errno != EINPROGRESS)
        close(index, "connect failed");
}

void LoadClient::onEvent(int index, std::uint32_t events, std::int64_t now)
{
    auto &c = m_connections[static_cast<std::size_t>(index)];
    if (c.state == State::Closed || c.fd < 0)
        return;
    if (c.state == State::Connecting) {
        if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
            return;
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0 || (events & (EPOLLERR | EPOLLHUP))) {
            close(index, "connect failed");
            return;
        }
        unsigned char key[16];
        for (auto &byte : key)
            byte = static_cast<unsigned char>(nextRandom());
        c.out = "GET " + m_options.path + "/?EIO=4&transport=websocket HTTP/1.1\r\nHost: "
            + m_options.host + ":" + std::to_string(m_options.port)
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: "
              "13\r\nSec-WebSocket-Key: "
            + base64(key, sizeof key) + "\r\n\r\n";
        c.state = State::Upgrading;
        c.stateSince = now;
        flush(index);
        return;
    }
    if (events & EPOLLOUT)
        flush(index);
    if (c.state != State::Closed && (events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
        onReadable(index, now);
}

void LoadClient::onReadable(int index, std::int64_t now)
{
    auto &c = m_connections[static_cast<std::size_t>(index)];
    for (int round = 0; round < 8 && c.state != State::Closed; ++round) {
        iovec iov {m_buffer.data(), m_buffer.size()};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec)) * 2];
        msghdr message {};
        message.msg_iov = &iov;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        const ssize_t n = ::recvmsg(c.fd, &message, MSG_DONTWAIT);
        if (n == 0) {
            close(index, "transport close");
            return;
        }
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                close(index, "transport error");
            return;
        }
        ReceiveTime time {0, nowNs(CLOCK_MONOTONIC)};
        for (cmsghdr *cm = CMSG_FIRSTHDR(&message); cm; cm = CMSG_NXTHDR(&message, cm)) {
            if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_TIMESTAMPNS) {
                timespec ts {};
                std::memcpy(&ts, CMSG_DATA(cm), sizeof ts);
                time.kernel = std::int64_t {ts.tv_sec} * kSecond + ts.tv_nsec - m_realtimeOffset;
            }
        }
        c.lastReceived = now;
        const auto size = static_cast<std::size_t>(n);
        if (c.state == State::Upgrading) {
            c.in.append(m_buffer.data(), size);
            const auto end = c.in.find("\r\n\r\n");
            if (end == std::string::npos) {
                if (c.in.size() > 16384)
                    close(index, "upgrade refused");
                continue;
            }
            if (c.in.compare(0, 12, "HTTP/1.1 101") != 0) {
                close(index, "upgrade refused");
                return;
            }
            c.in.erase(0, end + 4);
            c.state = State::WaitOpen;
            c.stateSince = now;
            const auto consumed = parseFrames(index, c.in.data(), c.in.size(), time);
            if (c.state != State::Closed)
                c.in.erase(0, consumed);
        } else if (c.in.empty()) {
            const auto consumed = parseFrames(index, m_buffer.data(), size, time);
            if (c.state != State::Closed)
                c.in.assign(m_buffer.data() + consumed, size - consumed);
        } else {
            c.in.append(m_buffer.data(), size);
            const auto consumed = parseFrames(index, c.in.data(), c.in.size(), time);
            if (c.state != State::Closed)
                c.in.erase(0, consumed);
        }
        if (size < m_buffer.size())
            return;
    }
}

std::size_t LoadClient::parseFrames(int index, const char *data, std::size_t size,
                                    const ReceiveTime &time)
{
    auto &c = m_connections[static_cast<std::size_t>(index)];
    std::size_t pos = 0;
    // Bounded by the bytes: every pass consumes a whole frame.
    while (c.state != State::Closed && size - pos >= 2) {
        const auto b0 = static_cast<unsigned char>(data[pos]);
        const auto b1 = static_cast<unsigned char>(data[pos + 1]);
        if (b1 & 0x80) {
            close(index, "protocol error"); // RFC 6455 §5.1: server frames are not masked
            return pos;
        }
        std::size_t header = 2;
        std::uint64_t length = b1 & 0x7f;
        if (length == 126) {
            if (size - pos < 4)
                break;
            length = (std::uint64_t {static_cast<unsigned char>(data[pos + 2])} << 8)
                | static_cast<unsigned char>(data[pos + 3]);
            header = 4;
        } else if (length == 127) {
            if (size - pos < 10)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8)
                    | static_cast<unsigned char>(data[pos + 2 + static_cast<std::size_t>(i)]);
            header = 10;
        }
        if (length > kMaxFrame) {
            close(index, "frame too large");
            return pos;
        }
        if (size - pos - header < length)
            break;
        const std::string_view payload(data + pos + header, static_cast<std::size_t>(length));
        pos += header + static_cast<std::size_t>(length);
        const bool fin = b0 & 0x80;
        switch (b0 & 0x0f) {
        case 0x0:
            c.fragments.append(payload);
            if (c.fragments.size() > kMaxFrame) {
                close(index, "frame too large");
                return pos;
            }
            if (fin) {
                const std::string whole = std::move(c.fragments);
                c.fragments.clear();
                onText(index, whole, time);
            }
            break;
        case 0x1:
        case 0x2:
            if (fin)
                onText(index, payload, time);
            else
                c.fragments.assign(payload);
            break;
        case 0x8:
            sendFrame(index, 0x8, payload.substr(0, std::min<std::size_t>(payload.size(), 2)));
            close(index, "transport close");
            break;
        case 0x9:
            sendFrame(index, 0xA, payload);
            break;
        case 0xA:
            break;
        default:
            close(index, "protocol error");
            break;
        }
    }
    return pos;
}

void LoadClient::onText(int index, std::string_view text, const ReceiveTime &time)
{
    auto &c = m_connections[static_cast<std::size_t>(index)];
    if (text.empty())
        return;
    // The hot path: an Engine.IO message carrying a Socket.IO EVENT once the watcher has joined.
    if (c.state == State::Joined && text.size() > 2 && text[0] == '4' && text[1] == '2') {
        if (m_options.reconnect) {
            onStreamMessage(index, text, time);
            return;
        }
        if (!m_options.writer && text.find("\"sentAt\":\"") != std::string_view::npos) {
            onDelta(index, text, time);
            return;
        }
        if (m_options.writer && text.find("\"type\":\"error\"") != std::string_view::npos) {
            if (m_errors++ == 0)
                m_firstServerError = scanString(text, "\"error\":\"");
        }
        return;
    }
    switch (text[0]) {
    case '0': // Engine.IO open: connect to the main namespace
        if (c.state == State::WaitOpen) {
            const auto interval = scanNumber(text, "\"pingInterval\":");
            const auto timeout = scanNumber(text, "\"pingTimeout\":");
            c.attempts = 0; // a handshake resets the backoff (§8)
            if (interval > 0 && timeout > 0)
                m_pingTimeout = (interval + timeout) * 1'000'000;
            c.state = State::WaitConnect;
            c.stateSince = time.read;
            sendText(index, "40");
        }
        return;
    case '1':
        close(index, "transport close");
        return;
    case '2':
        sendText(index, "3" + std::string(text.substr(1))); // ping → pong with the same data
        return;
    case '4':
        break;
    default:
        return; // 3 (pong), 6 (noop): nothing to do
    }
    if (text.size() < 2)
        return;
    const std::string join = "42[\"joinRoom\",{\"room_id\":"
        + jsonString(m_options.writer ? m_options.room + "-control" : m_options.room)
        + (m_options.writerKey.empty() ? std::string()
                                       : ",\"writer_key\":" + jsonString(m_options.writerKey))
        + "}]";
    switch (text[1]) {
    case '0':
        if (c.state == State::WaitConnect) {
            c.state = State::WaitLogin;
            c.stateSince = time.read;
        }
        return;
    case '1':
        close(index, "io server disconnect");
        return;
    case '4':
        if (c.state == State::WaitConnect || c.state == State::WaitLogin)
            close(index, "connect_error");
        return;
    case '2':
        if (c.state == State::WaitLogin && text.starts_with("42[\"login\"")) {
            c.state = State::Joining;
            c.stateSince = time.read;
            sendText(index, join);
        } else if (c.state == State::Joining
                   && text.find("\"ackJoinRoom\"") != std::string_view::npos) {
            const bool ok = text.find("\"success\":true") != std::string_view::npos;
            if (ok) {
                c.state = State::Joined;
                c.stateSince = time.read;
            }
            onJoined(index, ok,
                     ok ? std::string() : "refused: " + scanString(text, "\"error\":\""));
        }
        return;
    default:
        return;
    }
}

void LoadClient::onDelta(int index, std::string_view text, const ReceiveTime &time)
{
    const auto sentAt = scanNumber(text, "\"sentAt\":\"");
    const auto version = scanNumber(text, "\"version\":");
    if (sentAt < 0 || version < 0 || version >= m_options.messages) {
        ++m_unexpected;
        return;
    }
    auto &seen
        = m_seen[static_cast<std::size_t>(index) * static_cast<std::size_t>(m_options.messages)
                 + static_cast<std::size_t>(version)];
    if (seen++ > 0) {
        seen = 2;
        ++m_duplicates;
        return;
    }
    ++m_received;
    if (static_cast<std::int64_t>(m_kernelLatency.size()) < kMaxLatencySamples) {
        if (time.kernel == 0)
            ++m_noKernelTime;
        m_kernelLatency.push_back((time.kernel ? time.kernel : time.read) - sentAt);
        m_readLatency.push_back(time.read - sentAt);
    }
    auto &c = m_connections[static_cast<std::size_t>(index)];
    if (++c.complete == m_options.messages && ++m_watchersComplete == m_joined && !m_doneReported
        && m_joinedReported) {
        m_doneReported = true;
        print("{\"ev\":\"done\"}");
    }
}

void LoadClient::onJoined(int index, bool ok, const std::string &error)
{
    auto &joined = m_connections[static_cast<std::size_t>(index)];
    if (m_options.reconnect && ok) {
        joined.everJoined = true;
        sendSync(index, nowNs(CLOCK_MONOTONIC));
    }
    if (joined.rejoining) {
        joined.rejoining = false;
        if (ok)
            return;
        if (joined.state == State::Closed) { // no socket: try again later
            joined.state = State::Idle;
            joined.reconnectAt = nowNs(CLOCK_MONOTONIC) + 3 * kSecond;
        } else {
            close(index, "join refused");
        }
        return;
    }
    --m_inFlight;
    if (ok) {
        ++m_joined;
    } else {
        ++m_failed;
        if (m_firstError.empty())
            m_firstError = error.empty() ? "refused" : error;
        auto &c = m_connections[static_cast<std::size_t>(index)];
        if (c.state != State::Closed) {
            // A refused join leaves the connection open: close it, not counted as a disconnect.
            c.state = State::Closed;
            epoll_ctl(m_epoll, EPOLL_CTL_DEL, c.fd, nullptr);
            ::close(c.fd);
            c.fd = -1;
        }
    }
    m_startMore = true; // the loop starts the next connections (no recursion from here)
    if (m_joined + m_failed == static_cast<int>(m_connections.size()) && !m_joinedReported) {
        m_joinedReported = true;
        print(
            "{\"ev\":\"joined\",\"joined\":" + std::to_string(m_joined)
            + ",\"failed\":" + std::to_string(m_failed)
            + (m_firstError.empty() ? std::string() : ",\"firstError\":" + jsonString(m_firstError))
            + "}");
    }
}

void LoadClient::sendSync(int index, std::int64_t now)
{
    m_connections[static_cast<std::size_t>(index)].lastSyncRequest = now;
    sendText(index,
             "42[\"sendToRoom\",{\"room_id\":" + jsonString(m_options.room + "-control")
                 + ",\"data\":{\"data\":\"sync\"}}]");
}

void LoadClient::onStreamMessage(int index, std::string_view text, const ReceiveTime &time)
{
    // 42["message",{"type":"editorMessage","data":{"type":"full"|"delta","version":V,...}}]
    auto &c = m_connections[static_cast<std::size_t>(index)];
    const bool full = text.find("\"type\":\"full\"") != std::string_view::npos;
    if (!full && text.find("\"type\":\"delta\"") == std::string_view::npos)
        return;
    const auto version = scanNumber(text, "\"version\":");
    if (version < 0) {
        ++m_unexpected;
        return;
    }
    if (full) {
        ++m_fulls;
        if (c.synced && version < c.next)
            return;
        c.next = version;
        m_maxNext = std::max(m_maxNext, c.next);
        if (c.synced)
            return;
        c.synced = true;
        ++m_synced;
        if (!m_syncedReported && m_synced == static_cast<int>(m_connections.size())) {
            m_syncedReported = true;
            print("{\"ev\":\"synced\"}");
        }
        if (m_marked && c.lostSinceMark && !c.resyncedSinceMark) {
            c.resyncedSinceMark = true;
            if (++m_resyncedSinceMark == static_cast<int>(m_connections.size())
                && !m_resyncReported) {
                m_resyncReported = true;
                print("{\"ev\":\"resynced\",\"ms\":"
                      + std::to_string((time.read - m_markAt) / 1'000'000) + "}");
            }
        }
        return;
    }
    if (!c.synced)
        return; // a real watcher buffers it; the full it waits for settles it (§5)
    if (version < c.next) {
        ++m_duplicates;
        return;
    }
    m_gapLost += version - c.next; // skipped after the baseline: never delivered
    c.next = version + 1;
    m_maxNext = std::max(m_maxNext, c.next);
    ++m_received;
}

void LoadClient::reconnectTick(std::int64_t now)
{
    m_lastReconnectScan = now;
    const int count = static_cast<int>(m_connections.size());
    for (int i = 0; i < count; ++i) {
        auto &c = m_connections[static_cast<std::size_t>(i)];
        if (!c.everJoined)
            continue;
        if (c.state == State::Idle) {
            if (now >= c.reconnectAt)
                startOne(i, now, true);
        } else if (c.state == State::Joined) {
            if (!c.synced && now - c.lastSyncRequest >= 3 * kSecond)
                sendSync(i, now); // repeated every 3 s until a full arrives (§8)
        } else if (c.state != State::Closed && now - c.stateSince > kJoinTimeout) {
            close(i, "join timeout");
        } else if (c.state == State::WaitLogin && now - c.stateSince > kLoginWait) {
            c.state = State::Joining;
            c.stateSince = now;
            sendText(i, "42[\"joinRoom\",{\"room_id\":" + jsonString(m_options.room) + "}]");
        }
    }
}

void LoadClient::sendText(int index, std::string_view text)
{
    sendFrame(index, 0x1, text);
}

void LoadClient::sendFrame(int index, int opcode, std::string_view payload)
{
    auto &c = m_connections[static_cast<std::size_t>(index)];
    if (c.state == State::Closed)
        return;
    // RFC 6455 §5.2: FIN, opcode, MASK bit, length, masking key, masked payload.
    const std::size_t start = c.out.size();
    c.out += static_cast<char>(0x80 | opcode);
    const auto size = payload.size();
    if (size < 126) {
        c.out += static_cast<char>(0x80 | size);
    } else if (size < 65536) {
        c.out += static_cast<char>(0x80 | 126);
        c.out += static_cast<char>(size >> 8);
        c.out += static_cast<char>(size & 0xff);
    } else {
        c.out += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            c.out += static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xff);
    }
    const std::uint32_t mask = nextRandom();
    char key[4];
    std::memcpy(key, &mask, 4);
    c.out.append(key, 4);
    const std::size_t body = c.out.size();
    c.out.append(payload);
    for (std::size_t i = 0; i < size; ++i)
        c.out[body + i] = static_cast<char>(c.out[body + i] ^ key[i & 3]);
    if (start == 0)
        flush(index);
}

void LoadClient::flush(int index)
{
    auto &c = m_connections[static_cast<std::size_t>(index)];
    std::size_t written = 0;
    while (written < c.out.size()) {
        const ssize_t n = ::send(c.fd, c.out.data() + written, c.out.size() - written,
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            if (errno == EINTR)
                continue;
            close(index, "transport error");
            return;
        }
        written += static_cast<std::size_t>(n);
    }
    c.out.erase(0, written);
    watchWrite(index, !c.out.empty());
}

void LoadClient::watchWrite(int index, bool on)
{
    auto &c = m_connections[static_cast<std::size_t>(index)];
    if (c.writable == on)
        return;
    c.writable = on;
    epoll_event event {};
    event.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    event.data.u64 = static_cast<std::uint64_t>(index);
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &event);
}

void LoadClient::close(int index, const char *reason)
{
    auto &c = m_connections[static_cast<std::size_t>(index)];
    if (c.state == State::Closed)
        return;
    const State was = c.state;
    c.state = State::Closed;
    if (c.fd >= 0) {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
        c.fd = -1;
    }
    c.in.clear();
    c.out.clear();
    c.fragments.clear();
    if (m_options.reconnect && (c.everJoined || c.rejoining)) {
        // Back after a delay of 500 ms doubling to 3 s, each spread by ±50 % (§8).
        if (was == State::Joined) {
            ++m_disconnects;
            ++m_disconnectReasons[reason];
        }
        if (c.synced) {
            c.synced = false;
            --m_synced;
        }
        if (m_marked && !c.lostSinceMark) {
            c.lostSinceMark = true;
            ++m_lostSinceMark;
        }
        const std::int64_t base = std::min<std::int64_t>(500LL << std::min(c.attempts, 3), 3000);
        const auto spread = static_cast<std::int64_t>(nextRandom() % 1001) - 500; // per mille
        c.reconnectAt = nowNs(CLOCK_MONOTONIC) + (base * (1000 + spread)) * 1000;
        ++c.attempts;
        c.rejoining = false;
        c.state = State::Idle;
        return;
    }
    if (was == State::Joined) {
        ++m_disconnects;
        ++m_disconnectReasons[reason];
    } else {
        onJoined(index, false, reason);
    }
}

void LoadClient::onTick(std::int64_t now)
{
    // Handshakes that stall, and a login that never comes (join anyway, as the browser page does).
    if (m_connecting && !m_joinedReported) {
        for (int i = 0; i < m_nextToStart; ++i) {
            auto &c = m_connections[static_cast<std::size_t>(i)];
            if (c.state == State::Closed || c.state == State::Joined)
                continue;
            if (now - c.stateSince > kJoinTimeout) {
                close(i, "join timeout");
            } else if (c.state == State::WaitLogin && now - c.stateSince > kLoginWait) {
                c.state = State::Joining;
                c.stateSince = now;
                sendText(i,
                         "42[\"joinRoom\",{\"room_id\":"
                             + jsonString(m_options.writer ? m_options.room + "-control"
                                                           : m_options.room)
                             + "}]");
            }
        }
    }
    if (m_options.reconnect && now - m_lastReconnectScan >= kSecond / 100)
        reconnectTick(now);
    if (now - m_lastProgress >= kSecond / 2) {
        m_lastProgress = now;
        if (m_marked && !m_resyncReported)
            print("{\"ev\":\"resyncProgress\",\"lost\":" + std::to_string(m_lostSinceMark)
                  + ",\"resynced\":" + std::to_string(m_resyncedSinceMark) + "}");
        // A server that stopped pinging is gone (Engine.IO: pingInterval + pingTimeout).
        if (m_pingTimeout > 0) {
            for (int i = 0; i < m_nextToStart; ++i) {
                auto &c = m_connections[static_cast<std::size_t>(i)];
                if (c.state == State::Joined && now - c.lastReceived > m_pingTimeout + kSecond)
                    close(i, "ping timeout");
            }
        }
        if (m_joinedReported && m_options.messages > 0 && !m_options.writer
            && m_received != m_progressReported) {
            m_progressReported = m_received;
            print("{\"ev\":\"progress\",\"received\":" + std::to_string(m_received) + "}");
        }
    }
    if (m_sending)
        sendDelta(now);
}

std::string LoadClient::delta(int version, std::int64_t sentAt) const
{
    // The delta of bench-fanout.js's makeDelta(): one Monaco event with one insertion.
    std::string text = "x";
    std::string data = "{\"type\":\"delta\",\"version\":" + std::to_string(version)
        + ",\"changes\":[{\"changes\":[{\"range\":{\"startLineNumber\":10,\"startColumn\":5,"
          "\"endLineNumber\":10,"
          "\"endColumn\":5},\"rangeOffset\":"
        + std::to_string(300 + version) + ",\"rangeLength\":0,\"text\":\"";
    const std::string tail = "\"}],\"eol\":\"\\n\",\"versionId\":" + std::to_string(version + 2)
        + ",\"isUndoing\":false,\"isRedoing\":false,\"isFlush\":false,\"isEolChange\":false}],"
          "\"sentAt\":\""
        + std::to_string(sentAt) + "\"}";
    const auto fixed = data.size() + tail.size();
    if (static_cast<std::size_t>(m_options.bytes) > fixed + 1)
        text.assign(static_cast<std::size_t>(m_options.bytes) - fixed, 'x');
    return data + text + tail;
}

void LoadClient::sendDelta(std::int64_t now)
{
    const auto interval = static_cast<std::int64_t>(static_cast<double>(kSecond) / m_options.rate);
    // Against the start time, so that the rate does not drift; at most a few per pass.
    for (int burst = 0; burst < 4 && m_sent < m_options.messages; ++burst) {
        if (now < m_sendStart + std::int64_t {m_sent} * interval)
            return;
        if (m_connections[0].state != State::Joined) {
            m_sending = false;
            print("{\"ev\":\"sent\",\"sent\":" + std::to_string(m_sent)
                  + ",\"error\":\"writer disconnected\"}");
            return;
        }
        const std::string data = delta(m_sent, nowNs(CLOCK_MONOTONIC));
        m_messageBytes = data.size();
        sendText(0,
                 "42[\"sendToRoom\",{\"room_id\":" + jsonString(m_options.room)
                     + ",\"data\":" + data + "}]");
        ++m_sent;
        now = nowNs(CLOCK_MONOTONIC);
    }
    if (m_sent >= m_options.messages) {
        m_sending = false;
        print("{\"ev\":\"sent\",\"sent\":" + std::to_string(m_sent) + ",\"messageBytes\":"
              + std::to_string(m_messageBytes) + ",\"errors\":" + std::to_string(m_errors)
              + (m_firstServerError.empty() ? std::string()
                                            : ",\"firstError\":" + jsonString(m_firstServerError))
              + "}");
    }
}

void LoadClient::report()
{
    if (m_options.writer) {
        print("{\"ev\":\"report\",\"sent\":" + std::to_string(m_sent)
              + ",\"errors\":" + std::to_string(m_errors)
              + ",\"disconnects\":" + std::to_string(m_disconnects) + "}");
        return;
    }
    std::int64_t lost = 0;
    for (std::size_t i = 0; i < m_connections.size(); ++i)
        lost += m_options.messages - m_connections[i].complete;
    std::string reasons = "{";
    for (const auto &[reason, count] : m_disconnectReasons)
        reasons
            += (reasons.size() > 1 ? "," : "") + jsonString(reason) + ":" + std::to_string(count);
    reasons += "}";
    if (m_options.reconnect) {
        int behind = 0;
        for (const auto &c : m_connections)
            behind += c.synced && c.next == m_maxNext ? 0 : 1;
        print("{\"ev\":\"report\",\"watchers\":" + std::to_string(m_connections.size())
              + ",\"synced\":" + std::to_string(m_synced) + ",\"behind\":" + std::to_string(behind)
              + ",\"version\":" + std::to_string(m_maxNext) + ",\"deltas\":"
              + std::to_string(m_received) + ",\"lost\":" + std::to_string(m_gapLost)
              + ",\"duplicates\":" + std::to_string(m_duplicates)
              + ",\"fulls\":" + std::to_string(m_fulls)
              + ",\"fullsSinceMark\":" + std::to_string(m_fulls - m_fullsAtMark)
              + ",\"disconnects\":" + std::to_string(m_disconnects) + ",\"reconnections\":"
              + std::to_string(m_reconnections) + ",\"disconnectReasons\":" + reasons + "}");
        return;
    }
    std::string line = "{\"ev\":\"report\",\"watchers\":" + std::to_string(m_connections.size())
        + ",\"received\":" + std::to_string(m_received) + ",\"lost\":" + std::to_string(lost)
        + ",\"duplicates\":" + std::to_string(m_duplicates) + ",\"unexpected\":"
        + std::to_string(m_unexpected) + ",\"noKernelTime\":" + std::to_string(m_noKernelTime)
        + ",\"disconnects\":" + std::to_string(m_disconnects) + ",\"disconnectReasons\":{";
    bool first = true;
    for (const auto &[reason, count] : m_disconnectReasons) {
        line += (first ? "" : ",") + jsonString(reason) + ":" + std::to_string(count);
        first = false;
    }
    line += "}";
    // Microseconds with one decimal.
    const auto append = [&line](const char *name, const std::vector<std::int64_t> &values) {
        line += ",\"";
        line += name;
        line += "\":[";
        char buf[32];
        for (std::size_t i = 0; i < values.size(); ++i) {
            const std::int64_t tenths = values[i] / 100;
            const int n = std::snprintf(buf, sizeof buf, "%s%s%lld.%lld", i ? "," : "",
                                        tenths < 0 ? "-" : "",
                                        static_cast<long long>(std::abs(tenths) / 10),
                                        static_cast<long long>(std::abs(tenths) % 10));
            line.append(buf, static_cast<std::size_t>(n));
        }
        line += "]";
    };
    append("latenciesUs", m_kernelLatency);
    append("readLatenciesUs", m_readLatency);
    line += "}";
    print(line);
}

bool parseOptions(int argc, char **argv, Options &options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view key = argv[i];
        if (key == "--writer") {
            options.writer = true;
            continue;
        }
        if (key == "--reconnect") {
            options.reconnect = true;
            continue;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "loadclient: %s needs a value\n", argv[i]);
            return false;
        }
        const char *value = argv[++i];
        if (key == "--host")
            options.host = value;
        else if (key == "--port")
            options.port = std::atoi(value);
        else if (key == "--path")
            options.path = value;
        else if (key == "--room")
            options.room = value;
        else if (key == "--writer-key")
            options.writerKey = value;
        else if (key == "--watchers")
            options.watchers = std::atoi(value);
        else if (key == "--messages")
            options.messages = std::atoi(value);
        else if (key == "--concurrency")
            options.concurrency = std::atoi(value);
        else if (key == "--rate")
            options.rate = std::atof(value);
        else if (key == "--bytes")
            options.bytes = std::atoi(value);
        else if (key == "--timeout")
            options.timeoutSeconds = std::atoi(value);
        else {
            std::fprintf(stderr, "loadclient: unknown argument %s\n", argv[i - 1]);
            return false;
        }
    }
    while (options.path.size() > 1 && options.path.back() == '/')
        options.path.pop_back();
    in_addr address {};
    if (inet_pton(AF_INET, options.host.c_str(), &address) != 1
        || (ntohl(address.s_addr) >> 24) != 127) {
        std::fprintf(stderr, "loadclient: --host must be an IPv4 loopback address (127.0.0.0/8)\n");
        return false;
    }
    if (options.port <= 0 || options.port > 65535 || options.room.empty()) {
        std::fprintf(stderr, "loadclient: give --port and --room\n");
        return false;
    }
    if (options.watchers < 1 || options.watchers > kMaxConnections || options.messages < 0
        || options.messages > kMaxMessages || options.concurrency < 1
        || !(options.rate > 0 && options.rate <= 100000) || options.bytes < 0
        || options.bytes > 1'000'000 || options.timeoutSeconds < 1
        || options.timeoutSeconds > 86400) {
        std::fprintf(stderr, "loadclient: an option is out of range\n");
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    if (!parseOptions(argc, argv, options)) {
        std::fprintf(
            stderr,
            "usage: loadclient --port P --room R [--host 127.0.0.1] [--path /socket.io] [--timeout "
            "S]\n"
            "         [--watchers N] [--messages M] [--concurrency C] [--reconnect]\n"
            "         | --writer [--messages M] [--rate HZ] [--bytes B] [--writer-key K]\n");
        return 2;
    }
    // Thousands of sockets: raise the descriptor limit to the hard limit.
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    LoadClient client(std::move(options));
    return client.run();
}
