#include "writercursor.h"

#include "scintilladocument.h"

#include "stream/textchange.h"

#include <QColor>
#include <Qsci/qsciscintilla.h>

#include <algorithm>

namespace ui {

namespace {

constexpr int writerCursorIndicator = 8; // indicators 8-31 are for containers
constexpr int writerCursorMarker = 1;

} // namespace

void prepareWriterCursor(QsciScintilla *editor)
{
    editor->SendScintilla(QsciScintillaBase::SCI_INDICSETSTYLE, writerCursorIndicator,
                          QsciScintillaBase::INDIC_FULLBOX);
    editor->SendScintilla(QsciScintillaBase::SCI_INDICSETALPHA, writerCursorIndicator, 90L);
    editor->SendScintilla(QsciScintillaBase::SCI_INDICSETFORE, writerCursorIndicator,
                          QColor(0xe0, 0x8a, 0x00));
    editor->markerDefine(QsciScintilla::RightTriangle, writerCursorMarker);
    editor->setMarkerBackgroundColor(QColor(0xe0, 0x8a, 0x00), writerCursorMarker);
    editor->setMarginWidth(1, 12);
    editor->setMarginMarkerMask(1, 1 << writerCursorMarker);
}

void paintWriterCursor(QsciScintilla *editor, const ScintillaDocument *document,
                       const QList<stream::Selection> &selections, bool show, bool follow)
{
    const long length = long(document->byteLength());
    editor->SendScintilla(QsciScintillaBase::SCI_SETINDICATORCURRENT, writerCursorIndicator);
    editor->SendScintilla(QsciScintillaBase::SCI_INDICATORCLEARRANGE, 0UL, length);
    editor->markerDeleteAll(writerCursorMarker);
    if (!show)
        return;
    for (const stream::Selection &selection : selections) {
        const auto anchor = document->bytePosition(selection.selectionStartLineNumber,
                                                   selection.selectionStartColumn);
        const auto caret
            = document->bytePosition(selection.positionLineNumber, selection.positionColumn);
        if (!anchor || !caret)
            continue;
        long from = long(std::min(*anchor, *caret));
        long to = long(std::max(*anchor, *caret));
        if (from == to) {
            // An empty selection: mark the character at the caret (or before it at the end).
            to = editor->SendScintilla(QsciScintillaBase::SCI_POSITIONAFTER, from);
            if (to == from)
                from = editor->SendScintilla(QsciScintillaBase::SCI_POSITIONBEFORE, from);
        }
        if (to > from)
            editor->SendScintilla(QsciScintillaBase::SCI_INDICATORFILLRANGE, from, to - from);
        editor->markerAdd(selection.positionLineNumber - 1, writerCursorMarker);
        if (follow)
            editor->ensureLineVisible(selection.positionLineNumber - 1);
    }
}

} // namespace ui
