#include "editoractions.h"

#include <QAction>
#include <QMenu>
#include <Qsci/qsciscintilla.h>

namespace ui {

QIcon themeIcon(const char *name, const char *fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name),
                            QIcon(QStringLiteral(":/ui/icons/") + QString::fromLatin1(fallback)));
}

void EditorActions::addEditActions(QMenu *menu, QsciScintilla *editor)
{
    QAction *undoAction = menu->addAction(themeIcon("edit-undo", "undo.svg"), tr("&Undo"), editor,
                                          &QsciScintilla::undo);
    undoAction->setShortcuts(QKeySequence::Undo);
    QAction *redoAction = menu->addAction(themeIcon("edit-redo", "redo.svg"), tr("&Redo"), editor,
                                          &QsciScintilla::redo);
    redoAction->setShortcuts(QKeySequence::Redo);
    menu->addSeparator();
    QAction *cutAction = menu->addAction(themeIcon("edit-cut", "cut.svg"), tr("Cu&t"), editor,
                                         &QsciScintilla::cut);
    cutAction->setShortcuts(QKeySequence::Cut);
    QAction *copyAction = menu->addAction(themeIcon("edit-copy", "copy.svg"), tr("&Copy"), editor,
                                          &QsciScintilla::copy);
    copyAction->setShortcuts(QKeySequence::Copy);
    QAction *pasteAction = menu->addAction(themeIcon("edit-paste", "paste.svg"), tr("&Paste"),
                                           editor, &QsciScintilla::paste);
    pasteAction->setShortcuts(QKeySequence::Paste);
    QAction *selectAllAction
        = menu->addAction(tr("Select &All"), editor, [editor] { editor->selectAll(true); });
    selectAllAction->setShortcuts(QKeySequence::SelectAll);
    for (QAction *action :
         {undoAction, redoAction, cutAction, copyAction, pasteAction, selectAllAction})
        action->setShortcutContext(Qt::WidgetShortcut);
}

void EditorActions::addZoomActions(QMenu *menu, QsciScintilla *editor)
{
    QAction *zoomInAction = menu->addAction(themeIcon("zoom-in", "zoom-in.svg"), tr("Zoom &In"),
                                            editor, [editor] { editor->zoomIn(); });
    zoomInAction->setShortcuts(QKeySequence::ZoomIn);
    QAction *zoomOutAction = menu->addAction(themeIcon("zoom-out", "zoom-out.svg"), tr("Zoom &Out"),
                                             editor, [editor] { editor->zoomOut(); });
    zoomOutAction->setShortcuts(QKeySequence::ZoomOut);
    QAction *zoomResetAction
        = menu->addAction(themeIcon("zoom-original", "zoom-reset.svg"), tr("&Reset Zoom"), editor,
                          [editor] { editor->zoomTo(0); });
    zoomResetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
}

} // namespace ui
