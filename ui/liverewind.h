#pragma once

#include "stream/livehistory.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QAction;
class QJsonObject;
class QTimer;
class QWidget;
class QsciScintilla;

namespace stream {
class StreamWatcher;
}

namespace ui {

class RewindBar;
class ScintillaDocument;
struct Preferences;

// Live rewind of a watcher window (docs/recording.md §6): keeps what the watcher receives in a
// bounded stream::LiveHistory and offers a RewindBar. While rewound, a read-only view of its own
// shows the document as it was, in place of the live editor, which goes on following the writer
// unseen; *Back to live* shows the live editor again with its text, cursor and scroll.
class LiveRewind final : public QObject
{
    Q_OBJECT
public:
    // `live` is the watcher's document in the window's editor; `window` gets the view.
    LiveRewind(stream::StreamWatcher *watcher, ScintillaDocument *live, QWidget *window);
    ~LiveRewind() override;

    // The view that shows the past (hidden while live); the window lays it out with the editor.
    QsciScintilla *historyView() const { return m_view; }
    RewindBar *bar() const { return m_bar; }
    // *Back One Change*, *Forward One Change*, *Back to Live*, for the window's menu.
    QList<QAction *> actions() const { return m_actions; }
    QAction *backToLiveAction() const { return m_backToLiveAction; }
    const stream::LiveHistory &history() const { return m_history; }

    bool isRewound() const { return m_shown.has_value(); }
    // The state shown while rewound.
    std::optional<stream::HistoryPoint> shownPoint() const { return m_shown; }
    // The text in view: the past one while rewound, else the live one.
    QString shownText() const;

    // The history's bound, and the view's tab width, font and colours.
    void applyPreferences(const Preferences &preferences);

public slots:
    // Rewinds to the document at `seconds` since the history started (see history()); false,
    // with a message in the bar, when the history does not know the document there.
    bool seekToTime(double seconds);
    bool seekToVersion(qint64 version);
    // Shows the state one version before or after the one in view.
    void stepBack();
    void stepForward();
    // Shows the live editor again.
    void backToLive();

signals:
    // The view left live (true) or came back to it (false).
    void rewoundChanged(bool rewound);
    // A past state is shown.
    void positionChanged(double seconds, qint64 version);

private:
    void createActions(QWidget *window);
    void record(const stream::StreamMessage &message);
    // Shows `point`; the handle goes to `seconds` (where the user put it) or to the point.
    bool show(const stream::HistoryPoint &point, std::optional<double> seconds = {});
    void scheduleBarUpdate();
    void updateBar();
    QString clockText(double seconds) const;

    stream::StreamWatcher *m_watcher = nullptr;
    ScintillaDocument *m_live = nullptr;
    QsciScintilla *m_view = nullptr;
    ScintillaDocument *m_viewDocument = nullptr;
    RewindBar *m_bar = nullptr;
    QTimer *m_barTimer = nullptr;
    QList<QAction *> m_actions;
    QAction *m_backAction = nullptr;
    QAction *m_forwardAction = nullptr;
    QAction *m_backToLiveAction = nullptr;
    stream::LiveHistory m_history;
    QDateTime m_startedAt;
    std::optional<stream::HistoryPoint> m_shown;
    QString m_shownText;
    double m_shownTime = 0;
    QString m_languageId;
};

} // namespace ui
