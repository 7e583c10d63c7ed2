#include "stream/workspacewriter.h"

namespace stream {

struct WorkspaceWriter::Private
{
    QList<WorkspaceFile> files;
    QString active;
    ConnectionState state = ConnectionState::Idle;
    bool encrypted = false;
    int reconnectionDelayMaxMs = 3000;
};

WorkspaceWriter::WorkspaceWriter(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{ }

WorkspaceWriter::~WorkspaceWriter() = default;

void WorkspaceWriter::setFlushInterval(int) { }
void WorkspaceWriter::setReconnectionDelayMax(int ms)
{
    d->reconnectionDelayMaxMs = ms;
}
int WorkspaceWriter::reconnectionDelayMax() const
{
    return d->reconnectionDelayMaxMs;
}
ConnectionState WorkspaceWriter::connectionState() const
{
    return d->state;
}
void WorkspaceWriter::setEncrypted(bool encrypted)
{
    d->encrypted = encrypted;
}
bool WorkspaceWriter::isEncrypted() const
{
    return d->encrypted;
}
QUrl WorkspaceWriter::shareLink() const
{
    return {};
}
QUrl WorkspaceWriter::shareLinkWithoutKey() const
{
    return {};
}
QString WorkspaceWriter::roomId() const
{
    return {};
}
int WorkspaceWriter::watcherCount() const
{
    return 0;
}
qint64 WorkspaceWriter::nextVersion() const
{
    return 0;
}

QString WorkspaceWriter::addFile(TextDocument *, const QString &title, const QString &language)
{
    const QString id = QStringLiteral("f%1").arg(d->files.size() + 1);
    d->files.append({id, title, language});
    if (d->active.isEmpty())
        d->active = id;
    emit filesChanged();
    return id;
}

void WorkspaceWriter::removeFile(const QString &) { }
void WorkspaceWriter::setFileMeta(const QString &, const QString &, const QString &) { }
void WorkspaceWriter::setActiveFile(const QString &id)
{
    d->active = id;
}
QString WorkspaceWriter::activeFile() const
{
    return d->active;
}
QList<WorkspaceFile> WorkspaceWriter::files() const
{
    return d->files;
}
void WorkspaceWriter::recordChange(const QString &, const TextChange &) { }
void WorkspaceWriter::recordEvent(const QString &, const ContentChangeEvent &) { }
void WorkspaceWriter::setCursor(const QString &, const QList<Selection> &) { }
void WorkspaceWriter::start(const QUrl &) { }
void WorkspaceWriter::stop() { }
void WorkspaceWriter::flush() { }

} // namespace stream
