#include "languages.h"

#include <Qsci/qscilexerbash.h>
#include <Qsci/qscilexercpp.h>
#include <Qsci/qscilexercsharp.h>
#include <Qsci/qscilexercss.h>
#include <Qsci/qscilexerhtml.h>
#include <Qsci/qscilexerjava.h>
#include <Qsci/qscilexerjavascript.h>
#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexermarkdown.h>
#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexerruby.h>
#include <Qsci/qscilexersql.h>
#include <Qsci/qscilexerxml.h>
#include <Qsci/qscilexeryaml.h>

namespace ui {

namespace {

// Go through the C++ lexer (its comments, strings and numbers match Go's) with Go's keywords.
class GoLexer final : public QsciLexerCPP
{
public:
    using QsciLexerCPP::QsciLexerCPP;

    const char *language() const override { return "Go"; }

    const char *keywords(int set) const override
    {
        if (set == 1)
            return "break case chan const continue default defer else fallthrough for func go "
                   "goto if import interface map package range return select struct switch type "
                   "var";
        if (set == 2)
            return "any bool byte comparable complex64 complex128 error float32 float64 int int8 "
                   "int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr true "
                   "false iota nil append cap clear close complex copy delete imag len make max "
                   "min new panic print println real recover";
        return nullptr;
    }
};

} // namespace

// Rust has no QScintilla lexer, and the C++ one would read its lifetimes ('a) as unterminated
// character literals: it stays plain.
QsciLexer *createLexer(const QString &languageId, QObject *parent)
{
    const QString &id = languageId;
    if (id == u"c" || id == u"cpp")
        return new QsciLexerCPP(parent);
    if (id == u"go")
        return new GoLexer(parent);
    if (id == u"python")
        return new QsciLexerPython(parent);
    if (id == u"javascript" || id == u"typescript")
        return new QsciLexerJavaScript(parent);
    if (id == u"java")
        return new QsciLexerJava(parent);
    if (id == u"csharp")
        return new QsciLexerCSharp(parent);
    if (id == u"json")
        return new QsciLexerJSON(parent);
    if (id == u"html")
        return new QsciLexerHTML(parent);
    if (id == u"css")
        return new QsciLexerCSS(parent);
    if (id == u"markdown")
        return new QsciLexerMarkdown(parent);
    if (id == u"ruby")
        return new QsciLexerRuby(parent);
    if (id == u"shell")
        return new QsciLexerBash(parent);
    if (id == u"sql")
        return new QsciLexerSQL(parent);
    if (id == u"yaml")
        return new QsciLexerYAML(parent);
    if (id == u"xml")
        return new QsciLexerXML(parent);
    return nullptr;
}

} // namespace ui
