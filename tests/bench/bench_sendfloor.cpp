// The floor of fan-out on loopback: what one send() of a small frame to each of N connected TCP
// sockets costs the sending process, with nothing else on the path (no protocol, no rooms, no
// threads). A forked child holds the N receiving sockets and reads them with epoll, as a load
// generator would; the sender writes M rounds at a given rate, every socket with TCP_NODELAY and
// non-blocking, and prints its CPU time per delivery (user + system, RUSAGE_SELF: on loopback
// the kernel charges the receiving socket's TCP work to the sender).
//
//   bench_sendfloor [--watchers N] [--messages M] [--rate HZ] [--bytes B] [--mode send|uring]
//
// --mode uring (when built with liburing) submits a round's N sends as one batch through
// io_uring instead of N send() calls: the same TCP work, fewer system calls.
// Prints one line of text and one JSON object. Linux only.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef CODESTREAM_HAVE_LIBURING
#include <liburing.h>
#endif

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace {

struct Options
{
    int watchers = 1000;
    int messages = 100;
    double rate = 20;
    int bytes = 200;
    std::string mode = "send";
};

double processCpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double monotonicSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "bench_sendfloor: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

bool parse(int argc, char **argv, Options &options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (i + 1 >= argc)
            return false;
        const char *value = argv[++i];
        if (name == "--watchers")
            options.watchers = std::atoi(value);
        else if (name == "--messages")
            options.messages = std::atoi(value);
        else if (name == "--rate")
            options.rate = std::atof(value);
        else if (name == "--bytes")
            options.bytes = std::atoi(value);
        else if (name == "--mode")
            options.mode = value;
        else
            return false;
    }
    return options.watchers > 0 && options.messages > 0 && options.rate > 0 && options.bytes > 0
        && (options.mode == "send" || options.mode == "uring");
}

// The receiving side: connects N sockets and reads everything until each one ends.
[[noreturn]] void receive(const sockaddr_in &address, int watchers)
{
    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    for (int i = 0; i < watchers; ++i) {
        const int socket = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (socket < 0
            || ::connect(socket, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
            fail("connect");
        fcntl(socket, F_SETFL, O_NONBLOCK);
        epoll_event event {};
        event.events = EPOLLIN;
        event.data.fd = socket;
        epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event);
    }
    std::vector<char> buffer(1 << 16);
    epoll_event events[256];
    for (int open = watchers; open > 0;) {
        const int count = epoll_wait(epoll, events, 256, -1);
        for (int i = 0; i < count; ++i) {
            for (;;) {
                const ssize_t read = ::recv(events[i].data.fd, buffer.data(), buffer.size(), 0);
                if (read > 0)
                    continue;
                if (read == 0) {
                    ::close(events[i].data.fd);
                    --open;
                }
                break;
            }
        }
    }
    _exit(0);
}

// One round: the frame to every socket. Returns the sends that did not take the whole frame.
long sendRound(const std::vector<int> &sockets, const std::vector<char> &frame)
{
    long short_ = 0;
    for (const int socket : sockets) {
        if (::send(socket, frame.data(), frame.size(), MSG_DONTWAIT | MSG_NOSIGNAL)
            != ssize_t(frame.size()))
            ++short_;
    }
    return short_;
}

#ifdef CODESTREAM_HAVE_LIBURING
long sendRoundUring(io_uring &ring, const std::vector<int> &sockets, const std::vector<char> &frame)
{
    long short_ = 0;
    unsigned pending = 0;
    auto reap = [&] {
        io_uring_submit_and_wait(&ring, pending);
        io_uring_cqe *cqe = nullptr;
        unsigned head = 0;
        unsigned seen = 0;
        io_uring_for_each_cqe(&ring, head, cqe)
        {
            if (cqe->res != int(frame.size()))
                ++short_;
            ++seen;
        }
        io_uring_cq_advance(&ring, seen);
        pending -= seen;
    };
    for (const int socket : sockets) {
        io_uring_sqe *sqe = io_uring_get_sqe(&ring);
        if (!sqe) {
            reap();
            sqe = io_uring_get_sqe(&ring);
        }
        io_uring_prep_send(sqe, socket, frame.data(), frame.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        ++pending;
    }
    while (pending > 0)
        reap();
    return short_;
}
#endif

} // namespace

int main(int argc, char **argv)
{
    Options options;
    if (!parse(argc, argv, options)) {
        std::fprintf(stderr,
                     "usage: bench_sendfloor [--watchers N] [--messages M] [--rate HZ] "
                     "[--bytes B] [--mode send|uring]\n");
        return 2;
    }
#ifndef CODESTREAM_HAVE_LIBURING
    if (options.mode == "uring") {
        std::fprintf(stderr, "bench_sendfloor: built without liburing\n");
        return 2;
    }
#endif
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(listener, 4096) != 0
        || getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        fail("listen");
    const pid_t child = fork();
    if (child < 0)
        fail("fork");
    if (child == 0) {
        ::close(listener);
        receive(address, options.watchers);
    }
    std::vector<int> sockets;
    const int one = 1;
    for (int i = 0; i < options.watchers; ++i) {
        const int socket = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (socket < 0)
            fail("accept");
        setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockets.push_back(socket);
    }
#ifdef CODESTREAM_HAVE_LIBURING
    io_uring ring {};
    if (options.mode == "uring") {
        if (const int error = io_uring_queue_init(4096, &ring, 0); error != 0) {
            std::fprintf(stderr, "bench_sendfloor: io_uring: %s\n", std::strerror(-error));
            return 1;
        }
    }
#endif
    const std::vector<char> frame(size_t(options.bytes), 'x');
    const double cpuStart = processCpuSeconds();
    const double start = monotonicSeconds();
    long short_ = 0;
    for (int round = 0; round < options.messages; ++round) {
        const double due = start + round / options.rate;
        for (double now = monotonicSeconds(); now < due; now = monotonicSeconds())
            usleep(useconds_t((due - now) * 1e6));
#ifdef CODESTREAM_HAVE_LIBURING
        if (options.mode == "uring") {
            short_ += sendRoundUring(ring, sockets, frame);
            continue;
        }
#endif
        short_ += sendRound(sockets, frame);
    }
    const double cpu = processCpuSeconds() - cpuStart;
    const double deliveries = double(options.watchers) * options.messages;
    for (const int socket : sockets)
        ::close(socket);
    int status = 0;
    waitpid(child, &status, 0);
    std::printf("floor (%s) N=%d: %d messages of %d B at %g Hz, sender CPU/delivery %.2f us, "
                "short sends %ld\n",
                options.mode.c_str(), options.watchers, options.messages, options.bytes,
                options.rate, cpu * 1e6 / deliveries, short_);
    std::printf("{\"mode\":\"%s\",\"watchers\":%d,\"messages\":%d,\"bytes\":%d,\"rate\":%g,"
                "\"cpuPerDeliveryUs\":%.3f,\"shortSends\":%ld}\n",
                options.mode.c_str(), options.watchers, options.messages, options.bytes,
                options.rate, cpu * 1e6 / deliveries, short_);
    return short_ == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
