#include "sharepanel.h"

#include "editoractions.h"
#include "qrcode.h"

#include "stream/sharelink.h"

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
    , m_copyWithoutKeyAction(new QAction(tr("Copy Link &Without Key"), this))
{
    setObjectName(QStringLiteral("shareDock"));
    m_copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_copyAction->setEnabled(false);
    connect(m_copyAction, &QAction::triggered, this, &SharePanel::copyLink);
    m_copyWithoutKeyAction->setObjectName(QStringLiteral("copyLinkWithoutKeyAction"));
    m_copyWithoutKeyAction->setEnabled(false);
    m_copyWithoutKeyAction->setToolTip(
        tr("Copy the link without the encryption key, to pass the key another way"));
    connect(m_copyWithoutKeyAction, &QAction::triggered, this, &SharePanel::copyLinkWithoutKey);
    auto *panel = new QWidget(this);
    m_linkEdit = new QLineEdit(panel);
    m_linkEdit->setReadOnly(true);
    m_linkEdit->setPlaceholderText(tr("Host a session to get a share link"));
    auto *copyButton = new QToolButton(panel);
    copyButton->setDefaultAction(m_copyAction);
    m_qrLabel = new QLabel(panel);
    m_qrLabel->setAlignment(Qt::AlignCenter);
    m_qrLabel->setMinimumSize(160, 160);
    m_lockLabel = new QLabel(
        tr("🔒 End-to-end encrypted: the link and the QR code carry the key. Anyone who has them "
           "can watch."),
        panel);
    m_lockLabel->setWordWrap(true);
    m_lockLabel->hide();

    auto *row = new QHBoxLayout;
    row->addWidget(m_linkEdit);
    row->addWidget(copyButton);
    auto *layout = new QVBoxLayout(panel);
    layout->addLayout(row);
    layout->addWidget(m_lockLabel);
    layout->addWidget(m_qrLabel, 1);
    layout->addStretch();
    setWidget(panel);
    hide();
}

void SharePanel::setShareLink(const QUrl &link)
{
    m_shareLink = link;
    m_copyAction->setEnabled(!link.isEmpty());
    const auto parsed = stream::parseShareLink(link.toString());
    const bool hasKey = parsed && !parsed->key.isNull();
    m_copyWithoutKeyAction->setEnabled(hasKey);
    m_lockLabel->setVisible(hasKey);
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

void SharePanel::copyLinkWithoutKey()
{
    const auto parsed = stream::parseShareLink(m_shareLink.toString());
    if (!parsed || parsed->key.isNull())
        return;
    QGuiApplication::clipboard()->setText(parsed->toUrlWithoutKey().toString());
    emit linkCopied();
}

} // namespace ui
