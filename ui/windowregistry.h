#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QWidget;

namespace ui {

class PlayerWindow;
class WatcherWindow;
class WriterWindow;

// What the command line asks the GUI to open when it starts.
struct StartupRequest
{
    QString file; // a file to open in the writer window (a .cscast recording: in a player)
    bool host = false; // host a session on an embedded server
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 3000;
    QUrl server; // stream through the CodeStream server at this origin (when valid)
    bool watch = false; // open a watcher window
    QString watchLink; // the share link to watch; empty: ask for one
};

// How the GUI's startup went.
enum class StartupResult {
    Running, // windows are open: run the event loop
    Cancelled, // the user cancelled the only thing asked for: quit quietly
    Failed, // a request could not be carried out (see the error)
};

// The application's windows: opens writer and watcher windows and keeps track of them; the
// windows it still holds when it is destroyed are closed with it.
class WindowRegistry final : public QObject
{
    Q_OBJECT
public:
    explicit WindowRegistry(QObject *parent = nullptr);
    ~WindowRegistry() override;

    // Opens the windows a command line asks for. A watcher alone (`--watch LINK` without a
    // file, --host or --server) gets no writer window.
    StartupResult openStartupWindows(const StartupRequest &request, QString *error = nullptr);

    // A new, hidden writer window that is deleted when it closes.
    WriterWindow *openWriterWindow();
    // Opens a watcher window on a share link; nullptr when the link is invalid, with the reason
    // in `error`, or without `error` in a message box over `dialogParent`.
    WatcherWindow *openWatcherWindow(const QString &link, QWidget *dialogParent = nullptr,
                                     QString *error = nullptr);
    // Asks for a share link (suggesting one from the clipboard) and opens a watcher window on
    // it; nullptr when cancelled.
    WatcherWindow *openWatcherWindowInteractive(QWidget *dialogParent = nullptr);

    // Opens a .cscast recording in a player window; nullptr when it does not load, with the
    // reader's error in `error`, or without `error` in a message box over `dialogParent`.
    PlayerWindow *openPlayerWindow(const QString &path, QWidget *dialogParent = nullptr,
                                   QString *error = nullptr);
    // Asks for a recording and opens it in a player window; nullptr when cancelled or failed.
    PlayerWindow *openPlayerWindowInteractive(QWidget *dialogParent = nullptr);

    QList<WriterWindow *> writerWindows() const;
    QList<WatcherWindow *> watcherWindows() const;
    QList<PlayerWindow *> playerWindows() const;

signals:
    // A writer window was created (before it starts streaming).
    void writerWindowOpened(ui::WriterWindow *window);

private:
    QList<QPointer<WriterWindow>> m_writers;
    QList<QPointer<WatcherWindow>> m_watchers;
    QList<QPointer<PlayerWindow>> m_players;
};

} // namespace ui
