#include "languages.h"
#include "qrcode.h"
#include "scintilladocument.h"
#include "writerwindow.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>

#include <csignal>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {

QByteArray readAll(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QFile::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &fileName, const QByteArray &bytes)
{
    QFile file(fileName);
    return file.open(QFile::WriteOnly) && file.write(bytes) == bytes.size();
}

// Limits the size of files this process may write, for the life of the object.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::signal(SIGXFSZ, SIG_IGN); // a write past the limit fails with EFBIG instead
        ::getrlimit(RLIMIT_FSIZE, &m_saved);
        rlimit limit = m_saved;
        limit.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() { ::setrlimit(RLIMIT_FSIZE, &m_saved); }

private:
    rlimit m_saved {};
};

} // namespace

class tst_WriterWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void languageId_byExtension_data();
    void languageId_byExtension();
    void loadFile_showsTextWithLexerAndIsUnmodified();
    void loadFile_missingFile_reportsError();
    void typing_setsWindowModified_andSaveClearsIt();
    void saveFile_writesExactBytesThroughSaveFile();
    void saveFile_whenWriteFails_keepsOriginalFile();
    void loadFile_largeDocument_hasNoLexerAndNoStyles();
    void newFile_replacesDocumentAndReportsTheChange();
    void qrCode_encodesLinkAsSquareImage();
};

void tst_WriterWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_WriterWindow::languageId_byExtension_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("languageId");
    QTest::addColumn<QString>("lexerLanguage"); // QsciLexer::language(), empty: no lexer

    QTest::newRow("cpp") << u"main.cpp"_s << u"cpp"_s << u"C++"_s;
    QTest::newRow("header") << u"/x/y/widget.H"_s << u"cpp"_s << u"C++"_s;
    QTest::newRow("c") << u"a.c"_s << u"c"_s << u"C++"_s;
    QTest::newRow("python") << u"tool.py"_s << u"python"_s << u"Python"_s;
    QTest::newRow("javascript") << u"app.mjs"_s << u"javascript"_s << u"JavaScript"_s;
    QTest::newRow("typescript") << u"app.ts"_s << u"typescript"_s << u"JavaScript"_s;
    QTest::newRow("java") << u"Main.java"_s << u"java"_s << u"Java"_s;
    QTest::newRow("csharp") << u"Program.cs"_s << u"csharp"_s << u"C#"_s;
    QTest::newRow("json") << u"package.json"_s << u"json"_s << u"JSON"_s;
    QTest::newRow("html") << u"index.html"_s << u"html"_s << u"HTML"_s;
    QTest::newRow("css") << u"site.css"_s << u"css"_s << u"CSS"_s;
    QTest::newRow("markdown") << u"README.md"_s << u"markdown"_s << u"Markdown"_s;
    QTest::newRow("shell") << u"build.sh"_s << u"shell"_s << u"Bash"_s;
    QTest::newRow("sql") << u"schema.sql"_s << u"sql"_s << u"SQL"_s;
    QTest::newRow("yaml") << u"ci.yml"_s << u"yaml"_s << u"YAML"_s;
    QTest::newRow("unknown") << u"notes.txt"_s << u"plaintext"_s << QString();
    QTest::newRow("no-suffix") << u"Makefile"_s << u"plaintext"_s << QString();
}

void tst_WriterWindow::languageId_byExtension()
{
    QFETCH(QString, fileName);
    QFETCH(QString, languageId);
    QFETCH(QString, lexerLanguage);

    QCOMPARE(ui::languageIdForFileName(fileName), languageId);
    QObject parent;
    QsciLexer *lexer = ui::createLexer(languageId, &parent);
    QCOMPARE(lexer ? QString::fromLatin1(lexer->language()) : QString(), lexerLanguage);
}

void tst_WriterWindow::loadFile_showsTextWithLexerAndIsUnmodified()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fileName = dir.filePath(u"hello.py"_s);
    const QByteArray bytes = "def f():\n    return \"h\xc3\xa9llo \xf0\x9f\x98\x80\"\r\n";
    QVERIFY(writeAll(fileName, bytes));

    ui::WriterWindow window;
    QVERIFY(window.loadFile(fileName));
    QCOMPARE(window.document()->text().toUtf8(), bytes);
    QCOMPARE(window.languageId(), u"python"_s);
    QVERIFY(window.editor()->lexer());
    QCOMPARE(QString::fromLatin1(window.editor()->lexer()->language()), u"Python"_s);
    QVERIFY(!window.editor()->isModified());
    QVERIFY(!window.isWindowModified());
    QCOMPARE(window.currentFile(), fileName);
    QVERIFY(window.windowFilePath().endsWith(u"hello.py"_s));
}

void tst_WriterWindow::loadFile_missingFile_reportsError()
{
    QTemporaryDir dir;
    ui::WriterWindow window;
    QString error;
    QVERIFY(!window.loadFile(dir.filePath(u"absent.cpp"_s), &error));
    QVERIFY(error.contains(u"absent.cpp"_s));
    QVERIFY(window.currentFile().isEmpty());
}

void tst_WriterWindow::typing_setsWindowModified_andSaveClearsIt()
{
    QTemporaryDir dir;
    ui::WriterWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.editor()->setFocus();
    QVERIFY(!window.isWindowModified());
    QTest::keyClicks(window.editor()->viewport(), u"x = 1"_s);
    QTRY_VERIFY(window.isWindowModified());

    const QString fileName = dir.filePath(u"typed.txt"_s);
    QString error;
    QVERIFY2(window.saveFile(fileName, &error), qPrintable(error));
    QVERIFY(!window.isWindowModified());
    QCOMPARE(readAll(fileName), QByteArray("x = 1"));
}

void tst_WriterWindow::saveFile_writesExactBytesThroughSaveFile()
{
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"out.cpp"_s);
    QVERIFY(writeAll(fileName, "old contents that are longer than the new ones\n"));

    ui::WriterWindow window;
    const QString text = u"int main()\r\n{\n\treturn 0; // é 漢 😀\n}\n"_s;
    window.document()->setText(text);
    QString error;
    QVERIFY2(window.saveFile(fileName, &error), qPrintable(error));
    QCOMPARE(readAll(fileName), text.toUtf8());
    QCOMPARE(window.languageId(), u"cpp"_s);
    // QSaveFile leaves no temporary file behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {u"out.cpp"_s});
}

void tst_WriterWindow::saveFile_whenWriteFails_keepsOriginalFile()
{
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"keep.txt"_s);
    const QByteArray original = "precious original\n";
    QVERIFY(writeAll(fileName, original));

    ui::WriterWindow window;
    QVERIFY(window.loadFile(fileName));
    window.document()->setText(QString(64 * 1024, u'x'));
    window.editor()->setModified(true);

    QString error;
    bool saved = true;
    {
        const FileSizeLimit limit(4096);
        saved = window.saveFile(fileName, &error);
    }
    QVERIFY(!saved);
    QVERIFY(!error.isEmpty());
    QCOMPARE(readAll(fileName), original);
    QVERIFY(window.editor()->isModified());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {u"keep.txt"_s});
}

void tst_WriterWindow::loadFile_largeDocument_hasNoLexerAndNoStyles()
{
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"big.cpp"_s);
    QByteArray bytes;
    const QByteArray line = "int value = 42; // a line of a large C++ file, with é\n";
    bytes.reserve(9 * 1024 * 1024);
    while (bytes.size() < 9 * 1024 * 1024)
        bytes += line;
    QVERIFY(writeAll(fileName, bytes));

    ui::WriterWindow window;
    QVERIFY(window.loadFile(fileName));
    QVERIFY(!window.editor()->lexer());
    QCOMPARE(window.editor()->SendScintilla(QsciScintillaBase::SCI_GETDOCUMENTOPTIONS)
                 & QsciScintillaBase::SC_DOCUMENTOPTION_STYLES_NONE,
             long(QsciScintillaBase::SC_DOCUMENTOPTION_STYLES_NONE));
    QCOMPARE(window.document()->byteLength(), bytes.size());
    QCOMPARE(window.document()->length(), QString::fromUtf8(bytes).size());

    // A small file afterwards gets styles and its lexer back.
    const QString small = dir.filePath(u"small.cpp"_s);
    QVERIFY(writeAll(small, "int x;\n"));
    QVERIFY(window.loadFile(small));
    QVERIFY(window.editor()->lexer());
    QCOMPARE(window.editor()->SendScintilla(QsciScintillaBase::SCI_GETDOCUMENTOPTIONS), 0L);
}

void tst_WriterWindow::newFile_replacesDocumentAndReportsTheChange()
{
    ui::WriterWindow window;
    window.document()->setText(u"first\nsecond"_s);
    QList<ui::EditorChange> changes;
    connect(window.document(), &ui::ScintillaDocument::changed, this,
            [&changes](const ui::EditorChange &change) { changes.append(change); });
    window.document()->load(u"fresh 😀"_s, false);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.at(0).end.line, 2);
    QCOMPARE(changes.at(0).end.column, 7);
    QCOMPARE(changes.at(0).rangeLength, 12);
    QCOMPARE(changes.at(0).text, u"fresh 😀"_s);
    QCOMPARE(window.document()->text(), u"fresh 😀"_s);
    QVERIFY(!window.editor()->isUndoAvailable());
}

void tst_WriterWindow::qrCode_encodesLinkAsSquareImage()
{
    const QImage image = ui::qrCodeImage(u"http://192.168.1.20:3000/#k3v9qabcdefghijklmnop"_s, 4);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), image.height());
    QCOMPARE(image.width() % 4, 0);
    // Quiet zone white, finder pattern corner black.
    QCOMPARE(QColor(image.pixel(0, 0)), QColor(Qt::white));
    QCOMPARE(QColor(image.pixel(4 * 4 + 1, 4 * 4 + 1)), QColor(Qt::black));
}

QTEST_MAIN(tst_WriterWindow)
#include "tst_writerwindow.moc"
