#include "windowregistry.h"

#include "playerwindow.h"
#include "watcherwindow.h"
#include "writerwindow.h"

#include "stream/sharelink.h"

#include <QClipboard>
#include <QFileDialog>
#include <QGuiApplication>
#include <QInputDialog>
#include <QMessageBox>

namespace ui {

namespace {

template<typename Window> QList<Window *> existing(const QList<QPointer<Window>> &windows)
{
    QList<Window *> result;
    for (const QPointer<Window> &window : windows) {
        if (window)
            result.append(window.data());
    }
    return result;
}

} // namespace

WindowRegistry::WindowRegistry(QObject *parent)
    : QObject(parent)
{ }

WindowRegistry::~WindowRegistry()
{
    qDeleteAll(playerWindows());
    qDeleteAll(watcherWindows());
    qDeleteAll(writerWindows());
}

StartupResult WindowRegistry::openStartupWindows(const StartupRequest &request, QString *error)
{
    const bool watchOnly
        = request.watch && !request.host && request.server.isEmpty() && request.file.isEmpty();
    if (request.file.endsWith(QStringLiteral(".cscast"), Qt::CaseInsensitive) && !request.host
        && request.server.isEmpty() && !request.watch) {
        return openPlayerWindow(request.file, nullptr, error) ? StartupResult::Running
                                                              : StartupResult::Failed;
    }
    WriterWindow *writer = nullptr;
    if (!watchOnly) {
        writer = openWriterWindow();
        writer->offerRecovery();
        // Next to recovered documents, in a tab of its own.
        if (!request.file.isEmpty())
            writer->loadFile(request.file);
        writer->show();
        if (request.host) {
            if (!writer->hostSession(request.bindAddress, request.port, error))
                return StartupResult::Failed;
        } else if (!request.server.isEmpty()) {
            writer->streamToServer(request.server);
        }
    }
    if (!request.watch)
        return StartupResult::Running;
    if (request.watchLink.trimmed().isEmpty()) {
        if (!openWatcherWindowInteractive(writer) && watchOnly)
            return StartupResult::Cancelled;
    } else if (!openWatcherWindow(request.watchLink.trimmed(), writer, error)) {
        return StartupResult::Failed;
    }
    return StartupResult::Running;
}

WriterWindow *WindowRegistry::openWriterWindow()
{
    auto *window = new WriterWindow(this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    m_writers.removeIf([](const QPointer<WriterWindow> &writer) { return writer.isNull(); });
    m_writers.append(window);
    emit writerWindowOpened(window);
    return window;
}

WatcherWindow *WindowRegistry::openWatcherWindow(const QString &link, QWidget *dialogParent,
                                                 QString *error)
{
    const auto parsed = stream::parseShareLink(link);
    if (!parsed) {
        const QString message
            = tr("“%1” is not a share link. A share link looks like http://host:3000/#room.")
                  .arg(link);
        if (error)
            *error = message;
        else
            QMessageBox::warning(dialogParent, tr("CodeStream"), message);
        return nullptr;
    }
    auto *window = new WatcherWindow(parsed->toUrl());
    window->setAttribute(Qt::WA_DeleteOnClose);
    m_watchers.removeIf([](const QPointer<WatcherWindow> &watcher) { return watcher.isNull(); });
    m_watchers.append(window);
    window->show();
    return window;
}

WatcherWindow *WindowRegistry::openWatcherWindowInteractive(QWidget *dialogParent)
{
    QString suggestion = QGuiApplication::clipboard()->text().trimmed();
    if (!stream::parseShareLink(suggestion))
        suggestion.clear();
    bool ok = false;
    const QString link
        = QInputDialog::getText(dialogParent, tr("Watch Shared Room"), tr("Share link:"),
                                QLineEdit::Normal, suggestion, &ok);
    if (ok && !link.trimmed().isEmpty())
        return openWatcherWindow(link.trimmed(), dialogParent);
    return nullptr;
}

PlayerWindow *WindowRegistry::openPlayerWindow(const QString &path, QWidget *dialogParent,
                                               QString *error)
{
    auto *window = new PlayerWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    QString message;
    if (!window->openRecording(path, &message)) {
        delete window;
        message = tr("Cannot open the recording %1: %2").arg(path, message);
        if (error)
            *error = message;
        else
            QMessageBox::warning(dialogParent, tr("CodeStream"), message);
        return nullptr;
    }
    m_players.removeIf([](const QPointer<PlayerWindow> &player) { return player.isNull(); });
    m_players.append(window);
    window->show();
    return window;
}

PlayerWindow *WindowRegistry::openPlayerWindowInteractive(QWidget *dialogParent)
{
    const QString path
        = QFileDialog::getOpenFileName(dialogParent, tr("Open Recording"), QString(),
                                       tr("CodeStream recordings (*.cscast);;All files (*)"));
    return path.isEmpty() ? nullptr : openPlayerWindow(path, dialogParent);
}

QList<WriterWindow *> WindowRegistry::writerWindows() const
{
    return existing(m_writers);
}

QList<WatcherWindow *> WindowRegistry::watcherWindows() const
{
    return existing(m_watchers);
}

QList<PlayerWindow *> WindowRegistry::playerWindows() const
{
    return existing(m_players);
}

} // namespace ui
