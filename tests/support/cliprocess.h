#pragma once

// Helpers for tests that run `codestream-cli` as a process.

#include <QFile>
#include <QProcess>
#include <QString>
#include <QTest>

#include <csignal>

namespace clitest {

// The codestream-cli of this build.
inline QString cliPath()
{
    return qEnvironmentVariable("CODESTREAM_BIN_DIR") + QStringLiteral("/codestream-cli");
}

// The bytes of the file at `path`; empty when it cannot be read.
inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// Stops `process` as a user would (SIGTERM), then kills it if it does not exit.
inline void terminate(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(process.processId()), SIGTERM);
    if (!process.waitForFinished(15000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

// Waits for a "share: <link>" line on the process's stdout; empty when none came.
inline QString waitForShareLink(QProcess &process)
{
    QString link;
    const bool done = QTest::qWaitFor(
        [&] {
            while (process.canReadLine()) {
                const QString line = QString::fromUtf8(process.readLine()).trimmed();
                if (line.startsWith(QLatin1String("share: ")))
                    link = line.mid(7);
            }
            return !link.isEmpty() || process.state() == QProcess::NotRunning;
        },
        20000);
    return done ? link : QString();
}

} // namespace clitest
