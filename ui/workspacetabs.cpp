#include "workspacetabs.h"

#include "editorsetup.h"
#include "scintilladocument.h"
#include "writercursor.h"

#include "stream/streamwatcher.h"
#include "stream/workspacefile.h"

#include <QAction>
#include <QEvent>
#include <QTabBar>
#include <QVBoxLayout>
#include <Qsci/qsciscintilla.h>

namespace ui {

// One file's tab: a read-only editor and the document the watcher writes the file into.
struct WorkspaceTabs::Page
{
    QString id;
    QWidget *widget = nullptr;
    QsciScintilla *editor = nullptr;
    ScintillaDocument *document = nullptr;
    QString title;
    QString language;
    bool languageApplied = false;
};

WorkspaceTabs::WorkspaceTabs(stream::StreamWatcher *watcher, QsciScintilla *plainView,
                             QWidget *parent)
    : QTabWidget(parent)
    , m_watcher(watcher)
    , m_plainView(plainView)
    , m_followAction(new QAction(tr("Follow Writer's &Tab"), this))
{
    setObjectName(QStringLiteral("workspaceTabs"));
    setDocumentMode(true);
    setUsesScrollButtons(true);
    tabBar()->setExpanding(false);
    hide();
    m_followAction->setObjectName(QStringLiteral("followTabAction"));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(true);
    m_followAction->setStatusTip(tr("Show the file the writer is looking at"));
    connect(m_followAction, &QAction::toggled, this, &WorkspaceTabs::setFollowWriter);
    // The window's zoom actions act on the plain view: the tabs zoom along.
    connect(plainView, &QsciScintilla::SCN_ZOOM, this, [this] {
        m_zoom = int(m_plainView->SendScintilla(QsciScintillaBase::SCI_GETZOOM));
        for (const Page *page : std::as_const(m_pages))
            page->editor->zoomTo(m_zoom);
    });

    m_watcher->setWorkspaceDocuments(
        [this](const stream::WorkspaceFile &file) { return createDocument(file); });
    connect(m_watcher, &stream::StreamWatcher::filesChanged, this, &WorkspaceTabs::onFilesChanged);
    connect(m_watcher, &stream::StreamWatcher::fileAdded, this, &WorkspaceTabs::onFilesChanged);
    connect(m_watcher, &stream::StreamWatcher::fileRemoved, this, &WorkspaceTabs::onFileRemoved);
    connect(m_watcher, &stream::StreamWatcher::fileRefused, this,
            [this](const QString &title, const QString &reason) {
                emit statusMessage(tr("%1 is not shown: %2").arg(title, reason));
            });
}

WorkspaceTabs::~WorkspaceTabs()
{
    qDeleteAll(m_pages);
}

bool WorkspaceTabs::followsWriter() const
{
    return m_followAction->isChecked();
}

QString WorkspaceTabs::fileId(int index) const
{
    const QWidget *page = widget(index);
    for (const Page *candidate : m_pages) {
        if (candidate->widget == page)
            return candidate->id;
    }
    return {};
}

QsciScintilla *WorkspaceTabs::fileEditor(const QString &id) const
{
    const Page *page = m_pages.value(id);
    return page ? page->editor : nullptr;
}

QsciScintilla *WorkspaceTabs::currentEditor() const
{
    return m_showing ? fileEditor(currentFileId()) : nullptr;
}

QString WorkspaceTabs::currentTitle() const
{
    const Page *page = m_showing ? m_pages.value(currentFileId()) : nullptr;
    return page ? page->title : QString();
}

ScintillaDocument *WorkspaceTabs::fileDocument(const QString &id) const
{
    const Page *page = m_pages.value(id);
    return page ? page->document : nullptr;
}

void WorkspaceTabs::applyTabWidth(int tabWidth)
{
    m_tabWidth = tabWidth;
    for (const Page *page : std::as_const(m_pages)) {
        ui::applyTabWidth(page->editor, tabWidth);
        applyEditorFont(page->editor);
    }
}

void WorkspaceTabs::setWriterCursor(const QList<stream::Selection> &selections, bool show,
                                    bool follow)
{
    m_writerSelections = selections;
    m_showWriterCursor = show;
    if (follow != m_followWriterCursor) {
        m_followWriterCursor = follow;
        for (const Page *page : std::as_const(m_pages))
            page->document->setKeepScrollPosition(!follow);
    }
    paintWriterCursor();
}

void WorkspaceTabs::paintWriterCursor()
{
    // The cursor of R belongs to the active file: clear it where it was when that changed.
    const QString active = m_watcher->activeFile();
    if (m_cursorFile != active) {
        if (const Page *previous = m_pages.value(m_cursorFile))
            ui::paintWriterCursor(previous->editor, previous->document, {}, false, false);
        m_cursorFile = active;
    }
    if (const Page *page = m_pages.value(active))
        ui::paintWriterCursor(page->editor, page->document, m_writerSelections, m_showWriterCursor,
                              m_followWriterCursor);
}

void WorkspaceTabs::setFollowWriter(bool follow)
{
    if (m_followAction->isChecked() != follow)
        m_followAction->setChecked(follow);
    if (follow)
        showActiveFile();
}

void WorkspaceTabs::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ThemeChange) {
        for (const Page *page : std::as_const(m_pages))
            applyTheme(page->editor);
    }
    QTabWidget::changeEvent(event);
}

ScintillaDocument *WorkspaceTabs::createDocument(const stream::WorkspaceFile &file)
{
    if (Page *existing = m_pages.value(file.id))
        return existing->document;
    auto *page = new Page;
    page->id = file.id;
    page->widget = new QWidget;
    auto *layout = new QVBoxLayout(page->widget);
    layout->setContentsMargins(0, 0, 0, 0);
    page->editor = new QsciScintilla(page->widget);
    layout->addWidget(page->editor);
    configureEditor(page->editor);
    page->editor->setReadOnly(true);
    page->editor->setCaretLineVisible(false);
    page->editor->SendScintilla(QsciScintillaBase::SCI_SETUNDOCOLLECTION, 0UL);
    prepareWriterCursor(page->editor);
    ui::applyTabWidth(page->editor, m_tabWidth);
    page->editor->zoomTo(m_zoom);
    page->document = new ScintillaDocument(page->editor, page->widget);
    page->document->setKeepScrollPosition(!m_followWriterCursor);
    connect(page->document, &ScintillaDocument::documentReplaced, page->widget,
            [this, id = file.id](bool large) {
                if (const Page *current = m_pages.value(id))
                    applyLanguage(current->editor, current->language, large);
            });
    m_pages.insert(file.id, page);
    addTab(page->widget, QString());
    setPageMeta(page, file);
    return page->document;
}

void WorkspaceTabs::setPageMeta(Page *page, const stream::WorkspaceFile &file)
{
    if (page->language != file.language || !page->languageApplied) {
        page->language = file.language;
        page->languageApplied = true;
        applyLanguage(page->editor, file.language, page->document->isLarge());
    }
    page->title = file.title;
    const int index = indexOf(page->widget);
    if (index < 0)
        return;
    QString text = file.title;
    text.replace(u'&', QStringLiteral("&&")); // a tab's text takes `&` as a mnemonic
    setTabText(index, text);
    setTabToolTip(index, file.title);
}

void WorkspaceTabs::onFilesChanged()
{
    const QList<stream::WorkspaceFile> files = m_watcher->files();
    // The writer's order: move each file's tab to its place.
    int position = 0;
    for (const stream::WorkspaceFile &file : files) {
        Page *page = m_pages.value(file.id);
        if (!page)
            continue;
        const int index = indexOf(page->widget);
        if (index != position)
            tabBar()->moveTab(index, position);
        setPageMeta(page, file);
        ++position;
    }
    // One file is what the plain view shows already (with the writer's cursor): tabs from two.
    const bool showing = m_watcher->isWorkspace() && m_pages.size() >= 2;
    if (showing != m_showing) {
        m_showing = showing;
        setVisible(showing);
        if (m_plainView)
            m_plainView->setVisible(!showing);
    }
    if (followsWriter())
        showActiveFile();
    if (m_cursorFile != m_watcher->activeFile()) {
        m_writerSelections.clear(); // until the new active file's cursor arrives
        paintWriterCursor();
    }
}

void WorkspaceTabs::onFileRemoved(const QString &id)
{
    Page *page = m_pages.take(id);
    if (!page)
        return;
    removeTab(indexOf(page->widget));
    page->widget->deleteLater(); // the watcher may still be on its way out of the signal
    delete page;
    onFilesChanged();
}

void WorkspaceTabs::showActiveFile()
{
    if (const Page *page = m_pages.value(m_watcher->activeFile()))
        setCurrentWidget(page->widget);
}

} // namespace ui
