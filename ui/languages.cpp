#include "languages.h"

#include <QFileInfo>
#include <QHash>
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
#include <Qsci/qscilexersql.h>
#include <Qsci/qscilexerxml.h>
#include <Qsci/qscilexeryaml.h>

namespace ui {

namespace {

struct LanguageTable
{
    QHash<QString, QString> bySuffix;
    QHash<QString, QString> byFileName;

    LanguageTable()
    {
        auto add = [this](const char *id, std::initializer_list<const char *> suffixes) {
            for (const char *suffix : suffixes)
                bySuffix.insert(QString::fromLatin1(suffix), QString::fromLatin1(id));
        };
        add("c", {"c"});
        add("cpp", {"cpp", "cc", "cxx", "c++", "h", "hh", "hpp", "hxx", "ipp", "inl"});
        add("python", {"py", "pyw", "pyi"});
        add("javascript", {"js", "mjs", "cjs", "jsx"});
        add("typescript", {"ts", "mts", "cts", "tsx"});
        add("java", {"java"});
        add("csharp", {"cs", "csx"});
        add("json", {"json", "jsonc"});
        add("html", {"html", "htm", "xhtml"});
        add("css", {"css"});
        add("markdown", {"md", "markdown", "mdown"});
        add("shell", {"sh", "bash", "zsh", "ksh"});
        add("sql", {"sql"});
        add("yaml", {"yaml", "yml"});
        add("xml", {"xml", "svg", "ui", "qrc", "xsd", "xsl"});
        byFileName.insert(QStringLiteral(".bashrc"), QStringLiteral("shell"));
        byFileName.insert(QStringLiteral(".profile"), QStringLiteral("shell"));
    }
};

} // namespace

QString languageIdForFileName(const QString &fileName)
{
    static const LanguageTable table;
    const QFileInfo info(fileName);
    const QString name = info.fileName().toLower();
    if (const auto it = table.byFileName.constFind(name); it != table.byFileName.cend())
        return *it;
    const QString suffix = info.suffix().toLower();
    return table.bySuffix.value(suffix, QStringLiteral("plaintext"));
}

QsciLexer *createLexer(const QString &languageId, QObject *parent)
{
    const QString &id = languageId;
    if (id == u"c" || id == u"cpp")
        return new QsciLexerCPP(parent);
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
