#pragma once

#include <QList>
#include <QTabWidget>

namespace ui {

class DocumentTab;

// The documents of a writer window, one tab each: opens, finds and closes them, marks the
// modified ones and names them for the stream (docs/protocol.md §14: the workspace's files in
// the order of the tabs). There is always at least one tab.
class DocumentTabs final : public QTabWidget
{
    Q_OBJECT
public:
    explicit DocumentTabs(QWidget *parent = nullptr);

    DocumentTab *currentDocument() const;
    DocumentTab *document(int index) const;
    QList<DocumentTab *> documents() const;
    // The tab that shows `fileName` (compared as canonical paths); nullptr when none does.
    DocumentTab *documentOfFile(const QString &fileName) const;

    // Opens a new untitled tab and makes it current.
    DocumentTab *addDocument();
    // A tab to load a document into, made current: the current one when it is blank (untitled,
    // unmodified, empty), otherwise a new one.
    DocumentTab *blankDocument();
    // Opens `fileName`: focuses its tab when it is open already, otherwise loads it into
    // blankDocument(). nullptr with the reason in `error` when it cannot be read.
    DocumentTab *openFile(const QString &fileName, QString *error);
    // Closes `tab` without asking; the last tab is replaced by a new untitled one.
    void closeDocument(DocumentTab *tab);

    // The name watchers see for `tab` (the §14 title): its file name, or as many of its last
    // path segments as tell it apart from the other tabs' files.
    QString streamTitle(const DocumentTab *tab) const;

signals:
    // A tab was opened (before it becomes current).
    void documentAdded(ui::DocumentTab *tab);
    // A tab is about to close: its document goes away right after.
    void documentClosing(ui::DocumentTab *tab);
    // Another tab became current.
    void currentDocumentChanged(ui::DocumentTab *tab);
    // A tab's file name or language changed, or another tab closed: the stream titles of all
    // tabs may have changed.
    void documentFileChanged(ui::DocumentTab *tab);
    // A tab's unsaved state changed.
    void documentModificationChanged(ui::DocumentTab *tab, bool modified);

private:
    void updateTabText(DocumentTab *tab);
    // Emits currentDocumentChanged() when the current tab is not the one last announced.
    void noteCurrent();

    DocumentTab *m_lastCurrent = nullptr;
    bool m_adding = false;
};

} // namespace ui
