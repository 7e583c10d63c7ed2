#include "liverewind.h"
#include "preferences.h"
#include "rewindbar.h"
#include "scintilladocument.h"
#include "watcherwindow.h"
#include "writerwindow.h"

#include "stream/streamwatcher.h"
#include "stream/workspacewriter.h"

#include <QAction>
#include <QFile>
#include <QHostAddress>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <Qsci/qsciscintilla.h>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int timeoutMs = 20000;

QString numberedLines(int count)
{
    QString text;
    for (int i = 1; i <= count; ++i)
        text += u"line %1\n"_s.arg(i);
    return text;
}

// The writer appends a line at the end of its document, with the event loop running.
void appendLine(ui::WriterWindow &writer, const QString &line)
{
    writer.editor()->append(line + u'\n');
    QCoreApplication::processEvents();
}

} // namespace

class tst_LiveRewind : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void scrubBack_whileDeltasArrive_showsOlderText_backToLiveShowsWritersText();
    void stepActions_walkVersions_forwardPastTheEndIsLive();
    void historyOff_hidesBarKeepsNothing_onAgainStartsFromTheLiveText();

private:
    void startSession(ui::WriterWindow &writer, std::unique_ptr<ui::WatcherWindow> &watcher);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_LiveRewind::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"CodeStreamTest"_s);
    QCoreApplication::setApplicationName(u"tst_liverewind"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
}

void tst_LiveRewind::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir->path());
    QSettings().clear();
}

void tst_LiveRewind::startSession(ui::WriterWindow &writer,
                                  std::unique_ptr<ui::WatcherWindow> &watcher)
{
    writer.editor()->setText(numberedLines(120));
    QString error;
    QVERIFY2(writer.hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(writer.streamWriter()->connectionState(),
                              stream::ConnectionState::Connected, timeoutMs);
    watcher = std::make_unique<ui::WatcherWindow>(writer.shareLink());
    watcher->show();
    QVERIFY(QTest::qWaitForWindowExposed(watcher.get()));
    QTRY_COMPARE_WITH_TIMEOUT(watcher->streamWatcher()->watcherState(), stream::WatcherState::Live,
                              timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text(), writer.document()->text(), timeoutMs);
}

void tst_LiveRewind::scrubBack_whileDeltasArrive_showsOlderText_backToLiveShowsWritersText()
{
    ui::WriterWindow writer;
    std::unique_ptr<ui::WatcherWindow> watcher;
    startSession(writer, watcher);
    if (QTest::currentTestFailed())
        return;
    ui::LiveRewind *rewind = watcher->liveRewind();
    QVERIFY(rewind);
    ui::RewindBar *bar = rewind->bar();
    QVERIFY(bar->isVisible());
    QVERIFY(!bar->backToLiveButton()->isEnabled());

    for (int i = 0; i < 5; ++i)
        appendLine(writer, u"first %1"_s.arg(i));
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text(), writer.document()->text(), timeoutMs);
    const QString older = writer.document()->text();
    const qint64 olderVersion = watcher->streamWatcher()->nextVersion() - 1;
    QTRY_VERIFY_WITH_TIMEOUT(rewind->history().pointAtVersion(olderVersion), timeoutMs);
    const stream::HistoryPoint olderPoint = *rewind->history().pointAtVersion(olderVersion);

    // The reader's place in the live editor, above where the writer types.
    QsciScintilla *live = watcher->editor();
    live->setCursorPosition(30, 3);
    live->setFirstVisibleLine(20);
    QCOMPARE(live->firstVisibleLine(), 20);

    for (int i = 0; i < 5; ++i)
        appendLine(writer, u"second %1"_s.arg(i));
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text(), writer.document()->text(), timeoutMs);
    QVERIFY(watcher->document()->text() != older);

    // Scrub the timeline back to the older version.
    const int olderMs = int(std::ceil(olderPoint.time * 1000));
    QSlider *slider = bar->slider();
    QTRY_VERIFY_WITH_TIMEOUT(slider->maximum() > olderMs, timeoutMs);
    QSignalSpy rewound(rewind, &ui::LiveRewind::rewoundChanged);
    slider->setValue(olderMs);
    QCOMPARE(rewound.count(), 1);
    QVERIFY(rewind->isRewound());
    QCOMPARE(rewind->shownPoint()->version, olderVersion);
    QsciScintilla *view = rewind->historyView();
    QVERIFY(view->isVisible());
    QVERIFY(!live->isVisible());
    QVERIFY(view->isReadOnly());
    QCOMPARE(view->text(), older);
    QCOMPARE(rewind->shownText(), older);
    QCOMPARE(view->firstVisibleLine(), 20);
    QVERIFY(bar->backToLiveButton()->isEnabled());
    QVERIFY(bar->label()->text().contains(QString::number(olderVersion)));

    // The writer goes on: the live document follows, the view stays where it is.
    for (int i = 0; i < 8; ++i)
        appendLine(writer, u"third %1"_s.arg(i));
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text(), writer.document()->text(), timeoutMs);
    const qint64 liveVersion = watcher->streamWatcher()->nextVersion() - 1;
    QTRY_COMPARE_WITH_TIMEOUT(rewind->history().lastPoint()->version, liveVersion, timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(bar->label()->text().contains(QString::number(liveVersion)),
                             timeoutMs);
    QVERIFY(rewind->isRewound());
    QCOMPARE(view->text(), older);
    QCOMPARE(view->firstVisibleLine(), 20);
    QCOMPARE(slider->value(), olderMs);
    QVERIFY(slider->maximum() > olderMs);
    // Save a Copy saves what the reader sees: the past text.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(u"copy.txt"_s);
    QString error;
    QVERIFY2(watcher->saveCopy(copy, &error), qPrintable(error));
    QFile copied(copy);
    QVERIFY(copied.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(copied.readAll()), older);

    // Back to live: the writer's current text, and the reader's place in it.
    QTest::mouseClick(bar->backToLiveButton(), Qt::LeftButton);
    QCOMPARE(rewound.count(), 2);
    QVERIFY(!rewind->isRewound());
    QVERIFY(live->isVisible());
    QVERIFY(!view->isVisible());
    QCOMPARE(live->text(), writer.document()->text());
    QCOMPARE(rewind->shownText(), writer.document()->text());
    QVERIFY(live->text().contains(u"third 7"_s));
    int line = -1;
    int index = -1;
    live->getCursorPosition(&line, &index);
    QCOMPARE(line, 30);
    QCOMPARE(index, 3);
    QCOMPARE(live->firstVisibleLine(), 20);
    QVERIFY(!bar->backToLiveButton()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(slider->value(), slider->maximum(), timeoutMs);
    live->setModified(false);
    writer.editor()->setModified(false);
}

void tst_LiveRewind::stepActions_walkVersions_forwardPastTheEndIsLive()
{
    ui::WriterWindow writer;
    std::unique_ptr<ui::WatcherWindow> watcher;
    startSession(writer, watcher);
    if (QTest::currentTestFailed())
        return;
    ui::LiveRewind *rewind = watcher->liveRewind();
    QMap<qint64, QString> texts;
    for (int i = 0; i < 4; ++i) {
        appendLine(writer, u"step %1"_s.arg(i));
        QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text(), writer.document()->text(),
                                  timeoutMs);
        texts.insert(watcher->streamWatcher()->nextVersion() - 1, writer.document()->text());
    }
    const qint64 last = texts.lastKey();
    QTRY_COMPARE_WITH_TIMEOUT(rewind->history().lastPoint()->version, last, timeoutMs);

    QAction *back = watcher->findChild<QAction *>(u"rewindBackAction"_s);
    QAction *forward = watcher->findChild<QAction *>(u"rewindForwardAction"_s);
    QAction *toLive = watcher->findChild<QAction *>(u"backToLiveAction"_s);
    QVERIFY(back && forward && toLive);
    QCOMPARE(back->shortcut(), QKeySequence(Qt::ALT | Qt::Key_Left));
    QVERIFY(!toLive->isEnabled());

    back->trigger();
    QVERIFY(rewind->isRewound());
    QCOMPARE(rewind->shownPoint()->version, last - 1);
    back->trigger();
    QCOMPARE(rewind->shownPoint()->version, last - 2);
    // Every version in between is a state of the writer's document.
    for (qint64 v = last - 2; v <= last - 1; ++v) {
        QVERIFY(rewind->seekToVersion(v));
        QCOMPARE(rewind->historyView()->text(), rewind->history().documentAtVersion(v).value());
    }
    QCOMPARE(rewind->shownText(), texts.value(last - 1));
    QVERIFY(toLive->isEnabled());
    forward->trigger();
    QVERIFY(!rewind->isRewound());
    QCOMPARE(watcher->editor()->text(), writer.document()->text());

    // The same from the keyboard, with the read-only editor focused.
    watcher->activateWindow();
    watcher->editor()->setFocus();
    QTest::keyClick(watcher->editor(), Qt::Key_Left, Qt::AltModifier);
    QVERIFY(rewind->isRewound());
    QCOMPARE(rewind->shownPoint()->version, last - 1);
    QTest::keyClick(rewind->historyView(), Qt::Key_Left, Qt::AltModifier);
    QCOMPARE(rewind->shownPoint()->version, last - 2);
    QTest::keyClick(rewind->historyView(), Qt::Key_Escape);
    QVERIFY(!rewind->isRewound());
    QVERIFY(watcher->editor()->isVisible());
    QCOMPARE(watcher->editor()->text(), writer.document()->text());
    writer.editor()->setModified(false);
}

void tst_LiveRewind::historyOff_hidesBarKeepsNothing_onAgainStartsFromTheLiveText()
{
    ui::Preferences preferences = ui::Preferences::defaults();
    preferences.rewindHistoryMb = 0;
    preferences.save();
    ui::WriterWindow writer;
    std::unique_ptr<ui::WatcherWindow> watcher;
    startSession(writer, watcher);
    if (QTest::currentTestFailed())
        return;
    ui::LiveRewind *rewind = watcher->liveRewind();
    QCOMPARE(rewind->history().maxBytes(), 0);
    QVERIFY(!rewind->bar()->isVisible());
    appendLine(writer, u"unkept"_s);
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text(), writer.document()->text(), timeoutMs);
    QCOMPARE(rewind->history().byteCount(), 0);
    QVERIFY(!rewind->history().firstPoint());
    watcher->findChild<QAction *>(u"rewindBackAction"_s)->trigger();
    QVERIFY(!rewind->isRewound());

    // Turned on while watching: the history starts from the live text.
    preferences.rewindHistoryMb = 8;
    ui::applyPreferencesEverywhere(preferences);
    QCOMPARE(rewind->history().maxBytes(), 8LL * 1024 * 1024);
    QVERIFY(rewind->bar()->isVisible());
    const QString before = writer.document()->text();
    appendLine(writer, u"kept"_s);
    QTRY_COMPARE_WITH_TIMEOUT(watcher->document()->text(), writer.document()->text(), timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(rewind->history().textAt(*rewind->history().lastPoint()),
                              std::optional<QString>(writer.document()->text()), timeoutMs);
    rewind->stepBack();
    QVERIFY(rewind->isRewound());
    QCOMPARE(rewind->historyView()->text(), before);
    writer.editor()->setModified(false);
}

QTEST_MAIN(tst_LiveRewind)
#include "tst_liverewind.moc"
