#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

class QLockFile;

namespace ui {

class WriterWindow;

// The crash recovery of a writer window: while its document has unsaved changes, the text is
// written every few seconds to a recovery file, next to a lock file that marks the window as
// running; files that a session which did not close properly left behind are offered back.
class RecoveryStorage final : public QObject
{
    Q_OBJECT
public:
    // Keeps the recovery file of `window`'s document (and is the window's child).
    explicit RecoveryStorage(WriterWindow *window);
    // Removes the recovery file: the window closes.
    ~RecoveryStorage() override;

    // The folder that holds the recovery files of unsaved documents.
    static QString recoveryDirectory();
    // The window's recovery file (it exists only while there are unsaved changes).
    QString recoveryFileName() const;
    // How often unsaved changes are written to the recovery file (default 10 s).
    void setAutosaveInterval(int ms);
    // Offers to restore the recovery files that a session which did not close properly left
    // behind; the first one accepted is restored into the window, further ones into new
    // windows. Returns how many were restored.
    int offerRecovery();

public slots:
    // The document changed since the recovery file was written.
    void markChanged();
    // Writes unsaved changes to the recovery file now; removes it when there are none.
    bool autosave();
    // Removes the recovery file and its lock: the document was saved, loaded or discarded.
    void removeRecoveryFile();

private:
    WriterWindow *m_window = nullptr;
    QTimer m_autosaveTimer;
    bool m_changed = false;
    QString m_id;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace ui
