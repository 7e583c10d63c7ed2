#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace engineio {

// Configuration of an Engine.IO v4 server.
struct EngineOptions
{
    // Paths served, each with a trailing slash.
    QStringList paths = {QStringLiteral("/engine.io/")};
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    qint64 maxPayload = 1000000;
    int upgradeTimeoutMs = 10000;
    bool allowPolling = true;
    bool allowWebSocket = true;
    QByteArray corsOrigin = "*"; // empty: no CORS headers
    bool corsCredentials = false;
    // Per-session bound on queued outgoing bytes; a session over it is closed.
    qint64 maxBufferedBytes = 16 * 1024 * 1024;
    // Threads that write to plain TCP WebSockets (epoll backend only; see ReactorPool): 1 writes
    // on the server thread, N > 1 hands the writes to N write reactors, 0 picks
    // QThread::idealThreadCount().
    int threads = 0;
    // Write reactors submit the sends of a broadcast as one batch through io_uring where the
    // build has liburing and the kernel lets the process set up a ring; otherwise one send() each.
    bool ioUring = true;
};

} // namespace engineio
