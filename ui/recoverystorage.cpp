#include "recoverystorage.h"

#include "scintilladocument.h"
#include "windowregistry.h"
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

int nextRecoveryNumber()
{
    static int number = 0;
    return ++number;
}

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
    , m_id(QString::number(QCoreApplication::applicationPid()) + u'-'
           + QString::number(nextRecoveryNumber()))
{
    m_autosaveTimer.setInterval(defaultAutosaveIntervalMs);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &RecoveryStorage::autosave);
    m_autosaveTimer.start();
}

RecoveryStorage::~RecoveryStorage()
{
    removeRecoveryFile();
}

QString RecoveryStorage::recoveryDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/recovery");
}

QString RecoveryStorage::recoveryFileName() const
{
    return recoveryDirectory() + u'/' + m_id + recoverySuffix();
}

void RecoveryStorage::setAutosaveInterval(int ms)
{
    m_autosaveTimer.setInterval(ms);
}

void RecoveryStorage::markChanged()
{
    m_changed = true;
}

bool RecoveryStorage::autosave()
{
    if (!m_window->hasUnsavedChanges()) {
        removeRecoveryFile();
        return false;
    }
    if (!m_changed && QFile::exists(recoveryFileName()))
        return true;
    ScintillaDocument *document = m_window->document();
    document->flush();
    if (!QDir().mkpath(recoveryDirectory()))
        return false;
    if (!m_lock) {
        m_lock = std::make_unique<QLockFile>(recoveryDirectory() + u'/' + m_id + u".lock");
        m_lock->setStaleLockTime(0);
        if (!m_lock->tryLock(0)) {
            m_lock.reset();
            return false;
        }
    }
    QSaveFile file(recoveryFileName());
    if (!file.open(QFile::WriteOnly))
        return false;
    const qint64 size = document->byteLength();
    const auto *data = reinterpret_cast<const char *>(
        document->editor()->SendScintillaPtrResult(QsciScintillaBase::SCI_GETCHARACTERPOINTER));
    file.write(recoveryMagic.data(), recoveryMagic.size());
    file.write(m_window->currentFile().toUtf8().toPercentEncoding() + '\n');
    if (file.write(data, size) != size || !file.commit())
        return false;
    m_changed = false;
    return true;
}

void RecoveryStorage::removeRecoveryFile()
{
    m_changed = false;
    QFile::remove(recoveryFileName());
    if (m_lock) {
        m_lock->unlock();
        m_lock.reset();
    }
}

int RecoveryStorage::offerRecovery()
{
    const QDir directory(recoveryDirectory());
    const QStringList files
        = directory.entryList({u'*' + recoverySuffix()}, QDir::Files, QDir::Time | QDir::Reversed);
    int restored = 0;
    for (const QString &name : files) {
        const QString path = directory.filePath(name);
        if (path == recoveryFileName())
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
                WriterWindow *target = m_window;
                if (restored > 0 || m_window->hasUnsavedChanges()) {
                    target = m_window->windowRegistry()->openWriterWindow();
                    target->show();
                }
                target->restoreRecovered(document->fileName, document->text);
                ++restored;
            }
        }
        QFile::remove(path);
        lock.unlock();
    }
    return restored;
}

} // namespace ui
