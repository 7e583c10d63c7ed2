#include "writerwindow.h"

#include "editoractions.h"
#include "editorsetup.h"
#include "hostsessiondialog.h"
#include "languages.h"
#include "preferencesdialog.h"
#include "recentfilesmenu.h"
#include "scintilladocument.h"
#include "sessionrecorder.h"
#include "sharepanel.h"
#include "streamstatuswidget.h"
#include "streamtoserverdialog.h"
#include "watcherwindow.h"
#include "windowregistry.h"

#include "stream/sharelink.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <Qsci/qsciscintilla.h>

namespace ui {

namespace {

// Returns the message in `error`, or without `error` shows it in a message box over `parent`.
void reportError(QWidget *parent, const QString &message, QString *error)
{
    if (error)
        *error = message;
    else
        QMessageBox::warning(parent, WriterWindow::tr("CodeStream"), message);
}

} // namespace

WriterWindow::WriterWindow(WindowRegistry *registry, QWidget *parent)
    : QMainWindow(parent)
    , m_editor(new QsciScintilla(this))
    , m_registry(registry)
{
    setAttribute(Qt::WA_DeleteOnClose, false);
    configureEditor(m_editor);
    m_document = new ScintillaDocument(m_editor, this);
    setCentralWidget(m_editor);
    m_streaming = new StreamingController(m_document, this);
    m_recovery = new RecoveryStorage(this);

    m_sharePanel = new SharePanel(this);
    addDockWidget(Qt::RightDockWidgetArea, m_sharePanel);
    createActions();
    createStatusBar();
    readSettings();
    m_preferences = Preferences::load();
    setEditorFont(m_preferences.font);
    applyPreferences(m_preferences);

    connect(m_editor, &QsciScintilla::modificationChanged, this,
            [this](bool modified) { setWindowModified(modified || m_restoredUnsaved); });
    connect(m_document, &ScintillaDocument::changed, m_recovery, &RecoveryStorage::markChanged);
    connect(m_document, &ScintillaDocument::documentReplaced, this, [this](bool large) {
        m_large = large;
        applyLanguage(m_editor, m_languageId, large);
    });
    connect(m_streaming, &StreamingController::streamingChanged, m_stopAction,
            &QAction::setEnabled);
    connect(m_streaming, &StreamingController::shareLinkChanged, m_sharePanel,
            &SharePanel::setShareLink);
    connect(m_sharePanel, &SharePanel::linkCopied, this,
            [this] { statusBar()->showMessage(tr("Share link copied"), 2000); });
    connect(m_streaming, &StreamingController::shareLinkReady, this, &WriterWindow::shareLinkReady);
    connect(m_streaming, &StreamingController::errorOccurred, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });

    setCurrentFile(QString());
    setUnifiedTitleAndToolBarOnMac(true);
}

WriterWindow::~WriterWindow()
{
    // The stream writer reads the document: it goes before the document does.
    delete m_streaming;
    m_streaming = nullptr;
}

WindowRegistry *WriterWindow::windowRegistry()
{
    if (!m_registry)
        m_registry = new WindowRegistry(this);
    return m_registry;
}

void WriterWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QToolBar *toolBar = addToolBar(tr("File"));
    toolBar->setObjectName(QStringLiteral("fileToolBar"));

    QAction *newAction = fileMenu->addAction(themeIcon("document-new", "new.svg"), tr("&New"), this,
                                             &WriterWindow::newFile);
    newAction->setShortcuts(QKeySequence::New);
    newAction->setStatusTip(tr("Create a new file"));
    toolBar->addAction(newAction);

    QAction *openAction = fileMenu->addAction(themeIcon("document-open", "open.svg"), tr("&Open…"),
                                              this, &WriterWindow::open);
    openAction->setShortcuts(QKeySequence::Open);
    openAction->setStatusTip(tr("Open an existing file"));
    toolBar->addAction(openAction);
    fileMenu->addAction(tr("Open &Recording…"), this,
                        [this] { windowRegistry()->openPlayerWindowInteractive(this); });

    auto *recentMenu = new RecentFilesMenu(fileMenu);
    fileMenu->addMenu(recentMenu);
    connect(recentMenu, &RecentFilesMenu::fileTriggered, this, [this](const QString &fileName) {
        if (maybeSave())
            loadFile(fileName);
    });

    QAction *saveAction = fileMenu->addAction(themeIcon("document-save", "save.svg"), tr("&Save"),
                                              this, &WriterWindow::save);
    saveAction->setShortcuts(QKeySequence::Save);
    saveAction->setStatusTip(tr("Save the document to disk"));
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
    EditorActions::addEditActions(editMenu, m_editor);
    editMenu->addSeparator();
    QAction *preferencesAction
        = editMenu->addAction(QIcon::fromTheme(QStringLiteral("preferences-system")),
                              tr("Pr&eferences…"), this, &WriterWindow::editPreferences);
    preferencesAction->setObjectName(QStringLiteral("preferencesAction"));
    preferencesAction->setShortcuts(QKeySequence::Preferences);
    preferencesAction->setMenuRole(QAction::PreferencesRole);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    EditorActions::addZoomActions(viewMenu, m_editor);

    QMenu *sessionMenu = menuBar()->addMenu(tr("&Session"));
    QToolBar *sessionBar = addToolBar(tr("Session"));
    sessionBar->setObjectName(QStringLiteral("sessionToolBar"));
    QAction *hostAction
        = sessionMenu->addAction(themeIcon("network-server", "host.svg"), tr("&Host Session…"),
                                 this, &WriterWindow::hostSessionInteractive);
    hostAction->setStatusTip(tr("Stream this document from a server on this computer"));
    sessionBar->addAction(hostAction);
    QAction *streamAction = sessionMenu->addAction(tr("Stream to &Server…"), this,
                                                   &WriterWindow::streamToServerInteractive);
    streamAction->setStatusTip(tr("Stream this document through a CodeStream server"));
    sessionMenu->addAction(m_sharePanel->copyAction());
    sessionMenu->addAction(m_sharePanel->copyWithoutKeyAction());
    sessionBar->addAction(m_sharePanel->copyAction());
    sessionMenu->addSeparator();
    sessionMenu->addAction(tr("&Watch Shared Room…"), this,
                           &WriterWindow::watchSharedRoomInteractive);
    sessionMenu->addSeparator();
    m_stopAction
        = sessionMenu->addAction(themeIcon("process-stop", "stop.svg"), tr("S&top Streaming"), this,
                                 &WriterWindow::stopStreaming);
    m_stopAction->setEnabled(false);
    sessionBar->addAction(m_stopAction);
    m_sessionRecorder = SessionRecorder::forWriter(this);
    sessionMenu->addAction(m_sessionRecorder->action());
    connect(m_sessionRecorder, &SessionRecorder::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About CodeStream"), this, &WriterWindow::about);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void WriterWindow::createStatusBar()
{
    statusBar()->addPermanentWidget(new StreamStatusWidget(m_streaming, this));
    statusBar()->showMessage(tr("Ready"), 2000);
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
        m_recovery->removeRecoveryFile();
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
    m_recovery->removeRecoveryFile();
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
        reportError(this,
                    tr("Cannot read file %1:\n%2.")
                        .arg(QDir::toNativeSeparators(fileName), file.errorString()),
                    error);
        return false;
    }
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    const QByteArray bytes = file.readAll();
    m_large = bytes.size() > largeDocumentBytes;
    m_document->load(QString::fromUtf8(bytes), m_large);
    QGuiApplication::restoreOverrideCursor();

    setCurrentFile(fileName);
    RecentFilesMenu::addFile(fileName);
    m_recovery->removeRecoveryFile();
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
        reportError(this, message, error);
        return false;
    }
    m_editor->setModified(false);
    setCurrentFile(fileName);
    RecentFilesMenu::addFile(fileName);
    m_recovery->removeRecoveryFile();
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
    setLanguage(stream::languageForFileName(fileName));
}

void WriterWindow::setLanguage(const QString &languageId)
{
    m_languageId = languageId;
    applyLanguage(m_editor, languageId, m_large);
    m_streaming->setMeta(m_languageId, title());
}

QString WriterWindow::title() const
{
    return m_currentFile.isEmpty() ? tr("untitled.txt") : QFileInfo(m_currentFile).fileName();
}

void WriterWindow::about()
{
    QMessageBox::about(this, tr("About CodeStream"),
                       tr("<b>CodeStream</b> %1<br>Live-stream code from one writer to many "
                          "read-only watchers, on the desktop and in the browser.")
                           .arg(QCoreApplication::applicationVersion()));
}

bool WriterWindow::hostSession(const QHostAddress &bindAddress, quint16 port, QString *error)
{
    QString message;
    if (m_streaming->host(bindAddress, port, &message))
        return true;
    reportError(this, message, error);
    return false;
}

void WriterWindow::hostSessionInteractive()
{
    HostSessionDialog dialog(this);
    dialog.setPort(m_preferences.defaultPort);
    dialog.setAllowNetwork(m_preferences.allowNetwork);
    dialog.setEncrypt(m_preferences.encrypt);
    if (dialog.exec() != QDialog::Accepted)
        return;
    rememberEncrypt(dialog.encrypt());
    hostSession(dialog.bindAddress(), dialog.port());
}

void WriterWindow::streamToServerInteractive()
{
    QSettings settings;
    StreamToServerDialog dialog(this);
    dialog.setAddress(settings.value(QStringLiteral("stream/origin")).toString());
    dialog.setEncrypt(m_preferences.encrypt);
    if (dialog.exec() != QDialog::Accepted || dialog.address().trimmed().isEmpty())
        return;
    const QString text = dialog.address();
    const QUrl origin = QUrl::fromUserInput(text.trimmed());
    if (!origin.isValid() || (origin.scheme() != u"http" && origin.scheme() != u"https")) {
        QMessageBox::warning(this, tr("CodeStream"),
                             tr("“%1” is not an http or https address.").arg(text));
        return;
    }
    settings.setValue(QStringLiteral("stream/origin"), origin.toString());
    rememberEncrypt(dialog.encrypt());
    streamToServer(stream::originOf(origin));
}

void WriterWindow::rememberEncrypt(bool encrypt)
{
    if (encrypt == m_preferences.encrypt)
        return;
    Preferences chosen = m_preferences;
    chosen.encrypt = encrypt;
    chosen.save();
    applyPreferencesEverywhere(chosen);
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
    m_streaming->applyPreferences(preferences);
}

void WriterWindow::restoreRecovered(const QString &fileName, const QString &text)
{
    m_large = text.size() > largeDocumentBytes;
    m_document->load(text, m_large);
    setCurrentFile(fileName);
    m_restoredUnsaved = true;
    setWindowModified(true);
    m_recovery->markChanged();
    m_recovery->autosave();
    statusBar()->showMessage(tr("Unsaved changes recovered"), 5000);
}

} // namespace ui
