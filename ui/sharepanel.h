#pragma once

#include <QDockWidget>
#include <QUrl>

class QAction;
class QLabel;
class QLineEdit;

namespace ui {

// The share dock of a writer window: the share link (with a button to copy it) and its QR code,
// so watchers on other machines can open it. Hidden while there is no link.
class SharePanel final : public QDockWidget
{
    Q_OBJECT
public:
    // `copyAction` copies the link; the panel shows it as a button next to the link.
    explicit SharePanel(QAction *copyAction, QWidget *parent = nullptr);

    QUrl shareLink() const { return m_shareLink; }

public slots:
    // Shows `link` and its QR code; an empty link clears and hides the panel.
    void setShareLink(const QUrl &link);

private:
    QUrl m_shareLink;
    QLineEdit *m_linkEdit = nullptr;
    QLabel *m_qrLabel = nullptr;
};

} // namespace ui
