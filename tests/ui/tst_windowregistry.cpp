#include "recoverystorage.h"
#include "watcherwindow.h"
#include "windowregistry.h"
#include "writerwindow.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

// Nothing listens on port 9 of loopback: a watcher stays disconnected, which is fine here.
const QString unreachableLink = u"http://127.0.0.1:9/#room42"_s;

// Every writer window that exists, shown or hidden.
QList<ui::WriterWindow *> allWriterWindows()
{
    QList<ui::WriterWindow *> writers;
    for (QWidget *widget : QApplication::allWidgets()) {
        if (auto *writer = qobject_cast<ui::WriterWindow *>(widget))
            writers.append(writer);
    }
    return writers;
}

} // namespace

class tst_WindowRegistry : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void openStartupWindows_watchLinkOnly_opensWatcherAndNoWriterWindow();
    void openStartupWindows_watchInvalidLink_failsAndOpensNothing();
    void openStartupWindows_watchWithoutLinkCancelled_opensNothing();
    void openStartupWindows_fileAndWatch_opensWriterAndWatcher();
    void openStartupWindows_nothingAsked_opensOneWriterWindow();
    void writerWindow_watchSharedRoom_opensWatcherInApplicationRegistry();
    void writerWindow_withoutRegistry_closesItsWatchersWithItself();
    void destructor_deletesTheWindowsItHolds();
};

void tst_WindowRegistry::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qRegisterMetaType<ui::WriterWindow *>();
    QDir(ui::RecoveryStorage::recoveryDirectory()).removeRecursively();
}

void tst_WindowRegistry::cleanup()
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QVERIFY(allWriterWindows().isEmpty());
}

void tst_WindowRegistry::openStartupWindows_watchLinkOnly_opensWatcherAndNoWriterWindow()
{
    // What `codestream --watch LINK` does.
    ui::WindowRegistry registry;
    QSignalSpy writerSpy(&registry, &ui::WindowRegistry::writerWindowOpened);
    ui::StartupRequest request;
    request.watch = true;
    request.watchLink = unreachableLink;
    QString error;
    QCOMPARE(registry.openStartupWindows(request, &error), ui::StartupResult::Running);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QCOMPARE(registry.watcherWindows().size(), 1);
    QCOMPARE(registry.watcherWindows().constFirst()->shareLink().fragment(), u"room42"_s);
    QVERIFY(registry.watcherWindows().constFirst()->isVisible());
    QVERIFY(registry.writerWindows().isEmpty());
    QCOMPARE(writerSpy.count(), 0);
    QVERIFY(allWriterWindows().isEmpty());
}

void tst_WindowRegistry::openStartupWindows_watchInvalidLink_failsAndOpensNothing()
{
    ui::WindowRegistry registry;
    ui::StartupRequest request;
    request.watch = true;
    request.watchLink = u"not a link"_s;
    QString error;
    QCOMPARE(registry.openStartupWindows(request, &error), ui::StartupResult::Failed);
    QVERIFY(error.contains(u"not a link"_s));
    QVERIFY(registry.watcherWindows().isEmpty());
    QVERIFY(allWriterWindows().isEmpty());
}

void tst_WindowRegistry::openStartupWindows_watchWithoutLinkCancelled_opensNothing()
{
    // `codestream --watch` asks for a link; cancelling quits.
    bool asked = false;
    QTimer cancel;
    cancel.setInterval(20);
    connect(&cancel, &QTimer::timeout, this, [&asked] {
        if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
            asked = true;
            dialog->reject();
        }
    });
    cancel.start();
    ui::WindowRegistry registry;
    ui::StartupRequest request;
    request.watch = true;
    QCOMPARE(registry.openStartupWindows(request), ui::StartupResult::Cancelled);
    QVERIFY(asked);
    QVERIFY(registry.watcherWindows().isEmpty());
    QVERIFY(allWriterWindows().isEmpty());
}

void tst_WindowRegistry::openStartupWindows_fileAndWatch_opensWriterAndWatcher()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fileName = dir.filePath(u"shown.py"_s);
    {
        QFile file(fileName);
        QVERIFY(file.open(QFile::WriteOnly));
        file.write("x = 1\n");
    }
    ui::WindowRegistry registry;
    QSignalSpy writerSpy(&registry, &ui::WindowRegistry::writerWindowOpened);
    ui::StartupRequest request;
    request.file = fileName;
    request.watch = true;
    request.watchLink = unreachableLink;
    QString error;
    QCOMPARE(registry.openStartupWindows(request, &error), ui::StartupResult::Running);

    QCOMPARE(registry.writerWindows().size(), 1);
    ui::WriterWindow *writer = registry.writerWindows().constFirst();
    QCOMPARE(writerSpy.count(), 1);
    QCOMPARE(writerSpy.at(0).at(0).value<ui::WriterWindow *>(), writer);
    QVERIFY(writer->isVisible());
    QCOMPARE(writer->currentFile(), request.file);
    QCOMPARE(writer->windowRegistry(), &registry);
    QCOMPARE(registry.watcherWindows().size(), 1);
    QCOMPARE(writer->watcherWindows(), registry.watcherWindows());
}

void tst_WindowRegistry::openStartupWindows_nothingAsked_opensOneWriterWindow()
{
    ui::WindowRegistry registry;
    QCOMPARE(registry.openStartupWindows({}), ui::StartupResult::Running);
    QCOMPARE(registry.writerWindows().size(), 1);
    QVERIFY(registry.writerWindows().constFirst()->isVisible());
    QVERIFY(registry.watcherWindows().isEmpty());
    QCOMPARE(allWriterWindows().size(), 1);
}

void tst_WindowRegistry::writerWindow_watchSharedRoom_opensWatcherInApplicationRegistry()
{
    // Session → Watch Shared Room… from a writer window.
    ui::WindowRegistry registry;
    ui::WriterWindow *writer = registry.openWriterWindow();
    QString error;
    QPointer<ui::WatcherWindow> watcher = writer->watchSharedRoom(unreachableLink, &error);
    QVERIFY2(watcher, qPrintable(error));
    QCOMPARE(registry.watcherWindows(), QList<ui::WatcherWindow *>({watcher.data()}));

    // The watcher outlives the writer window that opened it.
    QVERIFY(writer->close());
    QTRY_VERIFY(registry.writerWindows().isEmpty());
    QVERIFY(watcher);
    QCOMPARE(registry.watcherWindows().size(), 1);
}

void tst_WindowRegistry::writerWindow_withoutRegistry_closesItsWatchersWithItself()
{
    QPointer<ui::WatcherWindow> watcher;
    {
        ui::WriterWindow writer;
        QString error;
        watcher = writer.watchSharedRoom(unreachableLink, &error);
        QVERIFY2(watcher, qPrintable(error));
        QCOMPARE(writer.watcherWindows().size(), 1);
    }
    QVERIFY(!watcher);
}

void tst_WindowRegistry::destructor_deletesTheWindowsItHolds()
{
    QPointer<ui::WriterWindow> writer;
    QPointer<ui::WatcherWindow> watcher;
    {
        ui::WindowRegistry registry;
        writer = registry.openWriterWindow();
        watcher = registry.openWatcherWindow(unreachableLink);
        QVERIFY(writer);
        QVERIFY(watcher);
    }
    QVERIFY(!writer);
    QVERIFY(!watcher);
}

QTEST_MAIN(tst_WindowRegistry)
#include "tst_windowregistry.moc"
