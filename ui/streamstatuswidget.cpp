#include "streamstatuswidget.h"

#include "streamingcontroller.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QUrl>

namespace ui {

StreamStatusWidget::StreamStatusWidget(StreamingController *streaming, QWidget *parent)
    : QWidget(parent)
    , m_lockLabel(new QLabel(tr("🔒 Encrypted"), this))
    , m_roomLabel(new QLabel(this))
    , m_watchersLabel(new QLabel(this))
    , m_versionLabel(new QLabel(this))
    , m_stateLabel(new QLabel(streaming->connectionText(), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QLabel *label : {m_lockLabel, m_roomLabel, m_watchersLabel, m_versionLabel, m_stateLabel})
        layout->addWidget(label);
    m_lockLabel->setObjectName(QStringLiteral("encryptionLock"));
    m_lockLabel->setToolTip(tr("End-to-end encrypted: servers relay the stream without being able "
                               "to read it"));
    m_lockLabel->hide();

    connect(streaming, &StreamingController::streamingChanged, this,
            [this, streaming](bool streams) {
                m_lockLabel->setVisible(streams && streaming->isEncrypted());
            });
    connect(streaming, &StreamingController::streamingChanged, this, [this](bool streaming) {
        m_roomLabel->clear();
        m_versionLabel->clear();
        if (streaming)
            m_watchersLabel->setText(tr("%n watcher(s)", nullptr, 0));
        else
            m_watchersLabel->clear();
    });
    connect(streaming, &StreamingController::shareLinkChanged, this, [this](const QUrl &link) {
        if (!link.isEmpty())
            m_roomLabel->setText(tr("Room %1").arg(link.fragment().section(u',', 0, 0)));
    });
    connect(streaming, &StreamingController::watcherCountChanged, this, [this](int watchers) {
        m_watchersLabel->setText(tr("%n watcher(s)", nullptr, watchers));
    });
    connect(streaming, &StreamingController::versionChanged, this,
            [this](qint64 version) { m_versionLabel->setText(tr("Version %1").arg(version)); });
    connect(streaming, &StreamingController::connectionTextChanged, m_stateLabel, &QLabel::setText);
}

} // namespace ui
