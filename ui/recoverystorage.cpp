#include "recoverystorage.h"

#include "documenttab.h"
#include "documenttabs.h"
#include "scintilladocument.h"
#include "writerwindow.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QMessageBox>
#include <QSaveFile>
#include <QStandardPaths>
#include <Qsci/qsciscintilla.h>

#include <optional>

namespace ui {

namespace {

constexpr int defaultAutosaveIntervalMs = 10000;
constexpr QByteArrayView recoveryMagic = "CodeStream-Recovery 1\n";

QString recoverySuffix()
{
    return QStringLiteral(".recovery");
}

// A recovery file: the magic line, the document's file name (percent-encoded, may be empty)
// on a line of its own, then the text in UTF-8.
struct RecoveredDocument
{
    QString fileName;
    QString text;
};

std::optional<RecoveredDocument> readRecoveryFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QFile::ReadOnly))
        return std::nullopt;
    const QByteArray bytes = file.readAll();
    if (!bytes.startsWith(recoveryMagic))
        return std::nullopt;
    const qsizetype nameEnd = bytes.indexOf('\n', recoveryMagic.size());
    if (nameEnd < 0)
        return std::nullopt;
    RecoveredDocument document;
    document.fileName = QString::fromUtf8(QByteArray::fromPercentEncoding(
        bytes.mid(recoveryMagic.size(), nameEnd - recoveryMagic.size())));
    document.text = QString::fromUtf8(bytes.mid(nameEnd + 1));
    return document;
}

} // namespace

RecoveryStorage::RecoveryStorage(WriterWindow *window)
    : QObject(window)
    , m_window(window)
{
    m_autosaveTimer.setInterval(defaultAutosaveIntervalMs);
    connect(&m_autosaveTimer, &QTimer::timeout, this, qOverload<>(&RecoveryStorage::autosave));
    m_autosaveTimer.start();
}

RecoveryStorage::~RecoveryStorage()
{
    while (!m_locks.empty())
        removeFile(m_locks.begin()->first);
}

QString RecoveryStorage::recoveryDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/recovery");
}

QString RecoveryStorage::recoveryFileName() const
{
    return recoveryFileName(m_window->tabs()->currentDocument());
}

QString RecoveryStorage::recoveryFileName(const DocumentTab *tab) const
{
    return recoveryDirectory() + u'/' + tab->recoveryId() + recoverySuffix();
}

void RecoveryStorage::setAutosaveInterval(int ms)
{
    m_autosaveTimer.setInterval(ms);
}

void RecoveryStorage::markChanged(const DocumentTab *tab)
{
    m_changed.insert(tab->recoveryId());
}

bool RecoveryStorage::autosave()
{
    bool kept = false;
    for (const DocumentTab *tab : m_window->tabs()->documents())
        kept = autosave(tab) || kept;
    return kept;
}

bool RecoveryStorage::autosave(const DocumentTab *tab)
{
    const QString id = tab->recoveryId();
    if (!tab->hasUnsavedChanges()) {
        removeFile(id);
        return false;
    }
    const QString path = recoveryFileName(tab);
    if (!m_changed.contains(id) && QFile::exists(path))
        return true;
    ScintillaDocument *document = tab->document();
    document->flush();
    if (!QDir().mkpath(recoveryDirectory()))
        return false;
    std::unique_ptr<QLockFile> &lock = m_locks[id];
    if (!lock) {
        lock = std::make_unique<QLockFile>(recoveryDirectory() + u'/' + id + u".lock");
        lock->setStaleLockTime(0);
        if (!lock->tryLock(0)) {
            m_locks.erase(id);
            return false;
        }
    }
    QSaveFile file(path);
    if (!file.open(QFile::WriteOnly))
        return false;
    const qint64 size = document->byteLength();
    const auto *data = reinterpret_cast<const char *>(
        document->editor()->SendScintillaPtrResult(QsciScintillaBase::SCI_GETCHARACTERPOINTER));
    file.write(recoveryMagic.data(), recoveryMagic.size());
    file.write(tab->fileName().toUtf8().toPercentEncoding() + '\n');
    if (file.write(data, size) != size || !file.commit())
        return false;
    m_changed.remove(id);
    return true;
}

void RecoveryStorage::removeRecoveryFile(const DocumentTab *tab)
{
    removeFile(tab->recoveryId());
}

void RecoveryStorage::removeAll()
{
    for (const DocumentTab *tab : m_window->tabs()->documents())
        removeFile(tab->recoveryId());
}

void RecoveryStorage::removeFile(const QString &id)
{
    m_changed.remove(id);
    QFile::remove(recoveryDirectory() + u'/' + id + recoverySuffix());
    const auto it = m_locks.find(id);
    if (it != m_locks.end()) {
        it->second->unlock();
        m_locks.erase(it);
    }
}

int RecoveryStorage::offerRecovery()
{
    const QDir directory(recoveryDirectory());
    const QStringList files
        = directory.entryList({u'*' + recoverySuffix()}, QDir::Files, QDir::Time | QDir::Reversed);
    QSet<QString> ownFiles;
    for (const DocumentTab *tab : m_window->tabs()->documents())
        ownFiles.insert(recoveryFileName(tab));
    int restored = 0;
    for (const QString &name : files) {
        const QString path = directory.filePath(name);
        if (ownFiles.contains(path))
            continue;
        // A window that is still open (in this or another running process) holds the lock.
        QLockFile lock(path.chopped(recoverySuffix().size()) + QStringLiteral(".lock"));
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue;
        const std::optional<RecoveredDocument> document = readRecoveryFile(path);
        if (document) {
            const QString shown = document->fileName.isEmpty()
                ? tr("an untitled document")
                : QDir::toNativeSeparators(document->fileName);
            const QMessageBox::StandardButton answer = QMessageBox::question(
                m_window, tr("Recover Unsaved Changes"),
                tr("CodeStream did not close properly. Unsaved changes to %1 were kept.\n"
                   "Do you want to recover them?")
                    .arg(shown),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
            if (answer == QMessageBox::Yes) {
                m_window->restoreRecovered(document->fileName, document->text);
                ++restored;
            }
        }
        QFile::remove(path);
        lock.unlock();
    }
    return restored;
}

} // namespace ui
