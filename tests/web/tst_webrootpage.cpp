// A user's page served from `codestream-cli serve --web-root DIR`, as the original sample's page
// is: inline <style>, inline style attributes, inline scripts, Monaco (npm monaco-editor) that
// injects its own <style> elements, the stock socket.io client. In headless Chromium it connects
// to the server that serves it and streams both ways with the CLI.
#include "../interop/interoppeers.h"
#include "../interop/streampeers.h"

#include <QDirIterator>
#include <QTest>

using namespace interop;

class tst_WebRootPage final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void monacoWriterPage_fromWebRoot_streamsToCliWatcher();
    void monacoWatcherPage_fromWebRoot_followsCliWriter();

private:
    // Opens `file` (with `fragment`) from the web root and checks that the page's inline style,
    // its inline <style> and Monaco's injected styles took effect.
    int openPage(const QString &origin, const QString &fileAndFragment);
    QString startServer(Peer &server);

    Browser m_browser;
    QTemporaryDir m_root;
};

namespace {

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + QLatin1Char('/') + QDir(from).relativeFilePath(file);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(file, target))
            return false;
    }
    return true;
}

// The original sample's page logic (tests/node/interop-monaco-*.html), served from the web root
// itself rather than the test's own static server, with one more inline style attribute.
QByteArray webRootPage(const QString &interopPage)
{
    QByteArray page = readFile(sourcePath(QStringLiteral("tests/node/") + interopPage));
    page.replace("/__interop/", "/");
    page.replace("<div id=\"status\">",
                 "<p id=\"inline-style\" style=\"color: rgb(0, 128, 0)\">inline</p>\n"
                 "<div id=\"status\">");
    return page;
}

} // namespace

void tst_WebRootPage::initTestCase()
{
    if (!QFileInfo::exists(QStringLiteral("/usr/bin/chromium")))
        QSKIP("Debian's chromium is not installed");
    QVERIFY(m_root.isValid());
    const QString modules = nodeModules();
    QVERIFY2(copyTree(modules + QStringLiteral("/monaco-editor/min/vs"),
                      m_root.filePath(QStringLiteral("vs"))),
             qPrintable(modules));
    QVERIFY(QFile::copy(modules + QStringLiteral("/socket.io-client/dist/socket.io.min.js"),
                        m_root.filePath(QStringLiteral("socket.io.min.js"))));
    for (const QString &name : {QStringLiteral("interop-monaco-writer.html"),
                                QStringLiteral("interop-monaco-watcher.html")}) {
        const QByteArray page = webRootPage(name);
        QVERIFY(page.contains("<style>") && page.contains("<script>\n"));
        QVERIFY(!page.contains("__interop"));
        QVERIFY(writeFile(m_root.filePath(name), page));
    }
    QVERIFY2(m_browser.start(), qPrintable(m_browser.diagnostics()));
}

QString tst_WebRootPage::startServer(Peer &server)
{
    return startEmbeddedServer(server, {QStringLiteral("--web-root"), m_root.path()});
}

int tst_WebRootPage::openPage(const QString &origin, const QString &fileAndFragment)
{
    const int page = m_browser.open(origin + QLatin1Char('/') + fileAndFragment);
    if (page <= 0)
        return 0;
    // Inline style attribute, inline <style> (#editor is 900px wide) and Monaco's own <style>.
    const QString styled = QStringLiteral(
        "window.interop !== undefined && window.interop.editor !== undefined"
        " && getComputedStyle(document.getElementById('inline-style')).color === 'rgb(0, 128, 0)'"
        " && document.getElementById('editor').offsetWidth === 900"
        " && getComputedStyle(document.querySelector('.monaco-editor')).position === 'relative'");
    if (!m_browser.waitFor(page, styled))
        return 0;
    return page;
}

void tst_WebRootPage::monacoWriterPage_fromWebRoot_streamsToCliWatcher()
{
    Peer server;
    const QString origin = startServer(server);
    QVERIFY2(origin.startsWith(QLatin1String("http://")), qPrintable(server.diagnostics()));

    const int page = openPage(origin, QStringLiteral("interop-monaco-writer.html"));
    QVERIFY2(page > 0, qPrintable(m_browser.lastError() + m_browser.diagnostics()));
    QVERIFY2(m_browser.waitFor(page,
                               QStringLiteral("window.interop.state === 'streaming' "
                                              "&& window.interop.joined === true")),
             qPrintable(m_browser.lastError()));
    const QString room = m_browser.eval(page, QStringLiteral("window.interop.roomId")).toString();
    QVERIFY(!room.isEmpty());

    CliWatcher cli;
    QVERIFY(cli.start(origin + QStringLiteral("/#") + room));
    QVERIFY(!m_browser
                 .eval(page,
                       QStringLiteral("window.interop.editor.setValue("
                                      "'int main() {\\n\\treturn 0; // web root \\u00e9\\n}\\n')"))
                 .isUndefined());
    QVERIFY(m_browser.waitFor(page,
                              QStringLiteral("window.interop.pendingEvents() === 0 && "
                                             "window.interop.flushedText() === "
                                             "window.interop.editor.getValue()")));
    QTRY_COMPARE_WITH_TIMEOUT(
        cli.text(), QByteArray("int main() {\n\treturn 0; // web root \xc3\xa9\n}\n"), 20000);
}

void tst_WebRootPage::monacoWatcherPage_fromWebRoot_followsCliWriter()
{
    Peer server;
    const QString origin = startServer(server);
    QVERIFY2(origin.startsWith(QLatin1String("http://")), qPrintable(server.diagnostics()));

    WriterPeer writer(WriterKind::Cli);
    QVERIFY2(!writer.start(origin, "first\n").isEmpty(), qPrintable(writer.diagnostics()));
    const int page
        = openPage(origin, QStringLiteral("interop-monaco-watcher.html#") + writer.roomId());
    QVERIFY2(page > 0, qPrintable(m_browser.lastError() + m_browser.diagnostics()));
    QVERIFY(m_browser.waitFor(page, QStringLiteral("window.interop.state === 'watching'")));
    const auto text = [&] {
        return m_browser.eval(page, QStringLiteral("window.interop.editor.getValue()"))
            .toString()
            .toUtf8();
    };
    QTRY_COMPARE_WITH_TIMEOUT(text(), QByteArray("first\n"), 20000);
    writer.setText("first\nsecond \xf0\x9f\x9a\x80\n");
    QTRY_COMPARE_WITH_TIMEOUT(text(), QByteArray("first\nsecond \xf0\x9f\x9a\x80\n"), 20000);
}

QTEST_GUILESS_MAIN(tst_WebRootPage)
#include "tst_webrootpage.moc"
