#pragma once

#include <QList>

class QsciScintilla;

namespace stream {
struct Selection;
}

namespace ui {

class ScintillaDocument;

// Gives a watcher's editor the indicator and the margin marker that show the writer's cursor.
void prepareWriterCursor(QsciScintilla *editor);
// Shows the writer's selections (Monaco coordinates) in `editor`, or clears them when `show` is
// off or `selections` is empty; with `follow`, scrolls them into view.
void paintWriterCursor(QsciScintilla *editor, const ScintillaDocument *document,
                       const QList<stream::Selection> &selections, bool show, bool follow);

} // namespace ui
