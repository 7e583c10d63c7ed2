#include "watcherwindow.h"

#include "editorsetup.h"
#include "liverewind.h"
#include "preferences.h"
#include "rewindbar.h"
#include "scintilladocument.h"
#include "sessionrecorder.h"
#include "workspacetabs.h"
#include "writercursor.h"
#include "writerwindow.h"

#include "stream/streamwatcher.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <Qsci/qsciscintilla.h>

namespace ui {

namespace {

QString watcherStateText(stream::WatcherState state)
{
    switch (state) {
    case stream::WatcherState::Connecting:
        return WatcherWindow::tr("Connecting");
    case stream::WatcherState::Live:
        return WatcherWindow::tr("Live");
    case stream::WatcherState::Resyncing:
        return WatcherWindow::tr("Resyncing");
    case stream::WatcherState::Disconnected:
        return WatcherWindow::tr("Disconnected");
    }
    return {};
}

} // namespace

WatcherWindow::WatcherWindow(const QUrl &shareLink, QWidget *parent)
    : QMainWindow(parent)
    , m_editor(new QsciScintilla(this))
    , m_shareLink(shareLink)
{
    configureEditor(m_editor);
    m_editor->setReadOnly(true);
    m_editor->setCaretLineVisible(false);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETUNDOCOLLECTION, 0UL);
    prepareWriterCursor(m_editor);
    // The key banner above the editor, or in its place when there is nothing to show.
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_keyBanner = new QLabel(central);
    m_keyBanner->setObjectName(QStringLiteral("keyBanner"));
    m_keyBanner->setWordWrap(true);
    m_keyBanner->setAlignment(Qt::AlignCenter);
    m_keyBanner->setMargin(16);
    m_keyBanner->setFrameShape(QFrame::StyledPanel);
    m_keyBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bannerFont = m_keyBanner->font();
    bannerFont.setBold(true);
    bannerFont.setPointSizeF(bannerFont.pointSizeF() * 1.25);
    m_keyBanner->setFont(bannerFont);
    m_keyBanner->hide();
    layout->addWidget(m_keyBanner);
    layout->addWidget(m_editor, 1);
    setCentralWidget(central);

    m_document = new ScintillaDocument(m_editor, this);
    connect(m_document, &ScintillaDocument::documentReplaced, this,
            [this](bool large) { applyLanguage(m_editor, m_languageId, large); });
    m_watcher = new stream::StreamWatcher(m_document, this);
    connect(m_watcher, &stream::StreamWatcher::stateChanged, this, &WatcherWindow::onStateChanged);
    connect(m_watcher, &stream::StreamWatcher::metaChanged, this, &WatcherWindow::onMetaChanged);
    connect(m_watcher, &stream::StreamWatcher::cursorChanged, this,
            &WatcherWindow::onCursorChanged);
    connect(m_watcher, &stream::StreamWatcher::versionChanged, this,
            [this](qint64 version) { m_versionLabel->setText(tr("Version %1").arg(version)); });
    connect(m_watcher, &stream::StreamWatcher::documentChanged, this,
            &WatcherWindow::paintWriterCursor);
    connect(m_watcher, &stream::StreamWatcher::errorOccurred, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(m_watcher, &stream::StreamWatcher::keyStateChanged, this,
            &WatcherWindow::onKeyStateChanged);
    // A workspace stream (docs/protocol.md §14) shows its files in tabs instead of the editor.
    m_workspace = new WorkspaceTabs(m_watcher, m_editor, central);
    layout->addWidget(m_workspace, 1);
    connect(m_workspace, &WorkspaceTabs::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    // The history is that of room R, the writer's active document: while rewound its view takes
    // the place of the tabs too.
    m_rewind = new LiveRewind(m_watcher, m_document, this);
    layout->addWidget(m_rewind->historyView(), 1);
    layout->addWidget(m_rewind->bar());
    connect(m_rewind, &LiveRewind::rewoundChanged, this, [this](bool rewound) {
        const bool tabs = m_workspace->isShowingWorkspace();
        m_workspace->setVisible(!rewound && tabs);
        m_editor->setVisible(!rewound && !tabs);
    });

    createActions();
    m_stateLabel = new QLabel(this);
    m_versionLabel = new QLabel(this);
    m_lockLabel = new QLabel(this);
    m_lockLabel->setObjectName(QStringLiteral("encryptionLock"));
    m_lockLabel->setWordWrap(true);
    m_lockLabel->hide();
    statusBar()->addPermanentWidget(m_lockLabel);
    statusBar()->addPermanentWidget(m_versionLabel);
    statusBar()->addPermanentWidget(m_stateLabel);
    onStateChanged(stream::WatcherState::Connecting);
    const Preferences preferences = Preferences::load();
    applyTabWidth(m_editor, preferences.tabWidth);
    m_workspace->applyTabWidth(preferences.tabWidth);
    m_watcher->setReconnectionDelayMax(preferences.reconnectMaxDelayMs);
    m_rewind->applyPreferences(preferences);
    if (!restoreGeometry(QSettings().value(QStringLiteral("watcher/geometry")).toByteArray()))
        resize(800, 600);
    m_watcher->start(shareLink);
    if (m_watcher->isEncrypted()) {
        m_lockLabel->setText(tr("🔒 Encrypted"));
        m_lockLabel->setToolTip(tr("End-to-end encrypted: the server relays the stream without "
                                   "being able to read it"));
        m_lockLabel->show();
    }
}

WatcherWindow::~WatcherWindow()
{
    // Stopped, the watcher writes no more into the documents (R's and the workspace tabs').
    m_watcher->stop();
}

void WatcherWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *saveAction
        = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("document-save-as"),
                                               QIcon(QStringLiteral(":/ui/icons/save.svg"))),
                              tr("Save a &Copy…"), this, &WatcherWindow::saveCopyInteractive);
    saveAction->setShortcuts(QKeySequence::Save);
    fileMenu->addSeparator();
    QAction *closeAction = fileMenu->addAction(tr("&Close"), this, &QWidget::close);
    closeAction->setShortcuts(QKeySequence::Close);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    QAction *copyAction = editMenu->addAction(tr("&Copy"), this, [this] { shownEditor()->copy(); });
    copyAction->setShortcuts(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    QAction *selectAllAction
        = editMenu->addAction(tr("Select &All"), this, [this] { shownEditor()->selectAll(true); });
    selectAllAction->setShortcuts(QKeySequence::SelectAll);
    selectAllAction->setShortcutContext(Qt::WidgetShortcut);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    m_followAction = viewMenu->addAction(tr("&Follow Writer"));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(m_followWriter);
    connect(m_followAction, &QAction::toggled, this, &WatcherWindow::setFollowWriter);
    m_cursorAction = viewMenu->addAction(tr("Show Writer's &Cursor"));
    m_cursorAction->setCheckable(true);
    m_cursorAction->setChecked(m_showWriterCursor);
    connect(m_cursorAction, &QAction::toggled, this, &WatcherWindow::setShowWriterCursor);
    viewMenu->addSeparator();
    QAction *zoomIn = viewMenu->addAction(tr("Zoom &In"), m_editor, [this] { m_editor->zoomIn(); });
    zoomIn->setShortcuts(QKeySequence::ZoomIn);
    QAction *zoomOut
        = viewMenu->addAction(tr("Zoom &Out"), m_editor, [this] { m_editor->zoomOut(); });
    zoomOut->setShortcuts(QKeySequence::ZoomOut);
    viewMenu->addSeparator();
    viewMenu->addActions(m_rewind->actions());

    viewMenu->addAction(m_workspace->followAction());
    QToolBar *toolBar = addToolBar(tr("View"));
    toolBar->setObjectName(QStringLiteral("watcherToolBar"));
    toolBar->addAction(m_workspace->followAction());
    toolBar->addAction(m_followAction);
    toolBar->addAction(m_cursorAction);

    m_sessionRecorder = SessionRecorder::forWatcher(this);
    fileMenu->insertAction(closeAction, m_sessionRecorder->action());
    toolBar->addAction(m_sessionRecorder->action());
    connect(m_sessionRecorder, &SessionRecorder::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
}

QString WatcherWindow::stateText() const
{
    return m_stateText;
}

void WatcherWindow::setFollowWriter(bool follow)
{
    m_followWriter = follow;
    m_document->setKeepScrollPosition(!follow);
    if (m_followAction->isChecked() != follow)
        m_followAction->setChecked(follow);
    paintWriterCursor();
}

void WatcherWindow::setShowWriterCursor(bool show)
{
    m_showWriterCursor = show;
    if (m_cursorAction->isChecked() != show)
        m_cursorAction->setChecked(show);
    paintWriterCursor();
}

void WatcherWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ThemeChange)
        applyTheme(m_editor);
    QMainWindow::changeEvent(event);
}

void WatcherWindow::closeEvent(QCloseEvent *event)
{
    QSettings().setValue(QStringLiteral("watcher/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

void WatcherWindow::applyPreferences(const Preferences &preferences)
{
    applyTabWidth(m_editor, preferences.tabWidth);
    applyEditorFont(m_editor);
    m_workspace->applyTabWidth(preferences.tabWidth);
    m_watcher->setReconnectionDelayMax(preferences.reconnectMaxDelayMs);
    m_rewind->applyPreferences(preferences);
    paintWriterCursor();
}

void WatcherWindow::onStateChanged(stream::WatcherState state)
{
    m_stateText = watcherStateText(state);
    m_stateLabel->setText(m_stateText);
    updateTitle();
}

void WatcherWindow::onMetaChanged(const QString &language, const QString &title)
{
    if (language != m_languageId) {
        m_languageId = language;
        applyLanguage(m_editor, language, m_document->isLarge());
    }
    m_title = title;
    updateTitle();
}

void WatcherWindow::onKeyStateChanged(stream::RoomKeyState state)
{
    QString message;
    switch (state) {
    case stream::RoomKeyState::Missing:
        message = tr("This stream is end-to-end encrypted, and the link you opened lacks its key");
        break;
    case stream::RoomKeyState::Mismatch:
        message = tr("This stream is end-to-end encrypted, and the link you opened has a "
                     "different key");
        break;
    case stream::RoomKeyState::Unneeded:
        message = tr("This stream is not end-to-end encrypted, but the link you opened has a key");
        break;
    case stream::RoomKeyState::Unknown:
    case stream::RoomKeyState::Plain:
    case stream::RoomKeyState::Verified:
        return;
    }
    m_keyMessage = message;
    // Without the key there is nothing to show: the sentence takes the editor's place. A key
    // the stream does not need leaves the document readable, the sentence above it.
    const bool unreadable = state != stream::RoomKeyState::Unneeded;
    m_keyBanner->setText(message);
    m_keyBanner->setSizePolicy(QSizePolicy::Preferred,
                               unreadable ? QSizePolicy::Expanding : QSizePolicy::Maximum);
    m_keyBanner->show();
    m_editor->setVisible(!unreadable);
    m_lockLabel->setText(QStringLiteral("<b>%1</b>").arg(message.toHtmlEscaped()));
    m_lockLabel->show();
    statusBar()->showMessage(message);
}

void WatcherWindow::updateTitle()
{
    // The room without the key of an encrypted stream's link.
    const QString name = m_title.isEmpty() ? m_shareLink.fragment().section(u',', 0, 0) : m_title;
    setWindowTitle(tr("%1 — watching (%2) — CodeStream").arg(name, m_stateText));
}

void WatcherWindow::onCursorChanged(const QList<stream::Selection> &selections, qint64 version)
{
    Q_UNUSED(version);
    m_writerSelections = selections;
    paintWriterCursor();
}

void WatcherWindow::paintWriterCursor()
{
    ui::paintWriterCursor(m_editor, m_document, m_writerSelections, m_showWriterCursor,
                          m_followWriter);
    m_workspace->setWriterCursor(m_writerSelections, m_showWriterCursor, m_followWriter);
}

QsciScintilla *WatcherWindow::shownEditor() const
{
    if (m_rewind->isRewound())
        return m_rewind->historyView(); // the past text shown
    if (m_workspace->isShowingWorkspace() && m_workspace->currentEditor())
        return m_workspace->currentEditor(); // the file of the tab shown
    return m_editor;
}

bool WatcherWindow::saveCopy(const QString &fileName, QString *error)
{
    QSaveFile file(fileName);
    QString message;
    if (file.open(QFile::WriteOnly)) {
        QsciScintilla *editor = shownEditor();
        const qint64 size = editor->SendScintilla(QsciScintillaBase::SCI_GETLENGTH);
        const auto *data = reinterpret_cast<const char *>(
            editor->SendScintillaPtrResult(QsciScintillaBase::SCI_GETCHARACTERPOINTER));
        if (file.write(data, size) != size || !file.commit())
            message = tr("Cannot write file %1:\n%2.")
                          .arg(QDir::toNativeSeparators(fileName), file.errorString());
    } else {
        message = tr("Cannot open file %1 for writing:\n%2.")
                      .arg(QDir::toNativeSeparators(fileName), file.errorString());
    }
    if (message.isEmpty()) {
        statusBar()->showMessage(tr("Copy saved"), 2000);
        return true;
    }
    if (error)
        *error = message;
    else
        QMessageBox::warning(this, tr("CodeStream"), message);
    return false;
}

void WatcherWindow::saveCopyInteractive()
{
    const QString fileName = QFileDialog::getSaveFileName(
        this, tr("Save a Copy"),
        QDir::home().filePath(!m_workspace->currentTitle().isEmpty()
                                  ? m_workspace->currentTitle().section(u'/', -1)
                                  : (m_title.isEmpty() ? tr("untitled.txt") : m_title)));
    if (!fileName.isEmpty())
        saveCopy(fileName);
}

} // namespace ui
