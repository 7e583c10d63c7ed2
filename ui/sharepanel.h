#pragma once

#include <QDockWidget>
#include <QUrl>

class QAction;
class QLabel;
class QLineEdit;

namespace ui {

// The share dock of a writer window: the share link with a button to copy it, and its QR code
// so that watchers on other machines can open it. Hidden while there is no link.
class SharePanel final : public QDockWidget
{
    Q_OBJECT
public:
    explicit SharePanel(QWidget *parent = nullptr);

    QUrl shareLink() const { return m_shareLink; }
    // "Copy Share Link" for the window's menu and toolbar; disabled while there is no link.
    QAction *copyAction() const { return m_copyAction; }
    // "Copy Link Without Key": the link of an encrypted stream without its key, for passing the
    // key another way; enabled only while the link carries a key.
    QAction *copyWithoutKeyAction() const { return m_copyWithoutKeyAction; }

public slots:
    // Shows `link` and its QR code; an empty link clears and hides the panel.
    void setShareLink(const QUrl &link);
    // Copies the share link to the clipboard.
    void copyLink();
    // Copies the share link without its key to the clipboard.
    void copyLinkWithoutKey();

signals:
    // copyLink() put the share link on the clipboard.
    void linkCopied();

private:
    QUrl m_shareLink;
    QAction *m_copyAction = nullptr;
    QAction *m_copyWithoutKeyAction = nullptr;
    QLabel *m_lockLabel = nullptr;
    QLineEdit *m_linkEdit = nullptr;
    QLabel *m_qrLabel = nullptr;
};

} // namespace ui
