#pragma once

#include "scintilladocument.h"

#include <QString>

class QFont;
class QPalette;
class QsciScintilla;

namespace ui {

// Whether a palette is a dark one (dark window background).
bool isDarkPalette(const QPalette &palette);

// The font editors show code in (the preferences' font; the system's fixed-width font by default).
QFont editorFont();
// Changes the font later configureEditor() and applyLanguage() calls use.
void setEditorFont(const QFont &font);
// Gives an open editor (and its lexer) the editor font and a tab width.
void applyEditorFont(QsciScintilla *editor);
void applyTabWidth(QsciScintilla *editor, int tabWidth);

// Sets up an editor the way both windows show code: monospace font, line numbers,
// current-line highlight, brace matching, auto-indent, UTF-8.
void configureEditor(QsciScintilla *editor);

// Chooses the lexer for a Monaco language id (none for large documents) and applies the
// light or dark colours that follow the application palette.
void applyLanguage(QsciScintilla *editor, const QString &languageId, bool large);

// Re-applies the colours after the application palette changed.
void applyTheme(QsciScintilla *editor);

} // namespace ui
