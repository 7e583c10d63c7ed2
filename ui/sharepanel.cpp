#include "sharepanel.h"

#include "editoractions.h"
#include "qrcode.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

SharePanel::SharePanel(QWidget *parent)
    : QDockWidget(tr("Share"), parent)
    , m_copyAction(new QAction(themeIcon("edit-copy", "copy.svg"), tr("&Copy Share Link"), this))
{
    setObjectName(QStringLiteral("shareDock"));
    m_copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_copyAction->setEnabled(false);
    connect(m_copyAction, &QAction::triggered, this, &SharePanel::copyLink);
    auto *panel = new QWidget(this);
    m_linkEdit = new QLineEdit(panel);
    m_linkEdit->setReadOnly(true);
    m_linkEdit->setPlaceholderText(tr("Host a session to get a share link"));
    auto *copyButton = new QToolButton(panel);
    copyButton->setDefaultAction(m_copyAction);
    m_qrLabel = new QLabel(panel);
    m_qrLabel->setAlignment(Qt::AlignCenter);
    m_qrLabel->setMinimumSize(160, 160);

    auto *row = new QHBoxLayout;
    row->addWidget(m_linkEdit);
    row->addWidget(copyButton);
    auto *layout = new QVBoxLayout(panel);
    layout->addLayout(row);
    layout->addWidget(m_qrLabel, 1);
    layout->addStretch();
    setWidget(panel);
    hide();
}

void SharePanel::setShareLink(const QUrl &link)
{
    m_shareLink = link;
    m_copyAction->setEnabled(!link.isEmpty());
    if (link.isEmpty()) {
        m_linkEdit->clear();
        m_qrLabel->clear();
        hide();
        return;
    }
    m_linkEdit->setText(link.toString());
    m_linkEdit->setCursorPosition(0);
    m_qrLabel->setPixmap(QPixmap::fromImage(qrCodeImage(link.toString(), 4)));
    show();
}

void SharePanel::copyLink()
{
    if (m_shareLink.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_shareLink.toString());
    emit linkCopied();
}

} // namespace ui
