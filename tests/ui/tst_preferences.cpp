#include "editorsetup.h"
#include "liverewind.h"
#include "preferences.h"
#include "preferencesdialog.h"
#include "recentfilesmenu.h"
#include "watcherwindow.h"
#include "writerwindow.h"

#include "server/embeddedserver.h"
#include "stream/streamwatcher.h"
#include "stream/streamwriter.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHostAddress>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <Qsci/qsciscintilla.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// A font other than the default one, so that a change is visible.
QFont otherFixedFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSize(font.pointSize() > 0 ? font.pointSize() + 7 : 17);
    return font;
}

ui::Preferences changedPreferences()
{
    ui::Preferences preferences = ui::Preferences::defaults();
    preferences.font = otherFixedFont();
    preferences.theme = ui::Theme::Dark;
    preferences.tabWidth = 7;
    preferences.flushIntervalMs = 650;
    preferences.defaultPort = 4123;
    preferences.allowNetwork = true;
    preferences.encrypt = true;
    preferences.reconnect = false;
    preferences.reconnectMaxDelayMs = 12000;
    preferences.rewindHistoryMb = 16;
    return preferences;
}

QAction *findAction(QWidget *window, const QString &objectName)
{
    return window->findChild<QAction *>(objectName);
}

} // namespace

class tst_Preferences : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void defaults_whenNothingStored();
    void save_thenLoad_roundTripsEveryField();
    void dialog_editedAndAccepted_survivesRestartAndAppliesLive();
    void applyPreferences_changesOpenWatcherWindow();
    void geometryAndRecentFiles_surviveRestart();
    void reconnectOff_connectionLoss_stopsStreaming();
    void reconnectOn_connectionLoss_keepsStreaming();
    void reconnectMaxDelay_serverGone_backoffStaysWithinPreference();
    void reconnectMaxDelay_changedLive_reachesWriterAndWatcher();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Preferences::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"CodeStreamTest"_s);
    QCoreApplication::setApplicationName(u"tst_preferences"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
}

void tst_Preferences::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir->path());
    QSettings().clear();
}

void tst_Preferences::cleanup()
{
    ui::applyApplicationTheme(ui::Theme::System);
    m_dir.reset();
}

void tst_Preferences::defaults_whenNothingStored()
{
    const ui::Preferences preferences = ui::Preferences::load();
    QCOMPARE(preferences, ui::Preferences::defaults());
    QCOMPARE(preferences.tabWidth, 4);
    QCOMPARE(preferences.flushIntervalMs, 200);
    QCOMPARE(preferences.defaultPort, quint16(3000));
    QVERIFY(!preferences.allowNetwork);
    QVERIFY(!preferences.encrypt);
    QVERIFY(preferences.reconnect);
    QCOMPARE(preferences.rewindHistoryMb, 64);
    // The settings file lives in the test's own folder.
    QVERIFY(QSettings().fileName().startsWith(m_dir->path()));
}

void tst_Preferences::save_thenLoad_roundTripsEveryField()
{
    const ui::Preferences preferences = changedPreferences();
    preferences.save();
    QSettings().sync();
    QCOMPARE(ui::Preferences::load(), preferences);
}

void tst_Preferences::dialog_editedAndAccepted_survivesRestartAndAppliesLive()
{
    auto window = std::make_unique<ui::WriterWindow>();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QAction *preferencesAction = findAction(window.get(), u"preferencesAction"_s);
    QVERIFY(preferencesAction);
    QCOMPARE(preferencesAction->shortcuts(), QKeySequence::keyBindings(QKeySequence::Preferences));

    bool dialogSeen = false;
    QTimer::singleShot(0, this, [&dialogSeen] {
        auto *dialog = qobject_cast<ui::PreferencesDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        dialogSeen = true;
        ui::Preferences chosen = changedPreferences();
        dialog->setPreferences(chosen);
        auto *rewindHistory = dialog->findChild<QSpinBox *>(u"rewindHistory"_s);
        if (!rewindHistory || rewindHistory->value() != 16)
            return;
        rewindHistory->setValue(0);
        if (rewindHistory->text() != u"Off"_s)
            return;
        rewindHistory->setValue(24);
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    });
    preferencesAction->trigger();
    QVERIFY(dialogSeen);

    // Applied live to the open window.
    QCOMPARE(window->editor()->tabWidth(), 7);
    QVERIFY(ui::isDarkPalette(QApplication::palette()));
    QCOMPARE(window->editor()->font().pointSize(), otherFixedFont().pointSize());
    QCOMPARE(window->preferences().flushIntervalMs, 650);

    // "Restart": a new window reads the stored preferences.
    window.reset();
    ui::applyApplicationTheme(ui::Theme::System);
    window = std::make_unique<ui::WriterWindow>();
    const ui::Preferences restored = window->preferences();
    QCOMPARE(restored.tabWidth, 7);
    QCOMPARE(restored.theme, ui::Theme::Dark);
    QCOMPARE(restored.flushIntervalMs, 650);
    QCOMPARE(restored.defaultPort, quint16(4123));
    QVERIFY(restored.allowNetwork);
    QVERIFY(!restored.reconnect);
    QCOMPARE(restored.reconnectMaxDelayMs, 12000);
    QCOMPARE(restored.rewindHistoryMb, 24);
    QCOMPARE(restored.font.pointSize(), otherFixedFont().pointSize());
    QCOMPARE(window->editor()->tabWidth(), 7);
}

void tst_Preferences::applyPreferences_changesOpenWatcherWindow()
{
    ui::WriterWindow writer;
    // Nothing listens on port 9 of loopback: the watcher stays disconnected, which is fine.
    QString error;
    ui::WatcherWindow *watcher = writer.watchSharedRoom(u"http://127.0.0.1:9/#room123"_s, &error);
    QVERIFY2(watcher, qPrintable(error));
    QCOMPARE(watcher->editor()->tabWidth(), 4);
    QCOMPARE(watcher->streamWatcher()->reconnectionDelayMax(), 3000);
    QCOMPARE(watcher->liveRewind()->history().maxBytes(), 64LL * 1024 * 1024);

    ui::Preferences preferences = changedPreferences();
    preferences.theme = ui::Theme::Light;
    ui::applyPreferencesEverywhere(preferences);
    QCOMPARE(watcher->editor()->tabWidth(), 7);
    QCOMPARE(writer.editor()->tabWidth(), 7);
    QCOMPARE(watcher->editor()->font().pointSize(), otherFixedFont().pointSize());
    QCOMPARE(watcher->streamWatcher()->reconnectionDelayMax(), 12000);
    QCOMPARE(watcher->liveRewind()->history().maxBytes(), 16LL * 1024 * 1024);
    QVERIFY(!ui::isDarkPalette(QApplication::palette()));
}

void tst_Preferences::geometryAndRecentFiles_surviveRestart()
{
    QTemporaryDir files;
    const QString fileName = files.filePath(u"remembered.py"_s);
    {
        QFile file(fileName);
        QVERIFY(file.open(QFile::WriteOnly));
        file.write("x = 1\n");
    }

    auto window = std::make_unique<ui::WriterWindow>();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QVERIFY(window->loadFile(fileName));
    window->resize(713, 487);
    QTRY_COMPARE(window->size(), QSize(713, 487));
    QVERIFY(window->close());
    window.reset();

    window = std::make_unique<ui::WriterWindow>();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QCOMPARE(window->size(), QSize(713, 487));

    QMenu *recent = nullptr;
    for (QMenu *menu : window->findChildren<QMenu *>()) {
        if (menu->title() == ui::RecentFilesMenu::tr("Open &Recent"))
            recent = menu;
    }
    QVERIFY(recent);
    QVERIFY(recent->isEnabled());
    const QList<QAction *> actions = recent->actions();
    QVERIFY(!actions.isEmpty());
    QVERIFY(actions.constFirst()->isVisible());
    QCOMPARE(actions.constFirst()->data().toString(), QFileInfo(fileName).absoluteFilePath());
    actions.constFirst()->trigger();
    QCOMPARE(window->currentFile(), QFileInfo(fileName).absoluteFilePath());
}

void tst_Preferences::reconnectOff_connectionLoss_stopsStreaming()
{
    ui::Preferences preferences = ui::Preferences::defaults();
    preferences.reconnect = false;
    preferences.save();
    ui::WriterWindow window;
    QVERIFY(!window.preferences().reconnect);
    QString error;
    QVERIFY2(window.hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(window.streamWriter()->connectionState(),
                              stream::ConnectionState::Connected, 20000);
    window.embeddedServer()->closeConnections();
    QTRY_VERIFY_WITH_TIMEOUT(!window.isStreaming(), 20000);
    QCOMPARE(window.connectionText(), ui::connectionStateText(stream::ConnectionState::Idle));
}

void tst_Preferences::reconnectOn_connectionLoss_keepsStreaming()
{
    ui::WriterWindow window;
    QVERIFY(window.preferences().reconnect);
    QString error;
    QVERIFY2(window.hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(window.streamWriter()->connectionState(),
                              stream::ConnectionState::Connected, 20000);
    QSignalSpy states(window.streamWriter(), &stream::StreamWriter::connectionStateChanged);
    window.embeddedServer()->closeConnections();
    QTRY_VERIFY_WITH_TIMEOUT(!states.isEmpty(), 20000);
    QCOMPARE(states.first().at(0).value<stream::ConnectionState>(),
             stream::ConnectionState::Reconnecting);
    QTRY_COMPARE_WITH_TIMEOUT(window.streamWriter()->connectionState(),
                              stream::ConnectionState::Connected, 20000);
    QVERIFY(window.isStreaming());
}

void tst_Preferences::reconnectMaxDelay_serverGone_backoffStaysWithinPreference()
{
    ui::Preferences preferences = ui::Preferences::defaults();
    preferences.reconnectMaxDelayMs = 1000;
    preferences.save();
    ui::WriterWindow window;
    QCOMPARE(window.preferences().reconnectMaxDelayMs, 1000);
    QString error;
    QVERIFY2(window.hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(window.streamWriter()->connectionState(),
                              stream::ConnectionState::Connected, 20000);
    QSignalSpy scheduled(window.streamWriter(), &stream::StreamWriter::reconnectScheduled);

    window.embeddedServer()->stop();
    // The delays start at 500 ms and double: uncapped, the fourth attempt waits at least 2 s.
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 4, 20000);
    for (const QList<QVariant> &args : std::as_const(scheduled)) {
        const int delayMs = args.at(1).toInt();
        QVERIFY2(delayMs <= 1000,
                 qPrintable(u"attempt %1 waits %2 ms"_s.arg(args.at(0).toInt()).arg(delayMs)));
    }
    QVERIFY(window.isStreaming());
}

void tst_Preferences::reconnectMaxDelay_changedLive_reachesWriterAndWatcher()
{
    ui::WriterWindow writer;
    QString error;
    QVERIFY2(writer.hostSession(QHostAddress(QHostAddress::LocalHost), 0, &error),
             qPrintable(error));
    QVERIFY(writer.streamWriter());
    QCOMPARE(writer.streamWriter()->reconnectionDelayMax(), 3000);

    ui::Preferences preferences = ui::Preferences::defaults();
    preferences.reconnectMaxDelayMs = 7000;
    ui::applyPreferencesEverywhere(preferences);
    QCOMPARE(writer.streamWriter()->reconnectionDelayMax(), 7000);

    // A watcher window opened later follows the stored preference.
    preferences.save();
    ui::WatcherWindow *watcher = writer.watchSharedRoom(u"http://127.0.0.1:9/#room123"_s, &error);
    QVERIFY2(watcher, qPrintable(error));
    QCOMPARE(watcher->streamWatcher()->reconnectionDelayMax(), 7000);
}

QTEST_MAIN(tst_Preferences)
#include "tst_preferences.moc"
