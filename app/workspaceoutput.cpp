#include "workspaceoutput.h"

#include "clioutput.h"

#include "stream/streamwatcher.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

#include <algorithm>

namespace {

// A title as it may be printed: control characters (a NUL included) as \uXXXX.
QString printable(const QString &title)
{
    QString out;
    for (const QChar c : title) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace

WorkspaceOutput::WorkspaceOutput(stream::StreamWatcher *watcher, const QString &directory,
                                 QObject *parent)
    : QObject(parent)
    , m_watcher(watcher)
    , m_paths(directory)
{
    watcher->setWorkspaceDocuments([this](const stream::WorkspaceFile &file) {
        auto &document = m_documents[file.id];
        document = std::make_unique<stream::MemoryTextDocument>();
        return document.get();
    });
    // Updates applied in one go (a burst of deltas) are written once.
    m_writeTimer.setSingleShot(true);
    m_writeTimer.setInterval(0);
    connect(&m_writeTimer, &QTimer::timeout, this, &WorkspaceOutput::flush);
    connect(watcher, &stream::StreamWatcher::fileChanged, this, [this](const QString &id) {
        m_pending.insert(id);
        m_writeTimer.start();
    });
    connect(watcher, &stream::StreamWatcher::filesChanged, this,
            &WorkspaceOutput::handleFilesChanged);
    connect(watcher, &stream::StreamWatcher::fileRemoved, this, &WorkspaceOutput::handleRemoved);
    connect(watcher, &stream::StreamWatcher::fileRefused, this,
            [this](const QString &title, const QString &reason) {
                report(QStringLiteral("file \"%1\" not kept: %2").arg(printable(title), reason));
            });
}

WorkspaceOutput::~WorkspaceOutput() = default;

void WorkspaceOutput::report(const QString &message)
{
    err() << timestamp() << " workspace: " << message << '\n';
    err().flush();
}

void WorkspaceOutput::handleFilesChanged()
{
    for (const stream::WorkspaceFile &file : m_watcher->files()) {
        const auto known = m_titles.constFind(file.id);
        if (known != m_titles.constEnd() && *known == file.title)
            continue;
        // A new file, or a renamed one: its content goes to the new name, the old copy goes.
        if (known != m_titles.constEnd()) {
            m_refused.remove(file.id);
            removeWritten(file.id);
        }
        m_titles.insert(file.id, file.title);
        const auto resolved = m_paths.resolve(file.title);
        if (!resolved) {
            m_refused.insert(file.id);
            report(QStringLiteral("refused the name \"%1\": %2; that file is not written")
                       .arg(printable(file.title), stream::describe(resolved.error())));
            continue;
        }
        if (known != m_titles.constEnd())
            m_pending.insert(file.id);
    }
    if (!m_pending.isEmpty())
        m_writeTimer.start();
}

void WorkspaceOutput::handleRemoved(const QString &id)
{
    m_pending.remove(id);
    removeWritten(id);
    m_titles.remove(id);
    m_refused.remove(id);
    m_documents.erase(id);
    emit updated();
}

void WorkspaceOutput::flush()
{
    m_writeTimer.stop();
    const QSet<QString> pending = std::exchange(m_pending, {});
    for (const QString &id : pending)
        write(id);
    if (!pending.isEmpty())
        emit updated();
}

void WorkspaceOutput::write(const QString &id)
{
    const stream::TextDocument *document = m_watcher->fileDocument(id);
    if (!document || m_refused.contains(id) || !m_titles.contains(id))
        return;
    const QString title = m_titles.value(id);
    // Checked again right before the write: the directory may have changed since.
    const auto resolved = m_paths.resolve(title);
    if (!resolved) {
        m_refused.insert(id);
        report(QStringLiteral("refused the name \"%1\": %2; that file is not written")
                   .arg(printable(title), stream::describe(resolved.error())));
        return;
    }
    const QString path = *resolved;
    const QString parent = QFileInfo(path).absolutePath();
    QSaveFile out(path);
    if (!QDir().mkpath(parent) || !out.open(QIODevice::WriteOnly)
        || out.write(document->text().toUtf8()) < 0 || !out.commit()) {
        report(QStringLiteral("cannot write %1: %2").arg(path, out.errorString()));
        m_failed = true;
        return;
    }
    m_written.insert(id, path);
}

void WorkspaceOutput::removeWritten(const QString &id)
{
    const QString path = m_written.take(id);
    // Two files of the same title share one copy on disk: it stays while the other is open.
    if (path.isEmpty() || std::find(m_written.cbegin(), m_written.cend(), path) != m_written.cend())
        return;
    if (!QFile::remove(path))
        report(QStringLiteral("cannot remove %1").arg(path));
}
