#pragma once

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <tuple>

namespace stream {

// Follows one file on disk and reports its new content whenever its size or times change,
// also across the atomic-rename saves of editors (notifications plus a slow poll).
class FileFollower final : public QObject
{
    Q_OBJECT

public:
    // Starts following `path`; its current state counts as seen (no report for it).
    explicit FileFollower(const QString &path, QObject *parent = nullptr);

    // The absolute path followed.
    QString path() const { return m_path; }

    // How often the file is checked besides notifications (default 500 ms; 0: never).
    void setPollInterval(int ms);
    int pollInterval() const;

public slots:
    // Checks the file now: reports its content if it changed since the last report. A missing
    // or unreadable file reports nothing (it is being replaced, or was deleted).
    void check();

signals:
    // The file changed on disk; `content` is all of it, decoded as UTF-8.
    void contentChanged(const QString &content);

private:
    using Signature = std::tuple<qint64, QDateTime, QDateTime, QDateTime>;
    Signature currentSignature() const;

    QString m_path;
    QFileSystemWatcher m_watcher;
    QTimer m_poll;
    Signature m_signature;
};

} // namespace stream
