#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <map>
#include <memory>

class QLockFile;

namespace ui {

class DocumentTab;
class WriterWindow;

// The crash recovery of a writer window: while one of its tabs has unsaved changes, that tab's
// text is written every few seconds to a recovery file of its own, next to a lock file that marks
// it as open; files that a session which did not close properly left behind are offered back,
// each into a tab of the window.
class RecoveryStorage final : public QObject
{
    Q_OBJECT
public:
    // Keeps the recovery files of `window`'s tabs (and is the window's child).
    explicit RecoveryStorage(WriterWindow *window);
    // Removes the recovery files: the window closes.
    ~RecoveryStorage() override;

    // The folder that holds the recovery files of unsaved documents.
    static QString recoveryDirectory();
    // The recovery file of the current tab, or of `tab` (it exists only while there are unsaved
    // changes).
    QString recoveryFileName() const;
    QString recoveryFileName(const DocumentTab *tab) const;
    // How often unsaved changes are written to the recovery files (default 10 s).
    void setAutosaveInterval(int ms);
    // Offers to restore the recovery files that a session which did not close properly left
    // behind; each one accepted is restored into a tab of the window. Returns how many were
    // restored.
    int offerRecovery();

public slots:
    // `tab`'s document changed since its recovery file was written.
    void markChanged(const ui::DocumentTab *tab);
    // Writes unsaved changes of every tab to its recovery file now, removes the files of tabs
    // without any; true when a recovery file is kept.
    bool autosave();
    // Removes `tab`'s recovery file and its lock: the document was saved, loaded, discarded or
    // closed.
    void removeRecoveryFile(const ui::DocumentTab *tab);
    // Removes the recovery files of every tab.
    void removeAll();

private:
    bool autosave(const DocumentTab *tab);
    void removeFile(const QString &id);

    WriterWindow *m_window = nullptr;
    QTimer m_autosaveTimer;
    QSet<QString> m_changed; // recovery ids of tabs changed since their file was written
    std::map<QString, std::unique_ptr<QLockFile>> m_locks; // by recovery id
};

} // namespace ui
