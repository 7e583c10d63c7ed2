#include "filefollower.h"

#include <QFile>
#include <QFileInfo>

namespace stream {

FileFollower::FileFollower(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(QFileInfo(path).absoluteFilePath())
{
    if (QFileInfo::exists(m_path))
        m_watcher.addPath(m_path);
    // A save by rename replaces the file: the directory's notification sees it.
    m_watcher.addPath(QFileInfo(m_path).absolutePath());
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &FileFollower::check);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &FileFollower::check);
    // Network file systems and missed notifications.
    connect(&m_poll, &QTimer::timeout, this, &FileFollower::check);
    setPollInterval(500);
    m_signature = currentSignature();
}

void FileFollower::setPollInterval(int ms)
{
    m_poll.setInterval(ms);
    if (ms > 0)
        m_poll.start();
    else
        m_poll.stop();
}

int FileFollower::pollInterval() const
{
    return m_poll.isActive() ? m_poll.interval() : 0;
}

void FileFollower::check()
{
    // A replaced file is a new inode that the watcher no longer follows.
    if (!m_watcher.files().contains(m_path) && QFileInfo::exists(m_path))
        m_watcher.addPath(m_path);
    if (!QFileInfo::exists(m_path))
        return;
    const Signature signature = currentSignature();
    if (signature == m_signature)
        return;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QString content = QString::fromUtf8(file.readAll());
    m_signature = signature;
    emit contentChanged(content);
}

FileFollower::Signature FileFollower::currentSignature() const
{
    const QFileInfo info(m_path);
    return {info.size(), info.lastModified(), info.birthTime(), info.metadataChangeTime()};
}

} // namespace stream
