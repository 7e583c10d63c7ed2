#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSlider;

namespace ui {

// The timeline of a watcher window's live history (docs/recording.md §6): a slider over the
// times the history holds, a label saying what is shown, and the *Back to live* button.
class RewindBar final : public QWidget
{
    Q_OBJECT
public:
    explicit RewindBar(QWidget *parent = nullptr);

    // The times the slider covers, in seconds since the history started.
    void setRange(double first, double last);
    // Puts the handle at `seconds` without reporting a scrub.
    void setPosition(double seconds);
    // Live: the handle follows the end and *Back to live* is off. Rewound: the bar stands out.
    void setLive(bool live);
    void setText(const QString &text);

    QSlider *slider() const { return m_slider; }
    QPushButton *backToLiveButton() const { return m_backToLive; }
    QLabel *label() const { return m_label; }

signals:
    // The user moved the handle to `seconds` (not to the end).
    void scrubbed(double seconds);
    // The user pressed *Back to live* or moved the handle to the end.
    void backToLiveRequested();

private:
    QSlider *m_slider = nullptr;
    QLabel *m_label = nullptr;
    QPushButton *m_backToLive = nullptr;
    bool m_updating = false;
};

} // namespace ui
