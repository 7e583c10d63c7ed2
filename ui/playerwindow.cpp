#include "playerwindow.h"

#include "editorsetup.h"
#include "scintilladocument.h"

#include "stream/recordingreader.h"
#include "stream/textdocument.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSlider>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <Qsci/qsciscintilla.h>

#include <algorithm>

namespace ui {

namespace {

// Idle gaps longer than this (recorded seconds) are played as idleGapPlayed when skipping.
constexpr double idleGapThreshold = 3.0;
constexpr double idleGapPlayed = 1.0;
// Steps applied incrementally before a seek through a keyframe is cheaper.
constexpr qsizetype maxIncrementalSteps = 256;
// Steps closer together than this (played seconds) are applied in one timer tick.
constexpr double sameTickSeconds = 0.002;
constexpr int maxStepsPerTick = 2000;

QString formatTime(double seconds)
{
    const qint64 tenths = qint64(seconds * 10 + 0.5);
    return QStringLiteral("%1:%2.%3")
        .arg(tenths / 600)
        .arg((tenths / 10) % 60, 2, 10, QLatin1Char('0'))
        .arg(tenths % 10);
}

} // namespace

PlayerWindow::PlayerWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_editor(new QsciScintilla(this))
    , m_timer(new QTimer(this))
{
    configureEditor(m_editor);
    m_editor->setReadOnly(true);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETUNDOCOLLECTION, 0UL);
    m_document = new ScintillaDocument(m_editor, this);
    connect(m_document, &ScintillaDocument::documentReplaced, this,
            [this](bool large) { applyLanguage(m_editor, m_languageId, large); });
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &PlayerWindow::advance);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor, 1);
    m_timeline = new QSlider(Qt::Horizontal, central);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timeline->setToolTip(tr("Drag to seek"));
    connect(m_timeline, &QSlider::valueChanged, this, [this](int ms) {
        if (!m_updatingTimeline)
            seekToTime(ms / 1000.0);
    });
    layout->addWidget(m_timeline);
    setCentralWidget(central);

    createActions();
    m_timeLabel = new QLabel(this);
    m_versionLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_versionLabel);
    statusBar()->addPermanentWidget(m_timeLabel);
    setWindowTitle(tr("CodeStream Player"));
    resize(900, 700);
    updatePositionWidgets();
}

PlayerWindow::~PlayerWindow() = default;

void PlayerWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *saveAction
        = fileMenu->addAction(tr("Save Document &As…"), this, &PlayerWindow::saveDocumentAs);
    saveAction->setShortcuts(QKeySequence::SaveAs);
    fileMenu->addSeparator();
    QAction *closeAction = fileMenu->addAction(tr("&Close"), this, &QWidget::close);
    closeAction->setShortcuts(QKeySequence::Close);

    QMenu *playMenu = menuBar()->addMenu(tr("&Playback"));
    QToolBar *toolBar = addToolBar(tr("Playback"));
    toolBar->setObjectName(QStringLiteral("playbackToolBar"));
    QAction *previous
        = playMenu->addAction(tr("&Previous Change"), this, &PlayerWindow::stepPrevious);
    previous->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_playAction = playMenu->addAction(tr("&Play"), this, &PlayerWindow::togglePlaying);
    m_playAction->setShortcut(QKeySequence(Qt::Key_Space));
    QAction *next = playMenu->addAction(tr("&Next Change"), this, &PlayerWindow::stepNext);
    next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    toolBar->addAction(previous);
    toolBar->addAction(m_playAction);
    toolBar->addAction(next);

    toolBar->addSeparator();
    toolBar->addWidget(new QLabel(tr("Speed:"), toolBar));
    m_speedBox = new QComboBox(toolBar);
    m_speedBox->setObjectName(QStringLiteral("speed"));
    for (const double speed : {0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0})
        m_speedBox->addItem(tr("%1×").arg(speed), speed);
    m_speedBox->setCurrentIndex(2);
    connect(m_speedBox, &QComboBox::activated, this,
            [this](int index) { setSpeed(m_speedBox->itemData(index).toDouble()); });
    toolBar->addWidget(m_speedBox);
    m_skipIdle = new QCheckBox(tr("Skip idle gaps"), toolBar);
    m_skipIdle->setObjectName(QStringLiteral("skipIdleGaps"));
    m_skipIdle->setToolTip(
        tr("Play pauses longer than %1 s as %2 s").arg(idleGapThreshold).arg(idleGapPlayed));
    m_skipIdle->setChecked(true);
    connect(m_skipIdle, &QCheckBox::toggled, this, &PlayerWindow::setSkipIdleGaps);
    toolBar->addWidget(m_skipIdle);
}

bool PlayerWindow::openRecording(const QString &path, QString *error)
{
    pause();
    stream::RecordingReader reader;
    auto loaded = reader.readFile(path);
    if (!loaded) {
        if (error)
            *error = loaded.error();
        statusBar()->showMessage(loaded.error());
        return false;
    }
    m_recording = std::make_unique<stream::Recording>(std::move(*loaded));
    m_path = path;
    m_languageId = m_recording->header().language;
    if (m_languageId.isEmpty() && !m_recording->metas().isEmpty())
        m_languageId = m_recording->metas().first().second.language;
    const QString title = m_recording->header().title.isEmpty() ? QFileInfo(path).fileName()
                                                                : m_recording->header().title;
    setWindowTitle(tr("%1 — CodeStream Player").arg(title));
    m_updatingTimeline = true;
    m_timeline->setRange(0, int(std::min(m_recording->duration() * 1000.0, 2.0e9)));
    m_updatingTimeline = false;
    applyLanguage(m_editor, m_languageId, m_document->isLarge());
    m_step = -1;
    m_document->setText(QString());
    showStep(m_recording->stepCount() > 0 ? 0 : -1,
             m_recording->stepCount() > 0 ? m_recording->step(0).time : 0);
    if (!m_recording->warnings().isEmpty())
        statusBar()->showMessage(tr("The recording is damaged: %1")
                                     .arg(m_recording->warnings().join(QStringLiteral("; "))));
    return true;
}

QString PlayerWindow::documentText() const
{
    return m_document->text();
}

qint64 PlayerWindow::currentVersion() const
{
    return m_step >= 0 ? m_recording->step(m_step).version : -1;
}

bool PlayerWindow::isPlaying() const
{
    return m_timer->isActive();
}

bool PlayerWindow::skipsIdleGaps() const
{
    return m_skipIdle->isChecked();
}

void PlayerWindow::showStep(qsizetype step, double seconds)
{
    if (!m_recording)
        return;
    if (step != m_step) {
        bool incremental = m_step >= 0 && step > m_step && step - m_step <= maxIncrementalSteps
            && !m_recording->step(m_step).lost;
        for (qsizetype i = m_step + 1; incremental && i <= step; ++i)
            incremental = m_recording->deltaAtStep(i) != nullptr;
        for (qsizetype i = m_step + 1; incremental && i <= step; ++i) {
            for (const stream::ContentChangeEvent &event : m_recording->deltaAtStep(i)->changes) {
                if (!stream::applyContentChangeEvent(*m_document, event)) {
                    incremental = false;
                    break;
                }
            }
        }
        if (!incremental) {
            const std::optional<QString> text
                = step >= 0 ? m_recording->textAtStep(step) : std::optional<QString>(QString());
            m_document->setText(text.value_or(QString()));
            if (!text)
                statusBar()->showMessage(tr("The document is unknown at this point of the "
                                            "recording."),
                                         8000);
        }
        m_step = step;
    }
    m_time = seconds;
    updatePositionWidgets();
    emit positionChanged(m_time, currentVersion());
}

void PlayerWindow::updatePositionWidgets()
{
    const double duration = m_recording ? m_recording->duration() : 0;
    m_timeLabel->setText(tr("%1 / %2").arg(formatTime(m_time), formatTime(duration)));
    m_versionLabel->setText(m_step >= 0 ? tr("Version %1").arg(currentVersion())
                                        : tr("No version yet"));
    m_updatingTimeline = true;
    m_timeline->setValue(int(m_time * 1000.0));
    m_updatingTimeline = false;
    m_playAction->setText(isPlaying() ? tr("&Pause") : tr("&Play"));
}

void PlayerWindow::play()
{
    if (!m_recording || isPlaying())
        return;
    if (m_step + 1 >= m_recording->stepCount())
        showStep(-1, 0); // at the end: start again
    scheduleNext();
}

void PlayerWindow::pause()
{
    m_timer->stop();
    m_playAction->setText(tr("&Play"));
}

void PlayerWindow::togglePlaying()
{
    if (isPlaying())
        pause();
    else
        play();
}

void PlayerWindow::setSpeed(double speed)
{
    m_speed = std::clamp(speed, 0.25, 16.0);
    const int index = m_speedBox->findData(m_speed);
    if (index >= 0)
        m_speedBox->setCurrentIndex(index);
    if (isPlaying())
        scheduleNext();
}

void PlayerWindow::setSkipIdleGaps(bool skip)
{
    if (m_skipIdle->isChecked() != skip)
        m_skipIdle->setChecked(skip);
    if (isPlaying())
        scheduleNext();
}

double PlayerWindow::gapToNext() const
{
    const double gap = m_recording->step(m_step + 1).time - m_time;
    const double played = skipsIdleGaps() && gap > idleGapThreshold ? idleGapPlayed : gap;
    return std::max(0.0, played) / m_speed;
}

void PlayerWindow::scheduleNext()
{
    if (m_step + 1 >= m_recording->stepCount()) {
        pause();
        showStep(m_step, std::max(m_time, m_recording->duration()));
        emit playbackFinished();
        return;
    }
    m_timer->start(int(gapToNext() * 1000.0));
    m_playAction->setText(tr("&Pause"));
}

void PlayerWindow::advance()
{
    qsizetype target = m_step + 1;
    while (target + 1 < m_recording->stepCount() && target - m_step < maxStepsPerTick) {
        const double gap
            = (m_recording->step(target + 1).time - m_recording->step(target).time) / m_speed;
        if (gap >= sameTickSeconds)
            break;
        ++target;
    }
    showStep(target, m_recording->step(target).time);
    scheduleNext();
}

void PlayerWindow::seekToTime(double seconds)
{
    if (!m_recording)
        return;
    const double clamped = std::clamp(seconds, 0.0, m_recording->duration());
    const std::optional<qsizetype> step = m_recording->stepAtTime(clamped);
    showStep(step.value_or(-1), clamped);
    if (isPlaying())
        scheduleNext();
}

bool PlayerWindow::seekToVersion(qint64 version)
{
    if (!m_recording)
        return false;
    const std::optional<qsizetype> step = m_recording->stepForVersion(version);
    if (!step)
        return false;
    showStep(*step, m_recording->step(*step).time);
    if (isPlaying())
        scheduleNext();
    return true;
}

void PlayerWindow::stepNext()
{
    if (m_recording && m_step + 1 < m_recording->stepCount())
        showStep(m_step + 1, m_recording->step(m_step + 1).time);
    if (isPlaying())
        scheduleNext();
}

void PlayerWindow::stepPrevious()
{
    if (!m_recording || m_step < 0)
        return;
    showStep(m_step - 1, m_step > 0 ? m_recording->step(m_step - 1).time : 0);
    if (isPlaying())
        scheduleNext();
}

bool PlayerWindow::saveDocument(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(documentText().toUtf8()) < 0
        || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void PlayerWindow::saveDocumentAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Document As"),
                                                      QFileInfo(m_path).absolutePath());
    if (path.isEmpty())
        return;
    QString error;
    if (!saveDocument(path, &error))
        QMessageBox::warning(this, tr("Save Document As"),
                             tr("Cannot save %1: %2").arg(path, error));
    else
        statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
}

} // namespace ui
