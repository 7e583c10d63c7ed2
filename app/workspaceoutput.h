#pragma once

#include "stream/memorytextdocument.h"
#include "stream/workspacefile.h"
#include "stream/workspacepath.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <map>
#include <memory>

namespace stream {
class StreamWatcher;
}

// `codestream-cli watch --output-dir DIR`: keeps one document per file of a workspace stream and
// writes each under DIR atomically after its updates (docs/protocol.md §14 "Names on disk"):
// refused names are reported and skipped, a file closed by the writer is removed only if it was
// written here.
class WorkspaceOutput final : public QObject
{
    Q_OBJECT
public:
    // Puts `watcher` in workspace mode (call before its start()); `directory` must exist.
    WorkspaceOutput(stream::StreamWatcher *watcher, const QString &directory,
                    QObject *parent = nullptr);
    ~WorkspaceOutput() override;

    // Writes what is pending now.
    void flush();
    // A write failed since the start.
    bool hasFailed() const { return m_failed; }

signals:
    // A file was written (or removed); for the idle timer.
    void updated();

private:
    void handleFilesChanged();
    void handleRemoved(const QString &id);
    void write(const QString &id);
    void removeWritten(const QString &id);
    void report(const QString &message);

    stream::StreamWatcher *m_watcher;
    stream::WorkspacePath m_paths;
    std::map<QString, std::unique_ptr<stream::MemoryTextDocument>> m_documents;
    QHash<QString, QString> m_titles; // id → title as last seen
    QHash<QString, QString> m_written; // id → the path this watcher wrote
    QSet<QString> m_refused; // ids whose title was refused (reported once per title)
    QSet<QString> m_pending; // ids to write
    QTimer m_writeTimer;
    bool m_failed = false;
};
