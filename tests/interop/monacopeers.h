#pragma once

#include "interoppeers.h"

#include <QJsonDocument>
#include <QJsonValue>

namespace interop {

inline QString jsString(const QString &text)
{
    const QByteArray json = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

// tests/node/interop-monaco-writer.html: a Monaco editor streaming the way the original sample's
// page does.
class MonacoWriter final
{
public:
    explicit MonacoWriter(Browser &browser)
        : m_browser(browser)
    { }

    // Opens the page on `origin` and waits until it has joined R-control.
    bool open(const QString &origin)
    {
        m_page = m_browser.open(origin + QStringLiteral("/__interop/interop-monaco-writer.html"));
        return m_page > 0
            && m_browser.waitFor(m_page,
                                 QStringLiteral("window.interop.state === 'streaming' "
                                                "&& window.interop.joined === true"));
    }

    QString roomId()
    {
        return m_browser.eval(m_page, QStringLiteral("window.interop.roomId")).toString();
    }

    // Edits the document the ways a user does: replaces it (with `eol` line breaks), types with
    // the keyboard (Enter, Tab, Backspace), inserts emoji and CJK as an input method does, edits
    // several ranges in one event and types with several cursors.
    bool runEditScript(const QString &eol)
    {
        const QString initial = QStringLiteral("// h\u00e9llo \U0001F600") + eol
            + QStringLiteral("\tline2") + eol + QStringLiteral("third line") + eol;
        const QStringList steps {
            QStringLiteral("window.interop.editor.setValue(%1)").arg(jsString(initial)),
            QStringLiteral("window.interop.editor.focus()"),
            QStringLiteral("window.interop.editor.setPosition({lineNumber: 4, column: 1})"),
        };
        for (const QString &step : steps)
            if (m_browser.eval(m_page, step).isUndefined())
                return false;
        if (!m_browser.type(m_page, QStringLiteral("int main() {"))
            || !m_browser.press(m_page, QStringLiteral("Enter"))
            || !m_browser.press(m_page, QStringLiteral("Tab"))
            || !m_browser.type(m_page, QStringLiteral("return 0;"))
            || !m_browser.type(
                m_page, QStringLiteral(" // \U0001F600 \u4e16\u754c \u00e9\u00e8 \U0001F389"),
                true))
            return false;
        QTest::qWait(300);
        const QStringList edits {
            // Two ranges in one event (Monaco reports them from the end of the document).
            QStringLiteral(
                "window.interop.editor.executeEdits('interop', ["
                "{range: new monaco.Range(1, 4, 1, 5), text: 'H'},"
                "{range: new monaco.Range(3, 1, 3, 6), text: '\u7b2c\u4e09 \U0001F680'}])"),
            // Several cursors typing at once.
            QStringLiteral("window.interop.editor.setSelections(["
                           "new monaco.Selection(1, 1, 1, 1), new monaco.Selection(2, 1, 2, 1),"
                           "new monaco.Selection(4, 1, 4, 1)])"),
        };
        for (const QString &step : edits)
            if (m_browser.eval(m_page, step).isUndefined())
                return false;
        if (!m_browser.type(m_page, QStringLiteral("X\u00e9"))
            || !m_browser.type(m_page, QStringLiteral("\U0001F600"), true)
            || !m_browser.press(m_page, QStringLiteral("Backspace")))
            return false;
        QTest::qWait(300);
        // A deletion across a line break, then typing at the very end.
        const QStringList last {
            QStringLiteral("window.interop.editor.executeEdits('interop', "
                           "[{range: new monaco.Range(2, 3, 3, 2), text: ''}])"),
            QStringLiteral(
                "window.interop.editor.setSelection(new monaco.Selection(99, 1, 99, 1))"),
        };
        for (const QString &step : last)
            if (m_browser.eval(m_page, step).isUndefined())
                return false;
        return m_browser.press(m_page, QStringLiteral("Enter"))
            && m_browser.type(m_page, QStringLiteral("}\t// \u7d42"));
    }

    // The writer's text once every change went out.
    QByteArray settledText()
    {
        if (!m_browser.waitFor(m_page,
                               QStringLiteral("window.interop.pendingEvents() === 0 && "
                                              "window.interop.flushedText() === "
                                              "window.interop.editor.getValue()")))
            return QByteArrayLiteral("<writer did not settle>");
        return m_browser.eval(m_page, QStringLiteral("window.interop.editor.getValue()"))
            .toString()
            .toUtf8();
    }

    int page() const { return m_page; }

private:
    Browser &m_browser;
    int m_page = 0;
};

// tests/node/interop-monaco-watcher.html: a Monaco editor applying a stream the way the
// original sample's page does.
class MonacoWatcher final
{
public:
    explicit MonacoWatcher(Browser &browser)
        : m_browser(browser)
    { }

    bool open(const QString &origin, const QString &room)
    {
        m_page = m_browser.open(origin + QStringLiteral("/__interop/interop-monaco-watcher.html#")
                                + room);
        return m_page > 0
            && m_browser.waitFor(m_page, QStringLiteral("window.interop.state === 'watching'"));
    }

    QByteArray text()
    {
        const QJsonValue value = m_browser.eval(
            m_page,
            QStringLiteral("window.interop.editor ? window.interop.editor.getValue() : null"));
        return value.isString() ? value.toString().toUtf8() : QByteArrayLiteral("<no text>");
    }

private:
    Browser &m_browser;
    int m_page = 0;
};

// The embedded server's own browser watcher page, `<origin>/#<room>`.
class WebPageWatcher final
{
public:
    explicit WebPageWatcher(Browser &browser)
        : m_browser(browser)
    { }

    bool open(const QString &origin, const QString &room)
    {
        m_page = m_browser.open(origin + QStringLiteral("/#") + room);
        return m_page > 0
            && m_browser.waitFor(m_page, QStringLiteral("window.codestream !== undefined"));
    }

    QByteArray text()
    {
        const QJsonValue value = m_browser.eval(
            m_page, QStringLiteral("window.codestream ? window.codestream.text() : null"));
        return value.isString() ? value.toString().toUtf8() : QByteArrayLiteral("<no text>");
    }

private:
    Browser &m_browser;
    int m_page = 0;
};

} // namespace interop
