#include "languages.h"
#include "writerwindow.h"

#include "stream/languages.h"

#include <QFile>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>

using namespace Qt::StringLiterals;

namespace {

// The QScintilla lexer (QsciLexer::language()) each language id of the core table gets; empty:
// deliberately none.
const QHash<QString, QString> &expectedLexers()
{
    static const QHash<QString, QString> lexers {
        {u"c"_s, u"C++"_s},         {u"cpp"_s, u"C++"_s},
        {u"csharp"_s, u"C#"_s},     {u"css"_s, u"CSS"_s},
        {u"go"_s, u"Go"_s},         {u"html"_s, u"HTML"_s},
        {u"java"_s, u"Java"_s},     {u"javascript"_s, u"JavaScript"_s},
        {u"json"_s, u"JSON"_s},     {u"markdown"_s, u"Markdown"_s},
        {u"python"_s, u"Python"_s}, {u"ruby"_s, u"Ruby"_s},
        {u"rust"_s, QString()},     {u"shell"_s, u"Bash"_s},
        {u"sql"_s, u"SQL"_s},       {u"typescript"_s, u"JavaScript"_s},
        {u"xml"_s, u"XML"_s},       {u"yaml"_s, u"YAML"_s},
    };
    return lexers;
}

} // namespace

// The desktop writer and codestream-cli (which sends stream::languageForFileName(FILE)) agree
// on every file's language, and the desktop gives each language a fitting lexer.
class tst_Languages : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void languageForFileName_oddNames_data();
    void languageForFileName_oddNames();
    void writerWindow_loadFile_usesCoreLanguage_data();
    void writerWindow_loadFile_usesCoreLanguage();
    void createLexer_coversEveryCoreLanguage();
    void createLexer_unknownOrPlain_givesNone();
};

void tst_Languages::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_Languages::languageForFileName_oddNames_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("languageId");
    QTest::newRow("go") << u"main.go"_s << u"go"_s;
    QTest::newRow("header") << u"widget.h"_s << u"cpp"_s;
    QTest::newRow("upper case") << u"/x/y/MAIN.CPP"_s << u"cpp"_s;
    QTest::newRow("upper-case header") << u"Widget.H"_s << u"cpp"_s;
    QTest::newRow("no extension") << u"README"_s << u"plaintext"_s;
    QTest::newRow("Makefile") << u"Makefile"_s << u"plaintext"_s;
    QTest::newRow("unknown") << u"notes.txt"_s << u"plaintext"_s;
    QTest::newRow("last suffix counts") << u"archive.json.sql"_s << u"sql"_s;
    QTest::newRow("file name") << u"/home/u/.bashrc"_s << u"shell"_s;
    QTest::newRow("file name, upper case") << u".PROFILE"_s << u"shell"_s;
    QTest::newRow("dot only") << u"x."_s << u"plaintext"_s;
    QTest::newRow("empty") << QString() << u"plaintext"_s;
}

void tst_Languages::languageForFileName_oddNames()
{
    QFETCH(QString, fileName);
    QFETCH(QString, languageId);
    QCOMPARE(stream::languageForFileName(fileName), languageId);
}

void tst_Languages::writerWindow_loadFile_usesCoreLanguage_data()
{
    QTest::addColumn<QString>("fileName");
    for (const stream::Language &language : stream::languages()) {
        for (const QString &suffix : language.suffixes)
            QTest::addRow("%s", qPrintable(suffix)) << u"file."_s + suffix;
        for (const QString &name : language.fileNames)
            QTest::addRow("%s", qPrintable(name)) << name;
    }
    QTest::newRow("no extension") << u"README"_s;
    QTest::newRow("upper case") << u"MAIN.CPP"_s;
    QTest::newRow("Makefile") << u"Makefile"_s;
    QTest::newRow("unknown") << u"notes.txt"_s;
}

void tst_Languages::writerWindow_loadFile_usesCoreLanguage()
{
    QFETCH(QString, fileName);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(fileName);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write("text\n") == 5);
    file.close();

    ui::WriterWindow window;
    QString error;
    QVERIFY2(window.loadFile(path, &error), qPrintable(error));
    const QString languageId = stream::languageForFileName(path);
    QCOMPARE(window.languageId(), languageId);
    const QString lexer = expectedLexers().value(languageId);
    QCOMPARE(window.editor()->lexer() ? QString::fromLatin1(window.editor()->lexer()->language())
                                      : QString(),
             lexer);
}

void tst_Languages::createLexer_coversEveryCoreLanguage()
{
    QSet<QString> ids;
    for (const stream::Language &language : stream::languages()) {
        QVERIFY2(expectedLexers().contains(language.id), qPrintable(language.id));
        ids.insert(language.id);
        QObject parent;
        QsciLexer *lexer = ui::createLexer(language.id, &parent);
        QCOMPARE(lexer ? QString::fromLatin1(lexer->language()) : QString(),
                 expectedLexers().value(language.id));
    }
    // No language id is listed twice, nor expected without being in the table.
    QCOMPARE(ids.size(), stream::languages().size());
    QCOMPARE(ids.size(), expectedLexers().size());
}

void tst_Languages::createLexer_unknownOrPlain_givesNone()
{
    QObject parent;
    QCOMPARE(ui::createLexer(u"plaintext"_s, &parent), nullptr);
    QCOMPARE(ui::createLexer(u"cobol"_s, &parent), nullptr);
    QCOMPARE(ui::createLexer(QString(), &parent), nullptr);
}

QTEST_MAIN(tst_Languages)
#include "tst_languages.moc"
