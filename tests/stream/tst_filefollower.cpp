#include "stream/filefollower.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace stream;

namespace {

bool writeInPlace(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(bytes) == bytes.size();
}

// Writes a new file and renames it over the old one, as many editors save.
bool writeByReplace(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

QString lastContent(const QSignalSpy &spy)
{
    return spy.isEmpty() ? QString() : spy.last().at(0).toString();
}

} // namespace

class tst_FileFollower : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void construct_makesPathAbsolute();
    void check_unchangedFile_reportsNothing();
    void inPlaceWrite_reportsWholeContentAsUtf8();
    void atomicRenameSave_reportsContent_andNotificationsContinue();
    void deletedFile_reportsNothing_untilRecreated();
    void missingAtStart_reportsOnceCreated();
    void pollInterval_zeroStopsPolling();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_FileFollower::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("followed.txt"));
    QVERIFY(writeInPlace(m_path, "first\n"));
}

void tst_FileFollower::construct_makesPathAbsolute()
{
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_dir->path()));
    FileFollower follower(QStringLiteral("followed.txt"));
    QVERIFY(QDir::setCurrent(previous));
    QCOMPARE(follower.path(), QFileInfo(m_path).absoluteFilePath());
}

void tst_FileFollower::check_unchangedFile_reportsNothing()
{
    FileFollower follower(m_path);
    QSignalSpy spy(&follower, &FileFollower::contentChanged);
    follower.check();
    QCOMPARE(spy.count(), 0);
}

void tst_FileFollower::inPlaceWrite_reportsWholeContentAsUtf8()
{
    FileFollower follower(m_path);
    QSignalSpy spy(&follower, &FileFollower::contentChanged);
    const QString text = QStringLiteral("first\r\nsecond héllo 中文 😀\n");
    QVERIFY(writeInPlace(m_path, text.toUtf8()));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
    QCOMPARE(lastContent(spy), text);
    // Nothing new on disk: a further check reports nothing.
    follower.check();
    QCOMPARE(spy.count(), 1);
}

void tst_FileFollower::atomicRenameSave_reportsContent_andNotificationsContinue()
{
    FileFollower follower(m_path);
    follower.setPollInterval(0); // notifications only
    QSignalSpy spy(&follower, &FileFollower::contentChanged);

    QVERIFY(writeByReplace(m_path, "saved by rename\n"));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
    QCOMPARE(lastContent(spy), QStringLiteral("saved by rename\n"));

    // The renamed-over file is a new inode; an in-place write to it still notifies.
    QVERIFY(writeInPlace(m_path, "then written in place, longer\n"));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 10000);
    QCOMPARE(lastContent(spy), QStringLiteral("then written in place, longer\n"));
}

void tst_FileFollower::deletedFile_reportsNothing_untilRecreated()
{
    FileFollower follower(m_path);
    follower.setPollInterval(0);
    QSignalSpy spy(&follower, &FileFollower::contentChanged);

    QVERIFY(QFile::remove(m_path));
    follower.check();
    QCoreApplication::processEvents();
    QCOMPARE(spy.count(), 0);

    QVERIFY(writeInPlace(m_path, "back again\n"));
    follower.check();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(lastContent(spy), QStringLiteral("back again\n"));
}

void tst_FileFollower::missingAtStart_reportsOnceCreated()
{
    const QString path = m_dir->filePath(QStringLiteral("later.txt"));
    FileFollower follower(path);
    QSignalSpy spy(&follower, &FileFollower::contentChanged);
    follower.check();
    QCOMPARE(spy.count(), 0);

    QVERIFY(writeInPlace(path, "created\n"));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
    QCOMPARE(lastContent(spy), QStringLiteral("created\n"));
}

void tst_FileFollower::pollInterval_zeroStopsPolling()
{
    FileFollower follower(m_path);
    QCOMPARE(follower.pollInterval(), 500);
    follower.setPollInterval(50);
    QCOMPARE(follower.pollInterval(), 50);
    follower.setPollInterval(0);
    QCOMPARE(follower.pollInterval(), 0);
}

QTEST_GUILESS_MAIN(tst_FileFollower)
#include "tst_filefollower.moc"
