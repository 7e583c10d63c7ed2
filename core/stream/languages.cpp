#include "languages.h"

#include <QFileInfo>
#include <QHash>

namespace stream {

namespace {

QList<Language> buildLanguages()
{
    const auto row = [](const char *id, std::initializer_list<const char *> suffixes,
                        std::initializer_list<const char *> fileNames = {}) {
        Language language {QString::fromLatin1(id), {}, {}};
        for (const char *suffix : suffixes)
            language.suffixes.append(QString::fromLatin1(suffix));
        for (const char *name : fileNames)
            language.fileNames.append(QString::fromLatin1(name));
        return language;
    };
    return {
        row("c", {"c"}),
        row("cpp", {"cpp", "cc", "cxx", "c++", "h", "hh", "hpp", "hxx", "ipp", "inl"}),
        row("csharp", {"cs", "csx"}),
        row("css", {"css"}),
        row("go", {"go"}),
        row("html", {"html", "htm", "xhtml"}),
        row("java", {"java"}),
        row("javascript", {"js", "mjs", "cjs", "jsx"}),
        row("json", {"json", "jsonc"}),
        row("markdown", {"md", "markdown", "mdown"}),
        row("python", {"py", "pyw", "pyi"}),
        row("ruby", {"rb"}),
        row("rust", {"rs"}),
        row("shell", {"sh", "bash", "zsh", "ksh"}, {".bashrc", ".profile"}),
        row("sql", {"sql"}),
        row("typescript", {"ts", "mts", "cts", "tsx"}),
        row("xml", {"xml", "svg", "ui", "qrc", "xsd", "xsl"}),
        row("yaml", {"yaml", "yml"}),
    };
}

struct LanguageIndex
{
    QHash<QString, QString> bySuffix;
    QHash<QString, QString> byFileName;

    LanguageIndex()
    {
        for (const Language &language : languages()) {
            for (const QString &suffix : language.suffixes)
                bySuffix.insert(suffix, language.id);
            for (const QString &name : language.fileNames)
                byFileName.insert(name, language.id);
        }
    }
};

} // namespace

const QList<Language> &languages()
{
    static const QList<Language> table = buildLanguages();
    return table;
}

QString languageForFileName(const QString &fileName)
{
    static const LanguageIndex index;
    const QFileInfo info(fileName);
    if (const auto it = index.byFileName.constFind(info.fileName().toLower());
        it != index.byFileName.cend())
        return *it;
    return index.bySuffix.value(info.suffix().toLower(), QStringLiteral("plaintext"));
}

} // namespace stream
