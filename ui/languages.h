#pragma once

#include <QString>

class QObject;
class QsciLexer;

namespace ui {

// The Monaco language id (the wire's `language`) for a file name: "cpp", "python", ...;
// "plaintext" when the extension is not known.
QString languageIdForFileName(const QString &fileName);

// A QScintilla lexer for a Monaco language id, or nullptr for plain text and unknown ids.
QsciLexer *createLexer(const QString &languageId, QObject *parent);

} // namespace ui
