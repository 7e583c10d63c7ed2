#pragma once

#include <QList>
#include <QMenu>

namespace ui {

// The File menu's "Open Recent" submenu: the files last loaded or saved, kept in QSettings and
// shared by every window.
class RecentFilesMenu final : public QMenu
{
    Q_OBJECT
public:
    explicit RecentFilesMenu(QWidget *parent = nullptr);

    // Puts `fileName` first in the list of recent files.
    static void addFile(const QString &fileName);

public slots:
    // Shows the stored list (it may have changed in another window).
    void updateActions();

signals:
    // The user chose a recent file (its absolute path).
    void fileTriggered(const QString &fileName);

private:
    QList<QAction *> m_actions;
};

} // namespace ui
