#include "documenttabs.h"

#include "documenttab.h"

#include <QDir>
#include <QFileInfo>
#include <QTabBar>

#include <algorithm>

namespace ui {

namespace {

QString canonical(const QString &fileName)
{
    const QFileInfo info(fileName);
    const QString path = info.canonicalFilePath();
    return path.isEmpty() ? info.absoluteFilePath() : path;
}

// The last `count` `/`-separated segments of an absolute path.
QString lastSegments(const QString &path, int count)
{
    const QStringList segments = QDir::fromNativeSeparators(path).split(u'/', Qt::SkipEmptyParts);
    return segments.mid(std::max<qsizetype>(0, segments.size() - count)).join(u'/');
}

} // namespace

DocumentTabs::DocumentTabs(QWidget *parent)
    : QTabWidget(parent)
{
    setDocumentMode(true);
    setTabsClosable(true);
    setUsesScrollButtons(true);
    tabBar()->setExpanding(false);
    connect(this, &QTabWidget::currentChanged, this, [this] {
        if (!m_adding)
            noteCurrent();
    });
}

DocumentTab *DocumentTabs::currentDocument() const
{
    return qobject_cast<DocumentTab *>(currentWidget());
}

DocumentTab *DocumentTabs::document(int index) const
{
    return qobject_cast<DocumentTab *>(widget(index));
}

QList<DocumentTab *> DocumentTabs::documents() const
{
    QList<DocumentTab *> tabs;
    tabs.reserve(count());
    for (int i = 0; i < count(); ++i)
        tabs.append(document(i));
    return tabs;
}

DocumentTab *DocumentTabs::documentOfFile(const QString &fileName) const
{
    if (fileName.isEmpty())
        return nullptr;
    const QString wanted = canonical(fileName);
    for (DocumentTab *tab : documents()) {
        if (!tab->fileName().isEmpty() && canonical(tab->fileName()) == wanted)
            return tab;
    }
    return nullptr;
}

DocumentTab *DocumentTabs::addDocument()
{
    auto *tab = new DocumentTab(this);
    connect(tab, &DocumentTab::modificationChanged, this, [this, tab](bool modified) {
        updateTabText(tab);
        emit documentModificationChanged(tab, modified);
    });
    connect(tab, &DocumentTab::fileChanged, this, [this, tab] {
        // Another tab's title may now need more of its path: relabel them all.
        for (DocumentTab *other : documents())
            updateTabText(other);
        emit documentFileChanged(tab);
    });
    // In the list before anyone hears of it (its title depends on the others), current after.
    m_adding = true;
    addTab(tab, QString());
    m_adding = false;
    updateTabText(tab);
    emit documentAdded(tab);
    setCurrentWidget(tab);
    noteCurrent();
    return tab;
}

void DocumentTabs::noteCurrent()
{
    DocumentTab *tab = currentDocument();
    if (tab && tab != m_lastCurrent) {
        m_lastCurrent = tab;
        emit currentDocumentChanged(tab);
    }
}

DocumentTab *DocumentTabs::blankDocument()
{
    DocumentTab *current = currentDocument();
    return current && current->isBlank() ? current : addDocument();
}

DocumentTab *DocumentTabs::openFile(const QString &fileName, QString *error)
{
    if (DocumentTab *open = documentOfFile(fileName)) {
        setCurrentWidget(open);
        return open;
    }
    DocumentTab *current = currentDocument();
    const bool reuse = current && current->isBlank();
    DocumentTab *tab = reuse ? current : addDocument();
    if (tab->loadFile(fileName, error))
        return tab;
    if (!reuse)
        closeDocument(tab);
    return nullptr;
}

void DocumentTabs::closeDocument(DocumentTab *tab)
{
    const int index = indexOf(tab);
    if (index < 0)
        return;
    if (count() == 1)
        addDocument();
    else if (currentWidget() == tab)
        // Another tab becomes current (and active for watchers) before this one goes.
        setCurrentIndex(index + 1 < count() ? index + 1 : index - 1);
    emit documentClosing(tab);
    removeTab(indexOf(tab));
    delete tab;
    for (DocumentTab *other : documents())
        updateTabText(other);
    noteCurrent();
    emit documentFileChanged(currentDocument()); // the untitled tabs may be numbered anew
}

QString DocumentTabs::streamTitle(const DocumentTab *tab) const
{
    if (tab->fileName().isEmpty()) {
        // Untitled tabs are numbered in tab order after the first.
        int number = 0;
        for (const DocumentTab *other : documents()) {
            if (other->fileName().isEmpty())
                ++number;
            if (other == tab)
                break;
        }
        return number <= 1 ? tab->displayName() : tr("untitled-%1.txt").arg(number);
    }
    const int depth = int(QDir::fromNativeSeparators(tab->fileName()).count(u'/'));
    const QList<DocumentTab *> all = documents();
    for (int segments = 1; segments < depth; ++segments) {
        const QString title = lastSegments(tab->fileName(), segments);
        const bool unique = std::none_of(all.cbegin(), all.cend(), [&](const DocumentTab *other) {
            return other != tab && !other->fileName().isEmpty()
                && lastSegments(other->fileName(), segments) == title;
        });
        if (unique)
            return title;
    }
    return lastSegments(tab->fileName(), depth);
}

void DocumentTabs::updateTabText(DocumentTab *tab)
{
    const int index = indexOf(tab);
    if (index < 0)
        return;
    QString title = streamTitle(tab);
    // A tab's text takes `&` as a mnemonic.
    title.replace(u'&', QStringLiteral("&&"));
    setTabText(index, tab->hasUnsavedChanges() ? title + u'*' : title);
    setTabToolTip(index,
                  tab->fileName().isEmpty() ? streamTitle(tab)
                                            : QDir::toNativeSeparators(tab->fileName()));
}

} // namespace ui
