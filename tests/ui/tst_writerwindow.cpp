#include "documenttab.h"
#include "documenttabs.h"
#include "languages.h"
#include "qrcode.h"
#include "recoverystorage.h"
#include "scintilladocument.h"
#include "sessionrecorder.h"
#include "watcherwindow.h"
#include "windowregistry.h"
#include "writerwindow.h"

#include "stream/streamwriter.h"
#include "stream/workspacewriter.h"

#include <QAbstractButton>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QInputDialog>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

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

// Answers the next modal message box with `button`, recording its text.
class MessageBoxAnswerer : public QObject
{
public:
    explicit MessageBoxAnswerer(QMessageBox::StandardButton button)
        : m_button(button)
    {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || !box->button(m_button))
                return;
            texts.append(box->text());
            box->button(m_button)->click();
        });
        m_timer.start();
    }

    QStringList texts;

private:
    QMessageBox::StandardButton m_button;
    QTimer m_timer;
};

// Times every key press: how long the event takes to return.
struct KeyTimes
{
    qint64 maxNs = 0;
    qint64 totalNs = 0;
    int keys = 0;
};

KeyTimes typeTimed(QWidget *widget, int count)
{
    KeyTimes times;
    QElapsedTimer timer;
    for (int i = 0; i < count; ++i) {
        const char c = i % 60 == 59 ? '\n' : char('a' + i % 26);
        timer.start();
        if (c == '\n')
            QTest::keyClick(widget, Qt::Key_Return);
        else
            QTest::keyClick(widget, c);
        const qint64 ns = timer.nsecsElapsed();
        times.maxNs = std::max(times.maxNs, ns);
        times.totalNs += ns;
        ++times.keys;
        if (i % 50 == 0)
            QCoreApplication::processEvents(); // let timers (flush, reconnect) run in between
    }
    return times;
}

void writeRecoveryFile(const QString &path, const QString &documentFile, const QString &text)
{
    QFile file(path);
    QVERIFY(file.open(QFile::WriteOnly));
    file.write("CodeStream-Recovery 1\n");
    file.write(documentFile.toUtf8().toPercentEncoding() + '\n');
    file.write(text.toUtf8());
}

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
    void close_withUnsavedChanges_asksAndCancelKeepsItOpen();
    void close_withUnsavedChanges_discardCloses();
    void autosave_writesRecoveryFile_saveRemovesIt();
    void autosave_periodic_whenModified();
    void offerRecovery_afterCrash_restoresText();
    void offerRecovery_declined_discardsFile();
    void offerRecovery_ignoresFilesOfRunningWindows();
    void typing_whenNothingListens_neverBlocks();
    void typing_whenServerIsStopped_neverBlocks();
    void typing_whileRecordingToAStalledPipe_neverBlocks();
    void typing_whileRecordingToAFullDisk_neverBlocks();
    void watchSharedRoomInteractive_asksForLink_opensWatcher();
    void tabs_eachFileInItsOwnTab_reopeningFocusesIt();
    void tabs_closeTab_asksForUnsavedAndKeepsOneTab();
    void tabs_sameFileNames_titlesTellThemApart();
    void recovery_perTab_everyUnsavedTabKeptAndRestored();
};

void tst_WriterWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QDir(ui::WriterWindow::recoveryDirectory()).removeRecursively();
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

    QCOMPARE(stream::languageForFileName(fileName), languageId);
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

void tst_WriterWindow::close_withUnsavedChanges_asksAndCancelKeepsItOpen()
{
    ui::WriterWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.editor()->setFocus();
    QTest::keyClicks(window.editor()->viewport(), u"unsaved"_s);
    QTRY_VERIFY(window.isWindowModified());

    MessageBoxAnswerer answerer(QMessageBox::Cancel);
    QVERIFY(!window.close());
    QCOMPARE(answerer.texts.size(), 1);
    QVERIFY(answerer.texts.constFirst().contains(u"modified"_s));
    QVERIFY(window.isVisible());
    QCOMPARE(window.document()->text(), u"unsaved"_s);
}

void tst_WriterWindow::close_withUnsavedChanges_discardCloses()
{
    ui::WriterWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.editor()->setFocus();
    QTest::keyClicks(window.editor()->viewport(), u"throw away"_s);
    QTRY_VERIFY(window.isWindowModified());
    QVERIFY(window.autosave());
    QVERIFY(QFile::exists(window.recoveryFileName()));

    MessageBoxAnswerer answerer(QMessageBox::Discard);
    QVERIFY(window.close());
    QCOMPARE(answerer.texts.size(), 1);
    // A clean close leaves no recovery file.
    QVERIFY(!QFile::exists(window.recoveryFileName()));
}

void tst_WriterWindow::autosave_writesRecoveryFile_saveRemovesIt()
{
    QTemporaryDir dir;
    ui::WriterWindow window;
    QVERIFY(!window.autosave()); // nothing to keep
    QVERIFY(!QFile::exists(window.recoveryFileName()));
    QVERIFY(window.recoveryFileName().startsWith(
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));

    window.editor()->append(u"draft é 😀\n"_s);
    QVERIFY(window.hasUnsavedChanges());
    QVERIFY(window.autosave());
    const QByteArray recovered = readAll(window.recoveryFileName());
    QVERIFY(recovered.startsWith("CodeStream-Recovery 1\n"));
    QVERIFY(recovered.endsWith(u"draft é 😀\n"_s.toUtf8()));

    QString error;
    QVERIFY2(window.saveFile(dir.filePath(u"saved.txt"_s), &error), qPrintable(error));
    QVERIFY(!QFile::exists(window.recoveryFileName()));
}

void tst_WriterWindow::autosave_periodic_whenModified()
{
    ui::WriterWindow window;
    window.setAutosaveInterval(100);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.editor()->setFocus();
    QWidget *input = window.editor()->viewport();
    QTest::keyClicks(input, u"periodic"_s);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(window.recoveryFileName()), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(readAll(window.recoveryFileName()).endsWith("periodic"), 10000);
    QTest::keyClicks(input, u" more"_s);
    QTRY_VERIFY_WITH_TIMEOUT(readAll(window.recoveryFileName()).endsWith("periodic more"), 10000);
    // Undoing back to the unmodified state removes it.
    for (int i = 0; i < 20 && window.editor()->isModified(); ++i)
        QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY2(!window.editor()->isModified(), qPrintable(window.document()->text()));
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(window.recoveryFileName()), 10000);
}

void tst_WriterWindow::offerRecovery_afterCrash_restoresText()
{
    const QString directory = ui::WriterWindow::recoveryDirectory();
    QVERIFY(QDir().mkpath(directory));
    // What a session that crashed leaves behind: a recovery file, its lock owned by a process
    // that no longer runs (or no lock at all).
    const QString crashed = directory + u"/999999-1.recovery"_s;
    const QString text = u"def recovered():\n    return \"é 😀\"\n"_s;
    writeRecoveryFile(crashed, u"/tmp/project/recovered.py"_s, text);

    ui::WriterWindow window;
    MessageBoxAnswerer answerer(QMessageBox::Yes);
    QCOMPARE(window.offerRecovery(), 1);
    QCOMPARE(answerer.texts.size(), 1);
    QVERIFY(answerer.texts.constFirst().contains(u"recovered.py"_s));
    QCOMPARE(window.document()->text(), text);
    QCOMPARE(window.currentFile(), u"/tmp/project/recovered.py"_s);
    QCOMPARE(window.languageId(), u"python"_s);
    QVERIFY(window.hasUnsavedChanges());
    QVERIFY(window.isWindowModified());
    QVERIFY(!QFile::exists(crashed));
    // The restored text is protected again by this window's own recovery file.
    QVERIFY(readAll(window.recoveryFileName()).endsWith(text.toUtf8()));
}

void tst_WriterWindow::offerRecovery_declined_discardsFile()
{
    const QString directory = ui::WriterWindow::recoveryDirectory();
    QVERIFY(QDir().mkpath(directory));
    const QString crashed = directory + u"/999998-1.recovery"_s;
    writeRecoveryFile(crashed, QString(), u"not wanted"_s);

    ui::WriterWindow window;
    MessageBoxAnswerer answerer(QMessageBox::No);
    QCOMPARE(window.offerRecovery(), 0);
    QCOMPARE(answerer.texts.size(), 1);
    QVERIFY(window.document()->text().isEmpty());
    QVERIFY(!QFile::exists(crashed));
}

void tst_WriterWindow::offerRecovery_ignoresFilesOfRunningWindows()
{
    ui::WriterWindow running;
    running.editor()->append(u"still being edited"_s);
    QVERIFY(running.autosave());

    ui::WriterWindow window;
    MessageBoxAnswerer answerer(QMessageBox::Yes);
    QCOMPARE(window.offerRecovery(), 0);
    QVERIFY(answerer.texts.isEmpty());
    QVERIFY(QFile::exists(running.recoveryFileName()));
    running.editor()->setModified(false);
}

void tst_WriterWindow::typing_whenNothingListens_neverBlocks()
{
    // A port that was free a moment ago: nothing listens there.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ui::WriterWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QUrl origin;
    origin.setScheme(u"http"_s);
    origin.setHost(u"127.0.0.1"_s);
    origin.setPort(port);
    window.streamToServer(origin);
    window.editor()->setFocus();

    const KeyTimes times = typeTimed(window.editor()->viewport(), 2000);
    qInfo("nothing listening: %d keys, max %.2f ms, mean %.3f ms per key", times.keys,
          double(times.maxNs) / 1e6, double(times.totalNs) / times.keys / 1e6);
    QCOMPARE(window.document()->length(), 2000);
    QVERIFY2(times.maxNs < 500'000'000, "a key press took longer than 500 ms");
    window.editor()->setModified(false);
}

void tst_WriterWindow::typing_whenServerIsStopped_neverBlocks()
{
    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.start(qEnvironmentVariable("CODESTREAM_BIN_DIR") + u"/codestream-cli"_s,
                 {u"serve"_s, u"--port"_s, u"0"_s});
    QVERIFY2(server.waitForStarted(10000), qPrintable(server.errorString()));
    QString listening;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            if (server.canReadLine())
                listening = QString::fromUtf8(server.readLine()).trimmed();
            return listening.startsWith(u"listening: "_s);
        }(),
        20000);
    const QUrl origin(listening.mid(int(qstrlen("listening: "))));
    QVERIFY(origin.isValid() && origin.port() > 0);

    ui::WriterWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.streamToServer(origin);
    QTRY_COMPARE_WITH_TIMEOUT(window.streamWriter()->connectionState(),
                              stream::ConnectionState::Connected, 20000);

    ::kill(pid_t(server.processId()), SIGSTOP);
    window.editor()->setFocus();
    const KeyTimes times = typeTimed(window.editor()->viewport(), 2000);
    // A few seconds on top, with flushes going nowhere.
    QTest::qWait(1500);
    const KeyTimes later = typeTimed(window.editor()->viewport(), 200);
    ::kill(pid_t(server.processId()), SIGCONT);
    qInfo("server stopped: %d keys, max %.2f ms, mean %.3f ms per key; after 1.5 s: max %.2f ms",
          times.keys, double(times.maxNs) / 1e6, double(times.totalNs) / times.keys / 1e6,
          double(later.maxNs) / 1e6);
    QCOMPARE(window.document()->length(), 2200);
    QVERIFY2(times.maxNs < 500'000'000, "a key press took longer than 500 ms");
    QVERIFY2(later.maxNs < 500'000'000, "a key press took longer than 500 ms");

    window.stopStreaming();
    window.editor()->setModified(false);
    server.terminate();
    if (!server.waitForFinished(10000))
        server.kill();
}

void tst_WriterWindow::watchSharedRoomInteractive_asksForLink_opensWatcher()
{
    // What `codestream --watch` without a link does.
    ui::WriterWindow window;
    QString label;
    QTimer answer;
    answer.setInterval(20);
    connect(&answer, &QTimer::timeout, this, [&label] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        label = dialog->labelText();
        dialog->setTextValue(u"http://127.0.0.1:9/#askedroom"_s);
        dialog->accept();
    });
    answer.start();
    ui::WatcherWindow *watcher = window.watchSharedRoomInteractive();
    answer.stop();
    QCOMPARE(label, ui::WindowRegistry::tr("Share link:"));
    QVERIFY(watcher);
    QCOMPARE(watcher->shareLink().fragment(), u"askedroom"_s);
    QCOMPARE(window.watcherWindows().size(), 1);
}

namespace {

// Hosts a session in `window`, starts recording it to `path` and types 2,000 keys.
KeyTimes typeWhileRecording(ui::WriterWindow &window, const QString &path)
{
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return {};
    QString error;
    if (!window.hostSession(QHostAddress::LocalHost, 0, &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    if (!QTest::qWaitFor(
            [&] {
                return window.streamWriter()->connectionState()
                    == stream::ConnectionState::Connected;
            },
            20000))
        return {};
    if (!window.sessionRecorder()->start(path, &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    window.editor()->setFocus();
    // Ten bursts with the event loop running between them: the writer flushes (every 200 ms) and
    // the recorder gets messages to write while typing goes on.
    KeyTimes all;
    for (int burst = 0; burst < 10; ++burst) {
        const KeyTimes times = typeTimed(window.editor()->viewport(), 200);
        all.keys += times.keys;
        all.totalNs += times.totalNs;
        all.maxNs = std::max(all.maxNs, times.maxNs);
        QTest::qWait(250);
    }
    return all;
}

} // namespace

void tst_WriterWindow::typing_whileRecordingToAStalledPipe_neverBlocks()
{
    // A "disk" that takes 4 KiB and then blocks every write: a pipe whose reader never reads.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray fifo = QFile::encodeName(dir.filePath(u"stalled.cscast"_s));
    QVERIFY(::mkfifo(fifo.constData(), 0600) == 0);
    const int reader = ::open(fifo.constData(), O_RDONLY | O_NONBLOCK);
    QVERIFY(reader >= 0);
    const int writer = ::open(fifo.constData(), O_WRONLY | O_NONBLOCK);
    QVERIFY(writer >= 0);
    ::fcntl(writer, F_SETPIPE_SZ, 4096);
    // Full before the recording starts: the recorder's first write blocks.
    const QByteArray filler(4096, 'x');
    while (::write(writer, filler.constData(), size_t(filler.size())) > 0) { }

    ui::WriterWindow window;
    const KeyTimes times = typeWhileRecording(window, dir.filePath(u"stalled.cscast"_s));
    qInfo("recording to a stalled pipe: %d keys, max %.2f ms, mean %.3f ms per key", times.keys,
          double(times.maxNs) / 1e6, double(times.totalNs) / std::max(times.keys, 1) / 1e6);
    QCOMPARE(window.document()->length(), 2000);
    QVERIFY2(times.maxNs < 500'000'000, "a key press took longer than 500 ms");
    QVERIFY(window.sessionRecorder()->isRecording());
    // Let the recorder's thread finish: drain the pipe on a thread of its own while the window
    // stops recording (which waits for the last write).
    std::atomic<bool> draining {true};
    std::thread drain([reader, &draining] {
        char buffer[65536];
        while (draining) {
            if (::read(reader, buffer, sizeof buffer) <= 0)
                std::this_thread::yield();
        }
    });
    window.sessionRecorder()->stop();
    draining = false;
    drain.join();
    ::close(writer);
    ::close(reader);
    window.editor()->setModified(false);
}

void tst_WriterWindow::typing_whileRecordingToAFullDisk_neverBlocks()
{
    if (!QFile::exists(u"/dev/full"_s))
        QSKIP("this system has no /dev/full");
    ui::WriterWindow window;
    QSignalSpy messages(window.sessionRecorder(), &ui::SessionRecorder::statusMessage);
    const KeyTimes times = typeWhileRecording(window, u"/dev/full"_s);
    qInfo("recording to a full disk: %d keys, max %.2f ms, mean %.3f ms per key", times.keys,
          double(times.maxNs) / 1e6, double(times.totalNs) / std::max(times.keys, 1) / 1e6);
    QCOMPARE(window.document()->length(), 2000);
    QVERIFY2(times.maxNs < 500'000'000, "a key press took longer than 500 ms");
    // The full disk is reported and ends the recording; typing went on regardless.
    QTRY_VERIFY_WITH_TIMEOUT(!window.sessionRecorder()->isRecording(), 10000);
    QVERIFY(std::any_of(messages.cbegin(), messages.cend(), [](const QList<QVariant> &args) {
        return args.at(0).toString().startsWith(u"Recording stopped"_s);
    }));
    window.editor()->setModified(false);
}

void tst_WriterWindow::tabs_eachFileInItsOwnTab_reopeningFocusesIt()
{
    QTemporaryDir dir;
    const QString first = dir.filePath(u"first.py"_s);
    const QString second = dir.filePath(u"second.cpp"_s);
    QVERIFY(writeAll(first, "a = 1\n"));
    QVERIFY(writeAll(second, "int b;\n"));
    ui::WriterWindow window;
    ui::DocumentTabs *tabs = window.tabs();
    QCOMPARE(tabs->count(), 1);
    QVERIFY(window.loadFile(first));
    QCOMPARE(tabs->count(), 1); // the blank untitled tab is reused
    QVERIFY(window.loadFile(second));
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(window.currentFile(), second);
    QCOMPARE(window.languageId(), u"cpp"_s);
    QCOMPARE(tabs->tabText(0), u"first.py"_s);
    QCOMPARE(tabs->tabText(1), u"second.cpp"_s);

    // Opening a file that is open already focuses its tab.
    QVERIFY(window.loadFile(first));
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(tabs->currentIndex(), 0);
    QCOMPARE(window.document()->text(), u"a = 1\n"_s);
    QCOMPARE(window.languageId(), u"python"_s);
    QCOMPARE(QString::fromLatin1(window.editor()->lexer()->language()), u"Python"_s);

    // A modified tab is marked; the window shows the current tab's state.
    tabs->document(1)->editor()->append(u"int c;\n"_s);
    QCOMPARE(tabs->tabText(1), u"second.cpp*"_s);
    QVERIFY(!window.isWindowModified());
    tabs->setCurrentIndex(1);
    QVERIFY(window.isWindowModified());
    QString error;
    QVERIFY2(window.saveFile(second, &error), qPrintable(error));
    QCOMPARE(readAll(second), QByteArray("int b;\nint c;\n"));
    QCOMPARE(tabs->tabText(1), u"second.cpp"_s);
    QVERIFY(!window.isWindowModified());

    // A file that cannot be read opens no tab.
    QVERIFY(!window.loadFile(dir.filePath(u"absent.txt"_s), &error));
    QCOMPARE(tabs->count(), 2);
}

void tst_WriterWindow::tabs_closeTab_asksForUnsavedAndKeepsOneTab()
{
    ui::WriterWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.newFile();
    ui::DocumentTabs *tabs = window.tabs();
    QCOMPARE(tabs->count(), 2);
    window.editor()->append(u"draft"_s);
    {
        MessageBoxAnswerer answerer(QMessageBox::Cancel);
        QVERIFY(!window.closeTab());
        QCOMPARE(answerer.texts.size(), 1);
    }
    QCOMPARE(tabs->count(), 2);
    {
        MessageBoxAnswerer answerer(QMessageBox::Discard);
        QVERIFY(window.closeTab());
        QCOMPARE(answerer.texts.size(), 1);
    }
    QCOMPARE(tabs->count(), 1);
    // Closing the last tab leaves a new untitled one.
    ui::DocumentTab *last = tabs->currentDocument();
    QVERIFY(window.closeTab());
    QCOMPARE(tabs->count(), 1);
    QVERIFY(tabs->currentDocument() != last);
    QVERIFY(tabs->currentDocument()->isBlank());
}

void tst_WriterWindow::tabs_sameFileNames_titlesTellThemApart()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(u"app/src"_s));
    QVERIFY(QDir(dir.path()).mkpath(u"lib/src"_s));
    QVERIFY(writeAll(dir.filePath(u"app/src/main.cpp"_s), "app\n"));
    QVERIFY(writeAll(dir.filePath(u"lib/src/main.cpp"_s), "lib\n"));
    ui::WriterWindow window;
    QVERIFY(window.loadFile(dir.filePath(u"app/src/main.cpp"_s)));
    ui::DocumentTabs *tabs = window.tabs();
    QCOMPARE(tabs->streamTitle(tabs->document(0)), u"main.cpp"_s);
    QVERIFY(window.loadFile(dir.filePath(u"lib/src/main.cpp"_s)));
    QCOMPARE(tabs->streamTitle(tabs->document(0)), u"app/src/main.cpp"_s);
    QCOMPARE(tabs->streamTitle(tabs->document(1)), u"lib/src/main.cpp"_s);
    window.newFile();
    window.newFile();
    QCOMPARE(tabs->streamTitle(tabs->document(2)), u"untitled.txt"_s);
    QCOMPARE(tabs->streamTitle(tabs->document(3)), u"untitled-2.txt"_s);
    QVERIFY(window.closeTab(tabs->document(1)));
    QCOMPARE(tabs->streamTitle(tabs->document(0)), u"main.cpp"_s);
}

void tst_WriterWindow::recovery_perTab_everyUnsavedTabKeptAndRestored()
{
    ui::WriterWindow window;
    window.newFile();
    ui::DocumentTabs *tabs = window.tabs();
    tabs->document(0)->editor()->append(u"first draft"_s);
    tabs->document(1)->editor()->append(u"second draft é"_s);
    QVERIFY(window.autosave());
    const QString firstFile = window.recovery()->recoveryFileName(tabs->document(0));
    const QString secondFile = window.recovery()->recoveryFileName(tabs->document(1));
    QVERIFY(firstFile != secondFile);
    QVERIFY(readAll(firstFile).endsWith("first draft"));
    QVERIFY(readAll(secondFile).endsWith(u"second draft é"_s.toUtf8()));
    // Discarding one tab removes its file only.
    {
        MessageBoxAnswerer answerer(QMessageBox::Discard);
        QVERIFY(window.closeTab(tabs->document(0)));
    }
    QVERIFY(!QFile::exists(firstFile));
    QVERIFY(QFile::exists(secondFile));
    tabs->document(0)->editor()->setModified(false);
    QVERIFY(!window.autosave());
    QVERIFY(!QFile::exists(secondFile));

    // Two documents left behind by a crash come back as two tabs.
    const QString directory = ui::WriterWindow::recoveryDirectory();
    writeRecoveryFile(directory + u"/999997-1.recovery"_s, u"/tmp/a.py"_s, u"a = 1\n"_s);
    writeRecoveryFile(directory + u"/999997-2.recovery"_s, QString(), u"loose notes"_s);
    ui::WriterWindow restored;
    MessageBoxAnswerer answerer(QMessageBox::Yes);
    QCOMPARE(restored.offerRecovery(), 2);
    QCOMPARE(restored.tabs()->count(), 2);
    QStringList texts;
    for (ui::DocumentTab *tab : restored.tabs()->documents()) {
        QVERIFY(tab->hasUnsavedChanges());
        texts.append(tab->document()->text());
    }
    texts.sort();
    QCOMPARE(texts, (QStringList {u"a = 1\n"_s, u"loose notes"_s}));
    for (ui::DocumentTab *tab : restored.tabs()->documents())
        tab->loadText(QString(), QString(), false);
}

QTEST_MAIN(tst_WriterWindow)
#include "tst_writerwindow.moc"
