#include "sharepanel.h"

#include "qrcode.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

SharePanel::SharePanel(QAction *copyAction, QWidget *parent)
    : QDockWidget(tr("Share"), parent)
{
    setObjectName(QStringLiteral("shareDock"));
    auto *panel = new QWidget(this);
    m_linkEdit = new QLineEdit(panel);
    m_linkEdit->setReadOnly(true);
    m_linkEdit->setPlaceholderText(tr("Host a session to get a share link"));
    auto *copyButton = new QToolButton(panel);
    copyButton->setDefaultAction(copyAction);
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

} // namespace ui
