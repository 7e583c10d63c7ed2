#include "editoractions.h"

#include <QAction>
#include <QMenu>
#include <Qsci/qsciscintilla.h>

namespace ui {

namespace {

// An action of `menu` that calls `apply` on the current editor.
QAction *addEditorAction(QMenu *menu, const QIcon &icon, const QString &text,
                         const EditorActions::CurrentEditor &editor, void (*apply)(QsciScintilla *))
{
    return menu->addAction(icon, text, menu, [editor, apply] {
        if (QsciScintilla *current = editor())
            apply(current);
    });
}

} // namespace

QIcon themeIcon(const char *name, const char *fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name),
                            QIcon(QStringLiteral(":/ui/icons/") + QString::fromLatin1(fallback)));
}

void EditorActions::addEditActions(QMenu *menu, const CurrentEditor &editor)
{
    QAction *undoAction = addEditorAction(menu, themeIcon("edit-undo", "undo.svg"), tr("&Undo"),
                                          editor, [](QsciScintilla *e) { e->undo(); });
    undoAction->setShortcuts(QKeySequence::Undo);
    QAction *redoAction = addEditorAction(menu, themeIcon("edit-redo", "redo.svg"), tr("&Redo"),
                                          editor, [](QsciScintilla *e) { e->redo(); });
    redoAction->setShortcuts(QKeySequence::Redo);
    menu->addSeparator();
    QAction *cutAction = addEditorAction(menu, themeIcon("edit-cut", "cut.svg"), tr("Cu&t"), editor,
                                         [](QsciScintilla *e) { e->cut(); });
    cutAction->setShortcuts(QKeySequence::Cut);
    QAction *copyAction = addEditorAction(menu, themeIcon("edit-copy", "copy.svg"), tr("&Copy"),
                                          editor, [](QsciScintilla *e) { e->copy(); });
    copyAction->setShortcuts(QKeySequence::Copy);
    QAction *pasteAction = addEditorAction(menu, themeIcon("edit-paste", "paste.svg"), tr("&Paste"),
                                           editor, [](QsciScintilla *e) { e->paste(); });
    pasteAction->setShortcuts(QKeySequence::Paste);
    QAction *selectAllAction = addEditorAction(menu, QIcon(), tr("Select &All"), editor,
                                               [](QsciScintilla *e) { e->selectAll(true); });
    selectAllAction->setShortcuts(QKeySequence::SelectAll);
    for (QAction *action :
         {undoAction, redoAction, cutAction, copyAction, pasteAction, selectAllAction})
        action->setShortcutContext(Qt::WidgetShortcut);
}

void EditorActions::addZoomActions(QMenu *menu, const CurrentEditor &editor)
{
    QAction *zoomInAction
        = addEditorAction(menu, themeIcon("zoom-in", "zoom-in.svg"), tr("Zoom &In"), editor,
                          [](QsciScintilla *e) { e->zoomIn(); });
    zoomInAction->setShortcuts(QKeySequence::ZoomIn);
    QAction *zoomOutAction
        = addEditorAction(menu, themeIcon("zoom-out", "zoom-out.svg"), tr("Zoom &Out"), editor,
                          [](QsciScintilla *e) { e->zoomOut(); });
    zoomOutAction->setShortcuts(QKeySequence::ZoomOut);
    QAction *zoomResetAction
        = addEditorAction(menu, themeIcon("zoom-original", "zoom-reset.svg"), tr("&Reset Zoom"),
                          editor, [](QsciScintilla *e) { e->zoomTo(0); });
    zoomResetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
}

} // namespace ui
