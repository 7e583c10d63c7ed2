#include "selftest.h"

#include "scintilladocument.h"
#include "watcherwindow.h"
#include "writerwindow.h"

#include "server/embeddedserver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QPointer>
#include <QThread>
#include <Qsci/qsciscintilla.h>

#include <functional>

namespace ui {

namespace {

// Runs the event loop until `done` holds or the deadline passes.
bool waitUntil(const std::function<bool()> &done, const QDeadlineTimer &deadline)
{
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    return true;
}

} // namespace

SelfTestResult runSelfTest(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QElapsedTimer elapsed;
    elapsed.start();
    auto failure = [](const QString &reason) {
        return SelfTestResult {false, reason};
    };

    WriterWindow writer;
    writer.setAutosaveInterval(24 * 3600 * 1000);
    writer.show();
    QUrl link;
    QObject::connect(&writer, &WriterWindow::shareLinkReady, &writer,
                     [&link](const QUrl &url) { link = url; });
    QString error;
    if (!writer.hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error))
        return failure(
            QCoreApplication::translate("ui::SelfTest", "cannot host a session: %1").arg(error));
    if (!waitUntil([&link] { return !link.isEmpty(); }, deadline))
        return failure(
            QCoreApplication::translate("ui::SelfTest", "no share link: the session state is “%1”")
                .arg(writer.connectionText()));

    QPointer<WatcherWindow> watcher = writer.watchSharedRoom(link.toString(), &error);
    if (!watcher)
        return failure(
            QCoreApplication::translate("ui::SelfTest", "cannot open a watcher: %1").arg(error));

    const QString line = QStringLiteral("int main() { return 0; } // CodeStream self-test é 😀\n");
    writer.editor()->append(line);
    const QString expected = writer.document()->text();
    if (!expected.contains(line))
        return failure(QCoreApplication::translate("ui::SelfTest", "the writer lost the text"));
    const bool same = waitUntil(
        [&watcher, &expected] { return watcher && watcher->document()->text() == expected; },
        deadline);
    if (!same) {
        const QString state = watcher ? watcher->stateText() : QString();
        return failure(
            QCoreApplication::translate(
                "ui::SelfTest", "the watcher did not receive the text within %1 s (watcher: %2)")
                .arg(timeoutMs / 1000)
                .arg(state));
    }
    const quint16 port = writer.embeddedServer() ? writer.embeddedServer()->port() : 0;
    const qint64 bytes = writer.document()->byteLength();
    delete watcher.data();
    writer.stopStreaming();
    writer.editor()->setModified(false);
    return {true,
            QCoreApplication::translate(
                "ui::SelfTest",
                "self-test passed: streamed %1 bytes from a writer to a watcher through "
                "127.0.0.1:%2 in %3 ms")
                .arg(bytes)
                .arg(port)
                .arg(elapsed.elapsed())};
}

} // namespace ui
