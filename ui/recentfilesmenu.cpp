#include "recentfilesmenu.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace ui {

namespace {

constexpr int maxRecentFiles = 8;

QString recentFilesKey()
{
    return QStringLiteral("recentFileList");
}

} // namespace

RecentFilesMenu::RecentFilesMenu(QWidget *parent)
    : QMenu(tr("Open &Recent"), parent)
{
    for (int i = 0; i < maxRecentFiles; ++i) {
        QAction *action = addAction(QString());
        action->setVisible(false);
        connect(action, &QAction::triggered, this,
                [this, action] { emit fileTriggered(action->data().toString()); });
        m_actions.append(action);
    }
    connect(this, &QMenu::aboutToShow, this, &RecentFilesMenu::updateActions);
    updateActions();
}

void RecentFilesMenu::addFile(const QString &fileName)
{
    QSettings settings;
    QStringList files = settings.value(recentFilesKey()).toStringList();
    const QString absolute = QFileInfo(fileName).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > maxRecentFiles)
        files.removeLast();
    settings.setValue(recentFilesKey(), files);
}

void RecentFilesMenu::updateActions()
{
    const QStringList files = QSettings().value(recentFilesKey()).toStringList();
    for (int i = 0; i < m_actions.size(); ++i) {
        QAction *action = m_actions.at(i);
        if (i < files.size()) {
            const QString &file = files.at(i);
            action->setText(tr("&%1 %2").arg(i + 1).arg(QFileInfo(file).fileName()));
            action->setData(file);
            action->setStatusTip(QDir::toNativeSeparators(file));
            action->setVisible(true);
        } else {
            action->setVisible(false);
        }
    }
    setEnabled(!files.isEmpty());
}

} // namespace ui
