#include "editorsetup.h"

#include "languages.h"

#include <QApplication>
#include <QFontDatabase>
#include <QPalette>
#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>

#include <optional>

namespace ui {

namespace {

std::optional<QFont> &chosenFont()
{
    static std::optional<QFont> font;
    return font;
}

struct Colors
{
    QColor paper;
    QColor text;
    QColor caretLine;
    QColor margin;
    QColor marginText;
    QColor selection;
    QColor brace;
};

Colors themeColors()
{
    const QPalette palette = QApplication::palette();
    if (isDarkPalette(palette)) {
        return {QColor(0x1e, 0x1e, 0x1e), QColor(0xd4, 0xd4, 0xd4), QColor(0x2a, 0x2d, 0x2e),
                QColor(0x25, 0x25, 0x26), QColor(0x85, 0x85, 0x85), QColor(0x26, 0x4f, 0x78),
                QColor(0x51, 0x5c, 0x6a)};
    }
    return {QColor(Qt::white),        QColor(Qt::black),        QColor(0xf3, 0xf6, 0xfb),
            QColor(0xf3, 0xf3, 0xf3), QColor(0x6e, 0x76, 0x81), QColor(0xad, 0xd6, 0xff),
            QColor(0xd0, 0xe8, 0xd0)};
}

} // namespace

QFont editorFont()
{
    if (chosenFont())
        return *chosenFont();
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::Monospace);
    return font;
}

void setEditorFont(const QFont &font)
{
    chosenFont() = font;
}

void applyEditorFont(QsciScintilla *editor)
{
    const QFont font = editorFont();
    if (QsciLexer *lexer = editor->lexer()) {
        lexer->setDefaultFont(font);
        lexer->setFont(font, -1);
    }
    editor->setFont(font);
    editor->setMarginsFont(font);
    editor->setMarginWidth(0, QStringLiteral("00000"));
    applyTheme(editor);
}

void applyTabWidth(QsciScintilla *editor, int tabWidth)
{
    editor->setTabWidth(tabWidth);
}

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

void configureEditor(QsciScintilla *editor)
{
    editor->setUtf8(true);
    editor->setFont(editorFont());
    editor->setMarginsFont(editorFont());
    editor->setMarginType(0, QsciScintilla::NumberMargin);
    editor->setMarginWidth(0, QStringLiteral("00000"));
    editor->setMarginLineNumbers(0, true);
    editor->setMarginWidth(1, 0);
    editor->setCaretLineVisible(true);
    editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    editor->setAutoIndent(true);
    editor->setIndentationsUseTabs(false);
    editor->setTabWidth(4);
    editor->setIndentationGuides(true);
    editor->setEolMode(QsciScintilla::EolUnix);
    editor->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTHTRACKING, 1UL);
    applyTheme(editor);
}

void applyLanguage(QsciScintilla *editor, const QString &languageId, bool large)
{
    QsciLexer *old = editor->lexer();
    QsciLexer *lexer = large ? nullptr : createLexer(languageId, editor);
    if (lexer) {
        lexer->setDefaultFont(editorFont());
        lexer->setFont(editorFont(), -1);
    }
    editor->setLexer(lexer);
    delete old;
    applyTheme(editor);
}

void applyTheme(QsciScintilla *editor)
{
    const Colors colors = themeColors();
    const bool dark = isDarkPalette(QApplication::palette());
    if (QsciLexer *lexer = editor->lexer()) {
        lexer->setDefaultPaper(colors.paper);
        lexer->setPaper(colors.paper, -1);
        lexer->setDefaultColor(colors.text);
        for (int style = 0; style < 128; ++style) {
            if (lexer->description(style).isEmpty())
                continue;
            QColor color = lexer->defaultColor(style);
            if (dark && color.lightness() < 110)
                color = style == 0 ? colors.text : color.lighter(220);
            lexer->setColor(color, style);
        }
        editor->recolor();
    } else {
        editor->setPaper(colors.paper);
        editor->setColor(colors.text);
    }
    editor->setCaretForegroundColor(colors.text);
    editor->setCaretLineBackgroundColor(colors.caretLine);
    editor->setMarginsBackgroundColor(colors.margin);
    editor->setMarginsForegroundColor(colors.marginText);
    editor->setSelectionBackgroundColor(colors.selection);
    editor->setMatchedBraceBackgroundColor(colors.brace);
    editor->setIndentationGuidesBackgroundColor(colors.margin);
    editor->setIndentationGuidesForegroundColor(colors.marginText);
}

} // namespace ui
