#pragma once

#include "stream/languages.h"

#include <QString>

class QObject;
class QsciLexer;

namespace ui {

// A QScintilla lexer for a Monaco language id (the ids of stream::languages()), or nullptr for
// plain text, unknown ids and languages no QScintilla lexer fits.
QsciLexer *createLexer(const QString &languageId, QObject *parent);

} // namespace ui
