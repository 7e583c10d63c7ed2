#pragma once

#include "stream/textchange.h"

#include <QHash>
#include <QList>
#include <QPointer>
#include <QTabWidget>

class QAction;
class QsciScintilla;

namespace stream {
class StreamWatcher;
struct WorkspaceFile;
} // namespace stream

namespace ui {

class ScintillaDocument;

// The files of a workspace stream in a watcher window (docs/protocol.md §14): one read-only tab
// per file the writer has open, in the writer's order, each with its language's lexer. With
// *Follow Writer's Tab* on (the default) the current tab follows the writer's active file. It
// takes the place of the window's single editor while the writer streams a workspace of two or
// more files; a plain stream, or a workspace of one file, leaves that editor alone.
class WorkspaceTabs final : public QTabWidget
{
    Q_OBJECT
public:
    // Puts `watcher` into workspace mode (before it starts); `plainView` is the window's view of
    // room R, hidden while a workspace is shown; the tabs follow its zoom.
    WorkspaceTabs(stream::StreamWatcher *watcher, QsciScintilla *plainView,
                  QWidget *parent = nullptr);
    ~WorkspaceTabs() override;

    // The checkable *Follow Writer's Tab* action (on by default).
    QAction *followAction() const { return m_followAction; }
    bool followsWriter() const;
    // Whether the writer streams a workspace of two or more files, shown here instead of the
    // plain view.
    bool isShowingWorkspace() const { return m_showing; }
    // The file id of a tab, of the current tab, and the editor and document of a file.
    QString fileId(int index) const;
    QString currentFileId() const { return fileId(currentIndex()); }
    QsciScintilla *fileEditor(const QString &id) const;
    // The current tab's editor and file title while the tabs are shown; nullptr and empty
    // otherwise.
    QsciScintilla *currentEditor() const;
    QString currentTitle() const;
    ScintillaDocument *fileDocument(const QString &id) const;
    // Applies the tab width to every tab (and to tabs opened later) and the editor font.
    void applyTabWidth(int tabWidth);
    // The writer's selections in its active file (room R's cursor), shown in that file's tab
    // when `show`; `follow` scrolls them into view.
    void setWriterCursor(const QList<stream::Selection> &selections, bool show, bool follow);

public slots:
    // Switch to the writer's active file whenever it changes.
    void setFollowWriter(bool follow);

signals:
    // Something to tell the user in the status bar (a file the watcher refused).
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Page;

    ScintillaDocument *createDocument(const stream::WorkspaceFile &file);
    void onFilesChanged();
    void onFileRemoved(const QString &id);
    void showActiveFile();
    void setPageMeta(Page *page, const stream::WorkspaceFile &file);
    void paintWriterCursor();

    stream::StreamWatcher *m_watcher = nullptr;
    QPointer<QsciScintilla> m_plainView;
    QAction *m_followAction = nullptr;
    QHash<QString, Page *> m_pages; // by file id
    int m_tabWidth = 4;
    int m_zoom = 0;
    bool m_showing = false;
    QList<stream::Selection> m_writerSelections;
    bool m_showWriterCursor = true;
    bool m_followWriterCursor = false;
    QString m_cursorFile; // the file whose tab shows the writer's cursor
};

} // namespace ui
