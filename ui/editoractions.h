#pragma once

#include <QCoreApplication>
#include <QIcon>

#include <functional>

class QMenu;
class QsciScintilla;

namespace ui {

// The icon `name` of the desktop's icon theme, or `fallback` from the resources (ui/icons/)
// on desktops without one.
QIcon themeIcon(const char *name, const char *fallback);

// The standard actions on a QScintilla editor, added to a window's menus.
class EditorActions final
{
    Q_DECLARE_TR_FUNCTIONS(ui::EditorActions)
public:
    // The editor the actions act on when triggered (a window with tabs: the current one).
    using CurrentEditor = std::function<QsciScintilla *()>;

    // Undo, Redo, Cut, Copy, Paste and Select All with their standard shortcuts (QScintilla
    // handles these keys itself; the menu shows them).
    static void addEditActions(QMenu *menu, const CurrentEditor &editor);
    // Zoom In, Zoom Out and Reset Zoom.
    static void addZoomActions(QMenu *menu, const CurrentEditor &editor);
};

} // namespace ui
