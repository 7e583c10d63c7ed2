#include "writerwindow.h"

#include "editorsetup.h"
#include "hostsessiondialog.h"
#include "languages.h"
#include "preferencesdialog.h"
#include "qrcode.h"
#include "scintilladocument.h"
#include "watcherwindow.h"

#include "server/embeddedserver.h"
#include "stream/sharelink.h"
#include "stream/streamwriter.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLockFile>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkInterface>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <Qsci/qsciscintilla.h>

#include <optional>

namespace ui {

namespace {

constexpr int maxRecentFiles = 8;
constexpr int maxPortAttempts = 20;
constexpr int defaultAutosaveIntervalMs = 10000;
constexpr QByteArrayView recoveryMagic = "CodeStream-Recovery 1\n";

int nextRecoveryNumber()
{
    static int number = 0;
    return ++number;
}

QString recoverySuffix()
{
    return QStringLiteral(".recovery");
}

// A recovery file: the magic line, the document's file name (percent-encoded, may be empty)
// on a line of its own, then the text in UTF-8.
struct RecoveredDocument
{
    QString fileName;
    QString text;
};

std::optional<RecoveredDocument> readRecoveryFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QFile::ReadOnly))
        return std::nullopt;
    const QByteArray bytes = file.readAll();
    if (!bytes.startsWith(recoveryMagic))
        return std::nullopt;
    const qsizetype nameEnd = bytes.indexOf('\n', recoveryMagic.size());
    if (nameEnd < 0)
        return std::nullopt;
    RecoveredDocument document;
    document.fileName = QString::fromUtf8(QByteArray::fromPercentEncoding(
        bytes.mid(recoveryMagic.size(), nameEnd - recoveryMagic.size())));
    document.text = QString::fromUtf8(bytes.mid(nameEnd + 1));
    return document;
}

QString recentFilesKey()
{
    return QStringLiteral("recentFileList");
}

QIcon themeIcon(const char *name, const char *fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name),
                            QIcon(QStringLiteral(":/ui/icons/") + QString::fromLatin1(fallback)));
}

// The first IPv4 address other machines can reach this one on, or loopback.
QHostAddress lanAddress()
{
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback()
            && !address.isLinkLocal())
            return address;
    }
    return QHostAddress(QHostAddress::LocalHost);
}

} // namespace

QString connectionStateText(stream::ConnectionState state)
{
    switch (state) {
    case stream::ConnectionState::Idle:
        return WriterWindow::tr("Not streaming");
    case stream::ConnectionState::Negotiating:
        return WriterWindow::tr("Negotiating…");
    case stream::ConnectionState::Connecting:
        return WriterWindow::tr("Connecting…");
    case stream::ConnectionState::Connected:
        return WriterWindow::tr("Live");
    case stream::ConnectionState::Reconnecting:
        return WriterWindow::tr("Reconnecting…");
    case stream::ConnectionState::Failed:
        return WriterWindow::tr("Connection failed");
    }
    return {};
}

WriterWindow::WriterWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_editor(new QsciScintilla(this))
{
    setAttribute(Qt::WA_DeleteOnClose, false);
    configureEditor(m_editor);
    m_document = new ScintillaDocument(m_editor, this);
    setCentralWidget(m_editor);

    m_recoveryId = QString::number(QCoreApplication::applicationPid()) + u'-'
        + QString::number(nextRecoveryNumber());

    createActions();
    createStatusBar();
    createShareDock();
    readSettings();
    m_preferences = Preferences::load();
    setEditorFont(m_preferences.font);
    applyPreferences(m_preferences);

    m_autosaveTimer.setInterval(defaultAutosaveIntervalMs);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &WriterWindow::autosave);
    m_autosaveTimer.start();

    connect(m_editor, &QsciScintilla::modificationChanged, this,
            [this](bool modified) { setWindowModified(modified || m_restoredUnsaved); });
    connect(m_document, &ScintillaDocument::changed, this, &WriterWindow::onEditorChange);
    connect(m_document, &ScintillaDocument::changed, this, [this] { m_autosaveDirty = true; });
    connect(m_document, &ScintillaDocument::documentReplaced, this, [this](bool large) {
        m_large = large;
        applyLanguage(m_editor, m_languageId, large);
    });
    connect(m_editor, &QsciScintillaBase::SCN_UPDATEUI, this, [this](int updated) {
        if (updated
            & (QsciScintillaBase::SC_UPDATE_SELECTION | QsciScintillaBase::SC_UPDATE_CONTENT))
            sendCursor();
    });

    setCurrentFile(QString());
    setUnifiedTitleAndToolBarOnMac(true);
}

WriterWindow::~WriterWindow()
{
    removeRecoveryFile();
    for (const QPointer<WatcherWindow> &watcher : std::as_const(m_watchers))
        delete watcher.data();
    delete m_writer;
    m_writer = nullptr;
}

QList<WatcherWindow *> WriterWindow::watcherWindows() const
{
    QList<WatcherWindow *> windows;
    for (const QPointer<WatcherWindow> &watcher : m_watchers) {
        if (watcher)
            windows.append(watcher.data());
    }
    return windows;
}

void WriterWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QToolBar *toolBar = addToolBar(tr("File"));
    toolBar->setObjectName(QStringLiteral("fileToolBar"));

    QAction *newAction = new QAction(themeIcon("document-new", "new.svg"), tr("&New"), this);
    newAction->setShortcuts(QKeySequence::New);
    newAction->setStatusTip(tr("Create a new file"));
    connect(newAction, &QAction::triggered, this, &WriterWindow::newFile);
    fileMenu->addAction(newAction);
    toolBar->addAction(newAction);

    QAction *openAction = new QAction(themeIcon("document-open", "open.svg"), tr("&Open…"), this);
    openAction->setShortcuts(QKeySequence::Open);
    openAction->setStatusTip(tr("Open an existing file"));
    connect(openAction, &QAction::triggered, this, &WriterWindow::open);
    fileMenu->addAction(openAction);
    toolBar->addAction(openAction);

    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    for (int i = 0; i < maxRecentFiles; ++i) {
        QAction *action = m_recentMenu->addAction(QString());
        action->setVisible(false);
        connect(action, &QAction::triggered, this, [this, action] {
            if (maybeSave())
                loadFile(action->data().toString());
        });
        m_recentActions.append(action);
    }
    connect(m_recentMenu, &QMenu::aboutToShow, this, &WriterWindow::updateRecentFileActions);

    QAction *saveAction = new QAction(themeIcon("document-save", "save.svg"), tr("&Save"), this);
    saveAction->setShortcuts(QKeySequence::Save);
    saveAction->setStatusTip(tr("Save the document to disk"));
    connect(saveAction, &QAction::triggered, this, &WriterWindow::save);
    fileMenu->addAction(saveAction);
    toolBar->addAction(saveAction);

    QAction *saveAsAction = fileMenu->addAction(themeIcon("document-save-as", "save.svg"),
                                                tr("Save &As…"), this, &WriterWindow::saveAs);
    saveAsAction->setShortcuts(QKeySequence::SaveAs);
    saveAsAction->setStatusTip(tr("Save the document under a new name"));

    fileMenu->addSeparator();
    QAction *quitAction = fileMenu->addAction(themeIcon("application-exit", "quit.svg"),
                                              tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcuts(QKeySequence::Quit);
    quitAction->setStatusTip(tr("Quit CodeStream"));

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    QAction *undoAction = editMenu->addAction(themeIcon("edit-undo", "undo.svg"), tr("&Undo"),
                                              m_editor, &QsciScintilla::undo);
    undoAction->setShortcuts(QKeySequence::Undo);
    QAction *redoAction = editMenu->addAction(themeIcon("edit-redo", "redo.svg"), tr("&Redo"),
                                              m_editor, &QsciScintilla::redo);
    redoAction->setShortcuts(QKeySequence::Redo);
    editMenu->addSeparator();
    QAction *cutAction = editMenu->addAction(themeIcon("edit-cut", "cut.svg"), tr("Cu&t"), m_editor,
                                             &QsciScintilla::cut);
    cutAction->setShortcuts(QKeySequence::Cut);
    QAction *copyAction = editMenu->addAction(themeIcon("edit-copy", "copy.svg"), tr("&Copy"),
                                              m_editor, &QsciScintilla::copy);
    copyAction->setShortcuts(QKeySequence::Copy);
    QAction *pasteAction = editMenu->addAction(themeIcon("edit-paste", "paste.svg"), tr("&Paste"),
                                               m_editor, &QsciScintilla::paste);
    pasteAction->setShortcuts(QKeySequence::Paste);
    QAction *selectAllAction
        = editMenu->addAction(tr("Select &All"), m_editor, [this] { m_editor->selectAll(true); });
    selectAllAction->setShortcuts(QKeySequence::SelectAll);
    // QScintilla handles these keys itself; the menu entries show them.
    for (QAction *action :
         {undoAction, redoAction, cutAction, copyAction, pasteAction, selectAllAction})
        action->setShortcutContext(Qt::WidgetShortcut);
    editMenu->addSeparator();
    QAction *preferencesAction
        = editMenu->addAction(QIcon::fromTheme(QStringLiteral("preferences-system")),
                              tr("Pr&eferences…"), this, &WriterWindow::editPreferences);
    preferencesAction->setObjectName(QStringLiteral("preferencesAction"));
    preferencesAction->setShortcuts(QKeySequence::Preferences);
    preferencesAction->setMenuRole(QAction::PreferencesRole);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *zoomInAction = viewMenu->addAction(themeIcon("zoom-in", "zoom-in.svg"), tr("Zoom &In"),
                                                this, &WriterWindow::zoomIn);
    zoomInAction->setShortcuts(QKeySequence::ZoomIn);
    QAction *zoomOutAction = viewMenu->addAction(themeIcon("zoom-out", "zoom-out.svg"),
                                                 tr("Zoom &Out"), this, &WriterWindow::zoomOut);
    zoomOutAction->setShortcuts(QKeySequence::ZoomOut);
    QAction *zoomResetAction
        = viewMenu->addAction(themeIcon("zoom-original", "zoom-reset.svg"), tr("&Reset Zoom"), this,
                              &WriterWindow::zoomReset);
    zoomResetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));

    QMenu *sessionMenu = menuBar()->addMenu(tr("&Session"));
    QToolBar *sessionBar = addToolBar(tr("Session"));
    sessionBar->setObjectName(QStringLiteral("sessionToolBar"));
    m_hostAction
        = sessionMenu->addAction(themeIcon("network-server", "host.svg"), tr("&Host Session…"),
                                 this, &WriterWindow::hostSessionInteractive);
    m_hostAction->setStatusTip(tr("Stream this document from a server on this computer"));
    sessionBar->addAction(m_hostAction);
    m_streamAction = sessionMenu->addAction(tr("Stream to &Server…"), this,
                                            &WriterWindow::streamToServerInteractive);
    m_streamAction->setStatusTip(tr("Stream this document through a CodeStream server"));
    m_copyLinkAction
        = sessionMenu->addAction(themeIcon("edit-copy", "copy.svg"), tr("&Copy Share Link"), this,
                                 &WriterWindow::copyShareLink);
    m_copyLinkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    sessionBar->addAction(m_copyLinkAction);
    sessionMenu->addSeparator();
    sessionMenu->addAction(tr("&Watch Shared Room…"), this,
                           &WriterWindow::watchSharedRoomInteractive);
    sessionMenu->addSeparator();
    m_stopAction
        = sessionMenu->addAction(themeIcon("process-stop", "stop.svg"), tr("S&top Streaming"), this,
                                 &WriterWindow::stopStreaming);
    sessionBar->addAction(m_stopAction);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About CodeStream"), this, &WriterWindow::about);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    updateStreamingActions();
}

void WriterWindow::createStatusBar()
{
    m_stateLabel = new QLabel(this);
    m_roomLabel = new QLabel(this);
    m_watchersLabel = new QLabel(this);
    m_versionLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_roomLabel);
    statusBar()->addPermanentWidget(m_watchersLabel);
    statusBar()->addPermanentWidget(m_versionLabel);
    statusBar()->addPermanentWidget(m_stateLabel);
    m_stateLabel->setText(connectionStateText(stream::ConnectionState::Idle));
    statusBar()->showMessage(tr("Ready"), 2000);
    m_reconnectTimer.setInterval(1000);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &WriterWindow::updateConnectionLabel);
}

void WriterWindow::createShareDock()
{
    m_shareDock = new QDockWidget(tr("Share"), this);
    m_shareDock->setObjectName(QStringLiteral("shareDock"));
    auto *panel = new QWidget(m_shareDock);
    m_linkEdit = new QLineEdit(panel);
    m_linkEdit->setReadOnly(true);
    m_linkEdit->setPlaceholderText(tr("Host a session to get a share link"));
    auto *copyButton = new QToolButton(panel);
    copyButton->setDefaultAction(m_copyLinkAction);
    m_qrLabel = new QLabel(panel);
    m_qrLabel->setAlignment(Qt::AlignCenter);
    m_qrLabel->setMinimumSize(160, 160);

    auto *row = new QHBoxLayout;
    row->addWidget(m_linkEdit);
    row->addWidget(copyButton);
    auto *layout = new QVBoxLayout(panel);
    layout->addLayout(row);
    layout->addWidget(m_qrLabel, 1);
    layout->addStretch();
    m_shareDock->setWidget(panel);
    addDockWidget(Qt::RightDockWidgetArea, m_shareDock);
    m_shareDock->hide();
}

void WriterWindow::readSettings()
{
    QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("geometry")).toByteArray();
    if (geometry.isEmpty()) {
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1200, 900);
        resize(available.width() * 2 / 3, available.height() * 3 / 4);
    } else {
        restoreGeometry(geometry);
    }
    restoreState(settings.value(QStringLiteral("windowState")).toByteArray());
    m_editor->zoomTo(settings.value(QStringLiteral("zoom"), 0).toInt());
    updateRecentFileActions();
}

void WriterWindow::writeSettings()
{
    QSettings settings;
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("windowState"), saveState());
    settings.setValue(QStringLiteral("zoom"),
                      int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETZOOM)));
}

void WriterWindow::closeEvent(QCloseEvent *event)
{
    if (maybeSave()) {
        writeSettings();
        stopStreaming();
        removeRecoveryFile();
        event->accept();
    } else {
        event->ignore();
    }
}

void WriterWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ThemeChange)
        applyTheme(m_editor);
    QMainWindow::changeEvent(event);
}

bool WriterWindow::hasUnsavedChanges() const
{
    return m_editor->isModified() || m_restoredUnsaved;
}

bool WriterWindow::maybeSave()
{
    if (!hasUnsavedChanges())
        return true;
    const QMessageBox::StandardButton answer = QMessageBox::warning(
        this, tr("CodeStream"),
        tr("The document has been modified.\nDo you want to save your changes?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    switch (answer) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Cancel:
        return false;
    default:
        break;
    }
    return true;
}

void WriterWindow::newFile()
{
    if (!maybeSave())
        return;
    m_large = false;
    m_document->load(QString(), false);
    setCurrentFile(QString());
    removeRecoveryFile();
}

void WriterWindow::open()
{
    if (!maybeSave())
        return;
    const QString fileName = QFileDialog::getOpenFileName(this, tr("Open File"));
    if (!fileName.isEmpty())
        loadFile(fileName);
}

bool WriterWindow::save()
{
    return m_currentFile.isEmpty() ? saveAs() : saveFile(m_currentFile);
}

bool WriterWindow::saveAs()
{
    QFileDialog dialog(this, tr("Save File As"));
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    if (!m_currentFile.isEmpty())
        dialog.selectFile(m_currentFile);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    return saveFile(dialog.selectedFiles().constFirst());
}

bool WriterWindow::loadFile(const QString &fileName, QString *error)
{
    QFile file(fileName);
    if (!file.open(QFile::ReadOnly)) {
        const QString message = tr("Cannot read file %1:\n%2.")
                                    .arg(QDir::toNativeSeparators(fileName), file.errorString());
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("CodeStream"), message);
        return false;
    }
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    const QByteArray bytes = file.readAll();
    m_large = bytes.size() > largeDocumentBytes;
    m_document->load(QString::fromUtf8(bytes), m_large);
    QGuiApplication::restoreOverrideCursor();

    setCurrentFile(fileName);
    prependToRecentFiles(fileName);
    removeRecoveryFile();
    statusBar()->showMessage(tr("File loaded"), 2000);
    return true;
}

bool WriterWindow::saveFile(const QString &fileName, QString *error)
{
    QString message;
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    QSaveFile file(fileName);
    if (file.open(QFile::WriteOnly)) {
        const qint64 size = m_document->byteLength();
        const auto *data = reinterpret_cast<const char *>(
            m_editor->SendScintillaPtrResult(QsciScintillaBase::SCI_GETCHARACTERPOINTER));
        if (file.write(data, size) != size || !file.commit())
            message = tr("Cannot write file %1:\n%2.")
                          .arg(QDir::toNativeSeparators(fileName), file.errorString());
    } else {
        message = tr("Cannot open file %1 for writing:\n%2.")
                      .arg(QDir::toNativeSeparators(fileName), file.errorString());
    }
    QGuiApplication::restoreOverrideCursor();

    if (!message.isEmpty()) {
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("CodeStream"), message);
        return false;
    }
    m_editor->setModified(false);
    setCurrentFile(fileName);
    prependToRecentFiles(fileName);
    removeRecoveryFile();
    statusBar()->showMessage(tr("File saved"), 2000);
    return true;
}

void WriterWindow::setCurrentFile(const QString &fileName)
{
    m_currentFile = fileName;
    m_editor->setModified(false);
    m_restoredUnsaved = false;
    setWindowModified(false);
    setWindowFilePath(fileName.isEmpty() ? tr("untitled.txt") : fileName);
    setLanguage(fileName.isEmpty() ? QStringLiteral("plaintext") : languageIdForFileName(fileName));
}

void WriterWindow::setLanguage(const QString &languageId)
{
    m_languageId = languageId;
    applyLanguage(m_editor, languageId, m_large);
    if (m_writer)
        m_writer->setMeta(m_languageId, title());
}

QString WriterWindow::title() const
{
    return m_currentFile.isEmpty() ? tr("untitled.txt") : QFileInfo(m_currentFile).fileName();
}

void WriterWindow::prependToRecentFiles(const QString &fileName)
{
    QSettings settings;
    QStringList files = settings.value(recentFilesKey()).toStringList();
    const QString absolute = QFileInfo(fileName).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > maxRecentFiles)
        files.removeLast();
    settings.setValue(recentFilesKey(), files);
}

void WriterWindow::updateRecentFileActions()
{
    const QStringList files = QSettings().value(recentFilesKey()).toStringList();
    for (int i = 0; i < m_recentActions.size(); ++i) {
        QAction *action = m_recentActions.at(i);
        if (i < files.size()) {
            const QString &file = files.at(i);
            action->setText(tr("&%1 %2").arg(i + 1).arg(QFileInfo(file).fileName()));
            action->setData(file);
            action->setStatusTip(QDir::toNativeSeparators(file));
            action->setVisible(true);
        } else {
            action->setVisible(false);
        }
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void WriterWindow::about()
{
    QMessageBox::about(this, tr("About CodeStream"),
                       tr("<b>CodeStream</b> %1<br>Live-stream code from one writer to many "
                          "read-only watchers, on the desktop and in the browser.")
                           .arg(QCoreApplication::applicationVersion()));
}

void WriterWindow::zoomIn()
{
    m_editor->zoomIn();
}

void WriterWindow::zoomOut()
{
    m_editor->zoomOut();
}

void WriterWindow::zoomReset()
{
    m_editor->zoomTo(0);
}

bool WriterWindow::hostSession(const QHostAddress &bindAddress, quint16 port, QString *error)
{
    stopStreaming();
    QString lastError;
    const int attempts = port == 0 ? 1 : maxPortAttempts;
    for (int attempt = 0; attempt < attempts && int(port) + attempt <= 65535; ++attempt) {
        server::EmbeddedServerOptions options;
        options.bindAddress = bindAddress;
        options.port = quint16(port == 0 ? 0 : port + attempt);
        auto candidate = std::make_unique<server::EmbeddedServer>(options);
        if (candidate->start(&lastError)) {
            m_server = std::move(candidate);
            break;
        }
    }
    if (!m_server) {
        const QString message = tr("Cannot host a session: %1").arg(lastError);
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("CodeStream"), message);
        return false;
    }
    connect(m_server.get(), &server::EmbeddedServer::errorOccurred, this,
            [this](const QString &detail) {
                statusBar()->showMessage(tr("Server: %1").arg(detail), 5000);
            });
    m_networkShare
        = bindAddress != QHostAddress(QHostAddress::LocalHost) && !bindAddress.isLoopback();
    startWriter(m_server->origin());
    return true;
}

void WriterWindow::streamToServer(const QUrl &origin)
{
    stopStreaming();
    m_networkShare = false;
    startWriter(origin);
}

void WriterWindow::startWriter(const QUrl &origin)
{
    m_linkAnnounced = false;
    m_document->flush();
    m_writer = new stream::StreamWriter(m_document, this);
    m_writer->setFlushInterval(m_preferences.flushIntervalMs);
    m_writer->setReconnectionDelayMax(m_preferences.reconnectMaxDelayMs);
    connect(m_writer, &stream::StreamWriter::shareLinkChanged, this,
            &WriterWindow::onShareLinkChanged);
    connect(m_writer, &stream::StreamWriter::connectionStateChanged, this,
            &WriterWindow::onConnectionStateChanged);
    connect(m_writer, &stream::StreamWriter::watcherCountChanged, this, [this](int watchers) {
        m_watchersLabel->setText(tr("%n watcher(s)", nullptr, watchers));
    });
    connect(m_writer, &stream::StreamWriter::versionChanged, this,
            [this](qint64 version) { m_versionLabel->setText(tr("Version %1").arg(version)); });
    connect(m_writer, &stream::StreamWriter::errorOccurred, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    m_writer->setMeta(m_languageId, title());
    m_watchersLabel->setText(tr("%n watcher(s)", nullptr, 0));
    m_versionLabel->clear();
    m_roomLabel->clear();
    updateStreamingActions();
    m_writer->start(origin);
}

void WriterWindow::stopStreaming()
{
    if (m_writer) {
        m_document->flush();
        m_writer->stop();
        m_writer->deleteLater();
        m_writer = nullptr;
    }
    if (m_server) {
        m_server->stop();
        m_server.reset();
    }
    m_shareLink.clear();
    m_linkEdit->clear();
    m_qrLabel->clear();
    m_roomLabel->clear();
    m_watchersLabel->clear();
    m_versionLabel->clear();
    m_reconnectTimer.stop();
    onConnectionStateChanged(stream::ConnectionState::Idle);
    m_shareDock->hide();
    updateStreamingActions();
}

void WriterWindow::onShareLinkChanged(const QUrl &link)
{
    if (link.isEmpty())
        return;
    QUrl shared = link;
    if (m_networkShare && shared.host() != lanAddress().toString()
        && QHostAddress(shared.host()).isLoopback())
        shared.setHost(lanAddress().toString());
    m_shareLink = shared;
    m_linkEdit->setText(shared.toString());
    m_linkEdit->setCursorPosition(0);
    m_qrLabel->setPixmap(QPixmap::fromImage(qrCodeImage(shared.toString(), 4)));
    m_roomLabel->setText(tr("Room %1").arg(shared.fragment()));
    m_shareDock->show();
    updateStreamingActions();
    if (!m_linkAnnounced) {
        m_linkAnnounced = true;
        emit shareLinkReady(shared);
    }
}

void WriterWindow::onConnectionStateChanged(stream::ConnectionState state)
{
    m_connectionState = state;
    if (state == stream::ConnectionState::Reconnecting && m_writer && !m_preferences.reconnect) {
        // Reconnecting is turned off in the preferences.
        QTimer::singleShot(0, this, [this] {
            if (m_connectionState != stream::ConnectionState::Reconnecting)
                return;
            stopStreaming();
            statusBar()->showMessage(
                tr("The connection dropped; streaming stopped (reconnecting is off)."), 8000);
        });
    }
    if (state == stream::ConnectionState::Reconnecting) {
        if (!m_reconnectTimer.isActive()) {
            m_offlineSince.start();
            m_reconnectTimer.start();
        }
    } else {
        m_reconnectTimer.stop();
    }
    updateConnectionLabel();
}

QString WriterWindow::connectionText() const
{
    return m_stateLabel->text();
}

void WriterWindow::updateConnectionLabel()
{
    QString text = connectionStateText(m_connectionState);
    if (m_reconnectTimer.isActive()) {
        text
            = tr("Reconnecting… (offline for %n s)", nullptr, int(m_offlineSince.elapsed() / 1000));
    }
    m_stateLabel->setText(text);
}

void WriterWindow::updateStreamingActions()
{
    m_stopAction->setEnabled(m_writer != nullptr);
    m_copyLinkAction->setEnabled(!m_shareLink.isEmpty());
}

void WriterWindow::copyShareLink()
{
    if (m_shareLink.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_shareLink.toString());
    statusBar()->showMessage(tr("Share link copied"), 2000);
}

void WriterWindow::onEditorChange(const EditorChange &change)
{
    if (!m_writer)
        return;
    stream::ContentChangeEvent event;
    event.changes = {change.toTextChange()};
    event.eol = m_document->eol();
    event.isUndoing = change.isUndoing;
    event.isRedoing = change.isRedoing;
    m_writer->recordEvent(event);
}

void WriterWindow::sendCursor()
{
    if (!m_writer || m_cursorScheduled)
        return;
    m_cursorScheduled = true;
    // After the edit's own report (a pending insertion is reported on the next loop turn).
    QTimer::singleShot(0, this, [this] {
        m_cursorScheduled = false;
        if (!m_writer)
            return;
        m_document->flush();
        QList<stream::Selection> selections;
        const long count = m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONS);
        for (long i = 0; i < count; ++i) {
            const MonacoPosition anchor = m_document->positionOfByte(m_editor->SendScintilla(
                QsciScintillaBase::SCI_GETSELECTIONNANCHOR, static_cast<unsigned long>(i)));
            const MonacoPosition caret = m_document->positionOfByte(m_editor->SendScintilla(
                QsciScintillaBase::SCI_GETSELECTIONNCARET, static_cast<unsigned long>(i)));
            selections.append({anchor.line, anchor.column, caret.line, caret.column});
        }
        m_writer->setCursor(selections);
    });
}

void WriterWindow::hostSessionInteractive()
{
    HostSessionDialog dialog(this);
    dialog.setPort(m_preferences.defaultPort);
    dialog.setAllowNetwork(m_preferences.allowNetwork);
    if (dialog.exec() != QDialog::Accepted)
        return;
    hostSession(dialog.bindAddress(), dialog.port());
}

void WriterWindow::streamToServerInteractive()
{
    QSettings settings;
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, tr("Stream to Server"), tr("Server address (e.g. https://example.com):"),
        QLineEdit::Normal, settings.value(QStringLiteral("stream/origin")).toString(), &ok);
    if (!ok || text.trimmed().isEmpty())
        return;
    const QUrl origin = QUrl::fromUserInput(text.trimmed());
    if (!origin.isValid() || (origin.scheme() != u"http" && origin.scheme() != u"https")) {
        QMessageBox::warning(this, tr("CodeStream"),
                             tr("“%1” is not an http or https address.").arg(text));
        return;
    }
    settings.setValue(QStringLiteral("stream/origin"), origin.toString());
    streamToServer(stream::originOf(origin));
}

WatcherWindow *WriterWindow::watchSharedRoom(const QString &link, QString *error)
{
    const auto parsed = stream::parseShareLink(link);
    if (!parsed) {
        const QString message
            = tr("“%1” is not a share link. A share link looks like http://host:3000/#room.")
                  .arg(link);
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("CodeStream"), message);
        return nullptr;
    }
    auto *window = new WatcherWindow(parsed->toUrl());
    window->setAttribute(Qt::WA_DeleteOnClose);
    m_watchers.append(window);
    window->show();
    return window;
}

WatcherWindow *WriterWindow::watchSharedRoomInteractive()
{
    QString suggestion = QGuiApplication::clipboard()->text().trimmed();
    if (!stream::parseShareLink(suggestion))
        suggestion.clear();
    bool ok = false;
    const QString link = QInputDialog::getText(this, tr("Watch Shared Room"), tr("Share link:"),
                                               QLineEdit::Normal, suggestion, &ok);
    if (ok && !link.trimmed().isEmpty())
        return watchSharedRoom(link.trimmed());
    return nullptr;
}

void WriterWindow::editPreferences()
{
    PreferencesDialog dialog(this);
    dialog.setPreferences(m_preferences);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Preferences chosen = dialog.preferences();
    chosen.save();
    applyPreferencesEverywhere(chosen);
}

void WriterWindow::applyPreferences(const Preferences &preferences)
{
    m_preferences = preferences;
    applyTabWidth(m_editor, preferences.tabWidth);
    applyEditorFont(m_editor);
    if (m_writer) {
        m_writer->setFlushInterval(preferences.flushIntervalMs);
        m_writer->setReconnectionDelayMax(preferences.reconnectMaxDelayMs);
    }
}

QString WriterWindow::recoveryDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/recovery");
}

QString WriterWindow::recoveryFileName() const
{
    return recoveryDirectory() + u'/' + m_recoveryId + recoverySuffix();
}

void WriterWindow::setAutosaveInterval(int ms)
{
    m_autosaveTimer.setInterval(ms);
}

bool WriterWindow::autosave()
{
    if (!hasUnsavedChanges()) {
        removeRecoveryFile();
        return false;
    }
    if (!m_autosaveDirty && QFile::exists(recoveryFileName()))
        return true;
    m_document->flush();
    if (!QDir().mkpath(recoveryDirectory()))
        return false;
    if (!m_recoveryLock) {
        m_recoveryLock
            = std::make_unique<QLockFile>(recoveryDirectory() + u'/' + m_recoveryId + u".lock");
        m_recoveryLock->setStaleLockTime(0);
        if (!m_recoveryLock->tryLock(0)) {
            m_recoveryLock.reset();
            return false;
        }
    }
    QSaveFile file(recoveryFileName());
    if (!file.open(QFile::WriteOnly))
        return false;
    const qint64 size = m_document->byteLength();
    const auto *data = reinterpret_cast<const char *>(
        m_editor->SendScintillaPtrResult(QsciScintillaBase::SCI_GETCHARACTERPOINTER));
    file.write(recoveryMagic.data(), recoveryMagic.size());
    file.write(m_currentFile.toUtf8().toPercentEncoding() + '\n');
    if (file.write(data, size) != size || !file.commit())
        return false;
    m_autosaveDirty = false;
    return true;
}

void WriterWindow::removeRecoveryFile()
{
    m_autosaveDirty = false;
    if (m_recoveryId.isEmpty())
        return;
    QFile::remove(recoveryFileName());
    if (m_recoveryLock) {
        m_recoveryLock->unlock();
        m_recoveryLock.reset();
    }
}

int WriterWindow::offerRecovery()
{
    const QDir directory(recoveryDirectory());
    const QStringList files
        = directory.entryList({u'*' + recoverySuffix()}, QDir::Files, QDir::Time | QDir::Reversed);
    int restored = 0;
    for (const QString &name : files) {
        const QString path = directory.filePath(name);
        if (path == recoveryFileName())
            continue;
        // A window that is still open (in this or another running process) holds the lock.
        QLockFile lock(path.chopped(recoverySuffix().size()) + QStringLiteral(".lock"));
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue;
        const std::optional<RecoveredDocument> document = readRecoveryFile(path);
        if (document) {
            const QString shown = document->fileName.isEmpty()
                ? tr("an untitled document")
                : QDir::toNativeSeparators(document->fileName);
            const QMessageBox::StandardButton answer = QMessageBox::question(
                this, tr("Recover Unsaved Changes"),
                tr("CodeStream did not close properly. Unsaved changes to %1 were kept.\n"
                   "Do you want to recover them?")
                    .arg(shown),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
            if (answer == QMessageBox::Yes) {
                WriterWindow *target = this;
                if (restored > 0 || hasUnsavedChanges()) {
                    target = new WriterWindow;
                    target->setAttribute(Qt::WA_DeleteOnClose);
                    target->show();
                }
                target->restoreRecovered(document->fileName, document->text);
                ++restored;
            }
        }
        QFile::remove(path);
        lock.unlock();
    }
    return restored;
}

void WriterWindow::restoreRecovered(const QString &fileName, const QString &text)
{
    m_large = text.size() > largeDocumentBytes;
    m_document->load(text, m_large);
    setCurrentFile(fileName);
    m_restoredUnsaved = true;
    setWindowModified(true);
    m_autosaveDirty = true;
    autosave();
    statusBar()->showMessage(tr("Unsaved changes recovered"), 5000);
}

} // namespace ui
