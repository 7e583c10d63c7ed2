#include "liverewind.h"

#include "editorsetup.h"
#include "preferences.h"
#include "rewindbar.h"
#include "scintilladocument.h"

#include "stream/streamwatcher.h"
#include "stream/textdocument.h"

#include <QAction>
#include <QLocale>
#include <QTimer>
#include <QWidget>
#include <Qsci/qsciscintilla.h>

namespace ui {

namespace {

// How often the bar follows the growing history while messages arrive.
constexpr int barUpdateMs = 100;

} // namespace

LiveRewind::LiveRewind(stream::StreamWatcher *watcher, ScintillaDocument *live, QWidget *window)
    : QObject(window)
    , m_watcher(watcher)
    , m_live(live)
    , m_view(new QsciScintilla(window))
    , m_bar(new RewindBar(window))
    , m_barTimer(new QTimer(this))
    , m_startedAt(QDateTime::currentDateTime())
{
    m_view->setObjectName(QStringLiteral("rewindHistoryView"));
    configureEditor(m_view);
    m_view->setReadOnly(true);
    m_view->setCaretLineVisible(false);
    m_view->SendScintilla(QsciScintillaBase::SCI_SETUNDOCOLLECTION, 0UL);
    m_view->hide();
    m_viewDocument = new ScintillaDocument(m_view, this);
    m_languageId = watcher->language();
    connect(m_viewDocument, &ScintillaDocument::documentReplaced, this,
            [this](bool large) { applyLanguage(m_view, m_languageId, large); });
    connect(watcher, &stream::StreamWatcher::metaChanged, this, [this](const QString &language) {
        if (language == m_languageId)
            return;
        m_languageId = language;
        applyLanguage(m_view, language, m_viewDocument->isLarge());
    });
    connect(watcher, &stream::StreamWatcher::messageDecoded, this, &LiveRewind::record);

    m_barTimer->setSingleShot(true);
    m_barTimer->setInterval(barUpdateMs);
    connect(m_barTimer, &QTimer::timeout, this, &LiveRewind::updateBar);
    connect(m_bar, &RewindBar::scrubbed, this, &LiveRewind::seekToTime);
    connect(m_bar, &RewindBar::backToLiveRequested, this, &LiveRewind::backToLive);
    createActions(window);
    updateBar();
}

LiveRewind::~LiveRewind() = default;

void LiveRewind::createActions(QWidget *window)
{
    m_backAction = new QAction(tr("&Rewind One Change"), window);
    m_backAction->setObjectName(QStringLiteral("rewindBackAction"));
    m_backAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_backAction->setStatusTip(tr("Show the document as it was one change earlier"));
    connect(m_backAction, &QAction::triggered, this, &LiveRewind::stepBack);
    m_forwardAction = new QAction(tr("&Forward One Change"), window);
    m_forwardAction->setObjectName(QStringLiteral("rewindForwardAction"));
    m_forwardAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    connect(m_forwardAction, &QAction::triggered, this, &LiveRewind::stepForward);
    m_backToLiveAction = new QAction(tr("Back to &Live"), window);
    m_backToLiveAction->setObjectName(QStringLiteral("backToLiveAction"));
    m_backToLiveAction->setShortcuts(
        {QKeySequence(Qt::ALT | Qt::Key_End), QKeySequence(Qt::Key_Escape)});
    m_backToLiveAction->setStatusTip(tr("Show the writer's current text again"));
    connect(m_backToLiveAction, &QAction::triggered, this, &LiveRewind::backToLive);
    m_actions = {m_backAction, m_forwardAction, m_backToLiveAction};
}

QString LiveRewind::shownText() const
{
    return m_shown ? m_shownText : m_live->text();
}

void LiveRewind::applyPreferences(const Preferences &preferences)
{
    applyTabWidth(m_view, preferences.tabWidth);
    applyEditorFont(m_view);
    applyTheme(m_view);
    const qint64 bytes = qint64(preferences.rewindHistoryMb) * 1024 * 1024;
    const bool wasOff = m_history.maxBytes() == 0;
    m_history.setMaxBytes(bytes);
    if (bytes == 0) {
        backToLive();
    } else if (wasOff && m_watcher->watcherState() == stream::WatcherState::Live) {
        // Turned on while watching: the history starts from the document shown now.
        stream::FullMessage full {m_watcher->nextVersion(), m_live->text()};
        m_history.append(stream::encodeMessage(full));
    }
    m_bar->setVisible(bytes > 0);
    updateBar();
}

void LiveRewind::record(const stream::StreamMessage &message)
{
    if (m_history.maxBytes() == 0)
        return;
    m_history.append(message);
    if (!m_barTimer->isActive())
        m_barTimer->start();
}

bool LiveRewind::seekToTime(double seconds)
{
    const auto point = m_history.pointAtTime(seconds);
    if (!point) {
        m_bar->setText(tr("The document is not known at %1").arg(clockText(seconds)));
        return false;
    }
    return show(*point, seconds);
}

bool LiveRewind::seekToVersion(qint64 version)
{
    const auto point = m_history.pointAtVersion(version);
    return point && show(*point);
}

void LiveRewind::stepBack()
{
    const auto from = m_shown ? m_shown : m_history.lastPoint();
    if (from)
        seekToVersion(from->version - 1);
}

void LiveRewind::stepForward()
{
    const auto last = m_history.lastPoint();
    if (!m_shown || !last)
        return;
    if (m_shown->version + 1 >= last->version || !seekToVersion(m_shown->version + 1))
        backToLive();
}

bool LiveRewind::show(const stream::HistoryPoint &point, std::optional<double> seconds)
{
    const std::optional<QString> text = m_history.textAt(point);
    if (!text) {
        m_bar->setText(tr("The document is not known at %1").arg(clockText(point.time)));
        return false;
    }
    const bool entering = !m_shown;
    if (entering) {
        // The view takes the live editor's place where the reader was, so nothing jumps.
        QsciScintilla *editor = m_live->editor();
        const int firstLine = editor->firstVisibleLine();
        int line = 0;
        int index = 0;
        editor->getCursorPosition(&line, &index);
        const bool focused = editor->hasFocus();
        applyTheme(m_view);
        m_view->zoomTo(int(editor->SendScintilla(QsciScintillaBase::SCI_GETZOOM)));
        m_viewDocument->setText(*text);
        m_view->show();
        editor->hide();
        m_view->setCursorPosition(line, index);
        m_view->setFirstVisibleLine(firstLine);
        if (focused)
            m_view->setFocus();
    } else if (const auto edit = stream::diffTexts(m_shownText, *text)) {
        // Only what differs is replaced: the view keeps its place.
        m_viewDocument->replace(edit->offset, edit->length, edit->text);
    }
    m_shownText = *text;
    m_shown = point;
    m_shownTime = seconds.value_or(point.time);
    m_bar->setLive(false);
    updateBar();
    if (entering)
        emit rewoundChanged(true);
    emit positionChanged(point.time, point.version);
    return true;
}

void LiveRewind::backToLive()
{
    if (!m_shown)
        return;
    const bool focused = m_view->hasFocus();
    m_shown.reset();
    m_shownText.clear();
    QsciScintilla *editor = m_live->editor();
    editor->show();
    m_view->hide();
    if (focused)
        editor->setFocus();
    m_viewDocument->setText(QString());
    m_bar->setLive(true);
    updateBar();
    emit rewoundChanged(false);
}

void LiveRewind::updateBar()
{
    m_barTimer->stop();
    const auto first = m_history.firstPoint();
    const auto last = m_history.lastPoint();
    m_backAction->setEnabled(m_history.maxBytes() > 0 && first && last);
    m_forwardAction->setEnabled(m_shown.has_value());
    m_backToLiveAction->setEnabled(m_shown.has_value());
    if (!first || !last) {
        m_bar->setRange(0, 0);
        m_bar->setText(m_history.isSuspended() && m_history.maxBytes() > 0
                           ? tr("Live · the document is too large for the rewind history")
                           : tr("Live"));
        return;
    }
    m_bar->setRange(first->time, m_history.lastTime());
    if (m_shown) {
        m_bar->setPosition(m_shownTime);
        m_bar->setText(tr("Rewound to %1, version %2 · live: version %3")
                           .arg(clockText(m_shown->time))
                           .arg(m_shown->version)
                           .arg(last->version));
        return;
    }
    m_bar->setPosition(m_history.lastTime());
    m_bar->setText(tr("Live · history since %1, %2 MB")
                       .arg(clockText(first->time))
                       .arg(double(m_history.byteCount()) / (1024 * 1024), 0, 'f', 1));
}

QString LiveRewind::clockText(double seconds) const
{
    const QDateTime at = m_startedAt.addMSecs(qint64(seconds * 1000));
    return QLocale().toString(at.time(), QStringLiteral("HH:mm:ss"));
}

} // namespace ui
