#pragma once

#include "stream/recording.h"

#include <QMainWindow>
#include <QString>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QTimer;
class QsciScintilla;

namespace ui {

class ScintillaDocument;

// Plays a .cscast recording (docs/recording.md) in a read-only editor: play/pause at 0.25×–16×,
// a timeline to seek by time, stepping through changes, idle gaps shortened, and saving the
// document at the current point. Playback applies only the deltas between two positions; seeks
// start from the recording's keyframes.
class PlayerWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit PlayerWindow(QWidget *parent = nullptr);
    ~PlayerWindow() override;

    // Loads a recording and shows its start; false with the reader's error when it is not one
    // (the window then shows nothing). Warnings found while loading go to the status bar.
    bool openRecording(const QString &path, QString *error = nullptr);
    const stream::Recording *recording() const { return m_recording.get(); }

    // The editor's text, the position's time (seconds) and version (-1 before the first step).
    QString documentText() const;
    double currentTime() const { return m_time; }
    qint64 currentVersion() const;
    // The index of the step shown, -1 before the first one.
    qsizetype currentStep() const { return m_step; }
    bool isPlaying() const;
    double speed() const { return m_speed; }
    bool skipsIdleGaps() const;

    // Writes the document shown to `path` (atomically); false with the reason in `error`.
    bool saveDocument(const QString &path, QString *error = nullptr) const;

public slots:
    void play();
    void pause();
    void togglePlaying();
    // Speeds are clamped to 0.25–16.
    void setSpeed(double speed);
    void setSkipIdleGaps(bool skip);
    void seekToTime(double seconds);
    // False when the recording does not hold `version`.
    bool seekToVersion(qint64 version);
    void stepNext();
    void stepPrevious();
    // Asks for a file name and saves the document shown.
    void saveDocumentAs();

signals:
    // The position shown changed.
    void positionChanged(double seconds, qint64 version);
    // Playback reached the end of the recording.
    void playbackFinished();

private:
    void createActions();
    void showStep(qsizetype step, double seconds);
    void scheduleNext();
    void advance();
    void updatePositionWidgets();
    double gapToNext() const;

    std::unique_ptr<stream::Recording> m_recording;
    QsciScintilla *m_editor = nullptr;
    ScintillaDocument *m_document = nullptr;
    QTimer *m_timer = nullptr;
    QSlider *m_timeline = nullptr;
    QComboBox *m_speedBox = nullptr;
    QCheckBox *m_skipIdle = nullptr;
    QLabel *m_timeLabel = nullptr;
    QLabel *m_versionLabel = nullptr;
    QAction *m_playAction = nullptr;
    QString m_languageId;
    QString m_path;
    qsizetype m_step = -1;
    double m_time = 0;
    double m_speed = 1;
    bool m_updatingTimeline = false;
};

} // namespace ui
